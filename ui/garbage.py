"""Python's cycle collector runs on the main thread only, from a timer.

Why: the collector runs in whichever thread happens to allocate when a threshold is crossed.
When that is a background job (the Home figures, a statement batch), it frees the cycles it
finds there, windows and pages of the main thread included (a lambda connected to a signal of
its own widget is such a cycle). A widget destroyed outside its thread leaves its timers
behind, and the main thread later crashes on one of them (seen in the GUI tests as a
segmentation fault in ``QTimerInfoList::activateTimers``).

So automatic collection is off while the app runs, and a timer on the main thread collects
the generations that are due, with Python's own thresholds (the recipe of pyqtgraph and
Erik Janssens' "Should the Python garbage collector be disabled in a PyQt application?").
Reference counting still frees everything that is not in a cycle at once, in any thread.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QTimer

from assocdesk.spreadsheets import gc_pause

INTERVAL_MS = 200  # how often the thresholds are checked


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.timer = QTimer(self, interval=INTERVAL_MS)
        self.timer.timeout.connect(self.collect_if_due)

    def collect_if_due(self) -> int | None:
        """Collect as Python would have: once enough objects were allocated, the oldest
        generation whose count passed its threshold, unless an import has paused collection
        (assocdesk/spreadsheets/gc_pause.py). The generation collected, or None."""
        counts = gc.get_count()
        if counts[0] <= self.thresholds[0] or gc_pause.is_paused():
            return None
        if self.thresholds[2] == 0:
            # Python 3.14's incremental collector (its third threshold is 0): the young
            # objects and one slice of the old ones, as it does itself; it never collects
            # everything at once on its own, and collect(2) would stop the world to do so.
            generation = 1
        else:
            generation = max(g for g in range(3) if counts[g] > self.thresholds[g])
        gc.collect(generation)
        return generation


@contextmanager
def collected_on_main_thread() -> Iterator[MainThreadCollector]:
    """Within the block, cycles are collected only by the main thread's timer (call it from
    the main thread, with a QApplication). Nested blocks keep the outermost state."""
    was_enabled = gc.isenabled()
    collector = MainThreadCollector()
    gc.disable()
    collector.timer.start()
    try:
        yield collector
    finally:
        collector.timer.stop()
        collector.deleteLater()
        if was_enabled:
            gc.enable()
