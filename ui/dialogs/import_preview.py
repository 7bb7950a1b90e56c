"""The import wizard's last two pages: the preview with every problem, and the import itself.

Both do their work in the background worker (a file of 200 000 rows takes a while to check),
with the inline progress bar and its Cancel; the window stays responsive. The preview writes
nothing; the import checks everything again inside its own transaction and writes it whole,
or — cancelled, failed — leaves the database exactly as it was. On a shared server, while
another desk imports, the progress line says this import waits for it (Cancel still works).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from assocdesk import labels
from assocdesk.i18n import N_, _, ngettext
from assocdesk.spreadsheets.importer import ImportCancelled, ImportRefused, ImportResult, run_import
from assocdesk.spreadsheets.kinds import Entry
from assocdesk.spreadsheets.plan import (
    BAD,
    CREATE,
    MERGE,
    SKIP,
    ImportPlan,
    MappingProblem,
    PlannedRow,
    build_plan,
)
from assocdesk.spreadsheets.planned import ActivityValues, ContactValues, DonationValues
from assocdesk.text.bidi import isolate, isolate_auto
from assocdesk.text.locales import format_date
from assocdesk.text.money import format_money
from ui import commands, theme, workers
from ui.dialogs.import_file import read_only_table
from ui.widgets.progress_panel import ProgressPanel

PREVIEW_COLUMNS = {
    Entry.PERSON: (
        N_("Name"),
        N_("Phone"),
        N_("E-mail"),
        N_("City"),
        N_("Membership no."),
        N_("Joined on"),
        N_("Date of birth"),
        N_("Minor (under 18)"),
    ),
    Entry.DONATION: (N_("Donor"), N_("Date"), N_("Amount"), N_("Method"), N_("Campaign")),
    Entry.ACTIVITY: (N_("Title"), N_("Date"), N_("Place"), N_("Type"), N_("Beneficiaries")),
}


def what_happens(plan: ImportPlan, row: PlannedRow) -> str:
    if row.action == BAD:
        return _("Problem: not imported")
    if row.action == SKIP:
        return _("Already there")
    if row.action == MERGE:
        return _("Merged with {name}").format(
            name=isolate(row.match_name) if row.match_name else _("an earlier row")
        )
    if isinstance(row.values, DonationValues) and (
        row.match_id is not None or row.match_row is not None
    ):
        return _("New, from {name}").format(name=isolate(row.match_name))
    return _("New")


def shown_values(plan: ImportPlan, row: PlannedRow, locale: str) -> list[str]:
    """A row's values as they will be stored (what a bad row has, as read)."""
    values, read = row.values, row.read
    if isinstance(values, ActivityValues):
        data = values.activity
        starts = read.get("starts_at")
        return [
            data.title,
            format_date(starts, locale) if starts else "",
            data.place,
            labels.label("activity_type", data.type),
            str(data.beneficiaries_count),
        ]
    if isinstance(values, DonationValues):
        return [
            values.contact["name"] if values.contact else _("Anonymous donor"),
            format_date(values.donated_on, locale),
            format_money(values.amount_minor, values.currency, locale),
            labels.label("donation_method", values.method),
            values.campaign,
        ]
    if isinstance(values, ContactValues):
        contact, membership = values.contact, values.membership
        joined = membership.joined_on if membership else None
        return [
            contact["name"],
            contact["phone"],
            contact["email"],
            contact["city"],
            (membership.number or _("(next number)")) if membership else "",
            format_date(joined, locale) if joined else "",
            # What protects a person in posts: seen before importing, not found out later.
            format_date(contact["date_of_birth"], locale) if contact["date_of_birth"] else "",
            _("Yes") if contact["is_minor"] else "",
        ]
    # A bad row: what names it, as read.
    entry = plan.kind.rules.entry
    if entry is Entry.ACTIVITY:
        starts = read.get("starts_at")
        shown = [
            str(read.get("title", "")),
            format_date(starts, locale) if starts else "",
            str(read.get("place", "")),
        ]
    else:
        shown = [str(read.get("name", ""))]
    return shown + [""] * (len(PREVIEW_COLUMNS[entry]) - len(shown))


