"""Taking repayments on a signed contract: allocation by the rules, a receipt-worthy record,
a manager's reversal as a new record, the contract closed when paid, all queued for sync.
Real SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.domain.clock import business_day
from app.domain.enums import ContractStatus, PaymentKind
from app.domain.errors import UserError
from app.domain.repayment import Component
from app.services.repayments import contract_book, record_payment, reverse_payment
from storage.models import AuditEntry, OutboxEvent, Payment
from tests.factories.sales import sell


@pytest.fixture
def number(services):
    return sell(services, 1)


def pay(services, number, amount, **kwargs):
    options = {"channel": "wechat", "reference": "4200001234", "staff_username": "sales01"}
    with services.unit_of_work() as uow:
        payment, parts = record_payment(uow, number, amount=Decimal(amount), **options | kwargs)
        return payment.id, parts


def book(services, number, on=None):
    with services.unit_of_work() as uow:
        return contract_book(uow, number, on or business_day())


def test_a_payment_pays_the_first_instalment_and_is_queued_and_audited(services, number):
    first = book(services, number).states[0]
    due = first.owed[Component.INTEREST_OR_FEE] + first.owed[Component.PRINCIPAL]
    payment_id, parts = pay(services, number, due)
    assert {(p.n, p.component) for p in parts} == {
        (1, Component.INTEREST_OR_FEE),
        (1, Component.PRINCIPAL),
    }
    after = book(services, number)
    assert after.states[0].status == "paid" and after.contract.status is ContractStatus.ACTIVE
    with services.sessions() as session:
        event = session.scalars(
            select(OutboxEvent).where(OutboxEvent.entity_id == payment_id)
        ).one()
        assert event.payload["reference"] == "4200001234"
        assert len(event.payload["allocations"]) == 2
        audited = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == payment_id))
        assert [a.action for a in audited] == ["payment.received"]


def test_a_card_or_wallet_payment_needs_its_reference_and_nothing_is_saved_without(
    services, number
):
    with pytest.raises(UserError, match="need their transaction reference"):
        pay(services, number, "100", reference=" ")
    with pytest.raises(UserError, match="unknown channel"):
        pay(services, number, "100", channel="bitcoin")
    with pytest.raises(UserError, match="more than the"):
        pay(services, number, "999999")
    with services.sessions() as session:
        assert session.scalars(select(Payment).where(Payment.kind != "down_payment")).all() == []


def test_only_a_manager_reverses_with_a_reason_once_and_the_original_stays(services, number):
    payment_id, _ = pay(services, number, "200", channel="cash", reference=None)
    before = book(services, number).outstanding
    with services.unit_of_work() as uow, pytest.raises(UserError, match="only a store manager"):
        reverse_payment(uow, payment_id, manager_username="sales01", password="demo1234",
                        reason="收错了金额")  # fmt: skip
    with services.unit_of_work() as uow, pytest.raises(UserError, match="at least 5"):
        reverse_payment(uow, payment_id, manager_username="manager01", password="demo1234",
                        reason="错")  # fmt: skip
    with services.unit_of_work() as uow:
        reversal = reverse_payment(
            uow, payment_id, manager_username="manager01", password="demo1234",
            reason="客户付款失败，银行退回",
        )  # fmt: skip
        assert reversal.amount == Decimal("-200.00") and reversal.kind is PaymentKind.REVERSAL
    assert book(services, number).outstanding == before + Decimal("200.00")
    with services.unit_of_work() as uow, pytest.raises(UserError, match="already reversed"):
        reverse_payment(uow, payment_id, manager_username="manager01", password="demo1234",
                        reason="客户付款失败，银行退回")  # fmt: skip
    with services.sessions() as session:
        original = session.get(Payment, payment_id)
        assert original.amount == Decimal("200.00") and original.reason is None


def test_paying_everything_closes_the_contract_and_then_it_takes_no_more(services, number):
    pay(services, number, str(book(services, number).outstanding))
    assert book(services, number).contract.status is ContractStatus.PAID_OFF
    with pytest.raises(UserError):
        pay(services, number, "1")


def test_an_overdue_instalment_pays_its_late_fee_first(services, number):
    first = book(services, number).states[0]
    later = first.due_date + timedelta(days=20)
    late = book(services, number, later).states[0]
    assert late.days_late == 20 and late.owed[Component.LATE_FEE] > 0
    at = datetime(later.year, later.month, later.day, 6, tzinfo=UTC)
    with services.unit_of_work() as uow:
        _, parts = record_payment(
            uow, number, amount=Decimal("10.00"), channel="cash", reference=None,
            staff_username="sales01", now=at,
        )  # fmt: skip
    assert parts[0].component is Component.LATE_FEE and parts[0].n == 1


def test_an_early_payoff_is_quoted_itemised_settled_and_closes_the_contract(services, number):
    from app.services.repayments import payoff_quote, settle

    first = book(services, number).states[0]
    pay(services, number, str(first.outstanding), channel="cash", reference=None)
    today = business_day()
    with services.unit_of_work() as uow:
        quote = payoff_quote(uow, number, today)
    principal_left = sum(s.owed[Component.PRINCIPAL] for s in book(services, number).states)
    assert quote.current_n == 1  # today is in instalment 1's period, which is paid ahead
    assert quote.remaining_principal == principal_left
    assert quote.current_interest_or_fee == 0  # no interest of a period not begun
    assert quote.fee == (principal_left * quote.fee_rate).quantize(Decimal("0.01"))
    assert quote.total == principal_left + quote.current_interest_or_fee + quote.fee
    with services.unit_of_work() as uow:
        payment, _ = settle(uow, number, channel="alipay", reference="2026120200001",
                            staff_username="sales01")  # fmt: skip
        assert payment.kind is PaymentKind.EARLY_PAYOFF and payment.amount == quote.total
    after = book(services, number)
    assert after.contract.status is ContractStatus.PAID_OFF and after.outstanding == 0


def test_a_repayment_has_a_receipt_for_the_thermal_printer(services, number):
    import io

    from pypdf import PdfReader

    from app.services.repayments import payment_receipt
    from printing.receipt_pdf import render_receipt

    payment_id, _ = pay(services, number, "100")
    with services.unit_of_work() as uow:
        receipt = payment_receipt(uow, payment_id)
    assert receipt.amount == Decimal("100.00") and receipt.installment_n == 1
    assert receipt.channel == "微信支付" and receipt.contract_number == number
    text = PdfReader(io.BytesIO(render_receipt(receipt))).pages[0].extract_text()
    assert "分期还款" in text and "100.00" in text and number in text


def test_a_contract_is_found_by_number_imei_phone_or_id_number(services, number):
    from app.services.repayments import find_contracts
    from storage.models import Contract, DeviceUnit
    from tests.factories.sales import customer

    person, _ = customer(1)
    with services.unit_of_work() as uow:
        contract = uow.contracts.by_number(number)
        imei = uow.session.get(DeviceUnit, contract.device_unit_id).imei
        name = person["name"]
        for text in (number, imei, person["phone"], person["id_number"].lower(), name):
            assert [c.number for c in find_contracts(uow, text)] == [number], text
        assert find_contracts(uow, "13900000000") == []
        assert find_contracts(uow, "张三") == []  # a name no customer has
        with pytest.raises(UserError, match="search by"):
            find_contracts(uow, "12345")
    assert Contract


def test_one_payment_per_transaction_reference_held_by_the_database(services, number):
    from sqlalchemy.exc import IntegrityError

    from storage.models import PaymentReference

    first, _ = pay(services, number, "100", reference="4200009999")
    with pytest.raises(UserError, match=r"reference 4200009999 was already taken on .*100.00"):
        pay(services, number, "50", reference="4200009999")
    # past the service's check, the key itself refuses a second holder
    with pytest.raises(IntegrityError), services.unit_of_work() as uow:
        other = uow.session.get(Payment, first)
        uow.add(PaymentReference(channel="wechat", reference="4200009999", payment_id=other.id))
        uow.flush()
    # the same slip on another channel is another transaction; a reversal frees the reference
    pay(services, number, "10", channel="alipay", reference="4200009999")
    with services.unit_of_work() as uow:
        reverse_payment(uow, first, manager_username="manager01", password="demo1234",
                        reason="金额录错，冲正后重收")  # fmt: skip
    pay(services, number, "90", reference="4200009999")
    with services.sessions() as session:
        taken = session.scalars(select(Payment).where(Payment.reference == "4200009999")).all()
    assert len(taken) == 4  # the first, its reversal, alipay's, the one taken again
