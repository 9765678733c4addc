"""The central server's database: SQLite for a one-store trial, PostgreSQL for the chain;
its schema is moved only by its own Alembic migrations (server/migrations)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from storage.db import make_engine, make_sessions

MIGRATIONS = Path(__file__).with_name("migrations")


def migrate(engine: Engine) -> None:
    """Bring the server's schema to its newest revision."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_database(url: str) -> tuple[Engine, sessionmaker[Session]]:
    """An engine on `url`, migrated, and its session factory."""
    engine = make_engine(url)
    migrate(engine)
    return engine, make_sessions(engine)
