"""A small column chart painted with QPainter (PySide6-Essentials has no Qt Charts)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget


class ColumnChart(QWidget):
    """Vertical bars with a title, a label under each and its value above it."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.columns: list[tuple[str, float]] = []
        self.setMinimumHeight(120)

    def show_columns(self, columns: list[tuple[str, float]]) -> None:
        """Draw (label, value) columns, left to right."""
        self.columns = columns
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(QColor("#333333"))
        painter.drawText(QRectF(0, 0, self.width(), 18), Qt.AlignmentFlag.AlignLeft, self.title)
        if not self.columns:
            return
        top = max(value for _, value in self.columns) or 1.0
        plot_top, label_h = 34.0, 18.0
        plot_h = max(self.height() - plot_top - label_h, 10.0)
        width = self.width() / len(self.columns)
        for i, (label, value) in enumerate(self.columns):
            x = i * width
            height = value / top * plot_h
            bar_w = min(width * 0.7, 36.0)
            bar = QRectF(x + (width - bar_w) / 2, plot_top + plot_h - height, bar_w, height)
            painter.fillRect(bar, QColor("#1c7ed6"))
            if value:
                above = QRectF(x + width / 2 - 24, bar.top() - 16, 48, 16)
                painter.drawText(above, Qt.AlignmentFlag.AlignCenter, f"{value:g}")
            under = QRectF(x + width / 2 - 24, plot_top + plot_h, 48, label_h)  # may overhang
            painter.drawText(under, Qt.AlignmentFlag.AlignCenter, label)
