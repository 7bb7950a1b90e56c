"""New / edit a contact (a donor, a company, a partner): the Contacts page's form."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from assocdesk.i18n import _
from assocdesk.services import contacts
from assocdesk.services.common import Changes
from ui.context import AppContext
from ui.dialogs.contact_fields import ContactFields
from ui.dialogs.record_dialog import RecordDialog


class ContactDialog(RecordDialog):
    def __init__(
        self, context: AppContext, contact_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        title = _("New contact") if contact_id is None else _("Edit contact")
        super().__init__(context, title, parent)
        self.contact_id = contact_id
        self.contact = ContactFields(self)
        if contact_id is not None:
            context.read(lambda s: self.contact.load(contacts.get(s, contact_id)))

    def save(self) -> int:
        data = self.contact.value()
        if self.contact_id is None:
            record = self.context.run(lambda s: contacts.create(s, data), Changes.of("contacts"))
        else:
            contact_id = self.contact_id
            record = self.context.run(
                lambda s: contacts.update(s, contact_id, data), Changes.of("contacts")
            )
        return record.id
