"""Long work (OCR, PDFs, the database, sync) off the UI thread, its result back on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class Op(QObject):
    """One piece of background work. `start()` runs `work()` on Qt's thread pool; then, on
    the UI thread, `done(result)` or `failed(exception)` is emitted, and `finished()`.

    The owner keeps the Op (a parent or an attribute) until `finished`.
    """

    done = Signal(object)
    failed = Signal(object)
    finished = Signal()
    _returned = Signal(object, object)  # (result, exception) from the worker thread

    def __init__(self, work: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self.running = False
        self._returned.connect(self._deliver)  # queued: this object lives on the UI thread

    def start(self) -> None:
        """Queue the work on the global thread pool."""
        self.running = True
        QThreadPool.globalInstance().start(_Job(self))

    def _run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # delivered to the UI thread, which presents it
            self._returned.emit(None, exc)
        else:
            self._returned.emit(result, None)

    @Slot(object, object)
    def _deliver(self, result: Any, error: BaseException | None) -> None:
        self.running = False
        if error is None:
            self.done.emit(result)
        else:
            self.failed.emit(error)
        self.finished.emit()


class _Job(QRunnable):
    def __init__(self, op: Op) -> None:
        super().__init__()
        self._op = op

    def run(self) -> None:
        self._op._run()
