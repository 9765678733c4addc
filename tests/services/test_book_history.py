"""The book and a contract as they stood on a past date: contracts signed by then, payments
received by then, late fees accrued to then, each day on what was unpaid that day. Checked
against figures worked out here from the stored schedule and the payments the test made
(Decimal, half-up at the fen), never through the function under test. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import select

from app.domain.clock import business_day, store_tz
from app.domain.errors import UserError
from app.domain.repayment import Component
from app.services.repayments import contract_book, record_payment, settle
from app.services.reports import book
from storage.models import Contract, InstallmentRow
from storage.repositories.reports import Reports
from tests.factories.sales import sell

RATE = Decimal("0.0005")  # the demo rate table: 0.05% a day, 3 grace days, cap 10%


def at(day: date, hour: int = 11) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=store_tz()).astimezone(UTC)


def fen(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"), ROUND_HALF_UP)


def schedule(services, number) -> list[InstallmentRow]:
    with services.sessions() as session:
        query = (
            select(InstallmentRow)
            .join(Contract, Contract.id == InstallmentRow.contract_id)
            .where(Contract.number == number)
            .order_by(InstallmentRow.n)
        )
        return list(session.scalars(query))


def pay(services, number, amount, day):
    with services.unit_of_work() as uow:
        record_payment(uow, number, amount=Decimal(amount), channel="cash", reference=None,
                       staff_username="sales01", now=at(day))  # fmt: skip


@pytest.fixture
def history(services):
    """Two phones sold 100 days ago; A pays its first instalment 10 days late; B is settled
    early 20 days after the sale."""
    today = business_day()
    signed = today - timedelta(days=100)
    a = sell(services, 1, "APL-IP17-256-BLK", signed=at(signed))
    b = sell(services, 2, "HW-M70-256-WHT", signed=at(signed))
    rows_a, rows_b = schedule(services, a), schedule(services, b)
    first = rows_a[0]
    late_fee = fen(first.payment * RATE * 10)
    pay(services, a, first.payment + late_fee, first.due_date + timedelta(days=10))
    with services.unit_of_work() as uow:
        settle(uow, b, channel="cash", reference=None, staff_username="sales01",
               now=at(signed + timedelta(days=20)))  # fmt: skip
    return {"today": today, "signed": signed, "a": a, "b": b, "rows_a": rows_a, "rows_b": rows_b}


def test_the_book_before_any_sale_holds_nothing(services, history):
    with services.unit_of_work() as uow:
        then = book(uow, history["signed"] - timedelta(days=1))
    assert (then["live_contracts"], then["outstanding"]) == (0, "0.00")


def test_the_book_on_past_days_counts_what_was_signed_and_paid_by_then(services, history):
    rows_a, rows_b = history["rows_a"], history["rows_b"]
    whole_a = sum(r.payment for r in rows_a)
    whole_b = sum(r.payment for r in rows_b)
    first = rows_a[0]
    with services.unit_of_work() as uow:
        on_sale_day = book(uow, history["signed"])
        five_late = book(uow, first.due_date + timedelta(days=5))
        paid_day = book(uow, first.due_date + timedelta(days=10))
    assert on_sale_day["live_contracts"] == 2
    assert Decimal(on_sale_day["outstanding"]) == whole_a + whole_b
    # B was settled on day 20, before A's first due date; A has paid nothing yet
    assert five_late["live_contracts"] == 1
    assert Decimal(five_late["outstanding"]) == whole_a
    assert five_late["overdue"]["1-30"] == {"contracts": 1, "amount": f"{first.payment:.2f}"}
    assert paid_day["overdue"]["1-30"] == {"contracts": 0, "amount": "0.00"}
    assert Decimal(paid_day["outstanding"]) == whole_a - first.payment
    assert paid_day["collected_today"] == f"{first.payment + fen(first.payment * RATE * 10):.2f}"
    assert paid_day["late_fees_in_outstanding"] is False


def test_todays_book_from_the_balances_equals_the_one_counted_from_the_payments(services, history):
    today = history["today"]
    with services.unit_of_work() as uow:
        now = book(uow, today)
        from app.domain.clock import day_bounds

        live, outstanding, principal, overdue = Reports(uow.session).book_as_of(
            today, day_bounds(today)[1]
        )
    assert (now["live_contracts"], now["outstanding"]) == (live, f"{outstanding:.2f}")
    assert now["outstanding_principal"] == f"{principal:.2f}"
    assert sum(v["contracts"] for v in now["overdue"].values()) == len(overdue)


def test_a_day_not_yet_come_is_refused(services, history):
    with services.unit_of_work() as uow, pytest.raises(UserError, match="has not happened yet"):
        book(uow, history["today"] + timedelta(days=1))


def test_a_contract_on_a_past_date_counts_no_later_payment(services, history):
    first = history["rows_a"][0]
    with services.unit_of_work() as uow:
        then = contract_book(uow, history["a"], first.due_date + timedelta(days=5))
        settled_later = contract_book(uow, history["b"], history["signed"] + timedelta(days=10))
        with pytest.raises(UserError, match="was signed on"):
            contract_book(uow, history["a"], history["signed"] - timedelta(days=1))
    one = then.states[0]
    assert (one.status, one.days_late, one.paid[Component.PRINCIPAL]) == ("overdue", 5, 0)
    assert one.owed[Component.LATE_FEE] == fen(first.payment * RATE * 5)
    assert then.status.value == "signed"  # no repayment yet then
    assert settled_later.status.value == "signed" and settled_later.outstanding > 0


def test_a_part_payment_never_shrinks_the_late_fee_already_accrued(services):
    signed = business_day() - timedelta(days=120)
    number = sell(services, 3, signed=at(signed))
    first = schedule(services, number)[0]
    due = first.due_date
    fee_10 = fen(first.payment * RATE * 10)
    part = Decimal("100.00")
    pay(services, number, part, due + timedelta(days=10))  # the fee first, then the instalment
    unpaid = first.payment - (part - fee_10)
    with services.unit_of_work() as uow:
        later = contract_book(uow, number, due + timedelta(days=41)).states[0]
    # 10 days on the whole instalment, then 31 days on what was left of it, rounded once
    accrued = fen(first.payment * RATE * 10 + unpaid * RATE * 31)
    assert later.owed[Component.LATE_FEE] == accrued - fee_10 > 0
    assert later.owed[Component.PRINCIPAL] + later.owed[Component.INTEREST_OR_FEE] == unpaid