class PreviewPage(QWizardPage):
    def __init__(self, wizard: Any) -> None:
        super().__init__()
        self.import_wizard = wizard
        self.plan: ImportPlan | None = None
        self.job: workers.Job | None = None
        self.setTitle(_("Check before importing"))
        self.setSubTitle(_("The first rows as they will be stored, and every problem found."))
        self.setCommitPage(True)  # after this page the import starts: no way back
        self.progress = ProgressPanel()
        self.summary = QLabel()
        self.summary.setObjectName("import_summary")
        self.summary.setWordWrap(True)
        self.rows = read_only_table("import_preview")
        self.problems = read_only_table("import_problems")
        self.problems_label = QLabel()
        theme.style(self.problems_label, theme.Style.ERROR)
        self.skip_bad = QCheckBox(_("Skip the rows with problems and import the others"))
        self.skip_bad.setObjectName("import_skip_bad")
        self.skip_bad.toggled.connect(lambda _on: self.completeChanged.emit())
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.rows, 2)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.skip_bad)

    def initializePage(self) -> None:
        wizard = self.import_wizard
        self.plan = None
        self.summary.setText("")
        for table in (self.rows, self.problems):
            table.clear()
            table.setRowCount(0)
        self.problems_label.hide()
        self.problems.hide()
        self.skip_bad.hide()
        self.skip_bad.setChecked(False)
        db, table, kind, mapping, currency = (
            wizard.context.db,
            wizard.table,
            wizard.kind,
            list(wizard.mapping),
            wizard.currency,
        )

        def work(progress: workers.Progress) -> ImportPlan:
            progress(0, 1)
            with db.reading() as session:
                return build_plan(session, table, kind, mapping, currency=currency)

        self.job = workers.Job(work, user_errors=(MappingProblem,))
        self.job.signals.finished.connect(self._planned)
        self.job.signals.failed.connect(self.summary.setText)
        self.progress.watch(self.job, _("Reading and checking every row…"))
        workers.start(self.job)
        self.completeChanged.emit()

    def cancel(self) -> None:
        if self.job is not None and not self.job.done:
            self.job.cancel()

    def _planned(self, plan: ImportPlan) -> None:
        self.job = None
        self.plan = plan
        self.import_wizard.plan = plan
        locale = self.import_wizard.context.locale
        bad = plan.count(BAD)
        self.summary.setText(
            _(
                "{rows} — new: {new}, merged with someone already recorded: {merged}, "
                "already there: {there}, with problems: {bad}."
            ).format(
                rows=ngettext("{count} row", "{count} rows", len(plan.rows)).format(
                    count=len(plan.rows)
                ),
                new=plan.count(CREATE),
                merged=plan.count(MERGE),
                there=plan.count(SKIP),
                bad=bad,
            )
        )
        titles = [_("Row"), _("What will happen")] + [
            _(t) for t in PREVIEW_COLUMNS[plan.kind.rules.entry]
        ]
        shown = plan.rows[:50]
        self.rows.setColumnCount(len(titles))
        self.rows.setHorizontalHeaderLabels(titles)
        self.rows.setRowCount(len(shown))
        for r, row in enumerate(shown):
            cells = [str(row.line), what_happens(plan, row), *shown_values(plan, row, locale)]
            for c, text in enumerate(cells):
                self.rows.setItem(r, c, QTableWidgetItem(isolate_auto(text)))
        self.rows.resizeColumnsToContents()
        errors = plan.errors
        if errors:
            self.problems_label.setText(_("Problems ({count}):").format(count=len(errors)))
            self.problems.setColumnCount(4)
            self.problems.setHorizontalHeaderLabels(
                [_("Row"), _("Column"), _("Value"), _("Problem")]
            )
            self.problems.setRowCount(len(errors))
            for r, error in enumerate(errors):
                for c, text in enumerate(
                    (str(error.line), error.column, error.value, error.message)
                ):
                    self.problems.setItem(r, c, QTableWidgetItem(isolate_auto(text)))
            self.problems.resizeColumnsToContents()
            for widget in (self.problems_label, self.problems, self.skip_bad):
                widget.show()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        plan = self.plan
        if plan is None or plan.importable == 0:
            return False
        return plan.count(BAD) == 0 or self.skip_bad.isChecked()


class _Notices(QObject):
    """The import's notices, emitted from its worker thread, reach the page (main thread) as
    queued signals. Without a parent: the running work keeps it, so a wizard closed while the
    import waits never leaves the worker emitting from a deleted object."""

    said = Signal(str)


class RunPage(QWizardPage):
    def __init__(self, wizard: Any) -> None:
        super().__init__()
        self.import_wizard = wizard
        self.job: workers.Job | None = None
        self.finished = False
        self.result: ImportResult | None = None
        self.setTitle(_("Importing"))
        self.progress = ProgressPanel()
        self.notices = _Notices()
        self.notices.said.connect(self._notice)
        self.outcome = QLabel()
        self.outcome.setObjectName("import_outcome")
        self.outcome.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.outcome)
        layout.addStretch(1)

    def initializePage(self) -> None:
        wizard = self.import_wizard
        self.finished = False
        self.outcome.setText("")
        db, table, kind, mapping, currency = (
            wizard.context.db,
            wizard.table,
            wizard.kind,
            list(wizard.mapping),
            wizard.currency,
        )
        skip = wizard.preview_page.skip_bad.isChecked()
        notices = self.notices

        def work(progress: workers.Progress) -> ImportResult:
            return run_import(
                db,
                table,
                kind,
                mapping,
                currency=currency,
                skip_bad_rows=skip,
                progress=progress,
                notice=notices.said.emit,
            )

        command = commands.CommandOp(
            wizard.context,
            work,
            cancelled_by=(ImportCancelled,),
            user_errors=(ImportRefused, MappingProblem),
        )
        command.success(self._done).failure(self._failed).cancelled(self._cancelled)
        command.watched_by(self.progress, self._importing_label())
        self.command = command
        self.job = command.run_in_background()

    @staticmethod
    def _importing_label() -> str:
        return _("Importing… (Cancel leaves everything as it was)")

    def _notice(self, text: str) -> None:
        """What the import waits for (another desk importing), or "" once it goes on."""
        self.progress.label.setText(text or self._importing_label())

    def cancel(self) -> None:
        if self.job is not None and not self.job.done:
            self.job.cancel()

    def _ended(self, text: str) -> None:
        self.job = None
        self.finished = True
        self.outcome.setText(text)
        self.completeChanged.emit()

    def _done(self, result: ImportResult) -> None:
        self.result = result
        self._ended(
            _("Done. Created: {created}, merged: {merged}, skipped: {skipped}.").format(
                created=result.created, merged=result.merged, skipped=result.skipped
            )
        )

    def _failed(self, message: str) -> None:
        self._ended(_("Nothing was imported: {reason}").format(reason=message))

    def _cancelled(self) -> None:
        self._ended(_("Import stopped; nothing was changed."))

    def isComplete(self) -> bool:
        return self.finished
