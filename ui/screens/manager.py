"""店长工作台: close the day (日结), take repayments and early payoffs, watch the installment
book, and work the reminder and overdue lists within the collection rules."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.clock import business_day, local
from app.domain.errors import UserError
from app.domain.money import format_yuan, parse_yuan
from app.domain.repayment import CHANNELS, COMPONENT_LABELS, ORDER, STATUS_LABELS, till_rows
from app.domain.risk import DECISION_LABELS
from app.services.counter import Counter
from printing.report_pdf import FIGURES
from ui.errors import present_error
from ui.i18n import message, tr
from ui.ops import Op
from ui.screens.steps.base import fill_table, make_table
from ui.widgets.charts import BarChart, TrendChart
from ui.widgets.printing import ask_and_print, save_pdf

if TYPE_CHECKING:
    from app.services.bootstrap import Services

COMPARED = ("day", "previous_day", "same_weekday_last_week")
CONTRACT_STATUS = {
    "signed": "已签约",
    "active": "还款中",
    "paid_off": "已结清",
    "cancelled": "已取消",
    "written_off": "已核销",
}
STEPS = {"reminder": "短信提醒", "call": "电话联系", "letter": "书面通知", "legal": "移交法务"}
CONTACT_CHANNELS = {"sms": "短信", "call": "电话", "letter": "信函"}
TEMPLATES = {
    "reminder_due": "到期提醒（客户本人）",
    "overdue_notice": "逾期通知（客户本人）",
    "formal_letter": "书面通知（客户本人）",
    "pass_on_message": "请紧急联系人转告（不提欠款）",
}


def _read_off_thread(owner: Any, read: Callable[[], Any], show: Callable[[Any], None]) -> Op:
    """Run `read` on a worker thread, then `show` its result (an error is presented)."""
    owner._op = Op(read, owner)
    owner._op.done.connect(show)
    owner._op.failed.connect(lambda error: present_error(owner, error))
    owner._op.start()
    return owner._op


def _day(edit: QDateEdit) -> date:
    picked = edit.date()
    return date(picked.year(), picked.month(), picked.day())


def _minute(moment: datetime) -> str:
    return local(moment).strftime("%Y-%m-%d %H:%M")


def _times(details: dict[str, Any]) -> dict[str, str]:
    """A flag's times (ISO, UTC) as the store's clock reads them."""
    return {k: _minute(datetime.fromisoformat(v)) for k, v in details.items() if k.endswith("_at")}


def _today() -> QDate:
    """The store's date as Qt holds it."""
    day = business_day()
    return QDate(day.year, day.month, day.day)


def _date_edit() -> QDateEdit:
    edit = QDateEdit(_today())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class ManagerDesk(QWidget):
    """The manager's tabs. Emits `back` to return home."""

    back = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.counter = Counter(services)
        self.staff = ""
        self.tabs = QTabWidget()
        self.daily = DailyTab(self.counter)
        self.repayments = RepaymentsTab(self)
        self.book = BookTab(self.counter)
        self.collections = CollectionsTab(self)
        self.tabs.addTab(self.daily, tr("日结"))
        self.tabs.addTab(self.repayments, tr("还款与结清"))
        self.tabs.addTab(self.book, tr("分期台账"))
        self.tabs.addTab(self.collections, tr("提醒与催收"))
        self.staff_tab = StaffTab(self)
        self.tabs.addTab(self.staff_tab, tr("员工账户"))
        self.flags = ChainFlagsTab(self.counter)
        self.tabs.addTab(self.flags, tr("总部提示"))
        home = QPushButton(tr("返回首页（Esc）"))
        home.setShortcut("Esc")
        home.clicked.connect(self.back)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(home, alignment=Qt.AlignmentFlag.AlignLeft)

    def open(self, staff_username: str) -> None:
        """Show the desk for the manager logged in, with today's figures."""
        self.staff = staff_username
        self.daily.manager = staff_username
        self.reload()

    def reload(self) -> None:
        """Read the day's figures, the book and the collection lists again (after every
        payment, reversal and settlement: what the manager sees is what is stored)."""
        self.daily.load()
        self.book.load()
        self.collections.load()
        self.flags.load()
        self.staff_tab.load()


