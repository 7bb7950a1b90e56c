"""The window looks like a program: its icon is set, its title and Help → About AssocDesk name
the installed version, and the About box says the licences and the data folder in the UI's
language (issue 17, point 4)."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from assocdesk import version
from ui.app import Application
from ui.dialogs.about_dialog import AboutDialog

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
    assert title == f"Al Amal Association — AssocDesk {project_version()}"


def open_about(desk: Application, monkeypatch: pytest.MonkeyPatch) -> AboutDialog:
    """Help → About AssocDesk, through the menu's action, with the dialog kept instead of run."""
    shown: list[AboutDialog] = []
    monkeypatch.setattr(AboutDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    [help_menu] = [
        a
        for a in desk.window.menuBar().actions()
        if a.menu() and a.menu().actions() and a.menu().actions()[0].objectName() == "about_action"
    ]
    about = help_menu.menu().actions()[0]
    assert about.shortcut() == QKeySequence(Qt.Key.Key_F1)
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
    assert not dialog.windowIcon().isNull()
    expected = (
        Qt.LayoutDirection.RightToLeft if language == "ar" else Qt.LayoutDirection.LeftToRight
    )
    assert dialog.layoutDirection() == expected
    assert dialog.grab().save(str(tmp_path / f"about-{language}.png"))
