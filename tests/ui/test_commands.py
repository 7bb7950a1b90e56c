"""The one UI runner (issue 19, points 2 and 6): changes emitted once, rows refreshed by id,
long commands in the background with Cancel, the import's file read once, renders and saves
off the UI thread."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWizard

from assocdesk.services import contacts
from assocdesk.services.changes import ChangeKind, Changes
from assocdesk.services.contacts import ContactInput
from assocdesk.services.errors import ValidationError
from ui import commands, workers
from ui.dialogs import import_file
from ui.widgets.progress_panel import ProgressPanel

TIMEOUT_MS = 20_000


def heard(desk) -> list[Changes]:
    """Every Changes the pages are told, in order."""
    told: list[Changes] = []
    desk.context.data_changed.connect(told.append)
    return told


def add(desk, name: str) -> int:
    return commands.write(desk.context, lambda s: contacts.create(s, ContactInput(name=name))).id


def test_the_runner_emits_what_the_command_changed_once(desk) -> None:
    told = heard(desk)
    contact_id = add(desk, "Amina")
    assert len(told) == 1
    assert told[0].ids_of(ChangeKind.CONTACTS) == {contact_id}
    with pytest.raises(ValidationError):  # nothing written: nothing told
        commands.write(desk.context, lambda s: contacts.create(s, ContactInput(name="")))
    assert len(told) == 1


def test_a_list_repaints_only_the_changed_row_when_its_id_is_known(qtbot, desk) -> None:
    page = desk.window.show_page("contacts")
    ids = [add(desk, name) for name in ("Amina", "Brahim", "Chama")]
    model = page.model
    assert model.rowCount() == 3
    resets: list[bool] = []
    painted: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.dataChanged.connect(
        lambda top, bottom, _roles=(): painted.append((top.row(), bottom.row()))
    )
    row = model.row_of(ids[1])
    page.select_id(ids[1])

    commands.write(
        desk.context, lambda s: contacts.update(s, ids[1], ContactInput(name="Brahim B."))
    )

    assert resets == []
    assert painted == [(row, row)]
    assert model.data(model.index(row, 0)) == "Brahim B."  # read again, not the cached row
    assert page.selected_id() == ids[1]  # the selection stayed
    inserted: list[int] = []
    model.rowsInserted.connect(lambda _parent, first, _last: inserted.append(first))
    new_id = add(desk, "Driss")  # a new row is inserted where SQL puts it, no reset
    assert resets == [] and inserted == [model.row_of(new_id)]
    assert page.count_label.text() == "Shown: 4"
    desk.window.grab().save("/tmp/changes_after_save.png")  # looked at by hand


def test_a_change_without_ids_reloads_the_list(desk) -> None:
    page = desk.window.show_page("contacts")
    add(desk, "Amina")
    resets: list[bool] = []
    page.model.modelReset.connect(lambda: resets.append(True))
    desk.context.publish(Changes.of(ChangeKind.CONTACTS))
    assert resets == [True]


class Stopped(Exception):
    pass


def test_a_long_command_shows_progress_and_cancel_leaves_nothing(qtbot, desk) -> None:
    db = desk.context.db
    total = 10_000

    def work(progress: workers.Progress) -> int:
        with db.transaction() as session:
            for done in range(total):
                if not progress(done, total):
                    raise Stopped
                contacts.create(session, ContactInput(name=f"Person {done}"))
                session.flush()
                time.sleep(0.002)
        return total

    told = heard(desk)
    panel = ProgressPanel()
    ended: list[str] = []
    command = commands.CommandOp(desk.context, work, cancelled_by=(Stopped,))
    command.cancelled(lambda: ended.append("cancelled")).watched_by(panel, "Adding")
    command.run_in_background()
    qtbot.waitUntil(lambda: panel.bar.value() > 0, timeout=TIMEOUT_MS)
    assert panel.isVisibleTo(None) or not panel.isHidden()
    panel.cancel_button.click()
    qtbot.waitUntil(lambda: ended == ["cancelled"], timeout=TIMEOUT_MS)
    assert panel.isHidden()
    assert desk.context.read(contacts.count) == 0
    assert told == []  # nothing was committed, nothing to refresh


def count_reads(monkeypatch) -> list[Path]:
    reads: list[Path] = []
    real = import_file.read_table

    def counted(path: Path, **options: object):
        reads.append(path)
        return real(path, **options)

    monkeypatch.setattr(import_file, "read_table", counted)
    return reads


@pytest.mark.parametrize("in_background", [False, True])
def test_the_import_wizard_reads_the_file_once(
    qtbot, desk, tmp_path: Path, monkeypatch, in_background: bool
) -> None:
    reads = count_reads(monkeypatch)
    if in_background:  # as a big file is
        monkeypatch.setattr(import_file, "BACKGROUND_READ_BYTES", 10)
    page = desk.window.show_page("contacts")
    wizard = page.open_import()
    path = tmp_path / "people.csv"
    path.write_text("Nom;Ville\nAmina;Rabat\nBrahim;Fès\n", encoding="utf-8")
    wizard.file_page.set_path(path)
    if in_background:
        assert wizard.file_page.reading is not None and not wizard.file_page.progress.isHidden()
        assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
        qtbot.waitUntil(lambda: wizard.table is not None, timeout=TIMEOUT_MS)
        assert wizard.file_page.progress.isHidden()
    assert wizard.file_page.sample.item(0, 0).text().strip("\u2066\u2068\u2069") == "Amina"
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview_page.plan is not None, timeout=TIMEOUT_MS)
    told = heard(desk)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.run_page.finished, timeout=TIMEOUT_MS)
    assert reads == [path]  # once, for the sample, the preview and the import
    assert len(told) == 1 and told[0].touches(ChangeKind.CONTACTS)
    assert page.model.rowCount() == 2
    wizard.accept()


def test_a_file_changed_since_it_was_read_is_read_again_on_next(
    qtbot, desk, tmp_path: Path, monkeypatch
) -> None:
    reads = count_reads(monkeypatch)
    wizard = desk.window.show_page("contacts").open_import()
    path = tmp_path / "people.csv"
    path.write_text("Nom\nAmina\n", encoding="utf-8")
    wizard.file_page.set_path(path)
    path.write_text("Nom\nAmina\nBrahim\n", encoding="utf-8")
    wizard.next()
    assert len(reads) == 2 and len(wizard.table.rows) == 2
    wizard.reject()


def test_a_document_is_drawn_off_the_ui_thread(desk) -> None:
    main = threading.get_ident()
    assert workers.wait_for(threading.get_ident) != main
    with pytest.raises(ValueError, match="no font"):
        workers.wait_for(lambda: (_ for _ in ()).throw(ValueError("no font")))


# -- saving off the UI thread (point 6) ---------------------------------------------------------


def test_a_save_runs_on_another_thread_and_returns_its_result(desk) -> None:
    main = threading.get_ident()
    ran_in: list[int] = []
    told = heard(desk)

    def create(session):
        ran_in.append(threading.get_ident())
        return contacts.create(session, ContactInput(name="Amina"))

    record = commands.write(desk.context, create)
    assert ran_in and ran_in[0] != main
    assert record.name == "Amina"
    assert told[0].ids_of(ChangeKind.CONTACTS) == {record.id}  # told on the UI thread


def test_a_validation_error_in_the_save_reaches_the_caller_with_its_field(desk) -> None:
    with pytest.raises(ValidationError) as raised:
        commands.write(desk.context, lambda s: contacts.create(s, ContactInput(name="  ")))
    assert raised.value.field == "name"
    assert desk.context.read(contacts.count) == 0


def test_the_window_keeps_running_while_a_save_waits_for_the_lock(qtbot, desk) -> None:
    """Another program holds the write lock; the UI thread's own timer lets it go. Were the
    save run on the UI thread, that timer could not fire and the save would fail after
    SQLite's 5 s busy timeout."""
    holder = sqlite3.connect(desk.context.db.path)
    holder.execute("BEGIN IMMEDIATE")  # the lock a second program (or a backup) holds
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    QTimer.singleShot(600, holder.rollback)
    started = time.monotonic()
    try:
        contact_id = add(desk, "Amina")
    finally:
        timer.stop()
        holder.close()
    assert time.monotonic() - started >= 0.5  # it did wait for the lock
    assert len(ticks) >= 10  # the UI thread ran its timers meanwhile (and painted)
    assert desk.context.read(lambda s: contacts.get(s, contact_id).name) == "Amina"


