"""A small bar chart painted with Qt: a few series side by side per category, with a legend.

Painted rather than Qt Charts (not in PySide6-Essentials, and a large module to load for four
charts). Text goes through QPainter, so Arabic is shaped like everywhere else in the window.
Categories run in the reading direction: right to left in Arabic, as the months of a calendar.
Month names stay names at any width (turned upright when they do not fit side by side): a chart
that numbered its months beside one that named them read as two formats (issue 20).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui import theme


@dataclass(frozen=True)
class Series:
    name: str
    color: str  # a theme.Role (follows the scheme), or a colour's name
    values: Sequence[float]
    bar_colors: Sequence[str] = ()  # one per category, when the categories mean something


class BarChart(QWidget):
    MINIMUM_WIDTH = 260  # three charts side by side on the Home page at 1024×768
    MINIMUM_HEIGHT = 190

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.categories: list[str] = []
        self.series: list[Series] = []
        self.format_value: Callable[[float], str] = lambda value: f"{value:g}"
        self.empty_text = ""
        self.setMinimumSize(QSize(self.MINIMUM_WIDTH, self.MINIMUM_HEIGHT))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(
        self,
        title: str,
        categories: Sequence[str],
        series: Sequence[Series],
        format_value: Callable[[float], str],
        empty_text: str,
    ) -> None:
        self.title, self.categories, self.series = title, list(categories), list(series)
        self.format_value, self.empty_text = format_value, empty_text
        self.setToolTip(
            "\n".join(
                f"{s.name}: "
                + ", ".join(
                    f"{c} {format_value(v)}" for c, v in zip(self.categories, s.values, strict=True)
                )
                for s in self.series
            )
        )
        self.update()

    @property
    def top(self) -> float:
        return max((max(s.values, default=0) for s in self.series), default=0)

    def _labels(self, metrics: QFontMetrics, slot: float) -> tuple[list[str], int]:
        """The category labels under the bars, and how many lines they take.

        On one line if they fit, else on two. Past that, categories that carry their own
        colours (no legend says what those mean) are cut short; the others (months) keep their
        names and are drawn upright (``_upright``).
        """
        if all(metrics.horizontalAdvance(c) <= slot for c in self.categories):
            return self.categories, 1
        two_lines = QRect(0, 0, int(slot), 10 * metrics.height())
        if all(
            metrics.boundingRect(two_lines, Qt.TextFlag.TextWordWrap, c).height()
            <= metrics.height() + metrics.lineSpacing()
            and max((metrics.horizontalAdvance(word) for word in c.split()), default=0) <= slot
            for c in self.categories
        ):
            return self.categories, 2
        if any(series.bar_colors for series in self.series):
            cut = Qt.TextElideMode.ElideRight
            return [metrics.elidedText(c, cut, int(slot)) for c in self.categories], 1
        return self.categories, 1

    @staticmethod
    def _upright(metrics: QFontMetrics, labels: Sequence[str], lines: int, slot: float) -> bool:
        """Labels on one line that do not fit their slot are turned a quarter turn."""
        return lines == 1 and any(metrics.horizontalAdvance(label) > slot for label in labels)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.windowText().color()
        metrics = painter.fontMetrics()
        line = metrics.height()
        area = QRectF(self.rect()).adjusted(8, 4, -8, -4)
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft

        def placed(rect: QRectF) -> QRectF:
            """A rectangle given left to right, mirrored in a right-to-left window."""
            if not rtl:
                return rect
            return QRectF(
                area.left() + area.right() - rect.right(), rect.top(), rect.width(), rect.height()
            )

        title_flags = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter
        painter.setPen(text)
        bold = painter.font()
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(area, title_flags, self.title)
        painter.setFont(self.font())
        legend_y = area.top() + line + 2
        x = area.left()
        for series in self.series:
            if series.bar_colors:  # the categories say what the colours mean: no legend
                continue
            painter.fillRect(
                placed(QRectF(x, legend_y + line * 0.25, line * 0.6, line * 0.6)),
                theme.resolve(series.color),
            )
            name_width = metrics.horizontalAdvance(series.name) + 2
            painter.drawText(
                placed(QRectF(x + line * 0.8, legend_y, name_width, line)), series.name
            )
            x += line * 1.4 + name_width
        slot = area.width() / max(len(self.categories), 1)
        labels, label_lines = self._labels(metrics, slot)
        upright = self._upright(metrics, labels, label_lines, slot)
        if upright:
            label_height = max(metrics.horizontalAdvance(label) for label in labels) + 4
        else:
            label_height = metrics.lineSpacing() * label_lines
        plot = QRectF(
            area.left(),
            legend_y + line * 1.5,
            area.width(),
            area.bottom() - legend_y - line * 2 - label_height,
        )
        top = self.top
        if top <= 0 or not self.categories:
            painter.setPen(theme.color(theme.Role.MUTED))
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        painter.setPen(palette.mid().color())
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        bar = slot * 0.8 / max(len(self.series), 1)
        for index, category in enumerate(labels):
            left = plot.left() + index * slot + slot * 0.1
            for number, series in enumerate(self.series):
                value = series.values[index]
                height = plot.height() * value / top
                color = series.bar_colors[index] if series.bar_colors else series.color
                painter.fillRect(
                    placed(QRectF(left + number * bar, plot.bottom() - height, bar * 0.9, height)),
                    theme.resolve(color),
                )
            painter.setPen(text)
            cell = placed(QRectF(plot.left() + index * slot, plot.bottom() + 2, slot, label_height))
            if upright:
                painter.save()
                painter.translate(cell.center().x(), cell.top() + 2)
                painter.rotate(-90)  # read from the bottom up, ending at the axis
                painter.drawText(
                    QRectF(-label_height, -line / 2, label_height - 2, line),
                    Qt.AlignmentFlag.AlignRight
                    | Qt.AlignmentFlag.AlignAbsolute
                    | Qt.AlignmentFlag.AlignVCenter,
                    category,
                )
                painter.restore()
            else:
                painter.drawText(
                    cell, Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap, category
                )
        painter.setPen(theme.color(theme.Role.MUTED))
        painter.drawText(  # the scale's top, on the side away from the legend
            QRectF(plot.left(), plot.top() - line * 1.4, plot.width(), line),
            (Qt.AlignmentFlag.AlignLeft if rtl else Qt.AlignmentFlag.AlignRight)
            | Qt.AlignmentFlag.AlignAbsolute,
            self.format_value(top),
        )
