"""Data safety in the app on a password-protected database: Back up to… and the copy on close
are protected, Restore from… asks the password of a protected backup (the start-up prompt),
and a damaged protected database is unlocked, then offered its protected backups.

The backup password prompt and the restore question are rendered to PNG (under tmp_path, or
$SHOTS) in Arabic and French."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from assocdesk import i18n
from assocdesk.cli import main as cli_main
from assocdesk.services import contacts
from assocdesk.storage import encryption, sqlite_file
from assocdesk.storage.backups import bundle as backup
from assocdesk.storage.backups import rotation
from assocdesk.storage.opening import open_database
from tests.core.backup_helpers import record_donations
from tests.ui.conftest import home_figures
from tests.ui.data_helpers import data_section, shot, wait_idle
from ui import app as app_module
from ui.app import Application
from ui.dialogs.damaged_dialog import DamagedDatabaseDialog
from ui.dialogs.password_dialog import UnlockDialog
from ui.main_window import MainWindow

pytest.importorskip("sqlcipher3")

PASSWORD = "a long enough password"


def protected_bundle(tmp_path: Path, donations: int) -> Path:
    """A .assocdesk-backup of another database protected by PASSWORD."""
    path = tmp_path / "elsewhere" / "protected.sqlite3"
    database = open_database(path)
    record_donations(database, donations)
    database.close()
    encryption.encrypt(path, PASSWORD)
    bundle = tmp_path / "usb" / "protected.assocdesk-backup"
    assert backup.create_bundle(path, bundle, password=PASSWORD).protected
    return bundle


def protect(desk: Application, monkeypatch: pytest.MonkeyPatch) -> None:
    box = desk.window.show_page("settings").protection
    monkeypatch.setattr(box, "ask_new_password", lambda: PASSWORD)
    assert box.toggle() and desk.context.db.password == PASSWORD


@pytest.mark.parametrize("desk", ["en", "ar", "fr"], indirect=True)
def test_restore_asks_the_password_of_a_protected_backup(
    desk: Application, qtbot, tmp_path: Path
) -> None:
    language = desk.context.language
    bundle = protected_bundle(tmp_path, 3)
    record_donations(desk.context.db, 1)
    section = data_section(desk)
    errors: list[str] = []
    answers = iter(["not the password", PASSWORD])

    def ask(source: Path, error: str) -> str:
        """The real prompt, rendered, answered by the test instead of a person."""
        errors.append(error)
        dialog = UnlockDialog(str(source), error, section, backup=True)
        dialog.show()
        shot(dialog, tmp_path, f"cipher-backup-password-{len(errors)}-{language}")
        dialog.close()
        return next(answers)

    questions: list[str] = []

    def confirm(text: str) -> bool:
        questions.append(text)
        box = QMessageBox(QMessageBox.Icon.Question, "AssocDesk", text)
        box.show()
        QApplication.processEvents()
        shot(box, tmp_path, f"cipher-restore-question-{language}")
        box.close()
        return True

    notices: list[str] = []
    section.ask_open_path = lambda: str(bundle)
    section.ask_backup_password = ask
    section.confirm_restore = confirm
    section.notify = notices.append
    assert section.restore() is not None
    qtbot.waitUntil(lambda: bool(notices) or "Nothing" in section.result.text(), timeout=30_000)

    assert len(errors) == 2 and errors[0] == "" and errors[1] != ""
    assert len(questions) == 1 and len(notices) == 1
    db = desk.context.db
    assert db.password == PASSWORD and encryption.is_encrypted(db.engine)  # reopened with it
    assert sqlite_file.summarize(db.path, PASSWORD).counts["donations"] == 3
    [kept] = rotation.list_backups(db.path, [rotation.BEFORE_RESTORE])
    assert sqlite_file.summarize(kept.path).counts["donations"] == 1  # the plain one, kept
    if language == "en":
        assert "password is not right" in errors[1]
        assert "protected by a password" in questions[0]


def test_restore_cancelled_at_the_password_changes_nothing(
    desk: Application, qtbot, tmp_path: Path
) -> None:
    bundle = protected_bundle(tmp_path, 2)
    section = data_section(desk)
    window = desk.window
    section.ask_open_path = lambda: str(bundle)
    section.ask_backup_password = lambda _source, _error: None
    section.confirm_restore = lambda text: pytest.fail("nothing was verified")
    section.restore()
    qtbot.waitUntil(lambda: "Nothing was changed" in section.result.text(), timeout=20_000)
    assert desk.window is window and desk.context.db.password is None
    assert not [p for p in desk.context.db.path.parent.iterdir() if "-restore-" in p.name]


def test_a_protected_database_backs_up_and_restores_protected(
    desk: Application, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_donations(desk.context.db, 2)
    protect(desk, monkeypatch)
    section = data_section(desk)
    out = tmp_path / "usb" / "copy.assocdesk-backup"
    out.parent.mkdir()
    section.ask_save_path = lambda suggested: str(out)
    section.back_up()
    wait_idle(qtbot, section)
    assert "same password" in section.result.text()
    assert encryption.looks_encrypted(desk.context.db.path)

    record_donations(desk.context.db, 3)
    notices: list[str] = []
    section.ask_open_path = lambda: str(out)
    section.ask_backup_password = lambda *_args: pytest.fail("its password is the database's")
    section.confirm_restore = lambda text: True
    section.notify = notices.append
    section.restore()
    qtbot.waitUntil(lambda: bool(notices), timeout=20_000)
    db = desk.context.db
    assert db.password == PASSWORD
    with db.reading() as session:
        assert contacts.count(session) == 0
    assert sqlite_file.summarize(db.path, PASSWORD).counts["donations"] == 2

    path = db.path
    desk.shutdown(now=datetime(2025, 5, 1, 18, 0))
    [copy] = rotation.list_backups(path, [rotation.AUTO])
    assert encryption.looks_encrypted(copy.path)
    assert PASSWORD.encode() not in copy.path.read_bytes()
    assert sqlite_file.summarize(copy.path, PASSWORD).counts["donations"] == 2


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_damaged_protected_database_is_unlocked_then_offered_its_backups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: QApplication, qtbot, language: str
) -> None:
    path = tmp_path / "protected.sqlite3"
    assert cli_main(["--db", str(path), "demo"]) == 0
    encryption.encrypt(path, PASSWORD)
    good = rotation.auto_backup(path, datetime(2025, 6, 1, 18, 30), PASSWORD)
    assert good is not None and encryption.looks_encrypted(good)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 8192 * 4096])

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    asked: list[str] = []
    monkeypatch.setattr(
        app_module, "ask_password", lambda _p, error: asked.append(error) or PASSWORD
    )
    shown: list[DamagedDatabaseDialog] = []

    def fake_exec(dialog: DamagedDatabaseDialog) -> int:
        shown.append(dialog)
        assert dialog.table.rowCount() == 1
        assert dialog.table.item(0, 2).text() == "150"  # read with the password
        assert dialog.selected_backup() == good
        assert dialog.restore_selected()
        return dialog.result()

    monkeypatch.setattr(DamagedDatabaseDialog, "exec", fake_exec)
    windows: list[MainWindow] = []

    def fake_app_exec() -> int:
        windows.extend(
            w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        )
        for window in windows:
            home_figures(qtbot, window)
        return 0

    monkeypatch.setattr(qapp, "exec", fake_app_exec)
    try:
        assert app_module.main(["--db", str(path), "--lang", language]) == 0
    finally:
        qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        i18n.set_language("en")
    assert asked == [""] and len(shown) == 1 and len(windows) == 1
    assert int(windows[0].pages["home"].members.value.text()) > 0
    assert sqlite_file.summarize(path, PASSWORD).counts["contacts"] == 150
    [damaged] = rotation.list_backups(path, [rotation.DAMAGED])
    assert damaged.path.stat().st_size < path.stat().st_size


def test_the_backup_password_prompt_says_it_is_a_backup(qapp: QApplication) -> None:
    dialog = UnlockDialog("/media/usb/copy.assocdesk-backup", "", backup=True)
    texts = " ".join(label.text() for label in dialog.findChildren(type(dialog.error)))
    assert dialog.windowTitle() == "Protected backup"
    assert "The backup /media/usb/copy.assocdesk-backup is protected" in texts
    assert dialog.error.isHidden()
    dialog.close()
