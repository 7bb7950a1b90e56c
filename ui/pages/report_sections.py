"""The Reports page's four sections, each a framed group: what it makes, its few choices, and
one button. They only collect choices; the page (ui/pages/reports.py) renders, previews and runs
the background jobs, so the sections stay dumb and easy to lay out in both directions.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from assocdesk.i18n import _
from ui import theme
from ui.dialogs.year_dialog import year_box
from ui.widgets.fields import (
    choice_box,
    date_edit,
    document_language_choices,
    from_qdate,
    language_choices,
)
from ui.widgets.flow_layout import FlowLayout


class Section(QGroupBox):
    """A titled frame: a one-line explanation, a form, and the action button at the end."""

    def __init__(self, title: str, hint: str, action: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        # Two sections side by side share their row's height; the button stays at the bottom.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        explanation = QLabel(hint)
        explanation.setWordWrap(True)
        theme.style(explanation, theme.Style.MUTED)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.button = QPushButton(action)
        self.button.setDefault(False)
        self.button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.button)
        self.button_row = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addLayout(buttons)


def _row(*widgets: QWidget) -> QWidget:
    """Widgets side by side, wrapping onto a second line rather than widening the page."""
    row = QWidget()
    layout = FlowLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return row


class SummarySection(Section):
    """(a) The donations summary for the board, over any period."""

    def __init__(self, start: date, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Donations summary"),
            _("Totals by month, campaign and method, and the main donors, for the board."),
            _("Preview"),
            parent,
        )
        self.button.setObjectName("summary_preview")
        self.date_from = date_edit(start)
        self.date_from.setObjectName("summary_from")
        self.date_to = date_edit(date.today())
        self.date_to.setObjectName("summary_to")
        self.language = choice_box(
            document_language_choices(_("Automatic (the association's language)"))
        )
        self.language.setObjectName("summary_language")
        self.form.addRow(_("From"), _row(self.date_from))
        self.form.addRow(_("To"), _row(self.date_to))
        self.form.addRow(_("Language"), self.language)

    def period(self) -> tuple[date, date]:
        return from_qdate(self.date_from.date()), from_qdate(self.date_to.date())


class RegisterSection(Section):
    """(c) The receipts register: every number of a year, voided ones included."""

    def __init__(self, year: int, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Receipts register"),
            _("Every receipt number of a year in order, voided ones with their reason."),
            _("Preview"),
            parent,
        )
        self.button.setObjectName("register_preview")
        self.year = year_box(year)
        self.year.setObjectName("register_year")
        self.language = choice_box(
            document_language_choices(_("Automatic (the association's language)"))
        )
        self.language.setObjectName("register_language")
        self.form.addRow(_("Year"), _row(self.year))
        self.form.addRow(_("Language"), self.language)


class StatementsSection(Section):
    """(b) Every donor's yearly statement at once, in the background."""

    def __init__(self, year: int, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Yearly statements for all donors"),
            _("One statement per donor of the fiscal year, in each donor's language by default."),
            _("Create statements…"),
            parent,
        )
        self.button.setObjectName("statements_start")
        self.year = year_box(year)
        self.year.setObjectName("statements_year")
        self.language = choice_box(document_language_choices(_("Automatic (the donor's language)")))
        self.language.setObjectName("statements_language")
        self.one_file = QRadioButton(_("One PDF"))
        self.one_file.setObjectName("statements_one_file")
        self.per_donor = QRadioButton(_("One file per donor in a folder"))
        self.per_donor.setObjectName("statements_per_donor")
        self.one_file.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.one_file)
        group.addButton(self.per_donor)
        output = QWidget()
        output_layout = QVBoxLayout(output)
        output_layout.setContentsMargins(0, 0, 0, 0)
        output_layout.addWidget(self.one_file)
        output_layout.addWidget(self.per_donor)
        self.form.addRow(_("Fiscal year"), _row(self.year))
        self.form.addRow(_("Language"), self.language)
        self.form.addRow(_("Output"), output)


class ExportSection(Section):
    """(d) A spreadsheet: the donations of a year, or every record of one type; or everything
    in one workbook, one sheet per type."""

    def __init__(self, year: int, language: str, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Export for the accountant"),
            _("A CSV or Excel (XLSX) file; the file name chooses the format."),
            _("Export…"),
            parent,
        )
        self.button.setObjectName("export_start")
        self.donations = QRadioButton(_("Donations of the year"))
        self.donations.setObjectName("export_donations")
        self.contacts = QRadioButton(_("Contacts"))
        self.contacts.setObjectName("export_contacts")
        self.donations.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.donations)
        group.addButton(self.contacts)
        self.year = year_box(year)
        self.year.setObjectName("export_year")
        self.include_void = QCheckBox(_("Include voided donations"))
        self.include_void.setChecked(True)
        self.include_archived = QCheckBox(_("Include archived contacts"))
        self.include_archived.setEnabled(False)
        self.donations.toggled.connect(self._kind_changed)
        self.language = choice_box(language_choices(), language)
        self.language.setObjectName("export_language")
        # Every other record type, all of them (archived ones left out).
        self.others: dict[str, QRadioButton] = {}
        for kind, text in (
            ("members", _("Members")),
            ("volunteers", _("Volunteers")),
            ("activities", _("Activities")),
            ("campaigns", _("Campaigns")),
        ):
            button = QRadioButton(text)
            button.setObjectName(f"export_{kind}")
            group.addButton(button)
            self.others[kind] = button
        what = QWidget()
        what_layout = QVBoxLayout(what)
        what_layout.setContentsMargins(0, 0, 0, 0)
        what_layout.addWidget(_row(self.donations, self.year, self.include_void))
        what_layout.addWidget(_row(self.contacts, self.include_archived))
        what_layout.addWidget(_row(*self.others.values()))
        self.form.addRow(_("What"), what)
        self.form.addRow(_("Language of the columns"), self.language)
        self.everything = QPushButton(_("Export everything…"))
        self.everything.setObjectName("export_everything")
        self.everything.setToolTip(_("One Excel workbook, one sheet per type of record."))
        self.everything.setAutoDefault(False)
        self.button_row.insertWidget(1, self.everything)
        self.contacts.toggled.connect(lambda _on: self._kind_changed(self.donations.isChecked()))

    def _kind_changed(self, donations: bool) -> None:
        self.year.setEnabled(donations)
        self.include_void.setEnabled(donations)
        self.include_archived.setEnabled(self.contacts.isChecked())

    def other_kind(self) -> str | None:
        """The record type chosen among the other types, if one is."""
        return next((kind for kind, button in self.others.items() if button.isChecked()), None)
