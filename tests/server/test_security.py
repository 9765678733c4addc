"""The central server as a chain's security officer would probe it, each on a real `fenqi
server` process on PostgreSQL: a database dump alone holds no key, credentials can be
revoked and expire, bodies are bounded before they are read, refused credentials are
rate-limited and logged without the secret tried, and staff password hashes reach only the
counters that need them."""

from __future__ import annotations

import base64
import os
import select as io_select
import socket
import subprocess
import sys
import time
import uuid
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import create_engine, make_url, select, text

from app.domain.errors import EnvironmentProblem, UserError
from app.services.sync import sync_once
from server.keys import load_keys
from storage.crypto import lookup_hash, verify_password
from storage.models import Staff
from storage.types import utcnow
from tests.conftest import CHAIN_PASSPHRASE
from tests.factories.cli import fenqi
from tests.factories.sales import customer, sell
from tests.server.conftest import ROOT
from tests.server.test_sync import credential, push

pytestmark = pytest.mark.postgres


def fenqi_server(db: str, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`fenqi server --db DB ...` as the back office types it: in this process, but a server
    itself (which might not stop) in its own."""
    if "--port" not in argv:
        return fenqi("server", "--db", db, *argv, **env)
    command = [sys.executable, "-m", "app.cli", "server", "--db", db, *argv]
    return subprocess.run(
        command, capture_output=True, text=True, cwd=ROOT, check=False, env={**os.environ, **env}
    )


def test_a_database_dump_alone_forges_no_contract_and_turns_no_id_hash_back(
    server, server_db, terminals, chain_key_file
):
    t1 = terminals["T1"]
    sell(t1, 1)
    sync_once(t1)
    libpq = make_url(server_db).set(drivername="postgresql").render_as_string(False)
    dump = subprocess.run(["pg_dump", libpq], capture_output=True, text=True, check=True).stdout
    keys = load_keys(chain_key_file, CHAIN_PASSPHRASE)
    key_body = b"".join(keys.root.key_pem.splitlines()[1:-1]).decode()
    lookup = keys.lookup_key
    assert "synced_records" in dump and lookup_hash(lookup, customer(1)[0]["id_number"]) in dump
    assert "PRIVATE KEY" not in dump and key_body[:40] not in dump  # nothing to sign with
    for shown in (lookup.hex(), base64.b64encode(lookup).decode()):
        assert shown not in dump  # nothing to hash candidate ID numbers with
    sealed = chain_key_file.read_text()
    assert "PRIVATE KEY" not in sealed and key_body[:40] not in sealed
    assert chain_key_file.stat().st_mode & 0o077 == 0
    wrong = fenqi_server(server_db, "admin", "put", "blocklist",
                         '{"kind": "id_number", "key": "110101199003077777", "reason": "x"}',
                         FENQI_SERVER_PASSPHRASE="not the passphrase")  # fmt: skip
    assert wrong.returncode == 2 and "wrong passphrase" in wrong.stderr
    assert "Traceback" not in wrong.stderr


def test_an_older_servers_keys_move_out_of_its_database_into_the_key_file(tmp_path):
    db = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    first = tmp_path / "first.json"
    assert fenqi_server(db, "--key-file", str(first), "init").returncode == 0
    keys = load_keys(first, CHAIN_PASSPHRASE)
    engine = create_engine(db)
    with engine.begin() as connection:  # as a server before the key file kept them
        for key, value in (
            ("root_key_pem", keys.root.key_pem.decode()),
            ("root_cert_pem", keys.root.cert_pem.decode()),
            ("lookup_key", base64.b64encode(keys.lookup_key).decode()),
        ):
            insert = text("INSERT INTO chain_settings (key, value) VALUES (:k, :v)")
            connection.execute(insert, {"k": key, "v": value})
    refused = fenqi_server(db, "--key-file", str(first), "--port", "1")
    assert refused.returncode == 2 and "still holds the chain's keys" in refused.stderr
    moved_to = tmp_path / "moved.json"
    moved = fenqi_server(db, "--key-file", str(moved_to), "init")
    assert moved.returncode == 0 and "moved out of the database" in moved.stdout
    assert load_keys(moved_to, CHAIN_PASSPHRASE) == keys
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM chain_settings")) == 0
    engine.dispose()
    again = fenqi_server(db, "--key-file", str(moved_to), "init", FENQI_SERVER_PASSPHRASE="short")
    assert again.returncode == 2 and "wrong passphrase" in again.stderr


def test_terminals_and_reviewers_are_listed_revoked_and_their_tokens_expire(
    server, server_db, terminals
):
    t1 = terminals["T1"]
    listed = fenqi_server(server_db, "terminals")
    assert listed.returncode == 0 and "SH001 T1" in listed.stdout and "active" in listed.stdout
    made = fenqi_server(server_db, "reviewer", "--name", "王审核", "--days", "7")
    token = made.stdout.splitlines()[-1]
    assert "valid 7 days" in made.stdout

    def queue(bearer: str) -> httpx.Response:
        return httpx.get(f"{server.url}/v1/reviews", headers={"Authorization": f"Bearer {bearer}"})

    assert queue(token).status_code == 200
    assert fenqi_server(server_db, "revoke", "reviewer", "--name", "王审核").returncode == 0
    answer = queue(token)
    assert answer.status_code == 401 and "revoked" in answer.json()["detail"]
    assert "revoked" in fenqi_server(server_db, "reviewers").stdout
    token = fenqi_server(server_db, "reviewer", "--name", "王审核").stdout.splitlines()[-1]
    assert queue(token).status_code == 200  # a new token lifts the revocation
    engine = create_engine(server_db)
    with engine.begin() as connection:
        connection.execute(text("UPDATE reviewers SET expires_at = :past"),
                           {"past": utcnow() - timedelta(minutes=1)})  # fmt: skip
    engine.dispose()
    answer = queue(token)
    assert answer.status_code == 401 and "expired" in answer.json()["detail"]
    [line] = fenqi_server(server_db, "reviewers").stdout.splitlines()
    assert " expired 20" in line and not line.endswith("active")  # an expired token is no more
    revoked = fenqi_server(server_db, "revoke", "terminal", "--store", "SH001", "--terminal", "T1")
    assert revoked.returncode == 0
    for _ in range(12):  # a revoked terminal retrying guesses nothing: its store is not held back
        with pytest.raises(EnvironmentProblem, match="revoked"):
            sync_once(t1)
    log = server.log.read_text()  # logged with its reason, though not counted
    assert "refused 127.0.0.1 /v1/pull 401: this terminal's credential was revoked" in log
    assert "revoked" in fenqi_server(server_db, "terminals").stdout
    unknown = fenqi_server(server_db, "revoke", "terminal", "--store", "SH001", "--terminal", "T9")
    assert unknown.returncode == 2 and unknown.stderr.count("\n") == 1
    assert fenqi_server(server_db, "reviewer", "--name", "x", "--days", "900").returncode == 2


def test_every_route_bounds_its_body_and_a_push_is_not_read_before_its_credential(server):
    big = {"code": "ABC-DEF-123", "signing_request": "x" * 100_000}
    assert httpx.post(f"{server.url}/v1/enrol", json=big).status_code == 413

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(100):
            yield b" " * 1000

    assert httpx.post(f"{server.url}/v1/enrol", content=chunks()).status_code == 413
    decision = f"{server.url}/v1/reviews/{uuid.uuid4()}"
    assert httpx.post(decision, content=b"{" + b" " * 100_000 + b"}").status_code == 413
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as raw:
        raw.sendall(
            b"POST /v1/push HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer nobody.nothing\r\n"
            b"Content-Type: application/json\r\nContent-Length: 8000000\r\n\r\n" + b"{" * 100
        )  # 100 bytes of a promised 8 MB: answered without waiting for the rest
        assert raw.recv(200).startswith(b"HTTP/1.1 401")


def test_refused_credentials_are_rate_limited_never_a_valid_one_and_never_logged(
    server, server_db, terminals
):
    token = credential(terminals["T1"])
    terminal_id, _, secret = token.partition(".")
    tried = [f"{terminal_id}.wrong-{n}-{uuid.uuid4().hex}" for n in range(10)]
    assert [push(server.url, t, []).status_code for t in tried] == [401] * 10
    held_back = push(server.url, f"{terminal_id}.wrong-again", [])  # the guesser: held back
    assert held_back.status_code == 429 and held_back.headers["retry-after"] == "900"
    # the genuine counter behind the same address (a store's router) is never held back
    assert push(server.url, token, []).status_code == 200
    assert sync_once(terminals["T1"]).refused == []
    engine = create_engine(server_db)
    with engine.connect() as connection:
        kept = connection.execute(text("SELECT * FROM refused_requests")).all()
    engine.dispose()
    assert len(kept) == 10 and {(r.client, r.route, r.status) for r in kept} == {
        ("127.0.0.1", "/v1/push", 401)
    }
    log = server.log.read_text()
    assert "POST /v1/push 401" in log and "POST /v1/push 429" in log
    assert "POST /v1/enrol 200 terminal=SH001/T1" in log
    assert "GET /v1/pull 200 terminal=SH001/T1" in log
    for secret_tried in [secret, *(t.partition(".")[2] for t in tried)]:
        assert secret_tried not in log and secret_tried not in repr(kept)


def staff_hash(services, username: str) -> str:
    with services.sessions() as session:
        return session.scalars(select(Staff.password_hash).where(Staff.username == username)).one()


def test_a_staff_password_hash_reaches_only_the_counters_that_need_it(server, server_db, terminals):
    from server import admin
    from server.db import open_database

    t1, t2 = terminals["T1"], terminals["T2"]
    engine, sessions = open_database(server_db)

    def put(values: dict, row_id: uuid.UUID | None = None) -> uuid.UUID:
        with sessions.begin() as session:
            return admin.put(session, "staff", values, by="test", row_id=row_id,
                             lookup_key=lambda: b"")[0]  # fmt: skip

    try:
        new = {"store": "SH001", "username": "zhao.liu", "display_name": "赵六", "role": "sales",
               "password": "counter-one-only", "terminals": ["T1"]}  # fmt: skip
        row_id = put(new)
        for services in (t1, t2):
            sync_once(services)
        assert verify_password(staff_hash(t1, "zhao.liu"), "counter-one-only")
        assert staff_hash(t2, "zhao.liu") == ""  # the row, not the hash: nobody logs in with it
        put({"active": False}, row_id)
        sync_once(t1)
        assert staff_hash(t1, "zhao.liu") == ""  # left the store: the hash is taken back
        with pytest.raises(UserError, match="of the store's terminals"):
            put({**new, "username": "qian.qi", "terminals": ["T9"]})
        with pytest.raises(UserError, match="the demo's"):
            put({**new, "username": "sun.ba", "password": "demo1234"})
    finally:
        engine.dispose()
    demo = fenqi_server(server_db, "--host", "0.0.0.0", "--insecure", "--port", "1")
    assert demo.returncode == 2 and "demo chain" in demo.stderr


def test_the_demo_stays_out_of_a_real_chain_and_a_real_chain_out_of_the_demo(
    server, server_db, terminals, demo_sqlite_url, tmp_path
):
    from app.services.bootstrap import open_services
    from app.services.sync import enrol
    from tests.server.conftest import enrolment_code

    terminals["T1"]
    engine = create_engine(server_db)
    with engine.begin() as connection:  # as a real chain's database would be
        connection.execute(text("DELETE FROM chain_settings WHERE key = 'demo'"))
    engine.dispose()
    refused = fenqi_server(server_db, "init", "--demo")
    assert refused.returncode == 2 and "enrolled terminals" in refused.stderr
    code = enrolment_code(server_db, "SH001", "T2")
    tried = open_services(demo_sqlite_url)  # a PC the store tried the demo on
    try:
        with pytest.raises(UserError, match="demo store's data"):
            enrol(tried, server.url, code)
    finally:
        tried.close()
    fresh = open_services(f"sqlite:///{tmp_path / 'fresh.sqlite3'}", create=True)
    try:
        assert enrol(fresh, server.url, code).pulled > 0  # the code was not used up
    finally:
        fresh.close()


def test_a_new_lookup_key_reaches_the_terminals_as_they_enrol_again(
    servers, server_db, terminals, chain_key_file, tmp_path
):
    from app.services.sync import enrol
    from storage.models import Customer
    from tests.server.conftest import ServerProcess, enrolment_code

    t1 = terminals["T1"]
    sell(t1, 1)
    sync_once(t1)
    rotated = tmp_path / "rotated.json"
    made = fenqi_server(server_db, "rotate", "--to", str(rotated), "--lookup")
    assert made.returncode == 0 and "enrol each terminal again" in made.stdout
    old, new = load_keys(chain_key_file, CHAIN_PASSPHRASE), load_keys(rotated, CHAIN_PASSPHRASE)
    assert new.root == old.root and new.lookup_key != old.lookup_key
    for server in servers:
        server.kill()
    server = ServerProcess(server_db, tmp_path / "new.log", options=("--key-file", str(rotated)))
    servers.append(server.start())
    enrol(t1, server.url, enrolment_code(server_db))
    with t1.sessions() as session:
        (digest,) = session.scalars(select(Customer.id_number_hmac)).all()
    assert digest == lookup_hash(new.lookup_key, customer(1)[0]["id_number"])
    assert fenqi_server(server_db, "rotate", "--to", str(tmp_path / "x.json")).returncode == 2


def logged(server, text: str) -> list[str]:
    """The server's log once `text` is in it (the line is written as the answer leaves)."""
    deadline = time.monotonic() + 5
    while text not in server.log.read_text() and time.monotonic() < deadline:
        time.sleep(0.02)
    return server.log.read_text().splitlines()


def test_the_access_log_cannot_be_forged_and_x_forwarded_for_is_trusted_from_no_one(server):
    forged = "x%0A2026-12-08 09:00:00,000 INFO 10.0.0.9 GET /v1/pull 200 terminal=SH001/T1 1ms"
    httpx.get(f"{server.url}/v1/reviews/{forged}", headers={"X-Forwarded-For": "6.6.6.6"})
    httpx.get(f"{server.url}/health", headers={"X-Forwarded-For": "6.6.6.6"})
    log = logged(server, "GET /health")
    assert not any(line.startswith("2026-12-08 09:00:00,000") for line in log)  # one line
    assert any("/v1/reviews/x\\n2026-12-08" in line for line in log)  # the newline escaped
    assert any(" 127.0.0.1 GET /health 200" in line for line in log)
    assert not any("6.6.6.6" in line for line in log)  # the connection's own address counts


def test_x_forwarded_for_names_the_client_behind_a_named_proxy(servers, server_db, tmp_path):
    from tests.server.conftest import ServerProcess

    proxied = ServerProcess(
        server_db, tmp_path / "proxied.log", options=("--forwarded-allow-ips", "127.0.0.1")
    ).start()
    servers.append(proxied)
    httpx.get(f"{proxied.url}/health", headers={"X-Forwarded-For": "203.0.113.7"})
    assert any(
        " 203.0.113.7 GET /health 200" in line for line in proxied.log.read_text().splitlines()
    )


def test_refusals_count_across_server_processes_on_one_database(
    servers, server, server_db, terminals, tmp_path
):
    from tests.server.conftest import ServerProcess

    other = ServerProcess(server_db, tmp_path / "server2.log").start()
    servers.append(other)
    token = credential(terminals["T1"])
    terminal_id = token.partition(".")[0]
    for n in range(10):  # a guesser spread over both processes behind the load balancer
        target = server if n % 2 else other
        assert push(target.url, f"{terminal_id}.wrong-{n}", []).status_code == 401
    for target in (server, other):  # each process counts the chain's refusals, not its own
        assert push(target.url, f"{terminal_id}.wrong-again", []).status_code == 429
        assert push(target.url, token, []).status_code == 200  # the genuine counter served
    assert sync_once(terminals["T1"], other.url).refused == []


def test_slow_and_half_sent_requests_are_cut_off_and_a_terminal_is_served_meanwhile(
    servers, server_db, terminals, tmp_path
):
    from tests.server.conftest import ServerProcess

    quick = ServerProcess(
        server_db, tmp_path / "quick.log", options=("--header-timeout", "3", "--body-timeout", "4")
    ).start()
    servers.append(quick)
    t1 = terminals["T1"]
    half = []
    for _ in range(30):  # headers that never end
        raw = socket.create_connection(("127.0.0.1", quick.port), timeout=10)
        raw.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        half.append(raw)
    trickle = socket.create_connection(("127.0.0.1", quick.port), timeout=10)
    trickle.sendall(
        b"POST /v1/enrol HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 60000\r\n\r\n{"
    )  # a body that trickles in forever
    started = time.monotonic()
    assert sync_once(t1, quick.url).refused == []  # the genuine terminal meanwhile
    for raw in half:
        assert raw.recv(100) == b""  # closed by the server
        raw.close()
    assert time.monotonic() - started < 10
    assert trickle.recv(200).startswith(b"HTTP/1.1 408")
    trickle.close()
    crowd = [socket.create_connection(("127.0.0.1", quick.port), timeout=10) for _ in range(70)]
    closed: set[socket.socket] = set()
    deadline = time.monotonic() + 2  # within the header deadline: only the crowd's excess
    while len(closed) < 6 and time.monotonic() < deadline:
        readable, _, _ = io_select.select([c for c in crowd if c not in closed], [], [], 0.1)
        closed |= {raw for raw in readable if raw.recv(1) == b""}
    for raw in crowd:
        raw.close()
    assert 6 <= len(closed) < 70  # one address holds at most 64 connections: the rest closed
