"""Early payoff (提前结清) and late fees (逾期违约金) on a schedule, on a given date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol

from app.domain.errors import UserError
from app.domain.money import ZERO, format_yuan, round_fen
from app.domain.schedule import Installment


@dataclass(frozen=True)
class PayoffQuote:
    """What settles the contract on `on`, itemised."""

    on: date
    current_n: int
    remaining_principal: Decimal
    current_interest_or_fee: Decimal
    fee_rate: Decimal
    fee: Decimal
    remaining_instalments: Decimal  # the rest of the schedule, paid as signed

    @property
    def total(self) -> Decimal:
        """Remaining principal + current-period interest/fee + early-payoff fee."""
        return self.remaining_principal + self.current_interest_or_fee + self.fee

    @property
    def costs_more(self) -> bool:
        """Whether settling now costs more than paying the remaining instalments as signed
        (a low-rate plan with a payoff fee): the clerk tells the customer."""
        return self.total > self.remaining_instalments


def early_payoff(
    schedule: Sequence[Installment],
    *,
    paid_through: int,
    on: date,
    start: date,
    fee_rate: Decimal,
) -> PayoffQuote:
    """Quote paying off the rest of a schedule early.

    The customer pays the principal still owed, the interest or fee of the period in
    progress (the first unpaid instalment) and `fee_rate` of the remaining principal.

    Args:
        schedule: the contract's schedule.
        paid_through: the number of instalments already paid (0 = none).
        on: the payoff date.
        start: the contract date.
        fee_rate: the contract's early-payoff fee rate (0 when a promotion waives it).

    Raises:
        UserError: the date is before the contract, or an unpaid instalment is already
            overdue on that date, or nothing is left to pay.
    """
    term = len(schedule)
    if not 0 <= paid_through <= term:
        raise UserError("paid instalments must be between 0 and {term}", term=term)
    if paid_through == term:
        raise UserError("the contract is already fully paid")
    if on < start:
        raise UserError("payoff date {on} is before the contract date {start}", on=on, start=start)
    current = schedule[paid_through]
    if on > current.due_date:
        raise UserError(
            "instalment {current_n} fell due on {current_due_date} and is unpaid: settle it "
            "with its late fee before paying off early",
            current_n=current.n,
            current_due_date=current.due_date,
        )
    remaining = current.principal + current.remaining
    return PayoffQuote(
        on=on,
        current_n=current.n,
        remaining_principal=remaining,
        current_interest_or_fee=current.interest_or_fee,
        fee_rate=fee_rate,
        fee=round_fen(remaining * fee_rate),
        remaining_instalments=sum((row.payment for row in schedule[paid_through:]), ZERO),
    )


class LateFeeTerms(Protocol):
    """The late-fee rule: a signed contract's own terms, or a rate table's for a new sale."""

    @property
    def late_fee_daily_rate(self) -> Decimal: ...
    @property
    def late_fee_grace_days(self) -> int: ...
    @property
    def late_fee_cap_rate(self) -> Decimal: ...


@dataclass(frozen=True)
class LateFee:
    """The late fee accrued on one instalment by a date."""

    days_late: int
    daily_rate: Decimal
    fee: Decimal
    capped: bool


def late_fee(
    *,
    instalment: Decimal,
    due: date,
    on: date,
    terms: LateFeeTerms,
    paid: Sequence[tuple[date, Decimal]] = (),
) -> LateFee:
    """The late fee accrued on an instalment of `instalment` (principal + interest/fee), due
    on `due`, by the end of `on`.

    Each day after the due date is charged the daily rate on what was still unpaid of the
    instalment that day; a payment counts from the day after it is received, so a part-payment
    never shrinks a fee already accrued. Nothing is charged when the instalment is paid within
    the grace days; past them the fee runs from the due date. The total never exceeds the cap
    rate of the instalment; it is rounded half-up at the fen once.

    Args:
        paid: (business day received, amount) of what was paid of the instalment's principal
            and interest/fee (a reversal negative); payments after `on` do not count.

    Raises:
        UserError: a negative instalment.
    """
    if instalment < 0:
        raise UserError(
            "overdue amount cannot be negative (got {overdue_amount})",
            overdue_amount=format_yuan(instalment),
        )
    days = (on - due).days
    if days <= terms.late_fee_grace_days:
        return LateFee(max(days, 0), terms.late_fee_daily_rate, ZERO, capped=False)

    def unpaid(day: date) -> Decimal:  # what is unpaid during `day`
        return max(instalment - sum((a for d, a in paid if d < day), ZERO), ZERO)

    if unpaid(due + timedelta(days=terms.late_fee_grace_days + 1)) == 0:
        return LateFee(days, terms.late_fee_daily_rate, ZERO, capped=False)
    # the unpaid amount changes only the day after a payment: sum it in runs of days
    changes = sorted({d + timedelta(days=1) for d, _ in paid if due < d < on})
    accrued, first = ZERO, due + timedelta(days=1)
    for end in [*changes, on + timedelta(days=1)]:
        accrued += unpaid(first) * (end - first).days
        first = end
    fee = round_fen(accrued * terms.late_fee_daily_rate)
    cap = round_fen(instalment * terms.late_fee_cap_rate)
    return LateFee(days, terms.late_fee_daily_rate, min(fee, cap), capped=fee > cap)
