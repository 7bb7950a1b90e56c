"""Every error of the storage floor, and the words a person reads for each.

In one module below all the others, so that the engine, the SQLite file, encryption, the backups
and the opening policy can raise and catch each other's errors without importing each other.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.exc import OperationalError

from assocdesk.errors import Cancelled, UserError
from assocdesk.i18n import _
from assocdesk.storage.paths import display_path

log = logging.getLogger(__name__)


def _driver_errors() -> tuple[tuple[type[Exception], ...], tuple[type[Exception], ...]]:
    """sqlite3's error classes, and SQLCipher's when it is installed: the two drivers raise
    classes of their own (neither inherits the other's), and a check must catch both."""
    try:
        from sqlcipher3 import dbapi2 as cipher
    except ImportError:
        return (sqlite3.Error,), (sqlite3.DatabaseError,)
    return (sqlite3.Error, cipher.Error), (sqlite3.DatabaseError, cipher.DatabaseError)


# Any error of either driver, and those that mean "this file cannot be read as a database".
DRIVER_ERRORS, DRIVER_DATABASE_ERRORS = _driver_errors()


class DatabaseError(Exception):
    """A database cannot be opened; the message is translated and says what to do."""


class NotAnAssocDeskDatabase(DatabaseError):
    pass


class DatabaseTooNew(DatabaseError):
    pass


class DatabaseUpgradeFailed(DatabaseError):
    pass


class DatabaseDamaged(DatabaseError):
    """An AssocDesk database that fails SQLite's own check: it is not opened, so never written to.

    ``path`` lets the application offer to restore a backup in its place.
    """

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


class StorageError(DatabaseError):
    """A save that the disk refused (full, read-only, failing): nothing of it was written.

    Raised instead of SQLite's OperationalError so that a form can say so in words and stay
    open with what was typed; the message says what to do.
    """


class EncryptionError(DatabaseError):
    """Encrypting, decrypting or opening failed; the message is translated."""


class WrongPassword(EncryptionError):
    pass


class PasswordRequired(EncryptionError):
    """The file looks encrypted and no password was given: ask for one."""


class ProtectionUnavailable(EncryptionError):
    """The file looks encrypted and SQLCipher is not installed: no password would open it, so
    none is asked for (and the file is not called "not a database" either)."""


class CopyCancelled(Cancelled):
    """The progress callback asked to stop; the partial copy was removed."""


class BackupError(UserError):
    """A backup cannot be written, or a file cannot be verified; the message says which and why."""


class BackupCancelled(Cancelled):
    """Cancel was pressed; no file was left behind."""


class BackupPasswordError(BackupError):
    """The backup is protected and the password is missing or wrong: ask for it, try again."""


class BackupPasswordRequired(BackupPasswordError):
    pass


class BackupWrongPassword(BackupPasswordError):
    pass


# SQLite's primary result codes that mean "the disk said no", and what to tell the person.
_SQLITE_FULL, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CANTOPEN = 13, 8, 10, 14


def storage_error_message(error: sqlite3.Error, path: Path) -> str | None:
    """The person's words for a disk that refused a write or a read; None for anything else."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF  # the primary code of an extended one
    folder = path.absolute().parent
    if code == _SQLITE_FULL:
        return _(
            "The disk is full: nothing was saved. Free some space on the disk that holds "
            "{folder}, then save again."
        ).format(folder=display_path(folder))
    if code == _SQLITE_READONLY:
        return read_only_message(path)
    if code in (_SQLITE_IOERR, _SQLITE_CANTOPEN):
        return _(
            "The disk that holds {folder} could not be read or written ({error}): nothing was "
            "saved. Check the disk (or the USB stick is still plugged in), then save again."
        ).format(folder=display_path(folder), error=error)
    return None


def read_only_message(path: Path) -> str:
    return _(
        "The database cannot be written (the file or its folder {folder} is read-only): "
        "nothing was saved. Allow writing there, or copy the database to a folder of yours."
    ).format(folder=display_path(path.absolute().parent))


@contextmanager
def storage_errors(path: Path) -> Iterator[None]:
    """Turn SQLite's "disk full / read-only / I/O error" into a translated StorageError."""
    try:
        yield
    except OperationalError as exc:
        message = storage_error_message(exc.orig, path) if exc.orig is not None else None
        if message is None:
            raise
        log.warning("storage error on %s: %s", path, exc.orig)
        raise StorageError(message) from exc


def damage_error(path: Path, details: str) -> DatabaseDamaged:
    return DatabaseDamaged(
        _(
            "The database {path} is damaged ({details}). AssocDesk did not change it. "
            "Restore the latest good backup."
        ).format(path=display_path(path), details=details),
        path,
    )
