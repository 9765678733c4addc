"""Engines and sessions: SQLite in WAL mode with foreign keys on, or PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from storage.private_files import private_folder


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL (None for other backends or in-memory)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def make_engine(url: str) -> Engine:
    """An engine for `url`. SQLite gets WAL, foreign keys, a busy timeout, and transactions
    that take the write lock when they begin (BEGIN IMMEDIATE): two counters' sales on one
    file then run one after the other instead of both picking the same phone. No error or
    log line ever shows a statement's parameters (ID hashes, encrypted fields, amounts)."""
    path = sqlite_path(url)
    if path is None:
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    private_folder(path.parent)
    if not path.exists():  # owner-only from the start; SQLite gives its -wal/-shm the same
        path.touch(mode=0o600)
    engine = create_engine(url, connect_args={"timeout": 15}, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" below opens them

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    """The session factory: one session per unit of work (`with sessions.begin() as s:`)."""
    return sessionmaker(engine, expire_on_commit=False)
