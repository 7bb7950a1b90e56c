"""The menu bar (issue 21, point 4): File, Edit, View, Records, Documents, Help, translated;
a key for every page; Records acting on the page shown; every toolbar button in a menu."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QMenu

from assocdesk.i18n import translate_in
from assocdesk.services import contacts
from tests.ui.donors import add_donor
from ui.app import Application
from ui.main_window import PAGES
from ui.menus import offer_undo, withdraw_undo
from ui.page_actions import action_keys, label_of

MENUS = ("&File", "&Edit", "&View", "&Records", "&Documents", "&Help")
LIST_PAGES = ("members", "volunteers", "donations", "activities", "campaigns", "contacts")


def action(desk: Application, name: str) -> QAction:
    found = desk.window.findChild(QAction, name)
    assert found is not None, name
    return found


def menu_labels(menu: QMenu) -> list[str]:
    """Every action's words in ``menu`` and its submenus."""
    labels = []
    for item in menu.actions():
        if item.menu() is not None:
            labels += [label_of(item), *menu_labels(item.menu())]
        elif not item.isSeparator():
            labels.append(label_of(item))
    return labels


def press(desk: Application, qtbot, keys: QKeySequence | str) -> None:
    """The keys pressed in the window, as a person would (the shortcut map decides)."""
    window = desk.window
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTest.keySequence(window, QKeySequence(keys))
    QApplication.processEvents()


@pytest.mark.parametrize("desk", ["ar", "fr"], indirect=True)
def test_every_menu_is_there_and_translated(desk: Application, request) -> None:
    language = request.node.callspec.params["desk"]
    titles = [a.text() for a in desk.window.menuBar().actions()]
    assert titles == [translate_in(language, title) for title in MENUS]
    assert not set(titles) & set(MENUS)  # none left in English
    for top in desk.window.menuBar().actions():
        labels = menu_labels(top.menu())
        assert labels, top.text()
        if language == "ar":  # every item in Arabic words
            assert all(not label.isascii() for label in labels), labels
    if language == "fr":
        view = action(desk, "show_members")
        assert label_of(view) == "Adhérents" and "Ctrl+2" in view.toolTip()
        assert label_of(action(desk, "backup_action")) == "Sauvegarder vers…"
        assert label_of(action(desk, "help_action")) != "Shortcuts and help"


def test_every_page_has_its_own_key_and_the_key_shows_it(desk: Application, qtbot) -> None:
    keys = [action_keys(action(desk, f"show_{key}")) for key, _label, _f in PAGES]
    assert all(not k.isEmpty() for k in keys)
    assert len({k.toString() for k in keys}) == len(PAGES)  # no two pages share a key
    for row in reversed(range(len(PAGES))):  # the last first: not the page already shown
        key = PAGES[row][0]
        press(desk, qtbot, keys[row])
        assert desk.window.current_page() is desk.window.pages[key], key
        assert action(desk, f"show_{key}").isChecked()
        assert keys[row].toString(QKeySequence.SequenceFormat.NativeText) in (
            desk.window.navigation.item(row).toolTip()
        )


def test_records_says_and_does_what_the_current_page_does(desk: Application, qtbot) -> None:
    new, edit, archive = (action(desk, n) for n in ("record_new", "record_edit", "record_archive"))
    assert not any(a.isEnabled() for a in (new, edit, archive))  # Home has no records
    desk.window.show_page("donations")
    desk.window.menus.refresh()
    assert label_of(new) == "Record a donation" and label_of(archive) == "Void"
    assert action_keys(new) == QKeySequence(QKeySequence.StandardKey.New)
    assert not edit.isEnabled()  # nothing to open yet
    members = desk.window.show_page("members")
    desk.window.menus.refresh()
    assert label_of(new) == "New member" and new.isEnabled()
    new.trigger()
    assert type(members.dialog).__name__ == "MemberDialog" and members.dialog.isVisible()
    members.dialog.reject()


def test_records_edit_and_archive_act_on_the_selected_row(desk: Application, monkeypatch) -> None:
    contact_id = add_donor(desk, "Fatima Zahra")
    page = desk.window.show_page("contacts")
    page.select_id(contact_id)
    desk.window.menus.refresh()
    edit, archive = action(desk, "record_edit"), action(desk, "record_archive")
    assert edit.isEnabled() and archive.isEnabled()
    edit.trigger()
    assert page.dialog.contact_id == contact_id
    page.dialog.reject()
    monkeypatch.setattr(type(page), "confirm", lambda _page, _question: True)
    archive.trigger()
    assert desk.context.read(lambda s: contacts.details(s, contact_id)).archived


