"""The Journal page: what was created, changed, archived, voided or erased, and when.

Read-only: the page lists and filters the audit trail and shows one event's fields before and
after; nothing here (or anywhere in the app) can change or delete an event.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from assocdesk import journal_labels
from assocdesk.i18n import N_, _
from assocdesk.services import journal
from assocdesk.services.changes import Changes
from assocdesk.services.common import ListQuery
from assocdesk.text.locales import format_datetime
from ui.context import AppContext
from ui.models.record_table import Column, RecordTableModel
from ui.pages.list_page import SEARCH_DELAY_MS
from ui.widgets.fields import OptionalDateEdit


class JournalPage(QWidget):
    title = N_("Journal")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.filter = journal.JournalFilter()
        self.model = RecordTableModel(context, self.columns(), self.ids_for, self.rows_for)

        heading = QLabel(f"<h2>{_(self.title)}</h2>")
        note = QLabel(
            _(
                "Every creation, change, archiving, voiding and erasure is written here "
                "automatically, with the values before and after. The journal cannot be edited."
            )
        )
        note.setWordWrap(True)

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Search a name, a receipt number or a value (Ctrl+F)"))
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: self.model.set_search(self.search.text()))
        self.search.textChanged.connect(lambda _text: self._search_timer.start())

        self.record_type = QComboBox()
        self.record_type.setObjectName("record_type")
        self.record_type.addItem(_("All records"), "")
        for code in journal_labels.RECORD_TYPES:
            self.record_type.addItem(journal_labels.record_type_label(code), code)
        self.action = QComboBox()
        self.action.setObjectName("action")
        self.action.addItem(_("All actions"), "")
        for code in journal_labels.ACTIONS:
            self.action.addItem(journal_labels.action_label(code), code)
        self.since = OptionalDateEdit(_("From"))
        self.until = OptionalDateEdit(_("To"))
        for box in (self.record_type, self.action):
            box.currentIndexChanged.connect(lambda _index: self.apply_filters())
        for optional in (self.since, self.until):
            optional.enabled.toggled.connect(lambda _on: self.apply_filters())
            optional.edit.dateChanged.connect(lambda _date: self.apply_filters())

        self.table = QTableView()
        self.table.setObjectName("journal_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((150, 120, 130, 220)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self.show_details())
        self.model.modelReset.connect(self._model_reset)

        self.details = QTableWidget(0, 3)
        self.details.setObjectName("journal_details")
        self.details.setHorizontalHeaderLabels([_("Field"), _("Before"), _("After")])
        self.details.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.details.verticalHeader().hide()
        self.details.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.details.setWordWrap(True)
        self.count_label = QLabel()

        # Two rows, so the filters fit 1024×768 in every language (issue 20).
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.record_type)
        filters.addWidget(self.action)
        dates = QHBoxLayout()
        dates.addWidget(self.since)
        dates.addWidget(self.until)
        dates.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setSizes([420, 160])
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addLayout(filters)
        layout.addLayout(dates)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.count_label)

        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        context.data_changed.connect(self._data_changed)
        self.model.refresh()

    # -- the table -----------------------------------------------------------------------
    def columns(self) -> Sequence[Column]:
        locale = self.context.locale
        return [
            Column(
                "when",
                N_("When"),
                lambda r: format_datetime(journal_labels.as_local(r.occurred_at), locale),
                sortable=False,
            ),
            Column(
                "action",
                N_("Action"),
                lambda r: journal_labels.action_label(r.action),
                False,
                False,
            ),
            Column(
                "type",
                N_("Record"),
                lambda r: journal_labels.record_type_label(r.entity_type),
                sortable=False,
            ),
            Column("record", N_("Name or number"), lambda r: r.record, sortable=False),
            Column("changes", N_("Changes"), lambda r: journal.summary(r, locale), sortable=False),
        ]

    def ids_for(self, session: Session, query: ListQuery) -> Sequence[int]:
        return journal.ids(session, self._filter_with(query.search))

    def rows_for(self, session: Session, ids: Sequence[int]) -> list[Any]:
        return journal.rows(session, ids, self.context.language)

    def _filter_with(self, search: str) -> journal.JournalFilter:
        return journal.JournalFilter(
            entity_type=self.record_type.currentData() or "",
            action=self.action.currentData() or "",
            since=self.since.value(),
            until=self.until.value(),
            search=search,
        )

    def apply_filters(self) -> None:
        self.model.refresh()

    # -- details of the selected event ---------------------------------------------------
    def selected_row(self) -> journal.JournalRow | None:
        rows = self.table.selectionModel().selectedRows()
        index = rows[0] if rows else self.table.currentIndex()
        return self.model.record_at(index.row()) if index.isValid() else None

    def show_details(self) -> None:
        row = self.selected_row()
        changes = journal.changes(row, self.context.locale) if row is not None else []
        self.details.setRowCount(len(changes))
        for number, change in enumerate(changes):
            for column, value in enumerate((change.label, change.before, change.after)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.details.setItem(number, column, item)
        self.details.resizeRowsToContents()

    # -- refresh -------------------------------------------------------------------------
    def _model_reset(self) -> None:
        self.count_label.setText(_("Shown: {count}").format(count=self.model.rowCount()))
        self.show_details()

    def _data_changed(self, _changes: Changes) -> None:
        self.model.refresh()

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
