"""Live desks: what the other desks commit on the shared server shows in this window's lists.

The core hears the server (:class:`assocdesk.storage.server_events.ServerListener`, a thread of
its own) and reads each notification back into a ``Changes``
(:func:`assocdesk.services.live.heard`); here it crosses to the main thread through a queued
signal and is published as this desk's own saves are (``AppContext.publish``): the lists reload
the rows named, keeping their selection. On SQLite nothing listens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

if TYPE_CHECKING:
    from assocdesk.services.changes import Changes
    from assocdesk.storage.engine import Database
    from assocdesk.storage.server_events import ServerListener


class LiveDesks(QObject):
    """Listens while a shared database is open; ``follow(database)`` at each open or switch."""

    _heard = Signal(object)  # Changes, from the listener's thread

    def __init__(self, publish: Callable[[Changes], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._publish = publish
        self._listener: ServerListener | None = None
        self._heard.connect(self._arrived, Qt.ConnectionType.QueuedConnection)

    def follow(self, database: Database) -> None:
        """Stop hearing the database that was open; hear ``database`` if it is on a server."""
        self.stop()
        if database.server is None:
            return
        # Imported here: a desk on the file never needs them, and the window's start reads less.
        from assocdesk.services import live
        from assocdesk.storage.server_events import ServerListener

        desk = live.desk_of(database.engine)

        def heard(message: str | None) -> None:  # in the listener's thread
            changes = live.heard(message, desk)
            if changes:
                self._heard.emit(changes)

        self._listener = ServerListener(database.server, database.password, heard)
        self._listener.start()

    def stop(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.stop()

    def wait_until_listening(self, timeout: float = 10.0) -> bool:
        return self._listener is not None and self._listener.wait_until_listening(timeout)

    def _arrived(self, changes: Changes) -> None:
        if self._listener is not None:  # not after the database was closed or switched
            self._publish(changes)
