"""The Reports page: summary and register previews; every donor's statements and the
accountant's export in the background worker, with progress and a Cancel that leaves no file;
the page in Arabic and French (PNG under tmp_path)."""

from __future__ import annotations

import csv
import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from assocdesk.i18n import translate_in
from assocdesk.services import association
from assocdesk.text.bidi import isolate_path
from tests.pdfcheck import page_count
from tests.ui.conftest import make_app
from tests.ui.donors import LAST_YEAR, add_donor, give
from ui import commands, workers
from ui.widgets.fields import select_data

JOB_TIMEOUT_MS = 60_000


def three_donors(app) -> None:
    """Two donors with a statement, one whose only gift was voided (listed as skipped)."""
    from assocdesk.services import donations

    day = date(LAST_YEAR, 5, 10)
    give(app, add_donor(app, "Karim Ouazzani", language="fr"), "300", on=day)
    give(app, add_donor(app, "أحمد بنعلي", language="ar"), "1500", on=day)
    voided = give(app, add_donor(app, "Salma Idrissi"), "50", on=day)
    commands.write(app.context, lambda s: donations.void(s, voided, "Typing mistake"))


@pytest.fixture
def recorded_progress(monkeypatch) -> list[tuple[int, int]]:
    """Every progress report of the jobs started, connected before the job can report."""
    seen: list[tuple[int, int]] = []
    real_start = workers.start

    def start(job: workers.Job, **options: bool) -> workers.Job:
        job.signals.progress.connect(lambda done, total: seen.append((done, total)))
        return real_start(job, **options)

    monkeypatch.setattr(workers, "start", start)
    return seen


def wait_until_idle(qtbot, page) -> None:
    qtbot.waitUntil(lambda: not page.progress.busy, timeout=JOB_TIMEOUT_MS)


def test_summary_preview_defaults_to_fiscal_year_so_far(qtbot, desk) -> None:
    profile = desk.context.read(association.details).values
    profile.fiscal_year_start_month = 9
    commands.write(desk.context, lambda s: association.save(s, profile))
    give(desk, add_donor(desk, "Karim Ouazzani"), "300")
    page = desk.window.show_page("reports")
    start, end = page.summary.period()
    assert start.day == 1 and start.month == 9 and start <= date.today() == end
    assert (date.today() - start).days < 366

    page.summary.button.click()
    assert page.preview is not None and page.preview.isVisible()
    assert len(page.preview.page_labels) == page_count(page.preview.pdf) >= 1
    select_data(page.preview.language, "ar")  # drawn again in Arabic, same preview
    assert len(page.preview.page_labels) >= 1


def test_summary_period_must_be_in_order(desk) -> None:
    page = desk.window.show_page("reports")
    page.summary.date_from.setDate(page.summary.date_to.date().addDays(1))
    assert page.preview_summary() is None
    assert page.result.text() == "The start of the period is after its end."


def test_register_preview(desk) -> None:
    give(desk, add_donor(desk, "Karim Ouazzani"), "300")
    page = desk.window.show_page("reports")
    page.register.year.setValue(date.today().year)
    page.register.button.click()
    assert page.preview is not None and len(page.preview.page_labels) >= 1


@pytest.mark.parametrize("one_file", [False, True])
def test_statements_for_all_donors_in_the_background(
    qtbot, desk, tmp_path: Path, recorded_progress, one_file: bool
) -> None:
    three_donors(desk)
    page = desk.window.show_page("reports")
    folder = tmp_path / "statements"
    target = tmp_path / "all statements.pdf"
    page.ask_folder = lambda title: str(folder)
    page.ask_save_path = lambda title, suggested, filters: str(target)
    page.statements.year.setValue(LAST_YEAR)
    (page.statements.one_file if one_file else page.statements.per_donor).setChecked(True)

    page.statements.button.click()
    assert page.progress.isVisible() and not page.statements.button.isEnabled()
    wait_until_idle(qtbot, page)

    assert recorded_progress[0] == (0, 2) and recorded_progress[-1] == (2, 2)
    assert page.progress.bar.value() == page.progress.bar.maximum() == 2
    assert page.statements.button.isEnabled() and not page.progress.isVisible()
    if one_file:
        assert page_count(target.read_bytes()) >= 2
        assert str(target) in page.result.text()
    else:
        assert len(list(folder.glob("*.pdf"))) == 2
        assert str(folder) in page.result.text()
    assert page.result.text().startswith("2 ")
    assert "Salma Idrissi" in page.details.toPlainText()  # skipped: all gifts voided
    assert page.open_output.isVisible()


