"""Settings: the association's profile (documents use it) and this computer's language.

Unsaved changes are never lost silently: Esc, leaving the page (``SettingsPage.may_leave``,
asked by the main window) and quitting ask first; discarding puts the stored values back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assocdesk.i18n import _
from assocdesk.services import association
from assocdesk.services.association import (
    LEGAL_STATUS_COUNTRY,
    LEGAL_STATUSES,
    default_arabic_digits,
    legal_status_label,
)
from assocdesk.text.locales import month_names
from ui import commands
from ui.context import AppContext
from ui.dialogs.contact_fields import title_box
from ui.dialogs.record_dialog import RecordDialog
from ui.direction import left_to_right_value
from ui.permission_guard import guard
from ui.widgets.fields import (
    choice_box,
    country_box,
    currency_box,
    language_choices,
    left_to_right,
    select_data,
)

if TYPE_CHECKING:
    from assocdesk.models import AssociationProfile

# Profile fields edited in a one-line text box: loaded and read back the same way.
LINE_FIELDS = (
    "name_ar",
    "name_fr",
    "name_en",
    "city",
    "registration_number",
    "phone",
    "email",
    "website",
    "logo_path",
    "receipt_prefix",
    "hashtags",
    "treasurer_name",
    "president_name",
    "document_font",
    "legal_status_detail",
)
# Multi-line profile fields.
TEXT_FIELDS = ("address", "tax_identifiers", "purpose")
# Profile fields chosen in a list; an empty data ("—") means None for the genders.
CHOICE_FIELDS = ("president_gender", "treasurer_gender", "legal_status", "arabic_digits")


class ProfileForm(RecordDialog):
    """The profile fields, reusing the dialog machinery (error under each field) as a page."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, _("Settings"), parent)
        self.buttons.hide()
        self.add_section(_("This computer"))
        self.ui_language = self.add_field(
            "ui_language",
            _("Language of the application"),
            choice_box(language_choices(), context.language),
        )
        self.add_section(_("The association"))
        self.name_ar = self.add_field("name_ar", _("Name in Arabic"), QLineEdit())
        self.name_fr = self.add_field("name_fr", _("Name in French"), QLineEdit())
        self.name_en = self.add_field("name_en", _("Name in English"), QLineEdit())
        self.address = self.add_field("address", _("Address"), QPlainTextEdit())
        self.address.setFixedHeight(60)
        self.city = self.add_field("city", _("City"), QLineEdit())
        self.country = self.add_field("country", _("Country"), country_box())
        self.registration_number = self.add_field(
            "registration_number", _("Registration number"), QLineEdit()
        )
        self.phone = self.add_field("phone", _("Phone"), left_to_right(QLineEdit()))
        self.email = self.add_field("email", _("E-mail"), left_to_right(QLineEdit()))
        self.website = self.add_field("website", _("Website"), left_to_right(QLineEdit()))
        logo_row = QWidget()
        logo_layout = QHBoxLayout(logo_row)
        logo_layout.setContentsMargins(0, 0, 0, 0)
        self.logo_path = left_to_right_value(QLineEdit())
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._choose_logo)
        logo_layout.addWidget(self.logo_path, 1)
        logo_layout.addWidget(browse)
        self.add_field("logo_path", _("Logo"), logo_row)
        self.add_section(_("Documents and money"))
        self.default_currency = self.add_field(
            "default_currency", _("Currency"), currency_box(context.default_currency)
        )
        self.default_language = self.add_field(
            "default_language", _("Language of documents"), choice_box(language_choices())
        )
        self.fiscal_month = self.add_field(  # months named, as the charts and dates name them
            "fiscal_year_start_month",
            _("Fiscal year starts in"),
            choice_box(list(enumerate(month_names(context.locale), start=1))),
        )
        self.receipt_prefix = self.add_field("receipt_prefix", _("Receipt prefix"), QLineEdit())
        self.hashtags = self.add_field("hashtags", _("Hashtags of the association"), QLineEdit())
        self.add_section(_("Receipts and statements"))
        self.receipt_paper = self.add_field(
            "receipt_paper",
            _("Paper of receipts"),
            choice_box([("A4", _("A4 (full page)")), ("A5", _("A5 (half page)"))]),
        )
        font_row = QWidget()
        font_layout = QHBoxLayout(font_row)
        font_layout.setContentsMargins(0, 0, 0, 0)
        self.document_font = left_to_right_value(QLineEdit())
        self.document_font.setObjectName("document_font_path")
        self.document_font.setPlaceholderText(_("Default (Amiri)"))
        choose_font = QPushButton(_("Choose…"))
        choose_font.clicked.connect(self._choose_font)
        default_font = QPushButton(_("Default (Amiri)"))
        default_font.setObjectName("default_font")
        default_font.setToolTip(_("Amiri, shipped with AssocDesk, has Arabic and Latin letters."))
        default_font.clicked.connect(self.document_font.clear)
        font_layout.addWidget(self.document_font, 1)
        font_layout.addWidget(choose_font)
        font_layout.addWidget(default_font)
        self.add_field("document_font", _("Font of documents"), font_row)
        self._add_documents_and_tax()
        self.fee_schedule = None
        if context.can("see_amounts"):  # data entry: the server refuses the dues to it
            self.add_section(_("Membership dues"))
            from ui.widgets.fee_schedule import FeeSchedule

            self.fee_schedule = FeeSchedule(context)
            self.fee_schedule.setObjectName("fee_schedule")
            self.form.addRow(self.fee_schedule)
        self.add_section(_("Your data"))
        from ui.pages.data_section import DataSection

        self.data = DataSection(context)
        self.data.setObjectName("data_section")
        self.form.addRow(self.data)
        self.load()

    @contextmanager
    def _fields_in(self, layout: QFormLayout) -> Iterator[None]:
        """add_field() into ``layout`` (a group box's) instead of the page's form."""
        page_form, self.form = self.form, layout
        try:
            yield
        finally:
            self.form = page_form

    def _signer_row(self, name: str, gender: str) -> tuple[QWidget, QLineEdit, QComboBox]:
        """A signer's name and title on one row; both report their errors under it."""
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        edit, title = QLineEdit(), title_box()
        edit.setObjectName(f"{name}_edit")
        title.setObjectName(gender)
        title.setToolTip(_("Title (Mr, Mrs)"))
        layout.addWidget(edit, 1)
        layout.addWidget(title)
        self.error_aliases[gender] = name
        return row, edit, title

    def _add_documents_and_tax(self) -> None:
        """What receipts state about the association and who signs them, set once: a group
        box with its own compact form, so the page grows by as little as it can."""
        group = QGroupBox(_("Documents and tax"))
        group.setObjectName("documents_and_tax")
        layout = QFormLayout(group)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.addRow(group)
        with self._fields_in(layout):
            row, self.treasurer_name, self.treasurer_gender = self._signer_row(
                "treasurer_name", "treasurer_gender"
            )
            self.add_field("treasurer_name", _("Treasurer (signs receipts)"), row)
            row, self.president_name, self.president_gender = self._signer_row(
                "president_name", "president_gender"
            )
            self.add_field("president_name", _("President (signs volunteering certificates)"), row)
            self.legal_status = self.add_field(
                "legal_status", _("Legal status"), choice_box(legal_status_choices())
            )
            # The longest status (Saudi Arabia's NCNP) would otherwise widen the whole page.
            self.legal_status.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            self.legal_status.setMinimumContentsLength(40)
            self.legal_status_detail = self.add_field(
                "legal_status_detail", _("Status reference"), QLineEdit()
            )
            self.legal_status_detail.setPlaceholderText(
                _("Decree, licence or registration number and date")
            )
            self.tax_identifiers = self.add_field(
                "tax_identifiers", _("Tax identifiers"), QPlainTextEdit()
            )
            self.tax_identifiers.setPlaceholderText(_("One per line: ICE 001234567000089"))
            self.tax_identifiers.setFixedHeight(52)
            self.purpose = self.add_field(
                "purpose", _("Purpose of the association"), QPlainTextEdit()
            )
            self.purpose.setFixedHeight(52)
            self.tax_receipts = self.add_field(
                "tax_receipts", "", QCheckBox(_("Tax receipts (France, reçu fiscal)"))
            )
            self.arabic_digits = self.add_field(
                "arabic_digits",
                _("Digits of Arabic documents"),
                choice_box(
                    [("latin", _("Latin (123)")), ("arabic-indic", _("Arabic-Indic (١٢٣)"))]
                ),
            )
        # Digits nobody chose follow the country as it is typed, as saving would make them.
        self._digits_chosen = False
        self._digits_country = ""
        self.arabic_digits.activated.connect(self._digits_picked)
        self.country.currentTextChanged.connect(lambda _text: self._country_edited())

    def _digits_picked(self, _index: int) -> None:
        self._digits_chosen = True

    def _country_edited(self) -> None:
        if self._digits_chosen:
            return
        country = self.country.value()
        if self.arabic_digits.currentData() == default_arabic_digits(self._digits_country):
            select_data(self.arabic_digits, default_arabic_digits(country))
            self._digits_country = country.upper()

    def _choose_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Logo"), "", _("Images (*.png *.jpg *.jpeg)")
        )
        if path:
            self.logo_path.setText(path)

    def _choose_font(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Font of documents"), "", _("Fonts (*.ttf *.otf)")
        )
        if path:
            self.document_font.setText(path)

    def load(self) -> None:
        profile = self.context.read(association.details)
        data = profile.values if profile else association.ProfileInput()
        for name in LINE_FIELDS:
            getattr(self, name).setText(getattr(data, name))
        for name in TEXT_FIELDS:
            getattr(self, name).setPlainText(getattr(data, name))
        for name in CHOICE_FIELDS:
            select_data(getattr(self, name), getattr(data, name) or "")
        if data.arabic_digits is None:  # no profile yet
            select_data(self.arabic_digits, default_arabic_digits(data.country))
        self.tax_receipts.setChecked(data.tax_receipts)
        self._digits_chosen, self._digits_country = False, data.country
        select_data(self.receipt_paper, data.receipt_paper)
        self.default_currency.setCurrentText(data.default_currency)
        select_data(self.default_language, data.default_language)
        select_data(self.fiscal_month, data.fiscal_year_start_month)
        self.country.set_value(data.country)
        select_data(self.ui_language, self.context.language)
        self.version = data.version
        self.mark_unchanged()

    def value(self) -> association.ProfileInput:
        data = association.ProfileInput(
            tax_receipts=self.tax_receipts.isChecked(),
            default_currency=self.default_currency.currentText(),
            default_language=self.default_language.currentData(),
            fiscal_year_start_month=self.fiscal_month.currentData(),
            receipt_paper=self.receipt_paper.currentData(),
            country=self.country.value(),
            version=self.version,
        )
        for name in LINE_FIELDS:
            setattr(data, name, getattr(self, name).text())
        for name in TEXT_FIELDS:
            setattr(data, name, getattr(self, name).toPlainText())
        for name in CHOICE_FIELDS:
            setattr(data, name, getattr(self, name).currentData() or None)
        data.legal_status = data.legal_status or ""
        return data

    def save(self) -> int:
        data = self.value()
        profile_id, self.version = commands.write(
            self.context, lambda s: _saved(association.save(s, data))
        )
        self.mark_unchanged()  # the form stays open: its next save goes from this version
        return profile_id

    def reject(self) -> None:
        """Embedded as a page, the form never closes: discarding puts the stored values back."""
        self.load()


