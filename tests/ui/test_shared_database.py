"""The window on a shared PostgreSQL database (issue 22): started with ``--db postgresql://…``,
chosen in Settings (tested, moved, opened, and back to the file), its login's password asked
and remembered in the keyring, the file-only actions hidden with their reason, and a save that
meets a stopped server keeps the form with what was typed, and works once the server is back.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox, QWidget
from sqlalchemy import text

from assocdesk import i18n
from assocdesk.services import association
from assocdesk.storage.engine import Database
from assocdesk.storage.opening import open_database
from assocdesk.text.bidi import strip_isolates
from tests.pg_server import SUPERUSER, SUPERUSER_PASSWORD, ThrowawayServer, start_server
from tests.ui.conftest import make_app, type_text
from ui import app as app_module
from ui import commands, workers
from ui.app import Application
from ui.dialogs import password_dialog
from ui.dialogs.shared_database import SharedDatabaseDialog
from ui.main_window import MainWindow
from ui.pages.settings_shared import SharedDatabaseBox


class MemoryKeyring(KeyringBackend):
    """A keyring in a dict: this machine has none (keyring's fail backend)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.store:
            raise PasswordDeleteError(username)
        del self.store[(service, username)]


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


def tcp_address(server: ThrowawayServer, name: str) -> str:
    """Over 127.0.0.1, where the server checks passwords; none written in the address."""
    return f"postgresql://{SUPERUSER}@127.0.0.1:{server.port}/{name}"


def configured(url: str) -> None:
    """Give the database at ``url`` a profile, as a desk that already set it up would."""
    database = open_database(url)
    with database.transaction() as session:
        association.save(
            session, association.ProfileInput(name_fr="Association Al Amal", country="MA")
        )
    database.close()


@pytest.fixture
def started(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, qapp: QApplication, qtbot
) -> Iterator[list[MainWindow]]:
    """Run main() with exec() replaced; its own config and data folders (nothing real)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    windows: list[MainWindow] = []

    def fake_exec() -> int:
        windows.extend(
            w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        )
        for window in windows:
            settings = window.show_page("settings")
            window.settings_seen = settings_state(settings)  # type: ignore[attr-defined]
            window.close()
        return 0

    monkeypatch.setattr(qapp, "exec", fake_exec)
    yield windows
    qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    i18n.set_language("en")


def settings_state(settings) -> dict[str, object]:  # type: ignore[no-untyped-def]
    data = settings.form.data
    return {
        "protection": settings.protection.state.text(),
        "protection_button": settings.protection.button.isVisibleTo(settings),
        "data": data.where.text(),
        "backup_button": data.backup_button.isVisibleTo(settings),
        "shared": settings.shared.state.text(),
        "use_file": settings.shared.file_button.isVisibleTo(settings),
    }


def sqlite_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.suffix in (".sqlite3", ".lock")]


def test_the_window_starts_on_a_shared_database(
    started: list[MainWindow], server_url: str, tmp_path: Path
) -> None:
    configured(server_url)
    assert app_module.main(["--db", server_url, "--lang", "en"]) == 0
    [window] = started
    name = server_url.split("?")[0].rsplit("/", 1)[1]
    assert f"{name} on " in window.windowTitle()
    assert "Association Al Amal" in window.windowTitle()
    seen = window.settings_seen  # type: ignore[attr-defined]
    assert "has none" in seen["protection"] and not seen["protection_button"]
    assert "has none" in seen["data"] and not seen["backup_button"]
    assert name in seen["shared"] and seen["use_file"]
    assert sqlite_files(tmp_path) == []  # no database file, no lock file


def test_a_password_is_asked_remembered_and_a_refused_one_forgotten(
    started: list[MainWindow],
    pg_server: ThrowawayServer,
    server_url: str,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    configured(server_url)
    name = server_url.split("?")[0].rsplit("/", 1)[1]
    address = tcp_address(pg_server, name)
    errors: list[str] = []
    answers = [("not the password", True), (SUPERUSER_PASSWORD, True)]

    def ask(_address, error: str):  # type: ignore[no-untyped-def]
        errors.append(error)
        return answers.pop(0) if answers else None

    monkeypatch.setattr(app_module, "ask_server_password", ask)
    assert app_module.main(["--db", address, "--lang", "en"]) == 0
    assert len(started) == 1
    assert errors[0] == ""  # asked, no error yet
    assert "refused the login" in errors[1]  # the wrong one: asked again, saying so
    key = ("AssocDesk", f"postgres@127.0.0.1/{name}")
    assert memory_keyring.store == {key: SUPERUSER_PASSWORD}

    errors.clear()
    assert app_module.main(["--db", address, "--lang", "en"]) == 0
    assert errors == []  # the remembered password opened it
    assert len(started) == 2

    memory_keyring.store[key] = "changed on the server since"
    assert app_module.main(["--db", address, "--lang", "en"]) == 0  # asked: cancelled
    assert len(errors) == 1 and "refused the login" in errors[0]
    assert key not in memory_keyring.store  # the refused one is forgotten


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """As on a headless machine: keyring's fail backend (priority 0), which raises on use."""
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


def test_without_a_keyring_remember_is_disabled_with_its_reason(
    qapp: QApplication, no_keyring: None, desk: Application
) -> None:
    dialog = password_dialog.ServerLoginDialog(
        app_module.resolve("postgresql://ana@server/assoc")  # type: ignore[arg-type]
    )
    assert not dialog.remember.isEnabled()  # this machine has keyring's fail backend only
    assert "no password keyring" in dialog.remember.toolTip()
    assert password_dialog.remembered_password(dialog_address()) is None
    assert not password_dialog.remember_password(dialog_address(), "secret")
    password_dialog.forget_password(dialog_address())  # nothing to forget, and no error
    shared = SharedDatabaseDialog(desk.context, desk.window)
    assert not shared.remember.isEnabled()
    assert shared.findChild(QLabel, "remember_unavailable").text() == shared.remember.toolTip()


def dialog_address():  # type: ignore[no-untyped-def]
    from assocdesk.storage.location import parse_address

    return parse_address("postgresql://ana@server/assoc")


@pytest.mark.parametrize(
    ("given", "language", "words"),
    [
        ("mysql://ana@server/assoc", "fr", "ni un fichier"),
        ("postgresql://ana@server/", "ar", "العنوان"),
    ],
)
def test_an_unusable_address_is_refused_in_one_line_in_the_persons_language(
    started: list, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, given, language, words
) -> None:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, message: said.append(message))
    assert app_module.main(["--db", given, "--lang", language]) == 1
    assert len(said) == 1 and "\n" not in said[0] and words in said[0]
    assert sqlite_files(tmp_path) == [] and started == []


