"""Left-to-right values (paths, phones, e-mails, web addresses) readable in a right-to-left window.

Text that goes *inside words* is isolated with ``assocdesk.text.bidi`` (``isolate``,
``format_isolated``, ``isolate_path``): labels, completions, tooltips, the status bar, message
boxes. A field whose whole text is such a value cannot carry invisible isolates (its text is read
back and saved), so its own direction is set instead, with :func:`left_to_right_value`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit


def left_to_right_value(edit: QLineEdit) -> QLineEdit:
    """A field for a path, phone, e-mail or web address: its text is laid out left to right in
    any window («/tmp/demo.sqlite3», not «tmp/demo.sqlite3/»). While it is empty it keeps the
    window's direction, so a placeholder in Arabic words still reads right to left."""

    def follow(text: str) -> None:
        if text:
            edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        else:
            edit.unsetLayoutDirection()

    edit.textChanged.connect(follow)
    follow(edit.text())
    return edit
