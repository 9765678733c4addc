"""The chain's reference data as plain rows: what the central server hands out and a
terminal applies (stores, terminals, staff, catalog, stock, rate tables, blocklist, risk
rules, trade-in tables and the chain's flags). A row travels as (table, id, values) with
JSON values; a removed row as a tombstone (table, id)."""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import ColumnElement, inspect, select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from storage.models import (
    Base,
    BlockEntry,
    ChainFlag,
    DeviceUnit,
    HeldRow,
    Product,
    RateTableRecord,
    ReferenceDocument,
    Staff,
    Store,
    Terminal,
)
from storage.types import Fen, Rate, UTCDateTime

# parents before children (foreign keys)
TABLES: dict[str, type[Base]] = {
    cls.__tablename__: cls
    for cls in (
        Store,
        Terminal,
        Staff,
        Product,
        DeviceUnit,
        RateTableRecord,
        BlockEntry,
        ReferenceDocument,
        ChainFlag,
    )
}
LOCAL = {"id", "version", "created_at", "updated_at"}
# what the store itself decides once a row is here: a unit sold at this counter stays sold
# (and one sold at another terminal of the store is sold here too: see apply_rows)
STORE_FACTS = {"device_units": {"status", "condition"}}
SOLD = "sold"

Row = tuple[str, uuid.UUID, dict[str, Any]]


def row_values(record: Base) -> dict[str, Any]:
    """The record's columns (but its id, version and timestamps) as JSON values."""
    mapper = inspect(type(record))
    return {
        attr.key: _to_json(getattr(record, attr.key))
        for attr in mapper.column_attrs
        if attr.key not in LOCAL
    }


def export_rows(session: Session) -> list[Row]:
    """Every reference row of this database, parents first."""
    return [
        (table, record.id, row_values(record))  # type: ignore[attr-defined]
        for table, cls in TABLES.items()
        for record in session.scalars(select(cls))
    ]


def apply_rows(session: Session, rows: list[Row]) -> int:
    """Insert or update the rows (parents first); returns how many records changed.

    Raises:
        ValueError: a table that is not reference data.
    """
    order = list(TABLES)
    changed = 0
    for table, row_id, values in sorted(rows, key=lambda r: order.index(r[0])):
        cls = TABLES.get(table)
        if cls is None:
            raise ValueError(f"{table} is not reference data")
        decoded = decode_values(cls, values)
        record = session.get(cls, row_id)
        if record is None:
            session.add(cls(id=row_id, **decoded))
            changed += 1
            continue
        keep = STORE_FACTS.get(table, set())
        if table == "device_units" and values.get("status") == SOLD:
            keep = keep - {"status"}  # sold at another counter: no longer for sale here
        updates = {k: v for k, v in decoded.items() if k not in keep and getattr(record, k) != v}
        for key, value in updates.items():
            setattr(record, key, value)
        changed += bool(updates)
        session.flush()
    return changed


def apply_pulled(
    session: Session, rows: list[Row], removed: set[tuple[str, uuid.UUID]]
) -> tuple[int, list[HeldRow]]:
    """A page of the chain's reference data as pulled: `rows` (the removed ones with their
    last values) applied one by one, parents first, then the rows held back before tried
    again, then the removals. A row this terminal cannot apply (a value it cannot hold, a
    parent not here yet) is held back with why instead of stopping the rest. A removed row
    this terminal never had is kept inactive where it can be (as the terminals that had it
    keep it when something refers to it), so a unit of a removed product still has its
    product on a new counter. Returns how many records changed and what stays held back."""
    held = {(h.table_name, h.row_id): h for h in session.scalars(select(HeldRow))}
    upserts, removals = [], []
    for table, row_id, values in rows:
        if (table, row_id) not in removed:
            upserts.append((table, row_id, values))
            continue
        cls = TABLES.get(table)
        if cls is not None and session.get(cls, row_id) is None and "active" in values:
            upserts.append((table, row_id, {**values, "active": False}))
        else:
            removals.append((table, row_id))
    fresh = {(t, i) for t, i, _ in upserts} | set(removals)
    retried = [(h.table_name, h.row_id, h.values) for k, h in held.items() if k not in fresh]
    for entry in held.values():
        session.delete(entry)
    session.flush()
    order = list(TABLES)
    changed, kept = 0, []
    for row in sorted(upserts + retried, key=lambda r: order.index(r[0]) if r[0] in order else 0):
        try:
            with session.begin_nested():
                changed += apply_rows(session, [row])
        except (IntegrityError, StatementError, ValueError, TypeError, ArithmeticError) as exc:
            problem = str(getattr(exc, "orig", None) or exc).splitlines()[0][:300]
            kept.append(HeldRow(table_name=row[0], row_id=row[1], values=row[2], problem=problem,
                                held_at=datetime.now(UTC)))  # fmt: skip
    session.add_all(kept)
    return changed + remove_rows(session, removals), kept