class DailyTab(QWidget):
    """The day's figures beside the day before and the same weekday last week; CSV export."""

    def __init__(self, counter: Counter) -> None:
        super().__init__()
        self.reports = counter.reports
        self.documents = counter.services.settings.documents
        self.manager = ""
        self.report: dict[str, Any] = {}
        self.day = _date_edit()
        self.day.dateChanged.connect(lambda _d: self.load())
        export = QPushButton(tr("导出 CSV…"))
        export.clicked.connect(self.export_csv)
        pdf = QPushButton(tr("日结报表 PDF…"))
        pdf.clicked.connect(self.save_pdf)
        self.other_sales = QSpinBox()
        self.other_sales.setRange(0, 9999)
        close = QPushButton(tr("日结确认"))
        close.clicked.connect(self.close_day)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("日期")))
        top.addWidget(self.day)
        top.addWidget(QLabel(tr("收银台非分期售出（台）")))
        top.addWidget(self.other_sales)
        top.addWidget(close)
        top.addStretch(1)
        top.addWidget(pdf)
        top.addWidget(export)
        self.figures = make_table([tr("指标"), tr("当日"), tr("前一日"), tr("上周同日")])
        self.staff_table = make_table(
            [tr("销售"), tr("合同"), tr("申请"), tr("销售额"), tr("分期金额")]
        )
        self.till = make_table([tr("收款方式"), tr("首付"), tr("还款"), tr("合计")])
        self.mix = QLabel("")
        self.mix.setWordWrap(True)
        self.overrides = QLabel("")
        self.overrides.setWordWrap(True)
        self.penetration = QLabel("")
        self.hours = BarChart(tr("按小时的分期合同数"))
        self.terms = BarChart(tr("期数分布"))
        self.trend = TrendChart(tr("近 30 天每日分期合同数"))
        self.penetration_trend = TrendChart(tr("近 30 天分期渗透率（%，已日结的日子）"))
        charts = QHBoxLayout()
        charts.addWidget(self.hours, 2)
        charts.addWidget(self.terms, 1)
        charts.addWidget(self.trend, 2)
        charts.addWidget(self.penetration_trend, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        row = QHBoxLayout()
        row.addWidget(self.figures, 3)
        side = QVBoxLayout()
        side.addWidget(self.staff_table, 1)
        side.addWidget(QLabel(tr("收款对账（按收款方式，冲正已扣除）")))
        side.addWidget(self.till, 1)
        side.addWidget(self.penetration)
        side.addWidget(self.mix)
        side.addWidget(self.overrides)
        row.addLayout(side, 2)
        layout.addLayout(row, 1)
        layout.addLayout(charts)
        self._op: Op | None = None

    def load(self) -> Op:
        """Read the day's figures off the UI thread."""
        day, reports = _day(self.day), self.reports
        return _read_off_thread(self, lambda: reports.daily(day), self._show)

    def _show(self, report: dict[str, Any]) -> None:
        self.report = report
        rows = [
            [
                tr(FIGURES[name]),
                *("—" if v[k] is None else str(v[k]) for k in COMPARED),
            ]
            for name, v in report["figures"].items()
        ]
        fill_table(self.figures, rows, right_from=1)
        staff = [
            [name, str(r["contracts"]), str(r["applications"]), r["revenue"], r["financed"]]
            for name, r in report["by_staff"].items()
        ]
        fill_table(self.staff_table, staff, right_from=1)
        till = [[tr(row[0]), *row[1:]] for row in till_rows(report["till"])]
        fill_table(self.till, till, right_from=1)
        seen = [int(h) for h in report["by_hour"]]
        opening = range(min([9, *seen]), max([21, *seen]) + 1)  # a late sale still shows
        self.hours.show_columns(
            [(f"{h}", float(report["by_hour"].get(str(h), 0))) for h in opening]
        )
        self.terms.show_columns([(f"{k}", float(v)) for k, v in report["term_mix"].items()])
        days = [date.fromisoformat(t["day"]) for t in report["trend"]]
        self.trend.show_days(
            [(d, float(t["contracts"])) for d, t in zip(days, report["trend"], strict=True)]
        )
        self.penetration_trend.show_days(
            [
                (d, round(float(t["penetration"] or 0) * 100, 1))
                for d, t in zip(days, report["trend"], strict=True)
            ]
        )
        terms = "，".join(f"{k} 期 {v}" for k, v in report["term_mix"].items()) or "—"
        self.mix.setText(tr("期数分布：{terms}").format(terms=terms))
        lines = [
            tr("{by} 将 {staff} 的申请改判为 {decision}：{why}").format(
                **{**o, "decision": tr(DECISION_LABELS.get(str(o["decision"]), "—"))}
            )
            for o in report["overrides"]
        ]
        self.overrides.setText("\n".join(lines) or tr("当日无人工改判"))
        penetration = report["installment_penetration"]
        self.penetration.setText(
            tr("分期渗透率：{rate}").format(rate=f"{Decimal(penetration):.1%}")
            if penetration is not None
            else tr("分期渗透率：待日结录入收银台数据")
        )
        if report["other_sales"] is not None:
            self.other_sales.setValue(report["other_sales"])

    def close_day(self) -> None:
        """Close the day with the till's count of phones sold without installments."""
        try:
            self.reports.close_day(
                _day(self.day), other_sales=self.other_sales.value(), manager=self.manager
            )
        except UserError as exc:
            present_error(self, exc)
            return
        self.load()

    def day_close_pdf(self) -> bytes:
        """The day close as shown, as the PDF for the store's file."""
        from printing.report_pdf import render_day_close

        return render_day_close(self.report, self.reports.store_name())

    def save_pdf(self) -> None:
        """Save (or from the save dialog, print) the day close PDF."""
        save_pdf(
            self,
            self.day_close_pdf(),
            suggested=f"日结-{self.report.get('day', '')}.pdf",
            folder=self.documents,
        )

    def export_csv(self, path: Path | None = None) -> Path | None:
        """Save the day's figures as CSV (UTF-8 with BOM, for Excel)."""
        from app.services.exports import save_file
        from app.services.reports import figures_csv

        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self, tr("导出日结"), f"日结-{self.report.get('day', '')}.csv", "CSV (*.csv)"
            )
            if not name:
                return None
            path = Path(name)
        try:
            save_file(path, figures_csv(self.report).encode("utf-8-sig"))
        except OSError as exc:
            present_error(
                self, UserError("cannot write {path}: {problem}", path=path, problem=exc.strerror)
            )
            return None
        return path


