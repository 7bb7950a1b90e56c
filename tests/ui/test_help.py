"""F1 opens the shortcuts and help (issue 21, point 4): the keys listed are the menus' real
keys (a key changed is listed changed), and the help page is in the UI's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from assocdesk.i18n import translate_in
from ui.app import Application
from ui.dialogs.help_dialog import PAGE_HELP, RECEIPTS_HELP, HelpDialog
from ui.main_window import PAGES
from ui.page_actions import keys_text, label_of


def press_f1(desk: Application, qtbot) -> HelpDialog:
    window = desk.window
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTest.keySequence(window, QKeySequence("F1"))
    dialog = window.findChild(HelpDialog, "help_dialog")
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_every_page_is_described() -> None:
    assert set(PAGE_HELP) == {key for key, _label, _factory in PAGES}


@pytest.mark.parametrize("desk", ["ar", "fr"], indirect=True)
def test_f1_opens_the_shortcuts_and_help_in_the_ui_language(
    desk: Application, qtbot, request, tmp_path: Path
) -> None:
    language = request.node.callspec.params["desk"]
    dialog = press_f1(desk, qtbot)
    assert dialog.windowTitle() == translate_in(language, "Shortcuts and help")
    assert dialog.windowTitle() != "Shortcuts and help"
    listed = dialog.shortcuts_text()
    for key, _label, _factory in PAGES:  # every page, by its name and its key
        view = desk.window.findChild(QAction, f"show_{key}")
        assert f"{label_of(view)} — {keys_text(view.shortcut())}" in listed, key
    for name in ("quit_action", "help_action", "undo_action", "find_action", "record_new"):
        assert label_of(desk.window.findChild(QAction, name)) in listed, name
    assert "F1" in listed and "Ctrl+N" in listed and "Ctrl+0" in listed  # "+" kept in Arabic
    text = dialog.help_text()
    for key, description in PAGE_HELP.items():
        assert translate_in(language, description) in text, key
    assert translate_in(language, RECEIPTS_HELP)[:40] in text
    assert str(desk.context.db.path) in text
    assert label_of(desk.window.findChild(QAction, "backup_action")) in text
    assert dialog.layoutDirection() == (
        desk.window.layoutDirection()  # right to left in Arabic, as the window
    )
    dialog.resize(700, 560)
    assert dialog.grab().save(str(tmp_path / f"help-shortcuts-{language}.png"))
    dialog.tabs.setCurrentIndex(1)
    assert dialog.grab().save(str(tmp_path / f"help-text-{language}.png"))


def test_the_list_follows_the_real_keys(desk: Application, qtbot) -> None:
    """Nothing is written twice: a key changed in the menus is the key the help lists."""
    members = desk.window.findChild(QAction, "show_members")
    members.setShortcut(QKeySequence("Ctrl+Alt+M"))
    dialog = press_f1(desk, qtbot)
    assert "Members — Ctrl+Alt+M" in dialog.shortcuts_text()
    assert "Members — Ctrl+2" not in dialog.shortcuts_text()


def test_f1_again_raises_the_same_window(desk: Application, qtbot) -> None:
    first = press_f1(desk, qtbot)
    assert press_f1(desk, qtbot) is first
