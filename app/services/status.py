"""What the window's header shows about this terminal: where it is and what waits to sync."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from storage.models import OutboxEvent
from storage.outbox import count_pending
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class TerminalStatus:
    store_name: str
    store_code: str
    terminal_code: str
    waiting: int  # outbox events not yet acknowledged by the central server
    last_sent_at: datetime | None


def terminal_status(uow: UnitOfWork) -> TerminalStatus:
    """The store and terminal this installation is, and its sync queue."""
    terminal = uow.catalog.terminal()
    store = uow.catalog.store(terminal.store_id)
    last = select(func.max(OutboxEvent.sent_at))
    return TerminalStatus(
        store_name=store.name,
        store_code=store.code,
        terminal_code=terminal.code,
        waiting=count_pending(uow.session),
        last_sent_at=uow.session.scalar(last),
    )
