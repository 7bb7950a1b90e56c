"""Undo in the window: what can be undone, the Undo button beside a message, Ctrl+Z.

A command that can be undone is written with :func:`write` (instead of ``commands.write``): it
runs the same way, then asks the core (assocdesk.services.undo) whether the audit events it
wrote can be undone, and keeps an :class:`Offer` on the context's :class:`UndoHistory`. A page
shows the offer's message with an Undo button (:class:`UndoPrompt`); Ctrl+Z does the same while
the button is shown: in the main window through Edit → Undo (ui.menus.offer_undo, which owns
the key there), elsewhere (a dialog, a bare page) through the prompt's own shortcut.

An undo runs through ``commands.write`` like any change, so lists refresh from its Changes; one
the core refuses (the record changed since, or is gone) says why in the message line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from sqlalchemy.orm import Session

from assocdesk.errors import UserError
from assocdesk.i18n import _
from assocdesk.services import undo as undo_service
from assocdesk.services.changes import Changes
from assocdesk.text.bidi import isolate
from ui import commands
from ui.context import AppContext
from ui.widgets.shortcut_tip import shortcut_tooltip

T = TypeVar("T")
KEEP = 20  # offers kept for Edit → Undo, newest last


@dataclass(frozen=True, eq=False)
class Offer:
    """One command that can be undone: what the message said, and what to say once undone."""

    command: undo_service.Undoable
    done: str
    undone: str


def undone_message(kind: str, name: str) -> str:
    """What the message line says once a command of ``kind`` about ``name`` is undone."""
    texts = {
        undo_service.ARCHIVE: _("Undone: {name} is no longer archived."),
        undo_service.RESTORE: _("Undone: {name} is archived again."),
        undo_service.EDIT: _("Undone: the changes to {name} were reverted."),
        undo_service.ASSIGN: _("Undone: {name} is no longer on the activity."),
        undo_service.UNASSIGN: _("Undone: {name} is back on the activity."),
        undo_service.POSTED: _("Undone: no longer marked as posted on {name}."),
    }
    return texts[kind].format(name=isolate(name))


class UndoHistory(QObject):
    """The offers of one context (one database), newest last, and the newest command's
    Changes (a form's Save is written by the form; its page offers the undo after)."""

    changed = Signal()

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.offers: list[Offer] = []
        self.last_changes = Changes()
        context.data_changed.connect(self._published)
        context.database_replaced.connect(self.clear)

    def _published(self, changes: Changes) -> None:
        self.last_changes = changes

    def push(self, offer: Offer) -> None:
        self.offers = [*self.offers, offer][-KEEP:]
        self.changed.emit()

    def forget(self, offer: Offer) -> None:
        if offer in self.offers:
            self.offers.remove(offer)
            self.changed.emit()

    def clear(self) -> None:
        self.offers = []
        self.changed.emit()

    def last(self) -> Offer | None:
        return self.offers[-1] if self.offers else None


def history(context: AppContext) -> UndoHistory:
    """The context's history (made the first time it is asked for)."""
    found = context.findChild(UndoHistory)
    return found if found is not None else UndoHistory(context)


def last_undoable(context: AppContext) -> Offer | None:
    """The newest offer not yet undone (None: nothing)."""
    return history(context).last()


def offer_changes(
    context: AppContext, changes: Changes, done: str, undone: Callable[[str], str]
) -> Offer | None:
    """An offer for the command that wrote ``changes``, if the core says it can be undone;
    ``undone(kind)`` is the message once it is."""
    event_ids = undo_service.event_ids_of(changes)
    if not event_ids:
        return None
    command = context.read(lambda s: undo_service.undoable(s, event_ids))
    if command is None:
        return None
    offer = Offer(command, done, undone(command.kind))
    history(context).push(offer)
    return offer


def write(
    context: AppContext,
    command: Callable[[Session], T],
    done: str,
    undone: Callable[[str], str],
) -> tuple[T, Offer | None]:
    """``commands.write(context, command)``, and the offer to undo it (None if it cannot be)."""
    op = commands.CommandOp(context, commands.in_transaction(context.db, command))
    result = op.run()
    return result, offer_changes(context, op.changes, done, undone)


def offer_saved_edit(context: AppContext, name: str) -> Offer | None:
    """The offer to undo the edit a form just saved (its Changes were the last published)."""
    return offer_changes(
        context,
        history(context).last_changes,
        _("Changes to {name} saved.").format(name=isolate(name)),
        lambda kind: undone_message(kind, name),
    )


def undo(context: AppContext, offer: Offer) -> tuple[bool, str]:
    """Undo ``offer``: (True, what was undone) or (False, why it was refused)."""
    history(context).forget(offer)
    try:
        commands.write(context, lambda s: undo_service.undo(s, offer.command))
    except UserError as exc:
        return False, exc.message or str(exc)
    return True, offer.undone


class UndoPrompt(QObject):
    """The Undo button beside one message line, and Ctrl+Z while it shows.

    In the main window Ctrl+Z is Edit → Undo's (ui.menus.offer_undo: two shortcuts of one key
    would cancel out); on a page or dialog outside it, the prompt's own shortcut.
    """

    def __init__(
        self,
        context: AppContext,
        host: QWidget,
        button: QPushButton | QLabel,
        show: Callable[[str], object],
    ) -> None:
        """``button``: a push button, or a label that shows "Undo" as a link."""
        super().__init__(host)
        self.context, self.host, self.button, self._show = context, host, button, show
        self.offer: Offer | None = None
        self._in_menu = False
        self._handler: Callable[[], object] = self.trigger  # one object: withdrawn by identity
        button.setObjectName("undo")
        button.setToolTip(shortcut_tooltip(_("Undo"), QKeySequence(QKeySequence.StandardKey.Undo)))
        if isinstance(button, QPushButton):
            button.setText(_("Undo"))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False: self.trigger())
        else:
            button.setText(f'<a href="undo">{escape(_("Undo"))}</a>')
            button.setTextInteractionFlags(
                Qt.TextInteractionFlag.LinksAccessibleByMouse
                | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
            )
            button.linkActivated.connect(lambda _link: self.trigger())
        button.hide()
        self.shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), host)
        self.shortcut.setEnabled(False)
        self.shortcut.activated.connect(self.trigger)
        history(context)  # listening from now: a form's saved edit is offered from its Changes

    def set_offer(self, offer: Offer | None) -> None:
        from ui import menus  # the window's menu bar, asked only when there is something to say

        if self.offer is not None and offer is None:
            menus.withdraw_undo(self.host, self._handler)
        self.offer = offer
        self._in_menu = offer is not None and menus.offer_undo(self.host, self._handler, offer.done)
        self.button.setVisible(offer is not None)
        self.shortcut.setEnabled(offer is not None and not self._in_menu)

    def trigger(self) -> str | None:
        """Undo what the message says; show what was undone (or why not)."""
        offer = self.offer
        if offer is None:
            return None
        self.set_offer(None)
        _done, message = undo(self.context, offer)
        self._show(message)
        return message


class LabelPrompt(UndoPrompt):
    """An UndoPrompt for a message label that must not move (the Posts page's): "Undo", a link,
    floats at the label's end (no layout changes, nothing moves), and goes when the label says
    something else."""

    def __init__(
        self, context: AppContext, host: QWidget, label: QLabel, show: Callable[[str], object]
    ) -> None:
        self.label = label
        self._text = ""
        super().__init__(context, host, QLabel(label), show)
        label.installEventFilter(self)

    def set_offer(self, offer: Offer | None) -> None:
        self._text = self.label.text()
        super().set_offer(offer)
        if offer is not None:
            self._place()

    def _place(self) -> None:
        self.button.adjustSize()
        size = self.button.sizeHint()
        x = 0 if self.label.isRightToLeft() else self.label.width() - size.width()
        self.button.setGeometry(max(0, x), 0, size.width(), min(size.height(), self.label.height()))
        self.button.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.label:
            if event.type() == QEvent.Type.Resize:
                self._place()
            elif (
                event.type() == QEvent.Type.Paint
                and self.offer is not None
                and self.label.text() != self._text  # another message took its place
            ):
                self.set_offer(None)
        return False
