"""⑥ 条款确认: the customer confirms each key clause on their own screen (`CustomerView`);
the clerk's page follows along, with the clause to explain, and cannot confirm for them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
)

from app.domain.contract import ConsentClause
from app.domain.errors import UserError
from ui.i18n import tr
from ui.screens.steps.base import (
    StepPage,
    Write,
)

if TYPE_CHECKING:
    from ui.screens.sale_wizard import SaleWizard


class DisclosurePage(StepPage):
    title = "⑥ 客户在客户屏上逐条阅读并确认关键条款"

    def __init__(self, wizard: SaleWizard) -> None:
        super().__init__(wizard)
        self.clauses: list[ConsentClause] = []
        self.where = QLabel("")
        self.where.setWordWrap(True)
        self.progress = QLabel("")
        self.clause_title = QLabel("")
        self.clause_title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.text = QLabel("")
        self.text.setWordWrap(True)
        self.text.setStyleSheet("font-size: 16px;")
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.show_again = QPushButton(tr("打开客户屏"))
        self.show_again.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.show_again.clicked.connect(self.wizard.present_to_customer)
        for widget in (self.where, self.progress, self.clause_title, self.text):
            self.body.addWidget(widget)
        self.body.addWidget(self.show_again, alignment=Qt.AlignmentFlag.AlignLeft)
        self.body.addStretch(1)
        self.body.addWidget(self.message)

    def _current(self) -> int | None:
        done = self.sale.draft.acknowledged
        return next((i for i, c in enumerate(self.clauses) if c.code not in done), None)

    def reset(self) -> None:
        super().reset()
        self.clauses = []
        for label in (self.where, self.progress, self.clause_title, self.text):
            label.clear()

    def enter(self) -> None:
        super().enter()
        try:
            self.sale.check_unit()  # before the customer reads a word for it
        except UserError as exc:
            self.wizard.close_customer_view()
            self.refuse(exc)
            return
        self.wizard.prepare_documents()
        view = self.wizard.present_to_customer()
        self.clauses = view.clauses  # what the customer's screen shows
        self.where.setText(
            tr("客户屏：{screen}。请向客户讲解屏幕上的条款，由客户本人点击确认。").format(
                screen=view.description
            )
        )
        self.follow()

    def follow(self) -> None:
        """Show where the customer is: the clause to explain, or all confirmed."""
        if not self.clauses:
            return
        i = self._current()
        if i is None:
            self.progress.setText(tr("全部 {clauses} 条已确认").format(clauses=len(self.clauses)))
            self.clause_title.setText(tr("条款已全部确认，请客户签名"))
            self.text.clear()
            return
        clause = self.clauses[i]
        self.progress.setText(
            tr("客户正在阅读第 {x} / {clauses} 条").format(x=i + 1, clauses=len(self.clauses))
        )
        self.clause_title.setText(clause.title)
        self.text.setText(clause.text)

    def commit(self) -> Write | None:
        if not self.clauses:  # the customer's screen was not opened: the phone was gone
            self.sale.check_unit()
            self.enter()
            return None
        i = self._current()
        if i is None:
            return super().commit()
        raise UserError(tr("请客户在客户屏上确认第 {x} 条：店员不能代为确认"), x=i + 1)
