"""The import wizard's first page: the file, what it holds, and its first rows as read.

A spreadsheet is read once, when it is chosen (or a setting that changes how it reads: its sheet,
encoding, delimiter). A big one is read in the background with a busy bar and Cancel, so the
window never freezes on a 200 000-row file; a small one (most) at once, so the first rows show
with no flicker. Next reads it again only if the file changed since (a person who fixed it in
Excel after seeing the problems comes back and presses Next).
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import Any, Protocol

import shiboken6
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from assocdesk.i18n import N_, _
from assocdesk.spreadsheets.kinds import ImportKind
from assocdesk.spreadsheets.reading import ReadError, Table, file_kind, read_table, sheet_names
from assocdesk.spreadsheets.values import cell_text
from assocdesk.text.bidi import isolate_auto
from ui import theme, workers
from ui.context import AppContext
from ui.direction import left_to_right_value
from ui.widgets.fields import choice_box, select_data
from ui.widgets.progress_panel import ProgressPanel

# Files larger than this are read in the background (a CSV of ~5 000 rows; an XLSX is zipped).
BACKGROUND_READ_BYTES = 256 * 1024


class ImportState(Protocol):
    """What the pages share through the wizard (ui.dialogs.import_wizard.ImportWizard)."""

    context: AppContext
    kind: ImportKind
    table: Table | None

    def next(self) -> None: ...


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
    def __init__(self, wizard: ImportState) -> None:
        super().__init__()
        self.import_wizard = wizard
        self.setTitle(_("Choose the file"))
        self.setSubTitle(
            _("An Excel workbook (.xlsx) or a CSV file. Check that the first rows read right.")
        )
        self.path = left_to_right_value(QLineEdit())
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
        self.kind = choice_box(
            [(kind.value, _(kind.rules.label)) for kind in ImportKind], wizard.kind.value
        )
        self.kind.setObjectName("import_kind")
        self.sheet = QComboBox()
        self.sheet.setObjectName("import_sheet")
        self.encoding = choice_box([(code, _(label)) for code, label in ENCODING_CHOICES])
        self.encoding.setObjectName("import_encoding")
        self.delimiter = choice_box([(code, _(label)) for code, label in DELIMITER_CHOICES])
        self.delimiter.setObjectName("import_delimiter")
        self.error = QLabel()
        self.error.setObjectName("import_file_error")
        theme.style(self.error, theme.Style.ERROR)
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
        self.reading: workers.Job | None = None  # the file being read in the background
        self._read_as: tuple[_Settings, tuple[int, int] | None] | None = None
        self._next_when_read = False
        self.progress = ProgressPanel()
        layout.insertWidget(0, self.progress)
        self.sheet.currentIndexChanged.connect(lambda _i: self.reload())
        self.encoding.currentIndexChanged.connect(lambda _i: self.reload())
        self.delimiter.currentIndexChanged.connect(lambda _i: self.reload())
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._show_csv_options(False)

    def _kind_changed(self) -> None:
        self.import_wizard.kind = ImportKind(self.kind.currentData())

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
        """Read the file with the chosen settings (or every one guessed): once per choice."""
        if self._loading or not self.path.text():
            return
        path = Path(self.path.text())
        self.import_wizard.table = None
        self.stop_reading()
        settings = _Settings(
            path,
            self.sheet.currentText() or None,
            None if guess else self.encoding.currentData(),
            None if guess else self.delimiter.currentData(),
        )
        self.completeChanged.emit()
        try:
            big = path.stat().st_size > BACKGROUND_READ_BYTES
        except OSError:
            big = False  # read_file says why, in words
        if not big:
            self._show(settings, *_read(settings))
            return
        job = workers.Job(lambda _progress: _read(settings))
        job.signals.finished.connect(lambda result: self._show(settings, *result, job=job))
        job.signals.failed.connect(lambda message: self._show(settings, None, message, job=job))
        self.reading = job
        self.progress.watch(job, _("Reading the file…"))
        workers.start(job)

    def stop_reading(self) -> None:
        """A newer choice replaces a read still running: its result is dropped when it comes."""
        if self.reading is not None:
            self.reading.cancel()
            self.reading = None

    def _show(
        self, settings: _Settings, table: Table | None, error: str, job: workers.Job | None = None
    ) -> None:
        if not shiboken6.isValid(self):
            return  # the wizard was closed while its file was read
        if job is not None and (job is not self.reading or job.cancel_requested):
            if job is self.reading:  # Cancel pressed: the file stays unread
                self.reading = None
                self._next_when_read = False
                self.completeChanged.emit()
            return  # or replaced by a newer read
        self.reading = None
        wizard = self.import_wizard
        if table is None:
            self.error.setText(error)
            self.sample.clear()
            self.sample.setRowCount(0)
            self.completeChanged.emit()
            return
        self.error.setText("\n".join(table.warnings))  # e.g. read as CP1256: check the names
        wizard.table = table
        self._read_as = (settings, _stamp(settings.path))
        csv = file_kind(settings.path) == "csv"
        if csv:
            self._loading = True
            select_data(self.encoding, table.encoding)
            select_data(self.delimiter, table.delimiter)
            self._loading = False
        self._show_csv_options(csv)
        sample_table(self.sample, table.header, [cells for _l, cells in table.rows[:SAMPLE_ROWS]])
        self.completeChanged.emit()
        if self._next_when_read:
            self._next_when_read = False
            wizard.next()

    def isComplete(self) -> bool:
        return self.import_wizard.table is not None and self.reading is None

    def validatePage(self) -> bool:
        """On the way forward, read the file again only if it changed since it was read."""
        if self.reading is not None:
            self._next_when_read = True  # goes on by itself once read
            return False
        read_as = self._read_as
        if read_as is not None and _stamp(read_as[0].path) != read_as[1]:
            self.reload()
            if self.reading is not None:  # a big file: goes on by itself once read
                self._next_when_read = True
                return False
        return self.import_wizard.table is not None


class _Settings:
    """How one read was asked for: the path and the settings (None: guessed)."""

    def __init__(
        self, path: Path, sheet: str | None, encoding: str | None, delimiter: str | None
    ) -> None:
        self.path, self.sheet, self.encoding, self.delimiter = path, sheet, encoding, delimiter


def _stamp(path: Path) -> tuple[int, int] | None:
    """What tells a file changed since it was read: its size and modification time."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def _read(settings: _Settings) -> tuple[Table | None, str]:
    """The file read (any thread), or None and why not."""
    try:
        csv = file_kind(settings.path) == "csv"
        table = read_table(
            settings.path,
            sheet=settings.sheet,
            encoding=settings.encoding if csv else None,
            delimiter=settings.delimiter if csv else None,
        )
    except ReadError as exc:
        return None, str(exc)
    return table, ""
