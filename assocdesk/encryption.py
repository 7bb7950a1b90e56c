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
from typing import Any

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import URL
from sqlalchemy.pool import QueuePool

from assocdesk.db import (
    APPLICATION_ID,
    DatabaseError,
    damage_error,
    problem_lines,
    quick_check,
    read_only_uri,
)
from assocdesk.i18n import _, ngettext

SQLITE_HEADER = b"SQLite format 3\x00"
MIN_PASSWORD_LENGTH = 8
# SQLite's result code when page 1 cannot be decrypted: with SQLCipher, a wrong password (or a
# first page overwritten). A damaged page elsewhere, or a truncated file, is SQLITE_CORRUPT.
_SQLITE_NOTADB = 26


class EncryptionError(DatabaseError):
    """Encrypting, decrypting or opening failed; the message is translated."""


class WrongPassword(EncryptionError):
    pass


class PasswordRequired(EncryptionError):
    """The file looks encrypted and no password was given: ask for one."""


class ProtectionUnavailable(EncryptionError):
    """The file looks encrypted and SQLCipher is not installed: no password would open it, so
    none is asked for (and the file is not called "not a database" either)."""


def available() -> bool:
    """True when SQLCipher (the ``sqlcipher3`` module) is installed."""
    try:
        import sqlcipher3  # noqa: F401
    except ImportError:
        return False
    return True


def _driver() -> Any:
    try:
        import sqlcipher3
    except ImportError as exc:
        raise EncryptionError(
            _(
                "Password protection needs the optional SQLCipher module "
                "(pip install assocdesk[encryption])."
            )
        ) from exc
    return sqlcipher3


def looks_encrypted(path: Path, *, whole_pages: bool = True) -> bool:
    """A file that is not plain SQLite but has the shape of a SQLCipher one (whole pages).

    Without the password an encrypted file cannot be told from random bytes. SQLCipher starts
    the file with a random 16-byte salt and writes whole pages, so a file of whole 512-byte
    blocks starting with 16 varied bytes that are not text (nor SQLite's header, nor zeros) is
    worth asking a password for. ``whole_pages=False`` drops the size test, for a file known
    to have been protected (it may have been cut mid-page by a crash: see db.open_database).
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError:
        return False
    random_like = len(set(header)) >= 8 and not _is_text(header)
    whole = size >= 1024 and size % 512 == 0
    return (whole or not whole_pages) and header != SQLITE_HEADER and random_like


def _is_text(start: bytes) -> bool:
    """True when ``start`` reads as UTF-8 text (a multi-byte letter may be cut at its end);
    16 random bytes almost never do."""
    for cut in range(4):
        try:
            start[: len(start) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
        return True
    return False


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _key(connection: Any, password: str) -> None:
    connection.execute("PRAGMA key = " + _quoted(password))


def connect(target: str | Path, password: str, **options: Any) -> Any:
    """A SQLCipher connection to ``target`` (a path, or a URI with ``uri=True``) that has been
    given the key. A wrong key shows only at the first read (see :func:`is_wrong_key`)."""
    driver = _driver()
    connection = driver.connect(str(target), **options)
    try:
        # SQLCipher writes every failed page check to stderr (noise in the CLI's output); the
        # caller reports what failed in words.
        connection.execute("PRAGMA cipher_log_level = NONE")
        _key(connection, password)
    except BaseException:
        connection.close()
        raise
    return connection


def connect_read_only(path: Path, password: str) -> Any:
    """A keyed connection that reads ``path`` and creates nothing beside it (read_only_uri)."""
    return connect(read_only_uri(path), password, uri=True)


def is_wrong_key(error: BaseException) -> bool:
    """The error SQLCipher gives when the key does not decrypt the first page."""
    return getattr(error, "sqlite_errorcode", 0) & 0xFF == _SQLITE_NOTADB


def _refusal(path: Path, error: BaseException) -> DatabaseError:
    """Why a keyed read failed: a wrong password, or a damaged file (the key was accepted)."""
    if is_wrong_key(error):
        return WrongPassword(
            _("The password is not right (or {path} is not an AssocDesk database).").format(
                path=path
            )
        )
    return damage_error(path, "; ".join(problem_lines([str(error)])[:3]))


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def check_password(path: Path, password: str) -> None:
    """Raise WrongPassword unless ``password`` opens the encrypted file at ``path``
    (DatabaseDamaged when it does but the file is damaged, e.g. truncated)."""
    connection = connect_read_only(path, password)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except _driver().DatabaseError as exc:
        raise _refusal(path, exc) from exc
    finally:
        connection.close()


def inspect(path: Path, password: str) -> tuple[set[str], str | None, int]:
    """Table names, Alembic revision and application_id of an encrypted file, read without
    changing it (as db._inspect), and quick-checked: WrongPassword, or DatabaseDamaged."""
    connection = connect_read_only(path, password)
    try:
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            app_id = connection.execute("PRAGMA application_id").fetchone()[0]
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        except _driver().DatabaseError as exc:
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


def backup_copy(source: Path, destination: Path, password: str) -> Path:
    """An encrypted copy (same password) with SQLite's online backup API."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    src = connect(source, password)
    try:
        dst = connect(destination, password)
    except BaseException:
        src.close()
        raise
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return destination


def create_encrypted_engine(path: Path, password: str) -> Engine:
    """An engine whose every connection gives the key first (SQLAlchemy's pysqlcipher dialect).

    The pool is the one a plain file gets (QueuePool), not the dialect's one-per-thread pool:
    a read during a write on the same thread must get its own connection, as it does unencrypted.
    """
    _driver()
    url = URL.create("sqlite+pysqlcipher", password=password, database=str(path))
    return create_engine(url, poolclass=QueuePool)


def _export(source: Path, source_key: str | None, target: Path, target_key: str) -> None:
    """Copy the whole database at ``source`` into a new file ``target`` with another key."""
    driver = _driver()
    target.unlink(missing_ok=True)
    connection = driver.connect(str(source), isolation_level=None)
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        if source_key is not None:
            _key(connection, source_key)
        # Fold the write-ahead log into the file and stop using one, so no -wal file with old
        # pages can outlive the rename and be replayed onto the new file.
        connection.execute("PRAGMA journal_mode=DELETE")
        user_version = connection.execute("PRAGMA user_version").fetchone()[0]
        app_id = connection.execute("PRAGMA application_id").fetchone()[0]
        connection.execute(
            f"ATTACH DATABASE {_quoted(str(target))} AS exported KEY {_quoted(target_key)}"
        )
        connection.execute("SELECT sqlcipher_export('exported')")
        connection.execute(f"PRAGMA exported.user_version = {int(user_version)}")
        connection.execute(f"PRAGMA exported.application_id = {int(app_id)}")
        connection.execute("DETACH DATABASE exported")
    except driver.DatabaseError as exc:
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
