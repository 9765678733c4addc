"""What every page of a sale shares: the page itself, its tables, the labels it shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.domain.risk import Employment
from ui.errors import describe
from ui.i18n import tr

if TYPE_CHECKING:
    from app.services.sale import Sale
    from ui.screens.sale_wizard import SaleWizard


EMPLOYMENT_LABELS = {
    Employment.CIVIL_SERVANT: "公务员/事业单位",
    Employment.SALARIED: "企业职工",
    Employment.SELF_EMPLOYED: "个体经营",
    Employment.FREELANCE: "自由职业",
    Employment.RETIRED: "退休",
    Employment.STUDENT: "学生",
    Employment.UNEMPLOYED: "无业",
}

Write = Callable[[], object]
"""A step's write: run off the UI thread by the wizard; what it returns goes to `saved`."""

VALUE_LABELS = {
    **{e.value: label for e, label in EMPLOYMENT_LABELS.items()},
    "none": "无记录",
    "on_time": "按时还款",
    "late": "曾逾期",
    "overdue": "逾期未还",
}


def make_table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fill_table(table: QTableWidget, rows: list[list[str]], *, right_from: int) -> None:
    """Replace the table's rows (columns from `right_from` on right-aligned), then size the
    columns once: sizing them per cell made re-pricing take 100 ms."""
    table.setUpdatesEnabled(False)
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.setItem(r, c, table_cell(text, right=c >= right_from))
    table.resizeColumnsToContents()
    table.setUpdatesEnabled(True)


def table_cell(text: str, *, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class StepPage(QWidget):
    """A page of the sale; `message` shows why a step was refused."""

    title = ""

    def __init__(self, wizard: SaleWizard) -> None:
        super().__init__()
        self.wizard = wizard
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c92a2a; font-weight: bold;")
        self.body = QVBoxLayout(self)
        heading = QLabel(tr(self.title))
        heading.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.body.addWidget(heading)

    @property
    def sale(self) -> Sale:
        assert self.wizard.sale is not None
        return self.wizard.sale

    def reset(self) -> None:
        """Empty every field (a sale is opened or left): nothing of another customer stays."""
        self.message.clear()

    def enter(self) -> None:
        """Fill every field of the page from the sale (never "only if empty")."""
        self.message.clear()

    def commit(self) -> Write | None:
        """Check this step on the UI thread: the write that saves it (the wizard runs it off
        the UI thread, then goes on), or None to stay (the page has said why).

        Raises:
            UserError: why the step cannot be saved (the wizard shows it on the page).
        """
        return _nothing

    def saved(self, result: object) -> None:
        """On the UI thread, once this step's write is done (before the next step shows)."""

    @property
    def working(self) -> bool:
        """Whether the page is still working off the UI thread: it is not left meanwhile."""
        return False

    def refuse(self, error: Exception) -> None:
        """Show why the step was refused (or could not be saved); never lose what was typed.
        The field the refusal names takes the focus, and the message goes once that field is
        changed."""
        self.message.setText(describe(error)[1])  # a bug's report is written and named
        field = error.params.get("field") if isinstance(error, UserError) else None
        widget = self.field_widget(str(field)) if field else None
        if widget is not None:
            widget.setFocus()
            edited = widget.editTextChanged if isinstance(widget, QComboBox) else widget.textChanged
            edited.connect(self._fixed, Qt.ConnectionType.SingleShotConnection)

    def _fixed(self, *_: object) -> None:
        self.message.clear()

    def field_widget(self, path: str) -> QLineEdit | QComboBox | None:
        """The field of this page a refusal names by its path (e.g. "customer.phone")."""
        return None


def _nothing() -> None:
    """The write of a step that saves nothing of its own."""
