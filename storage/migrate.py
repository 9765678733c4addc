"""Moving a database's schema to this program's version, only by Alembic.

Before upgrading an existing SQLite file it is copied aside; a database written by a newer
program (a revision this program does not know) is refused rather than damaged.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine

from app.domain.errors import EnvironmentProblem
from storage.db import sqlite_path

MIGRATIONS = Path(__file__).with_name("migrations")


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def current_revision(engine: Engine) -> str | None:
    """The schema revision stamped in the database (None for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    """The newest schema revision this program knows."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def upgrade_database(engine: Engine) -> Path | None:
    """Bring the schema to head. Returns the backup copy made first, if any.

    Raises:
        EnvironmentProblem: the database is from a newer version of the program.
    """
    config = _config()
    script = ScriptDirectory.from_config(config)
    current = current_revision(engine)
    if current is not None and not _known(script, current):
        raise EnvironmentProblem(
            f"the database has schema revision {current}, newer than this program knows: "
            "update Fenqi Counter before opening it"
        )
    if current == script.get_current_head():
        return None
    backup = _backup(engine, current)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return backup


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


def _backup(engine: Engine, current: str | None) -> Path | None:
    path = sqlite_path(str(engine.url))
    if current is None or path is None or not path.exists():
        return None
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.before-{current}-{stamp}")
    shutil.copy2(path, backup)
    return backup
