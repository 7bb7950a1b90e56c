"""`assocdesk --db PATH` end to end: main() opens the file, skips first run on a configured
database, and shows the window with the association's name, mirrored in Arabic."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

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
