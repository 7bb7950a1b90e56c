"""The import wizard walked like a person would, the duplicate finder, the typing hint, and
the "Export everything" button."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import psycopg
import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QWizard

from assocdesk.i18n import _
from assocdesk.services import contacts, members
from assocdesk.storage.server_locks import IMPORT_LOCK_KEY
from assocdesk.text.bidi import isolate_path
from assocdesk.text.locales import format_date
from tests.ui.conftest import type_text
from ui import commands
from ui.app import Application
from ui.dialogs.duplicates_dialog import DuplicatesDialog, MergeDialog
from ui.dialogs.import_wizard import ImportWizard

TIMEOUT_MS = 60_000
WAITING = "Another desk is importing; this import starts when it ends."


def text(item) -> str:
    """A cell's text without the bidi isolates that keep it readable in both directions."""
    return item.text().strip("\u2066\u2068\u2069")


# Excel's plain "CSV" on an Arabic Windows: Windows-1256, semicolons.
ARABIC_CSV = (
    "الاسم;الهاتف;المدينة;رقم الانخراط;تاريخ الانخراط\r\n"
    "أحمد بنعلي;06 12 34 56 78;الرباط;12;21/11/2025\r\n"
    "فاطمة الزهراء;+212 6 11 22 33 44;سلا;;5 مارس 2024\r\n"
    ";0611;فاس;;32/13/2025\r\n"
)


def arabic_file(tmp_path: Path) -> Path:
    path = tmp_path / "المنخرطون.csv"
    path.write_bytes(ARABIC_CSV.encode("cp1256"))
    return path


def test_wizard_imports_a_cp1256_semicolon_csv_with_arabic_headers(
    qtbot, desk, tmp_path: Path
) -> None:
    page = desk.window.show_page("members")
    wizard = page.open_import()
    assert isinstance(wizard, ImportWizard) and wizard.kind == "members"
    chosen = arabic_file(tmp_path)
    wizard.file_page.ask_open_path = lambda: str(chosen)
    wizard.file_page.findChild(type(page.new_button), "import_browse").click()

    # 1. The file, read with what was guessed.
    assert wizard.file_page.encoding.currentData() == "cp1256"
    assert wizard.file_page.delimiter.currentData() == ";"
    sample = wizard.file_page.sample
    assert sample.horizontalHeaderItem(0).text() == "الاسم"
    assert text(sample.item(0, 0)) == "أحمد بنعلي"
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    # A wrong encoding chosen by hand shows garbled text; choosing right again fixes it.
    wizard.file_page.encoding.setCurrentIndex(wizard.file_page.encoding.findData("cp1252"))
    assert text(sample.item(0, 0)) != "أحمد بنعلي"
    wizard.file_page.encoding.setCurrentIndex(wizard.file_page.encoding.findData("cp1256"))
    assert text(sample.item(0, 0)) == "أحمد بنعلي"
    wizard.next()

    # 2. Columns, guessed from the Arabic headers.
    mapping_page = wizard.mapping_page
    assert mapping_page.mapping() == ["name", "phone", "city", "number", "joined_on"]
    wizard.next()

    # 3. Preview: values as stored, and the bad row with what is wrong.
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: preview.plan is not None, timeout=TIMEOUT_MS)
    assert text(preview.rows.item(0, 2)) == "أحمد بنعلي"
    assert text(preview.rows.item(1, 2)) == "فاطمة الزهراء"
    assert text(preview.rows.item(1, 7))  # "5 مارس 2024" read as a date, shown formatted
    problems = {
        (text(preview.problems.item(r, 0)), text(preview.problems.item(r, 1)))
        for r in range(preview.problems.rowCount())
    }
    assert problems == {("4", "الاسم"), ("4", "الهاتف"), ("4", "تاريخ الانخراط")}
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    assert not commit.isEnabled()  # problems: nothing until the person decides
    preview.skip_bad.setChecked(True)
    assert commit.isEnabled()
    wizard.next()

    # 4. The import, in the background.
    run = wizard.run_page
    qtbot.waitUntil(lambda: run.finished, timeout=TIMEOUT_MS)
    assert run.outcome.text() == "Done. Created: 2, merged: 0, skipped: 1."
    rows = desk.context.read(lambda s: members.list_members(s).rows)
    assert sorted((r.name, r.number, r.joined_on) for r in rows) == [
        ("أحمد بنعلي", "12", date(2025, 11, 21)),
        ("فاطمة الزهراء", "13", date(2024, 3, 5)),
    ]
    assert page.model.rowCount() == 2  # the page heard about the change
    wizard.accept()


def test_cancel_during_the_import_changes_nothing(qtbot, desk, tmp_path: Path, monkeypatch) -> None:
    from ui import workers

    page = desk.window.show_page("contacts")
    wizard = page.open_import()
    path = tmp_path / "many.csv"
    path.write_text(
        "Nom;Ville\n" + "".join(f"Personne {i};Rabat\n" for i in range(3000)), encoding="utf-8"
    )
    wizard.file_page.set_path(path)
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview_page.plan is not None, timeout=TIMEOUT_MS)
    real_start = workers.start

    def start_cancelled(job: workers.Job, **options: bool) -> workers.Job:
        job.cancel()  # as if Cancel was pressed at once
        return real_start(job, **options)

    monkeypatch.setattr(workers, "start", start_cancelled)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.run_page.finished, timeout=TIMEOUT_MS)
    assert wizard.run_page.outcome.text() == "Import stopped; nothing was changed."
    assert desk.context.read(contacts.count) == 0


def test_duplicate_finder_merges_and_remembers_not_duplicates(qtbot, desk) -> None:
    def add(name: str, phone: str = "", email: str = "") -> int:
        return commands.write(
            desk.context,
            lambda s: contacts.create(
                s, contacts.ContactInput(name=name, phone=phone, email=email)
            ),
        ).id

    first = add("Ahmed Benali", "0612345678")
    second = add("BENALI Ahmed", "+212 6 12 34 56 78", "ahmed@x.ma")
    add("Sara Amrani", email="s@x.ma")
    add("S. Amrani", email="s@x.ma")
    page = desk.window.show_page("contacts")
    dialog = page.find_duplicates()
    assert isinstance(dialog, DuplicatesDialog)
    assert dialog.table.rowCount() == 2
    merge = dialog.compare_selected()
    assert isinstance(merge, MergeDialog)
    assert {merge.keep_id, merge.other_id} == {first, second}
    merge.groups["email"].button(2).setChecked(True)
    merge.accept()
    assert dialog.table.rowCount() == 1
    kept = desk.context.read(lambda s: contacts.details(s, merge.keep_id))
    assert kept.values.email == "ahmed@x.ma"
    dialog.mark_different()
    assert dialog.table.rowCount() == 0
    dialog.refresh()
    assert dialog.summary.text() == "No likely duplicates."


def test_new_contact_form_shows_likely_duplicates_and_opens_the_existing_one(qtbot, desk) -> None:
    existing = commands.write(
        desk.context,
        lambda s: contacts.create(s, contacts.ContactInput(name="أحمد بنعلي", phone="0612345678")),
    ).id
    page = desk.window.show_page("members")
    dialog = page.open_new()
    hint = dialog.contact.hint
    type_text(dialog.contact.name, "احمد بن علي")
    hint.check()
    assert hint.isHidden()  # other words: not the same name
    dialog.contact.name.clear()
    type_text(dialog.contact.name, "احمد بنعلى")
    qtbot.waitUntil(lambda: not hint.isHidden(), timeout=5_000)
    assert f'href="{existing}"' in hint.text()
    opened = dialog.contact.open_existing(existing)
    assert opened.contact.name.text() == "أحمد بنعلي"
    assert opened.contact.hint.exclude_id == existing
    assert not dialog.isVisible()


def test_export_everything_button(qtbot, desk, tmp_path: Path) -> None:
    commands.write(desk.context, lambda s: contacts.create(s, contacts.ContactInput(name="Karim")))
    page = desk.window.show_page("reports")
    target = tmp_path / "tout.xlsx"
    page.ask_save_path = lambda title, suggested, filters: str(target)
    page.export.everything.click()
    qtbot.waitUntil(lambda: not page.progress.busy, timeout=TIMEOUT_MS)
    assert page.result.text() == f"1 row written to {isolate_path(target)}"
    assert len(load_workbook(target, read_only=True).sheetnames) == 6


def test_fix_the_file_and_retry(qtbot, desk, tmp_path: Path) -> None:
    page = desk.window.show_page("contacts")
    wizard = page.open_import()
    path = tmp_path / "people.csv"
    path.write_text("Nom;Téléphone\nAli;0611\nSara;0622334455\n", encoding="utf-8")
    wizard.file_page.set_path(path)
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview_page.plan is not None, timeout=TIMEOUT_MS)
    assert wizard.preview_page.problems.rowCount() == 1
    path.write_text("Nom;Téléphone\nAli;0611223344\nSara;0622334455\n", encoding="utf-8")
    wizard.back()
    wizard.back()
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview_page.plan is not None, timeout=TIMEOUT_MS)
    assert wizard.preview_page.plan.errors == []
    assert wizard.button(QWizard.WizardButton.CommitButton).isEnabled()


