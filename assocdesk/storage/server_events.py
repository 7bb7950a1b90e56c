"""Hearing what the other desks commit on a shared server (PostgreSQL's LISTEN/NOTIFY).

A desk's transaction sends one notification on :data:`CHANNEL` (see
:mod:`assocdesk.services.live`); PostgreSQL delivers it to every listener when, and only if, that
transaction commits. A :class:`ServerListener` holds its own connection (not one of the pool's:
a listening connection must stay open and idle) in a thread of its own, and hands each payload to
a callback, in that thread. A lost connection is reopened, after a pause that grows to
:data:`MAX_PAUSE` seconds; what was committed meanwhile was not heard, so the callback then
receives ``None`` ("reload everything").
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable

from assocdesk.storage.location import ServerAddress

log = logging.getLogger(__name__)

CHANNEL = "assocdesk_changes"
MAX_PAUSE = 10.0


class ServerListener:
    """Calls ``heard(payload)`` for each notification on :data:`CHANNEL` (``None`` after a
    reconnection: notifications may have been missed). ``start()``, then ``stop()``."""

    def __init__(
        self,
        address: ServerAddress,
        password: str | None,
        heard: Callable[[str | None], None],
    ) -> None:
        self.address = address
        self._password = password
        self._heard = heard
        self._stopping = threading.Event()
        self._listening = threading.Event()
        self._thread = threading.Thread(target=self._run, name="server-listener", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wait_until_listening(self, timeout: float = 10.0) -> bool:
        return self._listening.wait(timeout)

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)

    def _connect(self):
        import psycopg

        url = self.address.url.set(drivername="postgresql")
        if self._password is not None:
            url = url.set(password=self._password)
        connection = psycopg.connect(
            url.render_as_string(hide_password=False),
            autocommit=True,
            connect_timeout=8,
            application_name="AssocDesk (listening)",
        )
        connection.execute(f"LISTEN {CHANNEL}")
        return connection

    def _run(self) -> None:
        pause, missed = 0.5, False
        while not self._stopping.is_set():
            try:
                connection = self._connect()
            except Exception as exc:  # the server is away: try again later
                log.info("cannot listen on %s yet: %s", self.address.shown(), exc)
                self._stopping.wait(pause)
                pause, missed = min(pause * 2, MAX_PAUSE), True
                continue
            pause = 0.5
            self._listening.set()
            if missed:
                self._heard(None)
                missed = False
            try:
                while not self._stopping.is_set():
                    for notification in connection.notifies(timeout=0.5, stop_after=64):
                        self._heard(notification.payload)
            except Exception as exc:  # the connection dropped
                log.info("stopped hearing %s: %s", self.address.shown(), exc)
                self._listening.clear()
                missed = True
            finally:
                with contextlib.suppress(Exception):  # already gone
                    connection.close()
