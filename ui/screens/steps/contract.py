"""⑧ 合同: the signed documents made off the UI thread, shown, printed, saved."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
)

from app.config import documents_dir, key_file_path
from storage.files import private_folder, write_private
from storage.keys import load_or_create_identity
from ui.errors import present_error
from ui.i18n import tr
from ui.ops import Op
from ui.screens.steps.base import (
    StepPage,
)
from ui.widgets.pdf_view import PdfView, page_images
from ui.widgets.printing import ask_and_print, save_pdf

if TYPE_CHECKING:
    from ui.screens.sale import SaleWizard


class ContractPage(StepPage):
    title = "⑧ 合同与收据：已签约，打印交给客户"

    def __init__(self, wizard: SaleWizard) -> None:
        super().__init__(wizard)
        self.documents: dict[str, bytes] = {}
        self.folder: Path | None = None
        self._op: Op | None = None
        self.status = QLabel("")
        self.view = PdfView()
        buttons = QHBoxLayout()
        for label, action in (
            (tr("打印合同（两份）"), self.print_contract),
            (tr("打印收据"), self.print_receipt),
            (tr("另存为 PDF…"), self.save_copy),
        ):
            button = QPushButton(label)
            button.clicked.connect(action)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.body.addWidget(self.status)
        self.body.addWidget(self.view, 1)
        self.body.addLayout(buttons)
        self.body.addWidget(self.message)

    def enter(self) -> None:
        super().enter()
        number = self.sale.state["contract_number"]
        services = self.wizard.services
        self.status.setText(tr("合同 {number} 已保存，正在生成并签章 PDF…").format(number=number))

        def render() -> tuple[dict[str, bytes], Path, list[Any]]:
            from app.services.signing import stored_sale
            from printing.documents import sale_documents  # PDF and signing stack: 1 s

            with services.unit_of_work() as uow:
                stored = stored_sale(uow, number)
            identity = load_or_create_identity(key_file_path().parent, stored.contract.store_name)
            documents = sale_documents(stored.contract, stored.receipt, identity)
            folder = private_folder(documents_dir() / number)
            for name, pdf in documents.items():
                write_private(folder / name, pdf)
            return documents, folder, page_images(documents[f"{number}-customer.pdf"])

        self._op = Op(render, self)
        self._op.done.connect(self._show)
        self._op.failed.connect(self._failed)
        self._op.start()

    def _show(self, result: tuple[dict[str, bytes], Path, list[Any]]) -> None:
        self.documents, self.folder, images = result
        number = self.sale.state["contract_number"]
        self.status.setText(
            tr("合同 {number} 已签章，文件在 {folder}").format(number=number, folder=self.folder)
        )
        self.view.show_pages(images)

    def _failed(self, error: Exception) -> None:
        number = self.sale.state["contract_number"]
        self.status.setText(
            tr("合同 {number} 已保存，但 PDF 未生成：可用 fenqi reprint {number} 重新生成").format(
                number=number
            )
        )
        present_error(self, error)

    def _pdf(self, suffix: str) -> bytes | None:
        return next((pdf for name, pdf in self.documents.items() if name.endswith(suffix)), None)

    def print_contract(self) -> None:
        for copy in ("-store.pdf", "-customer.pdf"):
            pdf = self._pdf(copy)
            if pdf is not None:
                ask_and_print(self, pdf, title=tr("打印合同"))

    def print_receipt(self) -> None:
        pdf = self._pdf("-80mm.pdf")
        if pdf is not None:
            ask_and_print(self, pdf, title=tr("打印收据"))

    def save_copy(self) -> None:
        pdf = self._pdf("-customer.pdf")
        if pdf is not None:
            save_pdf(self, pdf, suggested=f"{self.sale.state['contract_number']}-customer.pdf")

    def commit(self) -> bool:
        self.wizard.finish()
        return False
