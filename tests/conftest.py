"""Shared fixtures: real SQLite files and real PostgreSQL databases, a key file per test.

The demo store is loaded once per run into a template (a SQLite file, a PostgreSQL template
database) with its own key folder; each test that wants it gets a copy of both, which takes
milliseconds instead of the migrations and demo loading each time."""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from app.demo.seed import load_demo
from app.services.bootstrap import Services, open_services
from tests.pg import postgres_server

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


CHAIN_PASSPHRASE = "chain passphrase of the tests"


@pytest.fixture(scope="session")
def chain_key_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The chain's key file every server database of this test session is used with (the
    first `fenqi server init` makes it)."""
    return tmp_path_factory.mktemp("chain") / "chain-keys.json"


@pytest.fixture(autouse=True)
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chain_key_file: Path) -> Path:
    """Each test gets its own master key file, data and log folders (never the user's); the
    chain's server its session's key file and passphrase."""
    path = tmp_path / "keys" / "fenqi.key"
    monkeypatch.setenv("FENQI_KEY_FILE", str(path))
    monkeypatch.setenv("FENQI_SERVER_KEY_FILE", str(chain_key_file))
    monkeypatch.setenv("FENQI_SERVER_PASSPHRASE", CHAIN_PASSPHRASE)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("FENQI_DB_URL", raising=False)
    return path


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A new SQLite database file."""
    return f"sqlite:///{tmp_path / 'fenqi.sqlite3'}"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@contextlib.contextmanager
def _admin(server: str) -> Iterator:
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL schema (dropped afterwards), as a database URL."""
    schema = f"fenqi_test_{uuid.uuid4().hex[:12]}"
    with _admin(pg_server) as admin:
        admin.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in pg_server else "?"
    yield f"{pg_server}{separator}options=-csearch_path%3D{schema}"
    with _admin(pg_server) as admin:
        admin.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """The same test on an empty SQLite file and an empty PostgreSQL schema."""
    name = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return request.getfixturevalue(name)


@pytest.fixture(scope="session")
def template_keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The key folder of the demo templates (their blocklist hashes and signing chain)."""
    return tmp_path_factory.mktemp("template") / "keys"


def _load_template(url: str, keys: Path) -> None:
    previous = os.environ.get("FENQI_KEY_FILE")
    os.environ["FENQI_KEY_FILE"] = str(keys / "fenqi.key")
    try:
        services = open_services(url, create=True)
        load_demo(services)
        services.close()
    finally:
        if previous is None:
            del os.environ["FENQI_KEY_FILE"]
        else:
            os.environ["FENQI_KEY_FILE"] = previous


@pytest.fixture(scope="session")
def sqlite_template(template_keys: Path) -> Path:
    """A SQLite file holding the demo store."""
    path = template_keys.parent / "demo.sqlite3"
    _load_template(f"sqlite:///{path}", template_keys)
    return path


@pytest.fixture(scope="session")
def pg_template(pg_server: str, template_keys: Path) -> Iterator[str]:
    """A PostgreSQL template database holding the demo store; yields its name."""
    name = f"fenqi_template_{uuid.uuid4().hex[:12]}"
    with _admin(pg_server) as admin:
        admin.execute(text(f'CREATE DATABASE "{name}"'))
    _load_template(make_url(pg_server).set(database=name).render_as_string(False), template_keys)
    yield name
    with _admin(pg_server) as admin:
        admin.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))


@pytest.fixture
def demo_sqlite_url(
    tmp_path: Path, key_file: Path, template_keys: Path, sqlite_template: Path
) -> str:
    """A SQLite file holding the demo store (a copy of the template), with its key folder."""
    shutil.copytree(template_keys, key_file.parent)
    path = tmp_path / "fenqi.sqlite3"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


class _PreparedDatabases:
    """PostgreSQL databases made from the template one step ahead, on a thread of their own:
    CREATE DATABASE takes ~0.5 s of mostly disk work, which then overlaps the tests that run
    meanwhile; used ones are dropped on the same thread."""

    def __init__(self, server: str, template: str) -> None:
        self.server, self.template = server, template
        self._worker = ThreadPoolExecutor(max_workers=1)
        self._next: Future[str] = self._worker.submit(self._create)

    def _create(self) -> str:
        name = f"fenqi_test_{uuid.uuid4().hex[:12]}"
        with _admin(self.server) as admin:
            admin.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"'))
        return name

    def _drop(self, name: str) -> None:
        with _admin(self.server) as admin:
            admin.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))

    def take(self) -> str:
        """A fresh copy of the template (its name); the next one starts being made."""
        name = self._next.result()
        self._next = self._worker.submit(self._create)
        return name

    def give_back(self, name: str) -> None:
        """Drop a used database, later."""
        self._worker.submit(self._drop, name)

    def close(self) -> None:
        self.give_back(self._next.result())
        self._worker.shutdown(wait=True)


@pytest.fixture(scope="session")
def pg_databases(pg_server: str, pg_template: str) -> Iterator[_PreparedDatabases]:
    databases = _PreparedDatabases(pg_server, pg_template)
    yield databases
    databases.close()


@pytest.fixture
def demo_pg_url(
    pg_server: str, pg_databases: _PreparedDatabases, key_file: Path, template_keys: Path
) -> Iterator[str]:
    """A PostgreSQL database holding the demo store (made from the template database)."""
    shutil.copytree(template_keys, key_file.parent)
    name = pg_databases.take()
    yield make_url(pg_server).set(database=name).render_as_string(False)
    pg_databases.give_back(name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def demo_url(request: pytest.FixtureRequest) -> str:
    """A database holding the demo store, on SQLite and on PostgreSQL."""
    return request.getfixturevalue(f"demo_{'sqlite' if request.param == 'sqlite' else 'pg'}_url")


@pytest.fixture
def services(demo_url: str) -> Iterator[Services]:
    """Services on a database holding the demo store (SQLite and PostgreSQL)."""
    services = open_services(demo_url)
    yield services
    services.close()
