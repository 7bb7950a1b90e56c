"""Facts about a database file read without changing it, and copies of a live one.

Shared by the automatic backups (rotation), the backup bundles and the consistency check, which
all look at database files that are not the open database: a backup, a copy being verified, a
damaged file. None of them goes through SQLAlchemy: they must work on files the app refuses.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assocdesk.db import read_only_uri

# How many pages the backup API copies per step: small enough for a progress bar that moves and
# a Cancel that answers, large enough not to slow the copy (4 MiB with 4 KiB pages).
PAGES_PER_STEP = 1024

StepProgress = Callable[[int, int], bool]  # (pages done, pages in all) -> go on?


class CopyCancelled(Exception):
    """The progress callback asked to stop; the partial copy was removed."""


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that reads ``path`` and creates nothing beside it (see read_only_uri)."""
    return sqlite3.connect(read_only_uri(path), uri=True)


def counted_tables(conn: sqlite3.Connection) -> list[str]:
    """Our own tables: not SQLite's, not Alembic's, not the search index's virtual/shadow ones."""
    rows = conn.execute("PRAGMA table_list").fetchall()
    return sorted(
        name
        for _schema, name, kind, *_rest in rows
        if kind == "table" and not name.startswith("sqlite_") and name != "alembic_version"
    )


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {
        name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        for name in counted_tables(conn)
    }


def schema_revision(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:  # no such table
        return None
    return row[0] if row else None


@dataclass(frozen=True)
class Summary:
    """What a backup holds, for a person choosing one: its schema and its records per table."""

    revision: str | None
    counts: dict[str, int]


def summarize(path: Path) -> Summary:
    """Revision and counts of a database file; raises sqlite3.DatabaseError if unreadable."""
    conn = connect_read_only(path)
    try:
        return Summary(schema_revision(conn), table_counts(conn))
    finally:
        conn.close()


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def snapshot(source: Path, destination: Path, progress: StepProgress | None = None) -> Path:
    """A consistent copy of a live database with SQLite's online backup API, synced to disk.

    The backup API reads through the ``-wal`` file (a plain copy would miss committed data) and
    starts over by itself when another connection writes between two steps, so the copy is
    always one committed state, even while the app or another process keeps writing.
    ``destination`` must not exist; it is removed again if the copy fails or is cancelled.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source, timeout=5)
    dst = sqlite3.connect(destination)

    def step(_status: int, remaining: int, total: int) -> None:
        if progress is not None and not progress(total - remaining, total):
            raise CopyCancelled

    try:
        src.backup(dst, pages=PAGES_PER_STEP, progress=step)
        dst.close()
        fsync_file(destination)
    except BaseException:
        dst.close()
        destination.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    return destination
