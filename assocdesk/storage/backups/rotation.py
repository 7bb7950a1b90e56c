"""Automatic backups: a copy of the database when the app closes, at most once a day, kept in
rotation in a ``backups`` folder beside it.

Rotation as in borg's and restic's ``prune``: the newest copy of each of the last 7 days that
have one, of each of the last 4 weeks, of each of the last 12 months. Periods without a copy
are skipped rather than counted, so a laptop left in a drawer for a summer still has its
older copies when it comes back; a year of daily use keeps 7 + 4 + 12 files at most.

Copies made before a restore (``before-restore``) and damaged files set aside (``damaged``)
share the folder but are never pruned: they are what a person may need to undo a mistake.

The copies of a password-protected database are protected by the same password.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path

from assocdesk.i18n import _
from assocdesk.storage.errors import DRIVER_ERRORS, BackupError, DatabaseError
from assocdesk.storage.files import remove_leftovers
from assocdesk.storage.paths import (
    AUTO,
    BEFORE_RESTORE,
    DAMAGED,
    FOLDER,
    RESTORABLE,
    BackupEntry,
    backup_path,
    backups_dir,
    list_backups,
)
from assocdesk.storage.sqlite_file import snapshot

# The copies' names and kinds live in paths (opening reads them too); they are part of what
# the rotation offers its callers.
__all__ = [
    "AUTO",
    "BEFORE_RESTORE",
    "DAMAGED",
    "FOLDER",
    "RESTORABLE",
    "BackupEntry",
    "auto_backup",
    "backup_path",
    "backups_dir",
    "is_due",
    "list_backups",
    "prune",
    "to_keep",
]

KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12


def is_due(database_path: Path, now: datetime) -> bool:
    """No automatic copy was made today yet (one a day is enough, however often it closes)."""
    return not any(
        entry.created.date() == now.date() for entry in list_backups(database_path, [AUTO])
    )


def to_keep(
    created: Iterable[datetime],
    daily: int = KEEP_DAILY,
    weekly: int = KEEP_WEEKLY,
    monthly: int = KEEP_MONTHLY,
) -> set[datetime]:
    """The copies the rotation keeps: newest of each of the last ``daily`` days, etc."""
    newest_first = sorted(set(created), reverse=True)
    periods: list[tuple[int, Callable[[date], object]]] = [
        (daily, lambda day: day),
        (weekly, lambda day: day.isocalendar()[:2]),
        (monthly, lambda day: (day.year, day.month)),
    ]
    keep: set[datetime] = set()
    for count, period_of in periods:
        seen: list[object] = []
        for moment in newest_first:
            period = period_of(moment.date())
            if period in seen:
                continue
            if len(seen) == count:
                break
            seen.append(period)
            keep.add(moment)  # newest first, so the first of a period is its newest copy
    return keep


def prune(database_path: Path) -> list[Path]:
    """Delete the automatic copies the rotation no longer keeps; return what was deleted."""
    entries = list_backups(database_path, [AUTO])
    keep = to_keep(entry.created for entry in entries)
    removed = []
    for entry in entries:
        if entry.created not in keep:
            entry.path.unlink(missing_ok=True)
            removed.append(entry.path)
    return removed


def auto_backup(database_path: Path, now: datetime, password: str | None = None) -> Path | None:
    """Copy the database into the rotation if none was made today; None when not due.

    Called when the app closes (the database is still open: the backup API copies a live
    database safely); ``password`` is the one it was opened with. The copy is written under a
    temporary name and renamed when complete, so a crash half-way never leaves a truncated file
    that looks like a backup.
    """
    if not database_path.exists() or not is_due(database_path, now):
        return None
    target = backup_path(database_path, AUTO, now)
    partial = target.with_name(f".{target.name}.part")
    # Copies an earlier run was killed writing (its own moment's name, so not this one).
    stem = re.escape(database_path.stem)
    leftover = re.compile(rf"\.{stem}-{AUTO}-\d{{8}}-\d{{6}}\.sqlite3\.part(?:-journal)?")
    remove_leftovers(target.parent, leftover, time.time())
    try:
        partial.unlink(missing_ok=True)
        snapshot(database_path, partial, password=password)
        partial.replace(target)
        prune(database_path)
    except (OSError, DatabaseError, *DRIVER_ERRORS) as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise BackupError(
            _("The automatic backup could not be written to {folder}: {error}").format(
                folder=target.parent, error=getattr(exc, "strerror", None) or exc
            )
        ) from exc
    return target
