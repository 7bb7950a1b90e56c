"""The shape of every list page: search box, sortable table, New / Edit / Archive.

Subclasses declare their columns, the service functions that list them, the dialog that edits
them and what archiving means. Keyboard: Ctrl+N new, Enter edit, Del archive (or void),
Ctrl+F search.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from assocdesk.i18n import _
from assocdesk.services.changes import ChangeKind, Changes
from assocdesk.services.common import ListQuery
from assocdesk.services.errors import NotFound, ValidationError
from ui.context import AppContext
from ui.dialogs.record_dialog import RecordDialog
from ui.models.record_table import Column, RecordTableModel
from ui.widgets.tables import select_whole_row

SEARCH_DELAY_MS = 150  # wait for a pause in typing; a keystroke never waits on the database


class ListPage(QWidget):
    title = ""
    new_label = ""
    archive_label = ""
    kind: ChangeKind | None = None  # the records the rows are (their ids are the rows' ids)
    changes_shown: tuple[ChangeKind, ...] = ()  # every kind whose change shows in the rows
    import_kind = ""  # what the page's "Import…" button brings in (none if empty)
    default_sort = 0
    default_order = Qt.SortOrder.AscendingOrder

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.dialog: RecordDialog | None = None
        self.model = RecordTableModel(
            context, self.columns(), self.ids_for, self.rows_for, self.is_muted
        )

        heading = QLabel(f"<h2>{_(self.title)}</h2>")
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Search (Ctrl+F) — finds other spellings too"))
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: self.model.set_search(self.search.text()))
        self.search.textChanged.connect(lambda _text: self._search_timer.start())

        self.show_archived = QCheckBox(_("Show archived"))
        self.show_archived.toggled.connect(self.model.set_include_archived)
        self.new_button = QPushButton(_(self.new_label))
        self.edit_button = QPushButton(_("Edit"))
        self.archive_button = QPushButton(_(self.archive_label))
        self.new_button.clicked.connect(self.open_new)
        self.edit_button.clicked.connect(self.open_selected)
        self.archive_button.clicked.connect(self.archive_selected)
        self.new_button.setToolTip("Ctrl+N")
        self.edit_button.setToolTip(_("Enter"))
        self.archive_button.setToolTip(_("Del"))

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Enabling sorting queries the database once, in the page's default order.
        self.table.horizontalHeader().setSortIndicator(self.default_sort, self.default_order)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for position, column in enumerate(self.model.columns):
            if column.fits:
                wide = self.table.fontMetrics().horizontalAdvance(column.fits) + 24  # + margins
                if self.table.horizontalHeader().sectionSize(position) < wide:
                    self.table.horizontalHeader().resizeSection(position, wide)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.count_label = QLabel()
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)  # a long message (an erase's outcome) is read whole
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self._update_count)

        bar = QHBoxLayout()
        self.toolbar = bar  # subclasses add their own actions (Print receipt, Yearly statement)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.show_archived)
        bar.addWidget(self.new_button)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.archive_button)
        footer = QHBoxLayout()
        footer.addWidget(self.message, 1)
        footer.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)

        QShortcut(QKeySequence.StandardKey.New, self, self.open_new)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        self.table.installEventFilter(self)  # Enter edits, Del archives: see eventFilter

        context.data_changed.connect(self._data_changed)
        self.import_wizard: QWidget | None = None
        if self.import_kind:
            self.import_button = self.add_button(_("Import…"), self.open_import)
            self.import_button.setObjectName("import_start")

    def open_import(self) -> QWidget:
        """The import wizard, set for this page's records (window-modal, returns at once)."""
        from ui.dialogs.import_wizard import ImportWizard

        wizard = ImportWizard(self.context, self.import_kind, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.import_wizard = wizard
        wizard.open()
        return wizard

    def add_button(self, label: str, slot: Callable[[], object], shortcut: str = "") -> QPushButton:
        """A page-specific action at the end of the toolbar, with an optional shortcut."""
        button = QPushButton(label)
        button.clicked.connect(lambda _checked=False: slot())
        if shortcut:
            QShortcut(QKeySequence(shortcut), self, slot)
            button.setToolTip(
                QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
            )
        self.toolbar.addWidget(button)
        return button

    # -- what subclasses declare ---------------------------------------------------------
    def columns(self) -> Sequence[Column]:
        raise NotImplementedError

    def ids_for(self, session: Session, query: ListQuery) -> Sequence[int]:
        raise NotImplementedError

    def rows_for(self, session: Session, ids: Sequence[int]) -> list[Any]:
        raise NotImplementedError

    def is_muted(self, row: Any) -> bool:
        return bool(getattr(row, "archived", False))

    def make_dialog(self, record_id: int | None) -> RecordDialog:
        raise NotImplementedError

    def archive(self, record_id: int) -> str | None:
        """Archive (or void) a record after asking; return a message to show, or None."""
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
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()  # window-modal, returns at once
        return dialog

    def saved(self, record_id: int) -> None:
        """After a save: select the record (the model was refreshed by data_changed)."""
        self.select_id(record_id)

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
        if message:
            self.show_message(message)

    def confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self, _(self.title), question)
        return answer == QMessageBox.StandardButton.Yes

    def show_message(self, text: str) -> None:
        self.message.setText(text)

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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter and Del on the table act on the selected row (keys, not shortcuts, so they
        do not steal Enter from the search box or Del from a cell being typed in)."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_selected()
                return True
            if key == Qt.Key.Key_Delete:
                self.archive_selected()
                return True
        return super().eventFilter(watched, event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.table.setFocus()
