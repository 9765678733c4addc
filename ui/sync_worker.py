"""Sync in the background: a round every FENQI_SYNC_SECONDS (default 60) while the server
answers, backing off (doubling, with jitter, up to 15 minutes) while it does not; "sync now"
at any time. A round runs off the UI thread; sales never wait for it."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain.errors import EnvironmentProblem, UserError
from app.services.sync import SyncReport, is_enrolled, retry_delay, sync_once
from ui.ops import Op

if TYPE_CHECKING:
    from app.services.bootstrap import Services

MAX_DELAY_S = 15 * 60


class SyncWorker(QObject):
    """Emits `changed` when a round starts or ends; `state` is "idle", "syncing",
    "offline" (with `problem`) or "unenrolled"; `last_report` the last round's."""

    changed = Signal()

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.state = "idle"
        self.problem = ""
        self.failures = 0
        self.last_report: SyncReport | None = None
        self._op: Op | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.sync_now)

    def start(self, first_in_ms: int = 3000) -> None:
        """Begin the rounds (the first soon after the window opens)."""
        self._timer.start(first_in_ms)

    def sync_now(self) -> Op | None:
        """A round now, unless one is running; None when none was started."""
        if self._op is not None and self._op.running:
            return None
        services = self.services
        if not is_enrolled(services):
            self.state = "unenrolled"
            self.changed.emit()
            return None
        self._timer.stop()
        self.state = "syncing"
        self.changed.emit()
        self._op = Op(lambda: sync_once(services), self)
        self._op.done.connect(self._done)
        self._op.failed.connect(self._failed)
        self._op.start()
        return self._op

    def _done(self, report: SyncReport) -> None:
        self.last_report, self.failures, self.state, self.problem = report, 0, "idle", ""
        self._timer.start(self.services.settings.sync_seconds * 1000)
        self.changed.emit()

    def _failed(self, error: Exception) -> None:
        self.failures += 1
        self.state = "offline"
        self.problem = str(error) if isinstance(error, EnvironmentProblem | UserError) else ""
        delay = retry_delay(
            self.failures,
            base=self.services.settings.sync_seconds,
            cap=MAX_DELAY_S,
            jitter=random.uniform(0.5, 1.5),
        )
        self._timer.start(int(delay * 1000))
        self.changed.emit()

    def next_attempt_ms(self) -> int:
        """Milliseconds until the next round (-1 when none is planned)."""
        return self._timer.remainingTime()
