"""A label that always takes the same height, whatever it says, so nothing below it moves.

The studio's "Copied" line appeared and disappeared, and a wrapped message took one line or
three: the cards under it jumped, and the next click landed on the wrong button (issue 21). This
label reserves ``lines`` lines from the start, wraps at words, and ends what does not fit with
"…" (the whole message stays in its tooltip). Its width never pushes the layout wider either.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


def text_direction(text: str, default: Qt.LayoutDirection) -> Qt.LayoutDirection:
    """The direction of ``text``'s first strong letter (``default`` without one): an English
    message in the Arabic window keeps its "…" at its end."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind == "L":
            return Qt.LayoutDirection.LeftToRight
        if kind in ("R", "AL"):
            return Qt.LayoutDirection.RightToLeft
    return default


class FixedLinesLabel(QLabel):
    """A plain-text label of a fixed number of lines (see the module's docstring)."""

    def __init__(self, lines: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines = max(1, lines)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text if text else "")
        self.update()

    def _height(self) -> int:
        margins = self.contentsMargins()
        spacing = self.fontMetrics().lineSpacing()
        return spacing * self._lines + margins.top() + margins.bottom()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self._height())

    def heightForWidth(self, _width: int) -> int:
        return self._height()

    def hasHeightForWidth(self) -> bool:
        return False

    def shown_lines(self) -> list[str]:
        """The lines as drawn at the label's present width."""
        return layout_lines(self.text(), self, self.contentsRect().width(), self._lines)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setLayoutDirection(text_direction(self.text(), self.layoutDirection()))
        rect = self.contentsRect()
        spacing = self.fontMetrics().lineSpacing()
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        for number, line in enumerate(self.shown_lines()):
            box = QRect(rect.left(), rect.top() + number * spacing, rect.width(), spacing)
            self.style().drawItemText(
                painter,
                box,
                int(side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter),
                self.palette(),
                self.isEnabled(),
                line,
                self.foregroundRole(),
            )


def layout_lines(text: str, label: QLabel, width: int, lines: int) -> list[str]:
    """``text`` broken at words into at most ``lines`` lines of ``width`` pixels in ``label``'s
    font and direction, the last one ended with "…" when the text goes on."""
    if not text:
        return []
    metrics = label.fontMetrics()
    if width <= 0:
        return [metrics.elidedText(text, Qt.TextElideMode.ElideRight, 0)]
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    option.setTextDirection(text_direction(text, label.layoutDirection()))
    layout = QTextLayout(text, label.font())
    layout.setTextOption(option)
    layout.beginLayout()
    out: list[str] = []
    while len(out) < lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        start, length = line.textStart(), line.textLength()
        if len(out) == lines - 1 and start + length < len(text):
            rest = text[start:].replace("\n", " ")
            out.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
            break
        out.append(text[start : start + length].rstrip("\n"))
    layout.endLayout()
    return out
