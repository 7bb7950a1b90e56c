"""What a unit of work changed, recorded by the session itself (Anki's ``OpChanges``).

A command never says what it changed: the UI used to, with free strings, and a typo meant a list
that never refreshed. Instead every ORM session records, from SQLAlchemy's own events, which kind
of record each flushed row belongs to and its id:

- ``after_flush``: the objects the flush inserted, really modified or deleted (their ids are known);
- ``do_orm_execute``: bulk ``insert()``/``update()``/``delete()`` statements, and raw SQL ``text()``
  ones, which change a kind without telling which rows (ids unknown);
- ``after_commit`` keeps what the transaction wrote; the end of an uncommitted one forgets it.

On a shared server, :mod:`assocdesk.services.live` also sends it to the other desks.

After the commit, :func:`take_changes` hands the result over as one frozen :class:`Changes`. The
listeners are registered on the ``Session`` class when this module is imported, so every session of
every database records, whoever opened it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from sqlalchemy import TextClause, event
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction, UOWTransaction


class ChangeKind(StrEnum):
    """The kinds of record a view shows and refreshes (a string, so the journal can name it)."""

    CONTACTS = "contacts"
    MEMBERS = "members"
    DUES = "dues"
    DONATIONS = "donations"
    CAMPAIGNS = "campaigns"
    ACTIVITIES = "activities"
    ACTIVITY_PHOTOS = "activity_photos"
    VOLUNTEERS = "volunteers"
    POSTS = "posts"
    POST_TEMPLATES = "post_templates"
    ASSOCIATION = "association"
    JOURNAL = "journal"


K = ChangeKind
# Table → the kinds a change of one of its rows touches, each with the attribute that holds the id
# of the record a list shows (None: which one is not known, the view reloads). A table no view
# shows maps to (). A test checks that every table of the models is listed here.
TABLE_KINDS: dict[str, tuple[tuple[ChangeKind, str | None], ...]] = {
    "contacts": ((K.CONTACTS, "id"),),
    "not_duplicate_pairs": ((K.CONTACTS, None),),
    "memberships": ((K.MEMBERS, "id"),),
    "dues_payments": ((K.DUES, "id"),),
    "dues_fees": ((K.DUES, "id"),),
    "stored_files": (),  # photos' contents on a server: activity_photos names the change
    "dues_receipt_counters": (),
    "donations": ((K.DONATIONS, "id"),),
    "receipt_counters": (),
    "receipt_chain_links": (),
    "campaigns": ((K.CAMPAIGNS, "id"),),
    "activities": ((K.ACTIVITIES, "id"),),
    "activity_roles": ((K.ACTIVITIES, "activity_id"),),
    "activity_beneficiary_groups": ((K.ACTIVITIES, "activity_id"),),
    "volunteer_assignments": ((K.ACTIVITIES, "activity_id"),),
    "activity_photos": ((K.ACTIVITY_PHOTOS, "id"), (K.ACTIVITIES, "activity_id")),
    "skills": ((K.VOLUNTEERS, None), (K.ACTIVITIES, None)),
    "volunteer_profiles": ((K.VOLUNTEERS, "id"),),
    "volunteer_skills": ((K.VOLUNTEERS, "profile_id"),),
    "post_templates": ((K.POST_TEMPLATES, "id"),),
    "post_history": ((K.POSTS, "id"),),
    "association_profile": ((K.ASSOCIATION, "id"),),
    "audit_events": ((K.JOURNAL, "id"),),
    "import_mappings": (),
}

Ids = Mapping[ChangeKind, frozenset[int]]
_EMPTY: Ids = MappingProxyType({})


def _frozen(ids: Mapping[ChangeKind, Iterable[int]] | None) -> Ids:
    return MappingProxyType({kind: frozenset(each) for kind, each in (ids or {}).items()})


@dataclass(frozen=True)
class Changes:
    """What one command changed: the kinds touched and, per kind, the ids where they are known.

    A kind in ``kinds`` but absent from ``ids`` changed in rows nobody named (a bulk statement, a
    skill renamed under many volunteers): a view showing it reloads all. ``created`` and
    ``deleted`` are the subsets of ``ids`` that appeared or went, so a list can insert or remove
    rows instead of reloading.
    """

    kinds: frozenset[ChangeKind] = frozenset()
    ids: Ids = field(default_factory=lambda: _EMPTY, hash=False)
    created: Ids = field(default_factory=lambda: _EMPTY, hash=False)
    deleted: Ids = field(default_factory=lambda: _EMPTY, hash=False)

    @classmethod
    def of(cls, *kinds: ChangeKind) -> Changes:
        """Kinds changed in rows not known (what a replaced database file or a cleaning does)."""
        return cls(frozenset(ChangeKind(kind) for kind in kinds))

    @classmethod
    def everything(cls) -> Changes:
        """Every kind, no ids: another database took this one's place."""
        return cls(frozenset(ChangeKind))

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def touches(self, *kinds: ChangeKind | str) -> bool:
        return not self.kinds.isdisjoint(kinds)

    def ids_of(self, kind: ChangeKind) -> frozenset[int] | None:
        """The ids of ``kind`` that changed: empty if it did not change, None if not known."""
        if kind not in self.kinds:
            return frozenset()
        return self.ids.get(kind)

    def __or__(self, other: Changes) -> Changes:
        """Both, in one: a kind's ids stay known only if each side that touched it knew them."""
        kinds = self.kinds | other.kinds
        maps: list[dict[ChangeKind, frozenset[int]]] = [{}, {}, {}]
        for kind in kinds:
            sides = [side for side in (self, other) if kind in side.kinds]
            if all(kind in side.ids for side in sides):
                for target, name in zip(maps, ("ids", "created", "deleted"), strict=True):
                    target[kind] = frozenset().union(
                        *(getattr(side, name).get(kind, ()) for side in sides)
                    )
        return Changes(kinds, *(MappingProxyType(each) for each in maps))


