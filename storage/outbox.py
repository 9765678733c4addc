"""The transactional outbox: each synced change queues an event in the same transaction."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func, inspect, select, update
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


PENDING = OutboxEvent.sent_at.is_(None) & OutboxEvent.refused_at.is_(None)


def pending_events(session: Session, *, limit: int = 100) -> list[OutboxEvent]:
    """The oldest events the server has not answered yet, in queue order."""
    query = select(OutboxEvent).where(PENDING).order_by(OutboxEvent.seq)
    return list(session.scalars(query.limit(limit)))


def count_pending(session: Session) -> int:
    """How many events wait for the server."""
    return session.scalar(select(func.count()).select_from(OutboxEvent).where(PENDING)) or 0


def mark_answered(
    session: Session, sent: list[uuid.UUID], refused: dict[uuid.UUID, str], at: datetime
) -> None:
    """Record the server's answer: `sent` were taken (or were already there), `refused`
    were not, each with the server's reason. Events the server did not answer stay pending."""
    if sent:
        session.execute(
            update(OutboxEvent).where(OutboxEvent.event_id.in_(sent)).values(sent_at=at)
        )
    for event_id, reason in refused.items():
        session.execute(
            update(OutboxEvent)
            .where(OutboxEvent.event_id == event_id)
            .values(refused_at=at, last_error=reason[:2000])
        )


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
