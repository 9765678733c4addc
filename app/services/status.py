"""What the window's header shows about this terminal: where it is and what waits to sync."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.models import CREDENTIAL, LAST_SYNC
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
    held: int = 0  # the chain's reference rows this terminal could not apply


def terminal_status(uow: UnitOfWork) -> TerminalStatus:
    """The store and terminal this installation is, and its sync queue."""
    terminal = uow.catalog.terminal()
    store = uow.catalog.store(terminal.store_id)
    last = uow.meta(LAST_SYNC)
    waiting, refused = uow.outbox.counts()
    return TerminalStatus(
        store_name=store.name,
        store_code=store.code,
        terminal_code=terminal.code,
        waiting=waiting,
        refused=refused,
        last_sync_at=None if last is None else datetime.fromisoformat(last),
        enrolled=uow.meta(CREDENTIAL) is not None,
        clock_offset_s=uow.catalog.clock_offset(),
        held=uow.held_count(),
    )
