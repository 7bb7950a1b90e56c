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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from assocdesk.i18n import _

log = logging.getLogger(__name__)

# "ASKD": marks a file as ours, so another program's SQLite file is never mistaken for one.
APPLICATION_ID = 0x41534B44
SQLITE_HEADER = b"SQLite format 3\x00"
# The newest schema revision this version knows; tests check it equals Alembic's head.
HEAD_REVISION = "0003"
ENV_VARIABLE = "ASSOCDESK_DB"


class DatabaseError(Exception):
    """A database cannot be opened; the message is translated and says what to do."""


class NotAnAssocDeskDatabase(DatabaseError):
    pass


class DatabaseTooNew(DatabaseError):
    pass


class DatabaseUpgradeFailed(DatabaseError):
    pass


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


def _begin(conn) -> None:
    immediate = conn.get_execution_options().get("begin_immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_sqlite_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _configure_connection)
    event.listen(engine, "begin", _begin)
    return engine


@dataclass
class Database:
    """An open AssocDesk database: hands out sessions for reading and for writing."""

    path: Path
    engine: Engine

    def __post_init__(self) -> None:
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        write_engine = self.engine.execution_options(begin_immediate=True)
        self._write = sessionmaker(write_engine, expire_on_commit=False)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries. Closing it ends the transaction and discards any change,
        but (unlike a rollback, which expires them) keeps the loaded values of returned rows.
        """
        with self._read() as session:
            yield session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed if the block ends normally, rolled back on any error."""
        with self._write() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


def _read_header(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_HEADER))


def _inspect(path: Path) -> tuple[set[str], str | None, int]:
    """Table names, Alembic revision and application_id, read without changing the file.

    A read-only connection to a WAL database still creates ``-wal`` and ``-shm`` files beside it
    (and cannot remove them), so a refused file would not be left as it was found. When no
    ``-wal`` or ``-journal`` file exists, nothing committed lives outside the main file, and
    ``immutable=1`` reads it without creating anything.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    sidecars = (path.with_name(path.name + suffix) for suffix in ("-wal", "-journal"))
    if not any(sidecar.exists() for sidecar in sidecars):
        uri += "&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True)
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
        return tables, revision, app_id
    except sqlite3.DatabaseError as exc:
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


def open_database(given: str | os.PathLike[str] | None = None, *, create: bool = True) -> Database:
    """Open (creating or upgrading as needed) the AssocDesk database at ``given``.

    Refuses, without writing a byte, a file that is not SQLite, a SQLite file of another program,
    and a database written by a newer AssocDesk. An older database is backed up beside itself
    before it is upgraded.
    """
    path = resolve_database_path(given)
    exists = path.exists() and path.stat().st_size > 0
    if path.exists() and path.is_dir():
        raise NotAnAssocDeskDatabase(
            _("{path} is a folder, not a database file.").format(path=path)
        )
    if exists:
        if _read_header(path) != SQLITE_HEADER:
            raise NotAnAssocDeskDatabase(
                _("{path} is not an AssocDesk database (not a SQLite file).").format(path=path)
            )
        tables, revision, app_id = _inspect(path)
        if app_id not in (0, APPLICATION_ID) or (tables and revision is None):
            raise NotAnAssocDeskDatabase(
                _("{path} is a database of another program, not of AssocDesk.").format(path=path)
            )
    elif not create:
        raise DatabaseError(_("There is no database at {path}.").format(path=path))
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        revision = None

    from assocdesk.migrations import runner

    if revision is not None and revision != HEAD_REVISION and not runner.is_known(revision):
        raise DatabaseTooNew(
            _(
                "{path} was written by a newer version of AssocDesk (schema {revision}). "
                "Install the newer version to open it; the file was not changed."
            ).format(path=path, revision=revision)
        )

    engine = create_sqlite_engine(path)
    if revision != HEAD_REVISION:
        backup: Path | None = None
        try:
            if revision is not None:
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
                backup = backup_copy(
                    path, path.with_name(f"{path.stem}.before-upgrade-{revision}-{stamp}.sqlite3")
                )
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
    return Database(path=path, engine=engine)
