"""Long work (OCR, PDFs, the database, sync) off the UI thread, its result back on it."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRunnable, QThreadPool, QTimer, Signal, Slot


class Op(QObject):
    """One piece of background work. `start()` runs `work()` on Qt's thread pool; then, on
    the UI thread, `done(result)` or `failed(exception)` is emitted, and `finished()`.

    The owner keeps the Op (a parent or an attribute) until `finished`.
    """

    done = Signal(object)
    failed = Signal(object)
    finished = Signal()
    # from the worker thread, without arguments: PySide6 mishandles the reference counts of
    # Python objects (None above all) carried through queued signals, so the result waits
    # on the Op and the UI thread picks it up
    _returned = Signal()

    def __init__(self, work: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._result: Any = None
        self._error: Exception | None = None
        self.running = False
        self._returned.connect(self._deliver)  # queued: this object lives on the UI thread

    def start(self) -> None:
        """Queue the work on the global thread pool."""
        self.running = True
        QThreadPool.globalInstance().start(_Job(self))

    def _run(self) -> None:
        try:
            self._result = self._work()
        except Exception as exc:  # delivered to the UI thread, which presents it
            self._error = exc
        with contextlib.suppress(RuntimeError):  # its screen was closed meanwhile: no one to tell
            self._returned.emit()

    @Slot()
    def _deliver(self) -> None:
        self.running = False
        if self._error is None:
            self.done.emit(self._result)
        else:
            self.failed.emit(self._error)
        self.finished.emit()


class _Job(QRunnable):
    def __init__(self, op: Op) -> None:
        super().__init__()
        self._op = op

    def run(self) -> None:
        self._op._run()


def run_until(until: Callable[[], object], ms: int) -> bool:
    """Run the event loop (as app.exec() does) until `until()` holds or `ms` have passed;
    whether it holds. For scripts and tests that drive the window: the workers get Python
    meanwhile (QTest.qWait holds the GIL while it sleeps, and OCR took 5× its time behind it)."""
    deadline = time.monotonic() + ms / 1000
    loop = QEventLoop()
    timer = QTimer()

    def check() -> None:
        if until() or time.monotonic() > deadline:
            loop.quit()

    timer.timeout.connect(check)
    timer.start(20)
    if not until():
        loop.exec()
    timer.stop()
    return bool(until())
