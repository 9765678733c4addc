"""The counter window's frame: a header that always says where this is and what waits to
sync, and one area where the current screen (ui/screens/) is shown."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from app.services.bootstrap import Services
from app.services.status import TerminalStatus, terminal_status
from ui.errors import present_error
from ui.ops import Op

STATUS_REFRESH_MS = 30_000


class MainWindow(QMainWindow):
    """The frame every screen is shown in."""

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.setWindowTitle("分期通柜台")
        self.store = QLabel("正在打开…")
        self.sync = QLabel("")
        header = QHBoxLayout()
        header.addWidget(self.store)
        header.addStretch(1)
        header.addWidget(self.sync)
        self.screens = QStackedWidget()
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(header)
        layout.addWidget(self.screens, 1)
        self.setCentralWidget(body)
        self._status_op: Op | None = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh_status)
        self._timer.start(STATUS_REFRESH_MS)
        self.refresh_status()

    def show_screen(self, screen: QWidget) -> None:
        """Make `screen` the current one (added on first show)."""
        if self.screens.indexOf(screen) < 0:
            self.screens.addWidget(screen)
        self.screens.setCurrentWidget(screen)

    def refresh_status(self) -> None:
        """Read the header's facts off the UI thread."""
        if self._status_op is not None and self._status_op.running:
            return

        def read() -> TerminalStatus:
            with self.services.unit_of_work() as uow:
                return terminal_status(uow)

        self._status_op = Op(read, self)
        self._status_op.done.connect(self._show_status)
        self._status_op.failed.connect(lambda error: present_error(self, error))
        self._status_op.start()

    def _show_status(self, status: TerminalStatus) -> None:
        self.store.setText(f"{status.store_name}  {status.store_code}-{status.terminal_code}")
        if status.waiting == 0:
            self.sync.setText("已全部同步")
        else:
            self.sync.setText(f"待同步 {status.waiting} 条")
        if status.last_sent_at is not None:
            self.sync.setText(f"{self.sync.text()}（上次同步 {status.last_sent_at:%m-%d %H:%M}）")
