"""The counter window: a header that always says where this is, who is working and what
waits to sync, and the current screen: login, home, or a sale.

The login screen shows first; the database stack (about a second of imports) loads behind it
on a worker thread, and the other screens are built when it is there (`attach`)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Role
from ui.errors import describe, present_error
from ui.ops import Op
from ui.screens.login import LoginScreen

if TYPE_CHECKING:
    from app.services.auth import SignedIn
    from app.services.bootstrap import Services
    from app.services.status import TerminalStatus
    from ui.screens.home import HomeScreen
    from ui.screens.sale import SaleWizard

STATUS_REFRESH_MS = 30_000
ROLE_LABELS = {Role.SALES: "销售", Role.MANAGER: "店长", Role.ADMIN: "管理员"}


def idle_minutes() -> int:
    """Minutes without input before the window locks: FENQI_IDLE_MINUTES, default 10."""
    text = os.environ.get("FENQI_IDLE_MINUTES", "10")
    return int(text) if text.isdigit() and int(text) > 0 else 10


class MainWindow(QMainWindow):
    """The frame every screen is shown in."""

    home: HomeScreen
    wizard: SaleWizard

    def __init__(self, services: Services | None = None) -> None:
        super().__init__()
        self.services: Services | None = None
        self.who: SignedIn | None = None
        self.setWindowTitle("分期通柜台")
        self.resize(1366, 768)
        self.store = QLabel("正在打开…")
        self.staff = QLabel("")
        self.sync = QLabel("")
        header = QHBoxLayout()
        for label in (self.store, self.staff):
            header.addWidget(label)
        header.addStretch(1)
        header.addWidget(self.sync)
        self.screens = QStackedWidget()
        self.login = LoginScreen()
        self.screens.addWidget(self.login)
        self.login.signed_in.connect(self._signed_in)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(header)
        layout.addWidget(self.screens, 1)
        self.setCentralWidget(body)
        QShortcut(QKeySequence("Ctrl+L"), self, self.lock)
        self._status_op: Op | None = None
        self._open_op: Op | None = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh_status)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.lock()
        if services is not None:
            self.attach(services)

    def open_database(self, db_url: str | None) -> Op:
        """Import the database stack and open `db_url` on a worker thread, then `attach`."""

        def load() -> Services:
            import ui.screens.sale  # noqa: F401  the screens' imports, off the UI thread
            from app.services.bootstrap import open_services

            return open_services(db_url)

        self._open_op = Op(load, self)
        self._open_op.done.connect(self.attach)
        self._open_op.failed.connect(self._open_failed)
        self._open_op.start()
        return self._open_op

    def _open_failed(self, error: Exception) -> None:
        self.store.setText("无法打开数据库")
        self.login.message.setText(describe(error)[1])

    def attach(self, services: Services) -> None:
        """Build the screens that need the database, and start the header's refresh."""
        from ui.screens.home import HomeScreen
        from ui.screens.sale import SaleWizard

        self.services = services
        self.login.services = services
        self.home = HomeScreen(services)
        self.wizard = SaleWizard(services)
        self.screens.addWidget(self.home)
        self.screens.addWidget(self.wizard)
        self.home.new_sale.connect(self.new_sale)
        self.home.resume.connect(self.resume_sale)
        self.wizard.finished.connect(self.show_home)
        self._timer.start(STATUS_REFRESH_MS)
        self.refresh_status()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress) and self.who:
            self._idle.start(idle_minutes() * 60_000)
        return super().eventFilter(watched, event)

    def lock(self) -> None:
        """Back to the login screen; an open sale stays saved as a draft."""
        self.who = None
        self.staff.setText("未登录")
        self._idle.stop()
        self.screens.setCurrentWidget(self.login)
        self.login.reset()

    def _signed_in(self, who: SignedIn) -> None:
        self.who = who
        self.staff.setText(f"{who.display_name}（{ROLE_LABELS[who.role]}）")
        self._idle.start(idle_minutes() * 60_000)
        self.show_home()

    def show_home(self) -> None:
        """The home screen with the unfinished sales."""
        self.screens.setCurrentWidget(self.home)
        self.home.refresh()
        self.refresh_status()

    def new_sale(self) -> None:
        """Start a sale by the person logged in."""
        from app.services.sale import Sale

        if self.who is None or self.services is None:
            return
        try:
            sale = Sale.start(self.services, self.who.username)
        except Exception as error:
            present_error(self, error)
            return
        self.screens.setCurrentWidget(self.wizard)
        self.wizard.open(sale)

    def resume_sale(self, draft_id: object) -> None:
        """Carry on with an unfinished sale where it was left."""
        from app.services.sale import Sale

        if self.services is None:
            return
        try:
            sale = Sale.resume(self.services, draft_id)  # type: ignore[arg-type]
        except Exception as error:
            present_error(self, error)
            self.home.refresh()
            return
        self.screens.setCurrentWidget(self.wizard)
        self.wizard.open(sale)

    def refresh_status(self) -> None:
        """Read the header's facts off the UI thread."""
        from app.services.status import terminal_status

        services = self.services
        if services is None or (self._status_op is not None and self._status_op.running):
            return

        def read() -> TerminalStatus:
            with services.unit_of_work() as uow:
                return terminal_status(uow)

        self._status_op = Op(read, self)
        self._status_op.done.connect(self._show_status)
        self._status_op.failed.connect(lambda error: present_error(self, error))
        self._status_op.start()

    def _show_status(self, status: TerminalStatus) -> None:
        self.store.setText(f"{status.store_name}  {status.store_code}-{status.terminal_code}")
        text = "无待同步数据" if status.waiting == 0 else f"待同步 {status.waiting} 条"
        if status.last_sent_at is None:
            text += "（尚未与中心服务器同步）"
        else:
            text += f"（上次同步 {status.last_sent_at:%m-%d %H:%M}）"
        self.sync.setText(text)
