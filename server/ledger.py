"""Applying a terminal's pushed outbox events, once each, in one transaction per batch.

The rules, for each event of a batch, in the terminal's queue order:
- an event id already answered is a duplicate: nothing changes, it is acknowledged again;
- a malformed event (unknown entity, missing fields, a record of another store) is refused
  with its reason; the rest of its batch is still applied (a refusal never blocks a queue);
- a newer version of a record replaces the older; an older version than the server's is
  acknowledged as stale and changes nothing; the same version with other content is a
  conflicting edit, refused with the server's current version;
- a signed contract is immutable: a later version may change its status, never what was
  signed (number, hash, plan, amounts, schedule, customer, phone).
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.domain.enums import ContractStatus
from app.domain.errors import UserError
from app.domain.quote import RATE_PLACES
from app.domain.rates import Method, RateTable, parse_rate_table
from app.domain.schedule import monthly_irr
from server.models import (
    EnrolledTerminal,
    HeldReference,
    ReceivedEvent,
    ReferenceRow,
    SoldImei,
    SyncedRecord,
)
from server.reference import load_reference, raise_flag, store_id
from storage.types import utcnow
from wire import PAYLOADS, SIGNED, Answer, Event, is_yuan

MAX_BATCH = 500
APR_TOLERANCE = Decimal("0.0001")  # a hundredth of a percentage point: rounding, not pricing
CLOCK_AHEAD = timedelta(minutes=5)  # a record made later than it arrived: the clock is wrong
CLOCK_BEHIND = timedelta(days=7)  # older than a week's offline trading: flagged for a look


def apply_batch(session: Session, terminal: EnrolledTerminal, events: list[Any]) -> list[Answer]:
    """Apply `events` (already parsed JSON) for `terminal`, in the caller's transaction: the
    event ids are claimed in one statement, the records they touch read (and locked) in
    another, and the new rows written together."""
    parsed: list[Event | Answer] = [_parse(raw) for raw in events]
    valid = [e for e in parsed if isinstance(e, Event)]
    claimed = _claim(session, valid, terminal)
    records = _records(session, [e for e in valid if e.event_id in claimed])
    held = _Held(
        numbers=_contract_numbers(session, terminal.store_code, valid),
        rate_tables=_rate_tables(session, terminal.store_code, valid),
    )
    answers: list[Answer] = []
    new: list[Event] = []
    seen: set[uuid.UUID] = set()
    for item in parsed:
        if isinstance(item, Answer):
            answers.append(item)
        elif item.event_id not in claimed or item.event_id in seen:
            answers.append(Answer(str(item.event_id), "duplicate"))  # one event applies once
            seen.add(item.event_id)
        else:
            seen.add(item.event_id)
            answers.append(_apply_record(session, terminal, item, records, new, held))
    session.flush()
    _check_clock(session, terminal, new)
    _note_sales(session, terminal, [e for e in new if e.entity == "contracts"])
    _note_outcomes(
        session, [a for a in answers if a.status not in ("applied", "duplicate")], claimed
    )
    return answers


def _parse(raw: Any) -> Event | Answer:
    try:
        return Event.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in error["loc"]) or "event"
        event_id = str(raw.get("event_id", "")) if isinstance(raw, dict) else ""
        return Answer(event_id, "refused", f"malformed event: {where}: {error['msg']}")


def _claim(session: Session, events: list[Event], terminal: EnrolledTerminal) -> set[uuid.UUID]:
    """Record the events' ids; the ids that were new. Two servers given the same event at
    once: the second waits for the first's transaction and then finds it there."""
    if not events:
        return set()
    now = utcnow()
    if session.get_bind().dialect.name == "postgresql":
        # arrays keep the statement short: a VALUES list of 500 rows costs more to parse
        # than to store
        claimed = session.execute(
            text(
                "INSERT INTO received_events (event_id, terminal_id, entity, entity_id,"
                " entity_version, outcome, received_at)"
                " SELECT e, :terminal, n, i, v, 'applied', :now"
                " FROM unnest(CAST(:ids AS uuid[]), CAST(:entities AS text[]),"
                " CAST(:entity_ids AS uuid[]), CAST(:versions AS int[])) AS t(e, n, i, v)"
                " ON CONFLICT DO NOTHING RETURNING event_id"
            ),
            {
                "terminal": terminal.id,
                "now": now,
                "ids": [str(e.event_id) for e in events],
                "entities": [e.entity for e in events],
                "entity_ids": [str(e.entity_id) for e in events],
                "versions": [e.entity_version for e in events],
            },
        ).scalars()
        return {uuid.UUID(str(c)) for c in claimed}
    statement = sqlite_insert(ReceivedEvent).values(
        [
            {
                "event_id": e.event_id,
                "terminal_id": terminal.id,
                "entity": e.entity,
                "entity_id": e.entity_id,
                "entity_version": e.entity_version,
                "outcome": "applied",
                "received_at": now,
            }
            for e in events
        ]
    )
    return set(
        session.scalars(statement.on_conflict_do_nothing().returning(ReceivedEvent.event_id))
    )


