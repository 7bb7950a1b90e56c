"""Indexes set aside while an import writes its rows, and built again once it has written them.

Keeping an index up to date row by row costs far more than building it once over the finished
table. On SQLite, the contacts' search index (FTS5 trigram) costs ~90 µs a row through its insert
trigger and ~6 µs when the new rows are indexed in one INSERT … SELECT. The index on names takes
names in no order (~4 µs a row, going all over the index), while CREATE INDEX sorts them once
(~0.5 µs a row, of the whole table). So the plain indexes of the two tables a big import fills
are dropped and created again when the import at least doubles the table; a small import into a
big table keeps them (rebuilding would cost more than it saves). Unique indexes always stay:
they check as they go.

On PostgreSQL nothing is set aside: dropping an index locks every other desk out of the table
until the import commits (see :func:`assocdesk.storage.search_index.can_set_aside`).

All of it happens inside the import's transaction: a rollback, a Cancel or a crash puts the
trigger and the indexes back as they were, with the rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.orm import Session

from assocdesk.storage import search_index

# Plain (not unique) indexes of the tables every import of people fills: table → indexes.
REBUILT_INDEXES = {
    "contacts": ("ix_contacts_name", "ix_contacts_search"),
    "audit_events": ("ix_audit_entity",),
}


@dataclass
class SetAside:
    """What :func:`set_aside` removed, to be put back by :func:`put_back`."""

    first_contact: int  # the id of the first contact the import adds
    trigger_sql: str | None  # None: the search index was kept in step all along
    index_sql: list[str] = field(default_factory=list)


def set_aside(session: Session, first_contact: int, adding: int) -> SetAside:
    """Stop indexing new contacts one by one; drop the plain indexes of the tables that
    ``adding`` new records (with their audit events) will at least double. Nothing, where the
    backend's indexes are better kept (:func:`assocdesk.storage.search_index.can_set_aside`)."""
    if not search_index.can_set_aside(session):
        return SetAside(first_contact, None)
    aside = SetAside(first_contact, search_index.stop_indexing_new_contacts(session))
    for table, names in REBUILT_INDEXES.items():
        # The highest id: how many rows the table holds, or a few more (never fewer).
        held = session.execute(text(f"SELECT max(id) FROM {table}")).scalar() or 0
        if adding < max(held, 1):
            continue
        for name in names:
            sql = search_index.index_definition(session, name)
            if sql is not None:
                session.execute(text(f"DROP INDEX {name}"))
                aside.index_sql.append(sql)
    return aside


def put_back(session: Session, aside: SetAside) -> None:
    """Index the new contacts for search in one statement; put back the trigger and indexes."""
    search_index.index_new_contacts(session, aside.first_contact, aside.trigger_sql)
    for sql in aside.index_sql:
        session.execute(text(sql))
