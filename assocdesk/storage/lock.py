"""One writer per database: a lock that the operating system holds for the running program.

Two AssocDesk windows on one file would each believe their screen, and two receipt books could
hand out numbers in turn; SQLite keeps the file sound but not the people's picture of it. So
the app (for its whole life) and the command line's writing commands hold an exclusive lock on
``<database>.lock`` beside the database.

An OS lock (``flock`` on POSIX, ``msvcrt.locking`` on Windows) rather than "a file exists"
marker: the kernel drops it when the process ends in any way (closed, crashed, killed, power
cut), so a crash never leaves a stale lock to clear by hand: a file left behind by a crash is
simply locked again. The file says who holds it (process id, computer), for the refusal
message, and is removed on release, so a refused file's folder is left as it was found.

The lock follows the file, not the path as typed: the lock file sits beside the *resolved*
database (a symlink leads to the same lock), and on POSIX the database file itself is also
``flock``-ed, so a hard link, or a lock file deleted by hand, still meets the holder's lock.
``flock`` and SQLite's own (``fcntl`` byte-range) locks are independent on Linux and macOS, so
this lock does not get in SQLite's way. On Windows an open lock file cannot be deleted, and the
database itself is not locked there (its locks are mandatory and would stop SQLite reading).
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
from pathlib import Path
from types import TracebackType

from assocdesk.i18n import _
from assocdesk.storage.errors import DatabaseError
from assocdesk.storage.paths import display_path


class DatabaseLocked(DatabaseError):
    """Another AssocDesk (a window or a command) is using the database; the message says so."""


def lock_path(database_path: Path) -> Path:
    """Beside the real file: ``link.sqlite3`` and the file it points to share one lock."""
    real = database_path.resolve()
    return real.with_name(real.name + ".lock")


def _try_lock(fd: int) -> bool:
    """Take the exclusive lock on ``fd`` without waiting; False if someone else holds it."""
    if sys.platform == "win32":
        import msvcrt

        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


class DatabaseLock:
    """``with DatabaseLock(path):`` — or :meth:`acquire` / :meth:`release` for the app's life.

    The lock belongs to this object's open file: a second DatabaseLock on the same database is
    refused even inside the same process (flock locks an open file, not a process).
    """

    def __init__(self, database_path: Path) -> None:
        self.database_path = database_path
        self.path = lock_path(database_path)
        self._fd: int | None = None
        self._file_fd: int | None = None  # the database file itself, flock-ed (POSIX)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> DatabaseLock:
        if self._fd is not None:
            return self
        while True:
            fd = self._open()
            if not _try_lock(fd):
                holder = self._holder(fd)
                os.close(fd)
                raise DatabaseLocked(
                    _(
                        "The database {path} is already open in another AssocDesk window or "
                        "command ({holder}). Close it there first: only one may change the data "
                        "at a time."
                    ).format(path=display_path(self.database_path), holder=holder)
                )
            if self._still_linked(fd):
                break
            # The holder removed the file between our open and our lock: lock the new one.
            os.close(fd)
        if not self._lock_database_file():
            holder = _("process unknown")
            self.path.unlink(missing_ok=True)
            os.close(fd)
            raise DatabaseLocked(
                _(
                    "The database {path} is already open in another AssocDesk window or "
                    "command ({holder}). Close it there first: only one may change the data "
                    "at a time."
                ).format(path=display_path(self.database_path), holder=holder)
            )
        self._fd = fd
        self._write_holder(fd)
        return self

    def _lock_database_file(self) -> bool:
        """``flock`` the database file itself (POSIX): False if another holder has it.

        The lock file alone follows a name; this follows the inode, which every hard link and
        every path to the file shares, and which deleting the lock file does not touch. A
        database not there yet has only the lock file (creating an empty one here would make
        an emptied database with backups look damaged).
        """
        if sys.platform == "win32":
            return True
        import fcntl

        real = self.database_path.resolve()
        try:
            file_fd = os.open(real, os.O_RDONLY)
        except OSError:
            return True  # unreadable: opening will say why in words
        try:
            fcntl.flock(file_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(file_fd)
            return False
        self._file_fd = file_fd
        return True

    def _open(self) -> int:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise DatabaseLocked(
                _("Cannot create the lock file {path}: {error}").format(
                    path=self.path, error=exc.strerror or exc
                )
            ) from exc

    def _still_linked(self, fd: int) -> bool:
        """The locked file is still the one at ``self.path`` (POSIX can remove an open file)."""
        if sys.platform == "win32":
            return True  # an open file cannot be removed there
        try:
            return os.stat(self.path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            return False

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        if self._file_fd is not None:
            file_fd, self._file_fd = self._file_fd, None
            os.close(file_fd)  # drops the flock
        if sys.platform != "win32":
            self.path.unlink(missing_ok=True)  # while still locked: see _still_linked
        try:
            _unlock(fd)
        finally:
            os.close(fd)
        if sys.platform == "win32":
            # Fails if another AssocDesk opened it meanwhile; the file is harmless then.
            with contextlib.suppress(OSError):
                self.path.unlink()

    def __enter__(self) -> DatabaseLock:
        return self.acquire()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    # The holder's identity is written after the first byte, which is the one locked on
    # Windows (a locked byte cannot be read there by another process).
    def _write_holder(self, fd: int) -> None:
        text = f"\n{os.getpid()} {socket.gethostname()}\n".encode()
        with contextlib.suppress(OSError):  # the lock holds without its label
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            os.write(fd, text)

    def _holder(self, fd: int) -> str:
        try:
            os.lseek(fd, 1, os.SEEK_SET)
            pid, _sep, host = os.read(fd, 200).decode("utf-8", "replace").strip().partition(" ")
        except OSError:
            pid, host = "", ""
        if not pid:
            return _("process unknown")
        return _("process {pid} on {computer}").format(pid=pid, computer=host or "?")
