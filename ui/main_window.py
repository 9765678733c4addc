"""The counter window: a header that always says where this is, who is working and what
waits to sync, and the current screen: login, home, or a sale.

The login screen shows first; the database stack (about a second of imports) loads behind it
on a worker thread, and the other screens are built when it is there (`attach`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.clock import CLOCK_TOLERANCE_S
from app.domain.enums import Role
from ui.errors import describe, present_error
from ui.i18n import tr, use_language
from ui.ops import Op
from ui.screens.login import LoginScreen

if TYPE_CHECKING:
    from app.services.auth import SignedIn
    from app.services.bootstrap import Services
    from app.services.status import TerminalStatus
    from ui.screens.home import HomeScreen
    from ui.screens.manager import ManagerDesk
    from ui.screens.sale_wizard import SaleWizard
    from ui.sync_worker import SyncWorker

STATUS_REFRESH_MS = 30_000
SYNC_NOTICE_MS = 8_000


def sync_text(status: TerminalStatus, syncer: SyncWorker | None) -> str:
    """The header's words on sync: what waits, whether the server answers, when it last
    did, and what it refused."""
    state = "idle" if syncer is None else syncer.state
    if state == "syncing":
        text = tr("正在同步…")
    elif state == "offline":
        text = tr("离线，")
    elif not status.enrolled:
        text = tr("未连接中心服务器，")
    else:
        text = ""
    if state != "syncing":
        text += (
            tr("无待同步数据")
            if status.waiting == 0
            else tr("待同步 {status_waiting} 条").format(status_waiting=status.waiting)
        )
    if status.refused:
        text += tr("，{refused} 条被中心拒收").format(refused=status.refused)
    if status.held:
        text += tr("，{held} 条总部数据未能应用").format(held=status.held)
    offset = status.clock_offset_s
    if offset is not None and abs(offset) > CLOCK_TOLERANCE_S:
        text += tr("，本机时钟与总部相差 {minutes} 分钟：暂停签约").format(
            minutes=round(abs(offset) / 60)
        )
    if not status.enrolled:
        return text
    if status.last_sync_at is None:
        text += tr("（尚未与中心服务器同步）")
    else:
        text += tr("（上次同步 {status_last_sent_at:%m-%d %H:%M}）").format(
            status_last_sent_at=status.last_sync_at.astimezone()
        )
    return text


ROLE_LABELS = {Role.SALES: "销售", Role.MANAGER: "店长", Role.ADMIN: "管理员"}


class MainWindow(QMainWindow):
    """The frame every screen is shown in."""

    home: HomeScreen
    wizard: SaleWizard
    desk: ManagerDesk

    def __init__(self, services: Services | None = None) -> None:
        super().__init__()
        self.services: Services | None = None
        self.who: SignedIn | None = None
        self.setWindowTitle(tr("分期通柜台"))
        self.resize(1366, 768)
        self.store = QLabel(tr("正在打开…"))
        self.staff = QLabel("")
        self.sync = QLabel("")
        header = QHBoxLayout()
        for label in (self.store, self.staff):
            header.addWidget(label)
        header.addStretch(1)
        header.addWidget(self.sync)
        self.sync_button = QPushButton(tr("立即同步（F5）"))
        self.sync_button.setShortcut("F5")
        self.sync_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sync_button.setEnabled(False)
        self.sync_button.clicked.connect(self.sync_now)
        header.addWidget(self.sync_button)
        self.syncer: SyncWorker | None = None
        self.screens = QStackedWidget()
        self._add_login()
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(header)
        layout.addWidget(self.screens, 1)
        self.setCentralWidget(body)
        QShortcut(QKeySequence("Ctrl+L"), self, self.lock)
        self._status_op: Op | None = None
        self._status: TerminalStatus | None = None  # the last one read, to redraw it
        self._status_error: tuple[str, str] | None = None  # the last failure, and its words
        self._sync_notice: str | None = None  # F5's answer, shown for a while
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

    def _add_login(self) -> None:
        self.login = LoginScreen(self.services)
        self.screens.insertWidget(0, self.login)
        self.login.signed_in.connect(self._signed_in)
        self.login.language_chosen.connect(self.change_language)

    def _add_database_screens(self) -> None:
        from ui.screens.home import HomeScreen
        from ui.screens.manager import ManagerDesk
        from ui.screens.sale_wizard import SaleWizard

        assert self.services is not None
        self.home = HomeScreen(self.services)
        self.wizard = SaleWizard(self.services)
        self.screens.addWidget(self.home)
        self.screens.addWidget(self.wizard)
        self.home.new_sale.connect(self.new_sale)
        self.home.resume.connect(self.resume_sale)
        self.desk = ManagerDesk(self.services)
        self.screens.addWidget(self.desk)
        self.home.desk.connect(self.show_desk)
        self.desk.back.connect(self.show_home)
        self.wizard.finished.connect(self.show_home)

    def change_language(self, language: str) -> None:
        """Speak `language` from now on (chosen at the login screen, where no sale is open):
        the screens are made again in it."""
        use_language(language)
        for screen in [self.screens.widget(i) for i in range(self.screens.count())]:
            assert screen is not None
            self.screens.removeWidget(screen)
            screen.deleteLater()
        self._add_login()
        if self.services is not None:
            self._add_database_screens()
        self.setWindowTitle(tr("分期通柜台"))
        self.sync_button.setText(tr("立即同步（F5）"))
        self.lock()
        if self._status is not None:
            self._show_status(self._status)
        self.refresh_status()
        self.login.language.setFocus()

    def open_database(self, db_url: str | None) -> Op:
        """Import the database stack and open `db_url` on a worker thread, then `attach`."""

        def load() -> Services:
            import ui.screens.sale_wizard  # noqa: F401  the screens' imports, off the UI thread
            from app.services.bootstrap import open_services

            return open_services(db_url)

        self._open_op = Op(load, self)
        self._open_op.done.connect(self.attach)
        self._open_op.failed.connect(self._open_failed)
        self._open_op.start()
        return self._open_op

    def _open_failed(self, error: Exception) -> None:
        self.store.setText(tr("无法打开数据库"))
        self.login.message.setText(describe(error)[1])

    def attach(self, services: Services) -> None:
        """Build the screens that need the database, and start the header's refresh."""
        self.services = services
        self.login.services = services
        self._add_database_screens()
        self._timer.start(STATUS_REFRESH_MS)
        from ui.sync_worker import SyncWorker

        self.syncer = SyncWorker(services, self)
        self.syncer.changed.connect(self.refresh_status)
        self.syncer.start()
        self.sync_button.setEnabled(True)
        self.refresh_status()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress) and self.who:
            self._idle.start(self._idle_ms())
        return super().eventFilter(watched, event)

    def _idle_ms(self) -> int:
        """How long without input before the window locks (the installation's setting)."""
        assert self.services is not None  # someone is logged in
        return self.services.settings.idle_minutes * 60_000

    def lock(self) -> None:
        """Back to the login screen; an open sale stays saved as a draft, with a card read
        but not yet taken."""
        if self.who is not None and self.screens.currentWidget() is getattr(self, "wizard", None):
            self.wizard.keep_unsaved()
        self.who = None
        self.staff.setText(tr("未登录"))
        self._idle.stop()
        self.screens.setCurrentWidget(self.login)
        self.login.reset()

    def _signed_in(self, who: SignedIn) -> None:
        self.who = who
        self.staff.setText(
            tr("{who_display_name}（{role}）").format(
                who_display_name=who.display_name, role=tr(ROLE_LABELS[who.role])
            )
        )
        self._idle.start(self._idle_ms())
        self.home.desk_button.setVisible(who.role in (Role.MANAGER, Role.ADMIN))
        self.show_home()

    def show_home(self) -> None:
        """The home screen with the unfinished sales."""
        self.screens.setCurrentWidget(self.home)
        self.home.refresh(self.who.username if self.who else None)
        self.refresh_status()

    def show_desk(self) -> None:
        """The manager's desk (managers only)."""
        if self.who is None or self.who.role not in (Role.MANAGER, Role.ADMIN):
            return
        self.screens.setCurrentWidget(self.desk)
        self.desk.open(self.who.username)

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
        if self.services is None or (self._status_op is not None and self._status_op.running):
            return
        self._status_op = Op(self.desk.counter.reports.terminal_status, self)
        self._status_op.done.connect(self._show_status)
        self._status_op.failed.connect(self._status_failed)
        self._status_op.start()

    def sync_now(self) -> None:
        """A sync round now (F5), off the UI thread; the header says at once why none can run
        on a terminal not enrolled with the central server."""
        if self.syncer is None:
            return
        if self.syncer.sync_now() is None and self.syncer.state == "unenrolled":
            self._sync_notice = tr("本机尚未登记到中心服务器，无法同步：销售照常离线进行")
            self.sync.setText(self._sync_notice)
            self.sync.setStyleSheet("color: #c92a2a;")
            QTimer.singleShot(SYNC_NOTICE_MS, self._end_sync_notice)

    def _end_sync_notice(self) -> None:
        self._sync_notice = None
        if self._status is not None:
            self._show_status(self._status)

    def _status_failed(self, error: BaseException) -> None:
        """The header says the facts could not be read (the timer tries again): a message box
        at every try would pile up over the sale. A bug's report is written once."""
        key = f"{type(error).__name__}: {error}"
        if self._status_error is None or self._status_error[0] != key:
            self._status_error = (key, describe(error)[1])
        self.sync.setText(tr("无法读取本机状态，稍后自动重试"))
        self.sync.setStyleSheet("color: #c92a2a;")
        self.sync.setToolTip(self._status_error[1])

    def _show_status(self, status: TerminalStatus) -> None:
        self._status = status
        self._status_error = None
        self.store.setText(f"{status.store_name}  {status.store_code}-{status.terminal_code}")
        self.sync.setText(self._sync_notice or sync_text(status, self.syncer))
        offline = self.syncer is not None and self.syncer.state == "offline"
        alarm = offline or status.refused or status.held or self._sync_notice
        self.sync.setStyleSheet("color: #c92a2a;" if alarm else "")
        self.sync.setToolTip(self.syncer.problem if self.syncer is not None else "")
