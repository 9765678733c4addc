"""Money that never moves by itself (issue 35): a payoff is computed from what is owed after
every payment and reversal, a reversed payment is no payment, and a past day reads as it
stood whatever happened later. Every figure is worked out here by the rule, in Decimal, from
the contract's own schedule. Real SQLite and PostgreSQL."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import update

from app.domain.clock import business_day
from app.domain.enums import ContractStatus
from app.domain.errors import UserError
from app.domain.money import round_fen
from app.domain.rates import Method
from app.domain.repayment import Component
from app.services.bootstrap import open_services
from app.services.collections import log_contact
from app.services.documents import payment_receipt_pdf
from app.services.repayments import (
    contract_book,
    payoff_quote,
    record_payment,
    reverse_payment,
    settle,
)
from storage.models import Contract
from tests.factories.sales import HARSHER_FEES, new_rate_table, sell

SIGNED = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)  # 10:00 in the store
DAILY, GRACE, CAP = Decimal("0.0005"), 3, Decimal("0.10")  # what the contract says


@pytest.fixture
def number(services):
    return sell(services, 1, signed=SIGNED)


def at(day, hour=3):
    """A moment in the store's day `day` (UTC+8)."""
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


def pay(services, number, amount, when):
    with services.unit_of_work() as uow:
        payment, _ = record_payment(
            uow, number, amount=Decimal(amount), channel="cash", reference=None,
            staff_username="sales01", now=when,
        )  # fmt: skip
        return payment.id


def reverse(services, payment_id, when):
    with services.unit_of_work() as uow:
        reverse_payment(
            uow, payment_id, manager_username="manager01", password="demo1234",
            reason="银行卡退单，款项未到账", now=when,
        )  # fmt: skip


def book(services, number, on):
    with services.unit_of_work() as uow:
        return contract_book(uow, number, on)


def schedule(services, number):
    with services.unit_of_work() as uow:
        contract = uow.contracts.by_number(number)
        return contract, uow.contracts.schedule(contract.id)


def test_a_payoff_after_a_reversal_charges_what_is_owed_and_places_every_fen(services, number):
    contract, rows = schedule(services, number)
    first, second = rows[0], rows[1]
    day = business_day(SIGNED) + timedelta(days=2)
    one = pay(services, number, str(first.payment), at(day))  # instalment 1 paid ahead
    pay(services, number, "100", at(day))  # a part payment: instalment 2, interest first
    reverse(services, one, at(day, 5))  # the first payment bounced
    part_principal = Decimal("100") - second.interest_or_fee
    owed_principal = contract.financed - part_principal
    with services.unit_of_work() as uow:
        quote = payoff_quote(uow, number, day)
    # the period that contains the day is instalment 1's, unpaid again after the reversal
    assert quote.current_n == 1
    assert quote.current_interest_or_fee == first.interest_or_fee
    assert quote.remaining_principal == owed_principal
    assert quote.fee == round_fen(owed_principal * contract.early_payoff_fee_rate)
    total = owed_principal + first.interest_or_fee + quote.fee
    assert quote.total == total
    with services.unit_of_work() as uow:
        payment, _ = settle(uow, number, channel="cash", reference=None,
                            staff_username="sales01", now=at(day, 6))  # fmt: skip
        placed = sum(
            a.amount for a in uow.contracts.allocations(contract.id, payment_id=payment.id)
        )
    assert payment.amount == total and placed == total  # every fen taken is placed


def test_an_instalment_paid_ahead_covers_its_own_period(services, number):
    contract, rows = schedule(services, number)
    day = business_day(SIGNED) + timedelta(days=2)
    pay(services, number, str(rows[0].payment), at(day))
    with services.unit_of_work() as uow:
        quote = payoff_quote(uow, number, day + timedelta(days=2))
    assert quote.current_n == 1 and quote.current_interest_or_fee == 0  # no period not begun
    assert quote.remaining_principal == contract.financed - rows[0].principal


