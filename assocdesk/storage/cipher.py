"""The SQLCipher driver (``sqlcipher3``, the optional ``encryption`` extra): present or not, a
connection given its key, and the error a wrong key gives.

The lowest part of password protection, so that the one connection of :mod:`.sqlite_file` can
open a protected file without importing :mod:`.encryption`, which builds on that connection.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assocdesk.i18n import _
from assocdesk.storage.errors import EncryptionError

# SQLite's result code when page 1 cannot be decrypted: with SQLCipher, a wrong password (or a
# first page overwritten). A damaged page elsewhere, or a truncated file, is SQLITE_CORRUPT.
_SQLITE_NOTADB = 26


def available() -> bool:
    """True when SQLCipher (the ``sqlcipher3`` module) is installed."""
    try:
        import sqlcipher3  # noqa: F401
    except ImportError:
        return False
    return True


def driver() -> Any:
    """The ``sqlcipher3`` module; EncryptionError (in words) when it is not installed."""
    try:
        import sqlcipher3
    except ImportError as exc:
        # Said to a person, in the window too: no command line (the README tells how to add it).
        raise EncryptionError(
            _("Password protection is not installed in this copy of AssocDesk.")
        ) from exc
    return sqlcipher3


def quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def give_key(connection: Any, password: str) -> None:
    connection.execute("PRAGMA key = " + quoted(password))


def connect(target: str | Path, password: str, **options: Any) -> Any:
    """A SQLCipher connection to ``target`` (a path, or a URI with ``uri=True``) that has been
    given the key. A wrong key shows only at the first read (see :func:`is_wrong_key`)."""
    connection = driver().connect(str(target), **options)
    try:
        # SQLCipher writes every failed page check to stderr (noise in the CLI's output); the
        # caller reports what failed in words.
        connection.execute("PRAGMA cipher_log_level = NONE")
        give_key(connection, password)
    except BaseException:
        connection.close()
        raise
    return connection


def is_wrong_key(error: BaseException) -> bool:
    """The error SQLCipher gives when the key does not decrypt the first page."""
    return getattr(error, "sqlite_errorcode", 0) & 0xFF == _SQLITE_NOTADB
