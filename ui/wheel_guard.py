"""The mouse wheel scrolls the form; it never changes a choice the person is not editing.

Qt gives a combo box or spin box the wheel's events (and the focus, by default) as soon as the
pointer passes over it, so scrolling a long form such as Settings silently changed the
language of documents. One filter on the application, installed once at start-up, covers every
such box the app makes: without the focus the wheel event is left for the scroll area behind.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QWidget

# QDateEdit and QDateTimeEdit are spin boxes too.
GUARDED = (QComboBox, QAbstractSpinBox)
# Every event of the app passes through the filter (~1 000 before the window first shows): the
# two kinds it acts on are compared by identity, without an enum lookup per event.
_POLISH = QEvent.Type.Polish
_WHEEL = QEvent.Type.Wheel


def _guarded_box(widget: QObject) -> QWidget | None:
    """The combo or spin box a wheel event over ``widget`` would change (its line edit's too)."""
    if isinstance(widget, GUARDED):
        return widget
    parent = widget.parent() if isinstance(widget, QWidget) else None
    return parent if isinstance(parent, GUARDED) else None


class WheelGuard(QObject):
    """Ignores wheel events over an unfocused combo or spin box, and keeps the wheel from
    giving them the focus (the first turn would otherwise focus them, the second change them)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind is _POLISH and isinstance(watched, GUARDED):
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        elif kind is _WHEEL:
            box = _guarded_box(watched)
            if box is not None and not box.hasFocus():
                event.ignore()  # handled here, not accepted: Qt passes it on to the parents
                return True
        return False


def install(app: QApplication) -> WheelGuard:
    """Install the guard on ``app`` once (it is the app's child); later calls return it."""
    guard = app.findChild(WheelGuard)
    if guard is None:
        guard = WheelGuard(app)
        app.installEventFilter(guard)
    return guard
