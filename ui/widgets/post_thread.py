"""A post too long for X, offered as a numbered thread: each part shown with its count and Copy.

The core cuts the thread (assocdesk.posts.x_thread) and guards it whole before cutting; this only
shows the parts in order, so the secretary posts part 1, then replies with part 2, and so on.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assocdesk.i18n import _, ngettext
from assocdesk.posts import counting
from assocdesk.posts.platforms import Platform


class ThreadView(QWidget):
    part_copied = Signal(int)  # the part's number, from 1

    def __init__(self, platform: Platform, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.platform = platform
        self.setObjectName("thread")
        self.caption = QLabel()
        self.caption.setObjectName("thread_caption")
        self.caption.setWordWrap(True)
        self.parts: list[QPlainTextEdit] = []
        self.copy_buttons: list[QPushButton] = []
        self._rows = QVBoxLayout()
        self._rows.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addLayout(self._rows)
        self.hide()

    def show_parts(self, parts: list[str], direction: Qt.LayoutDirection) -> None:
        while self._rows.count():
            item = self._rows.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.parts, self.copy_buttons = [], []
        self.setVisible(bool(parts))
        if not parts:
            return
        count = len(parts)
        self.caption.setText(
            ngettext(
                "Too long for one post: here it is as a thread of {count} part.",
                "Too long for one post: here it is as a thread of {count} parts.",
                count,
            ).format(count=count)
            + " "
            + _("Post the first part, then each next one as a reply.")
        )
        for number, text in enumerate(parts, start=1):
            self._rows.addWidget(self._row(number, text, direction))

    def _row(self, number: int, text: str, direction: Qt.LayoutDirection) -> QWidget:
        part = QPlainTextEdit(text)
        part.setObjectName(f"thread_part_{number}")
        part.setReadOnly(True)
        part.setLayoutDirection(direction)
        part.setMaximumHeight(110)
        counter = QLabel(
            _("{count} / {limit}").format(
                count=counting.count(text, self.platform.count), limit=self.platform.limit
            )
        )
        button = QPushButton(_("Copy part {number}").format(number=number))
        button.setObjectName(f"copy_part_{number}")
        button.clicked.connect(lambda: self.copy_part(number))
        side = QVBoxLayout()
        side.addWidget(counter)
        side.addWidget(button)
        side.addStretch(1)
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(part, 1)
        layout.addLayout(side)
        self.parts.append(part)
        self.copy_buttons.append(button)
        return row

    def copy_part(self, number: int) -> None:
        QGuiApplication.clipboard().setText(self.parts[number - 1].toPlainText())
        self.part_copied.emit(number)