def test_a_reversed_payment_is_no_payment_and_the_late_fee_runs_from_the_due_date(services, number):
    _, rows = schedule(services, number)
    first = rows[0]
    paid = pay(services, number, str(first.payment), at(first.due_date))  # on its due date
    reverse(services, paid, at(first.due_date + timedelta(days=10)))  # bounced 10 days later
    on = first.due_date + timedelta(days=20)
    days = (on - first.due_date).days
    assert days > GRACE
    fee = min(round_fen(first.payment * DAILY * days), round_fen(first.payment * CAP))
    state = book(services, number, on).states[0]
    assert state.owed[Component.LATE_FEE] == fee and fee > 0
    assert state.status == "overdue" and state.days_late == days
    before = book(services, number, first.due_date + timedelta(days=5))  # before the bounce
    assert before.states[0].outstanding == 0 and before.status is ContractStatus.ACTIVE


def test_the_only_payment_reversed_leaves_the_contract_signed_not_repaying(services, number):
    _, rows = schedule(services, number)
    day = business_day(SIGNED) + timedelta(days=1)
    paid = pay(services, number, str(rows[0].payment), at(day))
    reverse(services, paid, at(day, 5))
    with services.unit_of_work() as uow:
        assert uow.contracts.by_number(number).status is ContractStatus.SIGNED
    assert book(services, number, day).status is ContractStatus.SIGNED


def test_a_past_day_reads_as_it_stood_after_a_settlement_is_reversed(services, number):
    start = business_day(SIGNED)
    settled_on, reversed_on = start + timedelta(days=10), start + timedelta(days=15)
    with services.unit_of_work() as uow:
        settle(uow, number, channel="cash", reference=None, staff_username="sales01",
               now=at(settled_on))  # fmt: skip
    between = book(services, number, settled_on + timedelta(days=2))
    with services.unit_of_work() as uow:
        payoff = uow.contracts.repayments(uow.contracts.by_number(number).id)[-1].id
    reverse(services, payoff, at(reversed_on))
    again = book(services, number, settled_on + timedelta(days=2))  # asked after the reversal
    assert between.status is again.status is ContractStatus.PAID_OFF
    assert again.outstanding == 0 and again.to_json() == between.to_json()
    after = book(services, number, reversed_on)
    assert after.status is ContractStatus.SIGNED and after.outstanding > 0


def test_a_new_rate_table_changes_no_signed_contract(services, number):
    _, rows = schedule(services, number)
    first = rows[0]
    in_grace, late = first.due_date + timedelta(days=2), first.due_date + timedelta(days=10)
    before = [book(services, number, d).to_json() for d in (in_grace, late)]
    new_rate_table(services, **HARSHER_FEES)
    after = [book(services, number, d).to_json() for d in (in_grace, late)]
    assert after == before
    assert after[0]["instalments"][0]["status"] == "grace"  # 2 days: within the signed 3
    # the overdue notice: ten days of the signed 0.05 % a day, not the new 0.10 %
    fee = min(round_fen(first.payment * DAILY * 10), round_fen(first.payment * CAP))
    with services.unit_of_work() as uow:
        log = log_contact(
            uow, number, channel="sms", audience="customer", template="overdue_notice",
            outcome="已发送", staff_username="sales01", now=at(late),
        )  # fmt: skip
        assert f"逾期应还 {first.payment + fee:.2f} 元" in log.message
    newer = sell(services, 2, signed=SIGNED)  # a new sale is priced by the new table
    with services.unit_of_work() as uow:
        terms = uow.contracts.by_number(newer).signed_terms
        signed = uow.contracts.by_number(number).signed_terms
    assert (terms.late_fee_daily_rate, terms.late_fee_grace_days) == (Decimal("0.0010"), 1)
    assert (signed.late_fee_daily_rate, signed.late_fee_grace_days, signed.late_fee_cap_rate) == (
        DAILY, GRACE, CAP,
    )  # fmt: skip


