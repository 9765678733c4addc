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

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from server.models import EnrolledTerminal, ReceivedEvent, SyncedRecord

MAX_BATCH = 500
HEX64 = re.compile(r"^[0-9a-f]{64}$")
SIGNED = ("number", "sha256", "plan", "financed", "rate", "signed_at", "customer_id",
          "application_id", "device_imei", "schedule")  # fmt: skip


class EventIn(BaseModel):
    """One outbox event as a terminal sends it."""

    model_config = ConfigDict(extra="forbid")
    event_id: uuid.UUID
    seq: int = Field(ge=1)
    entity: Literal["customers", "quotes", "trade_ins", "applications", "contracts", "payments"]
    entity_id: uuid.UUID
    entity_version: int = Field(ge=1)
    op: Literal["upsert"]
    created_at: datetime
    payload: dict[str, Any]


@dataclass(frozen=True)
class Answer:
    """The server's answer to one event: applied, duplicate, stale or refused."""

    event_id: str
    status: str
    reason: str | None = None
    current_version: int | None = None


def apply_batch(session: Session, terminal: EnrolledTerminal, events: list[Any]) -> list[Answer]:
    """Apply `events` (already parsed JSON) for `terminal`, in the caller's transaction."""
    return [_apply(session, terminal, raw) for raw in events]


def _apply(session: Session, terminal: EnrolledTerminal, raw: Any) -> Answer:
    try:
        event = EventIn.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in error["loc"]) or "event"
        event_id = str(raw.get("event_id", "")) if isinstance(raw, dict) else ""
        return Answer(event_id, "refused", f"malformed event: {where}: {error['msg']}")
    if not _claim(session, event, terminal):
        return Answer(str(event.event_id), "duplicate")
    answer = _apply_record(session, terminal, event)
    claimed = session.get(ReceivedEvent, event.event_id)
    assert claimed is not None
    claimed.outcome, claimed.reason = answer.status, answer.reason
    return answer


def _claim(session: Session, event: EventIn, terminal: EnrolledTerminal) -> bool:
    """Record the event id; False when it was already there. Two servers given the same
    event at once: the second waits for the first's transaction and then finds it."""
    insert = pg_insert if session.bind and session.bind.dialect.name == "postgresql" else None
    statement = (insert or sqlite_insert)(ReceivedEvent).values(
        event_id=event.event_id,
        terminal_id=terminal.id,
        entity=event.entity,
        entity_id=event.entity_id,
        entity_version=event.entity_version,
        outcome="applied",
    )
    result = session.execute(statement.on_conflict_do_nothing().returning(ReceivedEvent.event_id))
    return result.first() is not None


def _apply_record(session: Session, terminal: EnrolledTerminal, event: EventIn) -> Answer:
    event_id = str(event.event_id)
    problem = _check_payload(event, terminal.store_code)
    if problem:
        return Answer(event_id, "refused", problem)
    record = session.scalars(
        select(SyncedRecord)
        .where(SyncedRecord.entity == event.entity, SyncedRecord.entity_id == event.entity_id)
        .with_for_update()
    ).one_or_none()
    if record is None:
        session.add(
            SyncedRecord(
                entity=event.entity,
                entity_id=event.entity_id,
                store_code=terminal.store_code,
                terminal_id=terminal.id,
                version=event.entity_version,
                payload=event.payload,
                id_hmac=event.payload.get("id_number_hmac"),
                recorded_at=event.created_at,
            )
        )
        session.flush()
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
    record.version = event.entity_version
    record.payload = event.payload
    record.terminal_id = terminal.id
    record.id_hmac = event.payload.get("id_number_hmac") or record.id_hmac
    record.recorded_at = event.created_at
    return Answer(event_id, "applied")


def _check_payload(event: EventIn, store_code: str) -> str | None:
    """What is wrong with the event's record, or None."""
    payload = event.payload
    if event.entity == "contracts":
        number = payload.get("number")
        if not isinstance(number, str) or not number.startswith(f"{store_code}-"):
            return f"contract number {number!r} is not one of store {store_code}"
        if not isinstance(payload.get("sha256"), str) or not HEX64.match(payload["sha256"]):
            return "contract without its sha256"
        if not _amount(payload.get("financed")):
            return "contract without its financed amount"
    if event.entity == "payments":
        if not _amount(payload.get("amount")):
            return "payment without an amount in yuan"
        contract = payload.get("contract")
        if not isinstance(contract, str) or not contract.startswith(f"{store_code}-"):
            return f"payment for contract {contract!r}, not one of store {store_code}"
    if event.entity in ("customers", "applications"):
        digest = payload.get("id_number_hmac")
        if not isinstance(digest, str) or not HEX64.match(digest):
            return f"{event.entity[:-1]} without its ID number's lookup hash"
    return None


def _amount(value: Any) -> bool:
    try:
        return isinstance(value, str) and Decimal(value) >= 0
    except InvalidOperation:
        return False
