"""Layouts that wrap instead of widening the window: a flow of small widgets (check boxes,
filters) and a grid of cards or charts whose column count follows the width.

Qt has neither. Both follow the layout direction (right to left in Arabic) and answer
``heightForWidth``, so a scroll area or a box layout above them gives them the height their
wrapped rows need; their minimum width is that of their widest item, which is what lets the
window shrink to 1024×768 (issue 20).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QStyle, QWidget


class _ItemsLayout(QLayout):
    """The item bookkeeping both layouts share."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if 0 <= index < len(self._items):
            item = self._items.pop(index)
            self.invalidate()
            return item
        return None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def visible_items(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _inner(self, rect: QRect) -> QRect:
        margins = self.contentsMargins()
        return rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())

    def _margins_size(self) -> QSize:
        margins = self.contentsMargins()
        return QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _place(self, item: QLayoutItem, outer: QRect, logical: QRect) -> None:
        """Set an item's geometry given left to right, mirrored when the text runs right to left."""
        parent = self.parentWidget()
        direction = (
            parent.layoutDirection() if parent is not None else Qt.LayoutDirection.LeftToRight
        )
        item.setGeometry(QStyle.visualRect(direction, outer, logical))

    def _gap(self) -> int:
        spacing = self.spacing()
        return spacing if spacing >= 0 else 6


class FlowLayout(_ItemsLayout):
    """Items side by side at their preferred width, wrapping onto a new line when the next one
    does not fit, like words in a paragraph."""

    def sizeHint(self) -> QSize:
        width = sum(item.sizeHint().width() for item in self.visible_items())
        width += self._gap() * max(len(self.visible_items()) - 1, 0)
        height = max((item.sizeHint().height() for item in self.visible_items()), default=0)
        return QSize(width, height) + self._margins_size()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self.visible_items():
            size = size.expandedTo(item.minimumSize())
        return size + self._margins_size()

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def _arrange(self, rect: QRect, apply: bool) -> int:
        inner = self._inner(rect)
        gap = self._gap()
        x, y, line_height = inner.x(), inner.y(), 0
        for item in self.visible_items():
            hint = item.sizeHint().boundedTo(QSize(inner.width(), item.sizeHint().height()))
            if x > inner.x() and x + hint.width() > inner.right() + 1:
                x, y, line_height = inner.x(), y + line_height + gap, 0
            if apply:
                self._place(item, inner, QRect(QPoint(x, y), hint))
            x += hint.width() + gap
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + self.contentsMargins().bottom()


class ReflowGrid(_ItemsLayout):
    """Equal columns, as many as fit at ``column_width`` each (or the widest item's minimum),
    with rows balanced (four cards go 4, 2 + 2 or 1 per row, never 3 + 1). Rows share the
    height left over when their items may grow vertically (charts), not otherwise (cards)."""

    def __init__(self, column_width: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column_width = column_width

    def expandingDirections(self) -> Qt.Orientation:
        if any(w is not None and _grows_vertically(w) for w in map(_widget, self.visible_items())):
            return Qt.Orientation.Vertical
        return Qt.Orientation(0)

    def _column_width(self) -> int:
        widest = max((item.minimumSize().width() for item in self.visible_items()), default=0)
        return max(self.column_width, widest)

    def columns_for(self, width: int) -> int:
        """How many columns the items take at this width (margins included)."""
        count = len(self.visible_items())
        if count == 0:
            return 1
        gap = self._gap()
        width -= self._margins_size().width()
        fit = max(1, min(count, (width + gap) // (self._column_width() + gap)))
        rows = -(-count // fit)
        return -(-count // rows)

    def _rows(self, columns: int) -> list[list[QLayoutItem]]:
        items = self.visible_items()
        return [items[i : i + columns] for i in range(0, len(items), columns)]

    def _row_heights(self, width: int) -> tuple[int, list[int], list[list[QLayoutItem]]]:
        columns = self.columns_for(width)
        gap = self._gap()
        inner_width = width - self._margins_size().width()
        cell = max((inner_width - gap * (columns - 1)) // columns, 1)
        rows = self._rows(columns)
        heights = []
        for row in rows:
            needed = 0
            for item in row:
                height = item.minimumSize().height()
                if item.hasHeightForWidth():
                    height = max(height, item.heightForWidth(cell))
                needed = max(needed, height)
            heights.append(needed)
        return cell, heights, rows

    def sizeHint(self) -> QSize:
        items = self.visible_items()
        width = len(items) * self._column_width() + self._gap() * max(len(items) - 1, 0)
        width += self._margins_size().width()
        return QSize(width, self.heightForWidth(width))

    def minimumSize(self) -> QSize:
        # The width of one column; the height comes from heightForWidth once the width is known.
        height = max((item.minimumSize().height() for item in self.visible_items()), default=0)
        return QSize(self._column_width(), height) + self._margins_size()

    def heightForWidth(self, width: int) -> int:
        _cell, heights, _rows = self._row_heights(width)
        return sum(heights) + self._gap() * max(len(heights) - 1, 0) + self._margins_size().height()

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        inner = self._inner(rect)
        gap = self._gap()
        cell, heights, rows = self._row_heights(rect.width())
        growing = [
            index
            for index, row in enumerate(rows)
            if any(w is not None and _grows_vertically(w) for w in map(_widget, row))
        ]
        spare = inner.height() - sum(heights) - gap * max(len(rows) - 1, 0)
        if spare > 0 and growing:
            for number, index in enumerate(growing):
                heights[index] += spare // len(growing) + (number < spare % len(growing))
        y = inner.y()
        for row, height in zip(rows, heights, strict=True):
            for column, item in enumerate(row):
                x = inner.x() + column * (cell + gap)
                self._place(item, inner, QRect(x, y, cell, height))
            y += height + gap


def _grows_vertically(widget: QWidget) -> bool:
    policy = widget.sizePolicy().verticalPolicy()
    return bool(policy.value & QSizePolicy.PolicyFlag.ExpandFlag.value)


def _widget(item: QLayoutItem) -> QWidget | None:
    return item.widget()