def test_a_server_without_that_database_is_said_and_nothing_is_made(
    started: list, pg_server: ThrowawayServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, message: said.append(message))
    assert app_module.main(["--db", pg_server.url("no_such_database"), "--lang", "en"]) == 1
    assert len(said) == 1 and "no database named" in said[0]
    assert sqlite_files(tmp_path) == [] and started == []


# -- Settings → Use a shared database… -------------------------------------------------------
def fill(dialog: SharedDatabaseDialog, server: ThrowawayServer, name: str, password: str) -> None:
    for edit, value in (
        (dialog.host, "127.0.0.1"),
        (dialog.name, name),
        (dialog.user, SUPERUSER),
        (dialog.password, password),
    ):
        edit.clear()
        type_text(edit, value)
    dialog.port.setValue(server.port)


def counts(database: Database) -> tuple[int, int]:
    with database.reading() as session:
        return (
            session.execute(text("SELECT count(*) FROM contacts")).scalar_one(),
            session.execute(text("SELECT count(*) FROM association_profile")).scalar_one(),
        )


def add_contacts(app: Application, names: list[str]) -> None:
    from assocdesk.services import contacts

    for name in names:
        commands.write(app.context, lambda s, n=name: contacts.create(s, contacts.ContactInput(n)))


def test_test_the_connection_says_what_is_wrong_beside_the_field(
    desk: Application, pg_server: ThrowawayServer, qtbot
) -> None:
    name = pg_server.new_database()
    dialog = SharedDatabaseDialog(desk.context, desk.window)
    dialog.show()
    assert dialog.test_button.isDefault()  # Enter tests
    assert not dialog.test()
    assert dialog.errors["host"].isVisibleTo(dialog)
    assert dialog.errors["database"].isVisibleTo(dialog)

    fill(dialog, pg_server, name, "")
    assert not dialog.test()
    assert "password" in dialog.errors["password"].text()

    fill(dialog, pg_server, name, "wrong")
    assert not dialog.test()
    assert "refused the login" in dialog.errors["password"].text()
    assert dialog.errors["host"].isHidden()

    fill(dialog, pg_server, name, SUPERUSER_PASSWORD)
    dialog.port.setValue(1)  # nothing listens there
    assert not dialog.test()
    assert "cannot be reached" in dialog.errors["host"].text()

    dialog.port.setValue(pg_server.port)
    assert dialog.test()
    assert "is empty" in dialog.outcome.text()
    assert dialog.move_button.isVisibleTo(dialog) and dialog.empty_button.isVisibleTo(dialog)
    assert dialog.move_button.isDefault()  # Enter moves, once tested
    type_text(dialog.name, "x")  # changed after the test: test again first
    assert dialog.move_button.isHidden() and dialog.test_button.isDefault()
    pg_server.drop_database(name)


