"""The contact part of a form, shared by the contact, member and volunteer dialogs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from assocdesk import labels
from assocdesk.i18n import _
from assocdesk.models import Contact, ContactKind
from assocdesk.services.contacts import ContactInput
from ui.dialogs.record_dialog import RecordDialog
from ui.widgets.duplicate_hint import DuplicateHint
from ui.widgets.fields import choice_box, language_choices, left_to_right, select_data


class ContactFields:
    """Adds the contact rows to ``dialog``; field names match the service's error keys."""

    def __init__(self, dialog: RecordDialog, with_kind: bool = True) -> None:
        self.name = dialog.add_field("name", _("Name"), QLineEdit())
        self.name.setMaxLength(200)
        self.kind = choice_box(labels.choices("contact_kind"), ContactKind.PERSON)
        if with_kind:
            dialog.add_field("kind", _("Person or organization"), self.kind)
        self.phone = dialog.add_field("phone", _("Phone"), left_to_right(QLineEdit()))
        self.email = dialog.add_field("email", _("E-mail"), left_to_right(QLineEdit()))
        self.dialog = dialog
        self.opened: RecordDialog | None = None  # the existing record opened from the hint
        self.hint = DuplicateHint(dialog.context)
        self.hint.watch(self.name, self.phone, self.email)
        self.hint.open_requested.connect(self.open_existing)
        dialog.form.addRow(self.hint)
        self.address = dialog.add_field("address", _("Address"), QPlainTextEdit())
        self.address.setFixedHeight(60)
        self.city = dialog.add_field("city", _("City"), QLineEdit())
        self.country = dialog.add_field("country", _("Country code"), QLineEdit())
        self.country.setMaxLength(2)
        self.country.setPlaceholderText("MA, DZ, TN, EG …")
        self.language = choice_box([("", "—"), *language_choices()], "")
        dialog.add_field("preferred_language", _("Preferred language"), self.language)

        consent = QWidget()
        consent_layout = QVBoxLayout(consent)
        consent_layout.setContentsMargins(0, 0, 0, 0)
        self.is_minor = QCheckBox(_("Minor (under 18)"))
        self.publish_name = QCheckBox(_("Agrees to have their name published"))
        self.publish_photo = QCheckBox(_("Agrees to have their photo published"))
        self.may_contact = QCheckBox(_("May be contacted (messages, reminders)"))
        for box in (self.is_minor, self.publish_name, self.publish_photo, self.may_contact):
            consent_layout.addWidget(box)
        dialog.add_field("consent", _("Consent"), consent)
        self.notes = dialog.add_field("notes", _("Notes"), QPlainTextEdit())
        self.notes.setFixedHeight(60)

    def open_existing(self, contact_id: int) -> RecordDialog:
        """Leave this form (nothing saved) for the existing record the hint pointed at."""
        from ui.dialogs.contact_dialog import ContactDialog

        parent = self.dialog.parentWidget()
        context = self.dialog.context
        self.dialog.reject()
        existing = ContactDialog(context, contact_id, parent)
        existing.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        existing.open()
        self.opened = existing
        return existing

    def load(self, contact: Contact) -> None:
        self.hint.exclude_id = contact.id
        self.name.setText(contact.name)
        select_data(self.kind, contact.kind)
        self.phone.setText(contact.phone)
        self.email.setText(contact.email)
        self.address.setPlainText(contact.address)
        self.city.setText(contact.city)
        self.country.setText(contact.country)
        select_data(self.language, contact.preferred_language or "")
        self.is_minor.setChecked(contact.is_minor)
        self.publish_name.setChecked(contact.consent_publish_name)
        self.publish_photo.setChecked(contact.consent_publish_photo)
        self.may_contact.setChecked(contact.consent_contact)
        self.notes.setPlainText(contact.notes)

    def value(self) -> ContactInput:
        return ContactInput(
            name=self.name.text(),
            kind=self.kind.currentData(),
            phone=self.phone.text(),
            email=self.email.text(),
            address=self.address.toPlainText(),
            city=self.city.text(),
            country=self.country.text(),
            preferred_language=self.language.currentData() or None,
            is_minor=self.is_minor.isChecked(),
            consent_publish_name=self.publish_name.isChecked(),
            consent_publish_photo=self.publish_photo.isChecked(),
            consent_contact=self.may_contact.isChecked(),
            notes=self.notes.toPlainText(),
        )
