"""新建销售: the step bar, the current step's page, Back and Next. Enter advances (a barcode
scanner types and presses Enter), Esc goes back; every step is saved as it is passed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from app.services.bootstrap import Services
from app.services.sale import STEPS, Sale, Step
from ui.i18n import tr
from ui.screens.home import STEP_LABELS
from ui.screens.steps import PAGES, StepPage

CURRENT = "background: #1c7ed6; color: white; border-radius: 4px; padding: 4px 10px;"
DONE = "color: #2b8a3e; padding: 4px 10px;"
AHEAD = "color: #868e96; padding: 4px 10px;"


class SaleWizard(QWidget):
    """One sale, page by page. Emits `finished` when the salesperson leaves it."""

    finished = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.sale: Sale | None = None
        self.bar = [QLabel(tr(STEP_LABELS[step.value])) for step in STEPS]
        bar = QHBoxLayout()
        for label in self.bar:
            bar.addWidget(label)
        bar.addStretch(1)
        self.pages: list[StepPage] = [page(self) for page in PAGES]
        self.stack = QStackedWidget()
        for page in self.pages:
            self.stack.addWidget(page)
        self.note = QLabel("")
        self.back_button = QPushButton(tr("上一步（Esc）"))
        self.next_button = QPushButton(tr("下一步（回车）"))
        self.next_button.setStyleSheet("font-weight: bold; padding: 6px 18px;")
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        for button in (self.back_button, self.next_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys belong to the fields
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.note, 1)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)

    @property
    def index(self) -> int:
        return self.stack.currentIndex()

    def open(self, sale: Sale) -> None:
        """Show `sale` at the first step it still needs."""
        self.sale = sale
        self.note.clear()
        self.go(STEPS.index(sale.step))

    def go(self, index: int) -> None:
        """Show page `index` and fill it from the sale."""
        self.stack.setCurrentIndex(index)
        for i, label in enumerate(self.bar):
            label.setStyleSheet(CURRENT if i == index else DONE if i < index else AHEAD)
        signed = index == STEPS.index(Step.SIGNED)
        self.back_button.setEnabled(not signed)
        self.next_button.setText(tr("完成（回车）") if signed else tr("下一步（回车）"))
        self.pages[index].enter()

    def next(self) -> None:
        """Check and save this step; on success show the next one."""
        if self.sale is None:
            return
        page = self.pages[self.index]
        if page.commit() and self.index + 1 < len(self.pages):
            self.go(self.index + 1)

    def back(self) -> None:
        """The previous step (nothing is lost: later steps stay until one is changed); from
        the first step, back to the home screen with the sale kept as a draft."""
        if self.index == STEPS.index(Step.SIGNED):
            self.finish()
        elif self.index == 0:
            self.finished.emit()
        else:
            self.go(self.index - 1)

    def finish(self) -> None:
        """The sale is done: back to the home screen."""
        self.sale = None
        self.finished.emit()

    def notice(self, text: str) -> None:
        """A passing remark under the page (e.g. a returning customer)."""
        self.note.setText(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.next()
        elif event.key() == Qt.Key.Key_Escape:
            self.back()
        else:
            super().keyPressEvent(event)
