"""新建销售: the step bar, the current step's page, Back and Next. Enter advances (a barcode
scanner types and presses Enter), Esc goes back; every step is saved as it is passed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from app.domain.errors import UserError
from app.services.bootstrap import Services
from app.services.sale import STEPS, Sale, Step
from ui.i18n import tr
from ui.ops import Op
from ui.screens.customer_view import CustomerView, customer_screen
from ui.screens.home import STEP_LABELS
from ui.screens.steps import PAGES, CustomerPage, DisclosurePage, SignaturePage, StepPage

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
        self.pages: dict[Step, StepPage] = {step: page(self) for step, page in PAGES.items()}
        self.stack = QStackedWidget()
        for page in self.pages.values():
            self.stack.addWidget(page)
        self.current = Step.PHONE
        self.customer_view: CustomerView | None = None
        self._preparing: Op | None = None
        self._saving: Op | None = None
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

    def open(self, sale: Sale) -> None:
        """Show `sale` at the first step it still needs; every page is filled from this sale
        alone (nothing of an earlier one stays on any of them)."""
        self.close_customer_view()
        self.sale = sale
        self.note.clear()
        for page in self.pages.values():
            page.reset()
        customer = self.pages[Step.CUSTOMER]
        assert isinstance(customer, CustomerPage)
        customer.warm_up()  # the card reader loads while the phone is chosen
        self.go(sale.step)

    def go(self, step: Step) -> None:
        """Show the page of `step` and fill it from the sale. Back before the clauses, the
        customer's screen is taken away: what it showed may be about to change."""
        if STEPS.index(step) < STEPS.index(Step.DISCLOSURE):
            self.close_customer_view()
        self.current = step
        index = STEPS.index(step)
        self.stack.setCurrentWidget(self.pages[step])
        for i, label in enumerate(self.bar):
            label.setStyleSheet(CURRENT if i == index else DONE if i < index else AHEAD)
        signed = step is Step.SIGNED
        self.back_button.setEnabled(not signed)
        self.next_button.setText(tr("完成（回车）") if signed else tr("下一步（回车）"))
        self.pages[step].enter()

    @property
    def working(self) -> bool:
        """Whether a step is being saved, or its page works off the UI thread: the sale is
        neither moved on nor back meanwhile."""
        saving = self._saving is not None and self._saving.running
        return saving or self.pages[self.current].working

    def next(self) -> None:
        """Check this step, save it off the UI thread, then show the next one."""
        if self.sale is None or self.working:
            return
        page, step = self.pages[self.current], self.current
        try:
            write = page.commit()
        except UserError as exc:
            page.refuse(exc)
            return
        if write is None:
            return
        self._saving = Op(write, self)
        self._saving.done.connect(lambda result: self._saved(step, result))
        self._saving.failed.connect(page.refuse)
        self._saving.start()

    def _saved(self, step: Step, result: object) -> None:
        if self.sale is None or self.current is not step:
            return  # the sale was left meanwhile (locked)
        self.pages[step].saved(result)
        if step is not Step.SIGNED:
            self.go(STEPS[STEPS.index(step) + 1])

    def keep_unsaved(self) -> Op | None:
        """Keep what the page holds but has not saved yet in the draft (a card read on the
        customer page), off the UI thread: the window is locking."""
        page = self.pages.get(self.current)
        keep = page.keep() if self.sale is not None and isinstance(page, CustomerPage) else None
        if keep is None:
            return None
        self._saving = Op(keep, self)
        self._saving.start()
        return self._saving

    def back(self) -> None:
        """The previous step (nothing is lost: later steps stay until one is changed); from
        the first step, back to the home screen with the sale kept as a draft."""
        if self.working:
            return
        if self.current is Step.SIGNED or self.current is Step.PHONE:
            self.finish()
        else:
            self.go(STEPS[STEPS.index(self.current) - 1])

    def present_to_customer(self) -> CustomerView:
        """The customer's view of this sale, shown on their screen: made anew whenever the
        sale's phone, cart or plan is not the one it shows."""
        assert self.sale is not None
        view, clauses = self.customer_view, self.sale.clauses()
        if view is None or view.sale is not self.sale or view.clauses != clauses:
            self.close_customer_view()
            screen, second = customer_screen(self)
            view = CustomerView(self.sale, clauses, screen, second=second)
            view.acknowledged.connect(self._customer_confirmed)
            view.signed.connect(self._customer_signed)
            self.customer_view = view
        if not view.isVisible() and not view.has_signed:
            view.present()
        return view

    def prepare_documents(self) -> None:
        """Load the PDF and signing stack off the UI thread while the customer reads."""
        from app.services.documents import load_printing

        if self._preparing is None:
            self._preparing = Op(load_printing, self)
            self._preparing.start()

    def close_customer_view(self) -> None:
        """Take the customer's view away (signed, or the sale was left)."""
        if self.customer_view is not None:
            self.customer_view.close()
            self.customer_view.deleteLater()
            self.customer_view = None

    def _customer_confirmed(self) -> None:
        page = self.pages[Step.DISCLOSURE]
        assert isinstance(page, DisclosurePage)
        page.follow()
        if self.sale is not None and self.sale.step is Step.SIGNATURE:
            self.go(Step.SIGNATURE)

    def _customer_signed(self) -> None:
        page = self.pages[Step.SIGNATURE]
        assert isinstance(page, SignaturePage)
        if self.current is Step.SIGNATURE:
            page.show_signature()

    def finish(self) -> None:
        """Leave the sale (signed, or kept as a draft): every page is emptied, so nothing of
        this customer stays on screen, and back to the home screen."""
        self.close_customer_view()
        self.sale = None
        for page in self.pages.values():
            page.reset()
        self.note.clear()
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
