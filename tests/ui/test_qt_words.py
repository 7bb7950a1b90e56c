"""Every word in the person's language, Qt's own included (issue 20, point 5).

Seen by a tester in the Arabic window: "OK" in the second-instance box, "Look in:" and
"Files of type:" in file dialogs, and Settings showing `pip install assocdesk[encryption]`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox

from assocdesk import i18n
from assocdesk.i18n import translate_in
from assocdesk.storage import encryption
from assocdesk.storage.lock import DatabaseLock
from tests.test_translations import _extracted, catalog
from tests.ui.bidi_visual import drawn
from tests.ui.data_helpers import shot
from ui import app as app_module
from ui import qt_words
from ui.pages import protection

# A command typed in a terminal: never shown in the window.
COMMAND = re.compile(r"\bpip3? install\b|\bpython3? -m\b|\bsudo\b|\bapt(-get)? install\b")


@pytest.fixture
def english_again(qapp: QApplication) -> Iterator[None]:
    yield
    i18n.set_language("en")
    qt_words.install("en")
    qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    qapp.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, False)


def qtbase(language: str, context: str, source: str) -> str:
    """Qt's own catalog's translation, read directly."""
    translator = QTranslator()
    assert translator.load(f"qtbase_{language}", str(qt_words.translations_folder()))
    return translator.translate(context, source)


def test_the_second_instance_box_speaks_arabic_from_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: QApplication, english_again: None
) -> None:
    """main() installs Qt's catalog before the box that refuses a second AssocDesk."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() installs its own
    path = tmp_path / "held.sqlite3"
    shown: list[QMessageBox] = []

    def critical(parent, title: str, text: str, *_args, **_kwargs):
        box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok)
        box.adjustSize()
        shown.append(box)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "critical", critical)
    with DatabaseLock(path):  # the first AssocDesk
        assert app_module.main(["--db", str(path), "--lang", "ar"]) == 1
    [box] = shown
    shot(box, tmp_path, "second-instance-ar")
    [ok] = box.buttons()
    assert ok.text() == qtbase("ar", "QPlatformTheme", "OK") != "OK"
    assert box.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert "AssocDesk" in box.text() and "/held.sqlite3" in drawn(
        box.text(), Qt.LayoutDirection.RightToLeft
    ).replace(" ", "")


@pytest.mark.parametrize(
    ("language", "look_in", "file_type"),
    [("ar", "البحث في:", "نوع الملفات:"), ("fr", "Voir dans :", "Fichiers de type :")],
)
def test_qts_file_dialog_is_translated(
    language: str,
    look_in: str,
    file_type: str,
    qapp: QApplication,
    tmp_path: Path,
    english_again: None,
) -> None:
    app_module.start_language(qapp, language)
    dialog = QFileDialog(None, "AssocDesk", str(tmp_path), "*.xlsx")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    labels = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
    labels = {name: text.replace("&", "") for name, text in labels.items()}
    assert labels["lookInLabel"] == look_in
    assert labels["fileTypeLabel"] == file_type
    assert labels["fileNameLabel"].replace("\xa0", " ") != "File name:"  # Qt's catalog
    # Qt's catalog first: ours only where it has nothing.
    assert QCoreApplication.translate("QFileDialog", "Look in:") == qtbase(
        language, "QFileDialog", "Look in:"
    )
    shot(dialog, tmp_path, f"file-dialog-{language}")


def test_back_in_english_qt_speaks_english(qapp: QApplication, english_again: None) -> None:
    app_module.start_language(qapp, "ar")
    app_module.start_language(qapp, "en")
    assert qt_words.installed() == []
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "&Look in:"
    assert QCoreApplication.translate("QPlatformTheme", "OK") == "OK"


@pytest.mark.parametrize("system_speaks_it", [True, False])
def test_file_dialogs_are_qts_own_when_the_system_speaks_another_language(
    system_speaks_it: bool,
    qapp: QApplication,
    monkeypatch: pytest.MonkeyPatch,
    english_again: None,
) -> None:
    """A native (GTK, Windows) dialog follows the system's language, not AssocDesk's."""
    monkeypatch.setattr(qt_words, "speaks_system_language", lambda _language: system_speaks_it)
    qt_words.install("ar")
    native_refused = qapp.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    assert native_refused is not system_speaks_it


@pytest.mark.parametrize("desk", ["ar", "fr"], indirect=True)
def test_settings_says_protection_is_not_installed_without_a_command(
    desk, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(encryption, "available", lambda: False)
    box = desk.window.show_page("settings").protection
    box.refresh()
    language = i18n.current_language()
    text = box.state.text()
    said = "Password protection is not installed in this copy of AssocDesk."
    assert translate_in(language, said) in text
    assert f'href="{protection.HOW_TO_LINK}"' in text
    assert not COMMAND.search(text)
    shot(box, tmp_path, f"protection-{language}")

    opened: list = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    box.state.linkActivated.emit(protection.HOW_TO_LINK)
    [url] = opened
    assert url.fragment() == protection.README_ANCHOR
    assert url.toLocalFile() == str(protection.README)

    told: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)  # no README, no viewer
    monkeypatch.setattr(
        QMessageBox, "information", lambda _parent, _title, message: told.append(message)
    )
    assert box.show_how_to_install() is False
    [message] = told
    assert protection.README_SECTION in message and not COMMAND.search(message)


def test_the_readme_has_the_section_the_link_names() -> None:
    readme = protection.README.read_text("utf-8")
    assert f"## {protection.README_SECTION}\n" in readme
    heading = protection.README_SECTION.lower().replace("'", "").replace(" ", "-")
    assert heading == protection.README_ANCHOR
    assert "Password protection" in readme.split(f"## {protection.README_SECTION}")[1]


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_no_command_line_in_any_words_of_the_window(language: str) -> None:
    ui_messages = {m for m, where in _extracted() if where.startswith("ui/") and isinstance(m, str)}
    translations = catalog(language) if language != "en" else {}
    shown = {translations.get(m, m) for m in ui_messages}
    assert len(shown) > 300
    commands = sorted(text for text in shown if COMMAND.search(text))
    assert not commands, commands