@dataclass
class _Held:
    """What the chain holds that a batch's new records are checked against: the store's
    contract numbers its payments name (with the batch's own contracts as they apply), and
    the rate tables the chain gave the store (current, replaced or removed) by version."""

    numbers: set[str]
    rate_tables: dict[str, RateTable]


def _contract_numbers(session: Session, store_code: str, events: list[Event]) -> set[str]:
    """The contract numbers the batch's payments and contracts name that the chain holds for
    the store (on PostgreSQL by the partial expression index of migration 0005, which wants
    the key and the entity as literals)."""
    named = sorted(
        {str(e.payload.get("contract")) for e in events if e.entity == "payments"}
        | {str(e.payload.get("number")) for e in events if e.entity == "contracts"}
    )
    if not named:
        return set()
    if session.get_bind().dialect.name == "postgresql":
        query = text(
            "SELECT payload ->> 'number', store_code FROM synced_records "
            "WHERE entity = 'contracts' AND (payload ->> 'number') = ANY(CAST(:named AS text[]))"
        ).bindparams(named=named)  # the store is checked here, so only that index is of use
        return {number for number, store in session.execute(query) if store == store_code}
    number = SyncedRecord.payload["number"].as_string()
    return set(
        session.scalars(
            select(number).where(
                SyncedRecord.entity == "contracts",
                SyncedRecord.store_code == store_code,
                number.in_(named),
            )
        )
    )


def _rate_tables(session: Session, store_code: str, events: list[Event]) -> dict[str, RateTable]:
    """The rate tables (current, replaced or removed) the chain gave the store, by version,
    when the batch holds contracts."""
    if not any(e.entity == "contracts" for e in events):
        return {}
    rows = session.scalars(
        select(ReferenceRow).where(
            ReferenceRow.table_name == "rate_tables",
            (ReferenceRow.store_code == store_code) | ReferenceRow.store_code.is_(None),
        )
    )
    tables = {}
    for row in rows:
        with contextlib.suppress(UserError, KeyError, TypeError):  # no terminal quoted with it
            table = parse_rate_table(row.values["document"])
            tables[table.version] = table
    return tables


def _records(session: Session, events: list[Event]) -> dict[tuple[str, uuid.UUID], SyncedRecord]:
    """The stored records these events touch, locked until the batch commits."""
    keys = {(e.entity, e.entity_id) for e in events} | {link for e in events for link in _links(e)}
    if not keys:
        return {}
    found = session.scalars(
        select(SyncedRecord)
        .where(SyncedRecord.entity_id.in_({entity_id for _, entity_id in keys}))
        .with_for_update()
    )
    return {(r.entity, r.entity_id): r for r in found if (r.entity, r.entity_id) in keys}


def _note_outcomes(session: Session, answers: list[Answer], claimed: set[uuid.UUID]) -> None:
    """Keep why each claimed event was refused or stale (a malformed one was never claimed)."""
    ids = {str(i) for i in claimed}
    for answer in answers:
        if answer.event_id in ids:
            session.execute(
                update(ReceivedEvent)
                .where(ReceivedEvent.event_id == uuid.UUID(answer.event_id))
                .values(outcome=answer.status, reason=answer.reason)
            )


