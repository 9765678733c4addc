"""Repayments (还款): what each instalment owes on a date, and how a payment is allocated.

A payment goes to the oldest instalment first and, within it, to the late fee, then the
interest or fee, then the principal (the order the rate table's fees give, by default this
one). A reversal is the same allocation with the amounts negated, never an edit."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app.domain.errors import UserError
from app.domain.money import ZERO, format_yuan
from app.domain.payoff import late_fee
from app.domain.rates import RateTable


class Component(enum.StrEnum):
    LATE_FEE = "late_fee"
    INTEREST_OR_FEE = "interest_or_fee"
    PRINCIPAL = "principal"
    PAYOFF_FEE = "payoff_fee"  # the early-payoff fee of a settlement (of no instalment)


ORDER = (Component.LATE_FEE, Component.INTEREST_OR_FEE, Component.PRINCIPAL)
BUCKETS = ((30, "1-30"), (60, "31-60"), (90, "61-90"))


@dataclass(frozen=True)
class Allocation:
    """Part of a payment put against one component of one instalment."""

    n: int
    component: Component
    amount: Decimal


@dataclass(frozen=True)
class Due:
    """One instalment of the schedule as signed."""

    n: int
    due_date: date
    principal: Decimal
    interest_or_fee: Decimal


@dataclass(frozen=True)
class InstalmentState:
    """One instalment on a date: what it owes, what has been paid, how late it is."""

    n: int
    due_date: date
    owed: dict[Component, Decimal]  # still to pay, per component (late fee as of the date)
    paid: dict[Component, Decimal] = field(default_factory=dict)
    days_late: int = 0

    @property
    def outstanding(self) -> Decimal:
        return sum(self.owed.values(), ZERO)

    @property
    def status(self) -> str:
        """paid, overdue, due (today or earlier, within grace), or upcoming."""
        if self.outstanding == 0:
            return "paid"
        if self.days_late > 0:
            return "overdue"
        return "upcoming"


def states_on(
    schedule: Sequence[Due], allocations: Iterable[Allocation], on: date, table: RateTable
) -> list[InstalmentState]:
    """Each instalment's state on `on`, given every allocation made so far (reversals are
    negative). The late fee runs on what is unpaid of an instalment past its due date, from
    that date, under the rate table's grace days, daily rate and cap, less what was paid of it."""
    paid: dict[tuple[int, Component], Decimal] = {}
    for a in allocations:
        paid[a.n, a.component] = paid.get((a.n, a.component), ZERO) + a.amount
    states = []
    for row in schedule:
        done = {c: paid.get((row.n, c), ZERO) for c in ORDER}
        interest = row.interest_or_fee - done[Component.INTEREST_OR_FEE]
        principal = row.principal - done[Component.PRINCIPAL]
        unpaid = interest + principal
        days_late = (on - row.due_date).days if unpaid > 0 and on > row.due_date else 0
        fee = late_fee(overdue_amount=unpaid, due=row.due_date, on=on, table=table).fee
        owed = {
            Component.LATE_FEE: max(fee - done[Component.LATE_FEE], ZERO) if unpaid else ZERO,
            Component.INTEREST_OR_FEE: interest,
            Component.PRINCIPAL: principal,
        }
        states.append(InstalmentState(row.n, row.due_date, owed, done, days_late))
    return states


def allocate(
    states: Sequence[InstalmentState], amount: Decimal, order: Sequence[Component] = ORDER
) -> list[Allocation]:
    """Put `amount` against the instalments, oldest first, and within each in `order`
    (late fee → interest/fee → principal unless the rate table says otherwise).

    Raises:
        UserError: not more than zero, or more than everything still owed.
    """
    if amount <= 0:
        raise UserError("a payment must be more than 0 (got {amount})", amount=format_yuan(amount))
    total = sum((s.outstanding for s in states), ZERO)
    if amount > total:
        raise UserError(
            "{amount} is more than the {total} still owed on this contract",
            amount=format_yuan(amount),
            total=format_yuan(total),
        )
    left, allocations = amount, []
    for state in states:
        for component in order:
            part = min(left, state.owed[component])
            if part > 0:
                allocations.append(Allocation(state.n, component, part))
                left -= part
        if left == 0:
            break
    return allocations


def bucket(days_late: int) -> str | None:
    """The overdue bucket of an instalment this many days late (None when not late)."""
    if days_late <= 0:
        return None
    return next((name for limit, name in BUCKETS if days_late <= limit), "90+")
