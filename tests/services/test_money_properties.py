"""Money that never moves by itself, over random days at the desk (issue 35): on every plan
method, random sequences of repayments (part, whole, more than is due), reversals,
settlements and reversals of settlements, each taken through the real use cases on a real
SQLite database. Whatever happened:
- every payment's allocations add up to the money taken, to the fen (a reversal's to the
  money given back), and what the day close counts is what was allocated;
- nothing owed is ever negative: no instalment is paid beyond its principal or its interest
  or fee;
- `contract --on D` for a day already over reads the same after every later event;
- a new rate table reaching the store changes no figure of a signed contract."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.clock import business_day, day_bounds
from app.domain.enums import PaymentKind
from app.domain.errors import UserError
from app.domain.money import ZERO, round_fen
from app.domain.rates import Method
from app.domain.repayment import Component
from app.services.bootstrap import open_services
from app.services.repayments import contract_book, record_payment, reverse_payment, settle
from storage.db import sqlite_path
from tests.factories.sales import HARSHER_FEES, new_rate_table, sell

pytestmark = pytest.mark.parametrize("demo_url", ["sqlite"], indirect=True)

SIGNED = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)  # 10:00 in the store
PLANS = {
    Method.EQUAL_INSTALLMENT: 6,
    Method.EQUAL_PRINCIPAL: 12,
    Method.FLAT_FEE: 6,
    Method.INTEREST_FREE: 6,
}
ACTIONS = ("part", "due", "over", "reverse", "settle", "reverse")

events = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=45),  # days after the previous event
        st.sampled_from(ACTIONS),
        st.integers(min_value=1, max_value=99),  # a share of what is owed, in %
        st.integers(min_value=0, max_value=9),  # which payment (reversals)
    ),
    min_size=1,
    max_size=7,
)


def at(day: date) -> datetime:
    """10:00 in the store on `day`."""
    return datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)


def act(uow, number: str, action: str, share: int, pick: int, when: datetime) -> None:
    """One thing the desk does; a refusal (UserError) leaves nothing behind."""
    if action == "reverse":
        contract = uow.contracts.by_number(number)
        taken = uow.contracts.repayments(contract.id)
        undone = {p.reverses_id for p in taken if p.kind is PaymentKind.REVERSAL}
        standing = [
            p
            for p in taken
            if p.kind in (PaymentKind.INSTALMENT, PaymentKind.EARLY_PAYOFF) and p.id not in undone
        ]
        if standing:
            reverse_payment(
                uow, standing[pick % len(standing)].id, manager_username="manager01",
                password="demo1234", reason="银行卡退单，款项未到账", now=when,
            )  # fmt: skip
        return
    if action == "settle":
        settle(uow, number, channel="cash", reference=None, staff_username="sales01", now=when)
        return
    book = contract_book(uow, number, business_day(when))
    due = next((s.outstanding for s in book.states if s.outstanding > 0), ZERO)
    amount = {
        "part": round_fen(book.payable * share / 100),
        "due": due,
        "over": round_fen(due + (book.payable - due) * share / 100),
    }[action]
    record_payment(
        uow, number, amount=max(amount, Decimal("0.01")), channel="cash", reference=None,
        staff_username="sales01", now=when,
    )  # fmt: skip


def checked_books(services, number: str, days: list[date]) -> dict[date, dict]:
    """The contract as it stood at the end of each day, each checked: nothing owed below
    zero, nothing paid beyond the schedule."""
    books = {}
    with services.unit_of_work() as uow:
        for day in days:
            book = contract_book(uow, number, day)
            for state in book.states:
                assert all(v >= 0 for v in state.owed.values()), (day, state)
            books[day] = book.to_json()
    return books


def money_is_placed(services, number: str) -> None:
    """Every payment's allocations add up to it, to the fen (a reversal's to its negative),
    and each day's till counts what was allocated that day."""
    with services.unit_of_work() as uow:
        contract = uow.contracts.by_number(number)
        allocated: dict[date, Decimal] = {}
        for payment in uow.contracts.repayments(contract.id):
            parts = uow.contracts.allocations(contract.id, payment_id=payment.id)
            placed = sum((a.amount for a in parts), ZERO)
            assert placed == payment.amount, payment.kind
            day = business_day(payment.received_at)
            allocated[day] = allocated.get(day, ZERO) + placed
        for day, placed in allocated.items():
            taken = uow.reports.taken_by_channel(*day_bounds(day))  # what the till counts
            repaid = sum((a for k, _, a in taken if k is not PaymentKind.DOWN_PAYMENT), ZERO)
            assert repaid == placed, day
        paid: dict[tuple[int, Component], Decimal] = {}
        for a in uow.contracts.allocations(contract.id):
            paid[a.n, a.component] = paid.get((a.n, a.component), ZERO) + a.amount
        for row in uow.contracts.schedule(contract.id):
            principal = paid.get((row.n, Component.PRINCIPAL), ZERO)
            interest = paid.get((row.n, Component.INTEREST_OR_FEE), ZERO)
            assert ZERO <= principal <= row.principal and ZERO <= interest <= row.interest_or_fee


@pytest.mark.parametrize("method", list(PLANS))
def test_money_never_moves_by_itself(services, demo_url, tmp_path, method):
    number = sell(services, 1, signed=SIGNED, method=method, term=PLANS[method])
    services.close()
    sold = sqlite_path(demo_url)
    assert sold is not None
    start = business_day(SIGNED)

    @settings(
        max_examples=30,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(events)
    def sequence(steps):
        work = tmp_path / "work.db"
        shutil.copyfile(sold, work)
        desk = open_services(f"sqlite:///{work}")
        try:
            day, ended = start, {}
            for gap, action, share, pick in steps:
                if gap:  # the day is over: how it ended is fixed from now on
                    ended |= checked_books(desk, number, [day])
                    day += timedelta(days=gap)
                try:
                    with desk.unit_of_work() as uow:
                        act(uow, number, action, share, pick, at(day))
                except UserError:
                    pass  # refused (late instalments before a payoff, nothing owed...)
            money_is_placed(desk, number)
            assert checked_books(desk, number, list(ended)) == ended  # the past as it was
            now = checked_books(desk, number, [day, day + timedelta(days=90)])
            new_rate_table(desk, **HARSHER_FEES)  # prices new sales only
            assert checked_books(desk, number, [*ended, *now]) == ended | now
        finally:
            desk.close()

    sequence()