def _apply_record(
    session: Session,
    terminal: EnrolledTerminal,
    event: Event,
    records: dict[tuple[str, uuid.UUID], SyncedRecord],
    new: list[Event],
    held: _Held,
) -> Answer:
    """Apply one event; a new record is added to `new` (its date and, for a contract, its
    phone are checked with the batch's others)."""
    event_id = str(event.event_id)
    problem = _check_payload(event, terminal.store_code)
    if problem:
        return Answer(event_id, "refused", problem)
    record = records.get((event.entity, event.entity_id))
    if record is None:
        problem = _check_links(event, terminal, records, held)
        if problem:
            return Answer(event_id, "refused", problem)
        taken = event.entity == "payments" and _hold_reference(session, event, terminal)
        if taken:
            return Answer(event_id, "refused", taken)
        records[event.entity, event.entity_id] = SyncedRecord(
            entity=event.entity,
            entity_id=event.entity_id,
            store_code=terminal.store_code,
            terminal_id=terminal.id,
            version=event.entity_version,
            payload=event.payload,
            id_hmac=event.payload.get("id_number_hmac"),
            recorded_at=event.created_at,
            received_at=utcnow(),
        )
        session.add(records[event.entity, event.entity_id])
        new.append(event)
        if event.entity == "contracts":
            held.numbers.add(event.payload["number"])
        if event.entity == "trade_ins":
            _note_trade_in(session, event, terminal)
        return Answer(event_id, "applied")
    if record.store_code != terminal.store_code:
        return Answer(event_id, "refused", f"this record belongs to store {record.store_code}")
    if event.entity_version < record.version:
        return Answer(event_id, "stale", current_version=record.version)
    if event.entity_version == record.version:
        if event.payload == record.payload:
            return Answer(event_id, "duplicate", current_version=record.version)
        return Answer(
            event_id,
            "refused",
            f"conflicting edit: version {record.version} is already here with other content",
            record.version,
        )
    if event.entity == "contracts" and any(
        event.payload.get(k) != record.payload.get(k) for k in SIGNED
    ):
        return Answer(event_id, "refused", "a signed contract cannot be changed", record.version)
    if event.entity == "payments":  # a correction is a new reversal record, never an edit
        return Answer(event_id, "refused", "a recorded payment cannot be changed", record.version)
    record.version = event.entity_version
    record.payload = event.payload
    record.terminal_id = terminal.id
    record.id_hmac = event.payload.get("id_number_hmac") or record.id_hmac
    record.recorded_at = event.created_at
    record.received_at = utcnow()
    return Answer(event_id, "applied")


LINKS = {  # a record's field → the entity of the record it names
    "applications": {"customer_id": "customers"},
    "contracts": {"customer_id": "customers", "application_id": "applications"},
    "payments": {"reverses": "payments"},
}


def _links(event: Event) -> list[tuple[str, uuid.UUID]]:
    """The records this event's record names (a contract's customer and application, the
    payment a reversal reverses), where they are well-formed ids."""
    found = []
    for name, entity in LINKS.get(event.entity, {}).items():
        with contextlib.suppress(TypeError, ValueError, AttributeError):
            found.append((entity, uuid.UUID(event.payload.get(name))))
    return found


def _check_links(
    event: Event,
    terminal: EnrolledTerminal,
    records: dict[tuple[str, uuid.UUID], SyncedRecord],
    held: _Held,
) -> str | None:
    """What a new record claims that the chain does not hold: a contract numbered by another
    terminal, priced above every APR cap the store was given, or naming a customer or
    application not of this store; a payment for a contract the chain does not hold, or
    reversing a payment not of this store."""
    payload = event.payload
    if event.entity == "contracts":
        given_by = str(payload["number"]).split("-")[1:2]
        if given_by != [terminal.terminal_code]:
            return (
                f"contract number {payload['number']} was not given by terminal "
                f"{terminal.terminal_code}"
            )
        problem = _pricing_problem(payload, held.rate_tables, terminal.store_code)
        if problem:
            return problem
        if payload["number"] in held.numbers:
            return f"contract number {payload['number']} is already another contract's"
    if event.entity == "payments" and payload["contract"] not in held.numbers:
        return f"payment for contract {payload['contract']}, which the chain does not hold"
    if event.entity == "payments" and payload.get("kind") == "reversal" and not _links(event):
        return "a reversal without the payment it reverses"
    for name, entity in LINKS.get(event.entity, {}).items():
        if payload.get(name) is None and name == "reverses":
            continue
        try:
            linked = records.get((entity, uuid.UUID(payload.get(name))))
        except (TypeError, ValueError, AttributeError):
            linked = None
        if linked is None or linked.store_code != terminal.store_code:
            named = payload.get(name)
            return f"{event.entity[:-1]} names {name} {named!r}, not a record of this store"
    return None


