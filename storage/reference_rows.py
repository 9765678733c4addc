"""The chain's reference data as plain rows: what the central server hands out and a
terminal applies (stores, terminals, staff, catalog, stock, rate tables, blocklist, risk
rules and trade-in tables). A row travels as (table, id, values) with JSON values."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, inspect, select
from sqlalchemy.orm import Session

from storage.models import (
    Base,
    BlockEntry,
    DeviceUnit,
    Product,
    RateTableRecord,
    ReferenceDocument,
    Staff,
    Store,
    Terminal,
)
from storage.types import Fen, Rate

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
    )
}
LOCAL = {"id", "version", "created_at", "updated_at"}
# what the store itself decides once a row is here: a unit sold at this counter stays sold
STORE_FACTS = {"device_units": {"status", "condition"}}

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
        columns = {a.key: a.columns[0] for a in inspect(cls).column_attrs}
        decoded = {k: _from_json(columns[k], v) for k, v in values.items() if k in columns}
        record = session.get(cls, row_id)
        if record is None:
            session.add(cls(id=row_id, **decoded))
            changed += 1
            continue
        keep = STORE_FACTS.get(table, set())
        updates = {k: v for k, v in decoded.items() if k not in keep and getattr(record, k) != v}
        for key, value in updates.items():
            setattr(record, key, value)
        changed += bool(updates)
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


def _from_json(column: ColumnElement[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, Fen | Rate):
        return Decimal(value)
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
    return value
