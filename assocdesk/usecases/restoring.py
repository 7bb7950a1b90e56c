"""Restoring a backup, in two steps, the same for the window and the command line.

1. :func:`check_backup` tells the two kinds of backup apart (a bundle written by "Back up to…",
   or a database copy such as the automatic ones), and verifies it: nothing is replaced, and a
   bundle is extracted beside the database so that installing it is a rename. It may run in the
   background, and take a while; it raises :class:`~assocdesk.storage.backups.bundle.BackupError` (a
   :class:`~assocdesk.errors.UserError`) for a backup it refuses, ``BackupPasswordRequired`` /
   ``BackupWrongPassword`` for a protected one without its password, and a
   :class:`~assocdesk.errors.Cancelled` when ``progress`` says stop.
2. :func:`install_backup` puts the checked backup in place of the (closed, locked) database,
   keeping the one it replaces in the backups folder.

Between the two, the window shows what the backup holds and asks the person; the command line
goes straight on (:func:`restore_backup`). This module is where the two kinds are dispatched;
neither caller looks at a backup's kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from assocdesk.progress import Progress
from assocdesk.storage.backups import restore, verify
from assocdesk.storage.backups.restore import RestoreResult
from assocdesk.storage.sqlite_file import Summary

__all__ = ["CheckedBackup", "RestoreResult", "check_backup", "install_backup", "restore_backup"]


@dataclass(frozen=True)
class CheckedBackup:
    """A backup that passed every check. Install it, or :meth:`discard` it."""

    source: Path
    summary: Summary  # its revision, record counts, and whether it is protected
    password: str | None  # the one that opened it (the restored database keeps it)
    made_at: datetime | None  # when a bundle was written; None for a database copy
    extracted: verify.VerifiedBackup | None = None  # a bundle, unpacked beside the database

    @property
    def reopen_password(self) -> str | None:
        """The password the restored database opens with (None: it is not protected)."""
        return self.password if self.summary.protected else None

    def discard(self) -> None:
        """Remove what checking unpacked (nothing for a database copy)."""
        if self.extracted is not None:
            self.extracted.discard()


def check_backup(
    source: Path,
    database_path: Path,
    *,
    password: str | None = None,
    progress: Progress | None = None,
) -> CheckedBackup:
    """Verify ``source`` for restoring over ``database_path``, which is not touched."""
    if restore.is_database_copy(source):
        summary = verify.verify_database_file(source, password)
        return CheckedBackup(source, summary, password, None)
    verified = verify.verify_bundle(source, database_path, progress, password=password)
    return CheckedBackup(source, verified.summary, password, verified.manifest.created_at, verified)


def install_backup(
    checked: CheckedBackup,
    database_path: Path,
    *,
    now: datetime,
    current_password: str | None = None,
) -> RestoreResult:
    """Put ``checked`` in place of the closed database the caller holds the lock of.

    ``current_password`` is the replaced database's, to keep a copy of it protected as it was.
    A database copy is copied beside the database and verified once more there (the backup
    itself stays where it is); a bundle's extraction is renamed into place, or removed if
    installing fails.
    """
    if checked.extracted is None:
        return restore.restore_copy(
            checked.source,
            database_path,
            now=now,
            password=checked.password,
            current_password=current_password,
        )
    try:
        return restore.install_verified(
            checked.extracted, database_path, now=now, current_password=current_password
        )
    finally:
        checked.discard()


def restore_backup(
    source: Path,
    database_path: Path,
    *,
    now: datetime,
    password: str | None = None,
    current_password: str | None = None,
    progress: Progress | None = None,
) -> RestoreResult:
    """Check, then install, without asking anyone (the command line, the damaged-file dialog):
    storage's one-shot restore, which checks a database copy once (the two phases above check
    it again at install, since a person may take a while to answer in between)."""
    return restore.restore_file(
        source,
        database_path,
        now=now,
        progress=progress,
        password=password,
        current_password=current_password,
    )