class RepaymentsTab(QWidget):
    """Find a contract, see its schedule, take a payment, quote or settle an early payoff."""

    def __init__(self, desk: ManagerDesk) -> None:
        super().__init__()
        self.desk = desk
        self.number = QLineEdit(
            placeholderText=tr("合同编号、手机 IMEI、客户手机号、身份证号或全名，回车查询")
        )
        self.number.returnPressed.connect(self.look_up)
        self.summary = QLabel("")
        self.schedule = make_table(
            [
                tr("期数"),
                tr("到期日"),
                tr("状态"),
                tr("逾期天数"),
                tr("违约金"),
                tr("利息/手续费"),
                tr("本金"),
                tr("尚欠"),
            ]
        )
        self.amount = QLineEdit(placeholderText=tr("元"))
        self.channel = QComboBox()
        for code, label in CHANNELS.items():
            self.channel.addItem(tr(label), code)
        self.reference = QLineEdit(placeholderText=tr("微信/支付宝/银行卡流水号"))
        self.prepay = QCheckBox(tr("超出本期应还的部分作为提前还款（不勾选则拒收多付）"))
        self.prepay.setChecked(True)
        self.take = QPushButton(tr("收款"))
        self.take.clicked.connect(self.take_payment)
        self.pending: tuple[str, Decimal, str, str, bool] | None = None  # shown, to confirm
        for field in (self.number, self.amount, self.reference):
            field.textChanged.connect(self._unconfirm)
        self.channel.currentIndexChanged.connect(self._unconfirm)
        self.prepay.toggled.connect(self._unconfirm)
        self.receipt_button = QPushButton(tr("打印收据"))
        self.receipt_button.clicked.connect(self.print_receipt)
        self.receipt_button.setEnabled(False)
        self.last_payment: uuid.UUID | None = None
        quote = QPushButton(tr("提前结清试算"))
        quote.clicked.connect(self.quote_payoff)
        settle = QPushButton(tr("办理提前结清"))
        settle.clicked.connect(self.settle)
        form = QFormLayout()
        form.addRow(tr("金额"), self.amount)
        form.addRow(tr("收款方式"), self.channel)
        form.addRow(tr("流水号"), self.reference)
        form.addRow(self.prepay)
        buttons = QHBoxLayout()
        for button in (self.take, self.receipt_button, quote, settle):
            buttons.addWidget(button)
        form.addRow(buttons)
        box = QGroupBox(tr("收款"))
        box.setLayout(form)
        self.payments = make_table([tr("时间"), tr("类型"), tr("金额"), tr("方式"), tr("流水号")])
        self.payment_ids: list[uuid.UUID] = []
        self.password = QLineEdit(placeholderText=tr("店长密码（再次确认身份）"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.reason = QLineEdit(placeholderText=tr("冲正原因（至少 5 个字）"))
        reverse = QPushButton(tr("冲正所选收款"))
        reverse.clicked.connect(self.reverse)
        undo = QFormLayout()
        undo.addRow(self.payments)
        undo.addRow(tr("密码"), self.password)
        undo.addRow(tr("原因"), self.reason)
        undo.addRow(reverse)
        undo_box = QGroupBox(tr("冲正（仅店长，另记一笔，不改原记录）"))
        undo_box.setLayout(undo)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        # room for an itemised payoff (six lines): the payments list gives way, not the text
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * 6)
        self.message.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.number)
        layout.addWidget(self.summary)
        row = QHBoxLayout()
        left = QVBoxLayout()  # the itemised answer under the schedule: the desk fits 1366×728
        left.addWidget(self.schedule, 1)
        left.addWidget(self.message)
        row.addLayout(left, 3)
        side = QVBoxLayout()
        side.addWidget(box)
        side.addWidget(undo_box)
        side.addStretch(1)
        row.addLayout(side, 2)
        layout.addLayout(row, 1)

    def look_up(self) -> None:
        """Find the contract (by number, IMEI, the customer's phone or ID number) and show
        its schedule as it stands today."""
        try:
            found = self.desk.counter.payments.look_up(self.number.text(), business_day())
        except UserError as exc:
            self._say(message(exc), error=True)
            return
        book, others = found.book, found.others
        self.number.setText(book.contract.number)
        self._show_payments(book.contract.id)
        if others:
            self._say(tr("该客户还有合同：{numbers}").format(numbers="、".join(others)))
        rows = [
            [
                str(s.n),
                s.due_date.isoformat(),
                tr(STATUS_LABELS[s.status]),
                str(s.days_late or ""),
                *(format_yuan(s.owed[c]) for c in ORDER),
                format_yuan(s.outstanding),
            ]
            for s in book.states
        ]
        fill_table(self.schedule, rows, right_from=3)
        self.summary.setText(
            tr("客户 {name}  {phone}").format(name=found.holder_name, phone=found.holder_phone)
            + "  "
            + tr(
                "{number}（{status}）尚欠本息 {outstanding} 元，违约金 {late_fees} 元，"
                "其中逾期 {overdue} 元"
            ).format(
                number=book.contract.number,
                status=tr(CONTRACT_STATUS[book.status.value]),
                outstanding=format_yuan(book.outstanding),
                late_fees=format_yuan(book.late_fees),
                overdue=format_yuan(book.overdue),
            )
        )

    def _show_payments(self, contract_id: uuid.UUID) -> None:
        from app.domain.clock import local
        from printing.receipt_pdf import KIND_LABELS

        payments = self.desk.counter.payments.payments_of(contract_id)
        rows = [
            [
                f"{local(p.received_at):%m-%d %H:%M}",
                tr(KIND_LABELS[p.kind]),
                format_yuan(p.amount),
                tr(CHANNELS.get(p.channel, p.channel)),
                p.reference or "",
            ]
            for p in payments
        ]
        self.payment_ids = [p.id for p in payments]
        fill_table(self.payments, rows, right_from=2)

    def reverse(self) -> None:
        """Reverse the chosen payment: the manager's password again and a reason."""
        row = self.payments.currentRow()
        if not 0 <= row < len(self.payment_ids):
            self._say(tr("请先选择要冲正的收款"), error=True)
            return
        try:
            amount = self.desk.counter.payments.reverse(
                self.payment_ids[row],
                manager=self.desk.staff,
                password=self.password.text(),
                reason=self.reason.text(),
            )
        except UserError as exc:
            self._say(message(exc), error=True)
            return
        finally:
            self.password.clear()
        self.reason.clear()
        self.look_up()
        self._say(tr("已冲正 {amount} 元").format(amount=format_yuan(amount)))
        self.desk.reload()

    def _unconfirm(self, *_: object) -> None:
        if self.pending is not None:
            self.pending = None
            self.take.setText(tr("收款"))

    def _allocation_text(self, parts: list[Any]) -> str:
        return "；".join(
            tr("第 {n} 期{part} {amount}").format(
                n=p.n, part=tr(COMPONENT_LABELS[p.component]), amount=format_yuan(p.amount)
            )
            for p in parts
        )

    def take_payment(self) -> None:
        """First press: show the amount and where it will go, for the customer to agree;
        the second press (确认收款) takes it. Changing anything asks again."""
        payments = self.desk.counter.payments
        try:
            amount = parse_yuan(self.amount.text().strip() or "0", field=tr("金额"))
            typed = (
                self.number.text().strip(),
                amount,
                self.channel.currentData(),
                self.reference.text(),
                self.prepay.isChecked(),
            )
            if self.pending != typed:
                parts = payments.preview(
                    typed[0], amount, channel=typed[2], reference=typed[3], prepay=typed[4]
                )
                self._say(
                    tr("请与客户确认：收款 {amount} 元，{went}。无误请按“确认收款”").format(
                        amount=format_yuan(amount), went=self._allocation_text(parts)
                    )
                )
                self.pending = typed
                self.take.setText(tr("确认收款"))
                return
            payment_id, parts = payments.take(
                self.number.text().strip(),
                amount,
                channel=self.channel.currentData(),
                reference=self.reference.text(),
                staff=self.desk.staff,
                prepay=self.prepay.isChecked(),
            )
        except UserError as exc:
            self._unconfirm()
            self._say(message(exc), error=True)
            return
        went = self._allocation_text(parts)
        self.amount.clear()
        self.reference.clear()
        self.look_up()
        self._say(tr("已收款 {amount} 元：{went}").format(amount=format_yuan(amount), went=went))
        self.last_payment = payment_id
        self.receipt_button.setEnabled(True)
        self.desk.reload()

    def receipt_pdf(self) -> bytes | None:
        """The last payment's signed receipt for the 80 mm thermal printer."""
        from app.services.documents import payment_receipt_pdf

        if self.last_payment is None:
            return None
        return payment_receipt_pdf(self.desk.services, self.last_payment)

    def print_receipt(self) -> None:
        """Print the last payment's receipt through the print dialog."""
        pdf = self.receipt_pdf()
        if pdf is not None:
            folder = self.desk.services.settings.documents
            ask_and_print(self, pdf, title=tr("打印收据"), folder=folder)

    def quote_payoff(self) -> Decimal | None:
        """Show today's early-payoff figure, itemised."""
        try:
            quote = self.desk.counter.payments.payoff_quote(
                self.number.text().strip(), business_day()
            )
        except UserError as exc:
            self._say(message(exc), error=True)
            return None
        lines = [
            tr("今日结清应付 {total} 元：").format(total=format_yuan(quote.total)),
            tr("剩余本金 {amount}").format(amount=format_yuan(quote.remaining_principal)),
            tr("当期利息/手续费 {amount}").format(
                amount=format_yuan(quote.current_interest_or_fee)
            ),
            tr("提前还款手续费 {amount}（{rate}）").format(
                amount=format_yuan(quote.fee), rate=f"{quote.fee_rate:.2%}"
            ),
            tr("按原计划还完剩余各期共 {amount} 元").format(
                amount=format_yuan(quote.remaining_instalments)
            ),
        ]
        if quote.costs_more:
            lines.append(
                tr("提前结清比按期还款多付 {amount} 元，请告知客户").format(
                    amount=format_yuan(quote.total - quote.remaining_instalments)
                )
            )
        self._say("\n".join(lines))
        return quote.total

    def settle(self) -> None:
        """Take the early payoff and close the contract."""
        try:
            payment_id, quote = self.desk.counter.payments.settle(
                self.number.text().strip(),
                channel=self.channel.currentData(),
                reference=self.reference.text(),
                staff=self.desk.staff,
            )
        except UserError as exc:
            self._say(message(exc), error=True)
            return
        self.look_up()
        self._say(tr("已结清，收款 {total} 元，合同关闭").format(total=format_yuan(quote.total)))
        self.last_payment = payment_id
        self.receipt_button.setEnabled(True)
        self.desk.reload()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #c92a2a;" if error else "color: #2b8a3e;")


