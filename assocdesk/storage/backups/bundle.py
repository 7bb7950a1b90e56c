"""Backup bundles ("Back up to…", "Restore from…") and putting a verified copy in place.

A bundle is one ``.assocdesk-backup`` file, a zip holding:

- ``database.sqlite3``: a copy made with SQLite's online backup API (consistent even while the
  app writes);
- ``attachments/…``: the database's files folder (see
  :func:`assocdesk.storage.paths.attachments_dir`);
- ``manifest.json``: app version, schema revision, creation time, records per table, whether
  the database copy is protected by a password (never the password itself), and the SHA-256 of
  every other member.

A password-protected database gives a protected copy (same password): the bundle is then no
easier to read than the database. Restoring it needs the password; a bundle says it is
protected before anything is extracted, so the person is asked first.

The zip's comment seals the whole file: the SHA-256 of every byte before the digest. A single
flipped byte anywhere (data, headers, central directory) is therefore caught, not only inside
the members, before anything is extracted.

Restoring never trusts the file: the seal, the manifest, every member's sum, SQLite's full
``integrity_check`` of the extracted database and its schema revision are checked first; only
then is the current database kept as a copy in the backups folder and replaced by a rename (a
step that cannot be left half-done). What cannot be verified is refused with a message saying
why, and nothing is changed (putting a verified copy in place: :mod:`.restore`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import time
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from assocdesk import __version__
from assocdesk.i18n import _
from assocdesk.progress import Progress
from assocdesk.storage.backups.manifest import (
    ATTACHMENTS,
    CHUNK,
    DATABASE,
    MANIFEST,
    MAX_DATABASE_RATIO,
    RATIO_FLOOR,
    SEAL_LENGTH,
    SEAL_PREFIX,
    SPACE_MARGIN,
    SUFFIX,
    Manifest,
    seal,
)
from assocdesk.storage.backups.verify import (
    VerifiedBackup,
    remove_restore_leftovers,
    verify_bundle,
    verify_database_file,
)
from assocdesk.storage.errors import (
    DRIVER_ERRORS,
    BackupCancelled,
    BackupError,
    BackupPasswordError,
    BackupPasswordRequired,
    BackupWrongPassword,
    CopyCancelled,
    DatabaseError,
)
from assocdesk.storage.files import remove_leftovers
from assocdesk.storage.paths import attachments_dir
from assocdesk.storage.sqlite_file import (
    connect_read_only,
    fsync_file,
    fsync_folder,
    is_protected,
    schema_revision,
    snapshot,
    table_counts,
)

if TYPE_CHECKING:
    from assocdesk.storage.engine import Database

# A bundle is written here and verified in .verify; both phases are reached through this module.
__all__ = [
    "DATABASE",
    "MANIFEST",
    "MAX_DATABASE_RATIO",
    "RATIO_FLOOR",
    "SEAL_LENGTH",
    "SEAL_PREFIX",
    "SPACE_MARGIN",
    "SUFFIX",
    "BackupCancelled",
    "BackupError",
    "BackupPasswordError",
    "BackupPasswordRequired",
    "BackupWrongPassword",
    "Manifest",
    "VerifiedBackup",
    "create_bundle",
    "create_server_bundle",
    "remove_restore_leftovers",
    "verify_bundle",
    "verify_database_file",
]

# Temporary names of our own (``<token>``: 8 hex digits), which an earlier run killed half-way
# may have left: a bundle's database copy and partial zip beside the bundle, the folder a bundle
# is unpacked into and a copy being restored beside the database.
_BUNDLE_LEFTOVER = re.compile(
    r"\..+" + re.escape(SUFFIX) + r"\.[0-9a-f]{8}\.(?:snapshot(?:-journal|-wal|-shm)?|part)"
)


def _attachment_files(database_path: Path) -> list[tuple[str, Path]]:
    folder = attachments_dir(database_path)
    if not folder.is_dir():
        return []
    return [
        (f"{ATTACHMENTS}/{path.relative_to(folder).as_posix()}", path)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    ]


# -- writing a bundle -------------------------------------------------------------------------
# Takes the database's copy into a new file (its path), reporting (done, total) as it goes.
CopyTaker = Callable[[Path, Progress], None]


def create_bundle(
    database_path: Path,
    out: Path,
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
    password: str | None = None,
) -> Manifest:
    """Write ``out`` (a ``.assocdesk-backup``) whole or not at all; raise BackupError/Cancelled.

    ``progress(done, total)`` counts the database copy's pages plus one per attached file.
    ``password``: the one the database was opened with; a protected database gives a copy
    protected by the same password (the manifest says so, without the password).
    """

    def take_copy(work: Path, copying: Progress) -> None:
        snapshot(database_path, work, copying, password=password)

    return _write_bundle(
        out,
        take_copy,
        _attachment_files(database_path),
        now=now,
        progress=progress,
        password=password,
        protected=lambda: is_protected(database_path, password),
    )


def create_server_bundle(
    database: Database,
    out: Path,
    files: list[tuple[str, Path]],
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> Manifest:
    """The same bundle for a shared database on a server: its data copied into an SQLite
    database inside (every table, id and counter; verified before it is kept), with ``files``
    (``attachments/…`` names, the files read from the server's store). It restores onto either
    backend, and the office can always take its data home on a USB stick."""
    from assocdesk.storage.engine import create_sqlite_engine
    from assocdesk.storage.migrations import runner
    from assocdesk.storage.transfer import TransferCancelled, copy_database

    def take_copy(work: Path, copying: Progress) -> None:
        engine = create_sqlite_engine(work)
        try:
            runner.upgrade(engine)
            copy_database(database.engine, engine, copying)
        except TransferCancelled as exc:
            raise CopyCancelled from exc
        finally:
            engine.dispose()

    return _write_bundle(
        out, take_copy, files, now=now, progress=progress, password=None, protected=lambda: False
    )


def _write_bundle(
    out: Path,
    take_copy: CopyTaker,
    files: list[tuple[str, Path]],
    *,
    now: datetime | None,
    progress: Progress | None,
    password: str | None,
    protected: Callable[[], bool],
) -> Manifest:
    now = now or datetime.now(UTC)
    started = time.time()
    out = out.expanduser()
    remove_leftovers(out.parent, _BUNDLE_LEFTOVER, started)
    token = secrets.token_hex(4)
    work = out.with_name(f".{out.name}.{token}.snapshot")
    partial = out.with_name(f".{out.name}.{token}.part")
    # Units of progress: the copy's pages, the same again for compressing it, one per file.
    pages = [1]

    def report(done: int) -> None:
        if progress is not None and not progress(done, 2 * pages[0] + len(files)):
            raise BackupCancelled

    def copying(done: int, total: int) -> bool:
        pages[0] = max(total, 1)
        return progress is None or progress(done, 2 * pages[0] + len(files))

    try:
        is_protected_copy = protected()
        take_copy(work, copying)
        conn = connect_read_only(work, password)
        try:
            revision, counts = schema_revision(conn), table_counts(conn)
        finally:
            conn.close()
        with zipfile.ZipFile(partial, "x", zipfile.ZIP_DEFLATED, compresslevel=6) as bundle:
            bundle.comment = SEAL_PREFIX + b"0" * SEAL_LENGTH
            size = max(work.stat().st_size, 1)
            sums = {
                DATABASE: _add_member(
                    bundle, work, DATABASE, lambda n: report(pages[0] + pages[0] * n // size)
                )
            }
            for done, (name, path) in enumerate(files, start=1):
                # Photos and PDFs are compressed already: storing them is as small and faster.
                sums[name] = _add_member(bundle, path, name, stored=True)
                report(2 * pages[0] + done)
            manifest = Manifest(__version__, revision or "", now, counts, sums, is_protected_copy)
            bundle.writestr(MANIFEST, manifest.to_json())
        seal(partial)
        fsync_file(partial)
        os.replace(partial, out)
        fsync_folder(out.parent)
        return manifest
    except CopyCancelled as exc:
        raise BackupCancelled from exc
    except (OSError, DatabaseError, *DRIVER_ERRORS) as exc:
        raise BackupError(
            _("The backup could not be written to {path}: {error}").format(
                path=out, error=getattr(exc, "strerror", None) or exc
            )
        ) from exc
    finally:
        for leftover in (work, partial, *(work.with_name(work.name + s) for s in _SIDE_FILES)):
            with contextlib.suppress(OSError):  # the folder may be what failed
                leftover.unlink(missing_ok=True)


_SIDE_FILES = ("-journal", "-wal", "-shm")


def _add_member(
    bundle: zipfile.ZipFile,
    path: Path,
    name: str,
    written: Callable[[int], None] | None = None,
    *,
    stored: bool = False,
) -> str:
    """Copy ``path`` into the zip as ``name`` in chunks, hashing what goes in; its SHA-256."""
    info = zipfile.ZipInfo.from_file(path, name)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    digest = hashlib.sha256()
    done = 0
    with path.open("rb") as source, bundle.open(info, "w", force_zip64=True) as member:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            member.write(chunk)
            done += len(chunk)
            if written is not None:
                written(done)
    return digest.hexdigest()
