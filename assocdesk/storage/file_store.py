"""Where attached files (activity photos…) live: beside the SQLite file, or in the server's table.

Files are stored once by content, under their SHA-256: ``photos/ab/abcdef….jpg``. Two places:

- :class:`FolderStore`, a database file's own folder (``paths.attachments_dir``): a laptop's
  database does not grow by its photos, and its backups copy the folder. The ``stored_files``
  table stays empty there.
- :class:`ServerStore`, the ``stored_files`` table of a shared PostgreSQL database: several
  desks on several computers share it, and nothing lies beside a file that does not exist.
  What needs a real file (a thumbnail, the post's picture card, a PDF) gets a copy in this
  computer's cache (``<user cache>/servers/<hash of the address>/photos/ab/…``), written whole,
  and checked against its SHA-256 before it is trusted: a damaged or half-copied cache file is
  fetched again.

:func:`store_for` chooses from the :class:`~assocdesk.storage.engine.Database`. The services
never ask which one they have. This layer does not import the models: the table is described
here with SQLAlchemy Core.

Releasing a content (its last user removed) happens in the caller's transaction. The server's row
is deleted in it (and comes back with a rollback); a file, in the folder or the cache, is deleted
only after the commit. The server's row is locked first, and an attach of the same content locks
it too: one desk's removal and another's attach of the same picture wait for each other, never
leaving a photo record whose content was deleted under it.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, column, delete, event, select, table
from sqlalchemy.orm import Session

from assocdesk.storage.engine import Database
from assocdesk.storage.files import write_whole
from assocdesk.storage.location import ServerAddress
from assocdesk.storage.paths import attachments_dir

log = logging.getLogger(__name__)

PHOTOS = "photos"

STORED_FILES = table(
    "stored_files",
    column("sha256"),
    column("extension"),
    column("size"),
    column("data"),
    column("created_at"),
)

Executor = Session | Connection


def cache_root() -> Path:
    """This computer's cache folder for AssocDesk (e.g. ~/.cache/AssocDesk on Linux)."""
    from platformdirs import user_cache_path

    return user_cache_path("AssocDesk", appauthor=False)


def server_cache_dir(server: ServerAddress) -> Path:
    """The cache of one server database: named by a hash of its address without password, so
    that two servers (or two databases of one) never share or delete each other's files, and
    no password ever lands in a folder name."""
    key = hashlib.sha256(server.shown().encode("utf-8")).hexdigest()[:16]
    return cache_root() / "servers" / key


class FileStore(ABC):
    """The files of one database, by content, in one folder kind (``photos``)."""

    def __init__(self, root: Path, kind: str = PHOTOS) -> None:
        self.root = root
        self.kind = kind

    def path_of(self, sha256: str, extension: str) -> Path:
        """Where the content is (or would be) on this computer: ``<kind>/ab/<sha256>.<ext>``."""
        return self.root / self.kind / sha256[:2] / f"{sha256}.{extension}"

    @abstractmethod
    def save(self, session: Session, sha256: str, extension: str, data: bytes) -> None:
        """Keep ``data`` (whose hash the caller computed) unless the same content is there.

        OSError when the folder cannot be written; a server error from the session.
        """

    @abstractmethod
    def local_path(self, executor: Executor | None, sha256: str, extension: str) -> Path:
        """A file on this computer with the content, for what needs one (a viewer, a PDF).

        When the content is lost the path is returned all the same and does not exist: the
        caller shows it as missing, as it would a file deleted from the folder. ``executor``
        (a session or a connection) reads the server in the caller's transaction; None opens
        a connection of its own.
        """

    @abstractmethod
    def read(self, executor: Executor | None, sha256: str, extension: str) -> bytes | None:
        """The content's bytes, as stored (the caller checks them), or None when it is lost."""

    @abstractmethod
    def release(
        self, session: Session, sha256: str, extension: str, still_used: Callable[[], bool]
    ) -> bool:
        """Delete the content once ``still_used()`` (asked after the content is locked, in
        ``session``'s transaction) says nobody refers to it; True when it will be deleted."""

    def _after_commit(self, session: Session, path: Path) -> None:
        event.listen(session, "after_commit", lambda _session: _delete_file(path), once=True)


class FolderStore(FileStore):
    """The files folder beside an SQLite database, as it has always been."""

    def save(self, session: Session, sha256: str, extension: str, data: bytes) -> None:
        target = self.path_of(sha256, extension)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            write_whole(target, data)

    def local_path(self, executor: Executor | None, sha256: str, extension: str) -> Path:
        return self.path_of(sha256, extension)

    def read(self, executor: Executor | None, sha256: str, extension: str) -> bytes | None:
        try:
            return self.path_of(sha256, extension).read_bytes()
        except FileNotFoundError:
            return None

    def release(
        self, session: Session, sha256: str, extension: str, still_used: Callable[[], bool]
    ) -> bool:
        # An SQLite write transaction holds the whole file's write lock: nobody attaches the
        # same content between the question and the commit.
        if still_used():
            return False
        self._after_commit(session, self.path_of(sha256, extension))
        return True


