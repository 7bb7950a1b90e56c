"""Restoring: putting a verified backup in place of the database, keeping the one it replaces.

Nothing is replaced before the backup passed every check (see :mod:`.verify`). Then
the current database is set aside in the backups folder, and the verified copy, already written
and synced beside it, is renamed over it: a step that cannot be left half-done, so a crash or a
power cut leaves either the old database or the restored one, never a mix. A bundle's files
folder follows with a second rename; a marker written before the first one lets whoever next
takes the lock finish (or undo) a restore killed between the two
(:mod:`assocdesk.storage.pending_restore`). The copy of the replaced database is written under a
hidden name and renamed when whole, so a kill never leaves a partial copy offered for restoring.

The caller has closed the database and holds its lock (:mod:`assocdesk.storage.lock`).

Two passwords may be at play, and neither is written anywhere: ``password``, the backup's (it
opens a protected backup; the restored database keeps it), and ``current_password``, the one of
the database being replaced (to check it and keep a copy of it, protected as it is).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from assocdesk.i18n import _
from assocdesk.progress import Progress
from assocdesk.storage import pending_restore
from assocdesk.storage.backups import rotation
from assocdesk.storage.backups.verify import (
    VerifiedBackup,
    remove_restore_leftovers,
    verify_bundle,
    verify_database_file,
)
from assocdesk.storage.cipher import is_wrong_key
from assocdesk.storage.errors import DRIVER_ERRORS, BackupError, DatabaseError
from assocdesk.storage.paths import attachments_dir
from assocdesk.storage.sqlite_file import (
    SQLITE_HEADER,
    Summary,
    connect_read_only,
    fsync_file,
    fsync_folder,
    looks_encrypted,
    quick_check,
    snapshot,
)


@dataclass(frozen=True)
class RestoreResult:
    """What was restored, and where the database it replaced was kept (None: there was none)."""

    summary: Summary
    kept: Path | None


def keep_current(database_path: Path, now: datetime, password: str | None = None) -> Path | None:
    """Set the current database aside in the backups folder before it is replaced.

    A sound one is copied with the backup API (committed data still in ``-wal`` included) as a
    ``before-restore`` copy, which can itself be restored (protected by ``password`` if it was).
    A damaged one is copied byte for byte with its ``-wal`` as ``damaged``, never offered for
    restoring but never thrown away either. A protected one that ``password`` does not open
    (none was given, or it has another password than the backup) cannot be checked: it is
    copied byte for byte as ``before-restore`` (it is closed, so its main file is whole).
    """
    if not database_path.exists() or database_path.stat().st_size == 0:
        return None
    state = _state(database_path, password)
    kind = rotation.BEFORE_RESTORE if state in ("sound", "locked") else rotation.DAMAGED
    target = rotation.backup_path(database_path, kind, now)
    target.parent.mkdir(parents=True, exist_ok=True)
    if state == "sound":
        _write_whole(target, lambda part: snapshot(database_path, part, password=password))
    else:
        # The log first: once the main copy has its name, all of it is there.
        for suffix in ("-wal", ""):
            source = database_path.with_name(database_path.name + suffix)
            if source.exists():
                copy = target.with_name(target.name + suffix)
                _write_whole(copy, lambda part, source=source: shutil.copyfile(source, part))
    return target


def _write_whole(target: Path, write: Callable[[Path], object]) -> None:
    """Write ``target`` under a hidden ``.part`` name, sync it, then rename it: a copy killed
    half-way is never offered for restoring (the next restore removes the part)."""
    partial = target.with_name(f".{target.name}.part")
    for suffix in ("", "-journal"):
        partial.with_name(partial.name + suffix).unlink(missing_ok=True)
    try:
        write(partial)
        fsync_file(partial)
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise
    fsync_folder(target.parent)


def _state(database_path: Path, password: str | None) -> str:
    """ "sound", "damaged", or "locked": protected, and ``password`` does not open it."""
    try:
        conn = connect_read_only(database_path, password)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return "damaged" if quick_check(conn) else "sound"
        finally:
            conn.close()
    except DRIVER_ERRORS as exc:
        locked = is_wrong_key(exc) and looks_encrypted(database_path)
        return "locked" if locked else "damaged"
    except DatabaseError:  # SQLCipher is not installed here
        return "locked" if looks_encrypted(database_path) else "damaged"


def install(
    database_path: Path,
    new_database: Path,
    *,
    now: datetime,
    attachments: Path | None = None,
    current_password: str | None = None,
) -> Path | None:
    """Replace the (closed, locked) database by ``new_database``, a verified copy in the same
    folder; return where the previous one was kept.

    Order matters: the current one is kept first, then the new one is renamed over it (see
    :func:`replace_database`). ``attachments`` (the backup's files folder, in the same folder as
    ``new_database``; it may not exist when the backup had no files) then replaces the
    database's files folder, which is set aside in the backups folder too unless empty; if
    the process is killed before this second rename, the next writer finishes it (see
    :mod:`assocdesk.storage.pending_restore`).
    """
    kept = keep_current(database_path, now, current_password)
    fsync_file(new_database)
    pending = None
    if attachments is not None:
        # Two renames, the database's then the files folder's: a marker first, so that a kill
        # between them is finished (or undone) by whoever next takes the lock.
        attachments.mkdir(exist_ok=True)  # an empty one: the backup had no files
        current = attachments_dir(database_path)
        stamp = now.strftime("%Y%m%d-%H%M%S")
        aside = rotation.backups_dir(database_path) / f"{current.name}-before-restore-{stamp}"
        pending = pending_restore.begin(database_path, new_database, attachments, aside)
    try:
        replace_database(new_database, database_path)
    except BaseException:
        if pending is not None and new_database.exists():  # not replaced: nothing to finish
            with contextlib.suppress(OSError):
                pending_restore.end(database_path)
        raise
    if pending is not None:
        # If this fails, the marker stays and the files wait: finished at the next opening.
        pending_restore.finish_files(database_path, pending)
        pending_restore.end(database_path)
    return kept


def replace_database(new_database: Path, database_path: Path) -> None:
    """Rename ``new_database`` over the (closed) database, which is then the restored one.

    Its ``-wal``/``-shm`` files are removed before the rename: SQLite would otherwise replay
    the old log into the new file. The rename itself is atomic, and synced.
    """
    for suffix in ("-wal", "-shm", "-journal"):
        database_path.with_name(database_path.name + suffix).unlink(missing_ok=True)
    os.replace(new_database, database_path)
    fsync_folder(database_path.parent)


def restore_bundle(
    bundle: Path,
    database_path: Path,
    *,
    now: datetime,
    progress: Progress | None = None,
    password: str | None = None,
    current_password: str | None = None,
) -> RestoreResult:
    """Verify ``bundle`` then install it; the caller has closed and locked the database."""
    verified = verify_bundle(bundle, database_path, progress, password=password)
    try:
        return install_verified(verified, database_path, now=now, current_password=current_password)
    finally:
        verified.discard()


def install_verified(
    verified: VerifiedBackup,
    database_path: Path,
    *,
    now: datetime,
    current_password: str | None = None,
) -> RestoreResult:
    kept = install(
        database_path,
        verified.database,
        now=now,
        attachments=verified.attachments,
        current_password=current_password,
    )
    return RestoreResult(verified.summary, kept)


def restore_copy(
    source: Path,
    database_path: Path,
    *,
    now: datetime,
    password: str | None = None,
    current_password: str | None = None,
) -> RestoreResult:
    """Restore a database copy (an automatic backup); the same checks, then install.

    The copy is verified, then copied beside the database (the original backup stays where it
    is, so it can be restored again), verified once more there, and renamed into place.
    Attachments are left as they are: automatic copies hold only the database.
    """
    started = time.time()
    verify_database_file(source, password)
    remove_restore_leftovers(database_path, started)
    staged = database_path.with_name(f".{database_path.name}.{secrets.token_hex(4)}.restore")
    try:
        try:
            shutil.copyfile(source, staged)  # a backup is a closed file: no -wal to miss
        except OSError as exc:
            raise BackupError(
                _("The backup could not be copied beside the database: {error}").format(
                    error=getattr(exc, "strerror", None) or exc
                )
            ) from exc
        summary = verify_database_file(staged, password)
        kept = install(database_path, staged, now=now, current_password=current_password)
    finally:  # a failure or a Cancel leaves no hidden copy of the database behind
        for suffix in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                staged.with_name(staged.name + suffix).unlink(missing_ok=True)
    return RestoreResult(summary, kept)


def is_database_copy(source: Path) -> bool:
    """A database file (an automatic copy, protected or not) rather than a bundle (a zip);
    BackupError if unreadable."""
    try:
        with source.open("rb") as handle:
            start = handle.read(16)
        if start.startswith(SQLITE_HEADER[:15]):
            return True
        return not start.startswith(b"PK") and looks_encrypted(source)
    except OSError as exc:
        raise BackupError(
            _("{path} cannot be read: {error}").format(path=source, error=exc.strerror or exc)
        ) from exc


def restore_file(
    source: Path,
    database_path: Path,
    *,
    now: datetime,
    progress: Progress | None = None,
    password: str | None = None,
    current_password: str | None = None,
) -> RestoreResult:
    """Restore either kind of backup: a bundle, or a database copy (told apart by content).

    A protected backup needs ``password`` (BackupPasswordRequired / BackupWrongPassword).
    """
    if is_database_copy(source):
        return restore_copy(
            source, database_path, now=now, password=password, current_password=current_password
        )
    return restore_bundle(
        source,
        database_path,
        now=now,
        progress=progress,
        password=password,
        current_password=current_password,
    )