@pytest.mark.parametrize("key", LIST_PAGES)
def test_every_toolbar_button_is_in_the_records_menu(desk: Application, key: str) -> None:
    page = desk.window.show_page(key)
    desk.window.menus.refresh()
    labels = menu_labels(desk.window.menus.records_menu)
    toolbar = [page.toolbar.itemAt(i).widget() for i in range(page.toolbar.count())]
    buttons = [w for w in toolbar if isinstance(w, QAbstractButton) and not w.isHidden()]
    wanted = [b.text() for b in buttons if b is not page.more_button]
    wanted += [label_of(a) for a in page.more_menu.actions() if not a.isSeparator()]
    for button in buttons:
        if button.menu() is not None:  # Members' Dues ▾: each of its items too
            wanted += [label_of(a) for a in button.menu().actions() if not a.isSeparator()]
    assert wanted and set(wanted) <= set(labels), set(wanted) - set(labels)


def test_page_tools_of_the_last_page_leave_the_menu(desk: Application) -> None:
    desk.window.show_page("donations")
    desk.window.menus.refresh()
    assert "Print receipt" in menu_labels(desk.window.menus.records_menu)
    desk.window.show_page("activities")
    desk.window.menus.refresh()
    labels = menu_labels(desk.window.menus.records_menu)
    assert "Print receipt" not in labels and "Volunteers…" in labels


def test_documents_open_on_the_page_that_makes_them(desk: Application) -> None:
    action(desk, "document_certificate").trigger()
    page = desk.window.current_page()
    assert page is desk.window.pages["volunteers"]
    assert page.message.text() == "Select a volunteer first."
    action(desk, "document_receipt").trigger()
    assert desk.window.current_page().message.text() == "Select a donation first."


def test_file_import_follows_the_page(desk: Application) -> None:
    action(desk, "import_action").trigger()  # from Home: contacts
    contacts_page = desk.window.pages["contacts"]
    assert contacts_page.import_wizard.kind.value == "contacts"
    contacts_page.import_wizard.close()
    members = desk.window.show_page("members")
    action(desk, "import_action").trigger()
    assert members.import_wizard.kind.value == "members"
    members.import_wizard.close()


def test_file_back_up_and_restore_are_the_data_sections(desk: Application, monkeypatch) -> None:
    from ui.pages.data_section import DataSection

    called: list[str] = []
    monkeypatch.setattr(DataSection, "back_up", lambda _s: called.append("back_up"))
    monkeypatch.setattr(DataSection, "restore", lambda _s: called.append("restore"))
    action(desk, "backup_action").trigger()
    assert desk.window.current_page() is desk.window.pages["settings"]
    action(desk, "restore_action").trigger()
    assert called == ["back_up", "restore"]


def test_find_focuses_the_search_of_the_page(desk: Application) -> None:
    find = action(desk, "find_action")
    assert not find.isEnabled()  # Home has no search
    page = desk.window.show_page("members")
    page.search.setText("abc")
    desk.window.menus.refresh()
    assert find.isEnabled() and action_keys(find) == QKeySequence(QKeySequence.StandardKey.Find)
    desk.window.activateWindow()
    find.trigger()
    assert page.search.hasFocus() and page.search.selectedText() == "abc"


def test_undo_runs_what_was_offered_once(desk: Application, qtbot) -> None:
    undo = action(desk, "undo_action")
    assert not undo.isEnabled()
    assert action_keys(undo) == QKeySequence(QKeySequence.StandardKey.Undo)
    page = desk.window.show_page("contacts")
    done: list[str] = []
    assert offer_undo(page, lambda: done.append("undone"), "archiving")
    assert undo.isEnabled() and "archiving" in undo.text()
    press(desk, qtbot, QKeySequence.StandardKey.Undo)
    press(desk, qtbot, QKeySequence.StandardKey.Undo)  # once only
    assert done == ["undone"] and not undo.isEnabled()
    first = lambda: done.append("first")  # noqa: E731
    offer_undo(page, first)
    offer_undo(page, lambda: done.append("second"))
    withdraw_undo(page, first)  # an older message going away leaves the newer offer
    assert undo.isEnabled()
    undo.trigger()
    assert done[-1] == "second"


def test_undo_waits_while_its_message_is_not_on_screen(desk: Application, qtbot) -> None:
    undo = action(desk, "undo_action")
    page = desk.window.show_page("contacts")
    done: list[str] = []
    offer_undo(page, lambda: done.append("undone"))
    desk.window.show_page("members")  # the message is on the Contacts page, now hidden
    assert not undo.isEnabled()
    press(desk, qtbot, QKeySequence.StandardKey.Undo)
    assert done == []
    desk.window.show_page("contacts")
    assert undo.isEnabled()
    press(desk, qtbot, QKeySequence.StandardKey.Undo)
    assert done == ["undone"]


def test_page_keys_still_work_beside_the_menus(desk: Application, qtbot) -> None:
    """The keys only shown in the menus are the page's: Ctrl+N still opens a new record (a
    second shortcut for it would make both ambiguous and run neither)."""
    page = desk.window.show_page("campaigns")
    page.table.setFocus()
    press(desk, qtbot, QKeySequence.StandardKey.New)
    assert page.dialog is not None and page.dialog.isVisible()
    page.dialog.reject()