def _pricing_problem(
    payload: dict[str, Any], tables: dict[str, RateTable], store_code: str
) -> str | None:
    """What is wrong with a contract's price: its APR computed from its own schedule (the
    IRR of the amount financed against the payments) must be the APR it states and within
    the cap of the rate table it was priced under, which must be one the chain gave the
    store and offer its plan at its rate (the highest cap of the store's tables for a
    contract that does not name its table)."""
    plan = payload.get("plan") or {}
    stated = _decimal(plan.get("apr"))
    payments = [Decimal(r["payment"]) for r in payload["schedule"]]
    irr = monthly_irr(Decimal(payload["financed"]), payments)
    apr = (12 * irr).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)
    if stated is None or abs(apr - stated) > APR_TOLERANCE:
        return f"contract states APR {stated} but its schedule's own rate (IRR) is {apr}"
    named = payload.get("rate_table")
    if named is None:
        cap = max((t.apr_cap for t in tables.values()), default=None)
    elif named not in tables:
        return (
            f"contract priced under rate table {named!r}, which the chain never gave store "
            f"{store_code}"
        )
    else:
        table = tables[named]
        cap = table.apr_cap
        offer = table.offer_for(Method(str(plan.get("method"))), int(plan.get("term", 0)))
        if offer is None or _decimal(payload.get("rate")) != offer.rate:
            return (
                f"contract plan {plan.get('method')} {plan.get('term')} months at rate "
                f"{payload.get('rate')} is not an offer of rate table {named}"
            )
    if cap is not None and apr > cap:
        return f"contract at APR {apr} (from its schedule): above the cap {cap} of its rate table"
    return None


def _check_clock(session: Session, terminal: EnrolledTerminal, new: list[Event]) -> None:
    """Flag once a batch whose new records are dated far from when they arrived (a terminal
    clock set wrong): how many, and the furthest off."""
    now = utcnow()
    off = [e for e in new if not -CLOCK_AHEAD <= now - e.created_at <= CLOCK_BEHIND]
    if off:
        worst = max(off, key=lambda e: abs(now - e.created_at))
        raise_flag(
            session,
            terminal.store_code,
            "clock",
            terminal=terminal.terminal_code,
            records=len(off),
            entities=sorted({e.entity for e in off}),
            created_at=worst.created_at.isoformat(),
            received_at=now.isoformat(),
        )


def _unit_rows(session: Session, imeis: list[str]) -> list[ReferenceRow]:
    """The stock rows of the phones with these IMEIs (on PostgreSQL by the partial expression
    index of migration 0004, which wants the key and table name as literals)."""
    if session.get_bind().dialect.name == "postgresql":
        where = text(
            "table_name = 'device_units' AND (\"values\" ->> 'imei') = ANY(CAST(:imeis AS text[]))"
        ).bindparams(imeis=imeis)
        return list(session.scalars(select(ReferenceRow).where(where)))
    return list(
        session.scalars(
            select(ReferenceRow).where(
                ReferenceRow.table_name == "device_units",
                ReferenceRow.values["imei"].as_string().in_(imeis),
            )
        )
    )


def _note_sales(session: Session, terminal: EnrolledTerminal, contracts: list[Event]) -> None:
    """The phones of a batch's new contracts are sold: their stock rows say so to every
    terminal of the store; a second contract on one IMEI is kept (it was signed) and flagged
    to the stores of both. One statement for the batch's IMEIs, one for who holds them, one
    for their stock rows."""
    by_imei: dict[str, list[Event]] = {}
    for event in contracts:
        imei = event.payload.get("device_imei")
        if isinstance(imei, str) and imei:
            by_imei.setdefault(imei, []).append(event)
    if not by_imei:
        return
    rows = [
        {"imei": imei, "contract_id": events[0].entity_id,
         "contract": str(events[0].payload["number"]), "store_code": terminal.store_code}
        for imei, events in by_imei.items()
    ]  # fmt: skip
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    # two servers given the same phone at once: the second waits, then finds it held
    session.execute(insert(SoldImei).values(rows).on_conflict_do_nothing())
    holders = session.scalars(
        select(SoldImei)
        .where(SoldImei.imei.in_(list(by_imei)))
        .execution_options(populate_existing=True)
    )
    for held in holders:
        for event in by_imei[held.imei]:
            if held.contract_id != event.entity_id:
                for store in dict.fromkeys((terminal.store_code, held.store_code)):
                    raise_flag(
                        session, store, "imei_sold_twice", imei=held.imei,
                        contract=str(event.payload["number"]), first_contract=held.contract,
                    )  # fmt: skip
    for unit in _unit_rows(session, list(by_imei)):
        if unit.store_code != terminal.store_code:  # another store's phone: neither's stock
            imei = str(unit.values.get("imei"))  # changes, both are told
            number = str(by_imei[imei][0].payload["number"])
            for code in dict.fromkeys((terminal.store_code, unit.store_code)):
                if code is not None:
                    raise_flag(session, code, "imei_other_store", imei=imei, contract=number)
        elif not unit.deleted and unit.values.get("status") != "sold":
            load_reference(
                session, [("device_units", unit.row_id, {**unit.values, "status": "sold"})]
            )


