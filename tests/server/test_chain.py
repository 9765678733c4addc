"""Running a chain: two terminals of store SH001 and one of SH002 against a real `fenqi
server` on PostgreSQL. A phone is sold once across terminals (or the second contract is
flagged), traded-in phones and removals travel, the back office works by commands, repeat
applications are seen across a store's own terminals, and a wrong terminal clock is caught."""

from __future__ import annotations

import json
import subprocess
import uuid
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import create_engine, select, text

import app.services.sync as sync_module
from app.domain.errors import EnvironmentProblem, UserError
from app.domain.tradein import Body, Condition, Screen
from app.services.sync import applications_elsewhere, sync_once
from storage.models import BlockEntry, ChainFlag, DeviceUnit, Staff
from storage.types import utcnow
from tests.domain.test_tradein import value
from tests.factories.cli import fenqi
from tests.factories.sales import customer, sell
from tests.server.conftest import add_store
from tests.server.test_sync import credential, outbox, push

pytestmark = pytest.mark.postgres


def in_stock_imei(services, sku: str) -> str:
    with services.sessions() as session:
        return session.scalars(
            select(DeviceUnit.imei)
            .where(DeviceUnit.status == "in_stock", DeviceUnit.product_id.is_not(None))
            .order_by(DeviceUnit.imei)
            .limit(1)
        ).one()


def unit_status(services, imei: str) -> str | None:
    with services.sessions() as session:
        unit = session.scalars(select(DeviceUnit).where(DeviceUnit.imei == imei)).first()
        return None if unit is None else unit.status.value


def flags(services) -> list[tuple[str, dict]]:
    with services.sessions() as session:
        return [(f.kind, f.details) for f in session.scalars(select(ChainFlag))]


def admin(server_db: str, *argv: str) -> subprocess.CompletedProcess[str]:
    """`fenqi server --db DB admin ...`, as the back office types it."""
    return fenqi("server", "--db", server_db, "admin", *argv)


def test_a_phone_sold_at_one_terminal_is_sold_at_every_terminal_of_its_store(
    server, server_db, terminals
):
    t1, t2 = terminals["T1"], terminals["T2"]
    imei = in_stock_imei(t1, "APL-IP17-256-BLK")
    assert unit_status(t2, imei) == "in_stock"
    sell(t1, 1, imei)
    sync_once(t1)
    sync_once(t2)  # the sale reaches the other counter with its next pull
    assert unit_status(t2, imei) == "sold"
    with pytest.raises(UserError, match=f"IMEI {imei} is not a new phone in stock here"):
        sell(t2, 2, imei)
    sync_once(t1)  # and the selling terminal keeps its own sale as it was
    assert unit_status(t1, imei) == "sold"
    assert flags(t1) == flags(t2) == []


def test_a_second_contract_on_a_sold_phone_is_kept_and_flagged_to_the_store(
    server, server_db, terminals
):
    t1, t2 = terminals["T1"], terminals["T2"]
    imei = in_stock_imei(t1, "APL-IP17-256-BLK")
    server.kill()  # the line is down: both counters sell the same phone
    first, second = sell(t1, 1, imei), sell(t2, 2, imei)
    server.start()
    assert sync_once(t1).refused == [] and sync_once(t2).refused == []  # both were signed
    engine = create_engine(server_db)
    with engine.connect() as connection:
        held = connection.execute(
            text("SELECT contract FROM sold_imeis WHERE imei = :i"), {"i": imei}
        )
        assert held.scalars().all() == [first]
    engine.dispose()
    sync_once(t1)
    sync_once(t2)
    expected = [("imei_sold_twice", {"imei": imei, "contract": second, "first_contract": first})]
    assert flags(t1) == flags(t2) == expected  # the store manager's desk lists it


