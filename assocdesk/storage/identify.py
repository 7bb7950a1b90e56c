"""What a file is, read without changing a byte: the schema revision of an AssocDesk database,
or the refusal opening would give (the same words for ``check`` and for opening).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import NoReturn

from assocdesk.i18n import _
from assocdesk.storage import encryption, migrations
from assocdesk.storage.errors import (
    DatabaseTooNew,
    NotAnAssocDeskDatabase,
    PasswordRequired,
    ProtectionUnavailable,
    damage_error,
)
from assocdesk.storage.migrations import runner
from assocdesk.storage.paths import list_backups
from assocdesk.storage.sqlite_file import (
    APPLICATION_ID,
    SQLITE_HEADER,
    connect_read_only,
    cut_short,
    is_ours,
    looks_encrypted,
    quick_check,
    read_header,
)


def _inspect(path: Path, ours: bool, *, check: bool = True) -> tuple[set[str], str | None, int]:
    """Table names, Alembic revision and application_id, read without changing the file.

    The file is quick-checked too (unless ``check`` is False: the caller checks it in the
    background): a damaged AssocDesk database (``ours``) raises DatabaseDamaged, any other
    unreadable file NotAnAssocDeskDatabase.
    """
    try:
        conn = connect_read_only(path)
    except sqlite3.Error as exc:
        raise NotAnAssocDeskDatabase(
            _("{path} cannot be opened: {error}").format(path=path, error=exc)
        ) from exc
    try:
        listing = conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        tables = {row[0] for row in listing}
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        if check and app_id == APPLICATION_ID:
            problems = quick_check(conn)
            if problems:
                raise damage_error(path, "; ".join(problems[:3]))
        return tables, revision, app_id
    except sqlite3.DatabaseError as exc:
        if ours:
            raise damage_error(path, str(exc)) from exc
        raise NotAnAssocDeskDatabase(
            _("{path} is not an AssocDesk database ({error}).").format(path=path, error=exc)
        ) from exc
    finally:
        conn.close()


def _was_protected(path: Path) -> bool:
    """The file starts like a protected one and its latest backup is protected: a protected
    database cut short (not in whole pages) by a crash, to be unlocked and found damaged,
    rather than called "not a database"."""
    backups = list_backups(path)
    return (
        bool(backups)
        and looks_encrypted(backups[0].path)
        and looks_encrypted(path, whole_pages=False)
    )


def identify(path: Path, password: str | None = None, *, check: str = "now") -> str | None:
    """The schema revision of the AssocDesk database at ``path``, read without changing a byte
    (None: a missing or empty file, or an empty SQLite file, which opening would create).

    What opening refuses is refused here, in the same words, so ``check`` and opening never
    disagree: a folder, a file that is not SQLite (PasswordRequired, or ProtectionUnavailable
    without SQLCipher, when it looks protected), another program's SQLite file, a database of a
    newer AssocDesk, a damaged one. ``check``: "now" quick-checks the file, "later" only tests
    that it is whole (the application checks the rest in the background, unless an upgrade is
    due), "none" skips it (the check command runs the full integrity check itself).
    """
    if path.is_dir():
        raise NotAnAssocDeskDatabase(
            _("{path} is a folder, not a database file.").format(path=path)
        )
    if not path.exists() or path.stat().st_size == 0:
        return None
    head = migrations.HEAD_REVISION
    if password is not None:
        tables, revision, app_id = encryption.inspect(path, password)
    else:
        header = read_header(path)
        if not header.startswith(SQLITE_HEADER):
            _refuse_unreadable(path)
        ours = is_ours(header)
        if check == "later" and ours and cut_short(path, header):
            raise damage_error(path, _("the file is cut short"))
        tables, revision, app_id = _inspect(path, ours, check=check == "now")
        if check == "later" and revision != head:
            _inspect(path, ours)  # an upgrade writes: the file is checked first, as always
    if app_id not in (0, APPLICATION_ID) or (tables and revision is None):
        raise NotAnAssocDeskDatabase(
            _("{path} is a database of another program, not of AssocDesk.").format(path=path)
        )
    if revision is not None and revision != head and not runner.is_known(revision):
        raise DatabaseTooNew(
            _(
                "{path} was written by a newer version of AssocDesk (schema {revision}). "
                "Install the newer version to open it; the file was not changed."
            ).format(path=path, revision=revision)
        )
    return revision


def _refuse_unreadable(path: Path) -> NoReturn:
    """A file that is not plain SQLite: protected by a password, or not a database at all."""
    if looks_encrypted(path) or _was_protected(path):
        if not encryption.available():
            raise ProtectionUnavailable(
                _(
                    "{path} is protected by a password, and this installation of AssocDesk "
                    "cannot open protected databases (SQLCipher is not installed). Install "
                    "AssocDesk with password protection to open it; the file was not changed."
                ).format(path=path)
            )
        raise PasswordRequired(_("{path} is protected by a password.").format(path=path))
    raise NotAnAssocDeskDatabase(
        _("{path} is not an AssocDesk database (not a SQLite file).").format(path=path)
    )