def _note_trade_in(session: Session, event: Event, terminal: EnrolledTerminal) -> None:
    """A phone taken in trade (and accepted) joins the store's stock on the server, under
    the id its terminal gave it; an IMEI the chain already holds under another id, or an id
    that is another store's unit, is flagged instead and changes no stock. Only this store's
    own sale of the IMEI is forgotten (it came back); another store's stays, so a later
    double sale there is still seen."""
    payload = event.payload
    unit_id, imei = payload.get("device_unit_id"), payload.get("imei")
    store = store_id(session, terminal.store_code)
    if not payload.get("accepted") or store is None:
        return
    if not isinstance(unit_id, str) or not isinstance(imei, str):
        return
    named = session.get(ReferenceRow, ("device_units", uuid.UUID(unit_id)))
    if named is not None and named.store_code != terminal.store_code:
        for code in dict.fromkeys((terminal.store_code, named.store_code)):
            if code is not None:
                raise_flag(
                    session, code, "imei_other_store", imei=imei, trade_in=str(event.entity_id)
                )
        return
    session.execute(  # sold once here, now back
        delete(SoldImei).where(SoldImei.imei == imei, SoldImei.store_code == terminal.store_code)
    )
    known = next(iter(_unit_rows(session, [imei])), None)
    if known is not None and str(known.row_id) != unit_id:
        raise_flag(
            session, terminal.store_code, "imei_known", imei=imei, trade_in=str(event.entity_id)
        )
        return
    values = {
        "product_id": None,
        "description": payload.get("description"),
        "store_id": str(store),
        "imei": imei,
        "status": "in_stock",
        "condition": "used",
    }
    load_reference(session, [("device_units", uuid.UUID(unit_id), values)])


def _hold_reference(session: Session, event: Event, terminal: EnrolledTerminal) -> str | None:
    """Give a new payment its transaction reference, or say which payment holds it; a
    reversal releases the reference of the payment it reverses."""
    payload = event.payload
    if payload.get("kind") == "reversal":
        reversed_id = payload.get("reverses")
        if isinstance(reversed_id, str):
            held = session.scalars(
                select(HeldReference).where(HeldReference.payment_id == uuid.UUID(reversed_id))
            ).first()
            if held is not None:
                session.delete(held)
                session.flush()
        return None
    channel, reference = payload.get("channel"), payload.get("reference")
    if not isinstance(reference, str) or not reference or not isinstance(channel, str):
        return None
    held = session.get(HeldReference, (channel, reference))
    if held is not None:
        return (
            f"transaction reference {channel} {reference} is already taken by payment "
            f"{held.payment_id} of contract {held.contract} (store {held.store_code}): the "
            "same reference is the same payment"
        )
    session.add(
        HeldReference(
            channel=channel,
            reference=reference,
            payment_id=event.entity_id,
            store_code=terminal.store_code,
            contract=str(payload.get("contract")),
        )
    )
    session.flush()
    return None