def test_a_contract_signed_before_terms_were_kept_gets_them_from_its_signed_record(
    services, number, demo_url
):
    with services.sessions.begin() as session:
        session.execute(update(Contract).values(terms=None))
    new_rate_table(services, **HARSHER_FEES)
    reopened = open_services(demo_url)
    try:
        with reopened.unit_of_work() as uow:
            terms = uow.contracts.by_number(number).signed_terms
    finally:
        reopened.close()
    assert (terms.late_fee_daily_rate, terms.late_fee_grace_days, terms.late_fee_cap_rate) == (
        DAILY, GRACE, CAP,
    )  # fmt: skip
    assert terms.collection_steps[-1] == (None, "legal")


def test_more_than_is_due_prepays_the_next_instalments_itemised_on_the_receipt(services, number):
    _, rows = schedule(services, number)
    first, second = rows[0], rows[1]
    day = business_day(SIGNED) + timedelta(days=3)  # before instalment 1 falls due
    extra = Decimal("150.00")
    with services.unit_of_work() as uow, pytest.raises(UserError) as refused:
        record_payment(
            uow, number, amount=first.payment + extra, channel="cash", reference=None,
            staff_username="sales01", prepay=False, now=at(day),
        )  # fmt: skip
    due = f"{first.payment:.2f}"
    assert (
        f"more than the {due} due now (what is overdue, else the next instalment): take {due}"
        in str(refused.value)
    )
    paid = pay(services, number, str(first.payment + extra), at(day))
    with services.unit_of_work() as uow:
        contract = uow.contracts.by_number(number)
        parts = uow.contracts.allocations(contract.id, payment_id=paid)
    assert sum(p.amount for p in parts) == first.payment + extra  # never silently lost
    on_second = {p.component: p.amount for p in parts if p.n == 2}
    # instalment 2 takes the 150.00: its interest first, then principal (the signed order)
    assert on_second == {
        Component.INTEREST_OR_FEE: second.interest_or_fee,
        Component.PRINCIPAL: extra - second.interest_or_fee,
    }
    text = PdfReader(io.BytesIO(payment_receipt_pdf(services, paid))).pages[0].extract_text()
    principal = f"{extra - second.interest_or_fee:.2f}"
    assert f"第 2 期 本金 ¥{principal}（提前还款）" in text
    assert f"第 1 期 本金 ¥{first.principal:.2f}" in text


def test_a_rate_table_arriving_mid_sale_changes_nothing_the_customer_was_shown(services):
    from app.services.sale import Sale
    from app.services.signing import stored_sale
    from printing.signature_image import demo_strokes, signature_png
    from tests.factories.sales import acknowledge_all, as_read, customer

    sale = Sale.start(services, "sales01")
    sale.choose_phone("APL-IP17-256-BLK")
    applicant, finances = customer(4)
    sale.set_customer(applicant, finances, **as_read(applicant))
    sale.set_trade_in(None)
    sale.choose_plan(Decimal("1000"), Method.EQUAL_INSTALLMENT, 12)
    sale.precheck()
    acknowledge_all(sale, at=SIGNED)  # the customer read the clauses of the table shown
    new_rate_table(services, **HARSHER_FEES)  # sync brings a new table meanwhile
    strokes = demo_strokes(sale.customer.applicant.name)
    number = sale.sign(signature_png(strokes), [list(s) for s in strokes], channel="cash",
                       now=SIGNED)  # fmt: skip
    with services.unit_of_work() as uow:
        terms = uow.contracts.by_number(number).signed_terms
        again = stored_sale(uow, number)  # the record seals to the hash signed
    assert (terms.late_fee_daily_rate, terms.late_fee_grace_days) == (DAILY, GRACE)
    assert again.contract.rates.late_fee_daily_rate == DAILY
