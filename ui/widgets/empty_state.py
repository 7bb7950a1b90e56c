"""What an empty list says in place of its blank table: what the page is for, and the two
actions that start it ("No members yet" — New member · Import…; "No member matches «x»" —
Clear search). One widget for every list; the page fills in its words and actions."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui import theme


class EmptyState(QWidget):
    """A title, one or two lines of explanation and up to two buttons, centred."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("empty_state")
        self.title = QLabel()
        self.title.setObjectName("empty_title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.text = QLabel()
        self.text.setObjectName("empty_text")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        theme.style(self.text, theme.Style.MUTED)
        self.first = QPushButton()
        self.first.setObjectName("empty_first")
        self.first.setDefault(True)
        self.second = QPushButton()
        self.second.setObjectName("empty_second")
        self._slots: dict[QPushButton, Callable[[], object] | None] = {
            self.first: None,
            self.second: None,
        }
        for button in (self.first, self.second):
            button.clicked.connect(lambda _checked=False, b=button: self._clicked(b))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.first)
        buttons.addWidget(self.second)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        layout.addStretch(2)

    def show_state(
        self,
        title: str,
        text: str,
        first: tuple[str, Callable[[], object]] | None = None,
        second: tuple[str, Callable[[], object]] | None = None,
    ) -> None:
        """Say ``title`` and ``text``; each action is (button label, what it does), or None."""
        self.title.setText(title)
        self.text.setText(text)
        self.text.setVisible(bool(text))
        for button, action in ((self.first, first), (self.second, second)):
            button.setVisible(action is not None)
            self._slots[button] = action[1] if action is not None else None
            if action is not None:
                button.setText(action[0])

    def _clicked(self, button: QPushButton) -> None:
        slot = self._slots.get(button)
        if slot is not None:
            slot()
