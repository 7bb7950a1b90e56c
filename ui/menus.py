"""The menu bar: File, Edit, View, Records, Documents, Help (issue 21, point 4).

Every button of a page is also somewhere in the menus, so the keyboard and a screen reader reach
everything, and Help lists the real keys. The menus do no work of their own: each item calls
what the page already does (its buttons, its "More" menu, its methods).

Two kinds of keys. Keys the window owns (a page: Ctrl+1 … Ctrl+0, Ctrl+,; F1; Quit; Undo) are
the actions' own shortcuts. Keys a page owns (Ctrl+N, Enter, Del, Ctrl+F, Ctrl+P: ListPage's
QShortcut and its table's key filter) are only *shown* beside the menu item («New member
Ctrl+N») and kept in a property: a second shortcut for the same keys in the same window would
make Qt call both ambiguous and run neither. ``ui.page_actions.action_keys`` reads either kind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QMenu, QMenuBar, QScrollArea, QWidget

from assocdesk.i18n import N_, _
from ui.page_actions import (
    LRM,
    call_method,
    is_list_page,
    keys_text,
    label_of,
    page_keys,
    page_shortcut,
    page_tools,
    show_keys,
)
from ui.permission_guard import guard, may_enable
from ui.widgets.shortcut_tip import describe

# Documents: (name, label, page that makes it, its method). The current page's own method is
# used when it has one (a member's statement from Members), else that page is shown first.
DOCUMENTS: tuple[tuple[str, str, str, str], ...] = (
    ("document_receipt", N_("Print receipt"), "donations", "print_receipt"),
    ("document_statement", N_("Yearly statement…"), "contacts", "yearly_statement"),
    ("document_certificate", N_("Volunteering certificate…"), "volunteers", "certificate"),
    ("document_card", N_("Member card…"), "members", "member_card"),
    ("document_cards", N_("Cards of all members of the year…"), "members", "cards_of_year"),
    ("", "", "", ""),
    ("document_summary", N_("Donations summary…"), "reports", "preview_summary"),
    ("document_register", N_("Receipts register…"), "reports", "preview_register"),
    (
        "document_statements",
        N_("Yearly statements for all donors…"),
        "reports",
        "create_statements",
    ),
    ("document_export", N_("Export for the accountant…"), "reports", "export_file"),
)


# The window's own actions a role may not do (services.permissions), greyed with why.
ACTION_RULES: dict[str, str] = {
    "backup_action": "back_up",
    "restore_action": "restore",
    "import_action": "import",
    "export_action": "export",
    "document_receipt": "print_receipt",
    "document_statement": "print_documents",
    "document_summary": "print_documents",
    "document_register": "print_documents",
    "document_statements": "print_documents",
    "document_export": "export",
}


class Window(Protocol):
    """What the menus need of the main window."""

    def menuBar(self) -> QMenuBar: ...
    def current_page(self) -> QWidget | None: ...
    def show_page(self, key: str) -> QWidget: ...
    def request_quit(self) -> None: ...
    def show_about(self) -> None: ...
    def show_help(self) -> None: ...


class Menus(QObject):
    """The window's menu bar and its actions, found by object name (``show_members``,
    ``record_new``, ``help_action`` …) by tests and by other parts of the program."""

    def __init__(self, window: Window, pages: Sequence[tuple[str, str]]) -> None:
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window
        self.pages = list(pages)
        self._undo: Callable[[], object] | None = None
        self._undo_shown_in: QWidget | None = None
        bar = window.menuBar()
        self.file_menu = self._menu(bar, N_("&File"), "file_menu")
        self.edit_menu = self._menu(bar, N_("&Edit"), "edit_menu")
        self.view_menu = self._menu(bar, N_("&View"), "view_menu")
        self.records_menu = self._menu(bar, N_("&Records"), "records_menu")
        self.documents_menu = self._menu(bar, N_("&Documents"), "documents_menu")
        self.help_menu = self._menu(bar, N_("&Help"), "help_menu")
        self._build_file()
        self._build_edit()
        self._build_view()
        self._build_records()
        self._build_documents()
        self._build_help()
        for top in bar.actions():
            for action in top.menu().actions():
                if not action.shortcut().isEmpty():
                    self._show_own_keys(action)
        self.records_menu.aboutToShow.connect(self.refresh)
        self.edit_menu.aboutToShow.connect(self.refresh)

    def apply_role(self, role: str | None, page_actions: Mapping[str, str]) -> None:
        """Grey what the officer's ``role`` may not do, with why: the actions of
        :data:`ACTION_RULES`, and View's entries of the pages in ``page_actions`` (page key →
        the action it needs). Nothing on a database file (``role`` None)."""
        for name, action in ACTION_RULES.items():
            control = self.window.findChild(QAction, name)  # type: ignore[attr-defined]
            if control is not None:
                guard(control, role, action)
        for key, action in page_actions.items():
            control = self.window.findChild(QAction, f"show_{key}")  # type: ignore[attr-defined]
            if control is not None:
                guard(control, role, action)
        for name, _label, page_key, _method in DOCUMENTS:  # made on a page the role may not open
            control = self.window.findChild(QAction, name) if name else None  # type: ignore[attr-defined]
            if control is not None and name not in ACTION_RULES and page_key in page_actions:
                guard(control, role, page_actions[page_key])

    def _show_own_keys(self, action: QAction) -> None:
        """The menu writes the keys itself (see :func:`keys_text`), the tooltip as before."""
        label = label_of(action)
        keys = keys_text(action.shortcut())
        action.setText(f"{action.text().split(chr(9))[0]}\t{LRM}{keys}{LRM}")
        action.setStatusTip(label)

    def _menu(self, bar: QMenuBar, title: str, name: str) -> QMenu:
        menu = bar.addMenu(_(title))
        menu.setObjectName(name)
        menu.setToolTipsVisible(True)
        return menu

    def _action(
        self,
        menu: QMenu,
        name: str,
        label: str,
        slot: Callable[[], object],
        keys: QKeySequence | None = None,
    ) -> QAction:
        """An action of the window (its ``keys`` work on every page), in ``menu``."""
        action = QAction(label, self.window)  # type: ignore[call-overload]
        action.setObjectName(name)
        if keys is not None:
            action.setShortcut(keys)
        action.triggered.connect(lambda _checked=False: slot())
        describe(action)
        menu.addAction(action)
        self.window.addAction(action)  # type: ignore[attr-defined]
        return action

    def _page_action(
        self, menu: QMenu, name: str, label: str, slot: Callable[[], object], keys: QKeySequence
    ) -> QAction:
        """An action whose keys the current page handles itself: shown, not registered."""
        action = QAction(label, self.window)  # type: ignore[call-overload]
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        show_keys(action, label, keys)
        menu.addAction(action)
        return action

    # -- File --------------------------------------------------------------------------------
    def _build_file(self) -> None:
        menu = self.file_menu
        self._action(menu, "backup_action", _("Back up to…"), lambda: self._data("back_up"))
        self._action(menu, "restore_action", _("Restore from…"), lambda: self._data("restore"))
        menu.addSeparator()
        self._action(menu, "import_action", _("Import…"), self.import_file)
        self._action(menu, "export_action", _("Export everything…"), self.export_everything)
        menu.addSeparator()
        # The system's Quit keys; Ctrl+Q where the platform names none (a bare X server).
        quit_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
        quit_action = self._action(menu, "quit_action", _("Quit"), self.window.request_quit)
        quit_action.setShortcuts(quit_keys or [QKeySequence("Ctrl+Q")])
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        describe(quit_action, _("Quit AssocDesk"))

    def _go(self, key: str) -> QWidget | None:
        """Show the page ``key``; None if the current page would not be left (unsaved)."""
        try:
            page = self.window.show_page(key)
        except KeyError:  # refused before the page was ever built
            return None
        return page if self.window.current_page() is page else None

    def _data(self, method: str) -> object:
        """Settings → Your data's own Back up to… / Restore from…, its progress in view."""
        page = self._go("settings")
        if page is None:
            return None
        section = page.form.data  # type: ignore[attr-defined]
        area = page.form.findChild(QScrollArea, "fields_area")  # type: ignore[attr-defined]
        if area is not None:
            area.ensureWidgetVisible(section)
        return call_method(section, method)

    def import_file(self) -> object:
        """The current list's import (members into Members), or contacts from elsewhere."""
        page = self.window.current_page()
        if not getattr(page, "import_kind", ""):
            page = self._go("contacts")
        return call_method(page, "open_import")

    def export_everything(self) -> object:
        return call_method(self._go("reports"), "export_everything")

    # -- Edit --------------------------------------------------------------------------------
    def _build_edit(self) -> None:
        self.undo_action = self._action(
            self.edit_menu,
            "undo_action",
            _("Undo"),
            self._run_undo,
            QKeySequence(QKeySequence.StandardKey.Undo),
        )
        self.undo_action.setEnabled(False)  # until something offers to be undone
        self.edit_menu.addSeparator()
        self.find_action = self._page_action(
            self.edit_menu, "find_action", _("Find"), self.find, page_keys("find")
        )

    def offer_undo(
        self, handler: Callable[[], object], what: str = "", shown_in: QWidget | None = None
    ) -> None:
        """Edit → Undo (Ctrl+Z) now runs ``handler`` ("Undo archiving of Fatima" if ``what``),
        while ``shown_in`` (the page whose message offers it) is on screen."""
        self._undo = handler
        self._undo_shown_in = shown_in
        label = _("Undo: {what}").format(what=what) if what else _("Undo")
        self.undo_action.setText(label)
        describe(self.undo_action)
        self._show_own_keys(self.undo_action)
        self.undo_action.setEnabled(True)

    def withdraw_undo(self, handler: Callable[[], object] | None = None) -> None:
        """Nothing to undo any more (or not ``handler``, if a newer offer replaced it)."""
        if handler is not None and handler is not self._undo:
            return
        self._undo, self._undo_shown_in = None, None
        self.undo_action.setText(_("Undo"))
        describe(self.undo_action)
        self._show_own_keys(self.undo_action)
        self.undo_action.setEnabled(False)

    def _run_undo(self) -> object:
        handler, self._undo = self._undo, None
        self.withdraw_undo()
        return handler() if handler is not None else None

    def find(self) -> None:
        """The current page's search box, its text selected to be typed over."""
        search = getattr(self.window.current_page(), "search", None)
        if search is not None:
            search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            search.selectAll()

    # -- View --------------------------------------------------------------------------------
    def _build_view(self) -> None:
        self.page_group = QActionGroup(self)
        for row, (key, label) in enumerate(self.pages):
            action = self._action(
                self.view_menu,
                f"show_{key}",
                _(label),
                lambda k=key: self.window.show_page(k),
                page_shortcut(row),
            )
            describe(action, _("Go to {page}").format(page=_(label)))
            action.setCheckable(True)
            self.page_group.addAction(action)

    # -- Records -----------------------------------------------------------------------------
    def _build_records(self) -> None:
        menu = self.records_menu
        self.new_action = self._page_action(
            menu, "record_new", _("New"), lambda: self._on_list("open_new"), page_keys("new")
        )
        self.edit_action = self._page_action(
            menu,
            "record_edit",
            _("Edit"),
            lambda: self._on_list("open_selected"),
            page_keys("edit"),
        )
        self.archive_action = self._page_action(
            menu,
            "record_archive",
            _("Archive"),
            lambda: self._on_list("archive_selected"),
            page_keys("archive"),
        )
        self.tools_separator = menu.addSeparator()
        self.tools: list[QAction] = []

    def _on_list(self, method: str) -> object:
        page = self.window.current_page()
        return call_method(page, method) if is_list_page(page) else None

    def refresh(self) -> None:
        """Records says the current page's words («New member», «Void») and offers its tools;
        what the page cannot do now is greyed out (Edit with no row selected)."""
        page = self.window.current_page()
        for action in self.tools:  # the last page's: ours deleted, the page's own only removed
            self.records_menu.removeAction(action)
            submenu = action.menu()
            if submenu is not None and submenu.parent() is self.records_menu:
                submenu.deleteLater()
            elif action.parent() is self.records_menu:
                action.deleteLater()
        is_list = is_list_page(page)
        selected = is_list and page.selected_id() is not None  # type: ignore[union-attr]
        for action, button, what, generic in (
            (self.new_action, "new_button", "new", _("New")),
            (self.edit_action, "edit_button", "edit", _("Edit")),
            (self.archive_action, "archive_button", "archive", _("Archive")),
        ):
            source: QAbstractButton | None = getattr(page, button) if is_list else None
            label = source.text().replace("&", "") if source is not None else generic
            show_keys(action, label, page_keys(what))
            action.setEnabled(
                source is not None and source.isEnabled() and (what == "new" or selected)
            )
            if source is not None and not may_enable(source):  # the role's: say why
                action.setToolTip(source.toolTip())
                action.setStatusTip(source.toolTip())
        self.tools = page_tools(page, self.records_menu)
        self.find_action.setEnabled(getattr(page, "search", None) is not None)
        if self._undo is not None:  # Ctrl+Z undoes only what a message on screen offers
            shown_in = self._undo_shown_in
            self.undo_action.setEnabled(shown_in is None or shown_in.isVisible())
        for row, (key, _label) in enumerate(self.pages):
            current = page is not None and page.objectName() == f"page_{key}"
            self.page_group.actions()[row].setChecked(current)

    # -- Documents ---------------------------------------------------------------------------
    def _build_documents(self) -> None:
        for name, label, page_key, method in DOCUMENTS:
            if not name:
                self.documents_menu.addSeparator()
                continue
            slot = self._document(page_key, method)
            if method == "print_receipt":
                self._page_action(self.documents_menu, name, _(label), slot, page_keys("print"))
            else:
                self._action(self.documents_menu, name, _(label), slot)

    def _document(self, page_key: str, method: str) -> Callable[[], object]:
        def open_document() -> object:
            page = self.window.current_page()
            if not callable(getattr(page, method, None)):
                page = self._go(page_key)
            return call_method(page, method)

        return open_document

    # -- Help --------------------------------------------------------------------------------
    def _build_help(self) -> None:
        self._action(
            self.help_menu,
            "help_action",
            _("Shortcuts and help"),
            self.window.show_help,
            QKeySequence(Qt.Key.Key_F1),
        )
        self.help_menu.addSeparator()
        about = self._action(
            self.help_menu, "about_action", _("About AssocDesk"), self.window.show_about
        )
        about.setMenuRole(QAction.MenuRole.AboutRole)


def menus_of(widget: QWidget) -> Menus | None:
    """The menus of ``widget``'s main window (None for a widget in no such window)."""
    menus = getattr(widget.window(), "menus", None)
    return menus if isinstance(menus, Menus) else None


def offer_undo(widget: QWidget, handler: Callable[[], object], what: str = "") -> bool:
    """For engineer "undo": make Edit → Undo and Ctrl+Z run ``handler`` while ``widget``'s
    message is shown; False when the widget is in no main window (a test's bare page)."""
    menus = menus_of(widget)
    if menus is None:
        return False
    menus.offer_undo(handler, what, widget)
    return True


def withdraw_undo(widget: QWidget, handler: Callable[[], object] | None = None) -> None:
    """The message is gone: Ctrl+Z undoes nothing (unless a newer offer replaced ``handler``)."""
    menus = menus_of(widget)
    if menus is not None:
        menus.withdraw_undo(handler)
