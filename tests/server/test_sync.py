"""Terminals and the central server through an offline day and the faults of a real network:
after each, the server holds exactly what the terminals sold, once, and their outboxes are
empty. Real server processes on 127.0.0.1, real PostgreSQL, terminals on SQLite files."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import threading
import uuid
from datetime import timedelta
from decimal import Decimal

import httpx
import numpy_financial as npf
import pytest
from sqlalchemy import create_engine, func, select, text

from app.domain.errors import EnvironmentProblem
from app.services.sync import sync_once
from storage.models import Contract, Meta, OutboxEvent
from storage.outbox import Outbox
from storage.types import utcnow
from tests.factories.cli import fenqi
from tests.factories.sales import acknowledge_all, as_read, sell
from tests.server.conftest import ROOT, ServerProcess, add_store

pytestmark = pytest.mark.postgres


def server_counts(server_db: str) -> dict[str, int]:
    """Records per entity on the server, and how many events it has answered."""
    engine = create_engine(server_db)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT entity, count(*) FROM synced_records GROUP BY entity")
            )
            counts = {entity: n for entity, n in rows}
            counts["events"] = connection.scalar(text("SELECT count(*) FROM received_events"))
            return counts
    finally:
        engine.dispose()


def contract_numbers(server_db: str) -> list[str]:
    engine = create_engine(server_db)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT payload FROM synced_records WHERE entity = 'contracts'")
            )
            payloads = [json.loads(p) if isinstance(p, str) else p for (p,) in rows]  # SQLite
            return sorted(payload["number"] for payload in payloads)
    finally:
        engine.dispose()


def pending(services) -> int:
    with services.sessions() as session:
        return Outbox(session).counts()[0]


def local_numbers(services) -> list[str]:
    with services.sessions() as session:
        return list(session.scalars(select(Contract.number)))


def outbox(services) -> list[dict]:
    """The terminal's queue as it would be pushed."""
    from app.services.sync import _event_json

    with services.sessions() as session:
        return [_event_json(e) for e in session.scalars(select(OutboxEvent))]


def credential(services) -> str:
    from app.services.sync import CREDENTIAL, _unseal

    with services.sessions() as session:
        sealed = session.get(Meta, CREDENTIAL).value
    return _unseal(services, CREDENTIAL, sealed).decode()


def another(event: dict, **payload) -> dict:
    """The event as a new record (new event and entity ids), `payload` fields changed."""
    return {**event, "event_id": str(uuid.uuid4()), "entity_id": str(uuid.uuid4()),
            "payload": {**event["payload"], **payload}}  # fmt: skip


def push(url: str, token: str, events: list[dict]) -> httpx.Response:
    return httpx.post(
        f"{url}/v1/push",
        json={"events": events},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )


def test_two_terminals_live_through_an_offline_day_and_a_reconnect(server, server_db, terminals):
    t1, t2 = terminals["T1"], terminals["T2"]
    server.kill()  # the line goes down
    sold = [sell(t1, n, "APL-IP17-256-BLK") for n in range(3)]
    sold += [sell(t2, n, "HW-M70-256-WHT") for n in range(3, 5)]
    with pytest.raises(EnvironmentProblem, match="does not answer"):
        sync_once(t1)
    assert pending(t1) == 15 and pending(t2) == 10  # customer, quote, application, contract,
    server.start()  # payment per sale; the line is back
    reports = [sync_once(t1), sync_once(t2)]
    assert [r.pushed for r in reports] == [15, 10]
    assert [r.refused for r in reports] == [[], []]
    assert pending(t1) == pending(t2) == 0
    assert contract_numbers(server_db) == sorted(sold)
    assert all(n.startswith("SH001-T1-") for n in local_numbers(t1))
    counts = server_counts(server_db)
    assert counts == {
        "customers": 5,
        "quotes": 5,
        "applications": 5,
        "contracts": 5,
        "payments": 5,
        "events": 25,
    }
    assert sync_once(t1).pushed == 0  # nothing twice
    assert server_counts(server_db) == counts


def test_an_answer_lost_after_the_server_committed_is_sent_again_without_a_duplicate(
    server, server_db, terminals
):
    t1 = terminals["T1"]
    sell(t1, 1)
    events = outbox(t1)
    first = push(server.url, credential(t1), events)  # committed; the answer never arrives
    assert {a["status"] for a in first.json()["answers"]} == {"applied"}
    report = sync_once(t1)  # the terminal sends the same events again
    assert report.pushed == 5 and report.refused == [] and pending(t1) == 0
    assert server_counts(server_db)["contracts"] == 1
    assert server_counts(server_db)["events"] == 5


