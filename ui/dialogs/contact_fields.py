"""The contact part of a form, shared by the contact, member and volunteer dialogs."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from assocdesk import labels
from assocdesk.i18n import LANGUAGES, _, current_language
from assocdesk.journal_labels import as_local
from assocdesk.models import ContactKind
from assocdesk.models.contact import is_under_age
from assocdesk.services import contacts, recent_choices
from assocdesk.services.common import EARLIEST_DATE
from assocdesk.services.contacts import (
    ID_NUMBER_MAX,
    ContactDetails,
    ContactInput,
    age_on,
    id_kind_label,
    id_kinds_for,
)
from assocdesk.services.errors import EditConflict
from assocdesk.text.ages import age_text as age_text  # also the lists' (ui.models.minors)
from assocdesk.text.civility import GENDERS, civility
from assocdesk.text.locales import format_date
from ui import commands, theme
from ui.context import AppContext
from ui.dialogs.record_dialog import RecordDialog
from ui.widgets.duplicate_hint import DuplicateHint
from ui.widgets.fields import (
    OptionalDateEdit,
    choice_box,
    country_box,
    language_choices,
    left_to_right,
    select_data,
)


class ContactFields:
    """Adds the contact rows to ``dialog``; field names match the service's error keys."""

    def __init__(
        self,
        dialog: RecordDialog,
        with_kind: bool = True,
        hint_type: type[DuplicateHint] = DuplicateHint,
    ) -> None:
        """``hint_type``: the duplicate hint's class (a picker's short form says "choose")."""
        self.name = dialog.add_field("name", _("Name"), QLineEdit())
        self.name.setMaxLength(200)
        self.kind = choice_box(labels.choices("contact_kind"), ContactKind.PERSON)
        if with_kind:
            dialog.add_field("kind", _("Person or organization"), self.kind)
        self.gender = dialog.add_field("gender", _("Title (Mr, Mrs)"), title_box())
        self.phone = dialog.add_field("phone", _("Phone"), left_to_right(QLineEdit()))
        self.email = dialog.add_field("email", _("E-mail"), left_to_right(QLineEdit()))
        self.dialog = dialog
        self.opened: RecordDialog | None = None  # the existing record opened from the hint
        # The contact's version when loaded, sent back by value() (services.conflicts).
        self.version: int | None = None
        self.hint = hint_type(dialog.context)
        self.hint.watch(self.name, self.phone, self.email)
        self.hint.open_requested.connect(self.open_existing)
        dialog.form.addRow(self.hint)
        self.address = dialog.add_field("address", _("Address"), QPlainTextEdit())
        self.address.setFixedHeight(60)
        self.city = dialog.add_field("city", _("City"), QLineEdit())
        # A country by its name; new contacts start in the last one entered (see recent_choices).
        self.country = dialog.add_field(
            "country",
            _("Country"),
            country_box(dialog.context.read(recent_choices.contact_country)),
        )
        self.language = choice_box([("", "—"), *language_choices()], "")
        dialog.add_field("preferred_language", _("Preferred language"), self.language)

        # The identifier a receipt may state: its kind (offered by country and contact kind)
        # and number on one row; both report their errors under it.
        identity = QWidget()
        identity_layout = QHBoxLayout(identity)
        identity_layout.setContentsMargins(0, 0, 0, 0)
        self.id_kind = QComboBox()
        self.id_kind.setObjectName("id_kind")
        self.id_number = left_to_right(QLineEdit())
        self.id_number.setObjectName("id_number")
        self.id_number.setMaxLength(ID_NUMBER_MAX)
        self.id_number.setPlaceholderText(_("Number"))
        identity_layout.addWidget(self.id_kind)
        identity_layout.addWidget(self.id_number, 1)
        dialog.add_field("identity", _("Identity document"), identity)
        dialog.error_aliases.update(id_kind="identity", id_number="identity")
        self.refresh_id_kinds()
        self.kind.currentIndexChanged.connect(lambda _index: self.kind_changed())
        self.country.currentTextChanged.connect(lambda _text: self.refresh_id_kinds())
        self.kind_changed()

        self.date_of_birth = OptionalDateEdit(_("Known"), locale=dialog.context.locale)
        self.date_of_birth.edit.setMinimumDate(QDate(1000, 1, 1))  # the service says what is wrong
        self.age = QLabel()
        self.age.setObjectName("age")
        self.date_of_birth.layout().addWidget(self.age, 1)
        self.date_of_birth.enabled.toggled.connect(lambda _on: self.show_age())
        self.date_of_birth.edit.dateChanged.connect(lambda _day: self.show_age())
        dialog.add_field("date_of_birth", _("Date of birth"), self.date_of_birth)

        consent = QWidget()
        consent_layout = QVBoxLayout(consent)
        consent_layout.setContentsMargins(0, 0, 0, 0)
        self.is_minor = QCheckBox(_("Minor (under 18)"))
        self.publish_name = QCheckBox(_("Agrees to have their name published"))
        self.publish_photo = QCheckBox(_("Agrees to have their photo published"))
        self.may_contact = QCheckBox(_("May be contacted (messages, reminders)"))
        consent_layout.addWidget(self.is_minor)
        # When each consent was given or withdrawn, beside its box (filled in by load()).
        self.consent_dates: dict[str, QLabel] = {}
        for key, box in (
            ("consent_publish_name", self.publish_name),
            ("consent_publish_photo", self.publish_photo),
            ("consent_contact", self.may_contact),
        ):
            row = QHBoxLayout()
            row.addWidget(box)
            dated = QLabel()
            dated.setObjectName(f"{key}_at")
            theme.style(dated, theme.Style.MUTED)
            row.addWidget(dated, 1)
            consent_layout.addLayout(row)
            self.consent_dates[key] = dated
        dialog.add_field("consent", _("Consent"), consent)
        self.dialog = dialog
        self.notes = dialog.add_field("notes", _("Notes"), QPlainTextEdit())
        self.notes.setFixedHeight(60)

    def kind_changed(self) -> None:
        """An organization has no title; its identifiers are a company's (ICE, SIREN, RC …)."""
        self.dialog.set_field_visible("gender", self.kind.currentData() == ContactKind.PERSON)
        self.refresh_id_kinds()

    def refresh_id_kinds(self, keep: str | None = None) -> None:
        """Offer the identifiers of the contact's country and kind; a stored kind that is not
        among them stays listed, so loading and saving never changes it."""
        current = self.id_kind.currentData() if keep is None else keep
        codes = id_kinds_for(self.country.value(), self.kind.currentData())
        if current and current not in codes:
            codes.insert(-1, current)
        self.id_kind.blockSignals(True)
        self.id_kind.clear()
        self.id_kind.addItem("—", "")
        for code in codes:
            self.id_kind.addItem(id_kind_label(code), code)
        select_data(self.id_kind, current or "")
        self.id_kind.blockSignals(False)

    def show_age(self, today: date | None = None) -> str:
        """Beside the date of birth: a minor today or not, and the age («قاصر (12 سنة)»)."""
        text = age_status(self.date_of_birth.value(), today or date.today())
        self.age.setText(text)
        return text

    def open_existing(self, contact_id: int) -> RecordDialog:
        """Leave this form (nothing saved) for the existing record the hint pointed at."""
        parent = self.dialog.parentWidget()
        context = self.dialog.context
        self.dialog.reject()
        existing = ContactDialog(context, contact_id, parent)
        existing.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        existing.open()
        self.opened = existing
        return existing

    def load(self, details: ContactDetails) -> None:
        contact = details.values
        self.version = contact.version
        self.hint.exclude_id = details.id
        self.name.setText(contact.name)
        select_data(self.kind, contact.kind)
        self.phone.setText(contact.phone)
        self.email.setText(contact.email)
        self.address.setPlainText(contact.address)
        self.city.setText(contact.city)
        self.country.set_value(contact.country)
        select_data(self.language, contact.preferred_language or "")
        select_data(self.gender, contact.gender or "")
        self.refresh_id_kinds(keep=contact.id_kind)
        self.id_number.setText(contact.id_number)
        self.is_minor.setChecked(contact.is_minor)
        self.date_of_birth.set_value(contact.date_of_birth)
        self.show_age()
        self.publish_name.setChecked(contact.consent_publish_name)
        self.publish_photo.setChecked(contact.consent_publish_photo)
        self.may_contact.setChecked(contact.consent_contact)
        self.notes.setPlainText(contact.notes)
        locale = self.dialog.context.locale
        for key, label in self.consent_dates.items():
            label.setText(consent_date_text(getattr(contact, key), details.consent_at[key], locale))
        if details.erased:
            self.dialog.general_error.setText(
                _("This person's data was erased: the record can no longer be changed.")
            )
            self.dialog.general_error.show()
            for widget in self.dialog.fields.values():
                widget.setEnabled(False)

    def take_version(self, conflict: EditConflict) -> None:
        """In a member's or volunteer's form: the person's version after a refused save (their
        current one; none after the ORM's own refusal), as RecordDialog.take_versions."""
        self.version = conflict.versions.get("contacts")

    def value(self) -> ContactInput:
        return ContactInput(
            name=self.name.text(),
            kind=self.kind.currentData(),
            phone=self.phone.text(),
            email=self.email.text(),
            address=self.address.toPlainText(),
            city=self.city.text(),
            country=self.country.value(),
            preferred_language=self.language.currentData() or None,
            is_minor=self.is_minor.isChecked(),
            date_of_birth=self.date_of_birth.value(),
            consent_publish_name=self.publish_name.isChecked(),
            consent_publish_photo=self.publish_photo.isChecked(),
            consent_contact=self.may_contact.isChecked(),
            notes=self.notes.toPlainText(),
            gender=self.gender.currentData() or None,
            id_kind=self.id_kind.currentData() or "",
            id_number=self.id_number.text(),
            version=self.version,
        )


