"""The manager's figures against hand-computed fixtures: two phones sold today on 12 months
with 1,000 down (5,999 and 5,499), one repayment of 100; then the book 40 days after the
first instalment fell due (two sold 75 days earlier). Real SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from app.domain.clock import business_day
from app.domain.repayment import Component
from app.services.repayments import contract_book, record_payment
from app.services.reports import book, daily_report
from tests.factories.sales import SKUS, sell


def sell_two_and_take_100(services):
    first = sell(services, 1, "APL-IP17-256-BLK")
    second = sell(services, 2, "HW-M70-256-WHT")
    with services.unit_of_work() as uow:
        record_payment(uow, first, amount=Decimal("100"), channel="cash", reference=None,
                       staff_username="sales01")  # fmt: skip
    return first, second


def test_the_days_review_against_hand_computed_figures(services):
    sell_two_and_take_100(services)
    with services.unit_of_work() as uow:
        report = daily_report(uow, business_day())
    day = {name: values["day"] for name, values in report["figures"].items()}
    assert day == {
        "contracts": 2,
        "revenue": "11498.00",
        "financed": "9498.00",
        "average_ticket": "5749.00",
        "interest_free_subsidy": "0.00",
        "trade_ins": 0,
        "trade_in_credit": "0.00",
        "collected": "100.00",
        "approved": 2,
        "reviewed": 0,
        "central": 0,
        "declined": 0,
        "overrides": 0,
        "installment_penetration": None,  # the day is not closed yet
    }
    # the till reconciles from the report alone: 2 × 1000.00 down in cash, 100.00 repaid
    assert report["till"] == {
        "down_payments": {"cash": "2000.00"},
        "repayments": {"cash": "100.00"},
        "total": "2100.00",
    }
    assert report["figures"]["contracts"]["previous_day"] == 0
    assert report["figures"]["contracts"]["same_weekday_last_week"] == 0
    assert report["term_mix"] == {"12": 2}
    assert sum(report["by_hour"].values()) == 2
    assert len(report["trend"]) == 30 and report["trend"][-1]["contracts"] == 2
    assert sum(t["contracts"] for t in report["trend"]) == 2
    assert report["method_mix"] == {"equal_installment": 2}
    assert report["by_staff"] == {
        "sales01": {
            "contracts": 2,
            "applications": 2,
            "revenue": "11498.00",
            "financed": "9498.00",
        }
    }


def test_the_book_today(services):
    first, second = sell_two_and_take_100(services)
    with services.unit_of_work() as uow:
        today = business_day()
        books = [contract_book(uow, n, today) for n in (first, second)]
        now = book(uow, today)
    schedules = [[(s.due_date, s.outstanding) for s in b.states] for b in books]
    owed = sum(amount for schedule in schedules for _, amount in schedule)
    assert now["live_contracts"] == 2
    assert Decimal(now["outstanding"]) == owed
    paid_principal = books[0].states[0].paid[Component.PRINCIPAL]
    assert 0 < paid_principal < 100  # 100 paid the first instalment's interest, then principal
    assert Decimal(now["outstanding_principal"]) == Decimal("9498.00") - paid_principal
    assert now["overdue"]["1-30"] == {"contracts": 0, "amount": "0.00"}
    assert now["overdue_rate_by_count"] == "0.0000"
    assert now["collected_today"] == "100.00"


def test_the_book_forty_days_after_the_first_due_date(services):
    signed = datetime.now(UTC) - timedelta(days=75)
    numbers = [sell(services, n, sku, signed=signed) for n, sku in ((1, SKUS[0]), (2, SKUS[2]))]
    with services.unit_of_work() as uow:
        books = [contract_book(uow, n, business_day(signed)) for n in numbers]
        later = books[0].states[0].due_date + timedelta(days=40)
        then = book(uow, later)
    schedules = [[(s.due_date, s.outstanding) for s in b.states] for b in books]
    owed = sum(amount for schedule in schedules for _, amount in schedule)
    due_by_then = sum(a for schedule in schedules for d, a in schedule if d < later)
    assert then["overdue"]["31-60"] == {"contracts": 2, "amount": f"{due_by_then:.2f}"}
    assert then["overdue_rate_by_count"] == "1.0000"
    assert then["overdue_rate_by_amount"] == f"{due_by_then / owed:.4f}"
    assert then["collected_today"] == "0.00"


def test_a_reversed_payment_is_not_counted_as_collected(services):
    first = sell(services, 3)
    with services.unit_of_work() as uow:
        payment, _ = record_payment(uow, first, amount=Decimal("50"), channel="cash",
                                    reference=None, staff_username="sales01")  # fmt: skip
        payment_id = payment.id
    from app.services.repayments import reverse_payment

    with services.unit_of_work() as uow:
        reverse_payment(uow, payment_id, manager_username="manager01", password="demo1234",
                        reason="收款时输错金额", now=datetime.now(UTC))  # fmt: skip
    with services.unit_of_work() as uow:
        assert book(uow, business_day())["collected_today"] == "0.00"


def test_the_penetration_is_told_once_the_day_is_closed_with_the_tills_count(services):
    import pytest

    from app.domain.errors import UserError
    from app.services.reports import close_day

    sell_two_and_take_100(services)
    today = business_day()
    with services.unit_of_work() as uow:
        assert daily_report(uow, today)["installment_penetration"] is None
    with services.unit_of_work() as uow, pytest.raises(UserError, match="only a store manager"):
        close_day(uow, today, other_sales=2, staff_username="sales01", now=datetime.now(UTC))
    with services.unit_of_work() as uow:
        close_day(uow, today, other_sales=6, staff_username="manager01", now=datetime.now(UTC))
    with services.unit_of_work() as uow:
        close_day(uow, today, other_sales=2, staff_username="manager01", now=datetime.now(UTC))
    with services.unit_of_work() as uow:
        report = daily_report(uow, today)
    assert report["installment_penetration"] == "0.5000"  # 2 on installments of 4 phones
    assert report["trend"][-1]["penetration"] == "0.5000"
    assert report["trend"][0]["penetration"] is None  # days not closed stay unknown


def test_a_reversal_comes_off_the_tills_channel_it_was_taken_by(services):
    from app.services.repayments import reverse_payment
    from storage.models import Payment

    sell_two_and_take_100(services)
    with services.unit_of_work() as uow:
        taken = uow.session.query(Payment).filter(Payment.amount == Decimal("100")).one()
        reverse_payment(uow, taken.id, manager_username="manager01", password="demo1234",
                        reason="收错合同，退回客户")  # fmt: skip
    with services.unit_of_work() as uow:
        till = daily_report(uow, business_day())["till"]
    assert till == {
        "down_payments": {"cash": "2000.00"},
        "repayments": {"cash": "0.00"},
        "total": "2000.00",
    }
