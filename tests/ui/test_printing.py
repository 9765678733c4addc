"""Printing our PDFs through Qt: a PDF-file QPrinter stands in for the shop's printer."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from printing.contract_pdf import render_contract
from printing.receipt_pdf import render_receipt
from tests.factories.samples import contract, receipt_data
from ui.widgets.printing import print_pdf


def printed(pdf: bytes, tmp_path) -> PdfReader:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(150)
    pages = print_pdf(pdf, printer)
    reader = PdfReader(str(tmp_path / "printed.pdf"))
    assert len(reader.pages) == pages
    return reader


def test_a_contract_prints_every_page_on_a4(qapp, tmp_path):
    source = render_contract(contract(term=24))
    out = printed(source, tmp_path)
    assert len(out.pages) == len(PdfReader(io.BytesIO(source)).pages) >= 2
    assert abs(float(out.pages[0].mediabox.width) - 595.3) < 2  # A4 width in points


def test_a_thermal_receipt_keeps_its_80mm_width(qapp, tmp_path):
    out = printed(render_receipt(receipt_data(), paper="80mm"), tmp_path)
    assert abs(float(out.pages[0].mediabox.width) / 72 * 25.4 - 80) < 1


def test_save_instead_of_printing_writes_the_pdf(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QWidget

    from ui.widgets.printing import save_pdf

    widget = QWidget()
    qtbot.addWidget(widget)
    target = tmp_path / "合同.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF"))
    saved = save_pdf(widget, b"%PDF-1.4 test", suggested="合同.pdf", folder=tmp_path / "docs")
    assert saved == target
    assert target.read_bytes() == b"%PDF-1.4 test"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert save_pdf(widget, b"%PDF", suggested="x.pdf", folder=tmp_path / "docs") is None


def test_a_cancelled_print_dialog_prints_nothing(qtbot, monkeypatch, tmp_path):
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QWidget

    from ui.widgets.printing import ask_and_print

    widget = QWidget()
    qtbot.addWidget(widget)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QPrintDialog.DialogCode.Rejected)
    assert ask_and_print(widget, b"%PDF", title="收据", folder=tmp_path) is False


def test_a_high_resolution_printer_gets_pages_rasterised_at_most_at_300_dpi(qapp, tmp_path):
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "hi.pdf"))
    printer.setResolution(1200)
    assert print_pdf(render_receipt(receipt_data(), paper="80mm"), printer) == 1
    image = next(iter(PdfReader(str(tmp_path / "hi.pdf")).pages[0].images)).image
    assert image.width <= 80 / 25.4 * 300 + 2  # 80 mm at 300 dpi, not 1200
