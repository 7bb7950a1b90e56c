"""Restoring: putting a verified backup in place of the database, keeping the one it replaces.

Nothing is replaced before the backup passed every check (see :mod:`assocdesk.io.backup`). Then
the current database is set aside in the backups folder, and the verified copy, already written
and synced beside it, is renamed over it: a step that cannot be left half-done, so a crash or a
power cut leaves either the old database or the restored one, never a mix.

The caller has closed the database and holds its lock (:mod:`assocdesk.lock`).
"""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from assocdesk.db import attachments_dir, quick_check
from assocdesk.i18n import _
from assocdesk.io import rotation
from assocdesk.io.backup import (
    BackupError,
    Progress,
    VerifiedBackup,
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


def keep_current(database_path: Path, now: datetime) -> Path | None:
    """Set the current database aside in the backups folder before it is replaced.

    A sound one is copied with the backup API (committed data still in ``-wal`` included) as a
    ``before-restore`` copy, which can itself be restored. A damaged one is copied byte for byte
    with its ``-wal`` as ``damaged``, never offered for restoring but never thrown away either.
    """
    if not database_path.exists() or database_path.stat().st_size == 0:
        return None
    try:
        conn = connect_read_only(database_path)
        try:
            sound = not quick_check(conn)
        finally:
            conn.close()
    except sqlite3.Error:
        sound = False
    if sound:
        target = rotation.backup_path(database_path, rotation.BEFORE_RESTORE, now)
        return snapshot(database_path, target)
    target = rotation.backup_path(database_path, rotation.DAMAGED, now)
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal"):
        source = database_path.with_name(database_path.name + suffix)
        if source.exists():
            copy = target.with_name(target.name + suffix)
            shutil.copyfile(source, copy)
            fsync_file(copy)
    return target


def install(
    database_path: Path,
    new_database: Path,
    *,
    now: datetime,
    attachments: Path | None = None,
) -> Path | None:
    """Replace the (closed, locked) database by ``new_database``, a verified copy in the same
    folder; return where the previous one was kept.

    Order matters: the current one is kept first; its ``-wal``/``-shm`` files are removed before
    the rename (SQLite would otherwise replay the old log into the new file); the rename itself
    is atomic. ``attachments`` (the backup's files folder; it may not exist when the backup had
    no files) replaces the database's files folder, which is set aside too unless empty.
    """
    kept = keep_current(database_path, now)
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
    bundle: Path, database_path: Path, *, now: datetime, progress: Progress | None = None
) -> RestoreResult:
    """Verify ``bundle`` then install it; the caller has closed and locked the database."""
    verified = verify_bundle(bundle, database_path, progress)
    try:
        return install_verified(verified, database_path, now=now)
    finally:
        verified.discard()


def install_verified(
    verified: VerifiedBackup, database_path: Path, *, now: datetime
) -> RestoreResult:
    kept = install(database_path, verified.database, now=now, attachments=verified.attachments)
    return RestoreResult(verified.summary, kept)


def restore_copy(source: Path, database_path: Path, *, now: datetime) -> RestoreResult:
    """Restore a plain database copy (an automatic backup); the same checks, then install.

    The copy is verified, then copied beside the database (the original backup stays where it
    is, so it can be restored again), verified once more there, and renamed into place.
    Attachments are left as they are: automatic copies hold only the database.
    """
    verify_database_file(source)
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
        summary = verify_database_file(staged)
        kept = install(database_path, staged, now=now)
    finally:
        staged.unlink(missing_ok=True)
    return RestoreResult(summary, kept)


def is_database_copy(source: Path) -> bool:
    """A plain database file (an automatic copy) rather than a bundle; BackupError if unreadable."""
    try:
        with source.open("rb") as handle:
            return handle.read(16).startswith(b"SQLite format 3")
    except OSError as exc:
        raise BackupError(
            _("{path} cannot be read: {error}").format(path=source, error=exc.strerror or exc)
        ) from exc


def restore_file(
    source: Path, database_path: Path, *, now: datetime, progress: Progress | None = None
) -> RestoreResult:
    """Restore either kind of backup: a bundle, or a database copy (told apart by content)."""
    if is_database_copy(source):
        return restore_copy(source, database_path, now=now)
    return restore_bundle(source, database_path, now=now, progress=progress)