def test_a_traded_in_phone_joins_the_stores_stock_on_the_server_and_other_terminals(
    server, server_db, terminals
):
    from tests.services.test_tradeins import _accept

    add_store(server_db, "SH002")
    t1, t2, elsewhere = terminals["T1"], terminals["T2"], terminals["SH002/T1"]
    appraisal = value(Condition(Screen.SCRATCHES, Body.B, 84))
    with t1.unit_of_work() as uow:
        unit_id = _accept(uow, appraisal).device_unit_id
    sync_once(t1)
    sync_once(t2)
    sync_once(elsewhere)
    with t2.sessions() as session:
        unit = session.get(DeviceUnit, unit_id)
        assert (unit.imei, unit.status.value, unit.condition.value) == (
            appraisal.imei,
            "in_stock",
            "used",
        )
        assert unit.description.startswith(appraisal.model)
    assert unit_status(elsewhere, appraisal.imei) is None  # another store's stock is its own
    listed = admin(server_db, "list", "device_units", "--store", "SH001")
    assert listed.returncode == 0 and str(unit_id) in listed.stdout


def test_the_back_office_changes_reference_data_by_commands_and_removals_reach_terminals(
    server, server_db, terminals
):
    from app.services.auth import log_in

    t1 = terminals["T1"]
    added = admin(
        server_db, "put", "staff",
        '{"store": "SH001", "username": "sales09", "display_name": "赵六", "role": "sales",'
        ' "password": "counter-pass-9"}',
        "--by", "总部 IT 刘工",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    staff_id = added.stdout.split()[1].removesuffix(":")
    blocked = admin(
        server_db, "put", "blocklist",
        '{"kind": "imei", "key": "35 209900 176148 1", "reason": "挂失", "source": "总部"}',
    )  # fmt: skip
    assert blocked.returncode == 0, blocked.stderr
    block_id = blocked.stdout.split()[1].removesuffix(":")
    sync_once(t1)
    assert log_in(t1, "sales09", "counter-pass-9").username == "sales09"
    with t1.sessions() as session:
        assert session.scalars(select(BlockEntry.key).where(BlockEntry.kind == "imei")).all()
        assert "352099001761481" in session.scalars(select(BlockEntry.key)).all()
    assert admin(server_db, "remove", "blocklist", block_id).returncode == 0
    assert admin(server_db, "remove", "staff", staff_id).returncode == 0
    sync_once(t1)  # the tombstones arrive
    with t1.sessions() as session:
        assert "352099001761481" not in session.scalars(select(BlockEntry.key)).all()
        assert session.scalars(select(Staff).where(Staff.username == "sales09")).first() is None
    t2 = terminals["T2"]
    listed = admin(server_db, "list", "terminals", "--store", "SH001").stdout.splitlines()
    t2_row = next(line.split()[0] for line in listed if '"code": "T2"' in line)
    assert admin(server_db, "remove", "terminals", t2_row).returncode == 0
    with pytest.raises(EnvironmentProblem, match="revoked"):
        sync_once(t2)  # a terminal removed from the chain syncs no more
    again = admin(server_db, "remove", "staff", staff_id)
    assert again.returncode == 2 and again.stderr.startswith("error: no staff row ")
    # each change checked against the terminals' own tables before it is stored
    for values, message in [
        ('{"store": "SH001", "username": "sales01", "display_name": "重名", "role": "sales",'
         ' "password": "another-pass"}', "already has username = sales01"),
        ('{"store": "BJ009", "username": "x1", "display_name": "无店", "role": "sales",'
         ' "password": "another-pass"}', "the chain has no store BJ009"),
        ('{"store": "SH001", "username": "x2", "display_name": "短", "role": "sales",'
         ' "password": "short"}', "at least 8 characters"),
        ('{"store": "SH001", "username": "x3", "display_name": "角色", "role": "boss",'
         ' "password": "another-pass"}', "not of its column's type"),
        ('{"username": "x4"}', "staff needs display_name, password_hash, role, store_id"),
    ]:  # fmt: skip
        refused = admin(server_db, "put", "staff", values)
        assert refused.returncode == 2 and message in refused.stderr, refused.stderr
        assert refused.stderr.count("\n") == 1
    engine = create_engine(server_db)
    with engine.connect() as connection:
        log = connection.execute(
            text('SELECT "by", action, table_name, "values" FROM admin_log ORDER BY id')
        ).all()
        cursors = (
            connection.execute(text("SELECT cursor FROM reference_rows ORDER BY cursor"))
            .scalars()
            .all()
        )
    engine.dispose()
    assert [(e.action, e.table_name) for e in log] == [
        ("put", "staff"), ("put", "blocklist"), ("remove", "blocklist"), ("remove", "staff"),
        ("remove", "terminals"),
    ]  # fmt: skip
    assert log[0].by == "总部 IT 刘工" and "password" not in log[0].values
    assert len(cursors) == len(set(cursors))  # one sequence: no cursor given twice


def test_repeat_applications_are_counted_across_the_stores_own_terminals(
    server, server_db, terminals, capsys
):

    from tests.factories.applications import example
    from tests.factories.cli import run

    t1, t2 = terminals["T1"], terminals["T2"]
    sell(t1, 4)
    sync_once(t1)
    id_number = customer(4)[0]["id_number"]
    assert applications_elsewhere(t2, id_number).applications == 1  # T1's, of the same store
    assert applications_elsewhere(t1, id_number).applications == 0  # its own are counted locally
    with t1.unit_of_work() as uow:  # what T1's contract asks of her each month
        (contract,) = uow.contracts.of_customer(uow.customers.find(id_number).id)
        largest = max(r.principal + r.interest_or_fee for r in uow.contracts.schedule(contract.id))
    assert applications_elsewhere(t2, id_number).monthly_instalments == largest
    assert applications_elsewhere(t1, id_number).monthly_instalments == 0  # its own: locally
    application = example("approve")
    application["customer"] = customer(4)[0]
    path = server.log.parent / "application.json"
    path.write_text(json.dumps(application, ensure_ascii=False), "utf-8")
    code, out, _ = run(capsys, "risk", str(path), "--db", str(t2.settings.db_url), "--json")
    assert code == 0
    assert "CHAIN_UNREACHABLE" not in {r["code"] for r in json.loads(out)["reasons"]}
    server.kill()  # `fenqi risk` asks the chain as the window does, and says when it cannot
    code, out, _ = run(capsys, "risk", str(path), "--db", str(t2.settings.db_url), "--json")
    assert code == 0 and "CHAIN_UNREACHABLE" in {r["code"] for r in json.loads(out)["reasons"]}


def test_a_terminal_clock_far_from_the_servers_is_refused_signing_and_flagged(
    server, server_db, terminals, monkeypatch
):
    t1 = terminals["T1"]
    sell(t1, 1)
    events = outbox(t1)
    for event in events:  # a terminal 40 days behind made these
        event["created_at"] = (utcnow() - timedelta(days=40)).isoformat()
    answers = push(server.url, credential(t1), events).json()["answers"]
    assert {a["status"] for a in answers} == {"applied"}  # kept, and flagged
    sync_once(t1)
    (flag,) = flags(t1)  # one flag for the batch, not one for each record
    assert flag[0] == "clock" and flag[1]["records"] == len(events)
    assert flag[1]["entities"] == sorted({e["entity"] for e in events})
    behind = utcnow() - timedelta(days=40)
    monkeypatch.setattr(sync_module, "utcnow", lambda: behind)  # the terminal's clock
    assert sync_once(t1).clock_offset_s == pytest.approx(40 * 86400, abs=120)
    monkeypatch.undo()
    with pytest.raises(UserError, match="57600 minutes behind the chain server's"):
        sell(t1, 2)
    assert sync_once(t1).clock_offset_s == pytest.approx(0, abs=120)  # set right, synced
    sell(t1, 2)


def test_a_cursor_beyond_any_change_is_a_bad_request_not_a_busy_server(server, terminals):
    answer = httpx.get(
        f"{server.url}/v1/pull",
        params={"after": 2**71},
        headers={"Authorization": f"Bearer {credential(terminals['T1'])}"},
    )
    assert answer.status_code == 422


def test_new_risk_rules_by_command_replace_the_active_ones_at_the_terminal(
    server, server_db, terminals, tmp_path
):

    t1 = terminals["T1"]
    listed = admin(server_db, "list", "reference_documents").stdout.splitlines()
    current = next(
        json.loads(line.split("  ", 3)[3]) for line in listed if '"kind": "risk_rules"' in line
    )
    rules = {**current, "doc_version": "hq-2027.01"}
    rules["document"] = {**rules["document"], "version": "hq-2027.01"}
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(rules, ensure_ascii=False), "utf-8")
    done = admin(server_db, "put", "reference_documents", f"@{path}", "--by", "风控部")
    assert done.returncode == 0, done.stderr
    sync_once(t1)
    with t1.unit_of_work() as uow:  # one active set of rules: the new one
        assert uow.reference.risk_rules().version == "hq-2027.01"
    broken = {**rules, "doc_version": "hq-2027.02", "document": {"version": "hq-2027.02"}}
    path.write_text(json.dumps(broken), "utf-8")
    refused = admin(server_db, "put", "reference_documents", f"@{path}")
    assert refused.returncode == 2 and "risk rules: age is missing" in refused.stderr
    sync_once(t1)
    with t1.unit_of_work() as uow:
        assert uow.reference.risk_rules().version == "hq-2027.01"


