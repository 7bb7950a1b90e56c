"""Keeping the end of a table with what closes it: totals and signature never alone on a page.

ReportLab's ``keepWithNext`` and ``KeepTogether`` move a whole block to the next page when it
does not fit; with a long table in the block they give up (a block taller than a page flows as
usual), and the signature of a yearly statement ended alone on page 2. :class:`KeepEnd`
instead splits the table so that its last rows go over with the tail: page 2 then shows the
repeated header, a row or two, the totals and the signature.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, Table

FUZZ = 0.5  # points: rounding must not make the row at the split line go over too


class KeepEnd(Flowable):
    """``table`` followed by ``tail``; the tail never starts a page without the table's last
    ``rows`` rows above it (fewer when the table has fewer).

    The tail should be short (totals, a note, a signature): if it cannot fit on a page with
    those rows, it flows after the table as usual rather than stop the document.
    """

    def __init__(self, table: Table, tail: Sequence[Flowable], rows: int = 2) -> None:
        super().__init__()
        self.table, self.tail, self.rows = table, list(tail), rows
        self.spaceBefore = table.getSpaceBefore()
        self.spaceAfter = self.tail[-1].getSpaceAfter() if self.tail else table.getSpaceAfter()
        self._placed: list[tuple[Flowable, float]] = []
        self._table_height = 0.0
        self._moved = False
        self._next_page = False  # a continuation: never split on the page its rows came from

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        _w, self._table_height = self.table.wrap(available_width, available_height)
        self.width = available_width
        y, previous = self._table_height, self.table
        placed: list[tuple[Flowable, float]] = [(self.table, y)]
        for item in self.tail:
            _w, item_height = item.wrap(available_width, available_height)
            y += previous.getSpaceAfter() + item.getSpaceBefore() + item_height
            placed.append((item, y))
            previous = item
        self.height, self._placed = y, placed
        return self.width, self.height

    def _kept_rows_height(self) -> float:
        heights = list(self.table._rowHeights)
        header = self.table.repeatRows if isinstance(self.table.repeatRows, int) else 0
        body = heights[header:]
        kept = min(self.rows, max(len(body) - 1, 0))
        return sum(body[-kept:]) if kept else 0.0

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        if self.height <= available_height:
            return [self]
        if self._next_page:
            self._next_page = False
            return []
        kept = self._kept_rows_height()
        limit = min(available_height, self._table_height - kept + FUZZ)
        parts = self.table.split(available_width, limit) if kept else []
        if len(parts) == 2:
            first, rest = parts
            follow = KeepEnd(rest, self.tail, self.rows)
            follow._next_page = True
            return [first, follow]
        if self._moved:  # even a fresh page cannot hold the last rows and the tail
            return [self.table, *self.tail]
        self._moved = True  # nothing worth leaving here: try the whole block on the next page
        return []

    def draw(self) -> None:
        for item, bottom in self._placed:
            item.drawOn(self.canv, 0, self.height - bottom)
