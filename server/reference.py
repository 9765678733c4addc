"""The chain's reference data on the server: rows every terminal (or one store's) pulls by
change cursor, tombstones for rows removed, and the flags the chain raises to a store.

Every change takes the next cursor from one sequence (PostgreSQL's `reference_cursor`; on a
one-store SQLite trial, one writer at a time takes the highest plus one), so a terminal that
has seen cursor N has seen every change up to N."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from server.models import ReferenceRow
from storage.reference_rows import Row
from storage.types import utcnow

FLAGS = "chain_flags"  # what the chain found wrong with a store's records, for its manager
SECRET = "password_hash"
COUNTERS = "terminals"  # the counters a staff member works at (the server's own column)


def next_cursor(session: Session) -> int:
    """The next change cursor of the chain."""
    if session.get_bind().dialect.name == "postgresql":
        return int(session.scalar(text("SELECT nextval('reference_cursor')")))
    return int(session.scalar(select(func.max(ReferenceRow.cursor))) or 0) + 1


def load_reference(session: Session, rows: list[Row], *, store_code: str | None = None) -> int:
    """Store the chain's reference rows; each changed row takes the next cursor. Rows that
    name a store (`store_id`), or all of them when `store_code` is given, go only to that
    store's terminals. Returns how many changed."""
    stores = {str(i): v["code"] for t, i, v in rows if t == "stores"}
    stores |= {
        str(r.row_id): r.values["code"]
        for r in session.scalars(select(ReferenceRow).where(ReferenceRow.table_name == "stores"))
    }
    changed = 0
    for table, row_id, values in rows:
        store = store_code or stores.get(str(values.get("store_id")))
        if table == "stores":
            store = values["code"]
        existing = session.get(ReferenceRow, (table, row_id))
        if existing is not None and existing.values == values and not existing.deleted:
            continue
        changed += 1
        cursor = next_cursor(session)
        if existing is None:
            existing = ReferenceRow(table_name=table, row_id=row_id, values=values)
            session.add(existing)
        existing.values, existing.store_code, existing.deleted = values, store, False
        existing.cursor = cursor
        session.flush()
    return changed


def remove_reference(session: Session, table: str, row_id: uuid.UUID) -> bool:
    """Mark the row removed (a tombstone with the next cursor): terminals drop it with their
    next pull. False when there is no such row, or it is removed already."""
    existing = session.get(ReferenceRow, (table, row_id))
    if existing is None or existing.deleted:
        return False
    existing.deleted, existing.cursor = True, next_cursor(session)
    session.flush()
    return True


def reference_after(
    session: Session, store_code: str, after: int, limit: int
) -> list[ReferenceRow]:
    """What changed after `after` that this store's terminals should hold (or drop), oldest
    first: the chain-wide rows, its own store's, and the list of stores."""
    query = (
        select(ReferenceRow)
        .where(ReferenceRow.cursor > after)
        .where(
            ReferenceRow.store_code.is_(None)
            | (ReferenceRow.store_code == store_code)
            | (ReferenceRow.table_name == "stores")
        )
        .order_by(ReferenceRow.cursor)
        .limit(limit)
    )
    return list(session.scalars(query))


def values_for(row: ReferenceRow, terminal_code: str) -> dict[str, Any]:
    """A row's values as one of its store's terminals receives them: a staff member's
    password hash only at the counters they work at (all the store's when none are named)
    and only while they are active; elsewhere an empty hash, with which nobody logs in."""
    if row.table_name != "staff":
        return row.values
    values = {k: v for k, v in row.values.items() if k != COUNTERS}
    counters = row.values.get(COUNTERS)
    if not values.get("active", True) or (counters is not None and terminal_code not in counters):
        values[SECRET] = ""
    return values


def raise_flag(session: Session, store_code: str, kind: str, **details: Any) -> None:
    """Tell a store's manager what the chain found (a phone sold twice, a record dated far
    from when it arrived); the store's terminals receive it with their next pull."""
    values = {"kind": kind, "raised_at": utcnow().isoformat(), "details": details}
    load_reference(session, [(FLAGS, uuid.uuid4(), values)], store_code=store_code)


def store_id(session: Session, store_code: str) -> uuid.UUID | None:
    """The chain's id of the store with that code."""
    rows = session.scalars(
        select(ReferenceRow).where(
            ReferenceRow.table_name == "stores", ReferenceRow.deleted.is_(False)
        )
    )
    return next((r.row_id for r in rows if r.values.get("code") == store_code), None)