def test_the_same_batch_sent_twice_at_once_is_stored_once(server, server_db, terminals):
    t1 = terminals["T1"]
    for n in range(4):
        sell(t1, n)
    events, token = outbox(t1), credential(t1)
    answers: list[list[dict]] = []

    def send() -> None:
        answers.append(push(server.url, token, events).json()["answers"])

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(a["status"] for batch in answers for a in batch)
    assert statuses == ["applied"] * 20 + ["duplicate"] * 20
    assert server_counts(server_db)["contracts"] == 4


def test_two_server_processes_on_one_database_with_terminals_alternating(
    servers, server, server_db, terminals, tmp_path
):
    other = ServerProcess(server_db, tmp_path / "server2.log").start()
    servers.append(other)
    t1, t2 = terminals["T1"], terminals["T2"]
    for round_ in range(3):
        sell(t1, round_, "APL-IP17-256-BLK")
        sell(t2, 10 + round_, "HW-M70-256-WHT")
        first, second = (server, other) if round_ % 2 == 0 else (other, server)
        assert sync_once(t1, first.url).refused == []
        assert sync_once(t2, second.url).refused == []
    assert pending(t1) == pending(t2) == 0
    assert server_counts(server_db)["contracts"] == 6
    assert server_counts(server_db)["events"] == 30


def test_the_server_killed_mid_push_loses_and_duplicates_nothing(server, server_db, terminals):
    t1 = terminals["T1"]
    sold = [sell(t1, n, "APL-IP17-256-BLK" if n % 2 else "HW-M70-256-WHT") for n in range(6)]
    pushing = threading.Thread(target=lambda: _sync_quietly(t1, batch=1))
    pushing.start()  # one event a request: the kill lands between two of them
    while pending(t1) > 24:
        pass
    server.kill()
    pushing.join()
    assert 0 < pending(t1) < 30
    server.start()
    assert sync_once(t1).refused == []
    assert pending(t1) == 0
    assert contract_numbers(server_db) == sorted(sold)
    assert server_counts(server_db)["events"] == 30


def _sync_quietly(services, **kwargs) -> None:
    with contextlib.suppress(EnvironmentProblem):
        sync_once(services, **kwargs)


def test_the_terminal_killed_mid_sync_sends_the_rest_next_time(
    server, server_db, terminals, tmp_path
):
    t1 = terminals["T1"]
    for n in range(6):
        sell(t1, n, "APL-IP17-256-BLK" if n % 2 else "HW-M70-256-WHT")
    db = str(t1.settings.db_url)
    code = (
        "import sys; from app.services.bootstrap import open_services;"
        "from app.services.sync import sync_once;"
        "sync_once(open_services(sys.argv[1]), batch=1)"
    )
    process = subprocess.Popen([sys.executable, "-c", code, db], cwd=ROOT)
    while pending(t1) > 20 and process.poll() is None:
        pass
    process.kill()  # the terminal's power is cut mid-round
    process.wait()
    assert sync_once(t1).refused == []
    assert pending(t1) == 0
    assert server_counts(server_db)["contracts"] == 6
    assert server_counts(server_db)["events"] == 30


def test_a_terminal_clock_days_wrong_changes_nothing_the_server_decides(
    server, server_db, terminals
):
    add_store(server_db, "SH002")
    t1, elsewhere = terminals["T1"], terminals["SH002/T1"]
    sell(t1, 1)
    events = outbox(t1)
    for event in events:  # the terminal's clock runs nine days ahead
        event["created_at"] = (utcnow() + timedelta(days=9)).isoformat()
    answers = push(server.url, credential(t1), events).json()["answers"]
    assert {a["status"] for a in answers} == {"applied"}
    application = next(e for e in events if e["entity"] == "applications")
    asked = httpx.get(
        f"{server.url}/v1/chain/applications",
        params={"id_hmac": application["payload"]["id_number_hmac"], "days": 1},
        headers={"Authorization": f"Bearer {credential(elsewhere)}"},
    )
    assert asked.json() == {  # the server's clock
        "count": 1,
        "stores": ["SH001"],
        "days": 1,
        "monthly_instalments": "444.16",  # her contract at SH001 asks this of her each month
    }