def title_choices(language: str | None = None) -> list[tuple[str, str]]:
    """ "—", then each title as documents write it in every language, the UI's first
    («السيدة / Mme / Mrs»): what is chosen is the gender, and each document words it."""
    first = language or current_language()
    order = [first, *(code for code in LANGUAGES if code != first)]
    return [("", "—")] + [
        (gender, " / ".join(civility(gender, code) for code in order)) for gender in GENDERS[::-1]
    ]


def title_box(current: str | None = None) -> QComboBox:
    """A title (gender) choice; ``currentData()`` is "male", "female" or "" (unknown)."""
    return choice_box(title_choices(), current or "")


def consent_date_text(given: bool, moment: datetime | None, locale: str) -> str:
    """ "given on 3 Jan 2026" / "withdrawn on …"; empty when no date was recorded."""
    if moment is None:
        return ""
    day = format_date(as_local(moment).date(), locale)
    return (_("given on {date}") if given else _("withdrawn on {date}")).format(date=day)


def age_status(born: date | None, today: date) -> str:
    """ "minor (12 years)" / "adult (34 years)" on ``today``; empty when there is no date, or
    one the service refuses (in the future, before 1900: its message says so on saving)."""
    if born is None or born > today or born.year < EARLIEST_DATE.year:
        return ""
    age = age_text(age_on(born, today))
    if is_under_age(born, today):
        return _("minor ({age})").format(age=age)
    return _("adult ({age})").format(age=age)


class ContactDialog(RecordDialog):
    """New / edit a contact (a donor, a company, a partner): the Contacts page's form.

    It lives beside the fields it shows, since the fields' duplicate hint opens it for the
    existing record (ui.dialogs.contact_dialog names it for the pages)."""

    def __init__(
        self, context: AppContext, contact_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        title = _("New contact") if contact_id is None else _("Edit contact")
        super().__init__(context, title, parent)
        self.contact_id = contact_id
        self.contact = ContactFields(self)
        if contact_id is not None:
            self.contact.load(context.read(lambda s: contacts.details(s, contact_id)))
            self.version = self.contact.version

    def save(self) -> int:
        data = replace(self.contact.value(), version=self.version)
        if self.contact_id is None:
            record = commands.write(self.context, lambda s: contacts.create(s, data))
        else:
            contact_id = self.contact_id
            record = commands.write(self.context, lambda s: contacts.update(s, contact_id, data))
        return record.id
