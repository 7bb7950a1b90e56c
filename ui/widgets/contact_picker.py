"""Choose a person by typing part of their name in any spelling (search-as-you-type).

Someone new is recorded from here, without leaving the form: "New donor…" (the owner names it)
opens a short contact form filled with what was typed, and selects the person once saved. A name
that matches nobody followed by Enter offers the same. The owner hands the picker that form
(ui.dialogs.quick_contact.new_contact_form), since widgets sit below the dialogs. The people the
owner deems likely (for a donation: the donors of the last gifts entered) are listed first, and
on their own when the field is entered empty.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QRect, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFocusEvent, QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QCompleter, QDialog, QLineEdit, QToolButton, QWidget
from sqlalchemy.orm import Session

from assocdesk.i18n import _
from assocdesk.services import contacts
from assocdesk.services.common import ListQuery
from assocdesk.services.contacts import ContactRow
from assocdesk.text.bidi import isolate_ltr
from ui.context import AppContext
from ui.widgets.shortcut_tip import PERSON_CARD, shortcut_tooltip

SUGGESTIONS = 15
NEW_SHORTCUT = "Ctrl+N"
NEW_ENTRY = -1  # the completion entry "New donor «…»", not a contact id

Likely = Callable[[Session], list[int]]  # the ids to list first, most likely first
# (what was typed, parent) → the short contact form, not yet open; its ``chosen`` Signal(int)
# gives the person recorded (or picked among the likely duplicates).
NewForm = Callable[[str, QWidget], QDialog]

# Focus handed back by a closing popup or menu is not the person arriving in the field. (A
# form's first field gets its focus when the window activates: that reason counts.)
NOT_ARRIVALS = (Qt.FocusReason.PopupFocusReason, Qt.FocusReason.MenuBarFocusReason)


class ContactPicker(QLineEdit):
    contact_changed = Signal(object)  # contact id or None

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        new_label: str | None = None,
        new_form: NewForm | None = None,
        likely: Likely | None = None,
    ) -> None:
        """``new_form`` records someone new (none: the picker only chooses), offered under
        ``new_label`` ("New donor…"; default "New person…"); ``likely`` gives the people to
        list first."""
        super().__init__(parent)
        self.context = context
        self.contact_id: int | None = None
        self.likely = likely
        self.new_label = new_label or _("New person…")
        self.new_form = new_form
        self.quick: QDialog | None = None  # the short contact form, while open
        self._choices: dict[str, int] = {}
        self._typed_text = ""
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # The service already matched every spelling: show all it found, do not filter again.
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(SUGGESTIONS + 1)
        completer.activated.connect(self._chosen)
        self.setCompleter(completer)
        self.setPlaceholderText(_("Type part of the donor's name or phone"))
        self.textEdited.connect(self._typed)

        self.new_action = QAction(self.new_label, self)
        self.new_action.setObjectName("new_contact")
        self.new_action.setIconText(self.new_label)  # a button would drop the "…"
        self.new_action.setShortcut(QKeySequence(NEW_SHORTCUT))
        self.new_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.new_action.setToolTip(
            shortcut_tooltip(_("Record someone new with what is typed here"), NEW_SHORTCUT)
        )
        self.new_action.triggered.connect(lambda _checked=False: self.offer_new())
        self.new_action.setVisible(new_form is not None)
        self.addAction(self.new_action)
        self.card_action = QAction(_("Card"), self)
        self.card_action.setObjectName("person_card")
        self.card_action.setShortcut(QKeySequence(PERSON_CARD))
        self.card_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.card_action.setToolTip(
            shortcut_tooltip(_("Open the chosen person's card"), PERSON_CARD)
        )
        self.card_action.setEnabled(False)
        self.card_action.triggered.connect(lambda _checked=False: self.open_card())
        self.addAction(self.card_action)
        self.contact_changed.connect(lambda chosen: self.card_action.setEnabled(chosen is not None))

    def new_button(self) -> QToolButton:
        """A button for the owner's layout, beside the field, running ``new_action``."""
        button = QToolButton()
        button.setObjectName("new_contact_button")
        button.setDefaultAction(self.new_action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        # Out of the Tab chain (the shortcut is on the field): Tab goes from the name on.
        button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        return button

    def card_button(self) -> QToolButton:
        """A button for the owner's layout, beside the field: the chosen person's card."""
        button = QToolButton()
        button.setObjectName("person_card_button")
        button.setDefaultAction(self.card_action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        return button

    def open_card(self) -> None:
        if self.contact_id is not None:
            self.context.person_card_requested.emit(self.contact_id, self.window())

    # -- suggestions -----------------------------------------------------------------------
    def _typed(self, text: str) -> None:
        self._set(None)
        self._typed_text = text
        if not text.strip():
            self.show_likely()
            return
        likely = self.likely

        def read(session: Session) -> tuple[list[ContactRow], list[int]]:
            page = contacts.list_contacts(session, ListQuery(search=text), limit=SUGGESTIONS)
            return list(page.rows), likely(session) if likely is not None else []

        rows, first = self.context.read(read)
        rank = {contact_id: place for place, contact_id in enumerate(first)}
        rows.sort(key=lambda row: rank.get(row.id, len(rank)))  # stable: the search's order after
        self._offer(rows, new_entry=True)

    def show_likely(self) -> bool:
        """List the likely people (the field is empty); False when there are none."""
        likely = self.likely
        if likely is None or self.text().strip() or not self.isEnabled():
            return False
        rows = self.context.read(lambda s: contacts.rows(s, likely(s)))
        self._offer(rows, new_entry=False)
        return bool(rows)

    def _offer(self, rows: Sequence[ContactRow], *, new_entry: bool) -> None:
        self._choices = {}
        for row in rows:
            details = " · ".join(filter(None, (row.city, isolate_ltr(row.phone))))
            label = f"{row.name} · {details}" if details else row.name
            self._choices[f"{label} (#{row.id})"] = row.id
        # Nobody matches: the list offers to record them (Enter does too). When someone does,
        # the button and the shortcut still record another person of that name.
        if new_entry and not rows and self.new_form is not None and self._typed_text.strip():
            entry = _("{action} «{name}»").format(
                action=self.new_label, name=self._typed_text.strip()
            )
            self._choices[entry] = NEW_ENTRY
        self._model.setStringList(list(self._choices))
        if self._choices:
            self.completer().complete(self._popup_rect())
        else:
            self.completer().popup().hide()

    def _popup_rect(self) -> QRect:
        """Under the field, as wide as its longest suggestion (names and cities are not cut),
        within the window; a right-to-left field's list grows to the left."""
        popup = self.completer().popup()
        wanted = popup.sizeHintForColumn(0) + popup.verticalScrollBar().sizeHint().width() + 8
        width = max(self.width(), min(wanted, self.window().width()))
        left = self.width() - width if self.isRightToLeft() else 0
        return QRect(left, 0, width, self.height())

    def suggestions(self) -> list[str]:
        """What the list offers now, in order (the last may be the "New …" entry)."""
        return list(self._choices)

    def _chosen(self, text: str) -> None:
        chosen = self._choices.get(text)
        if chosen == NEW_ENTRY:
            # The completer writes the entry's text in the field after this: put back what was
            # typed, then open the form, once it is done.
            typed = self._typed_text
            QTimer.singleShot(0, lambda: self._new_from(typed))
            return
        self._set(chosen)

    def _new_from(self, typed: str) -> None:
        self.setText(typed)
        self.offer_new()

    def _set(self, contact_id: int | None) -> None:
        if contact_id != self.contact_id:
            self.contact_id = contact_id
            self.contact_changed.emit(contact_id)

    def set_contact(self, contact_id: int | None, name: str = "") -> None:
        self.setText(name)
        self._set(contact_id)

    def choose(self, contact_id: int) -> None:
        """Select ``contact_id``, shown by its name (after it was recorded from here)."""
        rows = self.context.read(lambda s: contacts.rows(s, [contact_id]))
        self.set_contact(contact_id, rows[0].name if rows else "")
        self.completer().popup().hide()

    # -- someone new -------------------------------------------------------------------------
    def offer_new(self) -> QDialog | None:
        """Open the short contact form, filled from what was typed; None if not now."""
        if self.new_form is None or not self.isEnabled() or self.quick is not None:
            return None
        typed = "" if self.contact_id is not None else self.text()
        self.completer().popup().hide()
        dialog = self.new_form(typed, self.window())
        dialog.chosen.connect(self.choose)
        dialog.finished.connect(self._quick_closed)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.quick = dialog
        dialog.open()  # window-modal over the form, returns at once
        return dialog

    def _quick_closed(self, _result: int) -> None:
        self.quick = None
        if self.contact_id is None:  # nobody chosen: back to the name, to type again
            self.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    # -- keys and focus ----------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        popup = self.completer().popup()
        chosen_in_list = popup.isVisible() and popup.currentIndex().isValid()
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not chosen_in_list and self._offers_new_on_enter():
            event.accept()
            self.offer_new()
            return
        if key == Qt.Key.Key_Down and not popup.isVisible() and self.show_likely():
            event.accept()
            return
        super().keyPressEvent(event)

    def _offers_new_on_enter(self) -> bool:
        """A name typed that is nobody chosen: Enter records it rather than saving the form."""
        return self.new_form is not None and self.contact_id is None and bool(self.text().strip())

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if event.reason() not in NOT_ARRIVALS and self.likely is not None and not self.text():
            QTimer.singleShot(0, self._likely_if_still_here)

    def _likely_if_still_here(self) -> None:
        if self.hasFocus() and not self.text() and self.quick is None:
            self.show_likely()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        if not self.text() and not self.completer().popup().isVisible():
            self.show_likely()
