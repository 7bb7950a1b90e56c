"""Ctrl+I on a list whose rows are people, or name one (a gift's donor): the person's card.

A mixin for the list pages that have it (Contacts, Members, Volunteers, Donations), so the
shape every list shares (list_page) stays about lists.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from assocdesk.i18n import _
from ui.widgets.shortcut_tip import PERSON_CARD, shortcut_tooltip


class PersonCardAction:
    """Give the page a "Person card" action (its More menu, Ctrl+I); ``person_of`` says whom a
    row is about."""

    def install_person_card(self) -> None:
        """The card itself (its module and its sections') is imported when first opened."""
        page = self  # a ListPage
        QShortcut(QKeySequence(PERSON_CARD), page, self.open_person_card)  # type: ignore[arg-type]
        self.card_action = page.add_more_action(  # type: ignore[attr-defined]
            _("Person card"),
            self.open_person_card,
            shortcut_tooltip(_("Everything about the selected person in one window"), PERSON_CARD),
        )
        self.card_action.setObjectName("person_card")

    def person_of(self, record_id: int) -> int | None:
        """The contact a row is about (None: nobody, an anonymous gift)."""
        raise NotImplementedError

    def open_person_card(self) -> QWidget | None:
        """The selected row's person card; the card already open for them is raised."""
        from ui.person_cards import open_person_card

        page = self
        record_id = page.selected_id()  # type: ignore[attr-defined]
        if record_id is None:
            page.show_message(_("Select a person first."))  # type: ignore[attr-defined]
            return None
        contact_id = self.person_of(record_id)
        if contact_id is None:
            page.show_message(_("This gift is anonymous: it has no person card."))  # type: ignore[attr-defined]
            return None
        return open_person_card(page.context, contact_id, page.window())  # type: ignore[attr-defined]
