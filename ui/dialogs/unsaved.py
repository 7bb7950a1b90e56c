"""What a form holds, so that nothing typed is lost: its fields' state, the first field to type
in, and the one question asked before discarding.

A form compares the state of its fields now with their state when it opened, rather than
listening to every widget's change signal: a value typed then put back is no change, and a new
kind of input inside a field is covered as soon as it is a standard Qt input.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from assocdesk.i18n import _

# The inputs a person types in or chooses with; the first one of a form gets the focus.
TYPING_INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox)


def _inputs(fields: Iterable[QWidget]) -> list[QWidget]:
    """Each field and the widgets inside it, in the order they were made."""
    found: list[QWidget] = []
    for field in fields:
        found.append(field)
        found.extend(field.findChildren(QWidget))
    return found


def _value(widget: QWidget) -> object:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return (widget.currentIndex(), widget.currentText())
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        return widget.isChecked()
    tags = getattr(widget, "tags", None)  # a tag picker keeps its chips outside any input
    return tuple(tags()) if callable(tags) else None


def input_state(fields: Iterable[QWidget]) -> tuple[object, ...]:
    """A value to compare: equal while nothing in ``fields`` was changed."""
    return tuple(_value(widget) for widget in _inputs(fields))


def _is_editable(widget: QWidget, window: QWidget) -> bool:
    if not isinstance(widget, TYPING_INPUTS):
        return False
    if not widget.isEnabled() or not widget.isVisibleTo(window):
        return False
    if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
        return False
    read_only = getattr(widget, "isReadOnly", None)
    return not (callable(read_only) and read_only())


def first_input(fields: Iterable[QWidget], window: QWidget) -> QWidget | None:
    """The first field a person can type in or choose from, in the form's order."""
    return next((w for w in _inputs(fields) if _is_editable(w, window)), None)


def ask_discard(parent: QWidget) -> bool:
    """Ask "Discard your changes?"; True if the person chose Discard. Keep editing is the
    default and the answer to Esc, so a second Esc never loses anything."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(parent.window().windowTitle())
    box.setText(_("Discard your changes?"))
    box.setInformativeText(_("What you changed in this form has not been saved."))
    discard = box.addButton(_("Discard"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(_("Keep editing"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard
