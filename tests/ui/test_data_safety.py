"""Data safety in the app: Back up to…, Restore from…, the automatic copy on close, the
damaged-database dialog at start-up, the second-instance refusal, and a save refused by the disk.

Each dialog is rendered to PNG (under tmp_path, or /work/notes/shots when SHOTS is set) in
Arabic and French."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from sqlalchemy import event

from assocdesk import i18n
from assocdesk.cli import main as cli_main
from assocdesk.services import contacts
from assocdesk.storage import sqlite_file
from assocdesk.storage.backups import bundle as backup
from assocdesk.storage.backups import rotation
from assocdesk.storage.engine import Database
from assocdesk.storage.lock import DatabaseLock
from tests.core.backup_helpers import record_donations
from tests.ui.conftest import type_text
from tests.ui.data_helpers import data_section, shot, wait_idle
from ui import app as app_module
from ui.app import Application
from ui.dialogs.contact_dialog import ContactDialog
from ui.dialogs.damaged_dialog import DamagedDatabaseDialog
from ui.main_window import MainWindow


@pytest.mark.parametrize("desk", ["ar", "fr"], indirect=True)
def test_back_up_to_and_restore_from(desk: Application, qtbot, tmp_path: Path) -> None:
    record_donations(desk.context.db, 3)
    section = data_section(desk)
    language = desk.context.language
    section.window().resize(1000, 800)
    section.parentWidget().parentWidget().parentWidget().ensureWidgetVisible(section)
    shot(section.window(), tmp_path, f"backup-settings-{language}")

    out = tmp_path / "usb" / "copy"
    out.parent.mkdir()
    section.ask_save_path = lambda suggested: str(out)
    assert section.back_up() is not None
    wait_idle(qtbot, section)
    bundle = out.with_name("copy" + backup.SUFFIX)
    assert bundle.exists()
    assert str(bundle) in section.result.text() and "3" in section.result.text()

    record_donations(desk.context.db, 2)  # after the backup
    old_window = desk.window
    questions: list[str] = []
    notices: list[str] = []
    section.ask_open_path = lambda: str(bundle)
    section.confirm_restore = lambda text: questions.append(text) or True
    section.notify = notices.append
    assert section.restore() is not None
    qtbot.waitUntil(lambda: bool(notices), timeout=20_000)

    assert "copy.assocdesk-backup" in questions[0]
    assert desk.window is not old_window  # rebuilt on the restored database
    assert desk.window.stack.currentWidget() is desk.window.pages["settings"]
    assert sqlite_file.summarize(desk.context.db.path).counts["donations"] == 3
    [kept] = rotation.list_backups(desk.context.db.path, [rotation.BEFORE_RESTORE])
    assert str(kept.path) in notices[0]
    assert sqlite_file.summarize(kept.path).counts["donations"] == 5


def test_restore_declined_or_refused_changes_nothing(desk: Application, qtbot, tmp_path) -> None:
    record_donations(desk.context.db, 2)
    section = data_section(desk)
    bundle = tmp_path / "b.assocdesk-backup"
    backup.create_bundle(desk.context.db.path, bundle)
    window = desk.window
    section.ask_open_path = lambda: str(bundle)
    section.confirm_restore = lambda text: False
    section.restore()
    qtbot.waitUntil(lambda: "Nothing was changed" in section.result.text(), timeout=20_000)
    assert desk.window is window
    assert not [p for p in desk.context.db.path.parent.iterdir() if "-restore-" in p.name]

    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 1
    bundle.write_bytes(bytes(data))
    section.confirm_restore = lambda text: pytest.fail("a damaged backup must not get this far")
    section.restore()
    qtbot.waitUntil(lambda: "damaged" in section.result.text(), timeout=20_000)
    assert desk.window is window


def test_automatic_backup_on_close(desk: Application, monkeypatch: pytest.MonkeyPatch) -> None:
    record_donations(desk.context.db, 1)
    path = desk.context.db.path
    desk.shutdown(now=datetime(2025, 5, 1, 18, 0))
    [copy] = rotation.list_backups(path)
    assert copy.created == datetime(2025, 5, 1, 18, 0)
    assert sqlite_file.summarize(copy.path).counts["donations"] == 1


def test_a_failed_automatic_backup_is_said(
    desk: Application, monkeypatch: pytest.MonkeyPatch
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    folder = rotation.backups_dir(desk.context.db.path)
    folder.write_text("a file where the folder should be")
    desk.shutdown(now=datetime(2025, 5, 1, 18, 0))
    assert len(warnings) == 1 and "could not be written" in warnings[0]


@pytest.mark.parametrize("desk", ["ar", "fr", "en"], indirect=True)
def test_a_full_or_read_only_disk_keeps_the_dialog_and_its_values(
    desk: Application, tmp_path: Path
) -> None:
    db = desk.context.db
    event.listen(db.engine, "connect", lambda conn, _r: conn.execute("PRAGMA query_only=ON"))
    db.engine.dispose()
    dialog = ContactDialog(desk.context)
    dialog.show()
    type_text(dialog.contact.name, "أحمد بن علي")
    dialog.accept()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.contact.name.text() == "أحمد بن علي"
    assert not dialog.general_error.isHidden()
    if desk.context.language == "en":
        assert "read-only" in dialog.general_error.text()
    else:
        assert dialog.general_error.text() != "" and "read-only" not in dialog.general_error.text()
        shot(dialog, tmp_path, f"backup-disk-refused-{desk.context.language}")
    dialog.reject()


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.fixture
def app_main(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, qapp: QApplication):
    """Run ui.app.main with exec() replaced: returns the shown main windows."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    windows: list = []

    def fake_exec() -> int:
        windows.extend(
            w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        )
        return 0

    monkeypatch.setattr(qapp, "exec", fake_exec)
    yield windows
    qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    i18n.set_language("en")


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_truncated_database_offers_the_latest_good_backup(
    app_main: list, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    """Acceptance: a truncated database is detected at start-up and the person is offered the
    last good backup, listed with its date and counts; restoring it opens the app on it."""
    path = tmp_path / "a.sqlite3"
    assert cli_main(["--db", str(path), "demo"]) == 0
    good = rotation.auto_backup(path, datetime(2025, 6, 1, 18, 30))
    older = rotation.auto_backup(path, datetime(2025, 5, 31, 18, 30))
    assert good and older
    truncate(path)
    shown: list[DamagedDatabaseDialog] = []

    def fake_exec(dialog: DamagedDatabaseDialog) -> int:
        shown.append(dialog)
        dialog.resize(760, 420)
        shot(dialog, tmp_path, f"backup-damaged-{language}")
        assert dialog.table.rowCount() == 2
        assert dialog.table.item(0, 0).text() == "2025-06-01 18:30"
        assert dialog.table.item(0, 2).text() == "150"  # contacts
        assert dialog.selected_backup() == good
        assert dialog.restore_selected()
        return dialog.result()

    monkeypatch.setattr(DamagedDatabaseDialog, "exec", fake_exec)
    assert app_module.main(["--db", str(path), "--lang", language]) == 0
    assert len(shown) == 1 and len(app_main) == 1
    assert shown[0].layoutDirection() == (
        Qt.LayoutDirection.RightToLeft if language == "ar" else Qt.LayoutDirection.LeftToRight
    )
    assert sqlite_file.summarize(path).counts["contacts"] == 150
    [damaged] = rotation.list_backups(path, [rotation.DAMAGED])
    assert damaged.path.stat().st_size < path.stat().st_size


def test_damaged_database_quit_leaves_it_untouched(
    app_main: list, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.sqlite3"
    assert cli_main(["--db", str(path), "init"]) == 0
    truncate(path)
    before = path.read_bytes()

    def fake_exec(dialog: DamagedDatabaseDialog) -> int:
        assert dialog.table.isHidden() and not dialog.none_label.isHidden()
        assert not dialog.restore_button.isEnabled()
        bad = tmp_path / "bad.assocdesk-backup"
        bad.write_bytes(b"nothing")
        dialog.ask_backup_file = lambda: str(bad)
        assert not dialog.restore_chosen_file()
        assert "not an AssocDesk backup" in dialog.error.text()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(DamagedDatabaseDialog, "exec", fake_exec)
    assert app_module.main(["--db", str(path), "--lang", "en"]) == 1
    assert app_main == [] and path.read_bytes() == before


def test_damage_found_after_the_window_opened_offers_the_backups_and_writes_nothing(
    app_main: list, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: QApplication, qtbot
) -> None:
    """The whole-file check runs beside the window's start: pages overwritten in the middle of
    the file (the header intact) are found a moment after the window shows. The window is
    disabled, the backups are offered as at start, and quitting there leaves the file as it was
    (no automatic copy of a damaged file either)."""
    path = tmp_path / "a.sqlite3"
    assert cli_main(["--db", str(path), "demo"]) == 0
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page * 2 : page * 2 + 64] = b"\x00\xff" * 32
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    shown: list[DamagedDatabaseDialog] = []
    exits: list[int] = []

    def fake_exec(dialog: DamagedDatabaseDialog) -> int:
        shown.append(dialog)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(DamagedDatabaseDialog, "exec", fake_exec)
    monkeypatch.setattr(qapp, "exit", exits.append)
    database = app_module.open_or_recover(path, check_later=True)
    assert database is not None and database.check is not None  # opened: checked beside
    app = Application(qapp, database, app_module.Preferences())
    app.apply_language("en")
    app.show_main_window()
    try:
        qtbot.waitUntil(lambda: len(shown) == 1, timeout=10_000)
        assert exits == [1] and app.context.db.check.damage() is not None
        assert not app.window.isEnabled()
        app.shutdown()
        assert path.read_bytes() == before
        assert rotation.list_backups(path, [rotation.AUTO]) == []
    finally:
        app.window.close()


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_second_instance_is_refused(
    app_main: list, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db: Database, language: str
) -> None:
    messages: list[str] = []

    def critical(_parent, title: str, text: str) -> None:
        messages.append(text)
        box = QMessageBox(QMessageBox.Icon.Critical, title, text)
        box.show()  # laid out (and its text wrapped) as QMessageBox.critical shows it
        QApplication.processEvents()
        shot(box, tmp_path, f"backup-second-instance-{language}")
        box.close()

    monkeypatch.setattr(QMessageBox, "critical", critical)
    with DatabaseLock(db.path):  # another AssocDesk has it
        assert app_module.main(["--db", str(db.path), "--lang", language]) == 1
    assert app_main == [] and len(messages) == 1
    if language == "en":
        assert "already open in another AssocDesk" in messages[0]
    assert str(db.path) in messages[0]
    with db.reading() as session:
        assert contacts.count(session) == 0
