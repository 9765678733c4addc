"""⑦ 签名: the customer signs on their own screen (`CustomerView`); the clerk sees the
signature, chooses how the down payment was paid, and signing stores the contract."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
)

from app.domain.errors import UserError
from app.domain.repayment import CHANNELS
from printing.signature_image import signature_png
from ui.i18n import tr
from ui.screens.steps.base import StepPage, Write

if TYPE_CHECKING:
    from ui.screens.sale_wizard import SaleWizard


class SignaturePage(StepPage):
    title = "⑦ 客户在客户屏上签名"

    def __init__(self, wizard: SaleWizard) -> None:
        super().__init__(wizard)
        self.state = QLabel("")
        self.preview = QLabel("")
        self.preview.setFixedSize(600, 240)
        self.preview.setStyleSheet("background: white; border: 1px solid #ced4da;")
        again = QPushButton(tr("请客户重签"))
        again.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        again.clicked.connect(self.sign_again)
        self.channel = QComboBox()
        for code, label in CHANNELS.items():
            self.channel.addItem(tr(label), code)
        self.channel_label = QLabel(tr("首付收款方式"))
        row = QHBoxLayout()
        row.addWidget(self.channel_label)
        row.addWidget(self.channel)
        row.addStretch(1)
        row.addWidget(again)
        self.body.addWidget(self.state)
        self.body.addWidget(self.preview, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.body.addLayout(row)
        self.body.addStretch(1)
        self.body.addWidget(self.message)

    @property
    def strokes(self) -> list[list[tuple[float, float, int]]]:
        """What the customer signed on their screen (empty until they accepted it)."""
        view = self.wizard.customer_view
        return view.pad.strokes if view is not None and view.has_signed else []

    def reset(self) -> None:
        super().reset()
        self.preview.clear()
        self.state.clear()
        self.channel.setCurrentIndex(0)

    @property
    def down_payment_taken(self) -> bool:
        """Whether the sale takes a down payment (only then is its channel asked)."""
        plan = self.sale.draft.plan
        return plan is not None and plan.down > 0

    def enter(self) -> None:
        super().enter()
        for widget in (self.channel_label, self.channel):
            widget.setVisible(self.down_payment_taken)
        self.wizard.present_to_customer()
        self.show_signature()

    def show_signature(self) -> None:
        """The customer's accepted signature, or what the clerk waits for."""
        strokes = self.strokes
        if not strokes:
            self.preview.clear()
            self.state.setText(tr("请客户在客户屏上签名并点击“确认签名”"))
            return
        try:
            png = signature_png(strokes)
        except ValueError:
            self.state.setText(tr("签名太短：请客户重签"))
            return
        image = QPixmap()
        image.loadFromData(png)
        self.preview.setPixmap(image)
        if self.down_payment_taken:
            self.state.setText(tr("客户已签名：选择首付收款方式后按回车签约"))
        else:
            self.state.setText(tr("客户已签名：按回车签约"))

    def sign_again(self) -> None:
        """Ask the customer for a new signature."""
        self.preview.clear()
        self.wizard.present_to_customer().sign_again()
        self.show_signature()

    def commit(self) -> Write | None:
        strokes = self.strokes
        try:
            png = signature_png(strokes)
        except ValueError:
            raise UserError(tr("请客户在客户屏上签名")) from None
        sale, channel = self.sale, self.channel.currentData()
        return lambda: sale.sign(png, [list(s) for s in strokes], channel=channel)

    def saved(self, result: object) -> None:
        self.wizard.close_customer_view()
