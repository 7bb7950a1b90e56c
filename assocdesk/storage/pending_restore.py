"""A restore's second rename, finished or undone after a crash.

Putting a backup bundle in place takes two renames: the database file, then its files folder.
A kill between the two would leave the restored database with the old files, and the restored
files in the hidden folder they were unpacked into, which the next restore's cleanup deletes.

So, before the first rename, the restore writes a marker beside the database (whole or not at
all): the folder the bundle was unpacked into, the database and files waiting there, and where
the current files go. It removes the marker once both renames are done. Whoever next takes the
writer's lock (opening the database to write, or the next restore) calls
:func:`finish_interrupted` first. The waiting database tells how far it went: the rename that
puts it in place is also what takes it away from there, in one atomic step. Gone: the database
was replaced, so the files swap is finished. Still there: the database was not replaced and the
files were never touched (they move only after it), so the unpacked copy is removed. Each step,
on either way, can be killed in turn and run again; the files replaced are moved to the backups
folder, never deleted.

(A hash of the new database would say the same at the cost of reading it whole, and would be
wrong once the restored database was written to before the swap was finished.)

Here in ``storage`` rather than with the backups, so that opening a database can finish an
interrupted restore without importing them.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from assocdesk.storage.files import write_whole
from assocdesk.storage.paths import attachments_dir, backups_dir
from assocdesk.storage.sqlite_file import fsync_folder

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PendingRestore:
    """What a marker says; every path is beside the database (or in its backups folder)."""

    folder: Path  # where the bundle was unpacked
    database: Path  # the verified database waiting there (gone once renamed into place)
    files: Path  # the files folder waiting there (gone once renamed into place)
    aside: Path  # where the database's current files folder goes


def marker_path(database_path: Path) -> Path:
    return database_path.with_name(f".{database_path.name}.restore-pending")


def pending_folder(database_path: Path) -> Path | None:
    """The unpacked folder a pending restore still needs (a cleanup must spare it), if any."""
    pending = read(database_path)
    return pending.folder if pending is not None else None


def begin(database_path: Path, database: Path, files: Path, aside: Path) -> PendingRestore:
    """Write the marker (synced) before the database is replaced; ``database`` and ``files``
    wait in one folder beside it, ``aside`` is in its backups folder."""
    if files.parent != database.parent:
        raise ValueError("the database and its files must wait in the same folder")
    pending = PendingRestore(database.parent, database, files, aside)
    record = {
        "folder": pending.folder.name,
        "database": database.name,
        "files": files.name,
        "aside": aside.name,
    }
    write_whole(marker_path(database_path), json.dumps(record).encode("utf-8"))
    fsync_folder(database_path.parent)
    return pending


def _name(record: dict, key: str) -> str:
    """One plain name from the marker (never a path that could lead elsewhere)."""
    value = record[key]
    if not isinstance(value, str) or value in ("", ".", "..") or "/" in value or "\\" in value:
        raise ValueError(key)
    return value


def read(database_path: Path) -> PendingRestore | None:
    """The pending restore of this database, or None (no marker, or one that makes no sense:
    it is then ignored, and nothing is moved on its word); OSError if it cannot be read."""
    try:
        record = json.loads(marker_path(database_path).read_bytes())
        folder = database_path.parent / _name(record, "folder")
        return PendingRestore(
            folder,
            folder / _name(record, "database"),
            folder / _name(record, "files"),
            backups_dir(database_path) / _name(record, "aside"),
        )
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("Ignoring the unreadable restore marker of %s: %r", database_path, exc)
        return None


def _free(path: Path) -> Path:
    """``path``, or ``path-2``, ``path-3``… if it is taken (a swap moved aside more than once)."""
    candidate, number = path, 1
    while candidate.exists() or candidate.is_symlink():
        number += 1
        candidate = path.with_name(f"{path.name}-{number}")
    return candidate


def set_aside(current: Path, aside: Path) -> None:
    """Move the database's current files folder to the backups folder (an empty one is just
    removed): the files it replaces are kept, as the database it replaces is."""
    if current.is_dir() and not current.is_symlink() and not any(current.iterdir()):
        current.rmdir()
    elif current.exists() or current.is_symlink():
        target = _free(aside)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(current, target)  # a rename on the same disk
        fsync_folder(target.parent)
    fsync_folder(current.parent)


def put_in_place(files: Path, current: Path) -> None:
    """Rename the restored files folder into place (an empty one is just removed: the backup
    had no files)."""
    if any(files.iterdir()):
        os.replace(files, current)
    else:
        files.rmdir()
    fsync_folder(current.parent)


def finish_files(database_path: Path, pending: PendingRestore) -> None:
    """Put the restored files in place of the current ones, from wherever a kill stopped it:
    the current folder is set aside only while the restored one still waits."""
    if not pending.files.is_dir():
        return  # already in place
    current = attachments_dir(database_path)
    set_aside(current, pending.aside)
    put_in_place(pending.files, current)


def end(database_path: Path) -> None:
    """Remove the marker once both renames are done (or the restore was undone)."""
    marker_path(database_path).unlink(missing_ok=True)
    fsync_folder(database_path.parent)


def finish_interrupted(database_path: Path) -> str | None:
    """Finish or undo a restore that was stopped between its two renames; the caller holds the
    database's lock (nothing else may rename these files meanwhile) and has not opened it.

    Returns "finished" (the restored database was in place: its files now are too), "undone"
    (the database was not replaced: the unpacked copy is removed, the files were untouched), or
    None (no restore was pending). Raises OSError when a step fails: the marker then stays, and
    the next attempt takes it up again.
    """
    pending = read(database_path)
    if pending is None:
        marker_path(database_path).unlink(missing_ok=True)
        return None
    if pending.database.exists():  # not renamed into place: the files were not touched
        outcome = "undone"
    else:
        finish_files(database_path, pending)
        outcome = "finished"
    end(database_path)
    # Nothing in it is needed any more; a kill while it is removed leaves an ordinary leftover
    # (no marker names it now), which the next restore's cleanup removes.
    shutil.rmtree(pending.folder, ignore_errors=True)
    log.warning("An interrupted restore of %s was %s.", database_path, outcome)
    return outcome
