"""Alembic environment of the central server's own schema (run by server.db.migrate)."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context

from server.models import Base


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Write our column types as storage.types.X in generated migrations."""
    if type_ == "type" and type(obj).__module__ == "storage.types":
        return f"storage.types.{type(obj).__name__}()"
    return False


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    version_table="server_alembic_version",
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    render_item=_render_item,
)
with context.begin_transaction():
    context.run_migrations()
