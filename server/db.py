"""The central server's database: SQLite for a one-store trial, PostgreSQL for the chain;
its schema is moved only by its own Alembic migrations (server/migrations)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from app.domain.errors import EnvironmentProblem, UserError
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
    """An engine on `url`, migrated, and its session factory.

    Raises:
        UserError: not a database URL.
        EnvironmentProblem: the database cannot be reached or its file made.
    """
    try:
        engine = make_engine(url)
    except ArgumentError:
        raise UserError(
            "--db {url!r} is not a database URL: use postgresql+psycopg://USER@HOST/DB or "
            "sqlite:///PATH",
            url=url,
        ) from None
    except OSError as exc:
        raise EnvironmentProblem(
            "cannot use {url}: {problem}", url=_shown(url), problem=exc.strerror or exc
        ) from None
    try:
        migrate(engine)
    except (DBAPIError, OSError) as exc:
        engine.dispose()
        problem = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise EnvironmentProblem(
            "cannot open the server database {url}: {problem}", url=_shown(url), problem=problem
        ) from None
    return engine, make_sessions(engine)


def _shown(url: str) -> str:
    """The URL as it may be printed: its password masked."""
    return make_url(url).render_as_string(hide_password=True)
