"""Alembic environment: runs on the connection handed over by storage.migrate."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context

from storage.models import Base


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Write our column types as storage.types.X in generated migrations."""
    module = type(obj).__module__
    if type_ == "type" and module == "storage.types":
        return f"storage.types.{type(obj).__name__}()"
    return False


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    render_item=_render_item,
)
with context.begin_transaction():
    context.run_migrations()
