"""The engine and the sessions of a database (the SQLite file, or a shared PostgreSQL server).

The SQLite file's engine is made here; the server's in :mod:`.server`.

Why the connection is set up by hand:
- Python's sqlite3 module commits DDL on its own and starts transactions late; with
  ``isolation_level=None`` and our own ``BEGIN`` (SQLAlchemy's documented pysqlite recipe) a
  migration or a service call is one real transaction that rolls back whole.
- Write transactions start with ``BEGIN IMMEDIATE``: they take the write lock up front, so a
  validation read followed by a write can never fail half-way with "database is locked".
- ``synchronous=FULL``: a laptop may lose power; committed means on disk.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from assocdesk.storage.cipher import driver
from assocdesk.storage.errors import storage_errors
from assocdesk.storage.location import ServerAddress
from assocdesk.storage.sqlite_file import connect_read_only, sqlite_url

if TYPE_CHECKING:
    from assocdesk.storage.background_check import BackgroundCheck


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


def _cipher_url(path: Path, password: str) -> URL:
    return URL.create("sqlite+pysqlcipher", password=password, database=str(path))


def create_sqlite_engine(
    path: Path, password: str | None = None, *, read_only: bool = False
) -> Engine:
    """An engine on ``path``; with ``read_only`` its connections can neither write nor create a
    file beside it (SQLite's ``mode=ro`` and ``query_only``), so a reading command run beside
    the writer changes nothing, not even a protected file's header.

    With ``password`` every connection gives the key first (SQLAlchemy's pysqlcipher dialect).
    The pool is the one a plain file gets (QueuePool), not the dialect's one-per-thread pool:
    a read during a write on the same thread must get its own connection, as it does unencrypted.
    """
    if read_only:
        url = sqlite_url(path) if password is None else _cipher_url(path, password)
        engine = create_engine(
            url,
            creator=lambda: connect_read_only(path, password, protected=password is not None),
            poolclass=QueuePool,
        )
        event.listen(engine, "connect", _configure_read_only)
    else:
        if password is None:
            engine = create_engine(sqlite_url(path))
        else:
            driver()  # EncryptionError, in words, when SQLCipher is not installed
            engine = create_engine(_cipher_url(path, password), poolclass=QueuePool)
        event.listen(engine, "connect", _configure_connection)
    event.listen(engine, "begin", _begin)
    return engine


@dataclass
class Database:
    """An open AssocDesk database: hands out sessions for reading and for writing.

    ``path`` is the SQLite file; on a shared server it is None and ``server`` says where.
    """

    path: Path | None
    engine: Engine
    # The password it was opened with (None: not protected). Kept in memory only, for what must
    # open the file again beside the engine: the automatic copy, Back up to…, a restore.
    password: str | None = field(default=None, repr=False, compare=False)
    # The quick check still running or done in the background (None: checked before opening).
    check: BackgroundCheck | None = field(default=None, repr=False, compare=False)
    server: ServerAddress | None = None

    @property
    def backend(self) -> str:
        """ "sqlite" or "postgresql" (SQLAlchemy's dialect name)."""
        return self.engine.dialect.name

    @property
    def on_server(self) -> bool:
        return self.server is not None

    @property
    def file(self) -> Path:
        """The SQLite file, for what only a file has (its files folder, its backups copies,
        protection); a DatabaseError in words on a shared server, where there is none."""
        if self.path is None:
            from assocdesk.i18n import _
            from assocdesk.storage.errors import DatabaseError

            raise DatabaseError(
                _(
                    "This is done on a database file; the shared database {address} has none."
                ).format(**self.server.in_message())
            )
        return self.path

    def where(self) -> str:
        """The file or the server address (without password), for titles and messages."""
        return str(self.path) if self.path is not None else str(self.server)

    def _errors(self):
        if self.server is not None:
            from assocdesk.storage.server import server_errors

            return server_errors(self.server)
        assert self.path is not None
        return storage_errors(self.path)

    def __post_init__(self) -> None:
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        write_engine = self.engine.execution_options(begin_immediate=True)
        self._write = sessionmaker(write_engine, expire_on_commit=False)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries. Closing it ends the transaction and discards any change,
        but (unlike a rollback, which expires them) keeps the loaded values of returned rows.
        """
        with self._errors(), self._read() as session:
            yield session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed if the block ends normally, rolled back on any error.

        A disk that is full, read-only or failing raises :class:`StorageError` (the whole unit
        of work is rolled back; the caller still holds what the person typed).
        A file found damaged by the background check raises DatabaseDamaged: nothing is written.
        """
        self.wait_until_checked()
        with self._errors(), self._write() as session, session.begin():
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
