"""The window looks like a program: its icon is set, its title and Help → About AssocDesk name
the installed version, and the About box says the licences and the data folder in the UI's
language (issue 17, point 4); it shows the database file kept left to right, and the licence of
every font and icon the package ships (issue 21, point 4)."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit, QPushButton

from assocdesk import version
from ui.app import Application
from ui.dialogs.about_dialog import BUNDLED, AboutDialog, licence_text

ROOT = Path(__file__).resolve().parents[2]


def project_version() -> str:
    """The version pip installed (the metadata, built from pyproject's dynamic version)."""
    return metadata.version("assocdesk")


def test_the_version_is_the_projects() -> None:
    with (ROOT / "pyproject.toml").open("rb") as file:
        project = tomllib.load(file)["project"]
    assert "version" in project["dynamic"]  # one source, so the two below cannot drift
    assert version() == project_version()


def test_window_and_application_have_the_icon(desk: Application, qapp: QApplication) -> None:
    for icon in (desk.window.windowIcon(), qapp.windowIcon()):
        assert not icon.isNull()
        sizes = {size.width() for size in icon.availableSizes()}
        assert {16, 32, 256} <= sizes
    assert not desk.window.windowIcon().pixmap(16, 16).toImage().isNull()


def test_title_names_the_version(desk: Application) -> None:
    title = desk.window.windowTitle()
    assert title == f"Al Amal Association — assocdesk.sqlite3 — AssocDesk {project_version()}"


def open_about(desk: Application, monkeypatch: pytest.MonkeyPatch) -> AboutDialog:
    """Help → About AssocDesk, through the menu's action, with the dialog kept instead of run."""
    shown: list[AboutDialog] = []
    monkeypatch.setattr(AboutDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    help_menu = desk.window.menuBar().actions()[-1].menu()
    assert help_menu.objectName() == "help_menu"
    names = [a.objectName() for a in help_menu.actions() if not a.isSeparator()]
    assert names == ["help_action", "about_action"]
    # F1 is the help's (shortcuts and help); About is the last item, as in most programs.
    assert help_menu.actions()[0].shortcut() == QKeySequence(Qt.Key.Key_F1)
    about = help_menu.actions()[-1]
    about.trigger()
    [dialog] = shown
    dialog.show()
    return dialog


LANGUAGES = {
    "ar": ("عن AssocDesk", "الإصدار", "رخصة جنو العمومية العامة", "مجلد البيانات:", "الخط العربي"),
    "fr": (
        "À propos d'AssocDesk",
        "Version",
        "licence publique générale GNU",
        "Dossier de données :",
        "Police arabe",
    ),
}


@pytest.mark.parametrize("desk", ["ar", "fr"], indirect=True)
def test_about_box_in_the_ui_language(
    desk: Application, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, request
) -> None:
    language = request.node.callspec.params["desk"]
    title, version_word, licence, data_label, font = LANGUAGES[language]
    assert desk.window.menuBar().actions()[-1].text() == {"ar": "مساعدة", "fr": "&Aide"}[language]
    dialog = open_about(desk, monkeypatch)
    text = dialog.text()
    assert dialog.windowTitle() == title
    assert f"{version_word} {project_version()}" in text
    assert licence in text and "GPL-3.0-or-later" in text
    assert font in text and "Amiri" in text and "OFL" in text
    assert data_label in text
    assert str(desk.context.db.path.parent) in text
    database = dialog.findChild(QLabel, "about_database").text()
    assert f"\u2066{desk.context.db.path}\u2069" in database  # a left-to-right island
    assert "Khaled Hosny" in text  # the font's notice, read from its licence file
    assert not dialog.windowIcon().isNull()
    expected = (
        Qt.LayoutDirection.RightToLeft if language == "ar" else Qt.LayoutDirection.LeftToRight
    )
    assert dialog.layoutDirection() == expected
    assert dialog.grab().save(str(tmp_path / f"about-{language}.png"))


def test_every_bundled_font_and_icon_has_its_licence() -> None:
    """A font or an icon added to the package without a BUNDLED entry fails here."""
    resources = ROOT / "assocdesk" / "resources"
    for folder in ("fonts", "icons"):
        patterns, licence, notice = BUNDLED[folder]
        assert (resources / folder / notice).is_file()
        assert licence in {"OFL-1.1", "GPL-3.0-or-later"}
        for file in (resources / folder).iterdir():
            if file.name in (notice, "README", "OFL.txt"):
                continue
            assert any(file.match(pattern) for pattern in patterns), file.name
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence_text("fonts")
    assert "GNU General Public License" in licence_text("icons")


def test_the_font_licence_is_one_click_away(desk: Application, monkeypatch) -> None:
    dialog = open_about(desk, monkeypatch)
    dialog.findChild(QPushButton, "about_font_licence").click()
    shown = dialog.licence_dialog
    assert shown.isVisible()
    assert "SIL OPEN FONT LICENSE" in shown.findChild(QPlainTextEdit).toPlainText()
    shown.close()
