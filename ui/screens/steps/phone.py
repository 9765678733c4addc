"""① 选机: search brand, model or SKU, or scan a unit's IMEI; price and stock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QLineEdit,
)

from app.domain.errors import UserError
from app.domain.money import format_yuan
from ui.i18n import tr
from ui.screens.steps.base import (
    StepPage,
    Write,
    fill_table,
    make_table,
)

if TYPE_CHECKING:
    from ui.screens.sale_wizard import SaleWizard


class PhonePage(StepPage):
    title = "① 选择手机：搜索品牌、型号、SKU，或扫描条码 / IMEI"

    def __init__(self, wizard: SaleWizard) -> None:
        super().__init__(wizard)
        self.search = QLineEdit(placeholderText=tr("输入或扫描，回车确认"))
        self.search.textChanged.connect(self._find)
        self.results = make_table(["SKU", tr("手机"), tr("售价（元）"), tr("库存")])
        self.results.itemDoubleClicked.connect(lambda _item: self.wizard.next())
        self.body.addWidget(self.search)
        self.body.addWidget(self.results, 1)
        self.body.addWidget(self.message)

    def reset(self) -> None:
        super().reset()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.results.setRowCount(0)

    def enter(self) -> None:
        super().enter()
        chosen = self.sale.draft.phone
        self.search.blockSignals(True)
        self.search.setText("" if chosen is None else chosen.imei or chosen.sku)
        self.search.blockSignals(False)
        self._find(self.search.text())
        self.search.setFocus()

    def _find(self, text: str) -> None:
        from app.services.sale import Sale

        rows = Sale.find_phones(self.wizard.services, text)
        cells = [
            [
                product.sku,
                product.title,
                format_yuan(product.price),
                str(stock),
            ]
            for product, stock in rows
        ]
        fill_table(self.results, cells, right_from=2)
        if rows:
            self.results.selectRow(0)
            self.message.clear()
        elif text.strip().isdigit() and len(text.strip()) < 15:  # an IMEI on its way in
            self.message.setText(
                tr("IMEI 为 15 位数字（已输入 {count} 位）").format(count=len(text.strip()))
            )
        elif text.strip() and not _is_imei(text):
            self.message.setText(tr("无结果：换个关键词试试"))
        else:
            self.message.clear()

    def commit(self) -> Write | None:
        code = self.search.text().strip()
        row = self.results.currentRow()
        if not _is_imei(code):  # an IMEI: that very unit
            if row < 0:
                raise UserError(tr("无结果：换个关键词试试"))
            item = self.results.item(row, 0)
            code = "" if item is None else item.text()
        sale = self.sale
        return lambda: sale.choose_phone(code)


def _is_imei(text: str) -> bool:
    text = text.strip()
    return text.isdigit() and len(text) == 15