class _Recorder:
    """What a session wrote: ``pending`` in its open transaction, ``committed`` since the last
    :func:`take_changes`. Kept in ``session.info``, so it lives and dies with its session."""

    def __init__(self) -> None:
        self.pending: list[Changes] = []
        self.committed: list[Changes] = []


_KEY = "assocdesk.changes"


def _recorder(session: Session) -> _Recorder:
    recorder = session.info.get(_KEY)
    if recorder is None:
        recorder = session.info[_KEY] = _Recorder()
    return recorder


class Capture:
    """Everything committed, by any session, in this thread while the ``with capture()`` block
    runs: for a use case that opens its own sessions (an import, a restore's cleaning)."""

    def __init__(self) -> None:
        self.parts: list[Changes] = []

    @property
    def changes(self) -> Changes:
        result = Changes()
        for each in self.parts:
            result = result | each
        return result


_captures: ContextVar[tuple[Capture, ...]] = ContextVar("assocdesk_change_captures", default=())


@contextmanager
def capture() -> Iterator[Capture]:
    """Collect what commits in this thread until the block ends (nested captures each get it)."""
    capture = Capture()
    token = _captures.set((*_captures.get(), capture))
    try:
        yield capture
    finally:
        _captures.reset(token)


def record(session: Session, table: str, *, created: Iterable[int] | None = None) -> None:
    """Note rows written behind SQLAlchemy's back (a raw DBAPI cursor, as the bulk import does):
    ``created`` their ids when known, else the kinds of ``table`` change with ids unknown."""
    kinds = frozenset(kind for kind, _id in TABLE_KINDS.get(table, ()))
    if not kinds:
        return
    if created is None:
        _recorder(session).pending.append(Changes(kinds))
        return
    new = frozenset(created)
    known = {kind: new for kind, attribute in TABLE_KINDS[table] if attribute == "id"}
    unknown = kinds - known.keys()
    part = Changes(frozenset(known), _frozen(known), _frozen(known), _frozen({}))
    _recorder(session).pending.append(part | Changes(unknown) if unknown else part)


