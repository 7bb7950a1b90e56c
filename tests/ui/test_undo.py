"""Undo in the window (issue 21, point 3): the message's Undo button and Ctrl+Z, each undoable
kind round-tripped through the real pages, refusal after a later change, receipts never undone,
and the Restore label of an archived row in each language."""

from __future__ import annotations

import json
import re
from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from sqlalchemy import select

from assocdesk.i18n import _
from assocdesk.models import AuditEvent, Contact, VolunteerAssignment
from assocdesk.models.post import PostRecord
from assocdesk.services import activities, contacts, donations, volunteers
from assocdesk.services.contacts import ContactInput
from assocdesk.services.donations import DonationInput
from assocdesk.services.volunteers import VolunteerInput
from tests.ui.conftest import type_text
from ui import commands
from ui.dialogs.team_dialog import TeamDialog
from ui.pages.people import ContactsPage

NAME = "Fatima Zahra"


def plain(text: str) -> str:
    return re.sub("[\u200e\u200f\u2066-\u2069]", "", text)


def add_contact(desk, name: str = NAME, archived: bool = False) -> int:
    def create(session) -> int:
        contact = contacts.create(session, ContactInput(name=name, city="Oujda"))
        session.flush()
        if archived:
            contacts.set_archived(session, contact.id)
        return contact.id

    return commands.write(desk.context, create)


def is_archived(desk, contact_id: int) -> bool:
    with desk.context.db.reading() as session:
        return session.get(Contact, contact_id).archived


def press(widget: QWidget, qtbot, keys: QKeySequence | QKeySequence.StandardKey) -> None:
    """The keys pressed in ``widget``'s window, as a person would (the shortcut map decides)."""
    window = widget.window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTest.keySequence(window, QKeySequence(keys))
    QApplication.processEvents()


def archive_first_row(page, monkeypatch) -> None:
    monkeypatch.setattr(page, "confirm", lambda _question: True)
    page.model.refresh()
    page.select_row(0)
    page.archive_selected()


def test_archive_then_undo_button(desk, monkeypatch) -> None:
    contact_id = add_contact(desk)
    page = desk.window.show_page("contacts")
    archive_first_row(page, monkeypatch)
    assert is_archived(desk, contact_id)
    assert plain(page.message.text()) == f"{NAME} was archived."
    assert page.undo_prompt.button.isVisible()
    page.undo_prompt.button.click()
    assert not is_archived(desk, contact_id)
    assert plain(page.message.text()) == f"Undone: {NAME} is no longer archived."
    assert not page.undo_prompt.button.isVisible()
    assert page.model.rowCount() == 1  # back in the list, refreshed through Changes
    with desk.context.db.reading() as session:  # the undo is journaled, as a restore
        events = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity_type == "contacts", AuditEvent.entity_id == contact_id)
            .order_by(AuditEvent.id.desc())
        ).all()
    assert [e.action for e in events[:2]] == ["restore", "archive"]
    assert json.loads(events[0].changes)["undo_of"] == events[1].id


def test_ctrl_z_in_the_window_undoes_while_the_message_shows(desk, qtbot, monkeypatch) -> None:
    contact_id = add_contact(desk)
    page = desk.window.show_page("contacts")
    archive_first_row(page, monkeypatch)
    page.table.setFocus()
    press(page, qtbot, QKeySequence.StandardKey.Undo)
    assert not is_archived(desk, contact_id)
    assert "Undone" in page.message.text()
    press(page, qtbot, QKeySequence.StandardKey.Undo)  # nothing more to undo: no change
    assert not is_archived(desk, contact_id)


def test_ctrl_z_on_a_page_outside_the_window(desk, qtbot, monkeypatch) -> None:
    """A page with no menu bar around it (its own shortcut holds the key then)."""
    contact_id = add_contact(desk)
    page = ContactsPage(desk.context)
    qtbot.addWidget(page)
    page.show()
    archive_first_row(page, monkeypatch)
    assert page.undo_prompt.shortcut.isEnabled()
    press(page, qtbot, QKeySequence.StandardKey.Undo)
    assert not is_archived(desk, contact_id)
    assert not page.undo_prompt.shortcut.isEnabled()


def test_edit_then_undo_puts_the_old_values_back(desk, qtbot) -> None:
    contact_id = add_contact(desk)
    page = desk.window.show_page("contacts")
    page.model.refresh()
    page.select_row(0)
    dialog = page.open_selected()
    dialog.contact.city.clear()
    type_text(dialog.contact.city, "Rabat")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert plain(page.message.text()) == f"Changes to {NAME} saved."
    page.undo_prompt.button.click()
    with desk.context.db.reading() as session:
        assert contacts.details(session, contact_id).values.city == "Oujda"
    assert plain(page.message.text()) == f"Undone: the changes to {NAME} were reverted."


