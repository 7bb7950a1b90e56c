"""The shape of every list page: search box, filters, sortable table, New / Edit / Archive.

Subclasses declare their columns, the service functions that list them, the dialog that edits
them, what archiving means and what marks a row (archived, void, a member who left). Keyboard:
Ctrl+N new, Enter edit, Del archive (or void), Ctrl+F search. Rarely used actions go into the
"More" menu, so that every list fits a 1024 px screen in every language.

The message line under the list says what an action did; when it can be undone (an archive, a
restore, an edit: see ui.undo) an Undo button stands beside it, and Ctrl+Z does the same while
it shows. When the selected row is archived the Archive button says "Restore", and Del restores.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from assocdesk.i18n import N_, _
from assocdesk.services.changes import ChangeKind, Changes
from assocdesk.services.common import ListQuery
from assocdesk.services.errors import NotFound, ValidationError
from ui import undo
from ui.context import AppContext
from ui.dialogs.record_dialog import RecordDialog
from ui.models.record_table import Column, Marker, RecordTableModel
from ui.pages.list_empty import update_empty_state
from ui.permission_guard import guard, may_enable
from ui.widgets.column_layout import ColumnLayout
from ui.widgets.empty_state import EmptyState
from ui.widgets.shortcut_tip import shortcut_tooltip
from ui.widgets.tables import select_whole_row

SEARCH_DELAY_MS = 150  # wait for a pause in typing; a keystroke never waits on the database


class ListPage(QWidget):
    title = ""
    new_label = ""
    archive_label = ""
    # Tooltips of the three buttons, without their key ("Open the selected member").
    new_tip = ""  # new_label when empty
    edit_tip = ""
    archive_tip = ""
    # An archived row is restored by the same button (not on pages that void, never restore).
    restores = True
    restore_label = N_("Restore")
    restore_tip = N_("Bring the selected record back into the lists")
    # The empty list: what the page is for, and what a search that found nothing says.
    empty_title = ""  # "No members yet"
    empty_text = ""  # one sentence: what the list holds, how to start it
    no_match = ""  # "No member matches «{search}»"
    kind: ChangeKind | None = None  # the records the rows are (their ids are the rows' ids)
    changes_shown: tuple[ChangeKind, ...] = ()  # every kind whose change shows in the rows
    import_kind = ""  # what the page's "Import…" action brings in (none if empty)
    # What the officer's role must allow to add, change or archive these records (an action of
    # services.permissions; "" for none): otherwise the three are disabled, with why.
    permission = ""
    archive_permission = ""  # for Archive (Void) when it needs another ("": the same)
    default_sort = 0
    default_order = Qt.SortOrder.AscendingOrder

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.dialog: RecordDialog | None = None
        self.model = RecordTableModel(
            context, self.columns(), self.ids_for, self.rows_for, self.marker
        )

        heading = QLabel(f"<h2>{_(self.title)}</h2>")
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Search (Ctrl+F) — finds other spellings too"))
        self.search.setToolTip(self.search.placeholderText())
        self.search.setMinimumWidth(140)
        self.search.installEventFilter(self)  # Down goes to the rows: see eventFilter
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: self.model.set_search(self.search.text()))
        self.search.textChanged.connect(lambda _text: self._search_timer.start())

        self.show_archived = QCheckBox(_("Show archived"))
        self.show_archived.setObjectName("show_archived")
        self.show_archived.setToolTip(_("List archived records too, marked “Archived”."))
        self.show_archived.toggled.connect(self.model.set_include_archived)
        self.new_button = QPushButton(_(self.new_label))
        self.edit_button = QPushButton(_("Edit"))
        self.archive_button = QPushButton(_(self.archive_label))
        self.new_button.clicked.connect(self.open_new)
        self.edit_button.clicked.connect(self.open_selected)
        self.archive_button.clicked.connect(self.archive_selected)
        for button, tip, key in (
            (self.new_button, self.new_tip or self.new_label, QKeySequence.StandardKey.New),
            (self.edit_button, self.edit_tip, Qt.Key.Key_Enter),
            (self.archive_button, self.archive_tip, Qt.Key.Key_Delete),
        ):
            button.setToolTip(shortcut_tooltip(_(tip), QKeySequence(key)))
            needs = self.archive_permission if button is self.archive_button else ""
            if needs or self.permission:
                guard(button, context.role, needs or self.permission)
        self.more_menu = QMenu(self)
        self.more_menu.setToolTipsVisible(True)
        self.more_button = QToolButton()
        self.more_button.setObjectName("more")
        self.more_button.setText(_("More"))
        self.more_button.setToolTip(_("More actions for this list"))
        self.more_button.setMenu(self.more_menu)
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.more_button.hide()  # until an action is added

        self.table = QTableView()
        self.table.setModel(self.model)
        self.model.set_font(self.table.font())
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)  # one line a row: a long text is elided, whole in its tip
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(
            max(26, self.table.fontMetrics().height() + 10)
        )
        self.column_layout = ColumnLayout(
            self.table,
            self.state_key(),
            context.preferences,
            self.default_sort,
            self.default_order,
        )
        # Enabling sorting queries the database once, in the saved (or default) order.
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(
            lambda _i: may_enable(self.edit_button) and self.open_selected()
        )
        self.empty_state = EmptyState()
        self.views = QStackedWidget()
        self.views.addWidget(self.table)
        self.views.addWidget(self.empty_state)
        self.count_label = QLabel()
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)  # a long message (an erase's outcome) is read whole
        self.undo_prompt = undo.UndoPrompt(context, self, QPushButton(), self._say)
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self._update_count)

        bar = QHBoxLayout()
        self.toolbar = bar  # subclasses add their own actions (Print receipt, Dues)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.new_button)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.archive_button)
        bar.addWidget(self.more_button)
        # Under the search bar, above the table: what the list keeps (each page adds its own).
        self.filter_bar = QHBoxLayout()
        self.filter_bar.addWidget(self.show_archived)
        self.filter_bar.addStretch(1)
        footer = QHBoxLayout()
        footer.addWidget(self.message, 1)
        footer.addWidget(self.undo_prompt.button)
        footer.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(bar)
        layout.addLayout(self.filter_bar)
        layout.addWidget(self.views, 1)
        layout.addLayout(footer)

        QShortcut(
            QKeySequence.StandardKey.New,
            self,
            lambda: self._allowed(self.new_button, self.open_new),
        )
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        self.table.installEventFilter(self)  # Enter edits, Del archives: see eventFilter
        self.table.selectionModel().selectionChanged.connect(self._update_archive_button)
        for signal in (self.model.modelReset, self.model.dataChanged):
            signal.connect(self._update_archive_button)

        context.data_changed.connect(self._data_changed)
        self.import_wizard: QWidget | None = None
        if self.import_kind:
            self.import_button = self.add_more_action(
                _("Import…"), self.open_import, _("Bring records in from a spreadsheet")
            )
            self.import_button.setObjectName("import_start")
            guard(self.import_button, context.role, "import")
        self._update_count()

    def state_key(self) -> str:
        """The name the list's column layout is saved under (one per page)."""
        return type(self).__name__

    def open_import(self) -> QWidget:
        """The import wizard, set for this page's records (window-modal, returns at once)."""
        from ui.dialogs.import_wizard import ImportWizard

        wizard = ImportWizard(self.context, self.import_kind, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.import_wizard = wizard
        wizard.open()
        return wizard

    def add_button(self, label: str, slot: Callable[[], object], shortcut: str = "") -> QPushButton:
        """A page-specific action on the toolbar (before "More"), with an optional shortcut."""
        button = QPushButton(label)
        button.clicked.connect(lambda _checked=False: slot())
        if shortcut:
            QShortcut(QKeySequence(shortcut), self, lambda: may_enable(button) and slot())
            button.setToolTip(shortcut_tooltip(label.rstrip("…"), QKeySequence(shortcut)))
        self.add_tool(button)
        return button

    def add_tool(self, widget: QWidget) -> None:
        self.toolbar.insertWidget(self.toolbar.indexOf(self.more_button), widget)

    def add_more_action(self, label: str, slot: Callable[[], object], tip: str = "") -> QAction:
        """A rarely used action, in the "More" menu (shown once it has one)."""
        action = self.more_menu.addAction(label)
        action.triggered.connect(lambda _checked=False: slot())
        if tip:
            action.setToolTip(tip)
        self.more_button.show()
        return action

    def add_filter(self, widget: QWidget) -> None:
        """A filter of the page, before "Show archived"."""
        self.filter_bar.insertWidget(self.filter_bar.indexOf(self.show_archived), widget)

    def show_everything(self) -> None:
        """Set every filter to its broadest, archived records included."""
        self.show_archived.setChecked(True)

    def any_record(self, session: Session) -> bool:
        """Whether the list has any record at all, whatever the filters (the empty state then
        says "No … yet" rather than "nothing matches")."""
        return bool(self.ids_for(session, ListQuery(include_archived=True)))

    # -- what subclasses declare ---------------------------------------------------------
    def columns(self) -> Sequence[Column]:
        raise NotImplementedError

    def ids_for(self, session: Session, query: ListQuery) -> Sequence[int]:
        raise NotImplementedError

    def rows_for(self, session: Session, ids: Sequence[int]) -> list[Any]:
        raise NotImplementedError

    def marker(self, row: Any) -> Marker | None:
        """What sets ``row`` apart (archived by default); None for an ordinary row."""
        if getattr(row, "archived", False):
            return Marker(_("Archived"), _("Archived: listed only with “Show archived”."))
        return None

    def make_dialog(self, record_id: int | None) -> RecordDialog:
        raise NotImplementedError

    def archive(self, record_id: int) -> str | undo.Offer | None:
        """Archive (or void) a record after asking; return a message to show (an Offer when
        it can be undone), or None."""
        raise NotImplementedError

    # -- actions -------------------------------------------------------------------------
    def selected_id(self) -> int | None:
        """The selected row's id. Read from the selection, not currentIndex(): in right-to-left
        layout QTableView.selectRow() can leave the current index unset."""
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return self.model.id_at(rows[0].row())
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def open_new(self) -> RecordDialog:
        return self._open(None)

    def open_selected(self) -> RecordDialog | None:
        record_id = self.selected_id()
        return self._open(record_id) if record_id is not None else None

    def _open(self, record_id: int | None) -> RecordDialog:
        try:
            dialog = self.make_dialog(record_id)
        except NotFound as exc:
            self.show_message(str(exc))
            self.model.refresh()
            raise
        dialog.saved.connect(self.saved)
        if record_id is not None:  # an edit: offered to undo once saved
            dialog.saved.connect(self._edited)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()  # window-modal, returns at once
        return dialog

    def saved(self, record_id: int) -> None:
        """After a save: select the record (the model was refreshed by data_changed)."""
        self.select_id(record_id)

    def record_name(self, record_id: int) -> str:
        """How the messages name a row's record (its name, or its title)."""
        row = self.model.record_at(self.model.row_of(record_id))
        return str(getattr(row, "name", "") or getattr(row, "title", "") or "")

    def _edited(self, record_id: int) -> None:
        """An edit saved by the form: offer to put the old values back (when it can be)."""
        offer = undo.offer_saved_edit(self.context, self.record_name(record_id))
        if offer is not None:
            self.show_message(offer.done, offer)

    def select_id(self, record_id: int) -> None:
        row = self.model.row_of(record_id)
        if row >= 0:
            self.select_row(row)

    def select_row(self, row: int) -> None:
        select_whole_row(self.table, row, make_current=True)

    def archive_selected(self) -> None:
        record_id = self.selected_id()
        if record_id is None:
            return
        try:
            message = self.archive(record_id)
        except (ValidationError, NotFound) as exc:
            QMessageBox.warning(self, _(self.title), getattr(exc, "message", str(exc)))
            return
        if isinstance(message, undo.Offer):
            self.show_message(message.done, message)
        elif message:
            self.show_message(message)

    def confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self, _(self.title), question)
        return answer == QMessageBox.StandardButton.Yes

    def show_message(self, text: str, offer: undo.Offer | None = None) -> None:
        """Say ``text`` under the list; with ``offer``, beside an Undo button (and Ctrl+Z)."""
        self.message.setText(text)
        self.undo_prompt.set_offer(offer)

    def _say(self, text: str) -> None:
        self.show_message(text)

    def selected_archived(self) -> bool:
        record_id = self.selected_id()
        if record_id is None:
            return False
        return bool(getattr(self.model.record_at(self.model.row_of(record_id)), "archived", False))

    def _update_archive_button(self, *_args: object) -> None:
        """ "Restore" while the selected row is archived (Del restores it too)."""
        restoring = self.restores and self.selected_archived()
        label = self.restore_label if restoring else self.archive_label
        tip = self.restore_tip if restoring else self.archive_tip
        self.archive_button.setText(_(label))
        if may_enable(self.archive_button):  # else it says why the role may not
            self.archive_button.setToolTip(
                shortcut_tooltip(_(tip), QKeySequence(Qt.Key.Key_Delete))
            )

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _data_changed(self, changes: Changes) -> None:
        """Repaint the changed rows when only this page's records changed and their ids are
        known; otherwise (a donor renamed under donations, a bulk change) reload the list."""
        touched = changes.kinds.intersection(self.changes_shown)
        if not touched:
            return
        only_ours = self.kind is not None and touched == {self.kind}
        ids = changes.ids_of(self.kind) if only_ours and self.kind is not None else None
        if ids is not None:
            self.model.refresh_records(ids)
            return
        selected = self.selected_id()
        self.model.refresh()
        if selected is not None:
            self.select_id(selected)

    def _update_count(self, *_args: object) -> None:
        self.count_label.setText(_("Shown: {count}").format(count=self.model.rowCount()))
        self._update_empty_state()

    def _update_empty_state(self) -> None:
        update_empty_state(self)  # ui.pages.list_empty

    def clear_search(self) -> None:
        self.search.clear()
        self._search_timer.stop()
        self.model.set_search("")
        self.search.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter and Del on the table act on its row (keys, not shortcuts: a cell or the search
        box keeps its own); Down in the search box goes to the rows found, the first selected."""
        key = event.key() if event.type() == QEvent.Type.KeyPress else None  # type: ignore[attr-defined]
        if watched is self.search and key == Qt.Key.Key_Down and self.model.rowCount():
            select_whole_row(self.table, max(self.table.currentIndex().row(), 0), make_current=True)
            self.table.setFocus()
            return True
        if watched is self.table and key is not None:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                return self._allowed(self.edit_button, self.open_selected)
            if key == Qt.Key.Key_Delete:
                return self._allowed(self.archive_button, self.archive_selected)
        return super().eventFilter(watched, event)

    def _allowed(self, button: QPushButton, act: Callable[[], object]) -> bool:
        """A key does what ``button`` does, unless the role may not (then its reason shows)."""
        if may_enable(button):
            act()
        else:
            self.show_message(button.toolTip())
        return True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.column_layout.fit_if_needed()
        if self.views.currentWidget() is self.table:
            self.table.setFocus()

    def hideEvent(self, event) -> None:
        self.column_layout.flush()
        super().hideEvent(event)
