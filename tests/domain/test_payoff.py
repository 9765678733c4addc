"""Early payoff and late fees, at and past each boundary."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from app.demo.assets import demo_rate_table
from app.domain.errors import UserError
from app.domain.payoff import early_payoff, late_fee
from app.domain.rates import Method
from app.domain.schedule import build_schedule

TABLE = demo_rate_table()
START = date(2026, 11, 23)
SCHEDULE = build_schedule(
    method=Method.EQUAL_INSTALLMENT, financed=D("4699.00"), term=12, rate=D("0.12"), start=START
)


def test_payoff_is_remaining_principal_plus_current_interest_plus_fee_itemised():
    # Three instalments paid; the fourth (due 2027-03-23) is in progress.
    quote = early_payoff(
        SCHEDULE, paid_through=3, on=date(2027, 3, 1), start=START, fee_rate=D("0.03")
    )
    remaining = SCHEDULE[2].remaining
    assert quote.current_n == 4
    assert quote.remaining_principal == remaining
    assert quote.current_interest_or_fee == SCHEDULE[3].interest_or_fee
    assert quote.fee == (remaining * D("0.03")).quantize(D("0.01"))
    assert quote.total == remaining + SCHEDULE[3].interest_or_fee + quote.fee


def test_payoff_before_the_first_instalment_owes_the_whole_financed_amount():
    quote = early_payoff(SCHEDULE, paid_through=0, on=START, start=START, fee_rate=D("0.03"))
    assert quote.remaining_principal == D("4699.00")
    assert quote.fee == D("140.97")


def test_payoff_on_the_due_date_of_the_current_instalment_is_allowed():
    due = SCHEDULE[3].due_date
    assert (
        early_payoff(SCHEDULE, paid_through=3, on=due, start=START, fee_rate=D("0.03")).current_n
        == 4
    )


def test_payoff_with_an_overdue_instalment_is_refused():
    late = SCHEDULE[3].due_date + timedelta(days=1)
    with pytest.raises(UserError, match="instalment 4 fell due on 2027-03-23 and is unpaid"):
        early_payoff(SCHEDULE, paid_through=3, on=late, start=START, fee_rate=D("0.03"))


def test_a_waived_fee_costs_nothing():
    quote = early_payoff(SCHEDULE, paid_through=5, on=date(2027, 5, 1), start=START, fee_rate=D(0))
    assert quote.fee == 0


@pytest.mark.parametrize(
    ("paid", "on", "message"),
    [
        (12, date(2027, 12, 1), "already fully paid"),
        (13, START, "between 0 and 12"),
        (0, date(2026, 11, 22), "before the contract date"),
    ],
)
def test_impossible_payoffs_are_refused(paid, on, message):
    with pytest.raises(UserError, match=message):
        early_payoff(SCHEDULE, paid_through=paid, on=on, start=START, fee_rate=D("0.03"))


DUE = date(2027, 1, 23)


@pytest.mark.parametrize("days", [0, 1, 3])
def test_no_late_fee_within_the_grace_days(days):
    fee = late_fee(instalment=D("417.50"), due=DUE, on=DUE + timedelta(days=days), terms=TABLE)
    assert fee.fee == 0


def test_past_grace_the_daily_rate_runs_from_the_due_date():
    fee = late_fee(instalment=D("417.50"), due=DUE, on=DUE + timedelta(days=4), terms=TABLE)
    assert fee.days_late == 4
    assert fee.fee == D("0.84")  # 417.50 × 0.05% × 4 = 0.835 → 0.84 (half up)


def test_late_fee_stops_at_the_cap():
    at_cap = late_fee(instalment=D("417.50"), due=DUE, on=DUE + timedelta(days=200), terms=TABLE)
    assert at_cap.fee == D("41.75") and not at_cap.capped  # 200 days × 0.05% = exactly 10%
    past = late_fee(instalment=D("417.50"), due=DUE, on=DUE + timedelta(days=201), terms=TABLE)
    assert past.fee == D("41.75") and past.capped


def test_a_negative_overdue_amount_is_refused():
    with pytest.raises(UserError, match="cannot be negative"):
        late_fee(instalment=D("-1"), due=DUE, on=DUE, terms=TABLE)


def test_a_payoff_dearer_than_the_instalments_left_is_told():
    free = build_schedule(
        method=Method.EQUAL_INSTALLMENT, financed=D("4699.00"), term=12, rate=D("0"), start=START
    )
    quote = early_payoff(free, paid_through=3, on=date(2027, 3, 1), start=START, fee_rate=D("0.03"))
    left = sum(row.payment for row in free[3:])
    assert quote.remaining_instalments == left and quote.total == left + quote.fee
    assert quote.costs_more  # interest-free: the 3% fee is all the customer would add
    dear = early_payoff(
        SCHEDULE, paid_through=3, on=date(2027, 3, 1), start=START, fee_rate=D("0.03")
    )
    assert dear.remaining_instalments == sum(row.payment for row in SCHEDULE[3:])
    # at 12% the interest of periods 5-12 (145.43) outweighs the 107.29 fee: settling saves
    assert sum(row.interest_or_fee for row in SCHEDULE[4:]) > dear.fee and not dear.costs_more