class StaffTab(QWidget):
    """Unlock a colleague's account locked by wrong passwords (audited)."""

    def __init__(self, desk: ManagerDesk) -> None:
        super().__init__()
        self.desk = desk
        self.username = QLineEdit(placeholderText=tr("被锁定的工号"))
        self.password = QLineEdit(placeholderText=tr("店长密码（再次确认身份）"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.reason = QLineEdit(placeholderText=tr("解锁原因（至少 5 个字）"))
        self.reason.returnPressed.connect(self.unlock)
        button = QPushButton(tr("解锁账户"))
        button.clicked.connect(self.unlock)
        self.message = QLabel("")
        self.locked = make_table([tr("工号"), tr("姓名"), tr("锁定至")])
        self.locked.itemSelectionChanged.connect(self._pick)
        self._op: Op | None = None
        form = QFormLayout(self)
        form.addRow(tr("被锁定的账户"), self.locked)
        form.addRow(tr("工号"), self.username)
        form.addRow(tr("密码"), self.password)
        form.addRow(tr("原因"), self.reason)
        form.addRow(button)
        form.addRow(self.message)

    def load(self) -> Op:
        """List the accounts locked now, off the UI thread."""
        from app.services.auth import locked_accounts

        services = self.desk.services
        return _read_off_thread(self, lambda: locked_accounts(services), self._show)

    def _show(self, accounts: list[Any]) -> None:
        rows = [[a.username, a.display_name, f"{local(a.locked_until):%H:%M}"] for a in accounts]
        fill_table(self.locked, rows, right_from=3)

    def _pick(self) -> None:
        item = self.locked.item(self.locked.currentRow(), 0)
        if item is not None:
            self.username.setText(item.text())
            self.password.setFocus()

    def unlock(self) -> None:
        from app.services.auth import unlock_account

        try:
            unlock_account(
                self.desk.services,
                manager=self.desk.staff,
                password=self.password.text(),
                username=self.username.text(),
                reason=self.reason.text(),
            )
        except UserError as exc:
            self.message.setText(message(exc))
            return
        finally:
            self.password.clear()
        self.message.setText(tr("已解锁 {username}").format(username=self.username.text()))
        self.reason.clear()
        self.load()


class BookTab(QWidget):
    """Live contracts, what they owe, the overdue buckets and rates, collected that day: as
    the book stood at the end of a day up to today (no later day can be picked)."""

    LABELS: ClassVar[dict[str, str]] = {
        "live_contracts": "在贷合同数",
        "outstanding": "应收本息余额（元，不含违约金）",
        "outstanding_principal": "剩余本金（元）",
        "overdue_rate_by_amount": "逾期率（按金额）",
        "overdue_rate_by_count": "逾期率（按合同数）",
        "collected_today": "当日收回（元）",
    }

    def __init__(self, counter: Counter) -> None:
        super().__init__()
        self.reports = counter.reports
        self.on = _date_edit()
        self.on.setMaximumDate(_today())  # the book is kept to today
        self.on.dateChanged.connect(lambda _d: self.load())
        self.figures = make_table([tr("指标"), tr("数值")])
        self.buckets = make_table([tr("逾期天数"), tr("合同数"), tr("逾期金额（元）")])
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("截至")))
        top.addWidget(self.on)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        row = QHBoxLayout()
        row.addWidget(self.figures, 1)
        row.addWidget(self.buckets, 1)
        layout.addLayout(row, 1)
        self._op: Op | None = None

    def load(self) -> Op:
        """Read the book off the UI thread."""
        on, reports = _day(self.on), self.reports
        return _read_off_thread(self, lambda: reports.book(on), self._show)

    def _show(self, document: dict[str, Any]) -> None:
        rows = [
            [tr(label), f"{Decimal(document[key]):.2%}" if "rate" in key else str(document[key])]
            for key, label in self.LABELS.items()
        ]
        fill_table(self.figures, rows, right_from=1)
        buckets = [
            [tr("{name} 天").format(name=name), str(b["contracts"]), b["amount"]]
            for name, b in document["overdue"].items()
        ]
        fill_table(self.buckets, buckets, right_from=1)


