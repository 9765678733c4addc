"""⑦ 签名: the customer signs on the pad; signing stores the contract."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
)

from app.domain.errors import UserError
from printing.signature import signature_png
from ui.i18n import tr
from ui.screens.steps.base import (
    CHANNELS,
    StepPage,
)
from ui.widgets.signature_pad import SignaturePad

if TYPE_CHECKING:
    from ui.screens.sale import SaleWizard


class SignaturePage(StepPage):
    title = "⑦ 客户签名（鼠标、手写笔或触屏）"

    def __init__(self, wizard: SaleWizard) -> None:
        super().__init__(wizard)
        self.pad = SignaturePad()
        clear = QPushButton(tr("清除重签"))
        clear.clicked.connect(self.pad.clear)
        self.channel = QComboBox()
        for channel in CHANNELS:  # stored as written, shown in the window's language
            self.channel.addItem(tr(channel), channel)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("首付收款方式")))
        row.addWidget(self.channel)
        row.addStretch(1)
        row.addWidget(clear)
        self.body.addWidget(self.pad, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.body.addLayout(row)
        self.body.addStretch(1)
        self.body.addWidget(self.message)

    def commit(self) -> bool:
        try:
            png = signature_png(self.pad.strokes)
        except ValueError:
            return self.refuse(UserError(tr("请客户在签名框内签名")))
        strokes = [list(s) for s in self.pad.strokes]
        try:
            self.sale.sign(png, strokes, channel=self.channel.currentData())
        except UserError as exc:
            return self.refuse(exc)
        return True
