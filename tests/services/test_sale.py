"""The one sale use case, step by step, on the real database: what it stores, what it
refuses, and a sale closed midway and resumed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.domain.contract import contract_hash
from app.domain.enums import Decision, UnitCondition, UnitStatus
from app.domain.errors import UserError
from app.domain.rates import Method
from app.domain.tradein import Body, Condition, Screen, appraise
from app.services.sale import Sale, Step
from app.services.signing import stored_sale
from storage.models import (
    AuditEntry,
    Contract,
    DeviceUnit,
    InstallmentRow,
    OutboxEvent,
    Payment,
    SaleDraft,
)
from tests.factories.applications import example
from tests.factories.sales import acknowledge_all, as_read

SKU = "APL-IP17-256-BLK"
PNG = b"\x89PNG\r\n\x1a\nsignature"


def ready_to_sign(services, name="approve", *, trade_in=None) -> Sale:
    doc = example(name)
    sale = Sale.start(services, "sales01")
    sale.choose_phone(SKU)
    sale.set_customer(doc["customer"], doc["finances"], **as_read(doc["customer"]))
    sale.set_trade_in(trade_in)
    sale.choose_plan(D("1000"), Method.EQUAL_INSTALLMENT, 12)
    result, _ = sale.precheck()
    if result.decision is Decision.APPROVE:
        acknowledge_all(sale)
    return sale


def count(services, model) -> int:
    with services.sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_whole_sale_with_a_trade_in_stores_everything_and_forgets_its_draft(services):
    old_phone = appraise(
        model="iPhone 13",
        storage_gb=128,
        imei="356938035643809",
        condition=Condition(Screen.PERFECT, Body.A, 95),
        table=_valuation(services),
        new_phone_price=D("5999"),
    )
    sale = ready_to_sign(services, trade_in=old_phone)
    assert sale.step is Step.SIGNATURE
    number = sale.sign(PNG, [[(0, 0, 0), (9, 9, 20)]], channel="cash")
    assert sale.step is Step.SIGNED
    with services.sessions() as session:
        contract = session.scalars(select(Contract).where(Contract.number == number)).one()
        assert contract.term == 12 and contract.method == "equal_installment"
        rows = session.scalars(
            select(InstallmentRow).where(InstallmentRow.contract_id == contract.id)
        ).all()
        assert len(rows) == 12
        assert sum(r.principal for r in rows) == D("5999") - old_phone.credit - D("1000")
        sold = session.get(DeviceUnit, contract.device_unit_id)
        assert sold.status is UnitStatus.SOLD
        taken = session.scalars(select(DeviceUnit).where(DeviceUnit.imei == old_phone.imei)).one()
        assert taken.status is UnitStatus.IN_STOCK and taken.condition is UnitCondition.USED
        (payment,) = session.scalars(select(Payment)).all()
        assert payment.amount == D("1000") and payment.channel == "cash"
        actions = set(session.scalars(select(AuditEntry.action)))
    assert {"application.prechecked", "contract.signed", "trade_in.accepted"} <= actions
    # the customer, quote, application, contract, down payment and trade-in
    assert count(services, OutboxEvent) == 6
    assert count(services, SaleDraft) == 0
    with services.unit_of_work() as uow:
        again = stored_sale(uow, number)
    assert contract_hash(again.contract) == contract.content_sha256
    assert again.contract.trade_in["credit"] == str(old_phone.credit)


def _valuation(services):
    with services.unit_of_work() as uow:
        return uow.reference.valuation_table()


def test_a_sale_closed_midway_is_resumed_where_it_was_left(services, sqlite_url):
    doc = example("approve")
    sale = Sale.start(services, "sales01")
    sale.choose_phone(SKU)
    sale.set_customer(doc["customer"], doc["finances"], **as_read(doc["customer"]))
    sale.set_trade_in(None)
    services.close()  # the program is closed

    from app.services.bootstrap import open_services

    reopened = open_services(services.settings.db_url)
    try:
        (draft,) = Sale.drafts(reopened)
        assert draft.step is Step.PLAN and draft.summary == "Apple iPhone 17 256GB 黑色  陈*远"
        resumed = Sale.resume(reopened, draft.id)
        assert resumed.step is Step.PLAN
        assert resumed.customer.applicant.name == "陈思远"
        resumed.choose_plan(D("1000"), Method.EQUAL_INSTALLMENT, 12)
        assert resumed.precheck()[0].decision is Decision.APPROVE
    finally:
        reopened.close()


def test_the_draft_is_encrypted(services):
    doc = example("approve")
    sale = Sale.start(services, "sales01")
    sale.choose_phone(SKU)
    sale.set_customer(doc["customer"], doc["finances"], **as_read(doc["customer"]))
    services.close()
    if services.settings.db_url.startswith("sqlite"):
        data = Path(services.settings.db_url.removeprefix("sqlite:///")).read_bytes()
        assert "陈思远".encode() not in data and b"310104199005201237" not in data


def test_changing_an_earlier_step_clears_the_later_ones(services):
    sale = ready_to_sign(services)
    assert sale.step is Step.SIGNATURE
    other = example("approve")["customer"] | {"phone": "13900001111"}
    sale.set_customer(other, example("approve")["finances"], **as_read(other))
    assert sale.step is Step.TRADE_IN
    assert sale.draft.precheck is None and sale.draft.acknowledged == {}
    with pytest.raises(UserError, match="not ready to sign: next is trade_in"):
        sale.sign(PNG, [], channel="cash")


def test_a_clause_confirmed_on_a_screen_showing_another_plan_is_refused(services):
    sale = ready_to_sign(services)
    shown_before = {c.code: c.digest for c in sale.clauses()}  # the 12-month plan's screen
    sale.choose_plan(D("1000"), Method.EQUAL_INSTALLMENT, 24)
    sale.precheck()
    assert sale.draft.acknowledged == {}
    with pytest.raises(UserError, match="showed another phone or plan than this sale's"):
        sale.acknowledge(
            "rates",
            shown_at=datetime.now(UTC) - timedelta(seconds=5),
            screen="t",
            digest=shown_before["rates"],
        )
    assert sale.draft.acknowledged == {}
    acknowledge_all(sale)
    number = sale.sign(PNG, [], channel="cash")
    with services.unit_of_work() as uow:
        signed = stored_sale(uow, number).contract
    assert signed.quote.term == 24
    assert signed.consent == {c.code: c.digest for c in sale.clauses()} != shown_before


def test_signing_is_refused_when_a_confirmation_is_of_another_plan_than_the_contract(services):
    sale = ready_to_sign(services)
    stale = sale.draft.acknowledged["late"].model_copy(update={"digest": "0" * 64})
    sale.draft = sale.draft.model_copy(
        update={"acknowledged": {**sale.draft.acknowledged, "late": stale}}
    )
    with pytest.raises(UserError, match="confirmed clause 2 for another phone or plan"):
        sale.sign(PNG, [], channel="cash")
    assert count(services, Contract) == 0
    assert "late" not in Sale.resume(services, sale.id).draft.acknowledged  # to confirm again
    assert Sale.resume(services, sale.id).step is Step.DISCLOSURE


def test_a_reviewed_sale_signs_after_a_managers_approval(services):
    sale = ready_to_sign(services, "review")
    assert sale.step is Step.PRECHECK and sale.outcome.decision is Decision.REVIEW
    with pytest.raises(UserError, match="pre-check must approve"):
        sale.acknowledge(
            "rates", shown_at=datetime.now(UTC) - timedelta(seconds=5), screen="t", digest=""
        )
    sale.override("manager01", "demo1234", Decision.APPROVE, "老客户，收入证明已核实")
    acknowledge_all(sale)
    assert sale.sign(PNG, [], channel="card").startswith("SH001-T1-")


def test_a_down_payment_by_an_unknown_channel_is_refused_and_nothing_is_signed(services):
    from storage.models import Contract

    sale = ready_to_sign(services)
    with pytest.raises(UserError, match="unknown channel 现金: one of wechat, alipay, card, cash"):
        sale.sign(PNG, [], channel="现金")  # the words, not the code
    with services.sessions() as session:
        assert session.scalars(select(Contract)).all() == []
    assert sale.step is Step.SIGNATURE


def test_scanning_an_imei_sells_that_very_unit(services):
    with services.sessions() as session:
        unit = session.scalars(
            select(DeviceUnit).where(DeviceUnit.status == UnitStatus.IN_STOCK).offset(4).limit(1)
        ).one()
        imei = unit.imei
    sale = Sale.start(services, "sales01")
    product = sale.choose_phone(imei)
    assert sale.phone.imei == imei and sale.phone.sku == product.sku
    with pytest.raises(UserError, match="is not a new phone in stock here"):
        sale.choose_phone("356938035643809")


def test_bad_steps_are_refused_and_nothing_is_kept(services):
    with pytest.raises(UserError, match="no active staff member"):
        Sale.start(services, "nobody")
    sale = Sale.start(services, "sales01")
    with pytest.raises(UserError, match="no product with SKU"):
        sale.choose_phone("NOPE-1")
    sale.choose_phone(SKU)
    bad = example("approve")["customer"] | {"phone": "12345"}
    with pytest.raises(UserError, match="not a mainland mobile number"):
        sale.set_customer(bad, example("approve")["finances"])
    assert sale.step is Step.CUSTOMER


def test_drafts_older_than_their_limit_are_purged(services, monkeypatch):
    from dataclasses import replace

    from app.config import Settings

    monkeypatch.setenv("FENQI_DRAFT_DAYS", "2")  # as the installation is set up
    services.settings = replace(services.settings, draft_days=Settings.read().draft_days)
    Sale.start(services, "sales01").choose_phone(SKU)
    assert len(Sale.drafts(services)) == 1
    later = datetime.now(UTC) + timedelta(days=3)
    assert Sale.drafts(services, now=later) == []
    assert count(services, SaleDraft) == 0
