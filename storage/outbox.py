"""The transactional outbox: each synced change queues an event in the same transaction."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from storage.models import AuditEntry, OutboxEvent, Synced


def queue_change(
    session: Session, record: Synced, *, terminal_id: uuid.UUID, payload: dict[str, Any]
) -> OutboxEvent:
    """Queue an upsert of `record` for the central server.

    Flushes first so the event carries the version the record is stored with; commit
    (or roll back) the session to keep both or neither.
    """
    session.flush()
    event = OutboxEvent(
        terminal_id=terminal_id,
        entity=inspect(record).mapper.local_table.name,
        entity_id=record.id,
        entity_version=record.version,
        op="upsert",
        payload=payload,
    )
    session.add(event)
    return event


def pending_events(session: Session, *, limit: int = 100) -> list[OutboxEvent]:
    """The oldest events not yet acknowledged by the server, in queue order."""
    query = select(OutboxEvent).where(OutboxEvent.sent_at.is_(None)).order_by(OutboxEvent.seq)
    return list(session.scalars(query.limit(limit)))


def record_change(
    session: Session,
    record: Synced,
    *,
    terminal_id: uuid.UUID,
    staff_id: uuid.UUID | None,
    action: str,
    rule_version: str | None,
    details: dict[str, Any],
    payload: dict[str, Any],
) -> None:
    """Log who changed `record`, how and under which rules, and queue it for sync, in the
    caller's transaction (both are kept or neither)."""
    session.flush()
    session.add(
        AuditEntry(
            terminal_id=terminal_id,
            staff_id=staff_id,
            action=action,
            entity=inspect(record).mapper.local_table.name,
            entity_id=record.id,
            rule_version=rule_version,
            details=details,
        )
    )
    queue_change(session, record, terminal_id=terminal_id, payload=payload)