def test_move_this_database_to_the_server_then_back_to_the_file(
    desk: Application,
    pg_server: ThrowawayServer,
    db_path: Path,
    qtbot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_contacts(desk, ["Amina Alaoui", "Youssef Berrada"])
    before = counts(desk.context.db)
    name = pg_server.new_database()
    dialog = SharedDatabaseDialog(desk.context, desk.window)
    dialog.show()
    fill(dialog, pg_server, name, SUPERUSER_PASSWORD)
    assert dialog.test()

    dialog.move_data()
    dialog.reject()  # Esc while moving: stops the move, not the dialog
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30_000)
    assert dialog.isVisible() and "nothing was moved" in dialog.outcome.text()
    assert dialog.test() and "is empty" in dialog.outcome.text()  # still empty

    job = dialog.move_data()
    qtbot.waitUntil(lambda: job.done and dialog.database is not None, timeout=30_000)
    assert dialog.result() == QDialog.DialogCode.Accepted
    shared = dialog.database
    assert shared is not None and shared.on_server and counts(shared) == before
    assert counts(desk.context.db) == before  # the file is left as it was

    settings = desk.window.show_page("settings")
    monkeypatch.setattr(SharedDatabaseBox, "ask_shared", lambda _box: shared)
    assert settings.shared.use_shared()
    assert desk.context.db is shared and desk.context.file_lock is None
    assert (
        desk.context.preferences.shared_database
        == f"postgresql://postgres@127.0.0.1:{pg_server.port}/{name}"
    )
    assert SUPERUSER_PASSWORD not in desk.preferences.path.read_text()
    assert f"{name} on 127.0.0.1" in desk.window.windowTitle()
    settings = desk.window.pages["settings"]
    assert settings.shared.file_button.isVisibleTo(settings)
    assert not settings.form.data.backup_button.isVisibleTo(settings)
    assert desk.window.findChild(QAction_type(), "backup_action").isVisible() is False

    assert settings.shared.use_file()
    assert desk.context.db.path == db_path and desk.context.file_lock is not None
    assert desk.context.preferences.shared_database == ""
    assert "assocdesk.sqlite3" in desk.window.windowTitle()
    desk.context.release_lock()
    pg_server.drop_database(name)


def QAction_type():  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAction

    return QAction


def test_a_database_with_data_is_opened_and_an_empty_one_started(
    desk: Application, pg_server: ThrowawayServer, server_url: str, monkeypatch
) -> None:
    configured(server_url)
    name = server_url.split("?")[0].rsplit("/", 1)[1]
    dialog = SharedDatabaseDialog(desk.context, desk.window)
    fill(dialog, pg_server, name, SUPERUSER_PASSWORD)
    assert dialog.test() and "holds AssocDesk data" in dialog.outcome.text()
    assert dialog.open_button.isDefault() and dialog.move_button.isHidden()
    assert dialog.open_existing() and dialog.database is not None
    assert counts(dialog.database)[1] == 1
    dialog.database.close()

    empty = pg_server.new_database()
    dialog = SharedDatabaseDialog(desk.context, desk.window)
    fill(dialog, pg_server, empty, SUPERUSER_PASSWORD)
    assert dialog.test() and dialog.start_empty()
    assert dialog.database is not None and counts(dialog.database) == (0, 0)
    dialog.database.close()
    pg_server.drop_database(empty)


# -- point 8: the server stops while a form is open ------------------------------------------
def restart(server: ThrowawayServer) -> None:
    options = (
        f"-p {server.port} -c listen_addresses=127.0.0.1 "
        f"-c unix_socket_directories={server.socket_dir} -c fsync=off"
    )
    server.run(
        str(server.bin_dir / "pg_ctl"), "-D", str(server.data_dir), "-o", options,
        "-l", str(server.folder / "server.log"), "-w", "start",
    )  # fmt: skip


