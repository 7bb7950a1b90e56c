"""What the storage holds of a database's rows, old versions included: for the erasure tests.

SQLite: the file's bytes and its write-ahead log's (a checkpoint first, so the log's pages are
in the file too). PostgreSQL: every row version in the tables' pages, live or dead, read with
pageinspect (the tests log in as the server's superuser). The server does not zero freed space
(see :mod:`assocdesk.storage.freed_space`), so what is checked there is what VACUUM promises:
no row version, live or dead, holds the value any more.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from assocdesk.storage.engine import Database


def _file_bytes(path: Path) -> bytes:
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def checkpoint(db: Database) -> None:
    """Move the log's pages into the SQLite file (nothing to do on a server)."""
    if db.server is not None:
        return
    raw = db.engine.raw_connection()
    raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()


def stored_bytes(db: Database) -> bytes:
    """Every byte of every row version the database keeps (see the module's docstring)."""
    if db.server is None:
        assert db.path is not None
        return _file_bytes(db.path)
    found: list[bytes] = []
    with db.engine.connect() as connection:
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS pageinspect"))
        tables = connection.scalars(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        ).all()
        for table in tables:
            pages = connection.scalar(
                text(
                    "SELECT pg_relation_size(CAST(:t AS regclass)) "
                    "/ current_setting('block_size')::int"
                ),
                {"t": table},
            )
            for page in range(pages or 0):
                found.extend(
                    bytes(data)
                    for data in connection.scalars(
                        text(
                            "SELECT t_data FROM heap_page_items(get_raw_page(:t, :page)) "
                            "WHERE t_data IS NOT NULL"
                        ),
                        {"t": table, "page": page},
                    )
                )
        connection.commit()
    return b"\n".join(found)
