"""The chain's back office changes its reference data with commands (`fenqi server admin`),
never SQL: stores, terminals, staff, catalog and prices, stock, rate tables, risk rules,
trade-in tables and the blocklist. Each change is checked against the terminals' own table
(columns, types, what must be unique) before it is stored, so no row can reach a terminal
that the terminal could not hold; each takes the next change cursor and is logged with who
made it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, cast

from sqlalchemy import Table, UniqueConstraint, inspect, select
from sqlalchemy.orm import Session

from app.domain.errors import UserError
from app.domain.idnumber import validate_id
from app.domain.rates import parse_rate_table
from app.domain.risk import parse_risk_rules
from app.domain.tradein import normalise_imei, parse_valuation_table
from server.models import AdminEntry, EnrolledTerminal, ReferenceRow
from server.reference import COUNTERS, SECRET, load_reference, remove_reference, store_id
from storage.crypto import demo_passwords, hash_password, lookup_hash
from storage.models import Base
from storage.reference_rows import LOCAL, TABLES, decode_values
from storage.types import utcnow

# what the back office edits (the chain's flags and decisions are the server's own)
EDITABLE = tuple(t for t in TABLES if t != "chain_flags")
ONE_ACTIVE = {"rate_tables": "store_id", "reference_documents": "kind"}
DOCUMENTS = {"risk_rules": parse_risk_rules, "tradein_table": parse_valuation_table}


def put(
    session: Session,
    table: str,
    values: dict[str, Any],
    *,
    by: str,
    lookup_key: Callable[[], bytes],
    row_id: uuid.UUID | None = None,
) -> tuple[uuid.UUID, bool]:
    """Add a row (a new id) or change the given columns of row `row_id`; the row id and
    whether anything changed. `store` (a store code) stands for `store_id`; a staff
    member's `password` is stored as its hash; a blocklisted ID number is stored as the
    chain's lookup hash of it (`lookup_key` gives the key, read from the key file only then).

    Raises:
        UserError: an unknown table, row, column or store; a value of the wrong type; a
            missing column; a value another row already holds where it must be unique.
    """
    cls = _table(table)
    existing = None if row_id is None else _live(session, table, row_id)
    if row_id is not None and existing is None:
        raise UserError("no {table} row {row_id} on the server", table=table, row_id=row_id)
    given = _given(session, table, dict(values), lookup_key)
    merged = {**(existing.values if existing else {}), **given}
    counters = merged.pop(COUNTERS, None) if table == "staff" else None
    columns = {a.key: a.columns[0] for a in inspect(cls).column_attrs if a.key not in LOCAL}
    unknown = sorted(set(merged) - set(columns))
    if unknown:
        raise UserError(
            "{table} has no column {unknown}: it has {known}",
            table=table,
            unknown=", ".join(unknown),
            known=", ".join(sorted(columns)),
        )
    missing = sorted(
        k
        for k, c in columns.items()
        if k not in merged and not c.nullable and c.default is None and c.server_default is None
    )
    if missing:
        raise UserError("{table} needs {missing}", table=table, missing=", ".join(missing))
    try:
        decode_values(cls, merged)
    except (ValueError, TypeError, ArithmeticError) as exc:
        raise UserError(
            "{table}: a value is not of its column's type ({exc})", table=table, exc=exc
        ) from None
    row_id = row_id or uuid.uuid4()
    _check_document(table, merged)
    _check_parents(session, table, merged)
    _check_unique(session, table, row_id, merged)
    if counters is not None:
        merged[COUNTERS] = _counters(session, merged, counters)
    if merged.get("active", True) and table in ONE_ACTIVE:
        _deactivate_others(session, table, row_id, merged, by=by)
    changed = load_reference(session, [(table, row_id, merged)]) > 0
    if changed:
        _log(session, by, "put", table, row_id, merged)
    return row_id, changed


def remove(session: Session, table: str, row_id: uuid.UUID, *, by: str) -> None:
    """Remove a row: its tombstone reaches every terminal with the next pull; a removed
    terminal's credential is revoked.

    Raises:
        UserError: an unknown table, or no such row (or it is removed already).
    """
    _table(table)
    if not remove_reference(session, table, row_id):
        raise UserError("no {table} row {row_id} on the server", table=table, row_id=row_id)
    enrolled = session.get(EnrolledTerminal, row_id) if table == "terminals" else None
    if enrolled is not None and enrolled.revoked_at is None:
        enrolled.revoked_at = utcnow()  # a terminal removed from the chain syncs no more
    _log(session, by, "remove", table, row_id, {})


def rows(session: Session, table: str, store_code: str | None = None) -> list[ReferenceRow]:
    """The table's live rows (of one store, or all), oldest change first.

    Raises:
        UserError: an unknown table.
    """
    if table != "chain_flags":
        _table(table)
    query = select(ReferenceRow).where(
        ReferenceRow.table_name == table, ReferenceRow.deleted.is_(False)
    )
    if store_code:
        query = query.where(ReferenceRow.store_code == store_code)
    return list(session.scalars(query.order_by(ReferenceRow.cursor)))


def shown(values: dict[str, Any]) -> dict[str, Any]:
    """A row's values as a listing prints them: a password hash hidden."""
    return {k: ("***" if k == SECRET else v) for k, v in values.items()}


