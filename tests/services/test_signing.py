"""Signing a contract: only approved applications, phones in stock, every clause confirmed,
a signature; the contract, schedule, down payment and outbox commit together."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from app.domain.contract import (
    canonical,
    contract_from_record,
    contract_hash,
    contract_record,
    load_clauses,
)
from app.domain.enums import Decision, UnitStatus
from app.domain.errors import EnvironmentProblem, UserError
from app.domain.rates import Method
from app.services.signing import sign_contract, stored_sale
from storage.models import (
    Application,
    Contract,
    DeviceUnit,
    InstallmentRow,
    OutboxEvent,
    Payment,
    Store,
)
from storage.repositories.catalog import Catalog
from storage.repositories.contracts import Contracts
from tests.factories.applications import example, submit
from tests.factories.samples import contract

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


def _sign(services, data, *, approve=True, unit_status=UnitStatus.IN_STOCK, application_id=None):
    if application_id is None:
        application_id = submit(
            services, example("approve" if approve else "review")
        ).application.id
    with services.unit_of_work() as uow:
        application = uow.session.get(Application, application_id)
        unit = uow.session.scalars(select(DeviceUnit).limit(1)).one()
        unit.status = unit_status
        return sign_contract(
            uow,
            data,
            application=application,
            unit=unit,
            staff=uow.catalog.active_staff("sales01"),
            terminal=uow.catalog.terminal(),
            strokes=[[(0, 0, 0), (5, 5, 10)]],
            channel="cash",
        )


def test_a_signed_sale_stores_contract_schedule_payment_and_events(services):
    data = contract(term=12)
    sale = _sign(services, data)
    with services.sessions() as session:
        stored = session.get(Contract, sale.contract.id)
        assert stored.number == data.number and stored.content_sha256 and stored.signature_enc
        rows = session.scalars(
            select(InstallmentRow).where(InstallmentRow.contract_id == stored.id)
        ).all()
        assert len(rows) == 12 and sum(r.principal for r in rows) == data.quote.financed
        assert session.get(DeviceUnit, stored.device_unit_id).status == UnitStatus.SOLD
        assert session.scalar(select(Payment.amount)) == data.quote.cart.down_payment
        actions = session.scalars(select(OutboxEvent.entity)).all()
        assert {"contracts", "payments"} <= set(actions)


@pytest.mark.parametrize(
    ("kwargs", "change", "message"),
    [
        ({"approve": False}, {}, "is not approved"),
        ({"unit_status": UnitStatus.SOLD}, {}, "is not in stock"),
        ({}, {"acknowledged": {}}, "has not confirmed"),
        ({}, {"signature_png": None}, "not signed"),
    ],
)
def test_a_contract_is_not_signed_without_its_preconditions(services, kwargs, change, message):
    with pytest.raises(UserError, match=message):
        _sign(services, replace(contract(), **change), **kwargs)
    with services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Contract)) == 0


def test_contract_numbers_count_up_per_terminal_and_local_day(services):
    with services.sessions() as session:
        terminal = Catalog(session).terminal()
        store = session.get(Store, terminal.store_id)
        assert Contracts(session).next_number(store, terminal, NOW) == "SH001-T1-20261123-0001"
        late = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)  # already the 24th in Shanghai
        assert Contracts(session).next_number(store, terminal, late) == "SH001-T1-20261124-0001"


def test_contract_numbers_come_from_a_counter_and_are_never_given_twice(services):
    with services.sessions.begin() as session:
        terminal = Catalog(session).terminal()
        store = session.get(Store, terminal.store_id)
        first = Contracts(session).next_number(store, terminal, NOW)
        second = Contracts(session).next_number(store, terminal, NOW)
    with services.sessions.begin() as session:  # no contract stored: counting would say 0001
        third = Contracts(session).next_number(store, terminal, NOW)
    assert [first, second, third] == [f"SH001-T1-20261123-000{n}" for n in (1, 2, 3)]


def test_a_sale_is_committed_before_its_pdfs_and_a_failed_print_is_repeated_identically(
    services, tmp_path, monkeypatch
):
    import printing.documents
    from app.demo import scripted_sale as demo_sale

    def broken_printer(*_args, **_kwargs):
        raise OSError("the receipt printer is out of paper")

    monkeypatch.setattr(printing.documents, "render_receipt", broken_printer)
    with pytest.raises(OSError):
        demo_sale.run_demo_sale(services, tmp_path)
    assert not list(tmp_path.glob("*.pdf*"))  # nothing printed, nothing half-written
    with services.sessions() as session:
        (stored,) = session.scalars(select(Contract)).all()  # the sale is kept
    monkeypatch.undo()
    with services.unit_of_work() as uow:
        again = stored_sale(uow, stored.number)
    assert contract_hash(again.contract) == stored.content_sha256
    assert again.receipt is not None and again.receipt.amount == D("1000.00")
    sale = demo_sale.run_demo_sale(services, tmp_path)
    assert sale.contract_number != stored.number


def test_every_kind_of_plan_is_rebuilt_from_its_record_to_the_same_hash():
    for method, term in [
        (Method.EQUAL_INSTALLMENT, 24),
        (Method.EQUAL_PRINCIPAL, 12),
        (Method.FLAT_FEE, 6),
        (Method.INTEREST_FREE, 6),
    ]:
        data = contract(method, term, trade_in={"credit": "800.00"})
        record = json.loads(json.dumps(contract_record(data)))  # as stored
        again = contract_from_record(record, data.signature_png)
        assert contract_hash(again) == contract_hash(data)
        assert canonical(again, copy="customer") == canonical(data, copy="customer")


def test_a_record_that_no_longer_seals_to_its_hash_is_not_printed(services):
    sale = _sign(services, contract())
    with services.sessions.begin() as session:
        row = session.get(Contract, sale.contract.id)
        context = f"contracts.document:{row.id}"
        record = json.loads(services.cipher.decrypt(row.document_enc, context=context))
        record["customer_address"] = "伪造地址 1 号"
        row.document_enc = services.cipher.encrypt(json.dumps(record).encode(), context=context)
    with (
        pytest.raises(EnvironmentProblem, match="does not seal to the hash"),
        services.unit_of_work() as uow,
    ):
        stored_sale(uow, sale.contract.number)


def test_a_managers_approval_lets_a_reviewed_application_sign(services):
    from app.services.applications import override_application

    submitted = submit(services, example("review"))
    with services.unit_of_work() as uow:
        override_application(
            uow,
            application_id=submitted.application.id,
            manager_username="manager01",
            password="demo1234",
            decision=Decision.APPROVE,
            reason="收入证明已核实",
        )
    sale = _sign(services, contract(), application_id=submitted.application.id)
    assert sale.contract.template_version == load_clauses().version


def test_four_sales_starting_the_same_day_at_once_get_four_numbers(services):
    from concurrent.futures import ThreadPoolExecutor

    def take_number(_):
        with services.sessions.begin() as session:
            terminal = Catalog(session).terminal()
            store = session.get(Store, terminal.store_id)
            return Contracts(session).next_number(store, terminal, NOW + timedelta(days=30))

    with ThreadPoolExecutor(max_workers=4) as pool:
        numbers = list(pool.map(take_number, range(4)))
    assert sorted(numbers) == [f"SH001-T1-20261223-000{n}" for n in (1, 2, 3, 4)]