class ChainFlagsTab(QWidget):
    """What the chain's server found wrong with this store's records: a phone signed on two
    contracts, a traded-in IMEI the chain already holds, a terminal clock set wrong."""

    TEXTS: ClassVar[dict[str, str]] = {
        "imei_sold_twice": "同一台手机（IMEI {imei}）已由合同 {first_contract} 售出，"
        "合同 {contract} 又签在这台手机上：请核对库存与两份合同，联系客户",
        "imei_known": "以旧换新收入的手机 IMEI {imei} 在连锁库存中已有记录：请核对这台手机",
        "imei_other_store": "IMEI {imei} 是另一家门店的手机：本次记录未改动任何一家的库存，"
        "请与总部核对",
        "clock": "{terminal} 号柜台时钟有误：{records} 条记录的时间与总部收到的时间相差过大（最远的"
        "记为 {created_at}，总部 {received_at} 收到）：请校准该柜台的日期和时间",
    }
    KINDS: ClassVar[dict[str, str]] = {
        "imei_sold_twice": "一机两签",
        "imei_known": "手机已在库",
        "imei_other_store": "他店手机",
        "clock": "柜台时钟",
    }

    def __init__(self, counter: Counter) -> None:
        super().__init__()
        self.reports = counter.reports
        self.table = make_table([tr("时间"), tr("类型"), tr("说明")])
        self.table.setWordWrap(True)  # a flag says what happened and what to do: read whole
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("总部服务器同步时发现的问题，需店长核对处理：")))
        layout.addWidget(self.table, 1)
        self._op: Op | None = None

    def load(self) -> Op:
        """Read the flags off the UI thread."""
        reports = self.reports

        def read() -> list[tuple[str, str, dict[str, Any]]]:
            return [
                (_minute(f.raised_at), f.kind, {**f.details, **_times(f.details)})
                for f in reports.chain_flags()
            ]

        return _read_off_thread(self, read, self._show)

    def _show(self, flags: list[tuple[str, str, dict[str, Any]]]) -> None:
        rows = [
            [
                when,
                tr(self.KINDS.get(kind, kind)),
                tr(self.TEXTS[kind]).format(**details) if kind in self.TEXTS else str(details),
            ]
            for when, kind, details in flags
        ]
        fill_table(self.table, rows, right_from=3)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()


