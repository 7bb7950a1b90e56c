"""Optional password protection of the database file at rest (SQLCipher, via ``sqlcipher3``).

Off by default and only offered when the optional ``encryption`` extra is installed
(``pip install assocdesk[encryption]``). An encrypted file is an ordinary AssocDesk database
whose every page is encrypted with a key derived from the password: without the password it is
random bytes, and with a lost password the data is lost (there is no back door).

Encrypting and decrypting never change the file in place: the whole database is exported into a
new file beside it (``ATTACH … KEY …; SELECT sqlcipher_export(…)``), written to disk, then moved
over the old one in one atomic rename. The database must be closed meanwhile (the app reopens it).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from sqlalchemy import Engine

from assocdesk.i18n import _, ngettext
from assocdesk.storage.cipher import available, driver, give_key, is_wrong_key, quoted
from assocdesk.storage.errors import (
    DatabaseError,
    EncryptionError,
    PasswordRequired,
    ProtectionUnavailable,
    WrongPassword,
    damage_error,
)
from assocdesk.storage.sqlite_file import (
    APPLICATION_ID,
    connect_read_only,
    looks_encrypted,
    problem_lines,
    quick_check,
)

# What callers of password protection use, wherever it is defined on this floor.
__all__ = [
    "MIN_PASSWORD_LENGTH",
    "EncryptionError",
    "PasswordRequired",
    "ProtectionUnavailable",
    "WrongPassword",
    "available",
    "check_password",
    "decrypt",
    "encrypt",
    "inspect",
    "is_encrypted",
    "is_wrong_key",
    "looks_encrypted",
]

MIN_PASSWORD_LENGTH = 8


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _refusal(path: Path, error: BaseException) -> DatabaseError:
    """Why a keyed read failed: a wrong password, or a damaged file (the key was accepted)."""
    if is_wrong_key(error):
        return WrongPassword(
            _("The password is not right (or {path} is not an AssocDesk database).").format(
                path=path
            )
        )
    return damage_error(path, "; ".join(problem_lines([str(error)])[:3]))


def check_password(path: Path, password: str) -> None:
    """Raise WrongPassword unless ``password`` opens the encrypted file at ``path``
    (DatabaseDamaged when it does but the file is damaged, e.g. truncated)."""
    connection = connect_read_only(path, password, protected=True)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except driver().DatabaseError as exc:
        raise _refusal(path, exc) from exc
    finally:
        connection.close()


def inspect(path: Path, password: str) -> tuple[set[str], str | None, int]:
    """Table names, Alembic revision and application_id of an encrypted file, read without
    changing it (as identify does for a plain one), and quick-checked: WrongPassword, or
    DatabaseDamaged."""
    connection = connect_read_only(path, password, protected=True)
    try:
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            app_id = connection.execute("PRAGMA application_id").fetchone()[0]
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        except driver().DatabaseError as exc:
            raise _refusal(path, exc) from exc
        if app_id == APPLICATION_ID:
            problems = quick_check(connection)
            if problems:
                raise damage_error(path, "; ".join(problems[:3]))
        return tables, revision, app_id
    finally:
        connection.close()


def is_encrypted(engine: Engine) -> bool:
    return engine.dialect.driver == "pysqlcipher"


def _export(source: Path, source_key: str | None, target: Path, target_key: str) -> None:
    """Copy the whole database at ``source`` into a new file ``target`` with another key."""
    sqlcipher = driver()
    target.unlink(missing_ok=True)
    connection = sqlcipher.connect(str(source), isolation_level=None)
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        if source_key is not None:
            give_key(connection, source_key)
        # Fold the write-ahead log into the file and stop using one, so no -wal file with old
        # pages can outlive the rename and be replayed onto the new file.
        connection.execute("PRAGMA journal_mode=DELETE")
        user_version = connection.execute("PRAGMA user_version").fetchone()[0]
        app_id = connection.execute("PRAGMA application_id").fetchone()[0]
        connection.execute(
            f"ATTACH DATABASE {quoted(str(target))} AS exported KEY {quoted(target_key)}"
        )
        connection.execute("SELECT sqlcipher_export('exported')")
        connection.execute(f"PRAGMA exported.user_version = {int(user_version)}")
        connection.execute(f"PRAGMA exported.application_id = {int(app_id)}")
        connection.execute("DETACH DATABASE exported")
    except sqlcipher.DatabaseError as exc:
        target.unlink(missing_ok=True)
        if source_key is not None and "file is not a database" in str(exc):
            raise WrongPassword(_("The password is not right.")) from exc
        raise EncryptionError(
            _("The database could not be converted: {error}").format(error=exc)
        ) from exc
    finally:
        connection.close()
    with target.open("rb+") as handle:
        os.fsync(handle.fileno())


def _replace(new: Path, path: Path) -> None:
    for sidecar in _sidecars(path):
        with contextlib.suppress(FileNotFoundError):
            sidecar.unlink()
    os.replace(new, path)
    with contextlib.suppress(OSError):  # make the rename itself durable (not on Windows)
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def encrypt(path: Path, password: str) -> None:
    """Protect the (closed) plain database at ``path`` with ``password``."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise EncryptionError(
            ngettext(
                "Choose a password of at least {count} character.",
                "Choose a password of at least {count} characters.",
                MIN_PASSWORD_LENGTH,
            ).format(count=MIN_PASSWORD_LENGTH)
        )
    new = path.with_name(path.name + ".encrypting")
    _export(path, None, new, password)
    _replace(new, path)


def decrypt(path: Path, password: str) -> None:
    """Remove the password from the (closed) encrypted database at ``path``."""
    check_password(path, password)
    new = path.with_name(path.name + ".decrypting")
    _export(path, password, new, "")
    _replace(new, path)
