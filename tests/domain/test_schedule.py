"""Schedules, due dates and the IRR-method annual rate."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.money import round_fen
from app.domain.rates import Method
from app.domain.schedule import add_months, build_schedule, level_payment, monthly_irr

START = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("start", "months", "due"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 1, 31), 2, date(2026, 3, 31)),  # day-of-month kept, not chained
        (date(2026, 1, 31), 3, date(2026, 4, 30)),
        (date(2026, 11, 23), 2, date(2027, 1, 23)),  # over the year end
        (date(2026, 12, 31), 24, date(2028, 12, 31)),
    ],
)
def test_due_dates_keep_day_of_month_clamped_to_month_end(start, months, due):
    assert add_months(start, months) == due


def test_a_31_january_start_pays_end_of_february_then_31_march():
    rows = build_schedule(
        method=Method.EQUAL_INSTALLMENT,
        financed=D("3000.00"),
        term=4,
        rate=D("0.12"),
        start=date(2026, 1, 31),
    )
    assert [r.due_date for r in rows] == [
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
    ]


@pytest.mark.parametrize("term", [3, 6, 12, 24])
@pytest.mark.parametrize("rate", ["0.08", "0.12", "0.1399", "0.24"])
def test_level_payment_matches_numpy_financial(term, rate):
    financed = D("4699.00")
    expected = -npf.pmt(float(rate) / 12, term, float(financed))
    assert abs(level_payment(financed, D(rate) / 12, term) - D(str(expected))) < D("0.006")


def test_equal_installment_rows_are_level_except_the_last():
    rows = build_schedule(
        method=Method.EQUAL_INSTALLMENT, financed=D("4699.00"), term=12, rate=D("0.12"), start=START
    )
    assert {r.payment for r in rows[:-1]} == {D("417.50")}
    assert rows[0].interest_or_fee == D("46.99")  # 4699 × 1%
    assert rows[-1].remaining == 0


def test_equal_principal_payments_fall_each_month():
    rows = build_schedule(
        method=Method.EQUAL_PRINCIPAL, financed=D("4699.00"), term=12, rate=D("0.12"), start=START
    )
    payments = [r.payment for r in rows]
    assert payments == sorted(payments, reverse=True)
    assert rows[0].principal == D("391.58")
    assert rows[0].interest_or_fee == D("46.99")


def test_flat_fee_charges_the_same_fee_on_the_financed_amount_every_month():
    rows = build_schedule(
        method=Method.FLAT_FEE, financed=D("4699.00"), term=12, rate=D("0.0055"), start=START
    )
    assert {r.interest_or_fee for r in rows} == {D("25.84")}  # 4699 × 0.55% = 25.8445


def test_interest_free_charges_nothing():
    rows = build_schedule(
        method=Method.INTEREST_FREE, financed=D("4699.00"), term=6, rate=D(0), start=START
    )
    assert sum(r.payment for r in rows) == D("4699.00")
    assert all(r.interest_or_fee == 0 for r in rows)


def test_last_installment_absorbs_rounding():
    rows = build_schedule(
        method=Method.INTEREST_FREE, financed=D("1000.00"), term=3, rate=D(0), start=START
    )
    assert [r.principal for r in rows] == [D("333.33"), D("333.33"), D("333.34")]


amounts = st.integers(min_value=30000, max_value=5000000).map(lambda fen: D(fen) / 100)
terms = st.sampled_from([3, 6, 12, 24])
annual = st.integers(min_value=0, max_value=2400).map(lambda bp: D(bp) / 10000)
monthly_fee = st.integers(min_value=30, max_value=80).map(lambda bp: D(bp) / 10000)


@st.composite
def plans(draw):
    method = draw(st.sampled_from(list(Method)))
    if method is Method.FLAT_FEE:
        rate = draw(monthly_fee)
    elif method is Method.INTEREST_FREE:
        rate = D(0)
    else:
        rate = draw(annual)
    return method, draw(amounts), draw(terms), rate


@settings(max_examples=300, deadline=None)
@given(plans())
def test_schedule_sums_are_exact_to_the_fen(plan):
    method, financed, term, rate = plan
    rows = build_schedule(method=method, financed=financed, term=term, rate=rate, start=START)
    assert len(rows) == term
    assert sum(r.principal for r in rows) == financed
    assert all(r.payment == r.principal + r.interest_or_fee for r in rows)
    assert all(r.principal >= 0 and r.interest_or_fee >= 0 for r in rows)
    assert all(r == round_fen(r) for row in rows for r in (row.principal, row.payment))
    assert rows[-1].remaining == 0
    assert [r.remaining for r in rows] == sorted((r.remaining for r in rows), reverse=True)


@settings(max_examples=200, deadline=None)
@given(plans())
def test_irr_solves_the_cash_flows_and_matches_numpy_financial(plan):
    method, financed, term, rate = plan
    rows = build_schedule(method=method, financed=financed, term=term, rate=rate, start=START)
    payments = [r.payment for r in rows]
    irr = monthly_irr(financed, payments)
    npv = -financed + sum(p / (1 + irr) ** k for k, p in enumerate(payments, start=1))
    assert abs(npv) < D("1e-12")
    oracle = npf.irr([-float(financed), *map(float, payments)])
    assert abs(float(irr) - oracle) < 1e-9


@settings(max_examples=100, deadline=None)
@given(amounts, terms, annual)
def test_equal_installment_apr_is_the_nominal_rate_up_to_fen_rounding(financed, term, rate):
    rows = build_schedule(
        method=Method.EQUAL_INSTALLMENT, financed=financed, term=term, rate=rate, start=START
    )
    irr = monthly_irr(financed, [r.payment for r in rows])
    assert abs(12 * irr - rate) < D("0.001")


def test_flat_fee_true_rate_is_far_above_the_monthly_fee_times_twelve():
    # 0.6% a month "looks like" 7.2% a year; on a declining balance it is ~12.2%.
    rows = build_schedule(
        method=Method.FLAT_FEE, financed=D("4699.00"), term=6, rate=D("0.0060"), start=START
    )
    apr = 12 * monthly_irr(D("4699.00"), [r.payment for r in rows])
    assert D("0.12") < apr < D("0.125")
