"""Opening the one SQLite file: pragmas, transactions, and create / upgrade / refuse on open.

Why the connection is set up by hand:
- Python's sqlite3 module commits DDL on its own and starts transactions late; with
  ``isolation_level=None`` and our own ``BEGIN`` (SQLAlchemy's documented pysqlite recipe) a
  migration or a service call is one real transaction that rolls back whole.
- Write transactions start with ``BEGIN IMMEDIATE``: they take the write lock up front, so a
  validation read followed by a write can never fail half-way with "database is locked".
- ``synchronous=FULL``: a laptop may lose power; committed means on disk.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from assocdesk.i18n import _

log = logging.getLogger(__name__)

# "ASKD": marks a file as ours, so another program's SQLite file is never mistaken for one.
APPLICATION_ID = 0x41534B44
SQLITE_HEADER = b"SQLite format 3\x00"
# The newest schema revision this version knows; tests check it equals Alembic's head.
HEAD_REVISION = "0011"
ENV_VARIABLE = "ASSOCDESK_DB"


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


# SQLite's primary result codes that mean "the disk said no", and what to tell the person.
_SQLITE_FULL, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CANTOPEN = 13, 8, 10, 14


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


def _configure_connection(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
    for pragma in (
        "PRAGMA foreign_keys=ON",
        "PRAGMA journal_mode=WAL",
        "PRAGMA synchronous=FULL",
        "PRAGMA busy_timeout=5000",
    ):
        dbapi_connection.execute(pragma)


def _configure_read_only(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    """No ``journal_mode`` here: setting it rewrites the header of a file in another mode
    (a protected database is kept in DELETE mode), and a reader must not write a byte."""
    dbapi_connection.isolation_level = None
    for pragma in ("PRAGMA query_only=ON", "PRAGMA busy_timeout=5000"):
        dbapi_connection.execute(pragma)


def _begin(conn) -> None:
    immediate = conn.get_execution_options().get("begin_immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def sqlite_url(path: Path) -> URL:
    """The URL of the file at ``path``, whatever its name holds.

    Built with ``URL.create`` and never by formatting a string: in ``f"sqlite:///{path}"`` a
    ``?`` in a folder name starts the query (``p2/a?b/x.sqlite3`` opened ``p2/a``), ``%20``
    is decoded and ``#`` cuts the rest.
    """
    return URL.create("sqlite", database=str(path))


def create_sqlite_engine(
    path: Path, password: str | None = None, *, read_only: bool = False
) -> Engine:
    """An engine on ``path``; with ``read_only`` its connections can neither write nor create a
    file beside it (SQLite's ``mode=ro`` and ``query_only``), so a reading command run beside
    the writer changes nothing, not even a protected file's header."""
    if read_only:
        if password is None:
            engine = create_engine(
                sqlite_url(path),
                creator=lambda: sqlite3.connect(read_only_uri(path), uri=True),
                poolclass=QueuePool,
            )
        else:
            from assocdesk import encryption

            engine = create_engine(
                URL.create("sqlite+pysqlcipher", password=password, database=str(path)),
                creator=lambda: encryption.connect_read_only(path, password),
                poolclass=QueuePool,
            )
        event.listen(engine, "connect", _configure_read_only)
    else:
        if password is None:
            engine = create_engine(sqlite_url(path))
        else:  # SQLCipher: the key goes first on every connection (see assocdesk.encryption)
            from assocdesk.encryption import create_encrypted_engine

            engine = create_encrypted_engine(path, password)
        event.listen(engine, "connect", _configure_connection)
    event.listen(engine, "begin", _begin)
    return engine


@dataclass
class Database:
    """An open AssocDesk database: hands out sessions for reading and for writing."""

    path: Path
    engine: Engine
    # The password it was opened with (None: not protected). Kept in memory only, for what must
    # open the file again beside the engine: the automatic copy, Back up to…, a restore.
    password: str | None = field(default=None, repr=False, compare=False)
    # The quick check still running or done in the background (None: checked before opening).
    check: BackgroundCheck | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        write_engine = self.engine.execution_options(begin_immediate=True)
        self._write = sessionmaker(write_engine, expire_on_commit=False)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries. Closing it ends the transaction and discards any change,
        but (unlike a rollback, which expires them) keeps the loaded values of returned rows.
        """
        with storage_errors(self.path), self._read() as session:
            yield session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed if the block ends normally, rolled back on any error.

        A disk that is full, read-only or failing raises :class:`StorageError` (the whole unit
        of work is rolled back; the caller still holds what the person typed).
        A file found damaged by the background check raises DatabaseDamaged: nothing is written.
        """
        self.wait_until_checked()
        with storage_errors(self.path), self._write() as session, session.begin():
            yield session

    def wait_until_checked(self) -> None:
        """Return once the file is known sound; DatabaseDamaged if it is not (writes call it)."""
        if self.check is not None:
            self.check.wait()
            damage = self.check.damage()
            if damage is not None:
                raise damage

    def close(self) -> None:
        self.engine.dispose()


class BackgroundCheck:
    """``PRAGMA quick_check`` of a database on its own read-only connection, in a thread.

    SQLite runs the check without holding Python's lock, so on two cores it costs the window
    nothing; writes wait for it (Database.wait_until_checked), so a damaged file is still never
    written to. ``on_done`` callbacks run in the checking thread.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []
        self._done = threading.Event()
        self._callbacks: list[Callable[[BackgroundCheck], None]] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="assocdesk-check", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        connection = None
        try:
            connection = sqlite3.connect(read_only_uri(self.path), uri=True)
            self.problems = quick_check(connection)
        except sqlite3.Error as exc:
            self.problems = [str(exc)]
        except Exception as exc:  # a bug must not leave every write waiting for ever
            log.exception("background check of %s failed", self.path)
            self.problems = [str(exc)]
        finally:
            with self._lock:
                self._done.set()
                callbacks = list(self._callbacks)
            for callback in callbacks:
                callback(self)
        try:
            if connection is not None and not self.problems:
                # Then the indexes against their rows (the other half of integrity_check, a
                # few seconds at 200 MB): writes no longer wait, but once a damaged index is
                # found (one that lost entries would let a duplicate receipt number in), the
                # next write is refused like any other damage.
                self.problems = index_problems(connection)
        except sqlite3.Error as exc:
            self.problems = [str(exc)]
        finally:
            if connection is not None:
                connection.close()

    def on_done(self, callback: Callable[[BackgroundCheck], None]) -> None:
        """Call ``callback(check)`` when the check ends (at once, here, if it has ended)."""
        with self._lock:
            if not self._done.is_set():
                self._callbacks.append(callback)
                return
        callback(self)

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    def damage(self) -> DatabaseDamaged | None:
        """None while running or if sound; the error to show if the file is damaged."""
        if not self._done.is_set() or not self.problems:
            return None
        return damage_error(self.path, "; ".join(self.problems[:3]))


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


def _read_header(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(100)


def _is_ours(header: bytes) -> bool:
    """The header names AssocDesk (application_id, bytes 68-71): a damaged file is still ours."""
    return len(header) >= 72 and int.from_bytes(header[68:72], "big") == APPLICATION_ID


def cut_short(path: Path, header: bytes) -> bool:
    """The file is shorter than its own header says (a copy or a disk that stopped half-way).

    Instant, so it runs at every open even when the full check runs later in the background.
    Bytes 28-31 hold the size in pages, valid when bytes 92-95 repeat the change counter (24-27).
    """
    if len(header) < 100 or header[92:96] != header[24:28]:
        return False
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    return path.stat().st_size < pages * page_size


def can_write(path: Path) -> bool:
    """Whether this process may change the file at ``path`` and create files beside it (its
    journal): False on a read-only file, folder or medium. A reader that cannot write must open
    the file read-only, or SQLite leaves empty ``-wal`` and ``-shm`` files it cannot remove."""
    effective = os.access in os.supports_effective_ids
    return os.access(path, os.W_OK, effective_ids=effective) and os.access(
        path.parent, os.W_OK, effective_ids=effective
    )


def read_only_uri(path: Path) -> str:
    """A URI that reads ``path`` without creating or changing any file beside it.

    A read-only connection to a WAL database still creates ``-wal`` and ``-shm`` files beside it
    (and cannot remove them), so a refused file would not be left as it was found. When no
    ``-wal`` or ``-journal`` file exists, nothing committed lives outside the main file, and
    ``immutable=1`` reads it without creating anything.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    sidecars = (path.with_name(path.name + suffix) for suffix in ("-wal", "-journal"))
    if not any(sidecar.exists() for sidecar in sidecars):
        uri += "&immutable=1"
    return uri


def quick_check(connection: sqlite3.Connection) -> list[str]:
    """SQLite's ``PRAGMA quick_check`` (every page and record readable, in O(size)): [] if fine.

    The fast half of ``integrity_check`` (it skips matching indexes to their tables): run on
    every open, so a truncated or overwritten file is caught before anything is written to it.
    Works on a SQLCipher connection too (the problems are then pages whose check sum fails).
    """
    try:
        rows = [row[0] for row in connection.execute("PRAGMA quick_check").fetchall()]
    except DRIVER_DATABASE_ERRORS as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else problem_lines(rows)


def index_problems(connection: sqlite3.Connection) -> list[str]:
    """SQLite's full ``PRAGMA integrity_check`` ([] if fine): what quick_check skips, that
    every index entry matches its row. A flipped bit in a unique index passes quick_check and
    lets a write put in a second row with the same receipt number or id."""
    try:
        rows = [row[0] for row in connection.execute("PRAGMA integrity_check(20)").fetchall()]
    except DRIVER_DATABASE_ERRORS as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else problem_lines(rows)


def problem_lines(rows: list[str]) -> list[str]:
    """One problem per line: SQLite puts many in one row ("*** in database main ***\n…")."""
    lines = (line.strip() for row in rows for line in str(row).splitlines())
    return [line for line in lines if line and not line.startswith("***")]


def damage_error(path: Path, details: str) -> DatabaseDamaged:
    return DatabaseDamaged(
        _(
            "The database {path} is damaged ({details}). AssocDesk did not change it. "
            "Restore the latest good backup."
        ).format(path=display_path(path), details=details),
        path,
    )


def _inspect(path: Path, ours: bool, *, check: bool = True) -> tuple[set[str], str | None, int]:
    """Table names, Alembic revision and application_id, read without changing the file.

    The file is quick-checked too (unless ``check`` is False: the caller checks it in the
    background): a damaged AssocDesk database (``ours``) raises DatabaseDamaged, any other
    unreadable file NotAnAssocDeskDatabase.
    """
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
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


def backup_copy(source: Path, destination: Path) -> Path:
    """Copy a database with SQLite's online backup API (a plain file copy misses the -wal file)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(destination)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return destination


def _has_automatic_backups(path: Path) -> bool:
    from assocdesk.io import rotation

    return bool(rotation.list_backups(path))


def _was_protected(path: Path) -> bool:
    """The file starts like a protected one and its latest backup is protected: a protected
    database cut short (not in whole pages) by a crash, to be unlocked and found damaged,
    rather than called "not a database"."""
    from assocdesk import encryption
    from assocdesk.io import rotation

    backups = rotation.list_backups(path)
    return (
        bool(backups)
        and encryption.looks_encrypted(backups[0].path)
        and encryption.looks_encrypted(path, whole_pages=False)
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
    if password is not None:
        from assocdesk import encryption

        tables, revision, app_id = encryption.inspect(path, password)
    else:
        header = _read_header(path)
        if not header.startswith(SQLITE_HEADER):
            _refuse_unreadable(path)
        ours = _is_ours(header)
        if check == "later" and ours and cut_short(path, header):
            raise damage_error(path, _("the file is cut short"))
        tables, revision, app_id = _inspect(path, ours, check=check == "now")
        if check == "later" and revision != HEAD_REVISION:
            _inspect(path, ours)  # an upgrade writes: the file is checked first, as always
    if app_id not in (0, APPLICATION_ID) or (tables and revision is None):
        raise NotAnAssocDeskDatabase(
            _("{path} is a database of another program, not of AssocDesk.").format(path=path)
        )
    from assocdesk.migrations import runner

    if revision is not None and revision != HEAD_REVISION and not runner.is_known(revision):
        raise DatabaseTooNew(
            _(
                "{path} was written by a newer version of AssocDesk (schema {revision}). "
                "Install the newer version to open it; the file was not changed."
            ).format(path=path, revision=revision)
        )
    return revision


def _refuse_unreadable(path: Path) -> NoReturn:
    """A file that is not plain SQLite: protected by a password, or not a database at all."""
    from assocdesk import encryption

    if encryption.looks_encrypted(path) or _was_protected(path):
        if not encryption.available():
            raise encryption.ProtectionUnavailable(
                _(
                    "{path} is protected by a password, and this installation of AssocDesk "
                    "cannot open protected databases (SQLCipher is not installed). Install "
                    "AssocDesk with password protection to open it; the file was not changed."
                ).format(path=path)
            )
        raise encryption.PasswordRequired(_("{path} is protected by a password.").format(path=path))
    raise NotAnAssocDeskDatabase(
        _("{path} is not an AssocDesk database (not a SQLite file).").format(path=path)
    )


def open_database(
    given: str | os.PathLike[str] | None = None,
    *,
    create: bool = True,
    password: str | None = None,
    check_later: bool = False,
    read_only: bool = False,
) -> Database:
    """Open (creating or upgrading as needed) the AssocDesk database at ``given``.

    Refuses, without writing a byte, a file that is not SQLite, a SQLite file of another program,
    and a database written by a newer AssocDesk. An older database is backed up beside itself
    before it is upgraded.

    Every open quick-checks the whole file (O(size): a third of a second at 100 MB). With
    ``check_later`` (the application's start) a current, unprotected database is checked in the
    background instead, while the window opens: reads go on, and every write waits for the
    result and is refused if the file is damaged (see :class:`BackgroundCheck`). A database to
    upgrade, or a protected one, is still checked before anything else.

    With ``read_only`` (the commands that only read, run beside the writer who holds the lock)
    nothing is created, upgraded or written: an older database is refused in one line.

    A password-protected file needs ``password`` (PasswordRequired without it, WrongPassword
    with a wrong one: see assocdesk.encryption).
    """
    path = resolve_database_path(given)
    revision = identify(path, password, check="later" if check_later else "now")
    exists = path.stat().st_size > 0 if path.exists() else False
    if not exists:
        if path.exists() and _has_automatic_backups(path):
            # An empty file where backups say a database was: emptied by a crash or a full
            # disk, not new. Creating a fresh database over it would hide the loss.
            raise damage_error(path, _("the file is empty"))
        if not create:
            raise DatabaseError(_("There is no database at {path}.").format(path=path))
        path.parent.mkdir(parents=True, exist_ok=True)

    if read_only:
        if not exists:
            raise DatabaseError(_("There is no database at {path}.").format(path=path))
        if revision != HEAD_REVISION and not can_write(path):
            raise DatabaseError(
                _(
                    "This database was made by an older AssocDesk and cannot be upgraded where "
                    "it is (the file, its folder or the disk is read-only): copy it to a folder "
                    "of yours and open the copy. A backup can be made of it as it is."
                )
            )
        if revision != HEAD_REVISION:
            raise DatabaseError(
                _(
                    "This database was made by an older AssocDesk; open it with AssocDesk "
                    "(or run a command that changes data) to upgrade it first."
                )
            )
        return Database(
            path=path,
            engine=create_sqlite_engine(path, password, read_only=True),
            password=password,
        )
    engine = create_sqlite_engine(path, password)
    if revision != HEAD_REVISION:
        from assocdesk.migrations import runner

        backup: Path | None = None
        try:
            if revision is not None:
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
                target = path.with_name(f"{path.stem}.before-upgrade-{revision}-{stamp}.sqlite3")
                if password is None:
                    backup = backup_copy(path, target)
                else:
                    from assocdesk import encryption

                    backup = encryption.backup_copy(path, target, password)
            runner.upgrade(engine)
        except Exception as exc:
            engine.dispose()  # a failed upgrade must not keep the file open
            log.exception("upgrade of %s from %s failed", path, revision)
            raise DatabaseUpgradeFailed(
                _(
                    "{path} could not be upgraded ({error}). It was left as it was; "
                    "a copy made before the upgrade is at {backup}."
                ).format(path=path, error=exc, backup=backup or "—")
            ) from exc
    database = Database(path=path, engine=engine, password=password)
    if check_later and exists and password is None and revision == HEAD_REVISION:
        database.check = BackgroundCheck(path)
        database.check.start()
    return database
