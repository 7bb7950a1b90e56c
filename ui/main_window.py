"""The main window: side navigation between pages. It only wires pages; they do the work.

Pages are built the first time they are shown, so start-up pays only for the Home page.
"""

from __future__ import annotations

import linecache
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from assocdesk import version
from assocdesk.i18n import N_, _
from assocdesk.services import permissions, profile_basics
from assocdesk.services.changes import ChangeKind, Changes
from assocdesk.storage.paths import display_path
from ui import theme
from ui.context import AppContext
from ui.page_actions import page_shortcut
from ui.permission_guard import guard_item
from ui.widgets.screen_fit import bounded
from ui.widgets.shortcut_tip import shortcut_tooltip


def _home(context: AppContext) -> QWidget:
    from ui.pages.home import HomePage

    return HomePage(context)


def _page(module: str, name: str) -> Callable[[AppContext], QWidget]:
    def build(context: AppContext) -> QWidget:
        import importlib

        return getattr(importlib.import_module(module), name)(context)

    return build


# (key, navigation label, page factory): the order of the side navigation.
PAGES: list[tuple[str, str, Callable[[AppContext], QWidget]]] = [
    ("home", N_("Home"), _home),
    ("members", N_("Members"), _page("ui.pages.people", "MembersPage")),
    ("volunteers", N_("Volunteers"), _page("ui.pages.people", "VolunteersPage")),
    ("donations", N_("Donations"), _page("ui.pages.records", "DonationsPage")),
    ("activities", N_("Activities"), _page("ui.pages.records", "ActivitiesPage")),
    ("campaigns", N_("Campaigns"), _page("ui.pages.records", "CampaignsPage")),
    ("contacts", N_("Contacts"), _page("ui.pages.people", "ContactsPage")),
    ("reports", N_("Reports"), _page("ui.pages.reports", "ReportsPage")),
    ("posts", N_("Posts"), _page("ui.pages.posts", "PostsPage")),
    ("journal", N_("Journal"), _page("ui.pages.journal", "JournalPage")),
    ("settings", N_("Settings"), _page("ui.pages.settings", "SettingsPage")),
]


# The pages a role may not open (on a shared database): the navigation greys them, with why.
# Donations and Campaigns show amounts, Members their dues (data entry may read neither: the
# server refuses the list); Reports are the printed documents; Posts are written.
PAGE_ACTIONS = {
    "members": "see_amounts",
    "donations": "see_amounts",
    "campaigns": "see_amounts",
    "reports": "print_documents",
    "posts": "write_posts",
}

NAVIGATION_MINIMUM = 110  # px: the navigation never narrower than this
NAVIGATION_MARGIN = 12  # px beside the longest label


def _may_leave(page: QWidget | None) -> bool:
    """A page with unsaved changes (Settings) may refuse to be left: it asks first."""
    check = getattr(page, "may_leave", None)
    return check() if callable(check) else True


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.setObjectName("main_window")
        context.person_card_requested.connect(self._open_person_card)
        icon = theme.app_icon()
        # The application's too, so every dialog and the task bar show it.
        QApplication.setWindowIcon(icon)
        self.setWindowIcon(icon)
        self.pages: dict[str, QWidget] = {}
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        theme.style(self.navigation, theme.Style.NAVIGATION)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        for row, (key, label, _factory) in enumerate(PAGES):
            item = QListWidgetItem(_(label))
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(shortcut_tooltip(_(label), page_shortcut(row)))
            if key in PAGE_ACTIONS:
                guard_item(item, context.role, PAGE_ACTIONS[key])
            self.navigation.addItem(item)
            placeholder = QLabel()
            self.stack.addWidget(placeholder)
        self._fit_navigation()
        self.navigation.currentRowChanged.connect(self._show_row)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(self.status_text())
        self._add_actions()
        if context.db.on_server:  # a file's: the shared database has none (Settings says why)
            for name in ("backup_action", "restore_action"):
                action = self.findChild(QAction, name)
                if action is not None:
                    action.setVisible(False)
        context.data_changed.connect(self._data_changed)
        self._update_title()
        geometry = context.preferences.window_geometry
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(bounded(self, 1100, 700))  # 1024×768: no wider than the screen
        self.navigation.setCurrentRow(0)

    def status_text(self) -> str:
        """The database, and on a shared one who is signed in, as what: the officer knows why
        some actions are greyed."""
        where = _("Database: {path}").format(path=display_path(self.context.db.where()))
        server = self.context.db.server
        if server is None:
            return where
        signed_in = _("Signed in as {login} ({role})").format(
            login=display_path(server.user), role=permissions.role_label(self.context.role)
        )
        return f"{signed_in} — {where}"  # first: a long address is cut at the end

    def _fit_navigation(self) -> None:
        """As wide as its longest label in this language («المنخرطون», "Tous les contacts"),
        not a fixed 170 px that cost the pages their room at 1024×768."""
        navigation = self.navigation
        navigation.ensurePolished()
        frame = 2 * navigation.frameWidth() + NAVIGATION_MARGIN
        widest = navigation.sizeHintForColumn(0) + frame
        navigation.setFixedWidth(max(widest, NAVIGATION_MINIMUM))

    def _add_actions(self) -> None:
        from ui.menus import Menus

        self.menus = Menus(self, [(key, label) for key, label, _factory in PAGES])
        self.menus.apply_role(self.context.role, PAGE_ACTIONS)
        self.stack.currentChanged.connect(lambda _row: self.menus.refresh())
        self.menus.refresh()

    def current_page(self) -> QWidget | None:
        """The page shown, once built (None while its placeholder is)."""
        page = self.stack.currentWidget()
        return page if page in self.pages.values() else None

    def _open_person_card(self, contact_id: int, parent: object) -> None:
        """A picker below the pages asked for a person's card (it cannot import the cards)."""
        from ui.person_cards import open_person_card

        open_person_card(self.context, contact_id, parent if isinstance(parent, QWidget) else self)

    def show_about(self) -> None:
        from ui.dialogs.about_dialog import AboutDialog

        # The file, or the shared database's address (AboutDialog and HelpDialog take either).
        self.about_dialog = AboutDialog(self.context.db.path or self.context.db.server, self)
        self.about_dialog.exec()

    def show_help(self) -> QWidget:
        """Help → Shortcuts and help (F1): the keys of the menus as they are now, and a page
        of help in the UI's language; one window, raised again if already open."""
        from ui.dialogs.help_dialog import HelpDialog

        dialog = getattr(self, "help_dialog", None)
        if dialog is None or not dialog.isVisible():
            where = self.context.db.path or self.context.db.server
            dialog = HelpDialog(self.menuBar(), where, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.destroyed.connect(lambda: setattr(self, "help_dialog", None))
            self.help_dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def request_quit(self) -> None:
        """Quit, unless a page with unsaved changes (Settings) keeps the window open."""
        if all(_may_leave(page) for page in self.pages.values()):
            self.close()

    def may_open(self, key: str) -> bool:
        """Whether the officer's role lets them open the page ``key`` (always, on a file)."""
        return key not in PAGE_ACTIONS or self.context.can(PAGE_ACTIONS[key])

    def _show_row(self, row: int) -> None:
        refused = not self.may_open(PAGES[row][0])  # asked by its key (Ctrl+4) or a menu
        if row != self.stack.currentIndex() and (
            refused or not _may_leave(self.stack.currentWidget())
        ):
            self.navigation.blockSignals(True)
            self.navigation.setCurrentRow(self.stack.currentIndex())
            self.navigation.blockSignals(False)
            return
        key, _label, factory = PAGES[row]
        if key not in self.pages:
            page = factory(self.context)
            # PySide6's import hook read the source of every module the page imported, and
            # linecache keeps it (~10 MB by the last page); a traceback reads it again if need be.
            linecache.clearcache()
            page.setObjectName(f"page_{key}")
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.pages[key] = page
        self.stack.setCurrentIndex(row)

    def show_page(self, key: str) -> QWidget:
        """Switch to a page by key (building it if needed) and return it."""
        row = next(i for i, (k, _l, _f) in enumerate(PAGES) if k == key)
        self.navigation.setCurrentRow(row)
        return self.pages[key]

    def _data_changed(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.ASSOCIATION):
            self._update_title()

    def _update_title(self) -> None:
        profile = self.context.read(profile_basics.basics)  # no ORM query before the window shows
        name = profile.name_in(self.context.language) if profile else ""
        program = f"AssocDesk {version()}"
        parts = [part for part in (name, self.database_title(), program) if part]
        self.setWindowTitle(" — ".join(parts))

    def database_title(self) -> str:
        """Which database the window works on: the file's name, or «database on host»."""
        server = self.context.db.server
        if server is None:
            return self.context.db.path.name if self.context.db.path is not None else ""
        # Isolated in Arabic, as in messages: a host or a socket's folder keeps its order.
        return _("{database} on {host}").format(
            database=display_path(server.database), host=display_path(server.host)
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        # The person's close (title bar) asks; the program's close() (window rebuilt) does not.
        if event.spontaneous() and not all(_may_leave(p) for p in self.pages.values()):
            event.ignore()
            return
        self.context.preferences.window_geometry = self.saveGeometry()
        super().closeEvent(event)