def test_a_terminal_changes_only_its_own_stores_records(server, server_db, terminals):
    """Pushed with one counter's real credential (the attacker is the counter PC): another
    store's phone, unit and customer stay as they are; the clash is flagged to both."""
    from tests.server.test_sync import another, credential, outbox, push
    from tests.services.test_tradeins import _accept

    add_store(server_db, "SH002")
    t1, elsewhere = terminals["T1"], terminals["SH002/T1"]
    product = admin(server_db, "list", "products").stdout.split()[0]
    theirs = "490154203237518"
    put = admin(server_db, "put", "device_units", json.dumps({
        "store": "SH002", "product_id": product, "imei": theirs, "status": "in_stock",
        "condition": "new",
    }))  # fmt: skip
    assert put.returncode == 0, put.stderr
    their_unit = put.stdout.split()[1].removesuffix(":")
    sync_once(elsewhere)
    sell(t1, 1)
    events = outbox(t1)
    contract = next(e for e in events if e["entity"] == "contracts")
    application = next(e for e in events if e["entity"] == "applications")

    their_customer = another(next(e for e in events if e["entity"] == "customers"))
    [answer] = push(server.url, credential(elsewhere), [their_customer]).json()["answers"]
    assert answer["status"] == "applied"  # a customer of SH002

    number = contract["payload"]["number"]
    on_theirs = {**contract, "payload": {**contract["payload"], "device_imei": theirs}}
    stranger = another(application, customer_id=their_customer["entity_id"])
    twice = another(application)
    answers = push(server.url, credential(t1), [*events[:-2], on_theirs, events[-1], stranger,
                                                twice, twice]).json()["answers"]  # fmt: skip
    statuses = [a["status"] for a in answers]
    assert statuses[-3] == "refused" and "not a record of this store" in answers[-3]["reason"]
    assert statuses[-2:] == ["applied", "duplicate"]  # one event id applies once
    listed = admin(server_db, "list", "device_units", "--store", "SH002").stdout
    assert f'"imei": "{theirs}"' in listed
    assert next(line for line in listed.splitlines() if theirs in line).count('"in_stock"') == 1
    sync_once(t1)
    sync_once(elsewhere)
    expected = ("imei_other_store", {"imei": theirs, "contract": number})
    assert expected in flags(t1) and expected in flags(elsewhere)
    assert unit_status(elsewhere, theirs) == "in_stock"  # their phone is still for sale

    appraisal = value(Condition(Screen.SCRATCHES, Body.B, 84))
    with t1.unit_of_work() as uow:
        _accept(uow, appraisal)
    trade_in = next(e for e in outbox(t1) if e["entity"] == "trade_ins")
    rewrite = another(trade_in, device_unit_id=their_unit)
    refused_offer = another(trade_in, accepted=False, device_unit_id=str(uuid.uuid4()),
                            imei="356938035643817")  # fmt: skip
    answers = push(server.url, credential(t1), [rewrite, refused_offer]).json()["answers"]
    assert [a["status"] for a in answers] == ["applied", "applied"]
    listed = admin(server_db, "list", "device_units").stdout
    line = next(line for line in listed.splitlines() if line.startswith(their_unit))
    assert '"condition": "new"' in line and theirs in line  # not rewritten as a used phone
    assert "356938035643817" not in listed  # a trade-in the customer refused is no stock