def _table(table: str) -> type[Base]:
    if table not in EDITABLE:
        raise UserError(
            "{table} is not a table of the chain's reference data: use one of {tables}",
            table=table,
            tables=", ".join(EDITABLE),
        )
    return TABLES[table]


def _live(session: Session, table: str, row_id: uuid.UUID) -> ReferenceRow | None:
    row = session.get(ReferenceRow, (table, row_id))
    return None if row is None or row.deleted else row


def _given(
    session: Session, table: str, values: dict[str, Any], lookup_key: Callable[[], bytes]
) -> dict[str, Any]:
    """The values as stored: a store code resolved, a password hashed, an ID number hashed,
    an IMEI checked."""
    if "store" in values:
        code = str(values.pop("store"))
        found = store_id(session, code)
        if found is None:
            raise UserError("the chain has no store {code}", code=code)
        values["store_id"] = str(found)
    if table == "staff" and "password" in values:
        password = str(values.pop("password"))
        if len(password) < 8:
            raise UserError("a staff password has at least 8 characters")
        if password in demo_passwords():
            raise UserError("that password is the demo's, printed for anyone: choose another")
        values[SECRET] = hash_password(password)
    if table == "blocklist" and values.get("kind") == "id_number" and "key" in values:
        values["key"] = lookup_hash(lookup_key(), validate_id(str(values["key"])))
    if table == "blocklist" and values.get("kind") == "imei" and "key" in values:
        values["key"] = normalise_imei(str(values["key"]))
    if table == "device_units" and "imei" in values:
        values["imei"] = normalise_imei(str(values["imei"]))
    return values


def _counters(session: Session, staff: dict[str, Any], counters: object) -> list[str]:
    """The counters (terminal codes of the staff member's store) their password hash goes
    to; `[]` sends it to none.

    Raises:
        UserError: not a list of that store's terminal codes.
    """
    store_codes = {str(r.row_id): r.store_code for r in rows(session, "stores")}
    store = store_codes.get(str(staff.get("store_id")))
    known = {r.values.get("code") for r in rows(session, "terminals", store)}
    if not isinstance(counters, list) or not all(c in known for c in counters):
        raise UserError(
            "staff terminals: a list of the codes of the store's terminals ({known})",
            known=", ".join(sorted(str(k) for k in known)),
        )
    return sorted(set(counters))


def _check_document(table: str, values: dict[str, Any]) -> None:
    """Refuse a rate table, risk rules or trade-in table the terminals could not use."""
    parse: Callable[[dict[str, Any]], object] = parse_rate_table
    if table == "reference_documents":
        if values["kind"] not in DOCUMENTS:
            raise UserError(
                "reference_documents kind {kind!r}: use one of {kinds}",
                kind=values["kind"],
                kinds=", ".join(DOCUMENTS),
            )
        parse = DOCUMENTS[values["kind"]]
    elif table != "rate_tables":
        return
    try:
        parse(values["document"])
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise UserError(
            "{table}: the document cannot be used ({problem})", table=table, problem=exc
        ) from None


def _deactivate_others(
    session: Session, table: str, row_id: uuid.UUID, values: dict[str, Any], *, by: str
) -> None:
    """One active rate table per store, one active document per kind: the ones a new
    active row replaces are made inactive first (so a terminal never holds two)."""
    same = ONE_ACTIVE[table]
    for other in rows(session, table):
        if (
            other.row_id != row_id
            and other.values.get("active", True)
            and (other.values.get(same) == values.get(same))
        ):
            replaced = {**other.values, "active": False}
            load_reference(session, [(table, other.row_id, replaced)])
            _log(session, by, "put", table, other.row_id, replaced)


def _check_parents(session: Session, table: str, values: dict[str, Any]) -> None:
    """Refuse a row pointing at a store, product or other row the chain does not hold."""
    for column in cast(Table, TABLES[table].__table__).columns:
        value = values.get(column.name)
        for key in column.foreign_keys:
            parent = key.column.table.name
            if value is not None and _live(session, parent, uuid.UUID(str(value))) is None:
                raise UserError(
                    "{table}.{column}: the chain has no {parent} row {value}",
                    table=table,
                    column=column.name,
                    parent=parent,
                    value=value,
                )


def _check_unique(session: Session, table: str, row_id: uuid.UUID, values: dict[str, Any]) -> None:
    """Refuse a value another live row of the table holds where the terminals' table wants
    it unique (a staff username, an IMEI, a store's terminal code)."""
    model = cast(Table, TABLES[table].__table__)
    keys = [
        tuple(c.name for c in constraint.columns)
        for constraint in model.constraints
        if isinstance(constraint, UniqueConstraint)
    ]
    keys += [(c.name,) for c in model.columns if c.unique]
    for other in rows(session, table):
        if other.row_id == row_id:
            continue
        for key in keys:
            if all(other.values.get(k) == values.get(k) for k in key):
                raise UserError(
                    "{table} row {other} already has {key} = {value}",
                    table=table,
                    other=other.row_id,
                    key="+".join(key),
                    value="/".join(str(values.get(k)) for k in key),
                )


def _log(
    session: Session, by: str, action: str, table: str, row_id: uuid.UUID, values: dict[str, Any]
) -> None:
    row = session.get(ReferenceRow, (table, row_id))
    assert row is not None
    session.add(
        AdminEntry(
            by=by,
            action=action,
            table_name=table,
            row_id=row_id,
            values=values,
            cursor=row.cursor,
        )
    )
