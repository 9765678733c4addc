"""The desk's charts, drawn by Qt Charts: a value axis, the categories or days under them,
and the value of what the pointer is over in a tooltip."""

from __future__ import annotations

from datetime import date

from PySide6.QtCharts import (
    QAbstractAxis,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QDateTime, QMargins, QPointF, Qt, QTime
from PySide6.QtGui import QColor, QCursor, QFont, QPainter
from PySide6.QtWidgets import QToolTip, QWidget

BLUE = QColor("#1c7ed6")
TREND_TICKS = 6  # day labels along a month: one every six days or so, never run together
LABEL_POINTS = 8  # axis labels: small enough for a label under each of 14 hours


class _Chart(QChartView):
    """A titled chart without a legend, emptied before each new set of values."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        chart = QChart()
        chart.setTitle(title)
        title_font = QFont(chart.titleFont())
        title_font.setPointSize(LABEL_POINTS + 1)
        chart.setTitleFont(title_font)
        chart.legend().hide()
        chart.setMargins(QMargins(2, 2, 2, 2))
        chart.setBackgroundRoundness(0)
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(160)

    def _labelled(self, axis: QAbstractAxis) -> QAbstractAxis:
        font = QFont(axis.labelsFont())
        font.setPointSize(LABEL_POINTS)
        axis.setLabelsFont(font)
        axis.setTruncateLabels(False)  # "10" whole under its column, not "…"
        return axis

    def _clear(self) -> QChart:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        return chart

    def _value_axis(self, chart: QChart, values: list[float]) -> QValueAxis:
        """The left axis from 0: whole ticks for counts (no "0.5 contracts"), three nice
        ones otherwise."""
        top = max([*values, 1.0])
        axis = QValueAxis()
        axis.setRange(0, top)
        whole = all(v.is_integer() for v in values)
        if whole and top <= 4:
            axis.setTickCount(int(top) + 1)
        else:
            axis.setTickCount(3)
            axis.applyNiceNumbers()
        axis.setLabelFormat("%d" if whole else "%g")
        chart.addAxis(self._labelled(axis), Qt.AlignmentFlag.AlignLeft)
        return axis


class BarChart(_Chart):
    """Columns over their categories (hours, terms)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.columns: list[tuple[str, float]] = []

    def show_columns(self, columns: list[tuple[str, float]]) -> None:
        """Draw (category, value) columns, left to right."""
        self.columns = columns
        chart = self._clear()
        bars = QBarSet("")
        bars.append([value for _, value in columns])
        bars.setColor(BLUE)
        series = QBarSeries()
        series.append(bars)
        series.hovered.connect(lambda over, i, _set: self._tell(over, i))
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([label for label, _ in columns])
        chart.addAxis(self._labelled(categories), Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        series.attachAxis(self._value_axis(chart, [v for _, v in columns]))

    def _tell(self, over: bool, index: int) -> None:
        if over and 0 <= index < len(self.columns):
            label, value = self.columns[index]
            QToolTip.showText(QCursor.pos(), f"{label}：{value:g}", self)
        else:
            QToolTip.hideText()


class TrendChart(_Chart):
    """A value per day over the last weeks, the days dated along the bottom."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.days: list[tuple[date, float]] = []

    def show_days(self, days: list[tuple[date, float]]) -> None:
        """Draw (day, value) points joined in order."""
        self.days = days
        chart = self._clear()
        series = QLineSeries()
        series.setColor(BLUE)
        series.setPointsVisible(True)
        for day, value in days:
            series.append(QPointF(_msecs(day), value))
        series.hovered.connect(self._tell)
        chart.addSeries(series)
        axis = QDateTimeAxis()
        axis.setFormat("MM-dd")
        axis.setTickCount(TREND_TICKS)
        if days:
            axis.setRange(_moment(days[0][0]), _moment(days[-1][0]))
        chart.addAxis(self._labelled(axis), Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis)
        series.attachAxis(self._value_axis(chart, [v for _, v in days]))

    def _tell(self, point: QPointF, over: bool) -> None:
        if not over or not self.days:
            QToolTip.hideText()
            return
        day, value = min(self.days, key=lambda d: abs(_msecs(d[0]) - point.x()))
        QToolTip.showText(QCursor.pos(), f"{day:%m-%d}：{value:g}", self)


def _moment(day: date) -> QDateTime:
    return QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0))


def _msecs(day: date) -> float:
    return float(_moment(day).toMSecsSinceEpoch())