# Issue 15: the columns that protect a person in posts, as a secretary types them.
PROTECTED_CSV = (
    "الاسم;المدينة;تاريخ الازدياد;قاصر\n"
    "مصطفى الإدريسي;الرباط;14/03/2014;\n"
    "سارة العمراني;سلا;;نعم\n"
    "أحمد بنعلي;فاس;;لا\n"
)


@pytest.mark.parametrize("desk", ["ar", "fr"], indirect=True)
def test_preview_shows_the_date_of_birth_and_the_minor_flag(
    qtbot, desk, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    page = desk.window.show_page("contacts")
    wizard = page.open_import()
    path = tmp_path / "contacts.csv"
    path.write_text(PROTECTED_CSV, encoding="utf-8")
    wizard.file_page.set_path(path)
    wizard.next()
    assert wizard.mapping_page.mapping() == ["name", "city", "date_of_birth", "is_minor"]
    wizard.next()
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: preview.plan is not None, timeout=TIMEOUT_MS)

    headers = [
        preview.rows.horizontalHeaderItem(c).text() for c in range(preview.rows.columnCount())
    ]
    born_column = headers.index(_("Date of birth"))
    minor_column = headers.index(_("Minor (under 18)"))
    cells = [
        (text(preview.rows.item(r, born_column)), text(preview.rows.item(r, minor_column)))
        for r in range(3)
    ]
    locale = desk.context.locale
    assert cells == [
        (format_date(date(2014, 3, 14), locale), ""),
        ("", _("Yes")),
        ("", ""),
    ]
    assert cells[1][1] == {"ar": "نعم", "fr": "Oui"}[request.node.callspec.params["desk"]]
    preview.grab().save(str(tmp_path / "import_preview_protection.png"))
    wizard.reject()


# Issue 22, point 4: on a shared server, an import waits for another desk's, and says so.
@pytest.fixture
def server_desk(qapp, server_url: str, tmp_path: Path) -> Iterator[Application]:
    from assocdesk.storage.opening import open_database
    from tests.ui.conftest import make_app
    from ui import workers

    app = make_app(qapp, open_database(server_url), tmp_path, "en")
    yield app
    workers.cancel_all()
    assert workers.wait_for_jobs(10_000)
    app.window.close()
    app.context.close_database()


@contextmanager
def other_desk_importing(server_url: str) -> Iterator[Callable[[], None]]:
    """Another desk holding the import lock; the callback ends its import (rolled back)."""
    with psycopg.connect(server_url) as connection:
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (IMPORT_LOCK_KEY,))
        yield connection.rollback
        connection.rollback()


def _start_import(qtbot, app: Application, tmp_path: Path) -> ImportWizard:
    page = app.window.show_page("contacts")
    wizard = page.open_import()
    path = tmp_path / "people.csv"
    path.write_text("Nom;Ville\nAli;Rabat\nSara;Salé\n", encoding="utf-8")
    wizard.file_page.set_path(path)
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview_page.plan is not None, timeout=TIMEOUT_MS)
    wizard.next()
    return wizard


def test_on_a_server_the_import_waits_for_another_desks_and_says_so(
    qtbot, server_desk, server_url: str, tmp_path: Path
) -> None:
    with other_desk_importing(server_url) as end_other_import:
        wizard = _start_import(qtbot, server_desk, tmp_path)
        run = wizard.run_page
        label = run.progress.label
        qtbot.waitUntil(lambda: label.text() == WAITING, timeout=TIMEOUT_MS)
        assert run.progress.cancel_button.isEnabled() and not run.finished
        end_other_import()
        qtbot.waitUntil(lambda: run.finished, timeout=TIMEOUT_MS)
    assert run.outcome.text() == "Done. Created: 2, merged: 0, skipped: 0."
    assert label.text() == "Importing… (Cancel leaves everything as it was)"  # once it went on
    assert server_desk.context.read(contacts.count) == 2
    wizard.accept()


def test_on_a_server_cancel_stops_the_wait_and_changes_nothing(
    qtbot, server_desk, server_url: str, tmp_path: Path
) -> None:
    with other_desk_importing(server_url):
        wizard = _start_import(qtbot, server_desk, tmp_path)
        run = wizard.run_page
        qtbot.waitUntil(lambda: run.progress.label.text() == WAITING, timeout=TIMEOUT_MS)
        run.progress.cancel_button.click()
        qtbot.waitUntil(lambda: run.finished, timeout=10_000)  # without the other ending
    assert run.outcome.text() == "Import stopped; nothing was changed."
    assert server_desk.context.read(contacts.count) == 0
    wizard.reject()
