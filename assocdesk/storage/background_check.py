"""The quick check of an open database, run in the background while the window opens.

Opening checks a current, unprotected database here rather than before it opens (see
:func:`assocdesk.storage.opening.open_database` with ``check_later``): reads go on meanwhile,
and every write waits for the result (:meth:`.engine.Database.wait_until_checked`).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from assocdesk.storage.errors import DatabaseDamaged, damage_error
from assocdesk.storage.sqlite_file import index_problems, quick_check, read_only_uri

log = logging.getLogger(__name__)


class BackgroundCheck:
    """``PRAGMA quick_check`` of a database on its own read-only connection, in a thread.

    SQLite runs the check without holding Python's lock, so on two cores it costs the window
    nothing; writes wait for it (Database.wait_until_checked), so a damaged file is still never
    written to. ``on_done`` callbacks run in the checking thread.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []
        self._done = threading.Event()
        self._callbacks: list[Callable[[BackgroundCheck], None]] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="assocdesk-check", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        connection = None
        try:
            connection = sqlite3.connect(read_only_uri(self.path), uri=True)
            self.problems = quick_check(connection)
        except sqlite3.Error as exc:
            self.problems = [str(exc)]
        except Exception as exc:  # a bug must not leave every write waiting for ever
            log.exception("background check of %s failed", self.path)
            self.problems = [str(exc)]
        finally:
            with self._lock:
                self._done.set()
                callbacks = list(self._callbacks)
            for callback in callbacks:
                callback(self)
        try:
            if connection is not None and not self.problems:
                # Then the indexes against their rows (the other half of integrity_check, a
                # few seconds at 200 MB): writes no longer wait, but once a damaged index is
                # found (one that lost entries would let a duplicate receipt number in), the
                # next write is refused like any other damage.
                self.problems = index_problems(connection)
        except sqlite3.Error as exc:
            self.problems = [str(exc)]
        finally:
            if connection is not None:
                connection.close()

    def on_done(self, callback: Callable[[BackgroundCheck], None]) -> None:
        """Call ``callback(check)`` when the check ends (at once, here, if it has ended)."""
        with self._lock:
            if not self._done.is_set():
                self._callbacks.append(callback)
                return
        callback(self)

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    def damage(self) -> DatabaseDamaged | None:
        """None while running or if sound; the error to show if the file is damaged."""
        if not self._done.is_set() or not self.problems:
            return None
        return damage_error(self.path, "; ".join(self.problems[:3]))