@pytest.fixture
def own_server() -> Iterator[ThrowawayServer]:
    """A server of this test's own, which it may stop."""
    server = start_server()
    yield server
    server.stop()


def test_a_save_on_a_stopped_server_keeps_the_form_and_works_once_it_is_back(
    qapp: QApplication, own_server: ThrowawayServer, tmp_path: Path, qtbot
) -> None:
    from ui.dialogs.contact_fields import ContactDialog
    from ui.widgets.duplicate_hint import CHECK_DELAY_MS

    name = own_server.new_database()
    database = open_database(own_server.url(name))
    app = make_app(qapp, database, tmp_path, "fr")
    try:
        dialog = ContactDialog(app.context)
        dialog.show()
        type_text(dialog.contact.name, "أحمد بن علي")
        qtbot.wait(CHECK_DELAY_MS + 200)  # the duplicate hint has read while the server was up
        own_server.run(
            str(own_server.bin_dir / "pg_ctl"), "-D", str(own_server.data_dir),
            "-m", "immediate", "-w", "stop",
        )  # fmt: skip
        dialog.accept()
        assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
        assert dialog.contact.name.text() == "أحمد بن علي"
        said = strip_isolates(dialog.general_error.text())
        assert "rien n’a été enregistré" in said or "rien n'a été enregistré" in said, said

        restart(own_server)
        dialog.accept()  # "try again"
        assert dialog.result() == QDialog.DialogCode.Accepted
        assert counts(database)[0] == 1
    finally:
        workers.cancel_all()
        workers.wait_for_jobs(10_000)
        for widget in qapp.topLevelWidgets():
            widget.close()
        app.apply_language("en")
        database.close()


def test_switching_to_an_empty_shared_database_asks_the_profile_first(
    desk: Application, pg_server: ThrowawayServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.dialogs.first_run import FirstRunDialog

    name = pg_server.new_database()
    shared = open_database(pg_server.url(name))  # set up, empty
    asked: list[bool] = []

    def first_run(dialog: FirstRunDialog) -> int:
        asked.append(dialog.findChild(QWidget, "demo_box").isVisibleTo(dialog))
        return QDialog.DialogCode.Rejected  # cancelled: the window opens all the same

    monkeypatch.setattr(FirstRunDialog, "exec", first_run)
    monkeypatch.setattr(SharedDatabaseBox, "ask_shared", lambda _box: shared)
    settings = desk.window.show_page("settings")
    assert settings.shared.use_shared()
    assert asked == [False]  # asked, without the demo (a file's) on a server
    assert desk.window.isVisible() and desk.window.current_page() is desk.window.pages["settings"]
    assert not desk.window.pages["settings"].protection.button.isVisibleTo(desk.window)
    desk.context.close_database()
    pg_server.drop_database(name)


def test_the_shared_database_chosen_in_settings_opens_at_the_next_start(
    started: list[MainWindow], server_url: str, tmp_path: Path
) -> None:
    from ui.preferences import Preferences, default_preferences_path

    configured(server_url)
    Preferences(default_preferences_path()).shared_database = server_url
    assert app_module.main(["--lang", "en"]) == 0  # no --db
    [window] = started
    assert "has none" in window.settings_seen["data"]  # type: ignore[attr-defined]
    assert sqlite_files(tmp_path) == []


@pytest.mark.parametrize("take_the_file", [True, False])
def test_a_shared_database_gone_since_offers_the_file_at_start(
    started: list[MainWindow],
    pg_server: ThrowawayServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    take_the_file: bool,
) -> None:
    """Not stuck on a server that is gone: the address chosen in Settings can be left."""
    from ui.dialogs.first_run import FirstRunDialog
    from ui.pages import settings_shared
    from ui.preferences import Preferences, default_preferences_path

    preferences = Preferences(default_preferences_path())
    preferences.shared_database = pg_server.url("dropped_since")
    offered: list[str] = []
    monkeypatch.setattr(
        settings_shared, "offer_the_file", lambda text: offered.append(text) or take_the_file
    )
    monkeypatch.setattr(FirstRunDialog, "exec", lambda _dialog: QDialog.DialogCode.Rejected)
    assert app_module.main(["--lang", "en"]) == (0 if take_the_file else 1)
    assert len(offered) == 1 and "no database named" in offered[0]
    assert preferences.shared_database == ("" if take_the_file else pg_server.url("dropped_since"))
    files = sqlite_files(tmp_path)
    assert bool(files) is take_the_file  # the data folder's file, opened (first run cancelled)
