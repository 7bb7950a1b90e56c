"""Choosing tags from a shared list: chosen tags as removable chips, a box to add one.

Typing suggests existing tags (any spelling: the completer matches anywhere, case-insensitive);
Enter or "Add" adds what was typed, a new tag included. Each chip's ✕ takes it off. Used for a
volunteer's skills and languages.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from assocdesk.i18n import _
from assocdesk.text import clean_single_line, normalize_for_search
from assocdesk.text.bidi import isolate
from ui import theme


class FlowLayout(QLayout):
    """Items left to right (right to left in Arabic), wrapping onto new lines (Qt's example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _place(self, rect: QRect, move: bool) -> int:
        x, y, line_height = rect.x(), rect.y(), 0
        spacing = self.spacing()
        rtl = self.parentWidget() is not None and self.parentWidget().isRightToLeft()
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line_height > 0:
                x, y = rect.x(), y + line_height + spacing
                line_height = 0
            if move:
                left = rect.right() + 1 - (x - rect.x()) - hint.width() if rtl else x
                item.setGeometry(QRect(QPoint(left, y), hint))
            x += hint.width() + spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y()


class TagPicker(QWidget):
    changed = Signal()

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tags: list[str] = []
        self.chips = QWidget()
        self.chips.setObjectName("chips")
        self.flow = FlowLayout(self.chips)
        self.chips.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.entry = QLineEdit()
        self.entry.setObjectName("tag_entry")
        self.entry.setPlaceholderText(placeholder)
        self.entry.returnPressed.connect(self.add_typed)
        self.add_button = QPushButton(_("Add"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_typed)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.entry, 1)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.chips)
        layout.addLayout(row)

    def set_suggestions(self, names: Iterable[str]) -> None:
        completer = QCompleter(sorted(set(names), key=normalize_for_search), self.entry)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.entry.setCompleter(completer)

    def tags(self) -> list[str]:
        """The chosen tags, and what is still typed in the box (not lost on Save)."""
        typed = [part for part in self._split(self.entry.text()) if not self._has(part)]
        return [*self._tags, *typed]

    def set_tags(self, names: Iterable[str]) -> None:
        self._tags = []
        for name in names:
            self._add(name)
        self._rebuild()

    def add_typed(self) -> None:
        for part in self._split(self.entry.text()):
            self._add(part)
        self.entry.clear()
        self._rebuild()
        self.changed.emit()

    def remove(self, name: str) -> None:
        self._tags = [tag for tag in self._tags if tag != name]
        self._rebuild()
        self.changed.emit()

    @staticmethod
    def _split(text: str) -> list[str]:
        return [clean_single_line(p) for p in text.replace("،", ",").split(",") if p.strip()]

    def _has(self, name: str) -> bool:
        key = normalize_for_search(name)
        return any(normalize_for_search(tag) == key for tag in self._tags)

    def _add(self, name: str) -> None:
        name = clean_single_line(name)
        if name and not self._has(name):
            self._tags.append(name)

    def _rebuild(self) -> None:
        while (item := self.flow.takeAt(0)) is not None:
            if item.widget() is not None:
                item.widget().deleteLater()
        for tag in self._tags:
            chip = QToolButton()
            chip.setText(f"{tag}  ✕")
            chip.setToolTip(_("Remove “{name}”").format(name=isolate(tag)))
            chip.setAccessibleName(_("Remove “{name}”").format(name=isolate(tag)))
            theme.style(chip, theme.Style.CHIP)
            chip.setCursor(Qt.CursorShape.PointingHandCursor)
            chip.clicked.connect(lambda _checked=False, name=tag: self.remove(name))
            self.flow.addWidget(chip)
        self.chips.setVisible(bool(self._tags))
        self.chips.updateGeometry()
