"""How fast terminals' queues reach the central server, and that nothing is lost or doubled;
print JSON.

    python -m bench.sync_bench [--terminals 20] [--contracts 500] [--single 10000]

A real `fenqi server` process on PostgreSQL (FENQI_TEST_PG_URL, else 127.0.0.1:5432) and
terminals on SQLite files, each enrolled with a one-time code at a store of its own. Each
terminal makes one real sale through the sale use case; its queue is then filled with
copies of that sale's five events (customer, quote, application, contract with its
schedule, down payment) under new ids, contract numbers and IMEIs, as if it had sold offline all
day: the server does the same work for them, and making 10,000 real sales would take half
an hour on two cores. Then:
- single: one terminal with `--single` contracts queued syncs alone (target ≤ 30 s);
- fleet: `--terminals` terminals with `--contracts` each sync at the same moment (target:
  zero lost or duplicated records).
Reported: wall time, events/s, p50/p95 latency of one pushed batch, and the counts checked
on the server against what the terminals queued.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, make_url, select, text

TARGET_SINGLE_S = 30


class TimedTransport(httpx.HTTPTransport):
    """Records how long each push took."""

    def __init__(self, latencies: list[float]) -> None:
        super().__init__()
        self.latencies = latencies

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        started = time.perf_counter()
        response = super().handle_request(request)
        response.read()
        if request.url.path == "/v1/push":
            self.latencies.append(time.perf_counter() - started)
        return response


def _server_database(admin_url: str, folder: Path) -> str:
    name = f"fenqi_sync_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    url = make_url(admin_url).set(database=name).render_as_string(False)
    env = {**os.environ, "FENQI_KEY_FILE": str(folder / "chain.key")}
    command = [sys.executable, "-m", "app.cli", "server", "--db", url, "init", "--demo"]
    subprocess.run(command, env=env, check=True, capture_output=True)
    return url


def _add_terminals(server_db: str, count: int) -> list[str]:
    """`count` more counters at the demo store SH001 (reference data on the server)."""
    from server.db import open_database
    from server.models import ReferenceRow
    from server.reference import load_reference

    codes = [f"T{n}" for n in range(3, count + 3)]
    engine, sessions = open_database(server_db)
    with sessions.begin() as session:
        stores = session.scalars(select(ReferenceRow).where(ReferenceRow.table_name == "stores"))
        store_id = next(str(r.row_id) for r in stores if r.values["code"] == "SH001")
        rows = [
            ("terminals", uuid.uuid4(), {"store_id": store_id, "code": c, "name": f"{c} 号柜台"})
            for c in codes
        ]
        load_reference(session, rows)
    engine.dispose()
    return codes


def _terminal(folder: Path, server_url: str, server_db: str, code: str) -> Any:
    """Counter `code` of SH001 on its own SQLite file, enrolled (it pulls the store's staff,
    stock and rates)."""
    from app.services.bootstrap import open_services
    from app.services.sync import enrol
    from server.db import open_database
    from server.enrolment import create_code
    from storage.types import utcnow

    engine, sessions = open_database(server_db)
    with sessions.begin() as session:
        one_time = create_code(session, "SH001", code, utcnow())
    engine.dispose()
    services = open_services(f"sqlite:///{folder / f'{code}.sqlite3'}", create=True)
    enrol(services, server_url, one_time)
    return services


def _fill_queue(services: Any, contracts: int) -> int:
    """One real sale, then its five events copied `contracts - 1` times; returns the number
    of events queued."""
    from storage.models import OutboxEvent

    with services.sessions.begin() as session:
        events = list(session.scalars(select(OutboxEvent).order_by(OutboxEvent.seq)))
        number = next(e.payload["number"] for e in events if e.entity == "contracts")
        prefix = number.rsplit("-", 1)[0]
        for n in range(2, contracts + 1):
            ids = {e.entity_id: uuid.uuid4() for e in events}
            for event in events:
                payload = dict(event.payload)
                for key in ("number", "contract"):
                    if key in payload:
                        payload[key] = f"{prefix}-{n:04d}"
                if "device_imei" in payload:  # each sale a phone of its own, as in a store
                    payload["device_imei"] = f"86{abs(hash((prefix, n))) % 10**13:013d}"
                session.add(
                    OutboxEvent(
                        terminal_id=event.terminal_id,
                        entity=event.entity,
                        entity_id=ids[event.entity_id],
                        entity_version=event.entity_version,
                        op=event.op,
                        payload=payload,
                    )
                )
        return len(events) * contracts


def _sync(terminals: list[Any]) -> tuple[float, list[float], list[Any]]:
    from app.services.sync import sync_once

    latencies: list[float] = []
    reports: list[Any] = [None] * len(terminals)

    def run(i: int) -> None:
        reports[i] = sync_once(terminals[i], transport=TimedTransport(latencies))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(terminals))]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies, reports


def _server_counts(server_db: str) -> dict[str, int]:
    engine = create_engine(server_db)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT entity, count(*) FROM synced_records GROUP BY entity")
        )
        counts = {entity: n for entity, n in rows}
        counts["events"] = connection.scalar(text("SELECT count(*) FROM received_events"))
    engine.dispose()
    return counts


def _round(name: str, terminals: list[Any], queued: int, server_db: str) -> dict[str, Any]:
    from storage.outbox import Outbox

    before = _server_counts(server_db)
    seconds, latencies, reports = _sync(terminals)
    after = _server_counts(server_db)
    pending = 0
    for services in terminals:
        with services.sessions() as session:
            pending += Outbox(session).counts()[0]
    pushed = sum(r.pushed for r in reports)
    latencies.sort()
    return {
        "round": name,
        "terminals": len(terminals),
        "events_queued": queued,
        "events_acknowledged": pushed,
        "events_refused": sum(len(r.refused) for r in reports),
        "events_stored_on_server": after["events"] - before.get("events", 0),
        "contracts_on_server": after.get("contracts", 0) - before.get("contracts", 0),
        "left_in_outboxes": pending,
        "seconds": round(seconds, 2),
        "events_per_s": round(pushed / seconds),
        "batch_p50_ms": round(statistics.median(latencies) * 1000, 1),
        "batch_p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1),
        "lost_or_doubled": queued - (after["events"] - before.get("events", 0)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terminals", type=int, default=20)
    parser.add_argument("--contracts", type=int, default=500)
    parser.add_argument("--single", type=int, default=10_000)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.factories.sales import sell
    from tests.pg import LOCAL_URL

    admin = os.environ.get("FENQI_TEST_PG_URL", LOCAL_URL)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["FENQI_KEY_FILE"] = str(folder / "terminal.key")
        os.environ["FENQI_SERVER_KEY_FILE"] = str(folder / "chain-keys.json")
        os.environ["FENQI_SERVER_PASSPHRASE"] = "bench chain passphrase"
        server_db = _server_database(admin, folder)
        port = 8700 + os.getpid() % 200
        server = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "server", "--db", server_db, "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    httpx.get(f"{url}/health", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            codes = _add_terminals(server_db, args.terminals + 1)
            results = []
            terminals = [_terminal(folder, url, server_db, c) for c in codes]
            for n, services in enumerate(terminals):
                sell(services, n)
            single = _fill_queue(terminals[0], args.single)
            results.append(_round("single", terminals[:1], single, server_db))
            queued = sum(_fill_queue(t, args.contracts) for t in terminals[1:])
            results.append(_round("fleet", terminals[1:], queued, server_db))
            for services in terminals:
                services.close()
        finally:
            server.kill()
            server.wait()
            engine = create_engine(admin, isolation_level="AUTOCOMMIT")
            with engine.connect() as connection:
                name = make_url(server_db).database
                connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            engine.dispose()
    print(json.dumps({"bench": "sync", "cpus": os.cpu_count(), "database": "postgresql",
                      "target_single_s": TARGET_SINGLE_S, "results": results,
                      "met": {"single": results[0]["seconds"] <= TARGET_SINGLE_S,
                              "fleet": results[1]["lost_or_doubled"] == 0}}, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
