"""Restoring: putting a verified backup in place of the database, keeping the one it replaces.

Nothing is replaced before the backup passed every check (see :mod:`assocdesk.io.backup`). Then
the current database is set aside in the backups folder, and the verified copy, already written
and synced beside it, is renamed over it: a step that cannot be left half-done, so a crash or a
power cut leaves either the old database or the restored one, never a mix.

The caller has closed the database and holds its lock (:mod:`assocdesk.lock`).

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
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from assocdesk.db import DRIVER_ERRORS, DatabaseError, attachments_dir, quick_check
from assocdesk.i18n import _
from assocdesk.io import rotation
from assocdesk.io.backup import (
    BackupError,
    Progress,
    VerifiedBackup,
    remove_restore_leftovers,
    verify_bundle,
    verify_database_file,
)
from assocdesk.io.sqlite_file import (
    Summary,
    connect_read_only,
    fsync_file,
    fsync_folder,
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
    if state == "sound":
        target = rotation.backup_path(database_path, rotation.BEFORE_RESTORE, now)
        return snapshot(database_path, target, password=password)
    kind = rotation.BEFORE_RESTORE if state == "locked" else rotation.DAMAGED
    target = rotation.backup_path(database_path, kind, now)
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal"):
        source = database_path.with_name(database_path.name + suffix)
        if source.exists():
            copy = target.with_name(target.name + suffix)
            shutil.copyfile(source, copy)
            fsync_file(copy)
    return target


def _state(database_path: Path, password: str | None) -> str:
    """ "sound", "damaged", or "locked": protected, and ``password`` does not open it."""
    from assocdesk import encryption

    try:
        conn = connect_read_only(database_path, password)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return "damaged" if quick_check(conn) else "sound"
        finally:
            conn.close()
    except DRIVER_ERRORS as exc:
        locked = encryption.is_wrong_key(exc) and encryption.looks_encrypted(database_path)
        return "locked" if locked else "damaged"
    except DatabaseError:  # SQLCipher is not installed here
        return "locked" if encryption.looks_encrypted(database_path) else "damaged"


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

    Order matters: the current one is kept first; its ``-wal``/``-shm`` files are removed before
    the rename (SQLite would otherwise replay the old log into the new file); the rename itself
    is atomic. ``attachments`` (the backup's files folder; it may not exist when the backup had
    no files) replaces the database's files folder, which is set aside too unless empty.
    """
    kept = keep_current(database_path, now, current_password)
    fsync_file(new_database)
    for suffix in ("-wal", "-shm", "-journal"):
        database_path.with_name(database_path.name + suffix).unlink(missing_ok=True)
    os.replace(new_database, database_path)
    fsync_folder(database_path.parent)
    if attachments is not None:
        current = attachments_dir(database_path)
        if current.is_dir() and not any(current.iterdir()):
            current.rmdir()
        elif current.exists():
            stamp = now.strftime("%Y%m%d-%H%M%S")
            aside = rotation.backups_dir(database_path) / f"{current.name}-before-restore-{stamp}"
            aside.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(current, aside)
        if attachments.is_dir():
            os.replace(attachments, current)
    return kept


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
    from assocdesk import encryption

    try:
        with source.open("rb") as handle:
            start = handle.read(16)
        if start.startswith(b"SQLite format 3"):
            return True
        return not start.startswith(b"PK") and encryption.looks_encrypted(source)
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
