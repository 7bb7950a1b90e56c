"""What every page and dialog shares: the open database, the language, and one change signal.

Commands run through :mod:`ui.commands`, which commits them and then emits ``data_changed``, once,
with what the session recorded as changed (assocdesk.services.changes), so each page refreshes only
what it shows (Anki's OpChanges / operation_did_execute).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal
from sqlalchemy.orm import Session

from assocdesk.services import profile_basics
from assocdesk.services.changes import ChangeKind, Changes
from assocdesk.storage.engine import Database
from assocdesk.storage.opening import open_database
from assocdesk.text.locales import babel_locale
from ui.live_desks import LiveDesks
from ui.preferences import Preferences

if TYPE_CHECKING:
    from assocdesk.storage.lock import DatabaseLock

T = TypeVar("T")

_PLAIN = (str, int, float, bool, bytes, bytearray, memoryview, type(None))
_PLAIN_TYPES = frozenset(_PLAIN)  # checked by exact type first: a list of 100 000 ids is quick


def refuse_records(value: object, _depth: int = 0) -> None:
    """Raise TypeError if ``value`` is an ORM-mapped instance, or holds one in a list, tuple,
    set, mapping (keys and values), SQLAlchemy row or dataclass (a few levels deep).

    A mapped instance is known by the class manager SQLAlchemy puts on its class, so the UI
    needs no SQL import to check it."""
    if isinstance(value, _PLAIN) or _depth > 4:
        return
    if not isinstance(value, type) and hasattr(type(value), "_sa_class_manager"):
        raise TypeError(
            f"{type(value).__name__} is a database record: the UI takes plain values "
            "(a service returns a frozen dataclass of what it shows)."
        )
    if isinstance(value, Mapping):
        for key, item in value.items():
            refuse_records(key, _depth + 1)
            refuse_records(item, _depth + 1)
    elif isinstance(value, Sequence | Set):  # lists, tuples, SQLAlchemy rows, sets
        for item in value:
            if type(item) not in _PLAIN_TYPES:
                refuse_records(item, _depth + 1)
    elif is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            refuse_records(getattr(value, field.name), _depth + 1)


def _role_in(database: Database) -> str | None:
    """The signed-in officer's role (services.permissions.role_in), imported when a database is
    opened: ``import ui.app`` brings in the core before Qt, and this is not part of it."""
    from assocdesk.services import permissions

    return permissions.role_in(database)


class AppContext(QObject):
    data_changed = Signal(object)  # assocdesk.services.changes.Changes
    language_change_requested = Signal(str)
    # A dialog or widget below the pages (a contact picker) asks for a person's card: (contact
    # id, parent window). The main window opens it (ui.person_cards.open_person_card).
    person_card_requested = Signal(int, object)
    database_replaced = Signal()  # a restore put another database in place: rebuild the pages
    # Settings switched to a shared database, or back to the file: set it up, rebuild the pages.
    database_switched = Signal()

    def __init__(
        self, database: Database, preferences: Preferences, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._db = database
        self._open = True
        # The signed-in officer's role on a shared database (None on a file: everything is
        # allowed), read once at opening: the window disables what it may not do, with why.
        self.role = _role_in(database)
        # The writer's lock on the open file, held for the app's life (None on a shared server,
        # where many desks write, and in tests that build the context themselves).
        self.file_lock: DatabaseLock | None = None
        # The file this session worked on before switching to a shared database: "Use this
        # computer's file again" goes back to it (None: the data folder's, or $ASSOCDESK_DB).
        self.left_file: Path | None = None
        # How the application opens a file (asking its password, offering the backups of a
        # damaged one; None: cancelled), set by ui.app, which the pages may not import.
        self.file_opener: Callable[[Path], Database | None] | None = None
        self.preferences = preferences
        self._country = ""
        self._currency = "MAD"
        # On a shared server: the other desks' commits, published as this desk's own saves are.
        self.live_desks = LiveDesks(self.publish, self)
        self.live_desks.follow(database)
        self.reload_profile()

    def reload_profile(self) -> None:
        with self.db.reading() as session:
            profile = profile_basics.basics(session)
            if profile is not None:
                self._country, self._currency = profile.country, profile.default_currency

    @property
    def db(self) -> Database:
        return self._db

    @db.setter
    def db(self, database: Database) -> None:
        self._db, self._open = database, True
        self.role = _role_in(database)
        self.live_desks.follow(database)

    def can(self, action: str) -> bool:
        """Whether the signed-in officer's role allows ``action`` (services.permissions)."""
        from assocdesk.services import permissions

        return permissions.can(self.role, action)

    def why_not(self, action: str) -> str:
        """Why the role does not allow ``action``, for a tooltip ("" when it does)."""
        from assocdesk.services import permissions

        return permissions.why_not(self.role, action)

    @property
    def is_open(self) -> bool:
        """False from close_database() until a database is set again: a page refreshing in
        that time (from a dialog's event loop) must not read, nor reopen, the file."""
        return self._open

    @property
    def language(self) -> str:
        return self.preferences.language

    @property
    def locale(self) -> str:
        """The Babel locale for numbers, dates and money shown in the app."""
        return babel_locale(self.language, self._country)

    @property
    def country(self) -> str:
        return self._country

    @property
    def default_currency(self) -> str:
        return self._currency

    def publish(self, changes: Changes) -> None:
        """Tell every page what a command changed (the runner calls it, once per command)."""
        if changes.touches(ChangeKind.ASSOCIATION):
            self.reload_profile()
        self.data_changed.emit(changes)

    def read(self, query: Callable[[Session], T]) -> T:
        """Run ``query`` in a read-only session and return its plain result.

        A record loaded by the session must not outlive it in the UI (its relationships would
        load lazily from a closed session, or not at all), so a result that is or holds a mapped
        instance is refused: the service should return a frozen dataclass of what is shown.
        """
        with self.db.reading() as session:
            result = query(session)
        refuse_records(result)
        return result

    def close_database(self) -> Path | None:
        """Stop background jobs (they hold their own sessions), then close; the file's path
        (None on a shared server)."""
        from ui import workers

        self._open = False
        self.live_desks.stop()
        workers.cancel_all()
        workers.wait_for_jobs()
        self.db.close()
        return self.db.path

    def replace_database(self, replace: Callable[[Path], T], *, password: str | None = None) -> T:
        """Close the database, let ``replace(path)`` put another file in its place, reopen it
        (with ``password``, the new file's, None if it is not protected).

        Background jobs are stopped first (they hold their own sessions). If ``replace`` fails,
        the database it left (the old one: a restore changes nothing before it is verified) is
        reopened all the same, with its own password, so the app never stays without one.
        """
        reopen_with = self.db.password
        path = self.db.file  # a DatabaseError in words on a shared server: nothing is closed
        self.close_database()
        try:
            result = replace(path)
            reopen_with = password
        finally:
            self.db = open_database(path, password=reopen_with)
            self.reload_profile()
        self.database_replaced.emit()
        return result

    def switch_database(self, database: Database, lock: DatabaseLock | None = None) -> None:
        """Work on ``database`` from now on (a shared one chosen in Settings, or the file again,
        with ``lock`` held on it): the open one is closed once its jobs stopped, its lock let
        go, and every page is rebuilt on the new one (``database_switched``)."""
        old_lock = self.file_lock
        self.left_file = self.db.path or self.left_file
        self.close_database()
        if old_lock is not None and old_lock is not lock:
            old_lock.release()  # another AssocDesk may open the file now
        self.db, self.file_lock = database, lock
        self.reload_profile()
        self.database_switched.emit()

    def release_lock(self) -> None:
        """Let go of the file's lock (the app is closing)."""
        lock, self.file_lock = self.file_lock, None
        if lock is not None:
            lock.release()
