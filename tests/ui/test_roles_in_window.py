"""The officer's role in the window (issue 22 point 5): what the role may not do is disabled,
with why as its tooltip, before the click the server would refuse.

Each test sets up a shared database as its administrator (the roles, the profile, a donor and a
gift), then opens the real window as an officer's own login, as a desk in the office would. On a
database file (one person's) nothing is ever disabled for a role.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from assocdesk import i18n
from assocdesk.services import association, contacts, donations, members
from assocdesk.storage import server_roles
from assocdesk.storage.engine import Database
from assocdesk.storage.opening import open_database
from tests.pg_server import ThrowawayServer
from tests.ui.conftest import close_all_windows, home_figures, make_app
from ui import workers
from ui.app import Application
from ui.main_window import PAGES
from ui.preferences import Preferences

SHOTS = os.environ.get("ASSOCDESK_SHOTS")  # a folder: the screenshots are saved there


def _row(key: str) -> int:
    return next(row for row, (k, _label, _factory) in enumerate(PAGES) if k == key)


def _enabled(window, key: str) -> bool:
    item = window.navigation.item(_row(key))
    return bool(item.flags() & Qt.ItemFlag.ItemIsEnabled)


class Office:
    """A set-up shared database and the windows opened on it, one officer's login each."""

    def __init__(self, qapp: QApplication, pg_server: ThrowawayServer, admin: Database) -> None:
        self.qapp, self.pg_server, self.admin = qapp, pg_server, admin
        assert admin.server is not None
        self.name = admin.server.database
        self.desks: list[Database] = []
        with admin.engine.begin() as connection:
            server_roles.set_up_roles(connection)
        profile = association.ProfileInput(
            name_ar="جمعية الأمل",
            name_fr="Association Al Amal",
            name_en="Al Amal Association",
            country="MA",
        )
        with admin.transaction() as session:
            association.save(session, profile)
            donor = contacts.create(session, contacts.ContactInput(name="Fatima Zahra")).id
            gift = donations.DonationInput(
                amount="250", currency="MAD", donated_on=date.today(), contact_id=donor
            )
            self.donation_id = donations.record(session, gift).id
            member = members.MemberInput(contact=contacts.ContactInput(name="Ali"), number="7")
            members.create(session, member)

    def window_as(self, role: str, tmp_path: Path, language: str = "en") -> Application:
        """The app as an officer of ``role``, signed in with a login of their own."""
        login = f"{role}_{uuid.uuid4().hex[:8]}"
        with self.admin.engine.begin() as connection:
            server_roles.grant_role(connection, login, role)
        desk = open_database(self.pg_server.url(self.name, user=login))
        self.desks.append(desk)
        preferences = Preferences(tmp_path / f"preferences-{login}.ini")
        preferences.language = language
        app = Application(self.qapp, desk, preferences)
        app.apply_language(language)
        app.show_main_window()
        return app

    def close(self) -> None:
        workers.cancel_all()
        assert workers.wait_for_jobs(10_000)
        close_all_windows(self.qapp)
        for desk in self.desks:
            desk.close()


@pytest.fixture
def office(qapp: QApplication, pg_server: ThrowawayServer, server_db: Database) -> Iterator[Office]:
    office = Office(qapp, pg_server, server_db)
    yield office
    office.close()
    i18n.set_language("en")


def test_the_board_reads_the_donations_but_changes_none(
    office: Office, tmp_path: Path, qtbot
) -> None:
    window = office.window_as("board", tmp_path).window
    assert "Signed in as board_" in window.statusBar().currentMessage()
    assert "(Board member)" in window.statusBar().currentMessage()
    assert _enabled(window, "donations") and _enabled(window, "reports")
    assert not _enabled(window, "posts")  # the secretary's alone
    assert "Only the secretary writes posts." in window.navigation.item(_row("posts")).toolTip()
    page = window.show_page("donations")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    page.select_id(office.donation_id)
    for button in (page.new_button, page.edit_button, page.archive_button, page.print_button):
        assert not button.isEnabled(), button.text()
    assert page.new_button.toolTip() == (
        "Only the secretary and the treasurer record and change donations. "
        "You are signed in as: Board member."
    )
    assert page.archive_button.toolTip().startswith("Only the treasurer voids")
    assert page.print_button.toolTip().startswith("Only the secretary and the treasurer issue")
    # The keys do not open the form either: the reason is said under the list.
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.dialog is None
    assert page.message.text() == page.edit_button.toolTip()
    # Records follows the buttons, with the same reason.
    window.menus.refresh()
    assert not window.menus.new_action.isEnabled()
    assert window.menus.new_action.toolTip() == page.new_button.toolTip()
    settings = window.show_page("settings")
    assert not settings.save_button.isEnabled()
    assert settings.save_button.toolTip().startswith("Only the database's administrator")
    fees = settings.form.fee_schedule  # read, not changed: the money roles' own
    assert fees.rows == [] and not fees.save_button.isEnabled()


