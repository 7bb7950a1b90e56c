"""A story for ReportLab that is made as it is laid out, for documents of thousands of pages."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from reportlab.platypus import Flowable


class LazyStory:
    """The flowables of all statements, made one statement at a time as ReportLab asks.

    ReportLab takes flowables from the front of its list (``del story[0]``), which costs the
    length of the list each time: with 20 000 statements of 20 flowables that is quadratic,
    and every flowable would sit in memory from the start. This deque-backed stand-in for the
    list supports what the document template does with it: len, [i], del [0] / [:i],
    [0:0] = items and insert(0, item).
    """

    def __init__(self, parts: Iterator[list[Flowable]]) -> None:
        self._parts = parts
        self._items: deque[Flowable] = deque()
        self._more = True

    def _fill(self, count: int) -> None:
        while self._more and len(self._items) < count:
            part = next(self._parts, None)
            if part is None:
                self._more = False
            else:
                self._items.extend(part)

    def __len__(self) -> int:
        self._fill(1)
        return len(self._items)

    def __getitem__(self, index: int | slice) -> Flowable | list[Flowable]:
        if isinstance(index, slice):
            self._fill(index.stop or 0)
            return list(self._items)[index]
        self._fill(index + 1)
        return self._items[index]

    def __delitem__(self, index: int | slice) -> None:
        if isinstance(index, slice) and index.start in (None, 0) and index.step in (None, 1):
            count = index.stop or 0
        elif index == 0:
            count = 1
        else:
            raise IndexError("only the front of the story can be taken")
        self._fill(count)
        for _i in range(count):
            self._items.popleft()

    def __setitem__(self, index: slice, items: list[Flowable]) -> None:
        if not (isinstance(index, slice) and (index.start or 0) == 0 and (index.stop or 0) == 0):
            raise IndexError("only the front of the story can be extended")
        self._items.extendleft(reversed(list(items)))

    def insert(self, index: int, item: Flowable) -> None:
        if index != 0:
            raise IndexError("only the front of the story can be extended")
        self._items.appendleft(item)