class CollectionsTab(QWidget):
    """Due soon and overdue lists with the next step; each contact logged within the rules."""

    def __init__(self, desk: ManagerDesk) -> None:
        super().__init__()
        self.desk = desk
        self.on = _date_edit()
        self.on.dateChanged.connect(lambda _d: self.load())
        self.lists = make_table(
            [tr("合同编号"), tr("到期日"), tr("金额（元）"), tr("逾期天数"), tr("下一步")]
        )
        self.lists.itemSelectionChanged.connect(self._chosen)
        self.channel = QComboBox()
        for code, label in CONTACT_CHANNELS.items():
            self.channel.addItem(tr(label), code)
        self.template = QComboBox()
        for code, label in TEMPLATES.items():
            self.template.addItem(tr(label), code)
        self.outcome = QLineEdit(placeholderText=tr("联系结果，如：已接通，客户承诺周五还款"))
        self.promise = QDateEdit(_today())
        self.promise.setCalendarPopup(True)
        self.promise.setDisplayFormat("yyyy-MM-dd")
        self.with_promise = QComboBox()
        self.with_promise.addItem(tr("无承诺"), False)
        self.with_promise.addItem(tr("承诺还款日"), True)
        log = QPushButton(tr("记录联系"))
        log.clicked.connect(self.log_contact)
        form = QFormLayout()
        form.addRow(tr("渠道"), self.channel)
        form.addRow(tr("话术模板"), self.template)
        form.addRow(tr("结果"), self.outcome)
        promise = QHBoxLayout()
        promise.addWidget(self.with_promise)
        promise.addWidget(self.promise)
        form.addRow(tr("承诺"), promise)
        form.addRow(log)
        box = QGroupBox(tr("联系记录（休息时间、每日次数、仅限本人等规则由系统检查）"))
        box.setLayout(form)
        self.sent = QLabel("")
        self.sent.setWordWrap(True)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("截至")))
        top.addWidget(self.on)
        top.addStretch(1)
        left.addLayout(top)
        left.addWidget(self.lists, 1)
        layout.addLayout(left, 3)
        side = QVBoxLayout()
        side.addWidget(box)
        side.addWidget(self.sent)
        side.addWidget(self.message)
        side.addStretch(1)
        layout.addLayout(side, 2)
        self.items: list[Any] = []
        self._op: Op | None = None

    def load(self) -> Op:
        """Read the lists off the UI thread."""
        collections, on = self.desk.counter.collections, _day(self.on)

        def read() -> list[Any]:
            lists = collections.work_lists(on)
            return lists["overdue"] + lists["due_soon"]

        return _read_off_thread(self, read, self._show)

    def _show(self, items: list[Any]) -> None:
        self.items = items
        rows = [
            [
                i.number,
                i.due_date.isoformat(),
                format_yuan(i.amount),
                str(i.days_late or ""),
                tr(STEPS[i.step]),
            ]
            for i in items
        ]
        fill_table(self.lists, rows, right_from=2)

    def _chosen(self) -> None:
        row = self.lists.currentRow()
        if 0 <= row < len(self.items):
            step = self.items[row].step
            code = {"reminder": "overdue_notice", "letter": "formal_letter"}.get(step, "")
            if self.items[row].days_late == 0:
                code = "reminder_due"
            if code:
                self.template.setCurrentIndex(self.template.findData(code))

    def log_contact(self) -> None:
        """Log the contact for the chosen contract, if the rules allow it."""
        row = self.lists.currentRow()
        if not 0 <= row < len(self.items):
            self._say(tr("请先在左侧选择一个合同"), error=True)
            return
        template = self.template.currentData()
        audience = "emergency_contact" if template == "pass_on_message" else "customer"
        try:
            sent = self.desk.counter.collections.log_contact(
                self.items[row].number,
                channel=self.channel.currentData(),
                audience=audience,
                template=template,
                outcome=self.outcome.text(),
                staff=self.desk.staff,
                promise_date=_day(self.promise) if self.with_promise.currentData() else None,
            )
        except UserError as exc:
            self._say(message(exc), error=True)
            return
        self.sent.setText(tr("已记录。发送内容：{text}").format(text=sent))
        self._say("")
        self.outcome.clear()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #c92a2a;" if error else "")
