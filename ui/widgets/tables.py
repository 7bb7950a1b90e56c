"""Small pieces every table of the app needs, written once."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QTableView, QTableWidgetItem

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
