"""首页: start a new sale, resume one left unfinished, or print one of today's contracts
again (重打, audited)."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.clock import local
from app.services.bootstrap import Services
from app.services.documents import SaleDocuments, print_sale, todays_contracts
from app.services.sale import Sale
from ui.errors import present_error
from ui.i18n import tr
from ui.ops import Op
from ui.screens.steps.base import fill_table, make_table
from ui.widgets.printing import print_documents, printed_note

STEP_LABELS = {
    "phone": "选机",
    "customer": "客户",
    "trade_in": "以旧换新",
    "plan": "方案",
    "precheck": "预审",
    "disclosure": "条款确认",
    "signature": "签名",
    "signed": "已签约",
}


class HomeScreen(QWidget):
    """Emits `new_sale`, or `resume` with a draft's id."""

    new_sale = Signal()
    resume = Signal(object)
    desk = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.start = QPushButton(tr("新建分期销售（F2）"))
        self.start.setShortcut("F2")
        self.start.setMinimumHeight(56)
        self.start.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.start.clicked.connect(self.new_sale)
        self.desk_button = QPushButton(tr("店长工作台（F9）"))
        self.desk_button.setShortcut("F9")
        self.desk_button.clicked.connect(self.desk)
        self.desk_button.setVisible(False)
        self.drafts = QListWidget()
        self.drafts.itemActivated.connect(self._resume)
        self.contracts = make_table([tr("时间"), tr("合同编号"), tr("客户"), tr("手机")])
        self.reprint_button = QPushButton(tr("重打所选合同"))
        self.reprint_button.clicked.connect(self.reprint)
        self.reprint_status = QLabel("")
        self.reprint_status.setWordWrap(True)
        self._op: Op | None = None
        self.username: str | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.start)
        layout.addWidget(self.desk_button)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("未完成的销售（回车继续）：")))
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.drafts, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("今日合同：")))
        row.addStretch(1)
        row.addWidget(self.reprint_button)
        layout.addLayout(row)
        layout.addWidget(self.contracts, 1)
        layout.addWidget(self.reprint_status)

    def refresh(self, username: str | None = None) -> None:
        """List the unfinished sales (old ones are purged first) and today's contracts;
        `username` is who is logged in (reprints are theirs)."""
        if username is not None:
            self.username = username
        self.reprint_status.clear()
        self.drafts.clear()
        for draft in Sale.drafts(self.services):
            when = local(draft.updated_at)
            phone = draft.summary or tr("（未选机）")
            text = tr("{when:%m-%d %H:%M}  {phone}  下一步：{step}").format(
                when=when, phone=phone, step=tr(STEP_LABELS[draft.step])
            )
            item = QListWidgetItem(text)
            item.setData(256, str(draft.id))
            self.drafts.addItem(item)
        today = todays_contracts(self.services)
        fill_table(
            self.contracts,
            [[f"{local(c.signed_at):%H:%M}", c.number, c.customer, c.device] for c in today],
            right_from=4,
        )
        self.reprint_button.setEnabled(bool(today))
        if today:
            self.contracts.selectRow(0)
        if self.drafts.count():
            self.drafts.setCurrentRow(0)
            self.drafts.setFocus()  # Enter resumes the newest draft; F2 starts a sale
        else:
            self.start.setFocus()

    def _resume(self, item: QListWidgetItem) -> None:
        self.resume.emit(uuid.UUID(item.data(256)))

    def reprint(self) -> Op | None:
        """Print the selected contract again, both copies in one job, from what was stored
        (made and audited off the UI thread)."""
        row = self.contracts.currentRow()
        item = self.contracts.item(row, 1) if row >= 0 else None
        if item is None or self.username is None:
            return None
        number, services, who = item.text(), self.services, self.username
        self.reprint_status.setText(tr("正在读取合同 {number} 的原件…").format(number=number))
        self._op = Op(lambda: print_sale(services, number, reprinted_by=who), self)
        self._op.done.connect(self._reprinted)
        self._op.failed.connect(lambda error: present_error(self, error))
        self._op.start()
        return self._op

    def _reprinted(self, documents: SaleDocuments) -> None:
        title = tr("合同 {number}").format(number=documents.number)
        try:
            printed = print_documents(
                self,
                documents.contract_copies(),
                title=title,
                folder=self.services.settings.documents,
            )
        except OSError as exc:
            present_error(self, exc)
            return
        self.reprint_status.setText(
            printed_note(printed, documents.folder)
            or tr("已重打合同 {number}（原件副本）").format(number=documents.number)
        )