def take_changes(session: Session) -> Changes:
    """Everything ``session`` committed since it was opened (or since the last call), once."""
    recorder = _recorder(session)
    result = Changes()
    for each in recorder.committed:
        result = result | each
    recorder.committed.clear()
    return result


def pending_changes(session: Session) -> Changes:
    """What ``session``'s open transaction has written so far (not committed yet)."""
    result = Changes()
    for each in _recorder(session).pending:
        result = result | each
    return result


def _table_of(instance: object) -> str:
    table = getattr(type(instance), "__table__", None)
    return getattr(table, "name", "")


def _of_objects(groups: Iterable[tuple[str, Iterable[object]]]) -> Changes:
    """Changes from flushed objects, grouped as ("created" | "updated" | "deleted", objects)."""
    kinds: set[ChangeKind] = set()
    found: dict[str, dict[ChangeKind, set[int]]] = {"created": {}, "updated": {}, "deleted": {}}
    unknown: set[ChangeKind] = set()
    for what, objects in groups:
        for instance in objects:
            for kind, attribute in TABLE_KINDS.get(_table_of(instance), ()):
                kinds.add(kind)
                value = getattr(instance, attribute, None) if attribute else None
                if isinstance(value, int):
                    found[what].setdefault(kind, set()).add(value)
                else:
                    unknown.add(kind)
    known = kinds - unknown
    ids = {
        kind: frozenset().union(*(each.get(kind, ()) for each in found.values())) for kind in known
    }
    created = {kind: frozenset(found["created"].get(kind, ())) for kind in known}
    deleted = {kind: frozenset(found["deleted"].get(kind, ())) for kind in known}
    return Changes(frozenset(kinds), _frozen(ids), _frozen(created), _frozen(deleted))


def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    # In after_flush the collections still hold what was flushed; new rows have their ids. A
    # merely touched object (a field set to its own value) is not a change.
    dirty = [each for each in session.dirty if session.is_modified(each)]
    changes = _of_objects(
        (("created", session.new), ("updated", dirty), ("deleted", session.deleted))
    )
    if changes:
        _recorder(session).pending.append(changes)


# INSERT INTO t / INSERT OR REPLACE INTO t / UPDATE t / UPDATE OR IGNORE t / DELETE FROM t
_RAW_DML = re.compile(
    r"^\s*(?:insert(?:\s+or\s+\w+)?\s+into|replace\s+into|update(?:\s+or\s+\w+)?|delete\s+from)"
    r"\s+[\"`\[]?(\w+)",
    re.IGNORECASE,
)


def _statement_tables(state: ORMExecuteState) -> list[str]:
    statement: Any = state.statement
    if isinstance(statement, TextClause):
        match = _RAW_DML.match(statement.text)
        return [match.group(1).lower()] if match else []
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(statement, "table", None)
        name = getattr(table, "name", None)
        return [name] if name else []
    return []


def _on_execute(state: ORMExecuteState) -> None:
    kinds = {kind for table in _statement_tables(state) for kind, _id in TABLE_KINDS.get(table, ())}
    if kinds:
        _recorder(state.session).pending.append(Changes(frozenset(kinds)))


def _after_commit(session: Session) -> None:
    recorder = _recorder(session)
    recorder.committed.extend(recorder.pending)
    for each in _captures.get():
        each.parts.extend(recorder.pending)
    recorder.pending.clear()


def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    # The outermost transaction ended: committed (pending already kept) or rolled back or closed
    # without a commit (its writes are gone). A savepoint's end changes nothing here: reporting
    # a rolled-back savepoint's rows costs a refresh, never a stale list.
    if transaction.parent is None:
        _recorder(session).pending.clear()


_LISTENERS = (
    ("after_flush", _after_flush),
    ("do_orm_execute", _on_execute),
    ("after_commit", _after_commit),
    ("after_transaction_end", _after_transaction_end),
)


def install() -> None:
    """Register the listeners on every Session (done once, at import; calling again is a no-op)."""
    for name, listener in _LISTENERS:
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


install()
