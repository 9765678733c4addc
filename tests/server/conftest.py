"""The central server as it runs: real `fenqi server` processes on 127.0.0.1 over a real
PostgreSQL database (made from a template holding the demo chain), and terminals on their
own SQLite files that enrol with one-time codes."""

from __future__ import annotations

import shutil
import signal
import socket
import ssl
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import make_url, text

from app.services.bootstrap import Services, open_services
from app.services.sync import enrol
from server.db import open_database
from server.enrolment import create_code
from storage.types import utcnow
from tests.conftest import CHAIN_PASSPHRASE, _admin
from tests.factories import zygote
from tests.factories.cli import fenqi
from tests.factories.zygote import Forked

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server_template(
    pg_server: str, tmp_path_factory: pytest.TempPathFactory, chain_key_file: Path
) -> Iterator[str]:
    """A PostgreSQL template database: the server's schema and the demo chain's data (its
    keys in the session's key file)."""
    name = f"fenqi_server_template_{uuid.uuid4().hex[:8]}"
    with _admin(pg_server) as admin:
        admin.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(pg_server).set(database=name).render_as_string(False)
    made = fenqi(
        "server",
        "--db",
        url,
        "init",
        "--demo",
        FENQI_KEY_FILE=str(tmp_path_factory.mktemp("chain") / "fenqi.key"),
        FENQI_SERVER_KEY_FILE=str(chain_key_file),
        FENQI_SERVER_PASSPHRASE=CHAIN_PASSPHRASE,
    )
    assert made.returncode == 0, made.stderr
    yield name
    with _admin(pg_server) as admin:
        admin.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))


@pytest.fixture
def server_db(pg_server: str, server_template: str) -> Iterator[str]:
    """A fresh server database holding the demo chain."""
    name = f"fenqi_server_{uuid.uuid4().hex[:12]}"
    with _admin(pg_server) as admin:
        admin.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{server_template}"'))
    yield make_url(pg_server).set(database=name).render_as_string(False)
    with _admin(pg_server) as admin:
        admin.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))


class ServerProcess:
    """`fenqi server` in its own process; `kill` is kill -9, as a power cut would."""

    def __init__(
        self,
        db_url: str,
        log: Path,
        tls: tuple[Path, Path, Path] | None = None,
        options: tuple[str, ...] = (),
    ) -> None:
        """`tls`: (key, certificate, the CA that issued it) to serve HTTPS; `options`: more
        of `fenqi server`'s."""
        self.db_url, self.log, self.tls, self.options = db_url, log, tls, options
        self.port = free_port()
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self.process: Forked | subprocess.Popen[bytes] | None = None

    def start(self) -> ServerProcess:
        argv = ["server", "--db", self.db_url, "--port", str(self.port), *self.options]
        if self.tls:
            argv += ["--ssl-keyfile", str(self.tls[0]), "--ssl-certfile", str(self.tls[1])]
        self.process = zygote.start(argv, self.log)
        deadline = time.monotonic() + 30
        verify = ssl.create_default_context(cafile=str(self.tls[2])) if self.tls else True
        with httpx.Client(timeout=1, verify=verify) as client:  # one: each costs ~20 ms of CPU
            while time.monotonic() < deadline:
                try:
                    if client.get(f"{self.url}/health").status_code == 200:
                        return self
                except httpx.HTTPError:
                    time.sleep(0.02)
                assert self.process.poll() is None, self.log.read_text()
        raise AssertionError(f"the server did not start: {self.log.read_text()}")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()


@pytest.fixture
def servers(server_db: str, tmp_path: Path) -> Iterator[list[ServerProcess]]:
    """Start servers on the one database with `servers.append(...)`; all killed at the end."""
    started: list[ServerProcess] = []
    yield started
    for server in started:
        server.kill()


@pytest.fixture
def server(servers: list[ServerProcess], server_db: str, tmp_path: Path) -> ServerProcess:
    """One running server on a fresh database."""
    servers.append(ServerProcess(server_db, tmp_path / "server.log").start())
    return servers[0]


def add_store(server_db: str, code: str) -> None:
    """Another store of the chain, with one terminal T1 (reference data on the server)."""
    from server.reference import load_reference

    store_id = uuid.uuid4()
    store = {"code": code, "name": f"分期通 {code} 店", "address": "北京市朝阳区", "phone": "010-1"}
    terminal = {"store_id": str(store_id), "code": "T1", "name": "1 号柜台"}
    engine, sessions = open_database(server_db)
    try:
        with sessions.begin() as session:
            load_reference(
                session, [("stores", store_id, store), ("terminals", uuid.uuid4(), terminal)]
            )
    finally:
        engine.dispose()


def enrolment_code(server_db: str, store: str = "SH001", terminal: str = "T1") -> str:
    """What `fenqi server enrol --store S --terminal T` prints."""
    engine, sessions = open_database(server_db)
    try:
        with sessions.begin() as session:
            return create_code(session, store, terminal, utcnow())
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def terminal_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new terminal's SQLite file as the migrations make it (no key, no store yet)."""
    from storage.db import make_engine
    from storage.migrate import upgrade_database

    path = tmp_path_factory.mktemp("terminal") / "new.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_database(engine)
    engine.dispose()
    return path


@pytest.fixture
def terminals(
    tmp_path: Path, server: ServerProcess, server_db: str, terminal_template: Path
) -> Iterator[dict]:
    """Enrolled terminals on their own SQLite files: `terminals["T1"]` (of store SH001) or
    `terminals["SH002/T1"]` is Services."""
    opened: dict[str, Services] = {}

    class Terminals(dict):
        def __missing__(self, key: str) -> Services:
            store, _, code = key.rpartition("/")
            path = tmp_path / f"{key.replace('/', '-')}.sqlite3"
            shutil.copyfile(terminal_template, path)
            services = open_services(f"sqlite:///{path}")
            enrol(services, server.url, enrolment_code(server_db, store or "SH001", code))
            opened[key] = services
            self[key] = services
            return services

    yield Terminals()
    for services in opened.values():
        services.close()