class ServerStore(FileStore):
    """The ``stored_files`` table of a shared server, with a local cache of what was read."""

    def __init__(self, database: Database, root: Path, kind: str = PHOTOS) -> None:
        super().__init__(root, kind)
        self.database = database

    def save(self, session: Session, sha256: str, extension: str, data: bytes) -> None:
        # Imported here: a laptop's database never needs PostgreSQL's dialect.
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        if not self._lock(session, sha256):
            inserted = session.execute(
                pg_insert(STORED_FILES)
                .values(
                    sha256=sha256,
                    extension=extension,
                    size=len(data),
                    data=data,
                    created_at=datetime.now(UTC),
                )
                .on_conflict_do_nothing(index_elements=["sha256"])
            )
            if inserted.rowcount == 0:  # another desk committed the same content meanwhile
                self._lock(session, sha256)
        self._cache(sha256, extension, data)

    def local_path(self, executor: Executor | None, sha256: str, extension: str) -> Path:
        path = self.path_of(sha256, extension)
        if _verified(path, sha256):
            return path
        data = self.read(executor, sha256, extension)
        if data is None or hashlib.sha256(data).hexdigest() != sha256:
            if data is not None:
                log.error("the server's copy of %s does not match its hash", sha256)
            _delete_file(path)  # a damaged copy is not shown as if it were the picture
            return path
        self._cache(sha256, extension, data)
        return path

    def read(self, executor: Executor | None, sha256: str, extension: str) -> bytes | None:
        if executor is None:
            with self.database.engine.connect() as connection:
                return _read(connection, sha256)
        return _read(executor, sha256)

    def release(
        self, session: Session, sha256: str, extension: str, still_used: Callable[[], bool]
    ) -> bool:
        self._lock(session, sha256)  # an attach of the same content on another desk waits
        if still_used():
            return False
        session.execute(delete(STORED_FILES).where(STORED_FILES.c.sha256 == sha256))
        self._after_commit(session, self.path_of(sha256, extension))
        return True

    def _lock(self, session: Session, sha256: str) -> bool:
        """Lock the content's row until the transaction ends; False when there is none."""
        found = session.execute(
            select(STORED_FILES.c.sha256).where(STORED_FILES.c.sha256 == sha256).with_for_update()
        ).first()
        return found is not None

    def _cache(self, sha256: str, extension: str, data: bytes) -> None:
        """Keep a copy on this computer. A cache that cannot be written costs a download."""
        path = self.path_of(sha256, extension)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_whole(path, data)
        except OSError:
            log.warning("could not write %s to the cache", path, exc_info=True)
            return
        _remember(path)


def store_for(database: Database, kind: str = PHOTOS) -> FileStore:
    """The store of ``database``: its table on a server, its folder beside a file."""
    if database.on_server:
        assert database.server is not None
        return ServerStore(database, server_cache_dir(database.server), kind)
    return FolderStore(attachments_dir(database.file), kind)


def folder_store(database_path: Path, kind: str = PHOTOS) -> FileStore:
    """The folder store of an SQLite file known by its path only."""
    return FolderStore(attachments_dir(database_path), kind)


def _read(executor: Executor, sha256: str) -> bytes | None:
    data = executor.execute(
        select(STORED_FILES.c.data).where(STORED_FILES.c.sha256 == sha256)
    ).scalar()
    return bytes(data) if data is not None else None


# Cache files already checked against their hash, with what they were like then (inode, size,
# time of change): hashing a 40 MB picture at every listing would cost more than reading it.
# A file rewritten or truncated since then has another stamp and is checked again.
_checked: dict[Path, tuple[int, int, int]] = {}
_checked_lock = threading.Lock()


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns)


def _remember(path: Path) -> None:
    stamp = _stamp(path)
    if stamp is not None:
        with _checked_lock:
            _checked[path] = stamp


def _verified(path: Path, sha256: str) -> bool:
    """True when the cache file holds the content of this hash."""
    stamp = _stamp(path)
    if stamp is None:
        return False
    with _checked_lock:
        if _checked.get(path) == stamp:
            return True
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as source:
            for block in iter(lambda: source.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return False
    if digest.hexdigest() != sha256:
        log.warning("the cached %s does not match its hash; fetched again", path)
        return False
    with _checked_lock:
        _checked[path] = stamp
    return True


def _delete_file(path: Path) -> None:
    """A file that cannot be deleted only wastes space: logged, never raised."""
    with _checked_lock:
        _checked.pop(path, None)
    try:
        path.unlink(missing_ok=True)
    except OSError:
        log.warning("could not delete the unused file %s", path, exc_info=True)
