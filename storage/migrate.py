"""Moving a database's schema to this program's version, only by Alembic.

Before upgrading an existing SQLite file it is copied aside; a database written by a newer
program (a revision this program does not know) is refused rather than damaged.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from app.domain.errors import EnvironmentProblem
from storage.db import sqlite_path

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).with_name("migrations")
# The newest revision in migrations/versions (a test keeps them equal): a database already
# there opens without loading Alembic, which costs a quarter of a second on every command.
HEAD = "0017"


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def current_revision(engine: Engine) -> str | None:
    """The schema revision stamped in the database (None for an empty database)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade_database(engine: Engine) -> Path | None:
    """Bring the schema to head. Returns the backup copy made first, if any.

    Raises:
        EnvironmentProblem: the database is from a newer version of the program.
    """
    current = current_revision(engine)
    if current == HEAD:
        return None
    from alembic import command
    from alembic.script import ScriptDirectory

    config = _config()
    script = ScriptDirectory.from_config(config)
    if current is not None and not _known(script, current):
        raise EnvironmentProblem(
            "the database has schema revision {current}, newer than this program knows: "
            "update Fenqi Counter before opening it",
            current=current,
        )
    if current == script.get_current_head():
        return None
    backup = _backup(engine, current)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return backup


def _known(script: ScriptDirectory, revision: str) -> bool:
    from alembic.util import CommandError

    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


def _backup(engine: Engine, current: str | None) -> Path | None:
    path = sqlite_path(str(engine.url))
    if current is None or path is None or not path.exists():
        return None
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.before-{current}-{stamp}")
    shutil.copy2(path, backup)
    return backup
