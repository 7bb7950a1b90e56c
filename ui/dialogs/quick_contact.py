"""Record someone new from a picker, without leaving the form that needed them.

A gift from someone not yet recorded used to mean: cancel the donation, go to Contacts, create
the person, come back and type it all again. This short form opens over the donation form (or
any form with a contact picker), filled with what was typed in the picker (a phone number or an
e-mail among the words goes to its own field), with the contact form's own fields, rules and
duplicate hint. The rows a receipt rarely needs at the counter are one click away ("More
details"), never dropped: they keep their defaults and their error lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QWidget
from sqlalchemy.orm import Session

from assocdesk.i18n import _
from assocdesk.services import contacts
from ui import commands
from ui.context import AppContext
from ui.dialogs.contact_fields import ContactFields
from ui.dialogs.record_dialog import RecordDialog
from ui.widgets.duplicate_hint import DuplicateHint

# Rows shown only after "More details": the short form asks what a receipt and a call need.
DETAIL_ROWS = ("country", "preferred_language", "identity", "date_of_birth", "consent", "notes")
PHONE_TOKEN = re.compile(r"^\+?[\d().\-/]+$")
MIN_PHONE_DIGITS = 6


def split_typed(text: str) -> tuple[str, str, str]:
    """(name, phone, e-mail) from what was typed in a picker: "Fatima 06 12 34 56 78" gives
    the name and the phone; a word with "@" is the e-mail. Digits too few for a phone stay in
    the name (someone typed "Ahmed 2")."""
    name: list[str] = []
    phone: list[str] = []
    email = ""
    for word in text.split():
        if "@" in word and not email:
            email = word
        elif PHONE_TOKEN.match(word) and any(c.isdigit() for c in word):
            phone.append(word)
        else:
            name.append(word)
    number = " ".join(phone)
    if sum(c.isdigit() for c in number) < MIN_PHONE_DIGITS:
        return " ".join(name + phone), "", email
    return " ".join(name), number, email


class ChoosingHint(DuplicateHint):
    """The contact form's duplicate hint, whose names choose that person for the picker
    instead of opening their record."""

    def setText(self, text: str) -> None:
        opens = escape(_("Click a name to open that record instead."))
        super().setText(text.replace(opens, escape(_("Click a name to choose that person."))))


class QuickContactDialog(RecordDialog):
    """The short form; ``chosen`` gives the person for the picker: the new contact once saved
    (``saved`` too), or one picked from the duplicate hint instead (nothing is then written)."""

    chosen = Signal(int)

    def __init__(
        self,
        context: AppContext,
        typed: str = "",
        title: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, title or _("New person"), parent)
        self.setObjectName("quick_contact")
        self.contact = ContactFields(self, hint_type=ChoosingHint)
        hint = self.contact.hint
        hint.open_requested.disconnect(self.contact.open_existing)
        hint.open_requested.connect(self.choose_existing)
        self.saved.connect(self.chosen)
        self.more = QCheckBox(_("More details"))
        self.more.setObjectName("more_details")
        self.more.setToolTip(
            _("Country, language, identity document, date of birth, consents and notes")
        )
        self.more.toggled.connect(self.show_details)
        self.form.addRow(self.more)
        self.show_details(False)
        name, phone, email = split_typed(typed)
        self.contact.name.setText(name)
        self.contact.phone.setText(phone)
        self.contact.email.setText(email)
        # The first thing still to type: with the name given, the phone (Enter saves from it).
        self.first_field = self.contact.phone if name and not phone else self.contact.name
        if typed.strip():
            hint.check()  # someone already recorded under that name is said at once

    def show_details(self, shown: bool) -> None:
        for name in DETAIL_ROWS:
            self.set_field_visible(name, shown)

    def show_errors(self, errors: dict[str, str]) -> None:
        hidden = {self.error_aliases.get(f, f) for f in errors} & set(DETAIL_ROWS)
        if hidden:  # an error on a folded row: unfold, so it is seen beside its field
            self.more.setChecked(True)
        super().show_errors(errors)

    def choose_existing(self, contact_id: int) -> None:
        """The person was already recorded: use them, record nothing."""
        self.chosen.emit(contact_id)
        self.reject()

    def save(self) -> int:
        data = self.contact.value()

        def create(session: Session) -> int:
            contact = contacts.create(session, data)
            session.flush()  # its id, read before the commit
            return contact.id

        return commands.write(self.context, create)


def new_contact_form(
    context: AppContext, title: str | None = None
) -> Callable[[str, QWidget], QuickContactDialog]:
    """What a form hands its contact picker to record someone new there (title: "New donor")."""
    return lambda typed, parent: QuickContactDialog(context, typed, title, parent)
