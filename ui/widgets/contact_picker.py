"""Choose a donor by typing part of their name in any spelling (search-as-you-type)."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from assocdesk.i18n import _
from assocdesk.services import contacts
from assocdesk.services.common import ListQuery
from assocdesk.text.bidi import isolate_ltr
from ui.context import AppContext

SUGGESTIONS = 15


class ContactPicker(QLineEdit):
    contact_changed = Signal(object)  # contact id or None

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.contact_id: int | None = None
        self._choices: dict[str, int] = {}
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # The service already matched every spelling: show all it found, do not filter again.
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.activated.connect(self._chosen)
        self.setCompleter(completer)
        self.setPlaceholderText(_("Type part of the donor's name or phone"))
        self.textEdited.connect(self._typed)

    def _typed(self, text: str) -> None:
        self._set(None)
        page = self.context.read(
            lambda s: contacts.list_contacts(s, ListQuery(search=text), limit=SUGGESTIONS)
        )
        self._choices = {}
        for row in page.rows:
            details = " · ".join(filter(None, (row.city, isolate_ltr(row.phone))))
            label = f"{row.name} · {details}" if details else row.name
            self._choices[f"{label} (#{row.id})"] = row.id
        self._model.setStringList(list(self._choices))
        if self._choices:
            self.completer().complete()

    def _chosen(self, text: str) -> None:
        self._set(self._choices.get(text))

    def _set(self, contact_id: int | None) -> None:
        if contact_id != self.contact_id:
            self.contact_id = contact_id
            self.contact_changed.emit(contact_id)

    def set_contact(self, contact_id: int | None, name: str = "") -> None:
        self.setText(name)
        self._set(contact_id)
