"""Each page renders in Arabic (mirrored) and in French, with translated labels; a PNG of each is
saved under tmp_path so a person can look at it. Assertions are on content, not pixels."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from assocdesk.i18n import translate_in
from assocdesk.services import activities, campaigns, contacts, donations, members, volunteers
from assocdesk.services.changes import ChangeKind, Changes
from assocdesk.storage.opening import open_database
from tests.ui.conftest import home_figures, make_app
from ui import commands
from ui.main_window import PAGES
from ui.pages import home as home_module


def fill(app) -> None:
    def add(session) -> None:
        member = members.create(
            session,
            members.MemberInput(
                contact=contacts.ContactInput(name="فاطمة الزهراء العلوي", city="فاس"),
                number="0007",
                category="Actif",
            ),
        )
        volunteers.create(
            session,
            volunteers.VolunteerInput(
                contact=contacts.ContactInput(name="Karim OUAZZANI"),
                skills=["Logistique", "طبخ"],
                availability=volunteers.Availability(frozenset({(5, 0), (6, 1)})),
            ),
        )
        campaign = campaigns.create(
            session, campaigns.CampaignInput(name="قفة رمضان", currency="MAD", goal="50000")
        )
        donations.record(
            session,
            donations.DonationInput(
                amount="1500",
                currency="MAD",
                donated_on=date.today(),
                contact_id=member.contact_id,
                campaign_id=campaign.id,
            ),
        )
        activities.create(
            session,
            activities.ActivityInput(
                title="توزيع القفف",
                currency="MAD",
                place="حي المحمدي",
                starts_at=datetime.now() + timedelta(days=2),
            ),
        )

    commands.write(app.context, add)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_every_page_in_language(qapp, qtbot, db, tmp_path: Path, language: str) -> None:
    app = make_app(qapp, db, tmp_path, language)
    try:
        fill(app)
        window = app.window
        expected = (
            Qt.LayoutDirection.RightToLeft if language == "ar" else Qt.LayoutDirection.LeftToRight
        )
        assert qapp.layoutDirection() == expected
        assert window.layoutDirection() == expected
        for row, (key, label, _factory) in enumerate(PAGES):
            page = window.show_page(key)
            qapp.processEvents()
            shown = window.navigation.item(row).text()
            assert shown == translate_in(language, label) != label
            assert window.grab().save(str(tmp_path / f"{language}_{key}.png"))
            model = getattr(page, "model", None)
            if model is not None and key in ("members", "donations", "activities", "campaigns"):
                assert model.rowCount() == 1, key
                header = model.headerData(0, Qt.Orientation.Horizontal)
                assert header == translate_in(language, model.columns[0].title)
            for position, column in enumerate(getattr(model, "columns", [])):
                if column.fits:  # phone numbers are shown whole, never elided
                    width = page.table.horizontalHeader().sectionSize(position)
                    assert width > page.table.fontMetrics().horizontalAdvance(column.fits), key
        home = home_figures(qtbot, window)
        assert home.members.value.text() == "1"
        assert home.donations_year.value.text() == home.donations_all.value.text() == "1"
        assert home.upcoming.item(0).text().endswith("توزيع القفف — حي المحمدي")
        # The month's gift is in this year's series of the donations chart, in dirhams.
        this_year = home.donations_chart.series[-1]
        assert this_year.name == str(date.today().year)
        assert this_year.values[date.today().month - 1] == 1500
        assert sum(this_year.values) == 1500 and "MAD" in home.donations_chart.title
        assert home.hours_chart.top == 0  # no hours yet: the chart says so instead of bars
        assert sum(home.dues_chart.series[0].values) == 1  # the one member, whatever their dues
    finally:
        app.window.close()
        app.apply_language("en")


def test_home_refreshes_when_shown_not_on_every_save_elsewhere(
    qapp, qtbot, db, tmp_path: Path
) -> None:
    app = make_app(qapp, db, tmp_path, "en")
    try:
        home = home_figures(qtbot, app.window)
        app.window.show_page("donations")
        qapp.processEvents()
        calls: list[int] = []
        original = home.refresh
        home.refresh = lambda: (calls.append(1), original())[1]
        fill(app)  # saves while Home is hidden
        assert calls == []
        app.window.show_page("home")
        assert calls == [1]
        assert home_figures(qtbot, app.window).members.value.text() == "1"
    finally:
        app.window.close()


def test_home_reads_its_figures_in_the_background_and_again_after_a_change(
    qapp, qtbot, db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window answers while the figures are read; a save meanwhile is read once more,
    so the cards never keep figures older than the last change."""
    app = make_app(qapp, db, tmp_path, "en")
    try:
        home = home_figures(qtbot, app.window)
        assert home.members.value.text() == "0"
        gate, reads = threading.Event(), []

        def slow_read(*args):
            reads.append(threading.current_thread() is not threading.main_thread())
            gate.wait(10)
            return real_read(*args)

        real_read = home_module.read_figures
        monkeypatch.setattr(home_module, "read_figures", slow_read)
        app.context.publish(Changes.of(ChangeKind.MEMBERS))  # Home is shown: read again
        qtbot.waitUntil(lambda: reads == [True])  # in the background
        fill(app)  # saved while that read waits: its figures are already old
        assert home.loading and home.members.value.text() == "0"  # kept, not blanked
        gate.set()
        home = home_figures(qtbot, app.window)
        assert reads == [True, True] and home.members.value.text() == "1"
    finally:
        app.window.close()


