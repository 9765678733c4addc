"""Shared fixtures: real SQLite files, a real PostgreSQL schema per test, a key file."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from app.demo.seed import load_demo
from app.services.bootstrap import Services, open_services
from tests.pg import postgres_server

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own master key file (never the user's real one)."""
    path = tmp_path / "keys" / "fenqi.key"
    monkeypatch.setenv("FENQI_KEY_FILE", str(path))
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


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL schema (dropped afterwards), as a database URL."""
    schema = f"fenqi_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in pg_server else "?"
    yield f"{pg_server}{separator}options=-csearch_path%3D{schema}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """The same test on a SQLite file and on PostgreSQL."""
    name = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return request.getfixturevalue(name)


@pytest.fixture
def services(db_url: str) -> Iterator[Services]:
    """Services on a database loaded with the demo store (SQLite and PostgreSQL)."""
    services = open_services(db_url, create=True)
    load_demo(services)
    yield services
    services.close()
