"""Help → Shortcuts and help (F1): every key of the program and a short page of help, in the
user's language (issue 21, point 4).

The shortcuts are read from the menu bar as it is when the window opens, through
:func:`ui.menus.action_keys`: a key added, changed or removed in the menus is listed as it is,
so this page cannot drift from the program. The help text is in the catalogs like every other
string; the data folder is the open database's.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from assocdesk.i18n import N_, _
from assocdesk.storage.backups import rotation
from assocdesk.storage.location import ServerAddress
from assocdesk.text.bidi import isolate_path
from ui.page_actions import action_keys, keys_text, label_of

LRM = "\u200e"  # left-to-right mark

# What each page is for, by its key in the navigation (ui.main_window.PAGES).
PAGE_HELP: dict[str, str] = {
    "home": N_("What needs doing today, and the association's figures at a glance."),
    "members": N_(
        "The people who joined the association: membership number, category and dues year by "
        "year; dues payments, late dues and member cards."
    ),
    "volunteers": N_(
        "The people who give their time: skills, availability and hours; a certificate of "
        "their year."
    ),
    "donations": N_(
        "Every gift with its receipt number: print the receipt, or void it (it stays in the "
        "register)."
    ),
    "activities": N_(
        "What the association does: dates, places, volunteers, attendance, beneficiaries and "
        "photos."
    ),
    "campaigns": N_("Fundraising for one aim, with a goal and dates, and what it has raised."),
    "contacts": N_(
        "Everyone the association deals with, whatever their role: each person is recorded "
        "once, then becomes a member, a volunteer or a donor."
    ),
    "reports": N_(
        "Documents about the whole association: donations summary, receipts register, every "
        "donor's yearly statement, files for the accountant."
    ),
    "posts": N_(
        "Texts and pictures for social networks about an activity or a campaign, with "
        "protected people left out."
    ),
    "journal": N_("Every change ever made, with the values before and after; nobody can edit it."),
    "settings": N_(
        "The association's details, its documents and dues, and where your data is kept."
    ),
}

RECEIPTS_HELP = N_(
    "A receipt is issued only when it is printed or saved from its preview: opening the "
    "preview and closing it issues nothing. The first print is the original; later prints are "
    "marked as duplicates. A receipt is never deleted: a voided receipt stays in the register "
    "with the reason given."
)
DATA_HELP = N_(
    "Your data is in one file on this computer: {path}. When AssocDesk closes, it keeps an "
    "automatic copy in {folder}. To keep a copy elsewhere (a USB stick, another computer), "
    "use {back_up}; {restore} puts a copy back."
)


def shortcut_rows(menu_bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every action of the menus that has keys, in menu order."""
    rows: list[tuple[str, str, str]] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                walk(submenu, f"{path} › {label_of(action)}")
                continue
            keys = keys_text(action_keys(action))
            if keys:
                rows.append((path, label_of(action), keys))

    for top in menu_bar.actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            walk(menu, label_of(top))
    return rows


def menu_path(menu_bar: QMenuBar, name: str) -> str:
    """ "File → Back up to…" for the action called ``name``, as the menus say it."""
    for top in menu_bar.actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        for action in menu.actions():
            if action.objectName() == name:
                return (
                    f"{label_of(top)} ← {label_of(action)}"
                    if QApplication.isRightToLeft()
                    else f"{label_of(top)} → {label_of(action)}"
                )
    return ""


def pages_of(menu_bar: QMenuBar) -> list[tuple[str, str]]:
    """(key, name) of every page, from the View menu's actions (``show_<key>``)."""
    pages = []
    for top in menu_bar.actions():
        menu = top.menu()
        actions = menu.actions() if isinstance(menu, QMenu) else []
        for action in actions:
            name = action.objectName()
            if name.startswith("show_") and name[5:] in PAGE_HELP:
                pages.append((name[5:], label_of(action)))
    order = list(PAGE_HELP)
    return sorted(set(pages), key=lambda page: order.index(page[0]))


def help_html(menu_bar: QMenuBar, database_path: Path | ServerAddress) -> str:
    """The help page: what each page is for, receipts, where the data is."""
    direction = "rtl" if QApplication.isRightToLeft() else "ltr"

    def block(tag: str, text: str) -> str:
        return f'<{tag} dir="{direction}">{escape(text)}</{tag}>'

    parts = [block("h3", _("The pages"))]
    for key, name in pages_of(menu_bar):
        parts.append(
            f'<p dir="{direction}"><b>{escape(name)}</b> — {escape(_(PAGE_HELP[key]))}</p>'
        )
    parts.append(block("h3", _("Receipts")))
    parts.append(block("p", _(RECEIPTS_HELP)))
    parts.append(block("h3", _("Your data")))
    if isinstance(database_path, ServerAddress):
        data = _(
            "Your data is in the shared database {database} on {host}: the server's "
            "administrator keeps its backups."
        ).format(**database_path.in_message())
    else:
        data = _(DATA_HELP).format(
            path=isolate_path(database_path),
            folder=isolate_path(rotation.backups_dir(database_path)),
            back_up=menu_path(menu_bar, "backup_action"),
            restore=menu_path(menu_bar, "restore_action"),
        )
    parts.append(block("p", data))
    return "\n".join(parts)


class HelpDialog(QDialog):
    """Two tabs: the keyboard shortcuts, then the help page. Not modal: it may stay open
    beside the window while the person tries what it says."""

    def __init__(
        self,
        menu_bar: QMenuBar,
        database_path: Path | ServerAddress,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("help_dialog")
        self.setWindowTitle(_("Shortcuts and help"))
        self.rows = shortcut_rows(menu_bar)
        self.table = QTableWidget(len(self.rows), 3)
        self.table.setObjectName("shortcuts")
        self.table.setHorizontalHeaderLabels([_("Menu"), _("Action"), _("Keys")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for row, cells in enumerate(self.rows):
            for column, text in enumerate(cells):
                # Keys read left to right in every language ("Ctrl+,", never ",Ctrl+"): marks,
                # not an isolate, which a table cell lays out with its trailing comma moved.
                item = QTableWidgetItem(f"{LRM}{text}{LRM}" if column == 2 else text)
                self.table.setItem(row, column, item)
        self.browser = QTextBrowser()
        self.browser.setObjectName("help_text")
        self.browser.setOpenLinks(False)
        self.browser.setHtml(help_html(menu_bar, database_path))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, _("Keyboard shortcuts"))
        self.tabs.addTab(self.browser, _("Help"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.resize(640, 520)

    def shortcuts_text(self) -> str:
        """The table, one "menu — action — keys" line a row (what a test or a reader reads)."""
        return "\n".join(" — ".join(row) for row in self.rows)

    def help_text(self) -> str:
        return self.browser.toPlainText()
