"""Python's cycle collector paused while an import builds and writes its rows.

An import of 200 000 rows creates millions of small dicts, lists and tuples that all stay alive
until the plan is written; the collector's periodic passes walk every one of them again and again
(about 3 of 25 seconds of such an import) to find nothing to free. Reference counting still frees
everything as usual; only the search for reference cycles waits until the import ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the block; nested pauses leave it to the outermost one."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
