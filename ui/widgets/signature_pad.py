"""The customer signs on screen: mouse, pen (with pressure) or finger. Strokes are kept as
evidence: (x, y, ms since the pad was opened) per point, in pad pixels."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QTabletEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.i18n import tr

PAD_WIDTH, PAD_HEIGHT = 600, 240  # printing.signature_image renders at this size


class SignaturePad(QWidget):
    """A white pad with a baseline; `strokes` holds what was drawn."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(PAD_WIDTH, PAD_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.strokes: list[list[tuple[float, float, int]]] = []
        self._widths: list[list[float]] = []
        self._clock = QElapsedTimer()
        self._clock.start()

    def clear(self) -> None:
        """Wipe the pad to sign again."""
        self.strokes, self._widths = [], []
        self.update()
        self.changed.emit()

    def replay(self, strokes: list[list[tuple[float, float, int]]]) -> None:
        """Show recorded strokes as if drawn with the mouse (benches, screenshots)."""
        self.strokes = [list(stroke) for stroke in strokes]
        self._widths = [[3.0] * len(stroke) for stroke in strokes]
        self.update()
        self.changed.emit()

    def _add(self, point: QPointF, pressure: float, *, new: bool) -> None:
        if new or not self.strokes:
            self.strokes.append([])
            self._widths.append([])
        self.strokes[-1].append((round(point.x(), 1), round(point.y(), 1), self._clock.elapsed()))
        self._widths[-1].append(1.5 + 3.0 * pressure)
        self.update()
        self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._add(event.position(), 0.5, new=True)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._add(event.position(), 0.5, new=False)

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._add(event.position(), event.pressure(), new=True)
        elif kind == QTabletEvent.Type.TabletMove and event.pressure() > 0:
            self._add(event.position(), event.pressure(), new=False)
        event.accept()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setPen(QPen(QColor("#c0c8d4"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(30, PAD_HEIGHT - 50, PAD_WIDTH - 30, PAD_HEIGHT - 50)
        painter.drawText(30, PAD_HEIGHT - 30, tr("请在线上方签名"))
        for stroke, widths in zip(self.strokes, self._widths, strict=True):
            for (x0, y0, _), (x1, y1, _), width in zip(
                stroke, stroke[1:], widths[1:], strict=False
            ):
                pen = QPen(QColor("black"), width)
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                painter.setPen(pen)
                painter.drawLine(QPointF(x0, y0), QPointF(x1, y1))
