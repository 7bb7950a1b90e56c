"""The import wizard: file → columns → preview and problems → import, in the background.

1. **File** (ui/dialogs/import_file.py): the file, what it holds (contacts, members …), and —
   as guessed, correctable — its sheet, encoding and delimiter, with its first rows shown as
   read, so a wrong encoding is seen at once (garbled letters) and fixed with one choice.
2. **Columns**: one box per column with the field it fills, guessed from the header and the
   values, or remembered from the last file of the same layout.
3. **Preview** (ui/dialogs/import_preview.py): the first rows as they will be stored, what
   will happen to each (new, merged with an existing person, already there), and every
   problem (row, column, value, what is wrong). Rows with problems stop the import unless the
   person chooses to skip them.
4. **Import**: in the background worker, one transaction, progress and Cancel; the result.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from assocdesk.i18n import _
from assocdesk.spreadsheets.kinds import ImportKind
from assocdesk.spreadsheets.mapping import fields_of, initial_mapping
from assocdesk.spreadsheets.plan import MappingProblem, check_mapping
from assocdesk.spreadsheets.reading import Table
from assocdesk.spreadsheets.values import cell_text
from assocdesk.text.bidi import isolate_auto
from ui import theme
from ui.context import AppContext
from ui.dialogs.import_file import FilePage, read_only_table
from ui.dialogs.import_preview import PreviewPage, RunPage
from ui.widgets import screen_fit
from ui.widgets.fields import choice_box, currency_box


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.import_wizard = wizard
        self.setTitle(_("Match the columns"))
        self.setSubTitle(
            _("Each column of the file fills one field; choose “Not imported” to leave it out.")
        )
        self.columns = read_only_table("import_mapping")
        self.columns.setColumnCount(3)
        self.columns.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.boxes: list[QComboBox] = []
        self.currency = currency_box(wizard.context.default_currency)
        self.currency.setObjectName("import_currency")
        self.error = QLabel()
        self.error.setObjectName("import_mapping_error")
        theme.style(self.error, theme.Style.ERROR)
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Currency of amounts without one"), self.currency)
        layout = QVBoxLayout(self)
        layout.addWidget(self.columns, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)

    def initializePage(self) -> None:
        wizard = self.import_wizard
        table = wizard.table
        assert table is not None
        kind = wizard.kind
        sample = [cells for _line, cells in table.rows[:50]]
        mapping = wizard.context.read(lambda s: initial_mapping(s, table.header, sample, kind))
        choices = [(None, _("Not imported"))] + [
            (key, _(field.label)) for key, field in fields_of(kind).items()
        ]
        self.columns.clearContents()
        self.columns.setRowCount(len(table.header))
        self.columns.setHorizontalHeaderLabels(
            [_("Column of the file"), _("First values"), _("Field")]
        )
        self.boxes = []
        for row, (title, key) in enumerate(zip(table.header, mapping, strict=True)):
            self.columns.setItem(row, 0, QTableWidgetItem(title or "—"))
            values = [cell_text(c[row]) for c in sample[:3] if row < len(c) and c[row] is not None]
            shown = " | ".join(isolate_auto(v[:30]) for v in values)
            self.columns.setItem(row, 1, QTableWidgetItem(shown))
            box = choice_box(choices, key)
            box.setObjectName(f"mapping_{row}")
            box.currentIndexChanged.connect(lambda _i: self.completeChanged.emit())
            self.columns.setCellWidget(row, 2, box)
            self.boxes.append(box)
        self.completeChanged.emit()

    def mapping(self) -> list[str | None]:
        return [box.currentData() for box in self.boxes]

    def isComplete(self) -> bool:
        try:
            check_mapping(self.import_wizard.kind, self.mapping())
        except MappingProblem as exc:
            self.error.setText(str(exc))
            return False
        self.error.clear()
        return True

    def validatePage(self) -> bool:
        self.import_wizard.mapping = self.mapping()
        self.import_wizard.currency = self.currency.currentText().strip().upper() or "MAD"
        return True


class ImportWizard(QWizard):
    """Bring a spreadsheet in. ``kind`` preselects what the file holds."""

    def __init__(
        self, context: AppContext, kind: str = "contacts", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        words = {k.value for k in ImportKind}
        self.kind = ImportKind(kind) if kind in words else ImportKind.CONTACTS
        self.table: Table | None = None
        self.mapping: list[str | None] = []
        self.currency = context.default_currency
        self.setObjectName("import_wizard")
        self.setWindowTitle(_("Import a spreadsheet"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.setButtonText(QWizard.WizardButton.NextButton, _("Next"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("Back"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Cancel"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Close"))
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Import"))
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.run_page = RunPage(self)
        for page in (self.file_page, self.mapping_page, self.preview_page, self.run_page):
            self.addPage(page)
        self.resize(screen_fit.bounded(self, 860, 600))

    def reject(self) -> None:
        """Cancel while importing stops the import (it rolls back) before closing."""
        self.file_page.stop_reading()
        self.preview_page.cancel()
        self.run_page.cancel()
        super().reject()