def _check_payload(event: Event, store_code: str) -> str | None:
    """What is wrong with the event's record, or None: the ledger's rules by name first,
    then the entity's payload model (wire.PAYLOADS: every field, its type and bounds)."""
    payload = event.payload
    if event.entity == "contracts":
        number = payload.get("number")
        if not isinstance(number, str) or not number.startswith(f"{store_code}-"):
            return f"contract number {number!r} is not one of store {store_code}"
        if not is_yuan(payload.get("financed")):
            return "contract without its financed amount (yuan, 0 to 10,000,000)"
        problem = _schedule_problem(payload)
        if problem:
            return problem
    if event.entity == "payments":
        amount = payload.get("amount")
        if payload.get("kind") == "reversal" and isinstance(amount, str):
            amount = amount.removeprefix("-")  # a reversal is the payment's amount negated
        if not is_yuan(amount):
            return "payment without an amount in yuan (0 to 10,000,000)"
        contract = payload.get("contract")
        if not isinstance(contract, str) or not contract.startswith(f"{store_code}-"):
            return f"payment for contract {contract!r}, not one of store {store_code}"
        problem = _allocations_problem(payload.get("allocations", []), Decimal(str(amount)))
        if problem:
            return problem
    try:
        PAYLOADS[event.entity].model_validate(payload)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in error["loc"]) or "payload"
        return f"malformed {event.entity} payload: {where}: {error['msg']}"
    return None


def _allocations_problem(parts: Any, amount: Decimal) -> str | None:
    """What is wrong with how a payment was shared out over the instalments: each part an
    amount in yuan (a reversal's negated), together no more than the payment."""
    if not isinstance(parts, list):
        return "payment allocations: a list of parts"
    given = [p.get("amount") if isinstance(p, dict) else None for p in parts]
    shares = [str(s).removeprefix("-") for s in given if isinstance(s, str)]
    if len(shares) != len(given) or not all(is_yuan(s) for s in shares):
        return "payment allocations with an amount that is not yuan (0 to 10,000,000)"
    if sum((Decimal(s) for s in shares), Decimal(0)) > amount:
        return "payment allocations adding up to more than the payment"
    return None


def _decimal(value: Any) -> Decimal | None:
    """A finite decimal written as a string, or None."""
    try:
        number = Decimal(value) if isinstance(value, str) else None
    except InvalidOperation:
        return None
    return number if number is not None and number.is_finite() else None


def _schedule_problem(payload: dict[str, Any]) -> str | None:
    """What is wrong with a contract's schedule: its rows' principal must add up to the
    amount financed, and each row's payment be its principal plus its interest or fee."""
    rows = payload.get("schedule")
    if not isinstance(rows, list) or not rows or len(rows) > 60:
        return "contract without its schedule (1 to 60 instalments)"
    plan = payload.get("plan")
    term = plan.get("term") if isinstance(plan, dict) else None
    if term != len(rows):
        return f"contract of {term!r} months with {len(rows)} instalments in its schedule"
    parts = ("principal", "interest_or_fee", "payment")
    if not all(isinstance(r, dict) and all(is_yuan(r.get(k)) for k in parts) for r in rows):
        return "contract schedule with an amount that is not yuan (0 to 10,000,000)"
    if any(Decimal(r["principal"]) + Decimal(r["interest_or_fee"]) != Decimal(r["payment"])
           for r in rows):  # fmt: skip
        return "contract schedule with a payment that is not principal plus interest or fee"
    if sum(Decimal(r["principal"]) for r in rows) != Decimal(payload["financed"]):
        return "contract schedule whose principal does not add up to the amount financed"
    return None


LIVE = (
    None,
    ContractStatus.SIGNED,
    ContractStatus.ACTIVE,
)  # a contract's status while instalments are asked of it


def monthly_instalments(session: Session, *, id_hmac: str, other_than: uuid.UUID) -> Decimal:
    """What the live contracts of the customer with this ID hash, signed at terminals other
    than `other_than`, ask of them each month: each contract's largest instalment (the
    ledger does not track what was paid of each, so the check errs on the customer's side of
    caution)."""
    customers = select(SyncedRecord.entity_id).where(
        SyncedRecord.entity == "customers", SyncedRecord.id_hmac == id_hmac
    )
    theirs = {str(c) for c in session.scalars(customers)}
    if not theirs:
        return Decimal("0.00")
    contracts = session.scalars(
        select(SyncedRecord.payload).where(
            SyncedRecord.entity == "contracts",
            SyncedRecord.terminal_id != other_than,
            SyncedRecord.payload["customer_id"].as_string().in_(theirs),
        )
    )
    return sum(
        (
            max(Decimal(row["payment"]) for row in payload["schedule"])
            for payload in contracts
            if payload.get("status") in LIVE
        ),
        Decimal("0.00"),
    )
