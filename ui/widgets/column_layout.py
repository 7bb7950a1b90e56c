"""A list's columns: the main text stretches, the others fit what they show, and whatever the
reader changes (widths, order, sort) is remembered per list until "Reset columns".

Widths are measured on the rows already loaded (the first page at most): a list of 20 000
donations is never read whole to size its columns. Qt's own ResizeToContents is not used for the
same reason (an unshown QTableView measures every row), and because it forbids resizing by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt, QTimer
from PySide6.QtWidgets import QHeaderView, QMenu, QStyleOptionHeader, QTableView

from assocdesk.i18n import _
from ui.preferences import Preferences

MEASURED_ROWS = 40  # rows looked at when fitting: two screens (each cell costs a size hint)
MAX_FITTED_WIDTH = 280  # a long skills list or campaign is elided (whole in its tooltip)
TEXT_PADDING = 14  # a cell's margins around its text, as the view's size hint counts them
SHORT_WIDTH = 140  # values this wide or less (a date, a receipt number) are never elided
MAIN_MIN_WIDTH = 180  # what the main column keeps when the others must shrink to leave it room
SAVE_DELAY_MS = 400  # a drag resizes a column many times: saved once it stops


class ColumnLayout(QObject):
    """Sizes, restores and saves the columns of ``table`` for the list called ``page``."""

    def __init__(
        self,
        table: QTableView,
        page: str,
        preferences: Preferences,
        default_sort: int,
        default_order: Qt.SortOrder,
    ) -> None:
        super().__init__(table)
        self.table, self.page, self.preferences = table, page, preferences
        # A RecordTableModel (not imported: ui.models draws its tags with ui.widgets).
        self.model: Any = table.model()
        self.default_sort, self.default_order = default_sort, default_order
        self.signature = ",".join(column.key for column in self.model.columns)
        self.header = header = WrappingHeader(table)
        table.setHorizontalHeader(header)
        self._busy = False  # our own changes are not the reader's: not saved
        self.fitted = False  # widths measured on rows (not only on the headers)
        self.restored = False  # the reader's saved layout is in place: never refitted
        self.main_min = MAIN_MIN_WIDTH  # less when the loaded names are all shorter
        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save)
        header.setStretchLastSection(False)
        header.setSectionsMovable(True)
        header.setTextElideMode(Qt.TextElideMode.ElideNone)  # fitted to its header: never cut
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_menu)
        self._apply_defaults()
        self._restore()
        header.sectionResized.connect(self._resized)
        table.viewport().installEventFilter(self)
        header.sectionMoved.connect(lambda *_args: self._changed())
        header.sortIndicatorChanged.connect(lambda *_args: self._changed())
        self.model.modelReset.connect(self.fit_if_needed)

    # -- defaults, saved state -------------------------------------------------------------
    def _apply_defaults(self) -> None:
        self._busy = True
        try:
            for logical in range(self.header.count()):
                self.header.setSectionResizeMode(logical, self._mode(logical))
                if self.model.columns[logical].fits:  # whole before it is ever fitted
                    self.header.resizeSection(logical, self._floor(logical))
            self.header.setSortIndicator(self.default_sort, self.default_order)
        finally:
            self._busy = False

    def _mode(self, logical: int) -> QHeaderView.ResizeMode:
        # The main column is stretched here (stretch_main), not by Qt's Stretch mode: that one
        # gives it nothing at all when the other columns fill the width.
        return QHeaderView.ResizeMode.Interactive

    def _restore(self) -> None:
        state = self.preferences.list_columns(self.page, self.signature)
        if state is None:
            return
        self._busy = True
        try:
            self.restored = self.header.restoreState(state)
        finally:
            self._busy = False
        if not self.restored:
            self._apply_defaults()

    def save(self) -> None:
        self._save_timer.stop()
        self.preferences.set_list_columns(self.page, self.signature, self.header.saveState())

    def flush(self) -> None:
        """Save now what is waiting to be saved (the page is hidden, the window closes)."""
        if self._save_timer.isActive():
            self.save()

    def _resized(self, logical: int, _old: int, _new: int) -> None:
        if logical != self.model.main_column:  # the stretched one follows the others
            self._changed()
            if not self._busy:
                self.stretch_main()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.stretch_main()
        return False

    def stretch_main(self) -> None:
        """The main column takes the width the others leave, MAIN_MIN_WIDTH at least (the
        list then scrolls sideways rather than hide the names)."""
        main = self.model.main_column
        others = sum(
            self.header.sectionSize(logical)
            for logical in range(self.header.count())
            if logical != main and not self.header.isSectionHidden(logical)
        )
        width = max(self.main_min, self.table.viewport().width() - others)
        if width != self.header.sectionSize(main):
            self._busy = True
            try:
                self.header.resizeSection(main, width)
            finally:
                self._busy = False

    def _changed(self) -> None:
        if not self._busy:
            self.restored = True  # the reader's choice from now on: no more fitting
            self._save_timer.start()

    # -- fitting ---------------------------------------------------------------------------
    def fit_if_needed(self) -> None:
        """Fit the columns to the loaded rows the first time the list shows some (and to the
        headers while it is empty), unless the reader's own layout is in place."""
        if self.restored or self.fitted or not self.table.isVisible():
            return
        self.fit()

    def fit(self) -> None:
        """Each column as wide as its header and loaded values; when that is wider than the
        list (the main column's values included), headers wider than their values wrap onto
        two lines, then long texts (campaign, skills) give way down to their header. Amounts,
        dates and short values never do: past that, the list scrolls sideways and the main
        column keeps MAIN_MIN_WIDTH."""
        rows = min(self.model.rowCount(), MEASURED_ROWS)
        others = [i for i in range(self.header.count()) if i != self.model.main_column]
        self.header.wrap(())
        content = {i: self._values_width(i, rows) for i in others}
        # The main text is what the list is read by: the others leave it its loaded values'
        # width (MAX_FITTED_WIDTH at most), MAIN_MIN_WIDTH at least.
        main = self._values_width(self.model.main_column, rows)
        self.main_min = min(MAIN_MIN_WIDTH, main) if rows else MAIN_MIN_WIDTH
        room = self._available_width() - max(self.main_min, main)
        if sum(max(content[i], self._floor(i)) for i in others) > room:
            self.header.wrap(i for i in others if self._floor(i) > content[i])
        widths = {i: max(content[i], self._floor(i)) for i in others}
        excess = sum(widths.values()) - room
        for logical in sorted(widths, key=widths.__getitem__, reverse=True):
            if excess <= 0 or self.model.columns[logical].numeric:
                continue
            floor = self._floor(logical)
            if content[logical] > SHORT_WIDTH:  # a long text: elided, whole in its tooltip
                cut = min(excess, max(0, widths[logical] - max(floor, SHORT_WIDTH // 2)))
                widths[logical] -= cut
                excess -= cut
        self._busy = True
        try:
            for logical, width in widths.items():
                self.header.resizeSection(logical, width)
        finally:
            self._busy = False
        self.fitted = rows > 0
        self.stretch_main()

    def _available_width(self) -> int:
        """The viewport's width, less the vertical scroll bar about to appear (a first fit
        happens before the view has laid its rows out)."""
        width = self.table.viewport().width()
        bar = self.table.verticalScrollBar()
        rows_height = self.model.rowCount() * self.table.verticalHeader().defaultSectionSize()
        if not bar.isVisible() and rows_height > self.table.viewport().height():
            width -= bar.sizeHint().width()
        return width

    def _floor(self, logical: int) -> int:
        """The narrowest the column may be fitted: its header whole, and its ``fits`` value."""
        width = self.header.sectionSizeFromContents(logical).width()
        sample = self.model.columns[logical].fits
        if sample:
            width = max(width, self.table.fontMetrics().horizontalAdvance(sample) + 24)
        return width

    def _values_width(self, logical: int, rows: int) -> int:
        """The widest of the loaded values (MAX_FITTED_WIDTH at most).

        The main column may carry a marker beside its text, which only the view's size hint
        counts; the others are plain text, measured directly (a size hint asks the model for
        eight roles of each cell: a third of the Members page's opening).
        """
        width = 0
        if logical == self.model.main_column:
            for row in range(rows):
                hint = self.table.sizeHintForIndex(self.model.index(row, logical)).width()
                width = max(width, min(hint + 2, MAX_FITTED_WIDTH))
            return width
        metrics, display = self.table.fontMetrics(), Qt.ItemDataRole.DisplayRole
        for row in range(rows):
            text = self.model.data(self.model.index(row, logical), display)
            advance = metrics.horizontalAdvance(str(text)) if text else 0
            width = max(width, min(advance + TEXT_PADDING, MAX_FITTED_WIDTH))
        return width

    # -- back to the defaults ----------------------------------------------------------------
    def reset(self) -> None:
        """The list's own layout again: columns in their first order, fitted, default sort."""
        self._save_timer.stop()
        self.preferences.forget_list_columns(self.page)
        self._busy = True
        try:
            for logical in range(self.header.count()):
                self.header.moveSection(self.header.visualIndex(logical), logical)
        finally:
            self._busy = False
        self._apply_defaults()
        self.restored = self.fitted = False
        self.fit_if_needed()

    def _show_menu(self, position: QPoint) -> None:
        menu = QMenu(self.header)
        menu.addAction(_("Reset columns"), self.reset)
        menu.exec(self.header.mapToGlobal(position))


class WrappingHeader(QHeaderView):
    """A horizontal header that shows chosen sections' titles on two lines ("Date
    d'adhésion"), so a crowded list keeps every header whole without widening its column.
    The model's header text is left as it is: only the drawing and the size change."""

    def __init__(self, parent: QTableView) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)  # as QTableView's own header: a click sorts
        self.setHighlightSections(True)
        self.wrapped: frozenset[int] = frozenset()

    def wrap(self, sections: Iterable[int]) -> None:
        wrapped = frozenset(sections)
        if wrapped != self.wrapped:
            self.wrapped = wrapped
            self.headerDataChanged(Qt.Orientation.Horizontal, 0, max(0, self.count() - 1))

    def initStyleOptionForIndex(self, option: QStyleOptionHeader, logical: int) -> None:
        super().initStyleOptionForIndex(option, logical)
        if logical in self.wrapped:
            option.text = two_lines(option.text)

    def sectionSizeFromContents(self, logical: int) -> QSize:
        size = super().sectionSizeFromContents(logical)
        if logical not in self.wrapped or self.model() is None:
            return size
        text = str(self.model().headerData(logical, Qt.Orientation.Horizontal) or "")
        lines = two_lines(text).split("\n")
        if len(lines) < 2:
            return size
        metrics = self.fontMetrics()
        saved = metrics.horizontalAdvance(text) - max(map(metrics.horizontalAdvance, lines))
        return QSize(size.width() - saved, size.height() + metrics.lineSpacing())


def two_lines(text: str) -> str:
    """``text`` broken at the space nearest its middle ("Date d'adhésion" → "Date\nd'adhésion")."""
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    if not spaces:
        return text
    middle = min(spaces, key=lambda i: abs(2 * i - len(text)))
    return f"{text[:middle]}\n{text[middle + 1 :]}"
