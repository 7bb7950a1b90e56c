"""Live desks: each commit on a shared server tells the other desks what it changed.

Before a transaction on a server commits, what it changed (:mod:`.changes`: the kinds and ids)
goes out as one ``pg_notify`` on :data:`~assocdesk.storage.server_events.CHANNEL`, inside the
transaction: PostgreSQL delivers it only if the transaction commits, and after it. The other
desks' :class:`~assocdesk.storage.server_events.ServerListener` turn it back into a
:class:`~.changes.Changes` (:func:`heard`), which their open lists apply as they apply their own
saves: the rows named are reloaded, the selection kept.

A notification carries at most ~8000 bytes: past :data:`MAX_PAYLOAD`, the ids are dropped and
only the kinds are sent (the other desks reload those lists whole). On SQLite nothing is sent:
one desk only.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from types import MappingProxyType
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.orm import Session

from assocdesk.services.changes import ChangeKind, Changes, pending_changes
from assocdesk.storage.server_events import CHANNEL

MAX_PAYLOAD = 7000
# Each open database's mark (by its connection pool, which the engine's option copies share): a
# desk ignores what it sent itself (its lists already know), even with two desks in one program.
_DESKS: WeakKeyDictionary[object, str] = WeakKeyDictionary()


def desk_of(bind: Engine | Connection) -> str:
    """The mark of the desk that ``bind`` (an engine or one of its connections) belongs to."""
    pool = bind.engine.pool
    mark = _DESKS.get(pool)
    if mark is None:
        mark = _DESKS[pool] = uuid.uuid4().hex[:12]
    return mark


def payload(changes: Changes, desk: str) -> str:
    """``changes`` as the notification's text (JSON), ids dropped when it would be too long."""

    def ids(mapping: Mapping[ChangeKind, frozenset[int]]) -> dict[str, list[int]]:
        return {str(kind): sorted(each) for kind, each in mapping.items()}

    whole = {
        "desk": desk,
        "kinds": sorted(str(kind) for kind in changes.kinds),
        "ids": ids(changes.ids),
        "created": ids(changes.created),
        "deleted": ids(changes.deleted),
    }
    encoded = json.dumps(whole, separators=(",", ":"))
    if len(encoded.encode()) <= MAX_PAYLOAD:
        return encoded
    return json.dumps({"desk": desk, "kinds": whole["kinds"]}, separators=(",", ":"))


def heard(message: str | None, desk: str) -> Changes | None:
    """The Changes another desk committed; None for this desk's own notifications.

    ``None`` in (the listener reconnected: notifications may have been missed) gives
    :meth:`Changes.everything`; a message that cannot be read does too (reload, never ignore).
    """
    if message is None:
        return Changes.everything()
    try:
        data = json.loads(message)
        if data.get("desk") == desk:
            return None
        known = {str(kind) for kind in ChangeKind}
        kinds = frozenset(ChangeKind(kind) for kind in data["kinds"] if kind in known)

        def ids(name: str) -> dict[ChangeKind, frozenset[int]]:
            return {
                ChangeKind(kind): frozenset(int(each) for each in values)
                for kind, values in data.get(name, {}).items()
                if kind in known
            }

        return Changes(
            kinds,
            MappingProxyType(ids("ids")),
            MappingProxyType(ids("created")),
            MappingProxyType(ids("deleted")),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return Changes.everything()


def _publish(session: Session) -> None:
    """Send what ``session``'s transaction changed, as it is about to commit (on a server)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    session.flush()  # the last rows of the unit of work, so their ids are in what is sent
    changes = pending_changes(session)
    if changes:
        session.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": CHANNEL, "payload": payload(changes, desk_of(session.get_bind()))},
        )


def install() -> None:
    """Send from every session (registered once, when the services package is imported)."""
    if not event.contains(Session, "before_commit", _publish):
        event.listen(Session, "before_commit", _publish)


install()
