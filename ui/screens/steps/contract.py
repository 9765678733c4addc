"""⑧ 合同: the signed documents made off the UI thread, shown, printed, saved."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
)

from ui.errors import present_error
from ui.i18n import tr
from ui.ops import Op
from ui.screens.steps.base import (
    StepPage,
    Write,
)
from ui.widgets.pdf_view import PdfView, page_images
from ui.widgets.printing import print_documents, printed_note, save_pdf

if TYPE_CHECKING:
    from app.services.documents import SaleDocuments
    from ui.screens.sale_wizard import SaleWizard


class ContractPage(StepPage):
    title = "⑧ 合同与收据：已签约，打印交给客户"

    def __init__(self, wizard: SaleWizard) -> None:
        super().__init__(wizard)
        self.documents: SaleDocuments | None = None
        self._op: Op | None = None
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.view = PdfView()
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, label, action in (
            ("contract", tr("打印合同（门店联 + 客户联）"), self.print_contract),
            ("receipt", tr("打印收据"), self.print_receipt),
            ("save", tr("另存为 PDF…"), self.save_copy),
        ):
            button = QPushButton(label)
            button.clicked.connect(action)
            button.setEnabled(False)
            row.addWidget(button)
            self.buttons[key] = button
        row.addStretch(1)
        self.body.addWidget(self.status)
        self.body.addWidget(self.view, 1)
        self.body.addLayout(row)
        self.body.addWidget(self.message)

    @property
    def number(self) -> str:
        number = self.sale.draft.contract_number
        assert number is not None
        return number

    def reset(self) -> None:
        super().reset()
        self.documents = None
        self.status.clear()
        self.view.show_pages([])
        for button in self.buttons.values():
            button.setEnabled(False)

    def enter(self) -> None:
        super().enter()
        number = self.number
        services = self.wizard.services
        self.status.setText(tr("合同 {number} 已保存，正在生成并签章 PDF…").format(number=number))

        def render() -> tuple[SaleDocuments, list[Any]]:
            from app.services.documents import print_sale

            documents = print_sale(services, number)
            customer_copy = documents.named("-customer.pdf")
            assert customer_copy is not None
            return documents, page_images(customer_copy)

        self._op = Op(render, self)
        self._op.done.connect(self._show)
        self._op.failed.connect(self._failed)
        self._op.start()

    def _show(self, result: tuple[SaleDocuments, list[Any]]) -> None:
        self.documents, images = result
        self.status.setText(
            tr("合同 {number} 已签章，文件在 {folder}").format(
                number=self.documents.number, folder=self.documents.folder
            )
        )
        self.view.show_pages(images)
        for key, button in self.buttons.items():
            button.setEnabled(key != "receipt" or self.documents.named("-80mm.pdf") is not None)

    def _failed(self, error: Exception) -> None:
        self.status.setText(
            tr("合同 {number} 已保存，但 PDF 未生成：可在首页“今日合同”中重打").format(
                number=self.number
            )
        )
        present_error(self, error)

    def print_contract(self) -> None:
        """Both copies of the signed contract, store copy first, in one print job."""
        if self.documents is None:
            return
        title = tr("合同 {number}").format(number=self.documents.number)
        self._print(self.documents.contract_copies(), title, None)

    def print_receipt(self) -> None:
        """The down-payment receipt, on the receipt printer when one is set."""
        if self.documents is None:
            return
        name = next((n for n in self.documents.files if n.endswith("-80mm.pdf")), None)
        if name is not None:
            printer = self.sale.services.settings.receipt_printer
            self._print({name: self.documents.files[name]}, tr("收据"), printer)

    def _print(self, documents: dict[str, bytes], title: str, printer: str | None) -> None:
        assert self.documents is not None
        try:
            folder = self.sale.services.settings.documents
            printed = print_documents(
                self, documents, title=title, folder=folder, printer_name=printer
            )
        except OSError as exc:
            present_error(self, exc)
            return
        self.message.setText(printed_note(printed, self.documents.folder))

    def save_copy(self) -> None:
        if self.documents is not None and (pdf := self.documents.named("-customer.pdf")):
            save_pdf(
                self,
                pdf,
                suggested=f"{self.documents.number}-customer.pdf",
                folder=self.sale.services.settings.documents,
            )

    def commit(self) -> Write | None:
        self.wizard.finish()
        return None
