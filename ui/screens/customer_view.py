"""The customer's own screen: the chosen plan in large type, then each key clause with its own
confirm button, then the signature pad. It opens on a second screen when one is attached,
else full screen on the counter's screen, turned towards the customer.

Only the customer's hand confirms: the buttons take no keyboard focus and the view has no
shortcuts, so nothing typed at the clerk's keyboard (or scanned) can confirm a clause; each
button enables only after its clause has been on screen for `MIN_READING`."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QScreen
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.contract import ConsentClause, percent
from app.domain.money import format_yuan
from app.services import sale as sale_rules
from app.services.sale import Sale, consent_screen
from ui.errors import describe
from ui.i18n import tr
from ui.ops import Op
from ui.widgets.signature_pad import SignaturePad

BIG = "font-size: 30px; font-weight: bold;"
BUTTON = "font-size: 22px; padding: 14px 40px;"


def customer_screen(counter: QWidget) -> tuple[QScreen, bool]:
    """The screen the customer sees, and whether it is a second one: another screen than
    the counter window's when one is attached, else the counter's own."""
    here = counter.screen()
    others = [s for s in QGuiApplication.screens() if s is not here]
    return (others[0], True) if others else (here, False)


class CustomerView(QWidget):
    """The customer's view of one sale.

    Signals:
        acknowledged: a clause was confirmed (the sale's draft holds it).
        signed: the customer accepted their signature (`pad.strokes`).
    """

    acknowledged = Signal()
    signed = Signal()

    def __init__(
        self, sale: Sale, clauses: list[ConsentClause], screen: QScreen, *, second: bool
    ) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.sale = sale
        size = screen.geometry()
        self.description = consent_screen(second=second, width=size.width(), height=size.height())
        self.two_screens = second
        self.setWindowTitle(tr("客户确认"))
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.clauses = clauses  # as `sale.clauses()` gave them: what this view shows
        self.stack = QStackedWidget()
        self.stack.addWidget(self._plan_page())
        self.clause_progress = QLabel("")
        self.clause_progress.setStyleSheet("font-size: 18px; color: #495057;")
        self.clause_title = QLabel("")
        self.clause_title.setStyleSheet(BIG)
        self.clause_text = QLabel("")
        self.clause_text.setWordWrap(True)
        self.clause_text.setStyleSheet("font-size: 22px;")
        self.clause_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.confirm = self._button(tr("我已阅读并确认本条"), self._confirm_clause)
        self.message = QLabel("")
        self.message.setStyleSheet("color: #c92a2a; font-size: 18px;")
        clause_page = QWidget()
        column = QVBoxLayout(clause_page)
        for widget in (self.clause_progress, self.clause_title, self.clause_text):
            column.addWidget(widget)
        column.addStretch(1)
        column.addWidget(self.message)
        column.addWidget(self.confirm, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.stack.addWidget(clause_page)
        self.pad = SignaturePad()
        self.accept_signature = self._button(tr("确认签名"), self._signed)
        self.accept_signature.setEnabled(False)
        self.pad.changed.connect(lambda: self.accept_signature.setEnabled(bool(self.pad.strokes)))
        again = self._button(tr("清除重签"), self.pad.clear)
        sign_page = QWidget()
        column = QVBoxLayout(sign_page)
        title = QLabel(tr("请在下方签名"))
        title.setStyleSheet(BIG)
        column.addWidget(title)
        column.addWidget(self.pad, alignment=Qt.AlignmentFlag.AlignHCenter)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(again)
        row.addWidget(self.accept_signature)
        row.addStretch(1)
        column.addLayout(row)
        column.addStretch(1)
        self.stack.addWidget(sign_page)
        self.waiting = QLabel(tr("已签名，请稍候：店员正在办理"))
        self.waiting.setStyleSheet(BIG)
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.waiting)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 40, 60, 40)
        layout.addWidget(self.stack)
        self.has_signed = False  # the customer accepted what is on the pad
        self._shown_at = datetime.now(UTC)
        self._timer = QTimer(self)
        self._saving: Op | None = None
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse one may fire 5% early
        self._timer.timeout.connect(self._may_confirm)

    def _button(self, text: str, action: object) -> QPushButton:
        button = QPushButton(text)
        button.setStyleSheet(BUTTON)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # only a hand on the screen presses it
        button.clicked.connect(action)
        return button

    def _plan_page(self) -> QWidget:
        quote = self.sale.quote()
        cart, first = quote.cart, quote.schedule[0]
        payments = {row.payment for row in quote.schedule}
        monthly = (
            tr("{amount} 元").format(amount=format_yuan(first.payment))
            if len(payments) <= 2  # the last instalment absorbs the rounding
            else tr("首期 {amount} 元，逐月递减").format(amount=format_yuan(first.payment))
        )
        yuan = tr("{amount} 元")
        figures = [  # (object name, label, value)
            ("down", tr("首付"), yuan.format(amount=format_yuan(cart.down_payment))),
            ("financed", tr("分期金额"), yuan.format(amount=format_yuan(quote.financed))),
            ("payment", tr("每期还款"), monthly),
            ("term", tr("还款期数"), tr("{term} 期").format(term=quote.term)),
            (
                "charges",
                tr("利息/手续费合计"),
                yuan.format(amount=format_yuan(quote.total_interest_or_fees)),
            ),
            ("total", tr("总还款"), yuan.format(amount=format_yuan(quote.total_payable))),
            ("apr", tr("年化利率（IRR 法）"), percent(quote.apr)),
            ("first_due", tr("首次还款日"), f"{first.due_date:%Y-%m-%d}"),
        ]
        page = QWidget()
        column = QVBoxLayout(page)
        title = QLabel(tr("您选择的分期方案：{device}").format(device=self.sale.phone.device))
        title.setStyleSheet(BIG)
        column.addWidget(title)
        grid = QGridLayout()
        for r, (key, label, value) in enumerate(figures):
            name, shown = QLabel(label), QLabel(value)
            name.setStyleSheet("font-size: 24px; color: #495057;")
            shown.setStyleSheet("font-size: 32px; font-weight: bold;")
            shown.setObjectName(f"figure_{key}")
            grid.addWidget(name, r, 0)
            grid.addWidget(shown, r, 1)
        column.addLayout(grid)
        note = QLabel(tr("除上述利息/手续费外不收取任何其他费用。接下来请逐条阅读并确认关键条款。"))
        note.setStyleSheet("font-size: 20px;")
        note.setWordWrap(True)
        column.addWidget(note)
        column.addStretch(1)
        self.plan_read = self._button(tr("我已了解，开始阅读条款"), self._next_clause)
        column.addWidget(self.plan_read, alignment=Qt.AlignmentFlag.AlignHCenter)
        return page

    # --- showing it ------------------------------------------------------------------------

    def present(self) -> None:
        """Show the view (full screen on its screen) where the sale stands: the plan first,
        the clauses still to confirm, or the pad."""
        if self._current() is None:
            self._to_pad()
        else:
            self.stack.setCurrentIndex(0)
            self._start_reading(self.plan_read)
        self.showFullScreen()

    @property
    def working(self) -> bool:
        """Whether a confirmation is being saved (off the UI thread)."""
        return self._saving is not None and self._saving.running

    def _current(self) -> int | None:
        done = self.sale.draft.acknowledged
        return next((i for i, c in enumerate(self.clauses) if c.code not in done), None)

    def _start_reading(self, button: QPushButton) -> None:
        """`button` enables once what is on screen has been there for MIN_READING."""
        self._shown_at = datetime.now(UTC)
        self._reading = button
        button.setEnabled(False)
        self._timer.start(int(sale_rules.MIN_READING.total_seconds() * 1000) + 50)

    def _may_confirm(self) -> None:
        left = sale_rules.MIN_READING - (datetime.now(UTC) - self._shown_at)
        if left.total_seconds() > 0:  # never a moment early: the sale would refuse it
            self._timer.start(int(left.total_seconds() * 1000) + 20)
            return
        self._reading.setEnabled(True)

    def _next_clause(self) -> None:
        i = self._current()
        if i is None:
            self._to_pad()
            return
        clause = self.clauses[i]
        self.clause_progress.setText(
            tr("第 {x} / {clauses} 条").format(x=i + 1, clauses=len(self.clauses))
        )
        self.clause_title.setText(clause.title)
        self.clause_text.setText(clause.text)
        self.stack.setCurrentIndex(1)
        self._start_reading(self.confirm)

    def _confirm_clause(self) -> None:
        """Save the customer's confirmation off the UI thread; the next clause shows once it
        is kept."""
        i = self._current()
        if i is None or self.working:
            return
        sale, clause, shown_at, screen = (
            self.sale,
            self.clauses[i],
            self._shown_at,
            self.description,
        )
        self.confirm.setEnabled(False)
        self._saving = Op(
            lambda: sale.acknowledge(
                clause.code, shown_at=shown_at, screen=screen, digest=clause.digest
            ),
            self,
        )
        self._saving.done.connect(self._clause_confirmed)
        self._saving.failed.connect(self._clause_refused)
        self._saving.start()

    def _clause_confirmed(self, _result: object) -> None:
        self.message.clear()
        self.acknowledged.emit()
        self._next_clause()

    def _clause_refused(self, error: Exception) -> None:
        self.message.setText(describe(error)[1])
        self.confirm.setEnabled(True)

    def _to_pad(self) -> None:
        self.has_signed = False
        self.pad.clear()
        self.stack.setCurrentIndex(2)

    def _signed(self) -> None:
        if not self.pad.strokes:
            return
        self.has_signed = True
        self.stack.setCurrentWidget(self.waiting)
        if not self.two_screens:
            self.hide()  # the counter's screen goes back to the clerk
        self.signed.emit()

    def sign_again(self) -> None:
        """Back to an empty pad (the clerk asked for a new signature)."""
        self._to_pad()
        self.showFullScreen()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """No key confirms anything here; Esc hands the screen back to the clerk."""
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
        event.accept()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._timer.stop()
        super().closeEvent(event)
