"""`assocdesk`: start the application on the default database, or the one given by --db.

``--db`` is a file or a shared database's address; else ``$ASSOCDESK_DB``, the shared database
chosen in Settings, the data folder's file. A shared database takes no lock and no file check.

Order matters: translators and layout direction are installed before the first widget, errors
that are bugs go to a log file in the data folder and to a dialog (never a silent exit).
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import sys
import traceback
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

# isort: off
# First, the cycle collector pauses until the modules below are imported (see import_pause).
from ui import import_pause

# The core, and what the first window shows, are imported before Qt: PySide6's __feature__
# import hook reads the whole source of every module imported after it (shibokensupport's
# _mod_uses_pyside) and linecache keeps it. For SQLAlchemy and the core that is ~20 MB held for
# the whole session and ~0.1 s at every start. tests/ui/test_startup_imports.py checks the order.
# The ORM classes and the services behind the Home page's figures are not among them: the
# window reads what it needs of the profile with one SQL statement (profile_basics), and the
# figures, read in the background once the window is shown, import the rest there (~0.1 s).
import assocdesk.services.changes  # noqa: F401
from assocdesk.errors import Cancelled
from assocdesk import i18n
from assocdesk.storage.engine import Database
from assocdesk.storage.errors import DatabaseDamaged, DatabaseError
from assocdesk.storage.opening import open_database
from assocdesk.storage.location import ServerAddress, UnusableAddress, resolve
from assocdesk.storage.paths import default_database_path
from assocdesk.storage.errors import PasswordRequired, WrongPassword
from assocdesk.i18n import _
from assocdesk.text.bidi import isolate, isolate_path
from assocdesk.storage.lock import DatabaseLock, DatabaseLocked
from assocdesk.logs import setup_logging
from assocdesk.services import profile_basics
from PySide6.QtCore import QLocale, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
# isort: on

from ui import garbage, qt_words, wheel_guard
from ui.context import AppContext
from ui.preferences import Preferences

if TYPE_CHECKING:
    from ui.demo_file import DemoSession

import_pause.resume()

log = logging.getLogger("assocdesk")


def install_excepthook(log_path: Path) -> None:
    """A bug shows a dialog naming the log file, instead of the window vanishing."""

    def hook(kind, value, tb) -> None:
        log.error("unexpected error", exc_info=(kind, value, tb))
        text = "".join(traceback.format_exception_only(kind, value)).strip()
        if QApplication.instance() is not None and issubclass(kind, DatabaseError):
            # Written for the person (a full disk, a read-only folder): shown as it is.
            QMessageBox.warning(None, "AssocDesk", str(value))
        elif QApplication.instance() is not None:
            QMessageBox.critical(
                None,
                "AssocDesk",
                _(
                    "Something went wrong: {error}\n\nNothing you saved before is lost. "
                    "Details are in {path}"
                ).format(error=isolate(text), path=isolate_path(log_path)),
            )

    sys.excepthook = hook


def qt_locale(language: str, country: str) -> QLocale:
    """Qt's locale for date and number widgets, with Latin digits like Babel's everywhere.

    Qt's plain "ar" is ar_EG, which writes ٢٠٢٦ in date fields while tables (Babel) write 2026;
    one script of digits throughout is less confusing.
    """
    for name in (f"{language}_{country.upper()}" if country else "", language, "ar_MA"):
        if not name:
            continue
        locale = QLocale(name)
        if locale.language() == QLocale(language).language() and locale.zeroDigit() == "0":
            return locale
    return QLocale(QLocale.Language.English)


class _CheckRelay(QObject):
    """Brings the end of the background check (a thread of its own) to the main thread."""

    finished = Signal()


class Application:
    """Holds what must outlive a language switch: the QApplication, translators, database."""

    def __init__(
        self,
        qt_app: QApplication,
        database: Database,
        preferences: Preferences,
        lock: DatabaseLock | None = None,
    ) -> None:
        self.qt_app = qt_app
        self.preferences = preferences
        self.context = AppContext(database, preferences)
        self.context.file_lock = lock
        self.context.file_opener = open_file
        self.context.language_change_requested.connect(self.change_language)
        self.context.database_replaced.connect(self._database_replaced)
        self.context.database_switched.connect(self._database_switched)
        self.window = None
        # Set while the demo file is open in place of the real (empty) database.
        self.demo: DemoSession | None = None
        self._check_relay = _CheckRelay()
        # Queued even when the check ended before the window: handled once the loop runs.
        self._check_relay.finished.connect(self._check_finished, Qt.ConnectionType.QueuedConnection)
        self.watch_check()

    def watch_check(self) -> None:
        """Hear when the open database's background check ends (see db.BackgroundCheck)."""
        check = self.context.db.check
        if check is not None:
            check.on_done(lambda _check: self._check_relay.finished.emit())

    def _check_finished(self) -> None:
        """The file turned out damaged after the window opened: nothing was written to it
        (writes wait for the check). Offer its backups, as a damaged file at start does."""
        check = self.context.db.check
        damage = check.damage() if check is not None else None
        if damage is None:
            return
        log.error("damaged database found by the background check: %s", damage)
        if self.window is not None:
            self.window.setEnabled(False)
        path = self.context.close_database()
        database = open_or_recover(path)  # checks in full now, and offers the backups
        if database is None:
            self.qt_app.exit(1)  # shutdown() then finds the damage: no backup of this file
            return
        self.context.db = database
        self.context.reload_profile()
        self.watch_check()
        self.show_main_window()

    def apply_language(self, language: str) -> None:
        """Our catalog, Qt's own (standard dialogs) and the layout direction, before widgets."""
        start_language(self.qt_app, language)
        QLocale.setDefault(qt_locale(language, self.context.country))

    def first_run_if_needed(self) -> bool:
        """Ask the language and the association's profile once, or open the demo file in
        place of the real database; False if cancelled."""
        if self.context.read(profile_basics.is_configured):
            return True
        from ui.dialogs.first_run import DEMO, FirstRunDialog

        dialog = FirstRunDialog(self.context)
        result = dialog.exec()
        if result == DEMO and dialog.demo is not None:
            self.open_demo(dialog.demo)
        self.apply_language(self.context.language or "ar")
        return result == QDialog.DialogCode.Accepted or self.demo is not None

    def open_demo(self, demo: DemoSession) -> None:
        """Work on the demo file for this session; the real database is closed untouched, and
        the next start opens it again (and offers the first run)."""
        self.context.close_database()
        self.context.db = demo.database
        self.context.reload_profile()
        self.demo = demo
        self.watch_check()

    def show_main_window(self) -> None:
        from ui.main_window import MainWindow

        old = self.window
        self.window = MainWindow(self.context)
        if old is not None:
            self.window.setGeometry(old.geometry())
            old.close()
            old.deleteLater()
        if self.demo is not None:
            from ui.demo_file import mark_window

            mark_window(self.window, self.demo)
        self.window.show()

    def _database_replaced(self) -> None:
        """A restore put another database in place: every page is rebuilt on it."""
        self.show_main_window()
        self.window.show_page("settings")

    def _database_switched(self) -> None:
        """Settings switched to a shared database or back to the file: an empty one is set up
        (the first run), then every page is rebuilt on it."""
        if self.demo is not None:  # the demo file was closed by the switch
            self.demo.lock.release()
            self.demo = None
        self.watch_check()
        self.window.setEnabled(False)  # nothing is typed into the old pages meanwhile
        if not self.context.read(profile_basics.is_configured):
            self.first_run_if_needed()  # cancelled: the window opens on Settings all the same
        self.show_main_window()
        self.window.show_page("settings")

    def shutdown(self, now: datetime | None = None) -> None:
        """Stop background work, make the day's automatic backup, close the database.

        Quick and silent when all goes well; a failed backup is said (the data itself is safe).
        """
        try:
            self._shut_down(now)
        finally:
            self.context.release_lock()

    def _shut_down(self, now: datetime | None) -> None:
        from assocdesk.storage.backups import rotation
        from assocdesk.storage.errors import BackupError

        db = self.context.db
        demo, self.demo = self.demo, None
        if demo is not None:  # examples need no backups: close it and let it go
            self.context.close_database()
            demo.lock.release()
            return
        if db.on_server:  # the server's own backups are its administrator's; nothing here
            self.context.close_database()
            return
        # Background jobs stop first (a statement batch stops cleanly, no partial file), and
        # nothing reads the file any more, even from the warning's event loop below.
        self.context.close_database()
        try:
            db.wait_until_checked()
        except DatabaseDamaged:
            return  # a damaged file must not push a good copy out of the backups
        try:
            # A protected database gives a copy protected by the same password.
            rotation.auto_backup(db.path, now or datetime.now(), password=db.password)
        except BackupError as exc:
            log.warning("automatic backup failed: %s", exc)
            QMessageBox.warning(
                None,
                "AssocDesk",
                _(
                    "{error}\n\nYour data itself is safe. Free some space, or make a backup "
                    "with Settings → Back up to…"
                ).format(error=exc),
            )

    def change_language(self, language: str) -> None:
        """Switch at once: new translators and direction, then a fresh main window."""
        self.preferences.language = language
        self.apply_language(language)
        self.show_main_window()
        self.window.show_page("settings")


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="assocdesk")
    parser.add_argument(
        "--db", metavar="PATH", help="database file, or postgresql://user@host/database"
    )
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help="language of the application")
    return parser.parse_known_args(argv)[0]


