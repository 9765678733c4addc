"""④ 方案: every plan side by side, re-priced as the down payment changes."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
)

from app.domain.errors import UserError
from app.domain.money import format_yuan, parse_yuan
from app.domain.plan_row import HEADERS, plan_row
from app.domain.quote import Quote
from app.domain.rates import Method
from ui.i18n import message, tr
from ui.screens.steps.base import (
    StepPage,
    Write,
    fill_table,
    make_table,
)
from ui.widgets.plan_bars import PlanBars

if TYPE_CHECKING:
    from ui.screens.sale_wizard import SaleWizard


class PlanPage(StepPage):
    title = "④ 选择分期方案：月供、总成本和年化利率（IRR）并排比较，无任何隐藏费用"

    def __init__(self, wizard: SaleWizard) -> None:
        super().__init__(wizard)
        self.quotes: list[Quote] = []
        self.down = QLineEdit("0")
        self.down.textChanged.connect(self.reprice)
        self.cash = QLabel("")
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("首付（元）")))
        top.addWidget(self.down)
        top.addWidget(self.cash, 1)
        self.table = make_table([tr(h) for h in HEADERS])
        self.bars = PlanBars()
        self.body.addLayout(top)
        self.body.addWidget(self.table, 1)
        self.body.addWidget(QLabel(tr("各方案比现金价多付（利息/手续费，元）")))
        self.body.addWidget(self.bars)
        self.body.addWidget(self.message)

    def reset(self) -> None:
        super().reset()
        self.quotes = []
        self.down.blockSignals(True)
        self.down.setText("0")
        self.down.blockSignals(False)
        self.table.setRowCount(0)
        self.cash.clear()
        self.bars.show_extra([])

    def enter(self) -> None:
        super().enter()
        plan = self.sale.draft.plan
        self.down.blockSignals(True)
        self.down.setText("0" if plan is None else str(plan.down))
        self.down.blockSignals(False)
        self.reprice()
        self.table.setFocus()
        try:
            self.sale.check_unit()
        except UserError as exc:
            self.refuse(exc)

    def _down(self) -> Decimal:
        try:
            return parse_yuan(self.down.text().strip() or "0", field=tr("首付"))
        except (UserError, InvalidOperation) as exc:
            problem = message(exc) if isinstance(exc, UserError) else tr("不是金额")
            raise UserError(tr("首付：{problem}"), problem=problem) from None

    def reprice(self) -> None:
        """Price every plan again for the down payment as it stands; the plan selected stays
        selected."""
        row = self.table.currentRow()
        selected = (
            (self.quotes[row].method, self.quotes[row].term)
            if 0 <= row < len(self.quotes)
            else None
        )
        try:
            self.quotes = self.sale.plans(self._down())
        except UserError as exc:
            self.quotes = []
            self.table.setRowCount(0)
            self.cash.clear()
            self.bars.show_extra([])  # no stale totals or chart beside a refused down payment
            self.refuse(exc)
            return
        self.message.clear()
        cells = [plan_row(q).cells() for q in self.quotes]
        fill_table(self.table, [[tr(c[0]), *c[1:]] for c in cells], right_from=2)
        cart = self.quotes[0].cart if self.quotes else None
        if cart is not None:
            self.cash.setText(
                tr(
                    "现金价 {cart_price}，以旧换新抵扣 {cart_trade_in_credit}，"
                    "分期金额 {cart_financed}"
                ).format(
                    cart_price=format_yuan(cart.price),
                    cart_trade_in_credit=format_yuan(cart.trade_in_credit),
                    cart_financed=format_yuan(cart.financed),
                )
            )
            self.bars.show_extra(
                [
                    (
                        tr("{method_label} {q_term} 期").format(
                            method_label=tr(q.method.label), q_term=q.term
                        ),
                        q.total_interest_or_fees,
                    )
                    for q in self.quotes
                ]
            )
        self.table.selectRow(self._chosen_row(selected))

    def _chosen_row(self, selected: tuple[Method, int] | None) -> int:
        """The plan selected a moment ago, else the one chosen before (coming back to this
        page), else the first."""
        plan = self.sale.draft.plan
        wanted = selected or ((plan.method, plan.term) if plan else None)
        for r, q in enumerate(self.quotes):
            if (q.method, q.term) == wanted:
                return r
        return 0

    def commit(self) -> Write | None:
        row = self.table.currentRow()
        if not self.quotes or row < 0:
            raise UserError(tr("请选择一个分期方案"))
        quote = self.quotes[row]
        sale, down = self.sale, self._down()
        return lambda: sale.choose_plan(down, quote.method, quote.term)
