"""Reports: the documents of the association as a whole (summary, register), every donor's
yearly statement at once, and the accountant's export.

Previews render in the UI thread (a few pages, under a second). A year of statements or a big
export runs in the background worker (ui/workers.py) with an inline progress bar and a Cancel
that stops it cleanly; the page reads every choice before starting, and the job opens its own
session, so the person may keep working in other pages meanwhile.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from assocdesk.i18n import N_, _, ngettext
from assocdesk.services import association
from assocdesk.text.bidi import isolate_path
from assocdesk.text.locales import format_date
from ui import documents, workers
from ui.context import AppContext
from ui.dialogs.preview_dialog import PreviewDialog
from ui.dialogs.year_dialog import fiscal_year_of
from ui.pages.report_sections import (
    ExportSection,
    RegisterSection,
    StatementsSection,
    SummarySection,
)
from ui.widgets import file_chooser
from ui.widgets.flow_layout import ReflowGrid
from ui.widgets.progress_panel import ProgressPanel

SECTION_WIDTH = 340  # px: below two of these side by side, the sections stack


def donor_line(row: tuple[int, str, str]) -> str:
    """ "name — reason" for a donor of BatchResult.skipped / .flagged (reason translated)."""
    _contact_id, name, reason = row
    return f"{name} — {reason}"


class ReportsPage(QWidget):
    title = N_("Reports")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.preview: PreviewDialog | None = None
        self.job: workers.Job | None = None
        self.output: Path | None = None  # the file or folder the last job wrote
        profile = context.read(association.details)
        self.start_month = profile.values.fiscal_year_start_month if profile else 1
        document_language = profile.values.default_language if profile else context.language
        this_year = fiscal_year_of(date.today(), self.start_month)

        self.summary = SummarySection(date(this_year, self.start_month, 1))
        self.register = RegisterSection(date.today().year)
        self.statements = StatementsSection(this_year - 1)
        self.export = ExportSection(date.today().year, document_language)
        self.summary.button.clicked.connect(self.preview_summary)
        self.register.button.clicked.connect(self.preview_register)
        # France, reçus fiscaux: the article 222 bis figures of the register's year.
        self.tax_declaration = QPushButton(_("Tax receipts declaration (article 222 bis)…"))
        self.tax_declaration.setObjectName("tax_declaration")
        self.tax_declaration.clicked.connect(self.preview_tax_declaration)
        self.tax_declaration.setVisible(bool(profile and profile.values.tax_receipts))
        self.statements.button.clicked.connect(self.create_statements)
        self.export.button.clicked.connect(self.export_file)
        self.export.everything.clicked.connect(self.export_everything)

        self.progress = ProgressPanel()
        self.progress.busy_changed.connect(self._busy_changed)
        self.result = QLabel()
        self.result.setObjectName("result")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_output = QPushButton(_("Open folder"))
        self.open_output.setObjectName("open_output")
        self.open_output.clicked.connect(self._open_output)
        self.open_output.hide()
        self.details = QPlainTextEdit()
        self.details.setObjectName("details")
        self.details.setReadOnly(True)
        self.details.hide()

        # Two sections side by side, or one above the other when the window is narrow.
        grid = ReflowGrid(SECTION_WIDTH)
        grid.setSpacing(12)
        grid.addWidget(self.summary)
        register_column = QWidget()
        register_layout = QVBoxLayout(register_column)
        register_layout.setContentsMargins(0, 0, 0, 0)
        register_layout.addWidget(self.register, 1)
        register_layout.addWidget(self.tax_declaration, 0, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(register_column)
        grid.addWidget(self.statements)
        grid.addWidget(self.export)
        result_row = QHBoxLayout()
        result_row.addWidget(self.result, 1)
        result_row.addWidget(self.open_output, 0, Qt.AlignmentFlag.AlignTop)
        # The progress and the outcome sit right under the sections, where the eye already is.
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addLayout(grid)
        body_layout.addSpacing(8)
        body_layout.addWidget(self.progress)
        body_layout.addLayout(result_row)
        body_layout.addWidget(self.details)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{_(self.title)}</h2>"))
        layout.addWidget(scroll, 1)

    # -- previews ------------------------------------------------------------------------
    def preview_summary(self) -> PreviewDialog | None:
        date_from, date_to = self.summary.period()
        if date_from > date_to:
            self.show_result(_("The start of the period is after its end."))
            return None
        locale = self.context.locale
        title = _("Donations summary {start} – {end}").format(
            start=format_date(date_from, locale), end=format_date(date_to, locale)
        )
        self.preview = documents.preview_report(
            self,
            documents.summary_renderer(self.context, date_from, date_to),
            self.summary.language.currentData(),
            title,
            f"summary {date_from.isoformat()} {date_to.isoformat()}.pdf",
        )
        return self.preview

    def preview_register(self) -> PreviewDialog | None:
        year = self.register.year.value()
        self.preview = documents.preview_report(
            self,
            documents.register_renderer(self.context, year),
            self.register.language.currentData(),
            _("Receipts register {year}").format(year=year),
            f"register {year}.pdf",
        )
        return self.preview

    def preview_tax_declaration(self) -> PreviewDialog | None:
        """The count and total of the reçus fiscaux issued in the register's year."""
        from assocdesk.reports.tax_declaration import render_declaration

        year = self.register.year.value()
        renderer = documents.read_renderer(
            self.context, lambda s, language: render_declaration(s, year, language=language)
        )
        self.preview = documents.preview_report(
            self,
            renderer,
            self.register.language.currentData(),
            _("Tax receipts issued in {year} (article 222 bis of the CGI)").format(year=year),
            f"article 222 bis {year}.pdf",
        )
        return self.preview

    # -- background jobs -----------------------------------------------------------------
    def ask_save_path(self, title: str, suggested: str, filters: str) -> str:
        """The file chooser; "" if cancelled (tests replace this method). A name typed without
        an extension gets the one of the chosen file type."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return file_chooser.ask_save_path(self, title, Path(folder) / suggested, filters)

    def ask_folder(self, title: str) -> str:
        """The folder chooser; "" if cancelled (tests replace this method)."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return QFileDialog.getExistingDirectory(self, title, folder)

    def create_statements(self) -> workers.Job | None:
        """Every donor's statement of the year, as one PDF or one file each, in the background."""
        from assocdesk.reports.batch import BatchCancelled
        from assocdesk.usecases.printing import CannotWrite, print_statements

        year = self.statements.year.value()
        language = self.statements.language.currentData()
        one_file = self.statements.one_file.isChecked()
        if one_file:
            chosen = self.ask_save_path(
                _("Yearly statements"), f"statements {year}.pdf", _("PDF documents (*.pdf)")
            )
            if chosen and not chosen.lower().endswith(".pdf"):
                chosen += ".pdf"
        else:
            chosen = self.ask_folder(_("Folder for the statements"))
        if not chosen:
            return None
        out = Path(chosen)
        db = self.context.db

        def work(progress: workers.Progress) -> Any:
            return print_statements(
                db, year, out=out, one_file=one_file, language=language, progress=progress
            )

        job = workers.Job(work, cancelled_by=(BatchCancelled,), user_errors=(CannotWrite,))
        job.signals.finished.connect(self._statements_done)
        return self._start(job, _("Writing the statements of {year}…").format(year=year), out)

    def _statements_done(self, result: Any) -> None:
        """How many were written, where, and who got none or cannot be mailed, and why."""
        lines = [donor_line(row) for row in [*result.skipped, *result.flagged]]
        self.show_result(
            ngettext(
                "{count} statement written to {path}",
                "{count} statements written to {path}",
                result.count,
            ).format(count=result.count, path=isolate_path(self.output)),
            lines,
            _("To check:"),
        )

    def export_file(self) -> workers.Job | None:
        """The accountant's CSV or XLSX file, written in the background."""
        from assocdesk.spreadsheets.export import (
            ExportCancelled,
            ExportError,
            export_contacts,
            export_donations,
        )
        from assocdesk.spreadsheets.export_records import export_kind

        section = self.export
        language = section.language.currentData()
        donations = section.donations.isChecked()
        other = section.other_kind()
        year = section.year.value()
        include_void = section.include_void.isChecked()
        include_archived = section.include_archived.isChecked()
        suggested = f"donations {year}.xlsx" if donations else f"{other or 'contacts'}.xlsx"
        chosen = self.ask_save_path(
            _("Export for the accountant"),
            suggested,
            _("Excel workbook (*.xlsx)") + ";;" + _("CSV file (*.csv)"),
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() not in (".csv", ".xlsx"):
            path = path.with_name(path.name + ".xlsx")
        db = self.context.db

        def work(progress: workers.Progress) -> int:
            with db.reading() as session:
                if other is not None:
                    return export_kind(session, other, path, language=language, progress=progress)
                if donations:
                    return export_donations(
                        session,
                        path,
                        year=year,
                        language=language,
                        include_void=include_void,
                        progress=progress,
                    )
                return export_contacts(
                    session,
                    path,
                    language=language,
                    include_archived=include_archived,
                    progress=progress,
                )

        job = workers.Job(work, cancelled_by=(ExportCancelled,), user_errors=(ExportError,))
        job.signals.finished.connect(self._exported)
        return self._start(job, _("Exporting…"), path)

    def export_everything(self) -> workers.Job | None:
        """Every record type in one workbook, one sheet each, written in the background."""
        from assocdesk.spreadsheets.export_records import export_everything
        from assocdesk.spreadsheets.tabular import ExportCancelled, ExportError

        language = self.export.language.currentData()
        chosen = self.ask_save_path(
            _("Export everything"), "assocdesk.xlsx", _("Excel workbook (*.xlsx)")
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        db = self.context.db

        def work(progress: workers.Progress) -> int:
            with db.reading() as session:
                written = export_everything(session, path, language=language, progress=progress)
            return sum(written.values())

        job = workers.Job(work, cancelled_by=(ExportCancelled,), user_errors=(ExportError,))
        job.signals.finished.connect(self._exported)
        return self._start(job, _("Exporting…"), path)

    def _exported(self, count: int) -> None:
        self.show_result(
            ngettext(
                "{count} row written to {path}", "{count} rows written to {path}", count
            ).format(count=count, path=isolate_path(self.output))
        )

    def _start(self, job: workers.Job, label: str, output: Path) -> workers.Job:
        self.job = job
        self.output = output
        self.show_result("")
        job.signals.failed.connect(self._failed)
        job.signals.cancelled.connect(self._cancelled)
        self.progress.watch(job, label)
        return workers.start(job)

    def _failed(self, message: str) -> None:
        self.output = None
        self.show_result(message)

    def _cancelled(self) -> None:
        self.output = None
        self.show_result(_("Stopped: no file was written."))

    def _busy_changed(self, busy: bool) -> None:
        for section in (self.statements, self.export):
            section.button.setEnabled(not busy)
        self.export.everything.setEnabled(not busy)
        if not busy:
            self.job = None

    # -- results -------------------------------------------------------------------------
    def show_result(self, text: str, lines: list[str] | None = None, heading: str = "") -> None:
        self.result.setText(text)
        self.open_output.setVisible(bool(text) and self.output is not None)
        if lines:
            shown = [heading, *lines] if heading else lines
            self.details.setPlainText("\n".join(shown))
            line = self.details.fontMetrics().lineSpacing()
            self.details.setFixedHeight(min(len(shown), 8) * line + 2 * line)
        self.details.setVisible(bool(lines))

    def _open_output(self) -> None:
        if self.output is not None:
            folder = self.output if self.output.is_dir() else self.output.parent
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
