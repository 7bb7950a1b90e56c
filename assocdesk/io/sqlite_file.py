"""Facts about a database file read without changing it, and copies of a live one.

Shared by the automatic backups (rotation), the backup bundles and the consistency check, which
all look at database files that are not the open database: a backup, a copy being verified, a
damaged file. None of them goes through SQLAlchemy: they must work on files the app refuses.

A password-protected (SQLCipher) file is opened with its password: every function that opens a
file takes ``password``, used only when the file is not plain SQLite (so the open database's
password can be handed down whether or not it is protected). The password is never written
anywhere: copies of a protected file are made between two keyed connections, so they are
protected by the same password.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assocdesk.db import SQLITE_HEADER, can_write, read_only_uri

# How many pages the backup API copies per step: small enough for a progress bar that moves and
# a Cancel that answers, large enough not to slow the copy (4 MiB with 4 KiB pages).
PAGES_PER_STEP = 1024

StepProgress = Callable[[int, int], bool]  # (pages done, pages in all) -> go on?


class CopyCancelled(Exception):
    """The progress callback asked to stop; the partial copy was removed."""


def is_plain(path: Path) -> bool:
    """The file starts as an unprotected SQLite database does (False: protected, or not one)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def is_protected(path: Path, password: str | None) -> bool:
    """Whether to open ``path`` with SQLCipher: a password is known and the file is not plain."""
    return password is not None and path.exists() and not is_plain(path)


def connect(path: Path, password: str | None = None, **options: object) -> sqlite3.Connection:
    """A connection to ``path`` (given the key first when it is protected)."""
    if is_protected(path, password):
        from assocdesk import encryption

        return encryption.connect(path, password, **options)
    return sqlite3.connect(path, **options)


def connect_read_only(path: Path, password: str | None = None) -> sqlite3.Connection:
    """A connection that reads ``path`` and creates nothing beside it (see read_only_uri)."""
    if is_protected(path, password):
        from assocdesk import encryption

        return encryption.connect_read_only(path, password)
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
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "alembic_version" not in tables:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


@dataclass(frozen=True)
class Summary:
    """What a backup holds, for a person choosing one: its schema, its records per table, and
    whether it is protected by a password (it then opens with that password only)."""

    revision: str | None
    counts: dict[str, int]
    protected: bool = False


def summarize(path: Path, password: str | None = None) -> Summary:
    """Revision and counts of a database file; raises one of DRIVER_ERRORS if unreadable
    (a protected file without its password included)."""
    conn = connect_read_only(path, password)
    try:
        return Summary(
            schema_revision(conn), table_counts(conn), protected=is_protected(path, password)
        )
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


def snapshot(
    source: Path,
    destination: Path,
    progress: StepProgress | None = None,
    *,
    password: str | None = None,
) -> Path:
    """A consistent copy of a live database with SQLite's online backup API, synced to disk.

    The backup API reads through the ``-wal`` file (a plain copy would miss committed data) and
    starts over by itself when another connection writes between two steps, so the copy is
    always one committed state, even while the app or another process keeps writing.
    ``destination`` must not exist; it is removed again if the copy fails or is cancelled.
    A protected ``source`` is copied into a destination keyed with the same ``password``: the
    pages are decrypted and encrypted again, and the copy opens with that password only.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    # On a read-only file, folder or medium (a locked USB stick) the copy is read read-only: a
    # writable connection there fails, or leaves -wal and -shm files it cannot remove.
    if can_write(source):
        src = connect(source, password, timeout=5)
    else:
        src = connect_read_only(source, password)
    try:
        if is_protected(source, password):
            from assocdesk import encryption

            dst = encryption.connect(destination, password)
        else:
            dst = sqlite3.connect(destination)
    except BaseException:
        src.close()
        raise

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