def initial_language(preferences: Preferences, database: Database) -> str:
    if preferences.language:
        return preferences.language
    with database.reading() as session:
        profile = profile_basics.basics(session)  # no ORM class before the window
    if profile is not None:
        return profile.default_language
    return system_language()


def system_language() -> str:
    """The computer's language if AssocDesk speaks it, else Arabic (most of our users)."""
    system = QLocale.system().name()[:2]
    return system if system in i18n.LANGUAGES else "ar"


def ask_password(path: Path, error: str) -> str | None:
    """The password typed at start-up, or None if cancelled (tests replace this)."""
    from ui.dialogs import password_dialog

    return password_dialog.ask_password(str(path), error)


class PasswordCancelled(Cancelled):
    """Cancel at the start-up password prompt: quit quietly."""


def ask_server_password(address: ServerAddress, error: str) -> tuple[str, bool] | None:
    """The login's password and whether to remember it; None: cancelled (tests replace it)."""
    from ui.dialogs import password_dialog

    return password_dialog.ask_server_password(address, error)


def open_server(address: ServerAddress) -> Database:
    """Open the shared database, asking its login's password as long as the server refuses it
    (PasswordCancelled on Cancel); see password_dialog.open_with_login."""
    from ui.dialogs.password_dialog import open_with_login

    database = open_with_login(address, lambda error: ask_server_password(address, error))
    if database is None:
        raise PasswordCancelled
    return database


