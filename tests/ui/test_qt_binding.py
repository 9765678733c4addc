"""The Qt binding the window runs on keeps Python's reference counts: PySide6 6.12.0 dropped
one reference to True on every signal emitted from Python, so a counter window died with
"deallocating True" after ~10,000 signals (its status refresh, sync rounds, every Op)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    plain = Signal()
    carrying = Signal(object)


def test_emitting_signals_keeps_the_reference_counts_of_true_and_none(qapp):
    emitter = _Emitter()
    emitter.plain.connect(lambda: None)
    emitter.carrying.connect(lambda value: None)
    before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(1000):
        emitter.plain.emit()
        emitter.carrying.emit(None)
    after = sys.getrefcount(True), sys.getrefcount(None)
    assert after[0] == before[0]
    assert abs(after[1] - before[1]) < 10
