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


class Outbox:
    """The queue of changes for the central server, in the session's transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def pending(self, *, limit: int = 100) -> list[OutboxEvent]:
        """The oldest events the server has not answered yet, in queue order."""
        query = select(OutboxEvent).where(PENDING).order_by(OutboxEvent.seq)
        return list(self.session.scalars(query.limit(limit)))

    def counts(self) -> tuple[int, int]:
        """The events waiting for the server, and those it refused (kept, not resent)."""
        refused = OutboxEvent.refused_at.is_not(None)
        return self._count(PENDING), self._count(refused)

    def _count(self, where: Any) -> int:
        query = select(func.count()).select_from(OutboxEvent).where(where)
        return self.session.scalar(query) or 0

    def mark_answered(
        self, sent: list[uuid.UUID], refused: dict[uuid.UUID, str], at: datetime
    ) -> None:
        """Record the server's answer: `sent` were taken (or were already there), `refused`
        were not, each with the server's reason. Events not answered stay pending."""
        if sent:
            self.session.execute(
                update(OutboxEvent).where(OutboxEvent.event_id.in_(sent)).values(sent_at=at)
            )
        for event_id, reason in refused.items():
            self.session.execute(
                update(OutboxEvent)
                .where(OutboxEvent.event_id == event_id)
                .values(refused_at=at, last_error=reason[:2000])
            )

    def rehash_id_numbers(self, moved: dict[str, str]) -> None:
        """Give the events still waiting the new lookup hash of the ID number they carry
        (`moved`: old hash → new), as when the terminal takes the chain's lookup key."""
        for event in self.session.scalars(select(OutboxEvent).where(PENDING)):
            digest = moved.get(event.payload.get("id_number_hmac", ""))
            if digest is not None:
                event.payload = {**event.payload, "id_number_hmac": digest}


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
