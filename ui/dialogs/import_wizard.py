"""The import wizard: file → columns → preview and problems → import, in the background.

1. **File**: the file, what it holds (contacts, members …), and — as guessed, correctable —
   its sheet, encoding and delimiter, with its first rows shown as read, so a wrong encoding
   is seen at once (garbled letters) and fixed with one choice.
2. **Columns**: one box per column with the field it fills, guessed from the header and the
   values, or remembered from the last file of the same layout.
3. **Preview** (ui/dialogs/import_preview.py): the first rows as they will be stored, what
   will happen to each (new, merged with an existing person, already there), and every
   problem (row, column, value, what is wrong). Rows with problems stop the import unless the
   person chooses to skip them.
4. **Import**: in the background worker, one transaction, progress and Cancel; the result.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from assocdesk.i18n import N_, _
from assocdesk.io.mapping import KIND_LABELS, KINDS, fields_of, initial_mapping
from assocdesk.io.plan import MappingProblem, check_mapping
from assocdesk.io.reading import ReadError, Table, file_kind, read_table, sheet_names
from assocdesk.io.values import cell_text
from assocdesk.text.bidi import isolate_auto
from ui.context import AppContext
from ui.dialogs.record_dialog import ERROR_STYLE
from ui.widgets.fields import choice_box, currency_box, select_data

ENCODING_CHOICES = (
    ("utf-8", N_("Unicode (UTF-8)")),
    ("utf-8-sig", N_("Unicode (UTF-8 with BOM)")),
    ("cp1256", N_("Arabic (Windows-1256)")),
    ("cp1252", N_("Western European (Windows-1252)")),
    ("latin-1", N_("Western European (ISO-8859-1)")),
    ("utf-16", N_("Unicode text (UTF-16)")),
    ("utf-16-le", N_("Unicode text (UTF-16 LE)")),
    ("utf-16-be", N_("Unicode text (UTF-16 BE)")),
)
DELIMITER_CHOICES = (
    (";", N_("Semicolon (;)")),
    (",", N_("Comma (,)")),
    ("\t", N_("Tab")),
    ("|", N_("Vertical bar (|)")),
)
SAMPLE_ROWS = 5


def sample_table(table: QTableWidget, header: list[str], rows: list[list[Any]]) -> None:
    """Fill a read-only table with a header and a few rows of cells, as read."""
    table.clear()
    table.setColumnCount(len(header))
    table.setRowCount(len(rows))
    table.setHorizontalHeaderLabels(header)
    for r, cells in enumerate(rows):
        for c in range(len(header)):
            text = cell_text(cells[c]) if c < len(cells) else ""
            table.setItem(r, c, QTableWidgetItem(isolate_auto(text[:200])))
    table.resizeColumnsToContents()


def read_only_table(name: str) -> QTableWidget:
    table = QTableWidget()
    table.setObjectName(name)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.import_wizard = wizard
        self.setTitle(_("Choose the file"))
        self.setSubTitle(
            _("An Excel workbook (.xlsx) or a CSV file. Check that the first rows read right.")
        )
        self.path = QLineEdit()
        self.path.setObjectName("import_path")
        self.path.setReadOnly(True)
        browse = QPushButton(_("Browse…"))
        browse.setObjectName("import_browse")
        browse.clicked.connect(self.browse)
        path_row = QWidget()
        path_layout = QHBoxLayout(path_row)
        path_layout.setContentsMargins(0, 0, 0, 0)
        path_layout.addWidget(self.path, 1)
        path_layout.addWidget(browse)
        self.kind = choice_box([(kind, _(KIND_LABELS[kind])) for kind in KINDS], wizard.kind)
        self.kind.setObjectName("import_kind")
        self.sheet = QComboBox()
        self.sheet.setObjectName("import_sheet")
        self.encoding = choice_box([(code, _(label)) for code, label in ENCODING_CHOICES])
        self.encoding.setObjectName("import_encoding")
        self.delimiter = choice_box([(code, _(label)) for code, label in DELIMITER_CHOICES])
        self.delimiter.setObjectName("import_delimiter")
        self.error = QLabel()
        self.error.setObjectName("import_file_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.sample = read_only_table("import_sample")
        self.form = QFormLayout()
        self.form.addRow(_("File"), path_row)
        self.form.addRow(_("It holds"), self.kind)
        self.form.addRow(_("Sheet"), self.sheet)
        self.form.addRow(_("Encoding"), self.encoding)
        self.form.addRow(_("Delimiter"), self.delimiter)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(QLabel(_("First rows as read:")))
        layout.addWidget(self.sample, 1)
        self._loading = False
        self.sheet.currentIndexChanged.connect(lambda _i: self.reload())
        self.encoding.currentIndexChanged.connect(lambda _i: self.reload())
        self.delimiter.currentIndexChanged.connect(lambda _i: self.reload())
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._show_csv_options(False)

    def _kind_changed(self) -> None:
        self.import_wizard.kind = self.kind.currentData()

    def ask_open_path(self) -> str:
        """The file chooser; "" if cancelled (tests replace this)."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            _("Import a spreadsheet"),
            folder,
            _("Spreadsheets (*.xlsx *.csv *.txt)"),
        )
        return chosen

    def browse(self) -> None:
        chosen = self.ask_open_path()
        if chosen:
            self.set_path(Path(chosen))

    def _show_csv_options(self, csv: bool | None) -> None:
        self.form.setRowVisible(self.sheet, csv is False and self.sheet.count() > 1)
        self.form.setRowVisible(self.encoding, bool(csv))
        self.form.setRowVisible(self.delimiter, bool(csv))

    def set_path(self, path: Path) -> None:
        """Read a new file with every setting guessed."""
        self.path.setText(str(path))
        self._loading = True
        try:
            self.sheet.clear()
            if path.suffix.lower() in (".xlsx", ".xlsm"):
                with suppress(ReadError):  # reload() below shows the error
                    self.sheet.addItems(sheet_names(path))
        finally:
            self._loading = False
        self.reload(guess=True)

    def reload(self, guess: bool = False) -> None:
        if self._loading or not self.path.text():
            return
        path = Path(self.path.text())
        wizard = self.import_wizard
        wizard.table = None
        try:
            csv = file_kind(path) == "csv"
            table = read_table(
                path,
                sheet=self.sheet.currentText() or None,
                encoding=None if guess or not csv else self.encoding.currentData(),
                delimiter=None if guess or not csv else self.delimiter.currentData(),
            )
        except ReadError as exc:
            self.error.setText(str(exc))
            self.sample.clear()
            self.sample.setRowCount(0)
            self.completeChanged.emit()
            return
        self.error.setText("\n".join(table.warnings))  # e.g. read as CP1256: check the names
        wizard.table = table
        if csv:
            self._loading = True
            select_data(self.encoding, table.encoding)
            select_data(self.delimiter, table.delimiter)
            self._loading = False
        self._show_csv_options(csv)
        sample_table(self.sample, table.header, [cells for _l, cells in table.rows[:SAMPLE_ROWS]])
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.import_wizard.table is not None

    def validatePage(self) -> bool:
        """Read the file again on the way forward: a person who fixed it in Excel after seeing
        the problems comes back here, presses Next, and the new version is checked."""
        self.reload()
        return self.import_wizard.table is not None


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
        self.error.setStyleSheet(ERROR_STYLE)
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
        from ui.dialogs.import_preview import PreviewPage, RunPage

        self.context = context
        self.kind = kind if kind in KINDS else "contacts"
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
        self.resize(860, 600)

    def reject(self) -> None:
        """Cancel while importing stops the import (it rolls back) before closing."""
        self.preview_page.cancel()
        self.run_page.cancel()
        super().reject()