def test_a_malformed_record_is_refused_with_its_reason_and_the_rest_of_its_batch_applies(
    server, server_db, terminals
):
    t1 = terminals["T1"]
    sell(t1, 1)
    events = outbox(t1)
    broken = dict(events[0], event_id=str(uuid.uuid4()), entity="secrets")
    wrong_store = {**events[3], "event_id": str(uuid.uuid4()), "entity_id": str(uuid.uuid4())}
    wrong_store["payload"] = {**wrong_store["payload"], "number": "BJ009-T1-20261202-0001"}
    answers = push(server.url, credential(t1), [broken, *events, wrong_store]).json()
    statuses = [a["status"] for a in answers["answers"]]
    assert statuses == ["refused", "applied", "applied", "applied", "applied", "applied", "refused"]
    assert "entity" in answers["answers"][0]["reason"]
    assert "not one of store SH001" in answers["answers"][6]["reason"]
    assert server_counts(server_db)["contracts"] == 1


def test_one_hostile_record_is_refused_alone_and_never_breaks_the_chain(
    server, server_db, terminals
):
    t1 = terminals["T1"]
    sell(t1, 1)
    events = outbox(t1)

    def another(event: dict, **changes) -> dict:
        return {**event, "event_id": str(uuid.uuid4()), "entity_id": str(uuid.uuid4()), **changes}

    nested: object = "x"
    for _ in range(900):
        nested = [nested]
    application = next(e for e in events if e["entity"] == "applications")
    hostile = [
        another(application, payload={**application["payload"], "reasons": nested}),
        another(application, payload={**application["payload"], "tier": "A\x00"}),
        another(application, payload={**application["payload"], "tier": "A" * 30_000}),
        another(application, entity_version=2**31),
        another(application, seq=2**63),
    ]
    answers = push(server.url, credential(t1), [*hostile, *events]).json()["answers"]
    assert [a["status"] for a in answers] == ["refused"] * 5 + ["applied"] * len(events)
    reasons = [a["reason"] for a in answers[:5]]
    assert "nested deeper than 8" in reasons[0] and "NUL" in reasons[1]
    assert "longer than 20000" in reasons[2]
    assert "entity_version" in reasons[3] and "seq" in reasons[4]
    deep = "[" * 100_000 + "]" * 100_000
    response = httpx.post(
        f"{server.url}/v1/push",
        content=f'{{"events": {deep}}}',
        headers={"Authorization": f"Bearer {credential(t1)}", "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert httpx.get(f"{server.url}/health").status_code == 200


def test_the_ledger_checks_amounts_and_schedules_and_never_lets_a_payment_be_rewritten(
    server, server_db, terminals
):
    t1 = terminals["T1"]
    sell(t1, 1)
    events = outbox(t1)
    contract = next(e for e in events if e["entity"] == "contracts")
    payment = next(e for e in events if e["entity"] == "payments")

    schedule = contract["payload"]["schedule"]
    short = [{**schedule[0], "principal": "0.50", "payment": "0.50", "interest_or_fee": "0"}]
    negative = [{**row, "payment": "-" + row["payment"]} for row in schedule]
    plan = contract["payload"]["plan"]
    dear = [  # 500.00 a month more interest: a true APR far above the stated 0.12
        {**row, "interest_or_fee": f"{Decimal(row['interest_or_fee']) + 500:.2f}",
         "payment": f"{Decimal(row['payment']) + 500:.2f}"}
        for row in schedule
    ]  # fmt: skip
    financed = float(contract["payload"]["financed"])
    true_apr = 12 * npf.irr([-financed, *(float(r["payment"]) for r in dear)])  # the oracle
    hostile = [
        another(contract, financed="Infinity"),
        another(contract, financed="1E+400"),
        another(contract, schedule=short, plan={**plan, "term": 1}),
        another(contract, schedule=negative),
        another(payment, amount="1E+30"),
        another(payment, amount="12.345"),
        another(contract, plan={**contract["payload"]["plan"], "apr": "0.50"}),
        another(payment, contract=contract["payload"]["number"][:-4] + "9999"),
        another(payment, allocations=[{"n": 1, "component": "principal",
                                       "amount": str(10 * Decimal(payment["payload"]["amount"]))}]),
        another(contract, schedule=dear),
        another(contract, schedule=dear, plan={**plan, "apr": f"{true_apr:.6f}"}),
        another(contract, rate="9.99"),
        another(contract, plan={**plan, "term": 60}),
        another(contract, rate_table="nowhere-2026.01"),
    ]  # fmt: skip
    answers = push(server.url, credential(t1), [*events, *hostile]).json()["answers"]
    assert [a["status"] for a in answers] == ["applied"] * len(events) + ["refused"] * 14
    reasons = [a["reason"] for a in answers[len(events) :]]
    assert (
        reasons[0] == reasons[1] == ("contract without its financed amount (yuan, 0 to 10,000,000)")
    )
    assert "does not add up to the amount financed" in reasons[2]
    assert "not yuan" in reasons[3]
    assert reasons[4] == reasons[5] == "payment without an amount in yuan (0 to 10,000,000)"
    assert reasons[6].startswith("contract states APR 0.50 but its schedule's own rate (IRR) is")
    assert reasons[9].startswith("contract states APR 0.12")  # 500.00 a month more interest
    assert reasons[10] == (
        f"contract at APR {Decimal(f'{true_apr:.6f}')} (from its schedule): above the cap 0.24 "
        "of its rate table"
    )  # stated truly, and still above the law's cap the store was given
    assert "at rate 9.99 is not an offer of rate table" in reasons[11]
    assert reasons[12] == f"contract of 60 months with {len(schedule)} instalments in its schedule"
    assert reasons[13] == (
        "contract priced under rate table 'nowhere-2026.01', which the chain never gave store SH001"
    )
    assert reasons[7].endswith("9999, which the chain does not hold")
    assert reasons[8] == "payment allocations adding up to more than the payment"
    rewritten = {**payment, "event_id": str(uuid.uuid4()), "entity_version": 2,
                 "payload": {**payment["payload"], "amount": "5.00"}}  # fmt: skip
    (answer,) = push(server.url, credential(t1), [rewritten]).json()["answers"]
    assert (answer["status"], answer["reason"]) == (
        "refused",
        "a recorded payment cannot be changed",
    )


def test_a_record_must_name_records_of_its_store_and_its_number_its_terminal(
    server, server_db, terminals
):
    t1, t2 = terminals["T1"], terminals["T2"]
    sell(t1, 1)
    events = outbox(t1)
    contract = next(e for e in events if e["entity"] == "contracts")
    payment = next(e for e in events if e["entity"] == "payments")
    orphan = {**contract, "event_id": str(uuid.uuid4()), "entity_id": str(uuid.uuid4())}
    orphan["payload"] = {**contract["payload"], "customer_id": str(uuid.uuid4())}
    answers = push(server.url, credential(t1), [orphan]).json()["answers"]
    assert answers[0]["reason"].startswith("contract names customer_id '")
    taken = {**contract, "event_id": str(uuid.uuid4()), "entity_id": str(uuid.uuid4())}
    answers = push(server.url, credential(t2), [taken]).json()["answers"]  # T1's number
    assert answers[0]["reason"] == (
        f"contract number {contract['payload']['number']} was not given by terminal T2"
    )
    assert {a["status"] for a in push(server.url, credential(t1), events).json()["answers"]} == {
        "applied"
    }
    reversal = {**payment, "event_id": str(uuid.uuid4()), "entity_id": str(uuid.uuid4())}
    reversal["payload"] = {**payment["payload"], "kind": "reversal", "amount": "-1000.00",
                           "reverses": str(uuid.uuid4())}  # fmt: skip
    (answer,) = push(server.url, credential(t1), [reversal]).json()["answers"]
    assert answer["status"] == "refused" and "names reverses" in answer["reason"]
    again = {**contract, "event_id": str(uuid.uuid4()), "entity_id": str(uuid.uuid4())}
    (answer,) = push(server.url, credential(t1), [again]).json()["answers"]  # a second -0001
    assert (answer["status"], answer["reason"]) == (
        "refused",
        f"contract number {contract['payload']['number']} is already another contract's",
    )


def test_versions_an_older_one_never_overwrites_and_a_conflicting_edit_is_refused(
    server, server_db, terminals
):
    t1 = terminals["T1"]
    sell(t1, 1)
    token = credential(t1)
    events = outbox(t1)
    contract = next(e for e in events if e["entity"] == "contracts")
    answers = push(server.url, token, events).json()["answers"]  # its customer and application
    assert answers[events.index(contract)]["status"] == "applied"

    def version(n: int, **payload) -> dict:
        return {**contract, "event_id": str(uuid.uuid4()), "entity_version": n,
                "payload": {**contract["payload"], **payload}}  # fmt: skip

    closed = version(contract["entity_version"] + 1, status="closed")
    assert push(server.url, token, [closed]).json()["answers"][0]["status"] == "applied"
    older = push(server.url, token, [version(contract["entity_version"])]).json()["answers"][0]
    assert older["status"] == "stale" and older["current_version"] == closed["entity_version"]
    clash = push(server.url, token, [version(closed["entity_version"], status="x")]).json()
    assert clash["answers"][0]["status"] == "refused"
    assert clash["answers"][0]["current_version"] == closed["entity_version"]
    # another phone on the signed contract (a forged amount is refused before: its schedule)
    forged = push(server.url, token, [version(9, device_imei="353288173764865")]).json()
    forged = forged["answers"][0]
    assert forged == {
        "event_id": forged["event_id"],
        "status": "refused",
        "reason": "a signed contract cannot be changed",
        "current_version": closed["entity_version"],
    }


def test_the_terminal_sets_refused_events_aside_and_reports_them(server, terminals):
    t1 = terminals["T1"]
    sell(t1, 1)
    with t1.sessions.begin() as session:  # a bug made one record the server cannot take
        event = session.scalars(select(OutboxEvent).where(OutboxEvent.entity == "payments")).one()
        event.payload = {**event.payload, "amount": "lots"}
    report = sync_once(t1)
    assert report.pushed == 4 and pending(t1) == 0
    assert [(r["entity"], r["reason"]) for r in report.refused] == [
        ("payments", "payment without an amount in yuan (0 to 10,000,000)")
    ]
    with t1.sessions() as session:
        refused = session.scalars(select(OutboxEvent).where(OutboxEvent.refused_at.is_not(None)))
        assert [e.last_error for e in refused] == [
            "payment without an amount in yuan (0 to 10,000,000)"
        ]


def test_wrong_expired_and_missing_credentials_and_oversized_pushes_are_refused(
    server, server_db, terminals
):
    t1 = terminals["T1"]
    token = credential(t1)
    terminal_id, _, secret = token.partition(".")
    assert push(server.url, f"{terminal_id}.{secret[:-2]}xx", []).status_code == 401
    assert push(server.url, f"{uuid.uuid4()}.{secret}", []).status_code == 401
    assert httpx.post(f"{server.url}/v1/push", json={"events": []}).status_code == 401
    huge = [{"event_id": str(uuid.uuid4()), "payload": {"x": "y" * 1000}}] * 9000
    assert push(server.url, token, huge).status_code == 413
    assert push(server.url, token, [{}] * 501).status_code == 413
    engine = create_engine(server_db)
    with engine.begin() as connection:  # a year later
        connection.execute(
            text("UPDATE enrolled_terminals SET expires_at = :past"),
            {"past": utcnow() - timedelta(days=1)},
        )
    engine.dispose()
    answer = push(server.url, token, [])
    assert answer.status_code == 401 and "expired" in answer.json()["detail"]
    with pytest.raises(EnvironmentProblem, match="refused this terminal"):
        sync_once(t1)


def test_the_server_keeps_only_a_hash_of_each_credential_and_codes_work_once(
    server, server_db, terminals
):
    token = credential(terminals["T1"])
    engine = create_engine(server_db)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT * FROM enrolled_terminals")).all()
        codes = connection.execute(text("SELECT * FROM enrolment_codes")).all()
    engine.dispose()
    assert token.split(".")[1] not in repr(stored)
    assert all(c.used_at is not None for c in codes)


def test_enrolling_hashes_existing_customers_with_the_chain_key(server, server_db, demo_sqlite_url):
    from app.services.bootstrap import open_services
    from app.services.sync import enrol
    from storage.models import Customer
    from tests.factories.sales import customer
    from tests.server.conftest import enrolment_code

    services = open_services(demo_sqlite_url)  # a store that sold before it had a server
    try:
        sell(services, 7)
        id_number = customer(7)[0]["id_number"]
        with services.unit_of_work() as uow:
            before = uow.customers.find(id_number).id_number_hmac
        enrol(services, server.url, enrolment_code(server_db, "SH001", "T1"))
        with services.unit_of_work() as uow:
            found = uow.customers.find(id_number)  # found again, by the chain's hash
            assert found is not None and found.id_number_hmac != before
        with services.sessions() as session:
            assert session.scalar(select(func.count()).select_from(Customer)) == 1
        assert pending(services) == 0
    finally:
        services.close()
    engine = create_engine(server_db)
    with engine.connect() as connection:
        hashes = connection.execute(
            text("SELECT id_hmac FROM synced_records WHERE entity = 'applications'")
        ).scalars()
        assert list(hashes) == [found.id_number_hmac]  # queued with the old hash, sent new
    engine.dispose()


def test_a_terminal_writes_only_its_own_stores_records_and_pulls_only_what_its_store_needs(
    server, server_db, terminals
):
    add_store(server_db, "SH002")
    t1, elsewhere = terminals["T1"], terminals["SH002/T1"]
    sell(t1, 1)
    sync_once(t1)
    theirs = {e["entity"]: e for e in outbox(t1)}
    taken = [{**theirs[kind], "event_id": str(uuid.uuid4()), "entity_version": 99}
             for kind in ("customers", "contracts")]  # fmt: skip
    answers = push(server.url, credential(elsewhere), taken).json()["answers"]
    assert [a["reason"] for a in answers] == [
        "this record belongs to store SH001",
        f"contract number {theirs['contracts']['payload']['number']!r} is not one of store SH002",
    ]
    with elsewhere.sessions() as session:  # the chain's catalog, not SH001's staff or stock
        tables = {
            name: session.scalar(text(f"SELECT count(*) FROM {name}"))
            for name in ("stores", "terminals", "staff", "device_units", "products")
        }
    assert tables["stores"] == 2 and tables["terminals"] == 1
    assert tables["staff"] == tables["device_units"] == 0 and tables["products"] > 0


def test_a_one_store_trial_runs_the_server_on_a_sqlite_file(tmp_path, sqlite_url):
    from app.services.bootstrap import open_services
    from app.services.sync import enrol
    from tests.server.conftest import enrolment_code

    server_db = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    assert fenqi("server", "--db", server_db, "init", "--demo").returncode == 0
    server = ServerProcess(server_db, tmp_path / "server.log").start()
    services = open_services(sqlite_url, create=True)
    try:
        enrol(services, server.url, enrolment_code(server_db, "SH001", "T1"))
        sold = [sell(services, n) for n in range(2)]
        report = sync_once(services)
        assert (report.pushed, report.refused, report.pending) == (10, [], 0)
        assert sync_once(services).pushed == 0
    finally:
        services.close()
        server.kill()
    assert contract_numbers(server_db) == sorted(sold)


def test_the_pre_check_asks_the_chain_about_other_stores_and_says_when_it_could_not(
    server, server_db, terminals
):
    from app.services.sync import applications_elsewhere
    from storage.models import Application
    from tests.factories.sales import customer

    add_store(server_db, "SH002")
    t1, elsewhere = terminals["T1"], terminals["SH002/T1"]
    sell(t1, 4)
    sync_once(t1)
    id_number = customer(4)[0]["id_number"]
    assert applications_elsewhere(elsewhere, id_number).applications == 1  # one at SH001
    assert (
        applications_elsewhere(t1, id_number).applications == 0
    )  # its own store's are counted locally
    server.kill()
    assert applications_elsewhere(t1, id_number) is None
    sell(t1, 5)  # the sale goes on offline, and the pre-check says what it could not ask
    with t1.sessions() as session:
        latest = session.scalars(select(Application).order_by(Application.created_at)).all()[-1]
    assert latest.decision.value == "approve"
    assert [r["code"] for r in latest.reasons] == ["CHAIN_UNREACHABLE"]


def test_enrolment_gives_the_store_a_signing_certificate_from_the_chain_root(
    server, server_db, terminals, key_file, chain_key_file
):
    from app.services.signing import stored_sale
    from printing.documents import sale_documents
    from printing.pdf_signatures import verify_pdf
    from server.keys import load_keys
    from storage.certificates import ROOT_CERT, ROOT_KEY, load_or_create_identity
    from tests.conftest import CHAIN_PASSPHRASE

    t1 = terminals["T1"]
    keys = key_file.parent
    assert not (keys / ROOT_KEY).exists()  # only the chain's server can issue
    engine = create_engine(server_db)
    with engine.connect() as connection:
        held = connection.execute(text("SELECT value FROM chain_settings")).scalars().all()
    engine.dispose()
    root = load_keys(chain_key_file, CHAIN_PASSPHRASE).root.cert_pem.decode()
    assert (keys / ROOT_CERT).read_text() == root
    identity = load_or_create_identity(keys, "分期通示例手机店（徐汇店）")
    assert identity.key_pem.decode() not in held  # the terminal's key never left it
    number = sell(t1, 1)
    with t1.unit_of_work() as uow:
        stored = stored_sale(uow, number)
    contract = next(
        pdf
        for name, pdf in sale_documents(stored.contract, stored.receipt, identity).items()
        if name.endswith("-customer.pdf")
    )
    assert verify_pdf(contract, trusted_roots=[root.encode()]).status == "valid"


def test_a_sale_beyond_the_stores_limits_waits_for_the_chain_and_goes_on_once_approved(
    server, server_db, terminals
):
    from decimal import Decimal

    from app.domain.contract import mask_name
    from app.domain.enums import Decision
    from app.domain.errors import UserError
    from app.domain.rates import Method
    from app.services.sale import Sale
    from server.db import open_database
    from server.models import ReferenceRow
    from server.reference import load_reference
    from server.reviews import add_reviewer
    from tests.factories.sales import customer

    engine, sessions = open_database(server_db)
    with sessions.begin() as session:  # head office lowers the stores' own limit
        rules = next(
            r for r in session.scalars(select(ReferenceRow)) if r.values.get("kind") == "risk_rules"
        )
        document = {**rules.values["document"], "central_approval": {"financed_above": "3000"}}
        load_reference(session, [(rules.table_name, rules.row_id,
                                  {**rules.values, "document": document})])  # fmt: skip
        token = add_reviewer(session, "总部审批 王敏")
    engine.dispose()
    t1 = terminals["T1"]
    sync_once(t1)  # the terminal pulls the rule
    sale = Sale.start(t1, "sales01")
    sale.choose_phone("APL-IP17-256-BLK")
    applicant, finances = customer(3)
    sale.set_customer(applicant, finances, **as_read(applicant))
    sale.set_trade_in(None)
    sale.choose_plan(Decimal("1000"), Method.EQUAL_INSTALLMENT, 12)
    result, _ = sale.precheck()
    assert result.decision is Decision.CENTRAL
    assert sale.step.value == "precheck"  # nothing can be signed
    with pytest.raises(UserError, match="manager cannot decide"):
        sale.override("manager01", "demo1234", Decision.APPROVE, "熟客，收入稳定")
    sync_once(t1)
    reviewer = {"Authorization": f"Bearer {token}"}
    waiting = httpx.get(f"{server.url}/v1/reviews", headers=reviewer).json()["pending"]
    assert [w["application_id"] for w in waiting] == [str(sale.outcome.application_id)]
    (case,) = waiting  # what the reviewer decides on, the customer masked
    id_number, name = customer(3)[0]["id_number"], customer(3)[0]["name"]
    assert case["customer"] == f"{mask_name(name)} {id_number[:6]}********{id_number[14:]}"
    assert Decimal(case["down_payment"]) == 1000 and Decimal(case["financed"]) > 3000
    assert case["plan"]["term"] == 12 and case["plan"]["method"] == "equal_installment"
    assert case["tier"] and [r["code"] for r in case["reasons"]] == ["CENTRAL_APPROVAL"]
    assert (
        httpx.get(f"{server.url}/v1/reviews", headers={"Authorization": "Bearer x"}).status_code
        == 401
    )
    assert sale.central_decision() is None  # not decided yet
    decided = httpx.post(
        f"{server.url}/v1/reviews/{sale.outcome.application_id}",
        json={"decision": "approve", "reason": "收入证明齐全，额度可批"},
        headers=reviewer,
    )
    assert decided.status_code == 200
    sync_once(t1)  # the decision comes back with the pull
    assert sale.central_decision() is Decision.APPROVE
    acknowledge_all(sale)
    from printing.signature_image import demo_strokes, signature_png

    strokes = demo_strokes("陈思远")
    number = sale.sign(signature_png(strokes), [list(s) for s in strokes], channel="cash")
    assert sync_once(t1).refused == []
    assert number in contract_numbers(server_db)
    assert httpx.get(f"{server.url}/v1/reviews", headers=reviewer).json()["pending"] == []


def test_a_transaction_reference_taken_at_another_terminal_is_refused(server, server_db, terminals):
    from decimal import Decimal

    from app.services.repayments import record_payment, reverse_payment

    t1, t2 = terminals["T1"], terminals["T2"]
    first, second = sell(t1, 0, "APL-IP17-256-BLK"), sell(t2, 1, "HW-M70-256-WHT")
    taken = {}
    for services, number in ((t1, first), (t2, second)):  # the same WeChat slip, twice
        with services.unit_of_work() as uow:
            taken[number], _ = record_payment(
                uow, number, amount=Decimal("100"), channel="wechat",
                reference="4200001234202612021234", staff_username="sales01",
            )  # fmt: skip
    assert sync_once(t1).refused == []
    [refused] = sync_once(t2).refused
    assert "4200001234202612021234 is already taken by payment" in refused["reason"]
    assert first in refused["reason"]
    # T1 took it for the wrong amount: reversed, then taken again with the same slip
    with t1.unit_of_work() as uow:
        reverse_payment(uow, taken[first].id, manager_username="manager01",
                        password="demo1234", reason="金额录错，冲正后重收")  # fmt: skip
        record_payment(uow, first, amount=Decimal("90"), channel="wechat",
                       reference="4200001234202612021234", staff_username="sales01")  # fmt: skip
    assert sync_once(t1).refused == []


def test_every_record_fits_its_entitys_model_and_one_that_does_not_is_refused(
    server, server_db, terminals
):
    from wire import PAYLOADS, Entity, Event

    t1 = terminals["T1"]
    sell(t1, 1)
    events = outbox(t1)
    for event in events:  # what a real sale queues is the sync format, field for field
        PAYLOADS[Event.model_validate(event).entity].model_validate(event["payload"])
    assert {e["entity"] for e in events} >= {Entity.CONTRACTS, Entity.PAYMENTS, Entity.QUOTES}
    payment = next(e for e in events if e["entity"] == "payments")
    application = next(e for e in events if e["entity"] == "applications")

    hostile = [another(payment, owner="someone else"), another(application, score="high")]
    answers = push(server.url, credential(t1), [*events, *hostile]).json()["answers"]
    assert [a["status"] for a in answers] == ["applied"] * len(events) + ["refused"] * 2
    assert answers[-2]["reason"].startswith("malformed payments payload: owner: Extra inputs")
    assert answers[-1]["reason"].startswith("malformed applications payload: score:")


def test_one_bad_event_is_refused_alone_and_the_batch_goes_on(server, server_db, terminals):
    t1 = terminals["T1"]
    sell(t1, 1)
    events = outbox(t1)
    application = next(e for e in events if e["entity"] == "applications")
    payment = next(e for e in events if e["entity"] == "payments")

    reason = {"code": "DTI_HIGH", "decision": "review", "hard": False}
    hostile = [
        {**another(payment), "created_at": "2026-12-08T09:00:00"},  # no offset: no moment
        another(application, reasons=[{**reason, "weight": float("nan")}]),
        another(payment, channel="c" * 30),
        another(application, reasons=[{"code": "OK\ud800", "decision": "approve", "hard": False}]),
    ]
    body = json.dumps({"events": [*events, *hostile]}, allow_nan=True)
    answer = httpx.post(
        f"{server.url}/v1/push", content=body.encode("utf-8", "surrogatepass"),
        headers={"Authorization": f"Bearer {credential(t1)}",
                 "Content-Type": "application/json"}, timeout=30,
    )  # fmt: skip
    assert answer.status_code == 200, answer.text
    answers = answer.json()["answers"]
    assert [a["status"] for a in answers] == ["applied"] * len(events) + ["refused"] * 4
    told = [a["reason"] for a in answers[len(events) :]]
    assert "created_at" in told[0] and "timezone" in told[0]
    assert "not finite" in told[1]
    assert "payment channel is one of wechat, alipay, card, cash" in told[2]
    assert "lone surrogate" in told[3]
    log = server.log.read_text()
    assert "Traceback" not in log and application["payload"]["id_number_hmac"] not in log
