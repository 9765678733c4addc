"""A small bar chart of what each plan costs beyond the cash price."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget


class PlanBars(QWidget):
    """Horizontal bars: every plan's interest and fees (0 for interest-free)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, Decimal]] = []
        self.setMinimumHeight(120)

    def show_extra(self, plans: list[tuple[str, Decimal]]) -> None:
        """Draw (label, amount paid beyond the cash price) per plan."""
        self.rows = plans
        self.setMinimumHeight(18 * len(self.rows) + 8)
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        if not self.rows:
            return
        painter = QPainter(self)
        top = max(value for _, value in self.rows) or Decimal(1)
        label_w, row_h = 150, 18
        bar_w = max(self.width() - label_w - 90, 10)
        for i, (label, value) in enumerate(self.rows):
            y = 4 + i * row_h
            painter.setPen(QColor("#333333"))
            painter.drawText(QRectF(0, y, label_w - 6, row_h), Qt.AlignmentFlag.AlignRight, label)
            length = float(value / top) * bar_w
            painter.fillRect(
                QRectF(label_w, y + 3, length, row_h - 6),
                QColor("#2f9e44" if value == 0 else "#1c7ed6"),
            )
            painter.drawText(QRectF(label_w + length + 4, y, 86, row_h), 0, f"{value:,.2f}")
