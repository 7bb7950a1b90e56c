"""Tooltips that say what an action does and its shortcut: "New member (Ctrl+N)".

A tooltip that is only "Ctrl+N" or "Del" says nothing of what happens, and in English at that
(issue 20). The shortcut is written the way Qt writes it for this system and language, and kept
whole (left to right) inside an Arabic sentence.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence

from assocdesk.i18n import _
from assocdesk.text.bidi import isolate_ltr

# The person card's key ("information"), bound by lists and pickers alike; here, in a module
# every list imports anyway, so binding it does not import the card itself.
PERSON_CARD = "Ctrl+I"


def shortcut_text(shortcut: QKeySequence | QKeySequence.StandardKey | str) -> str:
    """The shortcut as this system names it ("Ctrl+N"); "" when there is none."""
    sequence = shortcut if isinstance(shortcut, QKeySequence) else QKeySequence(shortcut)
    native = sequence.toString(QKeySequence.SequenceFormat.NativeText)
    portable = sequence.toString(QKeySequence.SequenceFormat.PortableText)
    # Qt's Arabic catalog drops the "+" ("CtrlN"): the portable form is then the readable one.
    return portable if "+" in portable and "+" not in native else native


def shortcut_tooltip(what: str, shortcut: QKeySequence | QKeySequence.StandardKey | str) -> str:
    """ "New member (Ctrl+N)"; just ``what`` when the shortcut is empty."""
    keys = shortcut_text(shortcut)
    if not keys:
        return what
    return _("{action} ({shortcut})").format(action=what, shortcut=isolate_ltr(keys))


def describe(action: QAction, what: str | None = None) -> QAction:
    """Give ``action`` its tooltip from ``what`` (else its own text, without "&") and its
    shortcut; returns the action for chaining."""
    label = what if what is not None else action.text().replace("&", "")
    action.setToolTip(shortcut_tooltip(label, action.shortcut()))
    action.setStatusTip(label)
    return action
