"""Where a database lives, and what lives beside it: its files folder and its backups.

The names of the backup copies are here rather than with the rotation that makes them: opening
a file needs to know whether backups say a database was there, and must not import the backups.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ENV_VARIABLE = "ASSOCDESK_DB"

# The backups folder beside the database, and the kinds of copies it holds.
FOLDER = "backups"
AUTO, BEFORE_RESTORE, DAMAGED = "auto", "before-restore", "damaged"
RESTORABLE = (AUTO, BEFORE_RESTORE)
_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<kind>auto|before-restore|damaged)-(?P<stamp>\d{8}-\d{6})\.sqlite3$"
)


def default_database_path() -> Path:
    """The database in the user's data folder (e.g. ~/.local/share/AssocDesk on Linux)."""
    from platformdirs import user_data_path

    return user_data_path("AssocDesk", appauthor=False) / "assocdesk.sqlite3"


def resolve_database_path(given: str | os.PathLike[str] | None = None) -> Path:
    """``--db`` wins, then ``$ASSOCDESK_DB``, then the default data folder."""
    if given:
        return Path(given).expanduser()
    if os.environ.get(ENV_VARIABLE):
        return Path(os.environ[ENV_VARIABLE]).expanduser()
    return default_database_path()


def display_path(path: Path | str) -> str:
    """A path inside a message: kept whole and in order in right-to-left (Arabic) text."""
    from assocdesk.i18n import is_rtl
    from assocdesk.text.bidi import isolate_ltr

    return isolate_ltr(str(path)) if is_rtl() else str(path)


def attachments_dir(database_path: Path) -> Path:
    """Where a database keeps its files (activity photos…): a folder beside it, named after it.

    Beside and not inside the data folder's common area, so a database copied with its folder to
    another machine keeps its photos, and two databases never share (or delete) each other's files.
    """
    return database_path.with_name(f"{database_path.stem}-files")


def backups_dir(database_path: Path) -> Path:
    return database_path.parent / FOLDER


def backup_path(database_path: Path, kind: str, when: datetime) -> Path:
    """``backups/<database name>-<kind>-<YYYYMMDD-HHMMSS>.sqlite3`` (unique within a second)."""
    folder = backups_dir(database_path)
    candidate = folder / f"{database_path.stem}-{kind}-{when.strftime(_STAMP)}.sqlite3"
    seconds = 0
    while candidate.exists():  # two restores in one second: the next free second
        seconds += 1
        later = when.timestamp() + seconds
        stamp = datetime.fromtimestamp(later).strftime(_STAMP)
        candidate = folder / f"{database_path.stem}-{kind}-{stamp}.sqlite3"
    return candidate


@dataclass(frozen=True)
class BackupEntry:
    path: Path
    kind: str
    created: datetime


def list_backups(database_path: Path, kinds: Iterable[str] = RESTORABLE) -> list[BackupEntry]:
    """This database's backups of the given kinds, newest first (others' files are ignored)."""
    folder = backups_dir(database_path)
    if not folder.is_dir():
        return []
    wanted = set(kinds)
    entries = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if not match or match["stem"] != database_path.stem or match["kind"] not in wanted:
            continue
        try:
            created = datetime.strptime(match["stamp"], _STAMP)
        except ValueError:
            continue
        entries.append(BackupEntry(path, match["kind"], created))
    return sorted(entries, key=lambda entry: entry.created, reverse=True)