def test_undo_refused_after_a_later_change(desk, monkeypatch) -> None:
    contact_id = add_contact(desk)
    page = desk.window.show_page("contacts")
    archive_first_row(page, monkeypatch)
    commands.write(  # someone edits the archived contact meanwhile
        desk.context, lambda s: contacts.update(s, contact_id, ContactInput(name="Fatima Z."))
    )
    page.undo_prompt.button.click()
    assert is_archived(desk, contact_id)  # not applied blindly
    assert "changed since" in page.message.text()


def test_a_voided_receipt_offers_no_undo(desk, monkeypatch) -> None:
    monkeypatch.setattr(donations, "_today", lambda: date(2026, 6, 30))
    gift = DonationInput(amount="100", donated_on=date(2026, 1, 10), currency="MAD", anonymous=True)
    commands.write(desk.context, lambda s: donations.record(s, gift))
    page = desk.window.show_page("donations")
    page.model.refresh()
    page.select_row(0)
    monkeypatch.setattr(page, "ask_reason", lambda _number: "erreur")
    page.archive_selected()
    assert "void" in page.message.text()
    assert not page.undo_prompt.button.isVisible()
    assert page.archive_button.text() == "Void"  # a voided receipt is never "restored"


@pytest.mark.parametrize(
    ("desk", "restore", "archive"),
    [("en", "Restore", "Archive"), ("ar", "استرجاع", "أرشفة"), ("fr", "Restaurer", "Archiver")],
    indirect=["desk"],
)
def test_the_archive_button_says_restore_on_an_archived_row(
    desk, qtbot, monkeypatch, tmp_path, restore: str, archive: str
) -> None:
    kept = add_contact(desk, "Karim")
    gone = add_contact(desk, NAME, archived=True)
    page = desk.window.show_page("contacts")
    page.show_archived.setChecked(True)
    page.select_id(kept)
    assert page.archive_button.text() == archive
    page.select_id(gone)
    assert page.archive_button.text() == restore
    assert plain(page.archive_button.toolTip()).startswith(
        _("Bring the selected record back into the lists")
    )
    monkeypatch.setattr(page, "confirm", lambda _question: True)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)  # Del restores
    assert not is_archived(desk, gone)
    page.select_id(gone)
    assert page.archive_button.text() == archive
    page.grab().save(str(tmp_path / f"restore-{page.context.language}.png"))


def test_assign_and_unassign_undone_in_the_team_dialog(desk, qtbot) -> None:
    def setup(session) -> tuple[int, int]:
        profile = volunteers.create(session, VolunteerInput(ContactInput(name="Amina")))
        activity = activities.create(
            session,
            activities.ActivityInput(
                title="Food drive", starts_at=datetime(2026, 3, 7, 9), currency="MAD"
            ),
        )
        session.flush()
        return activity.id, profile.contact_id

    activity_id, amina = commands.write(desk.context, setup)
    team = TeamDialog(desk.context, activity_id, desk.window)
    qtbot.addWidget(team)
    team.show()
    suggestion = next(s for s in team.suggest() if s.contact_id == amina)
    assert team.assign(suggestion)
    assert [row.contact_id for row in team.team_rows] == [amina]
    assert team.undo_prompt.button.isVisible()
    press(team, qtbot, QKeySequence.StandardKey.Undo)  # Ctrl+Z in the dialog
    assert team.team_rows == []
    assert plain(team.message.text()) == "Undone: Amina is no longer on the activity."
    commands.write(desk.context, lambda s: activities.assign(s, activity_id, amina, "", 60))
    team.reload()
    assert team.take_off(amina)
    team.undo_prompt.button.click()
    with desk.context.db.reading() as session:
        back = session.query(VolunteerAssignment).one()
        assert (back.contact_id, back.minutes) == (amina, 60)
    assert [row.contact_id for row in team.team_rows] == [amina]


def test_mark_posted_then_undo(qapp, db, tmp_path, qtbot) -> None:
    from assocdesk.demo import fill
    from tests.ui.conftest import choose, make_app

    fill(db, "small", seed=1)
    app = make_app(qapp, db, tmp_path, "en")
    try:
        page = app.window.show_page("posts")
        choose(page.occasion, "activity-report")
        choose(page.record, 1)
        with db.reading() as session:
            before = session.query(PostRecord).count()
        page.mark_posted("facebook")
        link = page.undo_prompt.button  # a link floating in the fixed message line
        assert link.isVisible() and 'href="undo"' in link.text()
        link.linkActivated.emit("undo")
        with db.reading() as session:
            assert session.query(PostRecord).count() == before
        assert plain(page.message.text()) == "Undone: no longer marked as posted on Facebook."
        assert not page.undo_prompt.button.isVisible()
    finally:
        app.window.close()
