"""Sending printing/'s PDF bytes to a printer through Qt's print dialog, or saving them."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRect, QSizeF, Qt
from PySide6.QtGui import QImage, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QWidget

from ui.i18n import tr

RASTER_DPI = 300


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Draw every page of `pdf` onto `printer`; returns the number of pages printed.

    The printer's page size is set to the PDF's (an 80 mm receipt stays 80 mm wide); each
    page is rasterised with PDFium at the printer's resolution, capped at RASTER_DPI (a
    1200 dpi A4 bitmap would be ~400 MB and add nothing to printed text), and drawn keeping
    its shape.

    Raises:
        OSError: the printer could not start the job or a new page.
    """
    document = pdfium.PdfDocument(pdf)
    width_pt, height_pt = document[0].get_size()
    printer.setPageSize(QPageSize(QSizeF(width_pt, height_pt), QPageSize.Unit.Point))
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer cannot start a job")
    try:
        for index in range(len(document)):
            if index and not printer.newPage():
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
        return len(document)
    finally:
        painter.end()


def ask_and_print(parent: QWidget, pdf: bytes, *, title: str) -> bool:
    """Show Qt's print dialog; print when the salesperson confirms. Returns True if printed."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(tr("打印") + f" {title}")
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    print_pdf(pdf, printer)
    return True


def save_pdf(parent: QWidget, pdf: bytes, *, suggested: str) -> Path | None:
    """Ask where to save the PDF instead of printing it; returns the path written."""
    name, _ = QFileDialog.getSaveFileName(parent, tr("保存 PDF"), suggested, "PDF (*.pdf)")
    if not name:
        return None
    path = Path(name)
    path.write_bytes(pdf)
    return path