def start_language(qt_app: QApplication, language: str) -> None:
    """Our catalog, Qt's own (standard buttons, file dialogs) and the layout direction: before
    any widget or message box, the second-instance box included."""
    i18n.set_language(language)
    qt_words.install(language)
    qt_app.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if i18n.is_rtl(language) else Qt.LayoutDirection.LeftToRight
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_arguments(list(sys.argv[1:] if argv is None else argv))
    preferences = Preferences()
    if args.lang:
        preferences.language = args.lang
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    wheel_guard.install(qt_app)  # the wheel changes only the box that has the focus
    qt_app.setApplicationName("AssocDesk")
    qt_app.setDesktopFileName("assocdesk")  # Wayland takes the window icon from assocdesk.desktop
    # For what comes before the window: a refused address, the second-instance box, the
    # password prompt, the damaged-file dialog, the first run.
    start_language(qt_app, preferences.language or system_language())
    try:  # after the language: its refusal is said in the person's words
        where: Path | ServerAddress | None = resolve(preferences.database_to_open(args.db))
        refusal = None
    except UnusableAddress as exc:
        where, refusal = None, exc
    # A shared database's log goes to the data folder, as the file's would by default.
    log_path = setup_logging(where if isinstance(where, Path) else default_database_path())
    install_excepthook(log_path)
    if where is None:
        QMessageBox.critical(None, "AssocDesk", str(refusal))
        return 1
    if isinstance(where, ServerAddress):  # no lock file: the server serves many desks
        code = run(qt_app, where, preferences, chosen_in_settings=not args.db)
        return main(argv) if code == FILE_INSTEAD else code
    path = where
    lock = DatabaseLock(path)
    try:
        lock.acquire()  # held until the end: a second AssocDesk on this file is refused
    except DatabaseLocked as exc:
        QMessageBox.critical(None, "AssocDesk", str(exc))
        return 1
    try:
        return run(qt_app, path, preferences, lock)
    finally:
        lock.release()  # already let go if the window switched to another database


def open_or_recover(path: Path, *, check_later: bool = False) -> Database | None:
    """Open the database, asking its password until it opens if it has one (PasswordCancelled
    on Cancel). A damaged one, protected or not, is offered its backups instead (None: the
    person quit); the restored one is then opened, with its own password if it has one."""
    password: str | None = None
    while True:
        try:
            return open_database(path, password=password, check_later=check_later)
        except (PasswordRequired, WrongPassword) as exc:
            password = ask_password(path, str(exc) if isinstance(exc, WrongPassword) else "")
            if password is None:
                raise PasswordCancelled from exc
        except DatabaseDamaged as exc:
            from ui.dialogs.damaged_dialog import DamagedDatabaseDialog

            log.error("damaged database: %s", exc)
            dialog = DamagedDatabaseDialog(path, str(exc), password=password)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            password = dialog.password_after_restore


FILE_INSTEAD = -1  # run()'s answer: the shared database chosen in Settings was left for the file


def open_file(path: Path) -> Database | None:
    """open_or_recover for Settings' switch back to the file: None if the person cancelled."""
    try:
        return open_or_recover(path)
    except PasswordCancelled:
        return None


def run(
    qt_app: QApplication,
    where: Path | ServerAddress,
    preferences: Preferences,
    lock: DatabaseLock | None = None,
    *,
    chosen_in_settings: bool = False,
) -> int:
    try:
        if isinstance(where, ServerAddress):
            database = open_server(where)
        else:
            # The whole-file check runs beside the window's start (writes wait for it).
            database = open_or_recover(where, check_later=True)
    except PasswordCancelled:
        return 0
    except DatabaseError as exc:
        if chosen_in_settings:  # not stuck on a server that is gone: the file is offered
            from ui.pages.settings_shared import offer_the_file

            if offer_the_file(str(exc)):
                preferences.shared_database = ""
                return FILE_INSTEAD
            return 1
        QMessageBox.critical(None, "AssocDesk", str(exc))
        return 1
    if database is None:
        return 1
    with garbage.collected_on_main_thread():  # background jobs may run from here on
        app = Application(qt_app, database, preferences, lock)
        app.apply_language(initial_language(preferences, database))
        if not app.first_run_if_needed():
            app.context.db.close()
            app.context.release_lock()
            return 0
        app.show_main_window()
        code = qt_app.exec()
        app.shutdown()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
