"""The contacts' search index on each backend, and the indexes a bulk import may set aside.

``contacts.search_text`` (normalized words and the name's keys) is indexed for substring
search, differently on each backend (migration 0001 made both):

- SQLite: the FTS5 trigram table ``contacts_fts``, an external-content index kept in step by
  triggers. ``LIKE '%word%'`` on it is served from its trigrams; the contacts it finds are its
  rowids. Deleted terms stay in its segments until they merge, hence :func:`rebuild`.
- PostgreSQL: the GIN index ``ix_contacts_search_trgm`` (pg_trgm, ``gin_trgm_ops``) on the column
  itself. ``search_text LIKE '%word%'`` is served from it directly; the server keeps it in step
  with every write, in the writer's transaction, so nothing here needs triggers or a rebuild.
  pg_trgm counts as word letters what the database's ``LC_CTYPE`` does: under the ``C`` locale,
  Arabic letters give no trigram and such a search reads the whole index (still right, since
  every hit is checked against the row, only slower). A database created with a UTF-8 locale
  (``C.UTF-8``, ``fr_MA.UTF-8``…) indexes them.

The services never name either index: they build their WHERE clauses from :func:`contains_any`
and :func:`holds_letters`, constructs that SQLAlchemy compiles for the dialect of the session
that runs them. So a clause can be built once, before any session exists, and run on either.

This module imports nothing from models or services (storage is the lowest floor): callers pass
the columns (``Contact.id``, ``Contact.search_text``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from sqlalchemy import (
    Boolean,
    ColumnElement,
    bindparam,
    func,
    literal_column,
    or_,
    select,
    text,
    union,
)
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.visitors import InternalTraversal

from assocdesk.storage.sqlite_file import index_problems as integrity_problems

FTS_TABLE = "contacts_fts"
FTS_INSERT_TRIGGER = "contacts_fts_insert"
TRIGRAM_INDEX = "ix_contacts_search_trgm"


def dialect_of(bind: Session | Connection) -> str:
    """ "sqlite" or "postgresql": the backend ``bind`` talks to."""
    if isinstance(bind, Session):
        return bind.get_bind().dialect.name
    return bind.dialect.name


# -- the WHERE clauses of a search --------------------------------------------------------------
class _ContainsAny(ColumnElement[bool]):
    """True for a row whose search text holds one of the fragments, looked up in the index."""

    inherit_cache = True
    type = Boolean()
    _traverse_internals: ClassVar[list[tuple[str, InternalTraversal]]] = [
        ("ids", InternalTraversal.dp_clauseelement),
        ("texts", InternalTraversal.dp_clauseelement),
        ("patterns", InternalTraversal.dp_clauseelement_tuple),
    ]

    def __init__(
        self, ids: ColumnElement[int], texts: ColumnElement[str], fragments: Sequence[str]
    ) -> None:
        assert fragments, "a search for nothing"
        self.ids = ids
        self.texts = texts
        # Each pattern its own bind parameter: several searches can sit in one statement, and
        # the statement's compiled form is cached whatever was typed.
        self.patterns = tuple(
            bindparam(None, f"%{fragment}%", unique=True) for fragment in fragments
        )


@compiles(_ContainsAny)
def _contains_on_the_column(element: _ContainsAny, compiler: Any, **kw: Any) -> str:
    """PostgreSQL (and any other server): LIKE on the GIN-indexed column itself; several
    fragments are a BitmapOr of index scans."""
    clause = or_(*(element.texts.like(pattern) for pattern in element.patterns))
    return compiler.process(clause.self_group(), **kw)


@compiles(_ContainsAny, "sqlite")
def _contains_in_fts(element: _ContainsAny, compiler: Any, **kw: Any) -> str:
    """SQLite: the rowids the FTS5 table finds (one indexed lookup per fragment)."""
    selects = [
        select(literal_column("rowid"))
        .select_from(text(FTS_TABLE))
        .where(literal_column(f"{FTS_TABLE}.search_text").like(pattern))
        for pattern in element.patterns
    ]
    found = selects[0] if len(selects) == 1 else union(*selects)
    return compiler.process(element.ids.in_(found), **kw)


def contains_any(
    ids: ColumnElement[int], texts: ColumnElement[str], fragments: Sequence[str]
) -> ColumnElement[bool]:
    """Rows whose ``texts`` (``contacts.search_text``) hold one of ``fragments``, found through
    the search index; ``ids`` is the contacts' id column. Each fragment should have three
    letters or more (the index has nothing shorter to look up) and no LIKE wildcard (``%``,
    ``_``): a normalized word and an encoded key have neither."""
    return _ContainsAny(ids, texts, fragments)


class _HoldsLetters(ColumnElement[bool]):
    """True for a row whose text holds ``letters``, matched case-sensitively, read row by row."""

    inherit_cache = True
    type = Boolean()
    _traverse_internals: ClassVar[list[tuple[str, InternalTraversal]]] = [
        ("texts", InternalTraversal.dp_clauseelement),
        ("letters", InternalTraversal.dp_clauseelement),
        ("glob", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, texts: ColumnElement[str], letters: str) -> None:
        self.texts = texts
        # Both forms are bound, each dialect compiles the one it uses (the other is ignored).
        self.letters = bindparam(None, letters, unique=True)
        self.glob = bindparam(None, f"*{letters}*", unique=True)


@compiles(_HoldsLetters)
def _holds_by_position(element: _HoldsLetters, compiler: Any, **kw: Any) -> str:
    """PostgreSQL: ``strpos`` is case-sensitive and never tempts the planner into a full scan
    of the trigram index (a word under three letters has no trigram to look up)."""
    return compiler.process(func.strpos(element.texts, element.letters) > 0, **kw)


@compiles(_HoldsLetters, "sqlite")
def _holds_by_glob(element: _HoldsLetters, compiler: Any, **kw: Any) -> str:
    """SQLite: GLOB, case-sensitive (its LIKE is not, for ASCII letters)."""
    return compiler.process(element.texts.op("GLOB")(element.glob), **kw)


def holds_letters(texts: ColumnElement[str], letters: str) -> ColumnElement[bool]:
    """Rows whose ``texts`` hold ``letters`` exactly (case-sensitive), without the index: for
    the first keystrokes (one or two letters), where the index has no trigram to offer and a
    plain scan of the column is the fastest way. ``letters`` holds no GLOB wildcard (``*?[``)."""
    return _HoldsLetters(texts, letters)


# -- keeping the index in step ------------------------------------------------------------------
def rebuild(session: Session) -> None:
    """Build the search index again from ``contacts.search_text``, in the session's transaction.

    SQLite: FTS5 keeps a deleted or replaced term in its segments until they merge; an erasure
    rebuilds it so the erased name is nowhere in the index. PostgreSQL: nothing to do here. The
    GIN index never holds a value the table does not; the entries of an old row version stay
    until VACUUM removes the dead row itself, which must happen after the commit (see
    :func:`assocdesk.storage.freed_space.scrub`). A REINDEX inside the transaction would copy
    the old version too (it is not dead yet) and lock every other desk out of the contacts.
    """
    if dialect_of(session) == "sqlite":
        session.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))


# -- indexes set aside by a bulk import ---------------------------------------------------------
def can_set_aside(session: Session) -> bool:
    """Whether a bulk import may drop indexes and build them again at its end.

    SQLite: yes; the import holds the write lock anyway, readers keep reading the last committed
    state (WAL), and building an index once over the finished table is many times cheaper than
    keeping it up to date row by row. PostgreSQL: no. DROP INDEX takes an ACCESS EXCLUSIVE lock
    on the table until the commit, so every other desk's list of contacts would wait for the
    whole import; and the server's own index maintenance is cheap enough: a GIN index gathers
    new entries in its pending list and merges them in bulk (measured on PostgreSQL 15, 20 000
    contacts: 3.0 s with every index kept, 2.7 s with the trigram index dropped and built again).
    """
    return dialect_of(session) == "sqlite"


def index_definition(session: Session, name: str) -> str | None:
    """The statement that creates index ``name``, or None if there is no such index."""
    if dialect_of(session) == "sqlite":
        query = "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :name"
    else:
        query = (
            "SELECT indexdef FROM pg_indexes "
            "WHERE schemaname = current_schema() AND indexname = :name"
        )
    return session.execute(text(query), {"name": name}).scalar_one_or_none()


def stop_indexing_new_contacts(session: Session) -> str | None:
    """Stop the search index taking new contacts one by one (SQLite: drop the FTS5 insert
    trigger); returns what :func:`index_new_contacts` needs to put it back, None when the index
    is kept in step all along (PostgreSQL: call :func:`index_new_contacts` all the same)."""
    if dialect_of(session) != "sqlite":
        return None
    trigger_sql = session.execute(
        text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :name"),
        {"name": FTS_INSERT_TRIGGER},
    ).scalar_one_or_none()
    assert trigger_sql is not None, FTS_INSERT_TRIGGER
    session.execute(text(f"DROP TRIGGER {FTS_INSERT_TRIGGER}"))
    return trigger_sql


def index_new_contacts(session: Session, first_contact: int, trigger_sql: str | None) -> None:
    """After a bulk insert: have the search index serve the new contacts at full speed.

    SQLite: index the contacts from id ``first_contact`` on in one statement, and put back the
    trigger :func:`stop_indexing_new_contacts` dropped. PostgreSQL: the new entries wait in the
    GIN index's pending list (up to 4 MB), which every search reads whole, and which makes the
    planner prefer reading the table until a VACUUM merges it; it is merged now, in the import's
    transaction (``gin_clean_pending_list``, 20 000 contacts: ~10 ms). That needs the index's
    owner: another login leaves it to autovacuum.
    """
    if trigger_sql is None:
        if dialect_of(session) == "postgresql" and _owns(session, TRIGRAM_INDEX):
            session.execute(
                text("SELECT gin_clean_pending_list(CAST(:name AS regclass))"),
                {"name": TRIGRAM_INDEX},
            )
        return
    session.execute(
        text(
            f"INSERT INTO {FTS_TABLE}(rowid, search_text) "
            "SELECT id, search_text FROM contacts WHERE id >= :first"
        ),
        {"first": first_contact},
    )
    session.execute(text(trigger_sql))


def _owns(session: Session, relation: str) -> bool:
    """Whether the server login may maintain ``relation`` (it is a member of its owner)."""
    statement = text(
        "SELECT pg_has_role(relowner, 'USAGE') FROM pg_class WHERE oid = to_regclass(:name)"
    )
    return bool(session.execute(statement, {"name": relation}).scalar())


# -- soundness ----------------------------------------------------------------------------------
def index_problems(session: Session) -> list[str]:
    """What is wrong with the database's indexes ([] if nothing), before a bulk write.

    SQLite: the full ``integrity_check`` (see :func:`.sqlite_file.index_problems`): a flipped bit
    in a unique index passes the quick check at opening and would let an import write duplicates.
    PostgreSQL: [] here. The server writes its indexes through its own log and repairs them
    after a crash; damage on its disk is the server's to find (data checksums, ``amcheck``,
    which needs an extension and rights an association's login does not have).
    """
    if dialect_of(session) != "sqlite":
        return []
    connection = session.connection().connection.driver_connection
    return integrity_problems(connection)  # type: ignore[arg-type]
