"""Sending printing/'s signed PDFs to a printer through Qt, or saving them.

Paper gets each page rasterised (Qt cannot send a PDF to a printer as it is); a printer that
writes a PDF file ("print to file") gets the signed PDFs themselves, byte for byte, since a
rasterised copy carries no signature and `fenqi verify` would call it unsigned. Without any
printer nothing is asked: the signed files are already in the documents folder."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRect, QSizeF, Qt
from PySide6.QtGui import QImage, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QFileDialog, QWidget

from app.services.exports import private_folder, save_file, save_files
from ui.i18n import tr

RASTER_DPI = 300


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Draw every page of `pdf` onto `printer`; returns the number of pages printed."""
    return print_pdfs([pdf], printer)


def print_pdfs(pdfs: list[bytes], printer: QPrinter) -> int:
    """Draw every page of every PDF onto `printer`, in one job; returns the pages printed.

    The printer's page size is set to the first PDF's (an 80 mm receipt stays 80 mm wide);
    each page is rasterised with PDFium at the printer's resolution, capped at RASTER_DPI (a
    1200 dpi A4 bitmap would be ~400 MB and add nothing to printed text), and drawn keeping
    its shape.

    Raises:
        OSError: the printer could not start the job or a new page.
    """
    documents = [pdfium.PdfDocument(pdf) for pdf in pdfs]
    width_pt, height_pt = documents[0][0].get_size()
    printer.setPageSize(QPageSize(QSizeF(width_pt, height_pt), QPageSize.Unit.Point))
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer cannot start a job")
    pages = 0
    try:
        for document in documents:
            for index in range(len(document)):
                if pages and not printer.newPage():
                    raise OSError("the printer refused a new page")
                dpi = min(printer.resolution(), RASTER_DPI)
                image = document[index].render(scale=dpi / 72).to_pil().convert("RGB")
                qimage = QImage(
                    image.tobytes("raw", "RGB"),
                    image.width,
                    image.height,
                    image.width * 3,
                    QImage.Format.Format_RGB888,
                )
                area = painter.viewport()
                size = qimage.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(area.topLeft(), size), qimage)
                pages += 1
        return pages
    finally:
        painter.end()


def send_to_printer(printer: QPrinter, documents: dict[str, bytes]) -> list[Path]:
    """Print `documents` (file name → signed PDF) in one job. A printer that writes a PDF
    file gets the signed files themselves, owner-only: one document at the chosen file name,
    several beside it under their own names; returns the files written (none on paper).

    Raises:
        OSError: the printer could not print.
    """
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        return save_files(Path(printer.outputFileName()), documents)
    print_pdfs(list(documents.values()), printer)
    return []


def has_printer() -> bool:
    """Whether this machine has any printer installed."""
    return bool(QPrinterInfo.availablePrinters())


def print_documents(
    parent: QWidget,
    documents: dict[str, bytes],
    *,
    title: str,
    folder: Path,
    printer_name: str | None = None,
) -> list[Path] | None:
    """Print `documents` in one job: straight to `printer_name` when it is installed, else
    through Qt's print dialog (printing to a file: where the dialog says, the documents
    `folder` when it names no file). Returns the files written ([] on paper), or None when
    cancelled or when the machine has no printer (the caller says where the files are).

    Raises:
        OSError: the printer could not print.
    """
    if not has_printer():
        return None
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    if printer_name and printer_name in QPrinterInfo.availablePrinterNames():
        printer.setPrinterName(printer_name)
    else:
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(tr("打印") + f" {title}")
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return None
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
            chosen = printer.outputFileName()
            printer.setOutputFileName(chosen or str(private_folder(folder) / f"{title}.pdf"))
    return send_to_printer(printer, documents)


def printed_note(written: list[Path] | None, folder: Path) -> str:
    """What the clerk is told after printing: where the files went, or that nothing was
    printed and where the signed PDFs are."""
    if written is None:
        return tr("未打印：本机没有打印机或已取消。已签章的 PDF 保存在 {folder}").format(
            folder=folder
        )
    if written:
        return tr("已打印到文件：{files}").format(files="、".join(str(p) for p in written))
    return ""


def ask_and_print(parent: QWidget, pdf: bytes, *, title: str, folder: Path) -> bool:
    """Show Qt's print dialog for one PDF; print when the salesperson confirms. Returns True
    if printed."""
    written = print_documents(parent, {f"{title}.pdf": pdf}, title=title, folder=folder)
    return written is not None


def save_pdf(parent: QWidget, pdf: bytes, *, suggested: str, folder: Path) -> Path | None:
    """Ask where to save the PDF instead of printing it (the documents `folder` first);
    returns the path written, owner-only."""
    start = str(private_folder(folder) / suggested)
    name, _ = QFileDialog.getSaveFileName(parent, tr("保存 PDF"), start, "PDF (*.pdf)")
    if not name:
        return None
    return save_file(Path(name), pdf)
