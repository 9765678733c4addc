"""Applications stored with everything that produced them; the chain's record; overrides."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D
from pathlib import Path

import pytest
from sqlalchemy import select, text

from app.demo.assets import demo_rate_table
from app.demo.seed import load_demo
from app.domain.collections import load_contact_rules
from app.domain.enums import ContractStatus, Decision
from app.domain.errors import UserError
from app.domain.repayment import ContractTerms
from app.services.applications import (
    open_sealed,
    override_application,
)
from app.services.bootstrap import open_services
from storage.models import (
    Application,
    AuditEntry,
    Contract,
    Customer,
    DeviceUnit,
    InstallmentRow,
    OutboxEvent,
    QuoteRecord,
)
from storage.repositories.catalog import Catalog
from storage.repositories.customers import Customers
from tests.factories.applications import NOW, RULES, count, example, submit


def test_an_application_is_stored_with_inputs_result_rules_and_who(services):
    submitted = submit(services, example("approve"))
    with services.sessions() as session:
        row = session.get(Application, submitted.application.id)
        assert row.decision == Decision.APPROVE and row.tier == "A" and row.score == 120
        assert row.rules_version == RULES.version and row.decided_at == NOW
        assert row.staff_id == Catalog(session).active_staff("sales01").id
        assert open_sealed(services.cipher, row, "inputs")["customer"]["name"] == "陈思远"
        assert open_sealed(services.cipher, row, "result")["score_items"][0]["points"] == 25
        quote = session.get(QuoteRecord, row.quote_id)
        assert quote.financed == D("4999.00") and quote.customer_id == row.customer_id
        audit = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == row.id)).one()
        assert audit.action == "application.prechecked" and audit.rule_version == RULES.version
    assert count(services, OutboxEvent) == 3  # the customer, the quote and the application


def test_review_reasons_are_stored_as_codes(services):
    submitted = submit(services, example("review"))
    assert submitted.application.decision == Decision.REVIEW
    assert [r["code"] for r in submitted.application.reasons] == ["OCR_EDITED", "DTI_HIGH"]


def test_the_third_application_in_seven_days_needs_review(services):
    for days_ago in (8, 1):  # the one 8 days ago is outside the window
        submit(services, example("approve"), now=NOW - timedelta(days=days_ago))
    assert submit(services, example("approve")).application.decision == Decision.APPROVE  # 2nd
    third = submit(services, example("approve"), now=NOW + timedelta(hours=1))
    assert third.application.decision == Decision.REVIEW
    assert [r["code"] for r in third.application.reasons] == ["REPEAT_APPLICATIONS"]
    assert count(services, Customer) == 1
    assert count(services, Application) == 4


def test_a_phone_number_already_on_another_id_needs_review(services):
    submit(services, example("approve"))
    other = example(
        "review",
        customer__phone="13812345678",
        customer__edited_fields=[],
        finances__monthly_debt="0",
    )
    result = submit(services, other).result
    assert [r.code for r in result.reasons] == ["PHONE_SHARED"]


def test_an_id_on_the_shared_blacklist_is_declined(services):
    doc = example(
        "approve", customer__id_number="440305198805120314", customer__birth_date="1988-05-12"
    )
    submitted = submit(services, doc)
    assert submitted.application.decision == Decision.DECLINE
    assert submitted.application.reasons == [
        {"code": "BLACKLISTED", "decision": "decline", "hard": True}
    ]


def _give_contract(services, application_id, *, due: date, principal: str, n: int = 3):
    with services.sessions.begin() as session:
        app_row = session.get(Application, application_id)
        unit = session.scalars(select(DeviceUnit).limit(1)).one()
        contract = Contract(
            number=f"SH001-T1-{due:%Y%m%d}-{n:04d}",
            application_id=app_row.id,
            customer_id=app_row.customer_id,
            device_unit_id=unit.id,
            staff_id=app_row.staff_id,
            status=ContractStatus.ACTIVE,
            financed=D(principal) * n,
            method="equal_installment",
            term=n,
            rate=D("0.12"),
            apr=D("0.12"),
            early_payoff_fee_rate=D("0.03"),
            template_version="t1",
            content_sha256="0" * 64,
            terms=ContractTerms.signed_under(demo_rate_table(), load_contact_rules()).to_json(),
            signed_at=NOW,
            terminal_id=app_row.terminal_id,
        )
        session.add(contract)
        session.flush()
        for k in range(n):
            session.add(
                InstallmentRow(
                    contract_id=contract.id,
                    n=k + 1,
                    due_date=due + timedelta(days=30 * k),
                    principal=D(principal),
                    interest_or_fee=D("10.00"),
                    payment=D(principal) + 10,
                    terminal_id=app_row.terminal_id,
                )
            )


def test_outstanding_principal_counts_against_the_cumulative_limit(services):
    rich = {"finances__monthly_income": "100000"}  # her instalments are within her means
    first = submit(services, example("approve", **rich))
    _give_contract(services, first.application.id, due=date(2026, 12, 23), principal="15000.33")
    # 45,000.99 owed + 4,999.00 new = 49,999.99: within tier A's 50,000
    within = submit(services, example("approve", **rich), now=NOW + timedelta(days=10))
    assert within.result.reasons == ()
    _give_contract(services, first.application.id, due=date(2026, 12, 24), principal="0.02", n=1)
    later = submit(services, example("approve", **rich), now=NOW + timedelta(days=11))
    assert [r.code for r in later.result.reasons] == ["EXPOSURE_LIMIT"]  # 50,000.01 > 50,000
    assert "在途未还本金 45001.01 元" in later.result.reasons[0].message


def test_an_unpaid_instalment_past_grace_makes_the_history_overdue(services):
    first = submit(services, example("approve"))
    _give_contract(services, first.application.id, due=date(2026, 12, 1), principal="100.00")
    later = submit(services, example("approve"), now=datetime(2026, 12, 5, tzinfo=UTC))
    assert "HISTORY_OVERDUE" in [r.code for r in later.result.reasons]
    history = {i.factor: i.value for i in later.result.score_items}["history"]
    assert history == "overdue"


def test_within_grace_an_unpaid_instalment_is_not_overdue(services):
    first = submit(services, example("approve"))
    _give_contract(services, first.application.id, due=date(2026, 12, 1), principal="100.00")
    later = submit(services, example("approve"), now=datetime(2026, 12, 4, tzinfo=UTC))
    assert "HISTORY_OVERDUE" not in [r.code for r in later.result.reasons]
    # nor on time: nothing that has fallen due has been paid
    assert {i.factor: i.value for i in later.result.score_items}["history"] == "none"


def test_the_customers_own_instalments_count_as_debts_and_no_history_before_one_falls_due(
    services,
):
    first = submit(services, example("approve"))
    _give_contract(services, first.application.id, due=date(2026, 12, 23), principal="558.54")
    later = submit(services, example("approve"), now=NOW + timedelta(minutes=5))
    finances = example("approve")["finances"]
    debts = D(finances["monthly_debt"]) + D("568.54") + later.quote.first_payment  # 558.54 + 10
    assert later.result.dti == (debts / D(finances["monthly_income"])).quantize(D("0.0001"))
    assert {i.factor: i.value for i in later.result.score_items}["history"] == "none"


def test_an_instalment_paid_once_due_is_an_on_time_history(services):
    from app.services.repayments import record_payment

    first = submit(services, example("approve"))
    _give_contract(services, first.application.id, due=date(2026, 12, 1), principal="100.00")
    with services.unit_of_work() as uow:
        (contract,) = uow.contracts.of_customer(first.application.customer_id)
        record_payment(
            uow, contract.number, amount=D("110.00"), channel="cash", reference=None,
            staff_username="sales01", now=datetime(2026, 12, 1, 9, tzinfo=UTC),
        )  # fmt: skip
    later = submit(services, example("approve"), now=datetime(2026, 12, 4, tzinfo=UTC))
    assert {i.factor: i.value for i in later.result.score_items}["history"] == "on_time"


def test_bad_input_saves_nothing(services):
    with pytest.raises(UserError, match="no product with SKU 'NOPE'"):
        submit(services, example("approve", purchase__sku="NOPE"))
    with pytest.raises(UserError, match="no active staff member 'ghost'"):
        submit(services, example("approve", staff="ghost"))
    for model in (Customer, QuoteRecord, Application, OutboxEvent):
        assert count(services, model) == 0


@pytest.mark.parametrize(
    "demo_url", ["sqlite"], indirect=True
)  # input checks: one backend is enough
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"customer__id_number": ""}, "'customer.id_number' is missing"),
        ({"customer__id_number": "310104199005201230"}, "is not valid"),
        ({"finances__monthly_income": "-100"}, "'-100' must be between 0 and 10,000,000"),
        ({"finances__monthly_income": "1e60"}, "'1e60' is not an amount in yuan"),
        (
            {"finances__employment": "astronaut"},
            "'finances.employment' = 'astronaut' is not one of",
        ),
        ({"finances__years_in_job": "six"}, "must be a whole number"),
        ({"customer__id_valid_to": "2030-02-30"}, "is not a date"),
        ({"purchase__term": 18}, "term 18 is not offered"),
        ({"purchase__down": "9999"}, "more than the 5999.00 left to pay"),
    ],
)
def test_impossible_applications_are_refused_with_a_specific_message(services, changes, message):
    with pytest.raises(UserError, match=message):
        submit(services, example("approve", **changes))
    assert count(services, Application) == 0


def test_a_manager_overrides_a_review_with_a_reason(services):
    submitted = submit(services, example("review"))
    with services.unit_of_work() as uow:
        override_application(
            uow,
            application_id=submitted.application.id,
            manager_username="manager01",
            password="demo1234",
            decision=Decision.APPROVE,
            reason="工资流水已核实，收入稳定",
            now=NOW,
        )
    with services.sessions() as session:
        row = session.get(Application, submitted.application.id)
        assert row.decision == Decision.REVIEW  # the pre-check result is kept as it was
        assert row.override_decision == Decision.APPROVE and row.overridden_at == NOW
        assert row.override_by == Catalog(session).active_staff("manager01").id
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.created_at)).all()
        assert "application.overridden" in actions


@pytest.mark.parametrize(
    ("who", "password", "decision", "reason", "message"),
    [
        ("manager01", "wrong", Decision.APPROVE, "已核实收入证明", "wrong password"),
        ("sales01", "demo1234", Decision.APPROVE, "已核实收入证明", "not an active store manager"),
        ("manager01", "demo1234", Decision.APPROVE, "ok", "at least 5 characters"),
        ("manager01", "demo1234", Decision.REVIEW, "已核实收入证明", "approve or decline"),
    ],
)
def test_an_override_needs_a_manager_a_password_and_a_reason(
    services, who, password, decision, reason, message
):
    submitted = submit(services, example("review"))
    with pytest.raises(UserError, match=message), services.unit_of_work() as uow:
        override_application(
            uow,
            application_id=submitted.application.id,
            manager_username=who,
            password=password,
            decision=decision,
            reason=reason,
        )
    with services.sessions() as session:
        assert session.get(Application, submitted.application.id).override_decision is None


def test_no_override_approves_a_blacklisted_id_but_a_decline_can_stand(services):
    doc = example(
        "approve", customer__id_number="440305198805120314", customer__birth_date="1988-05-12"
    )
    submitted = submit(services, doc)
    with (
        pytest.raises(UserError, match="cannot approve over BLACKLISTED"),
        services.unit_of_work() as uow,
    ):
        override_application(
            uow,
            application_id=submitted.application.id,
            manager_username="manager01",
            password="demo1234",
            decision=Decision.APPROVE,
            reason="顾客称系误报",
        )


def test_an_application_is_overridden_once(services):
    submitted = submit(services, example("review"))
    args = {
        "application_id": submitted.application.id,
        "manager_username": "manager01",
        "password": "demo1234",
        "decision": Decision.DECLINE,
        "reason": "收入证明无法核实",
    }
    with services.unit_of_work() as uow:
        override_application(uow, **args)
    with pytest.raises(UserError, match="already overridden"), services.unit_of_work() as uow:
        override_application(uow, **args)


def test_stored_applications_reveal_no_income_or_name_in_the_raw_database(sqlite_url):
    services = open_services(sqlite_url, create=True)
    load_demo(services)
    submit(services, example("approve"))
    services.close()
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    for secret in ("陈思远", "310104199005201237", "13812345678", "天钥桥路"):
        assert secret.encode() not in raw
    with open_services(sqlite_url).engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM applications")).scalar() == 1


def test_a_known_id_number_under_another_name_is_sent_to_review_and_not_stored(services):
    submit(services, example("approve"))
    impostor = example("approve", customer__name="冒名者", customer__address="伪造地址 9 号")
    submitted = submit(services, impostor)
    assert submitted.result.decision is Decision.REVIEW
    assert "NAME_MISMATCH" in {r.code for r in submitted.result.reasons}
    with services.sessions() as session:
        (row,) = session.scalars(select(Customer)).all()
        assert Customers(session, services.cipher).read(row).name == "陈思远"


def test_a_sale_at_0730_in_shanghai_is_dated_that_day_for_every_rule(services):
    """23:30 UTC on the 23rd is 07:30 on the 24th at the store: the schedule starts on the
    24th and someone born on 2008-11-24 is 18 that morning (not 17, as the UTC date says)."""
    body = "31010420081124123"
    id_number = (
        body + "10X98765432"[sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(body)) % 11]
    )
    doc = example("approve", customer__id_number=id_number, customer__birth_date="2008-11-24")
    submitted = submit(services, doc, now=datetime(2026, 11, 23, 23, 30, tzinfo=UTC))
    assert submitted.quote.cart.start == date(2026, 11, 24)
    assert submitted.quote.schedule[0].due_date == date(2026, 12, 24)
    assert submitted.result.age == 18
    assert "AGE_UNDER" not in {r.code for r in submitted.result.reasons}


@pytest.mark.parametrize(
    "demo_url", ["sqlite"], indirect=True
)  # input checks: one backend is enough
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"customer__name": "王\ud800"}, "'customer.name' holds characters that are not text"),
        ({"customer__name": "王" * 3_500_000}, "'customer.name' must be at most 30 characters"),
        ({"customer__name": "Robert'); DROP"}, "must be letters or Chinese characters"),
        ({"customer__phone": "not-a-phone-☎"}, "is not a mainland mobile number"),
        ({"customer__phone": "12812345678"}, "is not a mainland mobile number"),
        ({"customer__address": 12345}, "'customer.address' Input should be a valid string"),
        ({"customer__address": ["上海市"]}, "'customer.address' Input should be a valid string"),
        ({"customer__birth_date": "2999-01-01"}, "outside 1900-01-01 to 2099-12-31"),
        ({"customer__id_valid_to": "9999-12-31"}, "outside 1900-01-01 to 2099-12-31"),
        ({"customer__edited_fields": ["salary"]}, "'customer.edited_fields.0'"),
        ({"finances__monthly_income": 1e60}, "must be an amount in yuan"),
        ({"finances__years_in_job": True}, "must be a whole number"),
        ({"purchase__sku": 12345}, "'purchase.sku' Input should be a valid string"),
        ({"purchase__term": 10**9}, "'purchase.term' Input should be less than or equal to 60"),
        ({"customer__nickname": "x"}, "'customer.nickname' is not a field of an application"),
    ],
)
def test_hostile_application_documents_are_refused_and_nothing_is_saved(services, changes, message):
    with pytest.raises(UserError, match=re.escape(message)):
        submit(services, example("approve", **changes))
    assert count(services, Application) == 0 and count(services, Customer) == 0