def test_home_says_when_its_figures_cannot_be_read(
    qapp, qtbot, db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(qapp, db, tmp_path, "en")
    try:
        home = home_figures(qtbot, app.window)

        def unreadable(*_args):
            raise OSError("disk I/O error")

        readable = home_module.read_figures
        monkeypatch.setattr(home_module, "read_figures", unreadable)
        app.context.publish(Changes.of(ChangeKind.MEMBERS))
        home = home_figures(qtbot, app.window)
        assert home.members.value.text() == home.donations_all.value.text() == "—"
        assert home.members.detail.text() == "disk I/O error"
        # Readable again: the next change shows figures, not the message.
        monkeypatch.setattr(home_module, "read_figures", readable)
        app.context.publish(Changes.of(ChangeKind.MEMBERS))
        home = home_figures(qtbot, app.window)
        assert home.members.value.text() == "0" and home.members.detail.text() == ""
    finally:
        app.window.close()


def test_home_reads_nothing_while_the_database_is_closed(
    qapp, qtbot, db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closed for a restore, a password change or the end of the session: a refresh coming
    from a dialog's event loop meanwhile must neither read the file nor reopen it."""
    app = make_app(qapp, db, tmp_path, "en")
    try:
        home = home_figures(qtbot, app.window)
        reads: list[object] = []
        real_read = home_module.read_figures
        monkeypatch.setattr(
            home_module, "read_figures", lambda *args: reads.append(args) or real_read(*args)
        )
        path = app.context.close_database()
        app.context.publish(Changes.of(ChangeKind.MEMBERS))
        assert reads == [] and not home.loading
        app.context.db = open_database(path)  # opened again: Home reads at its next refresh
        app.context.publish(Changes.of(ChangeKind.MEMBERS))
        assert home_figures(qtbot, app.window).members.value.text() == "0" and len(reads) == 1
    finally:
        app.window.close()
        app.context.db.close()


def test_a_long_page_message_is_shown_whole_on_several_lines(qtbot, desk) -> None:
    """An erase's outcome can run longer than the window is wide: cut at the edge, its
    second sentence (what happens next) was lost."""
    page = desk.window.show_page("contacts")
    page.show_message("Les données de la personne sont effacées. " * 6)
    line = page.message.fontMetrics().height()
    assert page.message.heightForWidth(400) >= 3 * line
