"""首页: start a new sale, or resume one left unfinished."""

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
from app.services.sale import Sale
from ui.i18n import tr

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
        layout = QVBoxLayout(self)
        layout.addWidget(self.start)
        layout.addWidget(self.desk_button)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("未完成的销售（回车继续）：")))
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.drafts, 1)

    def refresh(self) -> None:
        """List the unfinished sales (old ones are purged first)."""
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
        self.start.setFocus()

    def _resume(self, item: QListWidgetItem) -> None:
        self.resume.emit(uuid.UUID(item.data(256)))
