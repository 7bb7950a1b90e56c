"""Ask the (fiscal) year of a yearly statement, and its language, before producing it.

Last year by default: statements are asked for in the months after a year ends, for the tax
return of the year that has just ended. A fiscal year that does not start in January is named by
the calendar year it starts in (2025 = 1 July 2025 … 30 June 2026); the dialog shows the dates.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QWidget

from assocdesk.i18n import _
from assocdesk.reports.statement_data import fiscal_period
from assocdesk.text.locales import format_date
from ui.widgets.fields import choice_box, document_language_choices

FIRST_YEAR = 1990


def fiscal_year_of(day: date, start_month: int) -> int:
    """The fiscal year ``day`` falls in, named by the calendar year it starts in."""
    return day.year if day.month >= max(start_month, 1) else day.year - 1


def year_box(value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(FIRST_YEAR, date.today().year + 1)
    box.setValue(value)
    box.setGroupSeparatorShown(False)  # 2025, not 2,025
    return box


class YearDialog(QDialog):
    def __init__(
        self,
        title: str,
        parent: QWidget | None = None,
        *,
        start_month: int = 1,
        locale: str = "en",
        automatic: str = "",
        year_label: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.start_month = start_month
        self.locale = locale
        self.year = year_box(fiscal_year_of(date.today(), start_month) - 1)
        self.year.setObjectName("year")
        self.period = QLabel()
        self.period.setObjectName("period")
        self.year.valueChanged.connect(self._show_period)
        self._show_period()
        self.language = choice_box(
            document_language_choices(automatic or _("Automatic (the donor's language)"))
        )
        self.language.setObjectName("language")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Preview"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow(year_label or _("Fiscal year"), self.year)
        layout.addRow("", self.period)
        layout.addRow(_("Language of the document"), self.language)
        layout.addRow(buttons)

    def _show_period(self) -> None:
        start, end = fiscal_period(self.year.value(), self.start_month)
        self.period.setText(
            _("From {start} to {end}").format(
                start=format_date(start, self.locale), end=format_date(end, self.locale)
            )
        )

    def value(self) -> tuple[int, str | None]:
        return self.year.value(), self.language.currentData()


def ask_year(
    parent: QWidget, title: str, *, start_month: int = 1, locale: str = "en"
) -> tuple[int, str | None] | None:
    """(year, language or None) or None if cancelled."""
    dialog = YearDialog(title, parent, start_month=start_month, locale=locale)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.value()


def ask_certificate_options(parent: QWidget, locale: str) -> tuple[int, str | None] | None:
    """(year, language) of a volunteering certificate, or None if cancelled: asked the same way
    from the Volunteers page and from the person card."""
    dialog = YearDialog(
        _("Volunteering certificate"),
        parent,
        locale=locale,
        automatic=_("Automatic (the volunteer's language)"),
        year_label=_("Year"),
    )
    dialog.year.setValue(date.today().year)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.value()
