"""Password protection from Settings and the password asked at start-up."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from assocdesk.cli import main as cli_main
from assocdesk.services import contacts
from assocdesk.storage import encryption
from tests.ui.conftest import home_figures
from ui import app as app_module
from ui import commands
from ui.dialogs.password_dialog import ProtectDialog
from ui.main_window import MainWindow
from ui.pages.settings import SettingsPage

PASSWORD = "a long enough password"


def settings_page(desk) -> SettingsPage:
    page = desk.window.show_page("settings")
    assert isinstance(page, SettingsPage)
    return page


def test_without_sqlcipher_the_setting_only_explains(desk, monkeypatch) -> None:
    monkeypatch.setattr(encryption, "available", lambda: False)
    box = settings_page(desk).protection
    box.refresh()
    assert "Password protection is not installed in this copy of AssocDesk." in box.state.text()
    assert "pip" not in box.state.text()  # no command line shown to a person
    assert box.button.isHidden()


def test_protect_dialog_insists_on_a_backup_and_matching_passwords(desk) -> None:
    dialog = ProtectDialog(desk.window)
    dialog.password.setText(PASSWORD)
    dialog.confirmation.setText(PASSWORD)
    assert dialog.problem() == "Make a backup first, then tick the box."
    dialog.backed_up.setChecked(True)
    dialog.confirmation.setText(PASSWORD + "!")
    assert dialog.problem() == "The two passwords are not the same."
    dialog.password.setText("short")
    assert dialog.problem().startswith("Choose a password of at least 8")
    dialog.password.setText(PASSWORD)
    dialog.confirmation.setText(PASSWORD)
    assert dialog.problem() == ""
    dialog.close()


def test_protect_and_unprotect_from_settings(desk, monkeypatch) -> None:
    pytest.importorskip("sqlcipher3")
    commands.write(desk.context, lambda s: contacts.create(s, contacts.ContactInput(name="Samira")))
    box = settings_page(desk).protection
    assert box.button.text() == "Protect with a password…"
    monkeypatch.setattr(box, "ask_new_password", lambda: PASSWORD)
    assert box.toggle()
    path = desk.context.db.path
    assert encryption.is_encrypted(desk.context.db.engine)
    assert encryption.looks_encrypted(path)
    assert b"Samira" not in path.read_bytes()
    assert box.button.text() == "Remove the password…"
    contacts_page = desk.window.show_page("contacts")  # pages keep working on the new file
    assert contacts_page.model.rowCount() == 1

    monkeypatch.setattr(box, "ask_current_password", lambda: "not the password")
    assert not box.toggle()
    assert "password is not right" in box.state.text()
    assert encryption.is_encrypted(desk.context.db.engine)  # reopened, still protected

    monkeypatch.setattr(box, "ask_current_password", lambda: PASSWORD)
    assert box.toggle()
    assert not encryption.is_encrypted(desk.context.db.engine)
    assert path.read_bytes().startswith(b"SQLite format 3")
    assert desk.context.read(contacts.count) == 1


def test_start_up_asks_the_password_until_it_is_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: QApplication, qtbot
) -> None:
    pytest.importorskip("sqlcipher3")
    path = tmp_path / "protected.sqlite3"
    assert cli_main(["--db", str(path), "demo", "--size", "small"]) == 0
    encryption.encrypt(path, PASSWORD)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    answers = iter(["wrong password", PASSWORD])
    errors: list[str] = []

    def ask(_path: Path, error: str) -> str:
        errors.append(error)
        return next(answers)

    monkeypatch.setattr(app_module, "ask_password", ask)
    shown: list[MainWindow] = []

    def fake_exec() -> int:
        shown.extend(
            w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        )
        for window in shown:
            home_figures(qtbot, window)
            window.close()
        return 0

    monkeypatch.setattr(qapp, "exec", fake_exec)
    try:
        assert app_module.main(["--db", str(path), "--lang", "en"]) == 0
    finally:
        qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    assert errors[0] == "" and "password is not right" in errors[1]
    assert len(shown) == 1 and int(shown[0].pages["home"].members.value.text()) > 0


def test_start_up_cancelled_at_the_password_quits_quietly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("sqlcipher3")
    path = tmp_path / "protected.sqlite3"
    assert cli_main(["--db", str(path), "demo", "--size", "small"]) == 0
    encryption.encrypt(path, PASSWORD)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(app_module, "ask_password", lambda _path, _error: None)
    assert app_module.main(["--db", str(path), "--lang", "en"]) == 0
