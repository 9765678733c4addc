"""The Qt application object: Simplified Chinese first, a CJK font that has every character
the forms show, and uncaught errors presented instead of lost."""

from __future__ import annotations

import gc
import sys
import time
from types import TracebackType

from PySide6.QtCore import QLocale, QObject, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from ui.errors import present_error
from ui.i18n import saved_language, tr, use_language

UI_FONTS = ("Noto Sans CJK SC", "Microsoft YaHei", "WenQuanYi Micro Hei", "PingFang SC")
# The field in hand is plain to see at arm's length (the native ring is a faint line).
FOCUS_RING = (
    "QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QPlainTextEdit:focus"
    " { border: 2px solid #1c7ed6; }"
)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The application (made once per process): names, locale zh_CN, the UI font, and an
    exception hook that presents what a slot raised."""
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName("fenqi")  # where QSettings keeps the chosen language
    app.setApplicationName("fenqi")
    use_language(saved_language(), save=False)
    app.setApplicationDisplayName(tr("分期通柜台"))
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    families = set(QFontDatabase.families())
    family = next((f for f in UI_FONTS if f in families), None)
    if family is not None:
        app.setFont(QFont(family, 11))
    app.setStyleSheet(FOCUS_RING)
    sys.excepthook = _present_uncaught
    if not hasattr(app, "fenqi_collector"):
        app.fenqi_collector = UiThreadCollector(app)  # type: ignore[attr-defined]
    return app


class UiThreadCollector(QObject):
    """Python's cycle collector, run on the UI thread only (as Anki does). Left automatic, it
    runs in whichever thread allocates when a threshold is crossed — often an `Op`'s worker
    — and a widget whose last reference a cycle held is then destroyed off the UI thread: a
    crash ("Segmentation fault … Garbage-collecting" under an Op, seen in the test suite)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect)
        self._timer.start(1000)

    def collect(self) -> None:
        """Collect the generations whose thresholds the allocations since have crossed."""
        counts, limits = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if counts[generation] > limits[generation]:
                gc.collect(generation)
                return


def _present_uncaught(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    if not isinstance(error, Exception):  # KeyboardInterrupt, SystemExit
        sys.__excepthook__(kind, error, trace)
        return
    present_error(QApplication.activeWindow(), error)


def run_window(db_url: str | None, *, smoke: bool = False) -> int:
    """The counter window on the database until it is closed; returns the exit code. With
    `smoke`, print how long the login window took to show and quit."""
    from PySide6.QtCore import QTimer

    from ui.main_window import MainWindow

    started = time.perf_counter()
    app = create_application()
    window = MainWindow()
    window.show()
    window.activateWindow()  # without a window manager (a kiosk PC) nothing else would
    opening = window.open_database(db_url)
    if smoke:

        def ready() -> None:
            print(f"database open in {time.perf_counter() - started:.3f} s", flush=True)
            active = QApplication.activeWindow() is window
            print(f"keyboard shortcuts reach the window: {'yes' if active else 'no'}", flush=True)
            app.quit()

        def shown() -> None:
            print(f"login window shown in {time.perf_counter() - started:.3f} s", flush=True)
            if opening.running:
                opening.finished.connect(ready)
            else:
                ready()

        QTimer.singleShot(0, shown)
    code = int(app.exec())
    if window.services is None:
        return code or 1  # the database did not open: the window said why
    window.services.close()
    return code
