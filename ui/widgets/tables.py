"""Small pieces every table of the app needs, written once."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QTableView, QTableWidgetItem

from ui import theme

_FLAG = QItemSelectionModel.SelectionFlag
_WHOLE_ROW = _FLAG.ClearAndSelect | _FLAG.Rows


def select_whole_row(table: QTableView, row: int, *, make_current: bool = False) -> None:
    """Select row ``row`` of ``table``, alone.

    QTableView.selectRow() selects nothing in a right-to-left layout (it looks for the first
    column at the viewport's edge; seen with Qt 6, Arabic), so the selection model is told
    directly. ``make_current`` also moves the keyboard's current row there and scrolls to it.
    """
    index = table.model().index(row, 0)
    if make_current:
        table.selectionModel().setCurrentIndex(index, _WHOLE_ROW)
        table.scrollTo(index)
    else:
        table.selectionModel().select(index, _WHOLE_ROW)


def table_item(text: str, *, numeric: bool = False) -> QTableWidgetItem:
    """A cell; amounts and counts line up on their trailing edge, as in the lists."""
    item = QTableWidgetItem(text)
    if numeric:
        item.setTextAlignment(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
    return item


_TAGS: dict[tuple[str, str, str, float], QPixmap] = {}


def tag_pixmap(text: str, font: QFont | None = None) -> QPixmap:
    """A small framed tag ("Archived", "Void") drawn once per text: set beside a row's main text
    so a marked row reads as such in any language, not by its colour alone."""
    font = QFont(font) if font is not None else QApplication.font()
    font.setItalic(False)
    color = theme.color(theme.Role.MUTED)
    ratio = QApplication.instance().devicePixelRatio() if QApplication.instance() else 1.0
    key = (text, font.toString(), color.name(), ratio)
    cached = _TAGS.get(key)
    if cached is not None:
        return cached
    metrics = QFontMetrics(font)
    width, height = metrics.horizontalAdvance(text) + 10, metrics.height() + 2
    image = QImage(
        int(width * ratio), int(height * ratio), QImage.Format.Format_ARGB32_Premultiplied
    )
    image.setDevicePixelRatio(ratio)
    image.fill(0)  # transparent: the row's own background shows through
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(color, 1))
    painter.drawRoundedRect(QRectF(0.5, 0.5, width - 1, height - 1), 4, 4)
    painter.setFont(font)
    painter.drawText(QRectF(0, 0, width, height), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    pixmap = QPixmap.fromImage(image)
    _TAGS[key] = pixmap
    return pixmap
