"""A table model over a service's list: all ids in SQL order, rows built a page at a time.

Holding ids only (Anki's browser table does the same) gives a true scroll bar at once and keeps
memory flat at 200 000 donations; sorting and filtering are SQL. ``data()`` must never raise (an
exception inside a Qt virtual method aborts the process), so page loads are guarded and logged.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from sqlalchemy.orm import Session

from assocdesk.i18n import _
from assocdesk.services.common import ListQuery
from ui import theme
from ui.context import AppContext
from ui.widgets.tables import tag_pixmap

log = logging.getLogger(__name__)
Index = QModelIndex | QPersistentModelIndex

# data() is called some 1 000 times per repaint of a scrolled table: the roles and alignments
# are looked up once here, not built from Qt's enums on every call (a tenth of its time).
DISPLAY, TOOLTIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole
FOREGROUND, ALIGNMENT = Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.TextAlignmentRole
DECORATION = Qt.ItemDataRole.DecorationRole
ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole
MARKER_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # the row's marker tag ("Archived"), or None
SHOWN_ROLES = frozenset({DISPLAY, TOOLTIP, FOREGROUND, ALIGNMENT, DECORATION, ACCESSIBLE})
ALIGN_NUMBER = int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
ALIGN_TEXT = int(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
# More changed records than this, and a list reloads whole: finding each row costs more.
MAX_ROW_CHANGES = 50


def _same(old: Sequence[int], new: Sequence[int]) -> bool:
    """The same ids in the same order (two arrays compare in C; anything else as lists)."""
    if type(old) is type(new):
        return old == new
    return len(old) == len(new) and list(old) == list(new)


@dataclass(frozen=True)
class Column:
    key: str  # the service's sort key
    title: str  # marked with N_(), translated when shown
    value: Callable[[Any], str]
    numeric: bool = False
    sortable: bool = True  # False where the service has no SQL order for it
    # A value the column is made wide enough to show whole. For phone numbers: elided, a number
    # loses its left-to-right isolate and its groups come out in right-to-left order.
    fits: str = ""
    # The list's main text (name, title): it takes the spare width, the others fit their content,
    # and it carries the row's marker.
    stretch: bool = False


@dataclass(frozen=True)
class Marker:
    """Why a row is set apart (archived, void, a member who left): a short tag shown beside the
    main text, and a sentence for its tooltip. Never colour alone: the row is muted and the tag
    says why in words."""

    tag: str
    tip: str


def no_marker(_row: Any) -> Marker | None:
    return None


class RecordTableModel(QAbstractTableModel):
    PAGE_SIZE = 100
    MAX_CACHED_PAGES = 40
    ID_ROLE = Qt.ItemDataRole.UserRole

    def __init__(
        self,
        context: AppContext,
        columns: Sequence[Column],
        ids_for: Callable[[Session, ListQuery], Sequence[int]],
        rows_for: Callable[[Session, Sequence[int]], list[Any]],
        marker: Callable[[Any], Marker | None] = no_marker,
    ) -> None:
        super().__init__()
        self.context = context
        self.columns = list(columns)
        self._ids_for, self._rows_for, self._marker = ids_for, rows_for, marker
        stretched = [i for i, column in enumerate(self.columns) if column.stretch]
        self.main_column = stretched[0] if stretched else 0
        self._font: QFont | None = None  # the view's, for the tags (see set_font)
        self.query = ListQuery()
        self._ids: Sequence[int] = []
        self._pages: OrderedDict[int, dict[int, Any]] = OrderedDict()

    # -- queries -------------------------------------------------------------------------
    def refresh(self) -> None:
        self.beginResetModel()
        self._ids = self.context.read(lambda session: self._ids_for(session, self.query))
        self._pages.clear()
        self.endResetModel()

    def refresh_records(self, changed: Collection[int]) -> None:
        """Only the records ``changed`` were written: re-read the ids (SQL, cheap) and, when the
        other rows kept their order, repaint, insert or remove just those rows; a view keeps
        its scroll position and selection. Anything else (a new sort position) resets."""
        new = self.context.read(lambda session: self._ids_for(session, self.query))
        old = self._ids
        if len(changed) > MAX_ROW_CHANGES:
            self._reset_to(new)
        elif _same(old, new):
            self._repaint([row for row in map(self.row_of, changed) if row >= 0])
        elif not self._insert_or_remove(old, new, changed):
            self._reset_to(new)

    def _reset_to(self, ids: Sequence[int]) -> None:
        self.beginResetModel()
        self._ids = ids
        self._pages.clear()
        self.endResetModel()

    def _repaint(self, rows: Sequence[int]) -> None:
        for row in rows:
            self._pages.pop(row // self.PAGE_SIZE, None)  # read again when shown
            last = self.index(row, len(self.columns) - 1)
            self.dataChanged.emit(self.index(row, 0), last)

    def _insert_or_remove(
        self, old: Sequence[int], new: Sequence[int], changed: Collection[int]
    ) -> bool:
        """Rows of ``changed`` that appeared or went, everything else in place: tell the view
        row by row. False (nothing done) if the lists differ otherwise."""
        old_set, new_set = set(changed).intersection(old), set(changed).intersection(new)
        added, gone = new_set - old_set, old_set - new_set
        kept_new = [each for each in new if each not in added]
        kept_old = [each for each in old if each not in gone]
        if not (added or gone) or kept_new != kept_old:
            return False
        self._pages.clear()  # page boundaries move
        current = list(old)
        for row in sorted((current.index(each) for each in gone), reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            del current[row]
            self._ids = current
            self.endRemoveRows()
        for row in sorted(new.index(each) for each in added):
            self.beginInsertRows(QModelIndex(), row, row)
            current.insert(row, new[row])
            self._ids = current
            self.endInsertRows()
        self._ids = new
        # A view may ask for rows between beginInsertRows and the insertion (the selection
        # model does): a page read then holds the old ids. Read them again when shown.
        self._pages.clear()
        self._repaint([self.row_of(each) for each in (old_set & new_set)])
        return True

    def set_query(self, query: ListQuery) -> None:
        self.query = query
        self.refresh()

    def set_search(self, text: str) -> None:
        if text != self.query.search:
            self.set_query(
                ListQuery(text, self.query.sort, self.query.descending, self.query.include_archived)
            )

    def set_include_archived(self, include: bool) -> None:
        self.set_query(
            ListQuery(self.query.search, self.query.sort, self.query.descending, include)
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(self.columns) and self.columns[column].sortable:
            descending = order == Qt.SortOrder.DescendingOrder
            self.set_query(
                ListQuery(
                    self.query.search,
                    self.columns[column].key,
                    descending,
                    self.query.include_archived,
                )
            )

    # -- rows ----------------------------------------------------------------------------
    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, record_id: int) -> int:
        try:
            return self._ids.index(record_id)
        except ValueError:
            return -1

    def record_at(self, row: int) -> Any | None:
        record_id = self.id_at(row)
        if record_id is None:
            return None
        page_number = row // self.PAGE_SIZE
        page = self._pages.get(page_number)
        if page is None:
            page = self._load_page(page_number)
        else:
            self._pages.move_to_end(page_number)
        return page.get(record_id)

    def _load_page(self, page_number: int) -> dict[int, Any]:
        start = page_number * self.PAGE_SIZE
        page_ids = list(self._ids[start : start + self.PAGE_SIZE])
        try:
            records = self.context.read(lambda session: self._rows_for(session, page_ids))
        except Exception:  # a broken row must not kill the app from inside data()
            log.exception("could not load rows %s–%s", start, start + len(page_ids))
            records = []
        page = {record.id: record for record in records}
        self._pages[page_number] = page
        while len(self._pages) > self.MAX_CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    # -- Qt model ------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == self.ID_ROLE:
            return self.id_at(index.row())
        if role not in SHOWN_ROLES and role != MARKER_ROLE:
            return None
        column = self.columns[index.column()]
        if role == ALIGNMENT:
            return ALIGN_NUMBER if column.numeric else ALIGN_TEXT
        record = self.record_at(index.row())
        if record is None:
            return None
        if role in (DISPLAY, TOOLTIP, ACCESSIBLE):
            text = self._text(column, record)
            if role == DISPLAY or index.column() != self.main_column:
                return text
            marker = self._marker_of(record)
            if marker is None:
                return text
            return f"{text}\n{marker.tip}" if role == TOOLTIP else f"{text}, {marker.tag}"
        marker = self._marker_of(record)  # the other roles only set a marked row apart
        if marker is None:
            return None
        if role == FOREGROUND:
            return theme.color(theme.Role.MUTED)
        if index.column() != self.main_column:
            return None
        if role == MARKER_ROLE:
            return marker.tag
        return tag_pixmap(marker.tag, self._font) if role == DECORATION else None

    def set_font(self, font: QFont) -> None:
        """The view's font, for the tags. (Marked rows are muted, not italic: an italic face
        without Arabic letters draws Arabic names as empty boxes.)"""
        self._font = QFont(font)

    def marker_at(self, row: int) -> Marker | None:
        record = self.record_at(row)
        return None if record is None else self._marker_of(record)

    def _marker_of(self, record: Any) -> Marker | None:
        try:
            return self._marker(record)
        except Exception:
            log.exception("could not mark a row")
            return None

    @staticmethod
    def _text(column: Column, record: Any) -> Any:
        try:
            return column.value(record)
        except Exception:
            log.exception("could not show column %s", column.key)
            return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.columns)
        ):
            return _(self.columns[section].title)
        return None
