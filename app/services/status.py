"""What the window's header shows about this terminal: where it is and what waits to sync."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from storage.models import CREDENTIAL, LAST_SYNC, Meta, OutboxEvent
from storage.outbox import count_pending
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class TerminalStatus:
    store_name: str
    store_code: str
    terminal_code: str
    waiting: int  # outbox events not yet answered by the central server
    refused: int  # events the server refused (a manager should look at them)
    last_sync_at: datetime | None
    enrolled: bool
    clock_offset_s: float | None = None  # the server's clock minus this terminal's


def terminal_status(uow: UnitOfWork) -> TerminalStatus:
    """The store and terminal this installation is, and its sync queue."""
    terminal = uow.catalog.terminal()
    store = uow.catalog.store(terminal.store_id)
    refused = (
        select(func.count()).select_from(OutboxEvent).where(OutboxEvent.refused_at.is_not(None))
    )
    last = uow.session.get(Meta, LAST_SYNC)
    return TerminalStatus(
        store_name=store.name,
        store_code=store.code,
        terminal_code=terminal.code,
        waiting=count_pending(uow.session),
        refused=uow.session.scalar(refused) or 0,
        last_sync_at=None if last is None else datetime.fromisoformat(last.value),
        enrolled=uow.session.get(Meta, CREDENTIAL) is not None,
        clock_offset_s=uow.catalog.clock_offset(),
    )