def test_data_entry_sees_no_amounts_and_home_shows_without_them(
    office: Office, tmp_path: Path, qtbot
) -> None:
    window = office.window_as("data_entry", tmp_path).window
    for key in ("donations", "campaigns", "members"):
        assert not _enabled(window, key)
        tip = window.navigation.item(_row(key)).toolTip()
        assert tip.startswith("Only the secretary, the treasurer and the board see the amounts.")
        assert tip.endswith("You are signed in as: Data entry.")
    assert not _enabled(window, "reports") and not _enabled(window, "posts")
    # Ctrl+4 (View → Donations) is refused as the click is: Home stays.
    show_donations = window.findChild(QAction, "show_donations")
    assert not show_donations.isEnabled()
    window.navigation.setCurrentRow(_row("donations"))
    assert window.stack.currentIndex() == _row("home") and "donations" not in window.pages
    home = home_figures(qtbot, window)  # no error box: the autouse fixture fails on one
    assert home.members.value.text() == "1" and home.members.detail.text() == ""
    assert home.volunteers.value.text() == "0"
    assert not home.donations_year.isVisible() and not home.donations_chart.isVisible()
    assert not home.dues_chart.isVisible() and home.hours_chart.isVisible()
    done = home.todo.findChild(QLabel, "all_done")  # it claims nothing of dues or receipts
    assert done.text() == "Nothing is waiting today: the teams are complete. Well done!"
    names = ("document_receipt", "document_summary", "document_card", "import_action")
    for name in (*names, "export_action"):
        assert not window.findChild(QAction, name).isEnabled(), name
    # Members: their list shows the dues, which the server refuses to data entry.
    assert not _enabled(window, "members")
    # Contacts and volunteers are data entry's to keep.
    people = window.show_page("contacts")
    assert people.new_button.isEnabled()
    assert not people.import_button.isEnabled()  # the secretary imports
    volunteers = window.show_page("volunteers")
    assert volunteers.new_button.isEnabled() and volunteers.skills_button.isEnabled()
    if SHOTS:
        window.resize(1100, 700)
        window.show_page("contacts")
        window.grab().save(str(Path(SHOTS) / "data_entry-en.png"))


def test_the_treasurer_may_void(office: Office, tmp_path: Path, qtbot) -> None:
    window = office.window_as("treasurer", tmp_path).window
    page = window.show_page("donations")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    page.select_id(office.donation_id)
    assert page.archive_button.isEnabled() and page.archive_button.text() == "Void"
    assert page.new_button.isEnabled() and page.print_button.isEnabled()
    assert not window.show_page("settings").save_button.isEnabled()
    assert not _enabled(window, "posts")


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_data_entry_is_told_why_in_its_language(
    office: Office, tmp_path: Path, qtbot, language: str
) -> None:
    window = office.window_as("data_entry", tmp_path, language).window
    tip = window.navigation.item(_row("donations")).toolTip()
    expected = {"ar": "مدخل البيانات", "fr": "Agent de saisie"}[language]
    assert tip and expected in tip and "Only" not in tip
    assert expected in window.statusBar().currentMessage()
    home_figures(qtbot, window)
    if SHOTS:
        window.resize(1100, 700)
        window.grab().save(str(Path(SHOTS) / f"data_entry-{language}.png"))


def test_on_a_database_file_nothing_is_disabled(
    qapp: QApplication, db: Database, tmp_path: Path, qtbot
) -> None:
    app = make_app(qapp, db, tmp_path, "en")
    window = app.window
    try:
        assert app.context.role is None
        assert all(_enabled(window, key) for key, _label, _factory in PAGES)
        assert "Signed in" not in window.statusBar().currentMessage()
        page = window.show_page("donations")
        for button in (page.new_button, page.print_button):
            assert button.isEnabled()
        assert window.findChild(QAction, "import_action").isEnabled()
        assert window.show_page("settings").save_button.isEnabled()
        forbidden = [
            b.text() for b in window.findChildren(QPushButton) if b.property("assocdeskForbidden")
        ]
        assert forbidden == []
    finally:
        workers.cancel_all()
        assert workers.wait_for_jobs(10_000)
        close_all_windows(qapp)


@pytest.mark.parametrize("role", ["secretary", "treasurer", "board", "data_entry"])
def test_every_page_the_role_may_open_lists_without_a_refusal(
    office: Office, tmp_path: Path, qtbot, role: str
) -> None:
    """A page offered to the role reads only what the server lets it read (a refusal in a
    background read or a list's rows would be an error the officer cannot act on)."""
    window = office.window_as(role, tmp_path).window
    home_figures(qtbot, window)
    opened = []
    for key, _label, _factory in PAGES:
        if not _enabled(window, key):
            continue
        page = window.show_page(key)
        opened.append(key)
        model = getattr(page, "model", None)
        if model is not None and model.rowCount():
            assert model.data(model.index(0, 0)) is not None  # its first rows are read now
        if hasattr(page, "loading"):
            qtbot.waitUntil(lambda page=page: not page.loading, timeout=10_000)
    assert "contacts" in opened and "journal" in opened
    people = window.show_page("contacts")
    people.select_row(0)
    card = people.open_person_card()
    assert card is not None and card.isVisible()