def test_cancelling_statements_leaves_no_file(qtbot, desk, tmp_path: Path, monkeypatch) -> None:
    """Cancel pressed after the first progress report: the job stops, nothing is written."""
    three_donors(desk)
    page = desk.window.show_page("reports")
    folder = tmp_path / "statements"
    page.ask_folder = lambda title: str(folder)
    page.statements.year.setValue(LAST_YEAR)
    page.statements.per_donor.setChecked(True)

    # Hold the worker inside its first progress report until Cancel has been pressed, so the
    # test does not race a batch that is faster than the click.
    gate = threading.Event()
    reported: list[tuple[int, int]] = []
    real_start = workers.start

    def start(job: workers.Job, **options: bool) -> workers.Job:
        # In this order: the queued report is posted to the UI before the worker blocks.
        job.signals.progress.connect(lambda done, total: reported.append((done, total)))
        job.signals.progress.connect(
            lambda _done, _total: gate.wait(10), Qt.ConnectionType.DirectConnection
        )
        return real_start(job, **options)

    monkeypatch.setattr(workers, "start", start)
    job = page.create_statements()
    assert job is not None
    qtbot.waitUntil(lambda: reported == [(0, 2)])  # the first report reached the UI
    qtbot.mouseClick(page.progress.cancel_button, Qt.MouseButton.LeftButton)
    assert job.cancel_requested and not page.progress.cancel_button.isEnabled()
    gate.set()
    wait_until_idle(qtbot, page)

    assert page.result.text() == "Stopped: no file was written."
    assert not folder.exists() or list(folder.iterdir()) == []
    assert not page.open_output.isVisible()


def test_export_donations_to_csv(qtbot, desk, tmp_path: Path, recorded_progress) -> None:
    for amount in ("100", "250,50"):
        give(desk, add_donor(desk, "Karim Ouazzani"), amount)
    page = desk.window.show_page("reports")
    target = tmp_path / "donations.csv"
    page.ask_save_path = lambda title, suggested, filters: str(target)
    page.export.year.setValue(date.today().year)
    select_data(page.export.language, "fr")
    page.export.button.click()
    wait_until_idle(qtbot, page)

    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0][0] == translate_in("fr", "Receipt")
    assert len(rows) == 3
    assert recorded_progress[-1] == (2, 2)
    assert page.result.text() == f"2 rows written to {isolate_path(target)}"


def test_export_contacts_to_an_unwritable_place_says_why(qtbot, desk, tmp_path: Path) -> None:
    add_donor(desk, "Karim Ouazzani")
    page = desk.window.show_page("reports")
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    page.ask_save_path = lambda title, suggested, filters: str(blocker / "contacts.xlsx")
    page.export.contacts.setChecked(True)
    page.export.button.click()
    wait_until_idle(qtbot, page)
    assert page.result.text()
    assert "rows written" not in page.result.text()
    assert not (blocker / "contacts.xlsx").exists()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_reports_page_in_language(qapp, db, tmp_path: Path, language: str) -> None:
    app = make_app(qapp, db, tmp_path, language)
    try:
        page = app.window.show_page("reports")
        qapp.processEvents()
        expected = (
            Qt.LayoutDirection.RightToLeft if language == "ar" else Qt.LayoutDirection.LeftToRight
        )
        assert page.layoutDirection() == expected
        assert page.summary.title() == translate_in(language, "Donations summary")
        assert app.window.grab().save(str(tmp_path / f"reports_{language}.png"))
    finally:
        app.window.close()
        app.apply_language("en")


def test_progress_is_thinned_to_about_one_report_per_percent(qtbot) -> None:
    """Regression: a 3 000-donor batch emitted 3 000 progress signals; each Python emit costs
    PySide6 6.12.0 a reference to True, and the process aborted ("bool_dealloc")."""
    seen: list[tuple[int, int]] = []

    def work(progress: workers.Progress) -> int:
        for done in range(10_001):
            progress(done, 10_000)
        return 7

    job = workers.Job(work)
    job.signals.progress.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(job.signals.finished, timeout=JOB_TIMEOUT_MS) as finished:
        workers.start(job)
    assert finished.args == [7]
    assert seen[0] == (0, 10_000) and seen[-1] == (10_000, 10_000)
    assert len(seen) <= workers.REPORTS + 2


def test_a_bug_in_a_job_is_reported_not_raised(qtbot) -> None:
    def work(progress: workers.Progress) -> None:
        raise KeyError("boom")

    job = workers.Job(work)
    with qtbot.waitSignal(job.signals.failed, timeout=JOB_TIMEOUT_MS) as failed:
        workers.start(job)
    assert "boom" in failed.args[0]
    assert job.done


def test_a_name_without_extension_gets_the_chosen_type(desk, monkeypatch, tmp_path: Path) -> None:
    """Regression (review): the extension was added after Qt's overwrite question, so an
    existing "for the accountant.csv" was replaced without asking."""
    from PySide6.QtWidgets import QDialog, QFileDialog

    def choose(dialog: QFileDialog) -> int:
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.selectNameFilter("CSV file (*.csv)")
        dialog.filterSelected.emit("CSV file (*.csv)")
        dialog.selectFile(str(tmp_path / "for the accountant"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QFileDialog, "exec", choose)
    page = desk.window.show_page("reports")
    chosen = page.ask_save_path("t", "x.xlsx", "Excel workbook (*.xlsx);;CSV file (*.csv)")
    assert chosen == str(tmp_path / "for the accountant.csv")
