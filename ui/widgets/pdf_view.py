"""A printed document shown in the window: its pages as images, scrollable."""

from __future__ import annotations

import pypdfium2 as pdfium
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget


def page_images(pdf: bytes, *, width_px: int = 800) -> list[QImage]:
    """Each page of `pdf` rendered `width_px` wide (call off the UI thread for big files)."""
    document = pdfium.PdfDocument(pdf)
    images = []
    for page in document:
        scale = width_px / page.get_width()
        pil = page.render(scale=scale).to_pil().convert("RGB")
        data = pil.tobytes("raw", "RGB")
        image = QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888)
        images.append(image.copy())  # own the pixels: `data` goes away
    return images


class PdfView(QScrollArea):
    """Pages one under the other."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self._body = QWidget()
        self._pages = QVBoxLayout(self._body)
        self.setWidget(self._body)

    def show_pages(self, images: list[QImage]) -> None:
        """Replace what is shown with these page images."""
        while self._pages.count():
            item = self._pages.takeAt(0)
            widget = None if item is None else item.widget()
            if widget is not None:
                widget.deleteLater()
        for image in images:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            self._pages.addWidget(label)
