"""⑥ 条款确认: the key clauses one at a time, each confirmed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
)

from app.domain.errors import UserError
from ui.i18n import tr
from ui.screens.steps.base import (
    StepPage,
)

if TYPE_CHECKING:
    from ui.screens.sale import SaleWizard


class DisclosurePage(StepPage):
    title = "⑥ 逐条讲解关键条款，客户确认"

    def __init__(self, wizard: SaleWizard) -> None:
        super().__init__(wizard)
        self.clauses: list[tuple[str, str, str]] = []
        self.progress = QLabel("")
        self.clause_title = QLabel("")
        self.clause_title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.text = QLabel("")
        self.text.setWordWrap(True)
        self.text.setStyleSheet("font-size: 16px;")
        self.confirm = QPushButton(tr("客户已阅读并确认（回车）"))
        self.confirm.clicked.connect(self.wizard.next)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.body.addWidget(self.progress)
        self.body.addWidget(self.clause_title)
        self.body.addWidget(self.text)
        self.body.addWidget(self.confirm)
        self.body.addStretch(1)
        self.body.addWidget(self.message)

    def _current(self) -> int | None:
        done = self.sale.state.get("acknowledged", {})
        return next((i for i, (code, _, _) in enumerate(self.clauses) if code not in done), None)

    def enter(self) -> None:
        super().enter()
        self.clauses = self.sale.clauses()
        self._show()

    def _show(self) -> None:
        i = self._current()
        if i is None:
            self.progress.setText(tr("全部 {clauses} 条已确认").format(clauses=len(self.clauses)))
            self.clause_title.setText(tr("条款已全部确认，请进入签名"))
            self.text.clear()
            self.confirm.setText(tr("进入签名（回车）"))
            return
        _, title, text = self.clauses[i]
        self.progress.setText(
            tr("第 {x} / {clauses} 条").format(x=i + 1, clauses=len(self.clauses))
        )
        self.clause_title.setText(title)
        self.text.setText(text)
        self.confirm.setText(tr("客户已阅读并确认（回车）"))

    def commit(self) -> bool:
        i = self._current()
        if i is None:
            return True
        try:
            self.sale.acknowledge(self.clauses[i][0])
        except UserError as exc:
            return self.refuse(exc)
        self._show()
        return False  # one clause at a time: the page stays until all are confirmed
