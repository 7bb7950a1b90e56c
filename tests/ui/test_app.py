"""`assocdesk --db PATH` end to end: main() opens the file, skips first run on a configured
database, and shows the window with the association's name, mirrored in Arabic."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from assocdesk.cli import main as cli_main
from tests.ui.conftest import home_figures
from ui import app as app_module
from ui.main_window import MainWindow


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, qapp: QApplication, qtbot) -> list:
    """Run main() with exec() replaced: record the windows it shows instead of blocking."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() installs its own
    windows: list = []

    def fake_exec() -> int:
        windows.extend(
            w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        )
        for window in windows:
            home_figures(qtbot, window)
            window.close()
        return 0

    monkeypatch.setattr(qapp, "exec", fake_exec)
    yield windows
    qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


def test_opens_the_demo_database_in_arabic(shown: list, tmp_path: Path, qapp) -> None:
    path = tmp_path / "a.sqlite3"
    assert cli_main(["--db", str(path), "demo", "--size", "small"]) == 0
    assert app_module.main(["--db", str(path), "--lang", "ar"]) == 0
    [window] = shown
    assert "جمعية الأمل" in window.windowTitle()
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    home = window.pages["home"]
    assert int(home.members.value.text()) > 0
    assert str(path) in window.statusBar().currentMessage()


def test_refuses_a_file_that_is_not_a_database(
    shown: list, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database")
    messages: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda _parent, _title, text: messages.append(text)
    )
    assert app_module.main(["--db", str(path), "--lang", "en"]) == 1
    assert shown == []
    assert messages and "not an AssocDesk database" in messages[0]
    assert path.read_text() == "not a database"


def test_a_first_start_can_try_the_demo_and_the_next_one_opens_the_real_database(
    shown: list, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:
    """Issue 17: "Try with demo data" shows a full app from a file of its own; the real
    database stays empty, and the next start opens it and offers the first run again."""
    from assocdesk import demo
    from assocdesk.i18n import translate_in
    from assocdesk.services import association
    from assocdesk.storage.opening import open_database
    from ui.dialogs.first_run import DEMO, FirstRunDialog

    real = tmp_path / "assocdesk.sqlite3"
    offered: list[str] = []

    def try_the_demo(dialog: FirstRunDialog) -> int:
        offered.append(dialog.windowTitle())
        dialog.demo_button.click()
        qtbot.waitUntil(lambda: dialog.result() == DEMO, timeout=30_000)
        return dialog.result()

    monkeypatch.setattr(FirstRunDialog, "exec", try_the_demo)
    assert app_module.main(["--db", str(real), "--lang", "fr"]) == 0
    [window] = shown
    assert offered == [translate_in("fr", "Welcome to AssocDesk")]
    assert "Al Amal" in window.windowTitle()
    assert window.windowTitle().endswith(translate_in("fr", "Demo file"))
    assert int(window.pages["home"].members.value.text()) > 0
    assert "assocdesk-demo.sqlite3" in window.findChild(QLabel, "demo_notice").text()

    def cancel(dialog: FirstRunDialog) -> int:
        offered.append(dialog.windowTitle())
        return FirstRunDialog.DialogCode.Rejected

    monkeypatch.setattr(FirstRunDialog, "exec", cancel)
    assert app_module.main(["--db", str(real)]) == 0
    assert len(offered) == 2 and len(shown) == 1  # offered again; cancelled: no window
    for path, empty in ((real, True), (real.with_name("assocdesk-demo.sqlite3"), False)):
        database = open_database(path)
        try:
            with database.reading() as session:
                assert demo.is_empty(session) is empty
                assert association.is_configured(session) is not empty
        finally:
            database.close()