def decode_values(cls: type[Base], values: dict[str, Any]) -> dict[str, Any]:
    """A row's JSON values as the model's column types (unknown keys left out).

    Raises:
        ValueError, TypeError, ArithmeticError: a value that is not of its column's type.
    """
    columns = {a.key: a.columns[0] for a in inspect(cls).column_attrs}
    return {k: _from_json(k, columns[k], v) for k, v in values.items() if k in columns}


def remove_rows(session: Session, tombstones: list[tuple[str, uuid.UUID]]) -> int:
    """Drop the rows the chain removed (children first); returns how many changed. A row
    something here still refers to (a staff member who sold, a product with units) is kept
    but made inactive where it has `active`, else kept as it is.

    Raises:
        ValueError: a table that is not reference data.
    """
    order = list(TABLES)
    changed = 0
    for table, row_id in sorted(tombstones, key=lambda t: -order.index(t[0])):
        cls = TABLES.get(table)
        if cls is None:
            raise ValueError(f"{table} is not reference data")
        record = session.get(cls, row_id)
        if record is None:
            continue
        try:
            with session.begin_nested():
                session.delete(record)
            changed += 1
        except IntegrityError:
            record = session.get(cls, row_id)
            if record is not None and getattr(record, "active", False):
                record.active = False  # type: ignore[attr-defined]
                changed += 1
    session.flush()
    return changed


def _to_json(value: Any) -> Any:
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _decimal(key: str, column: ColumnElement[Any], value: Any) -> Decimal:
    """Money (whole fen) or a rate, 0 or more, written as a string ("5999.00", "0.12")."""
    money = isinstance(column.type, Fen)
    what = "an amount in yuan" if money else "a rate"
    example = '"5999.00"' if money else '"0.12"'
    if not isinstance(value, str):
        raise TypeError(f"{key}: {value!r} is not {what} written as a string ({example})")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{key}: {value!r} is not {what} ({example})") from None
    if not number.is_finite() or number < 0:
        raise ValueError(f"{key}: {value!r} must be 0 or more")
    if money and number != number.quantize(Decimal("0.01")):
        raise ValueError(f"{key}: {value!r} is not a whole number of fen (two decimals)")
    return number


def _from_json(key: str, column: ColumnElement[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, Fen | Rate):
        return _decimal(key, column, value)
    if isinstance(column.type, UTCDateTime):
        return datetime.fromisoformat(value)
    try:
        kind = column.type.python_type
    except NotImplementedError:  # JSON documents
        return value
    if kind is uuid.UUID:
        return uuid.UUID(value)
    if kind is datetime:
        return datetime.fromisoformat(value)
    if issubclass(kind, enum.Enum):
        return kind(value)
    if not isinstance(value, kind):
        raise TypeError(f"{key}: {value!r} is not {kind.__name__}")
    length = getattr(column.type, "length", None)
    if length is not None and len(value) > length:
        raise ValueError(f"{key}: longer than {length} characters")
    return value