def _saved(profile: AssociationProfile) -> tuple[int, int]:
    """The saved profile's id and version, read in its session (flushed: the version is the
    one this save gave it)."""
    return profile.id, profile.version


def legal_status_choices() -> list[tuple[str, str]]:
    """Each legal status, named in the UI's language; one country's own says which."""
    choices = []
    for code in LEGAL_STATUSES:
        label = legal_status_label(code) if code else "—"
        country = LEGAL_STATUS_COUNTRY.get(code)
        choices.append((code, f"{label} ({country})" if country else label))
    return choices


class SettingsPage(QWidget):
    title = "Settings"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.form = ProfileForm(context, self)
        self.form.setWindowFlags(Qt.WindowType.Widget)  # embedded, not a separate window
        self.save_button = QPushButton(_("Save settings"))
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        guard(self.save_button, context.role, "edit_settings")  # the administrator's alone
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{_('Settings')}</h2>"))
        from ui.pages.protection import ProtectionBox

        # With the other data-safety settings, inside the scrolled form (not under the buttons).
        self.protection = ProtectionBox(context, self)
        self.form.form.addRow(self.protection)
        from ui.pages.settings_shared import SharedDatabaseBox

        self.shared = SharedDatabaseBox(context, self)
        self.form.form.addRow(self.shared)
        layout.addWidget(self.form, 1)
        layout.addLayout(bottom)

    def has_unsaved_changes(self) -> bool:
        return self.form.is_modified()

    def may_leave(self) -> bool:
        """Whether the window may show another page or quit: asks first if anything changed,
        and a discard puts the stored values back."""
        if not self.form.is_modified():
            return True
        if not self.form.confirm_discard():
            return False
        self.form.load()
        self.status.clear()
        return True

    def save(self) -> bool:
        self.form.clear_errors()
        from assocdesk.services.errors import EditConflict, ValidationError
        from assocdesk.storage.errors import StorageError

        try:
            self.form.save()
        except EditConflict as exc:  # another desk saved the settings: theirs, above ours
            self.form.take_versions(exc)
            self.form.show_errors({"": exc.message})
            self.status.setText(_("Not saved: the settings were changed meanwhile (see above)."))
            return False
        except ValidationError as exc:
            self.form.show_errors(exc.errors)
            self.status.setText(_("Not saved: please correct the fields marked in red."))
            return False
        except StorageError as exc:
            self.status.setText(str(exc))
            return False
        self.status.setText(_("Settings saved."))
        language = self.form.ui_language.currentData()
        if language != self.context.language:
            self.context.language_change_requested.emit(language)
        return True
