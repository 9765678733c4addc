"""Repayments (还款): what each instalment owes on a date, and how a payment is allocated.

A payment goes to the oldest instalment first and, within it, to the late fee, then the
interest or fee, then the principal (the order the contract was signed with, by default
this one). A reversal is the same allocation with the amounts negated, never an edit."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from app.domain.collections import ContactRules
from app.domain.errors import UserError
from app.domain.money import ZERO, format_yuan, round_fen
from app.domain.payoff import LateFeeTerms, PayoffQuote, late_fee
from app.domain.rates import RateTable


class Component(enum.StrEnum):
    LATE_FEE = "late_fee"
    INTEREST_OR_FEE = "interest_or_fee"
    PRINCIPAL = "principal"
    PAYOFF_FEE = "payoff_fee"  # the early-payoff fee of a settlement (of no instalment)


ORDER = (Component.LATE_FEE, Component.INTEREST_OR_FEE, Component.PRINCIPAL)
# How money is received: the code stored and synced, the words a receipt prints.
CHANNELS = {"wechat": "微信支付", "alipay": "支付宝", "card": "银行卡", "cash": "现金"}
NEEDS_REFERENCE = {"card", "wechat", "alipay"}  # the transaction's number, to reconcile
# An instalment's status (InstalmentState.status) in the words the clerk reads.
STATUS_LABELS = {
    "paid": "已还",
    "upcoming": "未到期",
    "due": "今日到期",
    "grace": "宽限期内",
    "overdue": "逾期",
}
# What each part of a payment is, in the words a receipt and the desk print.
COMPONENT_LABELS = {
    Component.LATE_FEE: "违约金",
    Component.INTEREST_OR_FEE: "利息/手续费",
    Component.PRINCIPAL: "本金",
    Component.PAYOFF_FEE: "提前还款手续费",
}
BUCKETS = ((30, "1-30"), (60, "31-60"), (90, "61-90"))


@dataclass(frozen=True)
class ContractTerms:
    """What the customer signed that governs the contract for its whole life: the late-fee
    rule, the order a payment pays an instalment's parts in, and the collection steps (the
    contact rules' version and its step table). Stored with the contract when it is signed; a
    later rate table prices new sales only. (The payoff fee rate is the contract's own column.)"""

    late_fee_daily_rate: Decimal
    late_fee_grace_days: int
    late_fee_cap_rate: Decimal
    allocation_order: tuple[Component, ...]
    collections_version: str
    collection_steps: tuple[tuple[int | None, str], ...]  # (up to days late, step)

    @classmethod
    def signed_under(cls, table: RateTable, rules: ContactRules) -> ContractTerms:
        """The terms of a contract signed now under this rate table and these contact rules."""
        names = table.document.get("fees", {}).get("allocation_order")
        return cls(
            late_fee_daily_rate=table.late_fee_daily_rate,
            late_fee_grace_days=table.late_fee_grace_days,
            late_fee_cap_rate=table.late_fee_cap_rate,
            allocation_order=tuple(Component(n) for n in names) if names else ORDER,
            collections_version=rules.version,
            collection_steps=rules.steps,
        )

    def to_json(self) -> dict[str, Any]:
        """The terms as the contract row stores them."""
        return {
            "late_fee_daily_rate": str(self.late_fee_daily_rate),
            "late_fee_grace_days": self.late_fee_grace_days,
            "late_fee_cap_rate": str(self.late_fee_cap_rate),
            "allocation_order": [c.value for c in self.allocation_order],
            "collections_version": self.collections_version,
            "collection_steps": [[limit, step] for limit, step in self.collection_steps],
        }

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> ContractTerms:
        """The terms `to_json` stored."""
        return cls(
            late_fee_daily_rate=Decimal(doc["late_fee_daily_rate"]),
            late_fee_grace_days=int(doc["late_fee_grace_days"]),
            late_fee_cap_rate=Decimal(doc["late_fee_cap_rate"]),
            allocation_order=tuple(Component(c) for c in doc["allocation_order"]),
            collections_version=doc["collections_version"],
            collection_steps=tuple((limit, step) for limit, step in doc["collection_steps"]),
        )


@dataclass(frozen=True)
class Allocation:
    """Part of a payment put against one component of one instalment (`paid_on`: the
    business day the payment was received; None while it is being allocated)."""

    n: int
    component: Component
    amount: Decimal
    paid_on: date | None = None
    payment: object = None  # the payment's id (what a reversal names)
    reverses: object = None  # for a reversal's part: the id of the payment it undoes


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
    grace_days: int = 0
    on: date | None = None  # the date it is stated on

    @property
    def outstanding(self) -> Decimal:
        """Everything still to pay of it, its late fee included."""
        return sum(self.owed.values(), ZERO)

    @property
    def status(self) -> str:
        """paid; upcoming (before its due date); due (today); grace (late, within the grace
        days: no fee yet); or overdue (past them)."""
        if self.outstanding == 0:
            return "paid"
        if self.days_late > self.grace_days:
            return "overdue"
        if self.days_late > 0:
            return "grace"
        return "due" if self.on == self.due_date else "upcoming"


def states_on(
    schedule: Sequence[Due], allocations: Iterable[Allocation], on: date, terms: LateFeeTerms
) -> list[InstalmentState]:
    """Each instalment's state as it stood at the end of `on`, given the contract's
    allocations (reversals are negative; those received after `on` do not count). The late
    fee is `late_fee` on each day's unpaid amount, less what was paid of it. A payment
    reversed by `on` is no payment: neither it nor its reversal counts, so its instalment is
    unpaid from its due date and the fee accrues as if it had never been made."""
    paid: dict[tuple[int, Component], Decimal] = {}
    received: dict[int, list[tuple[date, Decimal]]] = {}
    counted = [a for a in allocations if a.paid_on is None or a.paid_on <= on]
    undone = {a.reverses for a in counted if a.reverses is not None}
    for a in counted:
        if a.reverses is not None or a.payment in undone:
            continue
        paid[a.n, a.component] = paid.get((a.n, a.component), ZERO) + a.amount
        if a.component in (Component.INTEREST_OR_FEE, Component.PRINCIPAL):
            received.setdefault(a.n, []).append((a.paid_on or on, a.amount))
    states = []
    for row in schedule:
        done = {c: paid.get((row.n, c), ZERO) for c in ORDER}
        interest = row.interest_or_fee - done[Component.INTEREST_OR_FEE]
        principal = row.principal - done[Component.PRINCIPAL]
        unpaid = interest + principal
        days_late = (on - row.due_date).days if unpaid > 0 and on > row.due_date else 0
        fee = late_fee(
            instalment=row.principal + row.interest_or_fee,
            due=row.due_date,
            on=on,
            terms=terms,
            paid=received.get(row.n, ()),
        ).fee
        owed = {
            Component.LATE_FEE: max(fee - done[Component.LATE_FEE], ZERO) if unpaid else ZERO,
            Component.INTEREST_OR_FEE: interest,
            Component.PRINCIPAL: principal,
        }
        states.append(
            InstalmentState(
                row.n, row.due_date, owed, done, days_late, terms.late_fee_grace_days, on
            )
        )
    return states


def payoff_on(
    states: Sequence[InstalmentState], *, on: date, start: date, fee_rate: Decimal
) -> PayoffQuote:
    """What settles the contract on `on`, from what is owed then (`states_on`, after every
    payment and reversal): the principal still unpaid, the interest or fee of the period
    that contains `on` (once: an instalment paid ahead covers its own period; the periods not
    begun are not charged) and `fee_rate` of that principal.

    Raises:
        UserError: a date before the contract, an unpaid instalment already past its due
            date (paid first, with its late fee), or nothing left to pay.
    """
    if on < start:
        raise UserError("payoff date {on} is before the contract date {start}", on=on, start=start)
    late = next((s for s in states if s.outstanding > 0 and s.due_date < on), None)
    if late is not None:
        raise UserError(
            "instalment {current_n} fell due on {current_due_date} and is unpaid: settle it "
            "with its late fee before paying off early",
            current_n=late.n,
            current_due_date=late.due_date,
        )
    current = next((s for s in states if s.due_date >= on), None)
    principal = sum((s.owed[Component.PRINCIPAL] for s in states), ZERO)
    interest = current.owed[Component.INTEREST_OR_FEE] if current is not None else ZERO
    if current is None or principal + interest == 0:
        raise UserError("the contract is already fully paid")
    return PayoffQuote(
        on=on,
        current_n=current.n,
        remaining_principal=principal,
        current_interest_or_fee=interest,
        fee_rate=fee_rate,
        fee=round_fen(principal * fee_rate),
        remaining_instalments=sum(
            (s.owed[Component.PRINCIPAL] + s.owed[Component.INTEREST_OR_FEE] for s in states),
            ZERO,
        ),
    )


def check_channel(channel: str) -> None:
    """Refuse a channel code that is not one of CHANNELS.

    Raises:
        UserError: an unknown channel.
    """
    if channel not in CHANNELS:
        raise UserError(
            "unknown channel {channel}: one of {channels}",
            channel=channel,
            channels=", ".join(CHANNELS),
        )


def allocate(
    states: Sequence[InstalmentState], amount: Decimal, order: Sequence[Component] = ORDER
) -> list[Allocation]:
    """Put `amount` against the instalments, oldest first, and within each in `order`
    (late fee → interest/fee → principal unless the contract's terms say otherwise).

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


def due_by(states: Sequence[InstalmentState], on: date) -> Decimal:
    """What is due on `on`: every instalment unpaid by its due date (with its late fee), or,
    when none is, the next unpaid instalment. More than this is a prepayment."""
    late = sum((s.outstanding for s in states if s.due_date <= on), ZERO)
    if late > 0:
        return late
    return next((s.outstanding for s in states if s.outstanding > 0), ZERO)


def till_rows(till: dict[str, Any]) -> list[list[str]]:
    """The till as the day close shows it: one row per channel (its name, down payments,
    repayments, both), then 合计."""
    down, repaid = till["down_payments"], till["repayments"]
    rows = []
    for channel in sorted(down.keys() | repaid.keys()):
        a, b = Decimal(down.get(channel, "0")), Decimal(repaid.get(channel, "0"))
        rows.append(
            [CHANNELS.get(channel, channel), format_yuan(a), format_yuan(b), format_yuan(a + b)]
        )
    total_down = sum((Decimal(v) for v in down.values()), ZERO)
    total_repaid = sum((Decimal(v) for v in repaid.values()), ZERO)
    rows.append(["合计", format_yuan(total_down), format_yuan(total_repaid), till["total"]])
    return rows


def bucket(days_late: int) -> str | None:
    """The overdue bucket of an instalment this many days late (None when not late)."""
    if days_late <= 0:
        return None
    return next((name for limit, name in BUCKETS if days_late <= limit), "90+")
