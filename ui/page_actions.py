"""The keys of the menus and the actions a page offers, read from the page itself.

Split from ui.menus, which builds the menu bar: these say which keys do what (the window's own
shortcuts, or keys a page handles and a menu only shows) and which buttons a page has, for the
menus and for the help window (ui.dialogs.help_dialog), so neither writes a key twice.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QMenu, QWidget

from assocdesk.i18n import _
from ui.widgets.shortcut_tip import shortcut_tooltip

# A key for every page, in the navigation's order: Ctrl+1 … Ctrl+9, Ctrl+0 for the tenth,
# and Ctrl+, for the last (Settings), the key most programs give their preferences.
PAGE_KEYS = ("Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4", "Ctrl+5", "Ctrl+6", "Ctrl+7", "Ctrl+8")
PAGE_KEYS += ("Ctrl+9", "Ctrl+0", "Ctrl+,")
KEYS_PROPERTY = "page_keys"  # the keys a page handles, shown beside a menu item
LRM = "\u200e"  # around keys in a menu: "Ctrl+," stays whole in a right-to-left menu

# The keys ListPage handles (ui/pages/list_page.py) and DonationsPage's Print receipt. Made
# when asked: a standard key read before the application exists crashes Qt.
PAGE_HANDLED: dict[str, QKeySequence.StandardKey | Qt.Key | str] = {
    "new": QKeySequence.StandardKey.New,
    "edit": Qt.Key.Key_Enter,
    "archive": Qt.Key.Key_Delete,
    "find": QKeySequence.StandardKey.Find,
    "print": "Ctrl+P",
}


def page_keys(what: str) -> QKeySequence:
    """The keys a page handles for ``what`` (one of PAGE_HANDLED)."""
    return QKeySequence(PAGE_HANDLED[what])


def page_shortcut(row: int) -> QKeySequence:
    """The key of the page at ``row`` of the navigation (every page has one)."""
    return QKeySequence(PAGE_KEYS[row]) if row < len(PAGE_KEYS) else QKeySequence()


def keys_text(keys: QKeySequence) -> str:
    """The keys as this system writes them, unless Qt's translation lost the "+" between
    them (Qt's Arabic catalog writes Ctrl+N as "CtrlN"): then as written everywhere."""
    native = keys.toString(QKeySequence.SequenceFormat.NativeText)
    portable = keys.toString(QKeySequence.SequenceFormat.PortableText)
    return portable if "+" in portable and "+" not in native else native


def action_keys(action: QAction) -> QKeySequence:
    """The keys that do what ``action`` does: its shortcut, or the page's keys it shows."""
    if not action.shortcut().isEmpty():
        return action.shortcut()
    return QKeySequence(action.property(KEYS_PROPERTY) or "")


def label_of(action: QAction) -> str:
    """The action's words, without its "&" mnemonic or the keys shown after a tab."""
    return action.text().split("\t")[0].replace("&&", "\0").replace("&", "").replace("\0", "&")


def show_keys(action: QAction, label: str, keys: QKeySequence) -> QAction:
    """``label`` with the page's ``keys`` beside it in the menu (not a second shortcut)."""
    text = keys_text(keys)
    action.setText(f"{label}\t{LRM}{text}{LRM}" if text else label)
    action.setProperty(KEYS_PROPERTY, keys.toString(QKeySequence.SequenceFormat.PortableText))
    action.setToolTip(shortcut_tooltip(label, keys))
    action.setStatusTip(label)
    return action


def call_method(page: QWidget | None, method: str) -> object:
    slot = getattr(page, method, None)
    return slot() if callable(slot) else None


def is_list_page(page: QWidget | None) -> bool:
    return all(hasattr(page, name) for name in ("new_button", "edit_button", "archive_button"))


def _button_action(button: QAbstractButton, menu: QMenu) -> QAction | None:
    """The menu's twin of a page's button: its words, its state, its click (or its menu)."""
    label = button.text().replace("&", "")
    if not label or button.isHidden():
        return None
    own_menu = button.menu() if hasattr(button, "menu") else None
    if own_menu is not None:
        sub = menu.addMenu(label)
        sub.addActions(own_menu.actions())
        sub.setEnabled(button.isEnabled())
        return sub.menuAction()
    action = menu.addAction(label)
    action.setEnabled(button.isEnabled())
    action.setToolTip(button.toolTip())
    action.triggered.connect(lambda _checked=False: button.click())
    if label == _("Print receipt"):
        show_keys(action, label, page_keys("print"))
    return action


def page_tools(page: QWidget | None, menu: QMenu) -> list[QAction]:
    """Add to ``menu`` the page's own tools beyond New / Edit / Archive: the other buttons of a
    list's toolbar (Print receipt, Dues ▸, Volunteers…), then its "More" menu's actions
    (Import…, Find duplicates…), or a page's "More" button and Save button elsewhere."""
    added: list[QAction] = []
    if page is None:
        return added
    if is_list_page(page):
        skip = {page.new_button, page.edit_button, page.archive_button, page.more_button}
        toolbar = page.toolbar
        for index in range(toolbar.count()):
            widget = toolbar.itemAt(index).widget()
            if isinstance(widget, QAbstractButton) and widget not in skip:
                action = _button_action(widget, menu)
                if action is not None:
                    added.append(action)
        more = page.more_menu.actions()
    else:
        more_button = getattr(page, "more_button", None)
        more = more_button.menu().actions() if more_button is not None else []
        save = getattr(page, "save_button", None)
        if isinstance(save, QAbstractButton):
            action = _button_action(save, menu)
            if action is not None:
                added.append(action)
    if more:
        menu.addSeparator()
        menu.addActions(more)
        added.extend(more)
    return added
