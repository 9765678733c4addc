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
    fill_table,
    make_table,
)

if TYPE_CHECKING:
    from ui.screens.sale import SaleWizard


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

    def enter(self) -> None:
        super().enter()
        self._find(self.search.text())
        self.search.setFocus()

    def _find(self, text: str) -> None:
        from app.services.sale import Sale

        rows = Sale.find_phones(self.wizard.services, text)
        cells = [
            [
                product.sku,
                f"{product.brand} {product.model} {product.storage_gb}GB {product.colour}",
                format_yuan(product.price),
                str(stock),
            ]
            for product, stock in rows
        ]
        fill_table(self.results, cells, right_from=2)
        if rows:
            self.results.selectRow(0)

    def commit(self) -> bool:
        code = self.search.text().strip()
        scanned = code.isdigit() and len(code) == 15  # an IMEI: that very unit
        row = self.results.currentRow()
        if not scanned:
            if row < 0:
                return self.refuse(UserError(tr("没有找到这款手机：换个关键词试试")))
            item = self.results.item(row, 0)
            code = "" if item is None else item.text()
        try:
            self.sale.choose_phone(code)
        except UserError as exc:
            return self.refuse(exc)
        return True
