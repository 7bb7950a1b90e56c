"""First run: the association's name, language and currency — enough to start working."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from assocdesk import i18n
from assocdesk.i18n import _
from assocdesk.services import association
from assocdesk.services.common import Changes
from ui.context import AppContext
from ui.dialogs.record_dialog import RecordDialog
from ui.widgets.fields import choice_box, currency_box, language_choices

COUNTRY_CURRENCY = {
    "MA": "MAD",
    "DZ": "DZD",
    "TN": "TND",
    "EG": "EGP",
    "SA": "SAR",
    "AE": "AED",
    "QA": "QAR",
    "KW": "KWD",
    "JO": "JOD",
    "LB": "LBP",
    "MR": "MRU",
    "FR": "EUR",
    "BE": "EUR",
}


class FirstRunDialog(RecordDialog):
    """Shown while the database has no association profile. Labels follow the chosen language."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "AssocDesk", parent)
        self.language = choice_box(language_choices(), context.language or "ar")
        self.name = QLineEdit()
        self.country = QLineEdit()
        self.country.setMaxLength(2)
        self.country.setPlaceholderText("MA, DZ, TN, EG …")
        self.currency = currency_box("MAD")
        self.add_field("default_language", "", self.language)
        self.add_field("name", "", self.name)
        self.add_field("country", "", self.country)
        self.add_field("default_currency", "", self.currency)
        self.error_aliases.update({f"name_{code}": "name" for code in i18n.LANGUAGES})
        self.language.currentIndexChanged.connect(self._retranslate)
        self.country.textEdited.connect(self._suggest_currency)
        self._retranslate()

    def _retranslate(self) -> None:
        language = self.language.currentData()
        i18n.set_language(language)
        self.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft
            if i18n.is_rtl(language)
            else Qt.LayoutDirection.LeftToRight
        )
        self.setWindowTitle(_("Welcome to AssocDesk"))
        labels = (_("Language"), _("Name of the association"), _("Country code"), _("Currency"))
        for row, text in enumerate(labels):
            self.form.itemAt(row, self.form.ItemRole.LabelRole).widget().setText(text)
        self.buttons.button(self.buttons.StandardButton.Save).setText(_("Start"))
        self.buttons.button(self.buttons.StandardButton.Cancel).setText(_("Cancel"))

    def _suggest_currency(self, text: str) -> None:
        currency = COUNTRY_CURRENCY.get(text.strip().upper())
        if currency:
            self.currency.setCurrentText(currency)

    def save(self) -> int:
        language = self.language.currentData()
        data = association.ProfileInput(
            default_language=language,
            default_currency=self.currency.currentText(),
            country=self.country.text(),
        )
        setattr(data, f"name_{language}", self.name.text())
        profile = self.context.run(lambda s: association.save(s, data), Changes.of("association"))
        self.context.preferences.language = language
        return profile.id
