"""Old copies of erased values, left by the storage after an erasure, and clearing them.

A changed or deleted row's old bytes outlive the transaction that replaced them, differently on
each backend:

- SQLite: in the file's free pages and in the write-ahead log. ``PRAGMA secure_delete`` zeroes
  what the erasing transaction frees; afterwards VACUUM rewrites the file without its free pages
  (its temporary copy kept in memory, so the data never lands in a temporary file) and a
  TRUNCATE checkpoint empties the log. A reader still holding an old snapshot keeps the log's
  pages: then the cleaning is not complete, and the caller says so.
- PostgreSQL: the old row versions ("dead tuples") stay in the table's pages, and their entries
  in its indexes, until VACUUM removes them; it can do so only once no transaction of any desk
  still sees them (autovacuum gets there later anyway). VACUUM cannot run in a transaction, so
  it runs after the commit, on its own connection in autocommit. It frees the space without
  zeroing it (PostgreSQL has no ``secure_delete``): the bytes stay in the data files until the
  space is reused, and in the server's write-ahead log and its backups until they are recycled.
  Clearing those is the server administrator's part (VACUUM FULL rewrites a table, but locks
  out every desk while it runs: not something an erasure should do on its own). A login that
  does not own a table gets a warning from the server, not an error: the erasure stands.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session


def zero_what_is_freed(session: Session) -> None:
    """Have the transaction of ``session`` overwrite what it frees, where the backend can:
    SQLite's ``secure_delete``; nothing on PostgreSQL (see the module's docstring)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA secure_delete=ON"))


def clear_old_copies(engine: Engine, tables: Sequence[str]) -> bool:
    """After an erasure's commit: clear the old copies of ``tables``' rows. False when it could
    not be done completely (SQLite: a reader kept the write-ahead log's old pages).

    On PostgreSQL it is a best effort that reports True: the server gives no word of dead rows
    it had to keep for another desk's open transaction (autovacuum removes them later).
    """
    if engine.dialect.name == "sqlite":
        return _rewrite_the_file(engine)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        names = ", ".join(engine.dialect.identifier_preparer.quote(name) for name in tables)
        connection.execute(text(f"VACUUM {names}"))
    return True


def _rewrite_the_file(engine: Engine) -> bool:
    raw = engine.raw_connection()
    try:
        connection = raw.driver_connection
        connection.execute("PRAGMA secure_delete=ON")
        connection.execute("PRAGMA temp_store=MEMORY")
        connection.execute("VACUUM")
        # Waits (busy timeout) for readers such as the Home figures; if one still reads, the
        # write-ahead log keeps old pages with the erased data.
        busy = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        connection.execute("PRAGMA temp_store=DEFAULT")
    finally:
        raw.close()
    return not busy
