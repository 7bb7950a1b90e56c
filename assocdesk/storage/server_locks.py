"""Work that only one desk at a time may do on a shared database, and waiting for one's turn.

Two imports at once on a server would each hold their year's receipt counter row for the whole
import (:func:`assocdesk.services.numbering.take_range`), and each match the file's people
against contacts the other has not committed yet: the second would wait on the counter row,
then fail after the session's ``lock_timeout`` (a minute), or create the same person twice.
So an import first takes a transaction-level advisory lock (``pg_advisory_xact_lock``'s kind:
released when its transaction commits or rolls back, a crash or a lost connection included),
and a second desk's import waits for it, saying so, before it reads anything.

The wait polls ``pg_try_advisory_xact_lock`` rather than blocking in ``pg_advisory_xact_lock``:
a statement blocked on the server cannot be stopped from the window (Cancel must work while it
waits) and would end with the session's ``lock_timeout`` error after a minute instead of
waiting for an import that may take longer.

On SQLite there is nothing to take: a write transaction holds the file's write lock from its
first statement (``BEGIN IMMEDIATE``), so a second writer never runs beside it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.orm import Session

# The key of the lock that lets one desk at a time import ("ASKD" "IMPT"); the upgrade's lock
# (migrations.runner.UPGRADE_LOCK_KEY) is another key.
IMPORT_LOCK_KEY = 0x41534B44_494D5054
POLL_SECONDS = 0.5


def hold_for_transaction(
    session: Session,
    key: int,
    still_waiting: Callable[[], bool],
    *,
    poll: float = POLL_SECONDS,
) -> bool:
    """Hold the advisory lock ``key`` until ``session``'s transaction ends; True once held.

    While another desk holds it, ``still_waiting()`` is called before each pause of ``poll``
    seconds (so the first call says the wait begins); its False gives up and this returns
    False, holding nothing (the caller rolls its transaction back). On SQLite: True at once.
    """
    if session.get_bind().dialect.name != "postgresql":
        return True
    attempt = text("SELECT pg_try_advisory_xact_lock(:key)").bindparams(key=key)
    while not session.execute(attempt).scalar_one():
        if not still_waiting():
            return False
        time.sleep(poll)
    return True
