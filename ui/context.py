"""What every page and dialog shares: the open database, the language, and one change signal.

Commands run through :mod:`ui.commands`, which commits them and then emits ``data_changed``, once,
with what the session recorded as changed (assocdesk.services.changes), so each page refreshes only
what it shows (Anki's OpChanges / operation_did_execute).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from sqlalchemy.orm import Session

from assocdesk.services import association
from assocdesk.services.changes import ChangeKind, Changes
from assocdesk.storage.engine import Database
from assocdesk.storage.opening import open_database
from assocdesk.text.locales import babel_locale
from ui.preferences import Preferences

T = TypeVar("T")


class AppContext(QObject):
    data_changed = Signal(object)  # assocdesk.services.changes.Changes
    language_change_requested = Signal(str)
    database_replaced = Signal()  # a restore put another database in place: rebuild the pages

    def __init__(
        self, database: Database, preferences: Preferences, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._db = database
        self._open = True
        self.preferences = preferences
        self._country = ""
        self._currency = "MAD"
        self.reload_profile()

    def reload_profile(self) -> None:
        with self.db.reading() as session:
            profile = association.get(session)
            if profile is not None:
                self._country, self._currency = profile.country, profile.default_currency

    @property
    def db(self) -> Database:
        return self._db

    @db.setter
    def db(self, database: Database) -> None:
        self._db, self._open = database, True

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
        with self.db.reading() as session:
            return query(session)

    def close_database(self) -> Path:
        """Stop background jobs (they hold their own sessions), then close; the file's path."""
        from ui import workers

        self._open = False
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
        path = self.close_database()
        try:
            result = replace(path)
            reopen_with = password
        finally:
            self.db = open_database(path, password=reopen_with)
            self.reload_profile()
        self.database_replaced.emit()
        return result
