"""Facts about a database file read without changing it, the one connection to it below
SQLAlchemy (plain or protected), and consistent copies of a live one.

Shared by opening, the automatic backups (rotation), the backup bundles and the consistency
check, which all look at database files that are not the open database: a backup, a copy being
verified, a damaged file. None of them goes through SQLAlchemy: they must work on files the app
refuses.

A password-protected (SQLCipher) file is opened with its password: every function that opens a
file takes ``password``, used only when the file is not plain SQLite (so the open database's
password can be handed down whether or not it is protected). The password is never written
anywhere: copies of a protected file are made between two keyed connections, so they are
protected by the same password.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

from assocdesk.progress import Progress
from assocdesk.storage import cipher
from assocdesk.storage.errors import DRIVER_DATABASE_ERRORS, CopyCancelled

# "ASKD": marks a file as ours, so another program's SQLite file is never mistaken for one.
APPLICATION_ID = 0x41534B44
SQLITE_HEADER = b"SQLite format 3\x00"

# How many pages the backup API copies per step: small enough for a progress bar that moves and
# a Cancel that answers, large enough not to slow the copy (4 MiB with 4 KiB pages).
PAGES_PER_STEP = 1024


# -- the file as bytes --------------------------------------------------------------------------
def read_header(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(100)


def is_ours(header: bytes) -> bool:
    """The header names AssocDesk (application_id, bytes 68-71): a damaged file is still ours."""
    return len(header) >= 72 and int.from_bytes(header[68:72], "big") == APPLICATION_ID


def cut_short(path: Path, header: bytes) -> bool:
    """The file is shorter than its own header says (a copy or a disk that stopped half-way).

    Instant, so it runs at every open even when the full check runs later in the background.
    Bytes 28-31 hold the size in pages, valid when bytes 92-95 repeat the change counter (24-27).
    """
    if len(header) < 100 or header[92:96] != header[24:28]:
        return False
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    return path.stat().st_size < pages * page_size


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


def looks_encrypted(path: Path, *, whole_pages: bool = True) -> bool:
    """A file that is not plain SQLite but has the shape of a SQLCipher one (whole pages).

    Without the password an encrypted file cannot be told from random bytes. SQLCipher starts
    the file with a random 16-byte salt and writes whole pages, so a file of whole 512-byte
    blocks starting with 16 varied bytes that are not text (nor SQLite's header, nor zeros) is
    worth asking a password for. ``whole_pages=False`` drops the size test, for a file known
    to have been protected (it may have been cut mid-page by a crash: see opening).
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError:
        return False
    random_like = len(set(header)) >= 8 and not _is_text(header)
    whole = size >= 1024 and size % 512 == 0
    return (whole or not whole_pages) and header != SQLITE_HEADER and random_like


def _is_text(start: bytes) -> bool:
    """True when ``start`` reads as UTF-8 text (a multi-byte letter may be cut at its end);
    16 random bytes almost never do."""
    for cut in range(4):
        try:
            start[: len(start) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
        return True
    return False


def can_write(path: Path) -> bool:
    """Whether this process may change the file at ``path`` and create files beside it (its
    journal): False on a read-only file, folder or medium. A reader that cannot write must open
    the file read-only, or SQLite leaves empty ``-wal`` and ``-shm`` files it cannot remove."""
    effective = os.access in os.supports_effective_ids
    return os.access(path, os.W_OK, effective_ids=effective) and os.access(
        path.parent, os.W_OK, effective_ids=effective
    )


# -- addresses ----------------------------------------------------------------------------------
def sqlite_url(path: Path) -> URL:
    """The URL of the file at ``path``, whatever its name holds.

    Built with ``URL.create`` and never by formatting a string: in ``f"sqlite:///{path}"`` a
    ``?`` in a folder name starts the query (``p2/a?b/x.sqlite3`` opened ``p2/a``), ``%20``
    is decoded and ``#`` cuts the rest.
    """
    return URL.create("sqlite", database=str(path))


def read_only_uri(path: Path) -> str:
    """A URI that reads ``path`` without creating or changing any file beside it.

    A read-only connection to a WAL database still creates ``-wal`` and ``-shm`` files beside it
    (and cannot remove them), so a refused file would not be left as it was found. When no
    ``-wal`` or ``-journal`` file exists, nothing committed lives outside the main file, and
    ``immutable=1`` reads it without creating anything.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    sidecars = (path.with_name(path.name + suffix) for suffix in ("-wal", "-journal"))
    if not any(sidecar.exists() for sidecar in sidecars):
        uri += "&immutable=1"
    return uri


# -- connections --------------------------------------------------------------------------------
def connect(path: Path, password: str | None = None, **options: object) -> sqlite3.Connection:
    """A connection to ``path`` (given the key first when it is protected)."""
    if is_protected(path, password):
        return cipher.connect(path, password, **options)
    return sqlite3.connect(path, **options)


def connect_read_only(
    path: Path, password: str | None = None, *, protected: bool | None = None
) -> sqlite3.Connection:
    """A connection that reads ``path`` and creates nothing beside it (see read_only_uri).

    ``protected`` True keys it with ``password`` whatever the file looks like (checking a
    password: a plain file then refuses it as SQLCipher does); None decides by the file.
    """
    if protected is None:
        protected = is_protected(path, password)
    if protected and password is not None:
        return cipher.connect(read_only_uri(path), password, uri=True)
    return sqlite3.connect(read_only_uri(path), uri=True)


# -- SQLite's own checks ------------------------------------------------------------------------
def quick_check(connection: sqlite3.Connection) -> list[str]:
    """SQLite's ``PRAGMA quick_check`` (every page and record readable, in O(size)): [] if fine.

    The fast half of ``integrity_check`` (it skips matching indexes to their tables): run on
    every open, so a truncated or overwritten file is caught before anything is written to it.
    Works on a SQLCipher connection too (the problems are then pages whose check sum fails).
    """
    try:
        rows = [row[0] for row in connection.execute("PRAGMA quick_check").fetchall()]
    except DRIVER_DATABASE_ERRORS as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else problem_lines(rows)


def index_problems(connection: sqlite3.Connection) -> list[str]:
    """SQLite's full ``PRAGMA integrity_check`` ([] if fine): what quick_check skips, that
    every index entry matches its row. A flipped bit in a unique index passes quick_check and
    lets a write put in a second row with the same receipt number or id."""
    try:
        rows = [row[0] for row in connection.execute("PRAGMA integrity_check(20)").fetchall()]
    except DRIVER_DATABASE_ERRORS as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else problem_lines(rows)


def problem_lines(rows: list[str]) -> list[str]:
    """One problem per line: SQLite puts many in one row ("*** in database main ***\n…")."""
    lines = (line.strip() for row in rows for line in str(row).splitlines())
    return [line for line in lines if line and not line.startswith("***")]


# -- what a file holds --------------------------------------------------------------------------
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


# -- copies -------------------------------------------------------------------------------------
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
    progress: Progress | None = None,  # (pages done, pages in all) -> go on?
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
            dst = cipher.connect(destination, password)
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