def test_a_second_save_during_the_first_is_refused_not_interleaved(qtbot, desk) -> None:
    order: list[str] = []
    second: list[BaseException] = []

    def slow(session):
        order.append("first starts")
        time.sleep(0.4)
        record = contacts.create(session, ContactInput(name="Amina"))
        order.append("first ends")
        return record

    def try_second() -> None:  # a timer's save, while the first one waits
        try:
            add(desk, "Brahim")
        except commands.SaveInProgress as exc:
            second.append(exc)
            order.append("second refused")

    QTimer.singleShot(100, try_second)
    commands.write(desk.context, slow)
    assert order == ["first starts", "second refused", "first ends"]
    assert second and second[0].message  # said in words
    assert desk.context.read(contacts.count) == 1
    add(desk, "Brahim")  # once the first has ended, saving works again
    assert desk.context.read(contacts.count) == 2


def test_a_save_asked_for_off_the_ui_thread_runs_there(desk) -> None:
    """A use case run in the background may write: it must not wait for the UI thread."""
    ran_in: list[int] = []

    def create(session):
        ran_in.append(threading.get_ident())
        return contacts.create(session, ContactInput(name="Amina")).id

    worker = threading.get_ident
    here = workers.wait_for(lambda: (worker(), commands.write(desk.context, create)))
    assert ran_in == [here[0]]
    assert desk.context.read(contacts.count) == 1
