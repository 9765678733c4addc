"""Repayments by hand-computed fixtures: the late fee per overdue instalment, a payment
allocated oldest first (late fee → interest/fee → principal), the overdue buckets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from app.demo.assets import demo_rate_table
from app.domain.errors import UserError
from app.domain.repayment import Allocation, Component, Due, allocate, bucket, states_on

TABLE = demo_rate_table()  # late fee 0.05%/day after 3 days' grace, capped at 10%
SCHEDULE = [
    Due(1, date(2026, 1, 10), D("100.00"), D("10.00")),
    Due(2, date(2026, 2, 10), D("100.00"), D("8.00")),
    Due(3, date(2026, 3, 10), D("100.00"), D("6.00")),
]
ON = date(2026, 2, 20)
LATE, INTEREST, PRINCIPAL = Component.LATE_FEE, Component.INTEREST_OR_FEE, Component.PRINCIPAL


def test_each_overdue_instalment_owes_its_late_fee_and_the_rest_are_upcoming():
    first, second, third = states_on(SCHEDULE, [], ON, TABLE)
    assert (first.days_late, first.owed[LATE], first.status) == (41, D("2.26"), "overdue")
    assert (second.days_late, second.owed[LATE]) == (10, D("0.54"))  # 108 × 0.0005 × 10
    assert (third.days_late, third.owed[LATE], third.status) == (0, D("0"), "upcoming")


def test_within_the_grace_days_there_is_no_late_fee():
    second = states_on(SCHEDULE, [], date(2026, 2, 13), TABLE)[1]
    assert second.days_late == 3 and second.owed[LATE] == 0


def test_a_payment_goes_to_the_oldest_instalment_first_late_fee_then_interest_then_principal():
    states = states_on(SCHEDULE, [], ON, TABLE)
    assert allocate(states, D("150.00")) == [
        Allocation(1, LATE, D("2.26")),
        Allocation(1, INTEREST, D("10.00")),
        Allocation(1, PRINCIPAL, D("100.00")),
        Allocation(2, LATE, D("0.54")),
        Allocation(2, INTEREST, D("8.00")),
        Allocation(2, PRINCIPAL, D("29.20")),
    ]


def test_a_partial_payment_leaves_the_rest_owed_and_a_reversal_brings_it_back():
    states = states_on(SCHEDULE, [], ON, TABLE)
    paid = allocate(states, D("12.26"))
    after = states_on(SCHEDULE, paid, ON, TABLE)[0]
    assert after.owed[PRINCIPAL] == D("100.00") and after.owed[INTEREST] == 0
    reversed_ = paid + [Allocation(a.n, a.component, -a.amount) for a in paid]
    assert states_on(SCHEDULE, reversed_, ON, TABLE) == states


def test_another_order_from_the_rate_table_is_followed():
    states = states_on(SCHEDULE, [], ON, TABLE)
    assert allocate(states, D("50.00"), (PRINCIPAL, INTEREST, LATE)) == [
        Allocation(1, PRINCIPAL, D("50.00"))
    ]


@pytest.mark.parametrize("amount", [D("0"), D("-1"), D("326.81")])
def test_nothing_or_more_than_is_owed_is_refused(amount):
    states = states_on(SCHEDULE, [], ON, TABLE)
    assert sum(s.outstanding for s in states) == D("326.80")  # 324 + late fees 2.26 + 0.54
    with pytest.raises(UserError):
        allocate(states, amount)


@pytest.mark.parametrize(
    ("days", "name"),
    [
        (0, None),
        (1, "1-30"),
        (30, "1-30"),
        (31, "31-60"),
        (60, "31-60"),
        (61, "61-90"),
        (90, "61-90"),
        (91, "90+"),
        (400, "90+"),
    ],
)
def test_overdue_buckets(days, name):
    assert bucket(days) == name


def test_on_its_due_date_an_instalment_is_due_then_in_grace_then_overdue():
    due = SCHEDULE[0].due_date
    statuses = [
        states_on(SCHEDULE, [], date.fromordinal(due.toordinal() + k), TABLE)[0]
        for k in (-1, 0, 1, 3, 4)
    ]
    assert [s.status for s in statuses] == ["upcoming", "due", "grace", "grace", "overdue"]
    assert [s.owed[LATE] for s in statuses[:4]] == [0, 0, 0, 0]
    assert statuses[4].owed[LATE] == D("0.22")  # 110 × 0.05% × 4 = 0.22


def test_the_late_fee_accrues_day_by_day_on_what_was_unpaid_that_day():
    due = SCHEDULE[0].due_date  # 110.00 due 2026-01-10
    paid_on = date(2026, 1, 20)  # 10 days late: 0.55 fee, then 60 toward the instalment
    part = [
        Allocation(1, LATE, D("0.55"), paid_on),
        Allocation(1, INTEREST, D("10.00"), paid_on),
        Allocation(1, PRINCIPAL, D("50.00"), paid_on),
    ]
    first = states_on(SCHEDULE, part, date(2026, 2, 20), TABLE)[0]
    # by hand: 110 × 0.0005 × 10 + 50 × 0.0005 × 31 = 0.55 + 0.775 = 1.325 → 1.33; less 0.55
    assert first.owed[LATE] == D("0.78")
    before = states_on(SCHEDULE, part, date(2026, 1, 15), TABLE)[0]  # the payment not yet made
    assert before.owed[LATE] == D("0.28") and before.owed[PRINCIPAL] == D("100.00")
    assert due < paid_on


def test_paid_within_the_grace_days_no_fee_ever_and_the_cap_is_ten_percent_of_it():
    in_grace = [Allocation(1, INTEREST, D("10.00"), date(2026, 1, 12)),
                Allocation(1, PRINCIPAL, D("100.00"), date(2026, 1, 12))]  # fmt: skip
    assert states_on(SCHEDULE, in_grace, date(2026, 3, 1), TABLE)[0].owed[LATE] == 0
    part = [Allocation(1, PRINCIPAL, D("90.00"), date(2026, 1, 11))]  # 20.00 left for years
    years = states_on(SCHEDULE, part, date(2030, 1, 10), TABLE)[0]  # 14.61 uncapped
    assert years.owed[LATE] == D("11.00")  # 10% of the 110.00 instalment, not of the 20.00
