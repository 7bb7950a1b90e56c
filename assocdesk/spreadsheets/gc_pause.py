"""Python's cycle collector paused while an import builds and writes its rows.

An import of 200 000 rows creates millions of small dicts, lists and tuples that all stay alive
until the plan is written; the collector's periodic passes walk every one of them again and again
(about 3 of 25 seconds of such an import) to find nothing to free. Reference counting still frees
everything as usual; only the search for reference cycles waits until the import ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_pauses = 0  # blocks in progress, in any thread
_lock = threading.Lock()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the block; nested pauses leave it to the outermost one."""
    global _pauses
    was_enabled = gc.isenabled()
    gc.disable()
    with _lock:
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
        if was_enabled:
            gc.enable()


def is_paused() -> bool:
    """True while a pause is in progress in some thread. The desktop app collects from a timer
    of its own (ui/garbage.py) rather than automatically; that timer asks this first, so an
    import running in the background is not walked by it either."""
    return _pauses > 0
