"""Opening a person's card from anywhere: the one entry point, and the documents it offers.

:func:`open_person_card` keeps one card per person: asked for someone whose card is open, it
raises that card instead of opening a second. Pages, menus and the main window call it (Ctrl+I,
:data:`SHORTCUT`); a dialog or widget below them (a contact picker) asks through its owner.
The card's documents are the usual previews (ui.documents, ui.dues_documents), handed to the
card here, above ui.dialogs, so that no import goes back down and up again.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget

from assocdesk.i18n import _
from assocdesk.text.bidi import isolate
from ui import documents
from ui.dialogs.person_card import PersonCard
from ui.dialogs.preview_dialog import PreviewDialog
from ui.widgets import screen_fit
from ui.widgets.shortcut_tip import PERSON_CARD

if TYPE_CHECKING:
    from ui.context import AppContext

SHORTCUT = QKeySequence(PERSON_CARD)  # what lists and pickers bind to the card

_open_cards: dict[int, PersonCard] = {}  # contact id → its card, while it is open


def file_safe(name: str, fallback: str) -> str:
    """A file name any file system takes, the person's name kept (as the lists' exports do)."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", name).strip() or fallback


class PreviewDocuments:
    """The card's documents, each opened in the preview the lists open it in."""

    def __init__(self, context: AppContext) -> None:
        self.context = context

    def statement(
        self, parent: QWidget, contact_id: int, name: str, year: int, language: str | None
    ) -> PreviewDialog | None:
        return documents.preview_report(
            parent,
            documents.statement_renderer(self.context, contact_id, year),
            language,
            _("Yearly statement {year} — {name}").format(year=year, name=isolate(name)),
            f"{year} — {file_safe(name, 'statement')}.pdf",
        )

    def certificate(
        self, parent: QWidget, contact_id: int, name: str, year: int, language: str | None
    ) -> PreviewDialog | None:
        return documents.preview_report(
            parent,
            documents.certificate_renderer(self.context, contact_id, year),
            language,
            _("Volunteering certificate {year} — {name}").format(year=year, name=isolate(name)),
            f"{year} — {file_safe(name, 'certificate')}.pdf",
        )

    def member_card(self, parent: QWidget, membership_id: int, year: int) -> PreviewDialog | None:
        from ui.dues_documents import preview_cards

        return preview_cards(parent, self.context, [membership_id], year)

    def personal_data(self, parent: QWidget, contact_id: int, name: str) -> PreviewDialog | None:
        from assocdesk.reports.subject_access import render_subject_access

        pdf = documents.produce(
            parent, lambda: self.context.read(lambda s: render_subject_access(s, contact_id))
        )
        if pdf is None:
            return None
        title = _("{name} — personal data").format(name=isolate(name))
        file_name = _("{name} — personal data").format(name=file_safe(name, "contact"))
        return documents.open_preview(parent, pdf, title, f"{file_name}.pdf")


def open_person_card(
    context: AppContext, contact_id: int, parent: QWidget | None = None
) -> PersonCard:
    """Show ``contact_id``'s card: the one already open for them, raised, or a new one
    (non-modal, deleted when closed). ``parent``: the window it belongs to (closed with it)."""
    card = _open_cards.get(contact_id)
    if card is not None and shiboken6.isValid(card) and card.isVisible():
        card.raise_()
        card.activateWindow()
        return card
    card = PersonCard(context, contact_id, parent, PreviewDocuments(context))
    card.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _open_cards[contact_id] = card
    card.finished.connect(lambda _result: _forget(contact_id, card))
    card.show()
    screen_fit.keep_inside_screen(card)
    return card


def _forget(contact_id: int, card: PersonCard) -> None:
    if _open_cards.get(contact_id) is card:
        del _open_cards[contact_id]
