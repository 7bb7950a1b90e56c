"""The Journal page, the consent dates in the contact form, and a person's export and erasure."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from assocdesk.services import contacts, donations, members
from tests import pdfcheck
from ui import commands
from ui.dialogs.contact_dialog import ContactDialog
from ui.dialogs.erase_dialog import EraseDialog
from ui.pages.journal import JournalPage
from ui.pages.people import ContactsPage, MembersPage


def add_people(desk) -> tuple[int, int]:
    """A member who donated (with a later change of city) and one more contact."""

    def add(session) -> tuple[int, int]:
        member = members.create(
            session,
            members.MemberInput(
                contacts.ContactInput(name="Nadia Filali", city="Fès", consent_contact=True),
                number="0001",
                joined_on=date(2025, 1, 1),
            ),
        )
        other = contacts.create(session, contacts.ContactInput(name="Omar Berrada"))
        session.flush()
        donations.record(
            session,
            donations.DonationInput(
                "300", "MAD", date(2025, 2, 1), contact_id=member.contact_id, notes="Nadia's gift"
            ),
        )
        return member.contact_id, other.id

    ids = commands.write(desk.context, add)
    commands.write(
        desk.context,
        lambda s: contacts.update(
            s,
            ids[0],
            contacts.ContactInput(name="Nadia Filali", city="Rabat", consent_contact=True),
        ),
    )
    return ids


def journal_page(desk) -> JournalPage:
    page = desk.window.show_page("journal")
    assert isinstance(page, JournalPage)
    return page


def shown_records(page: JournalPage) -> list[tuple[str, str]]:
    return [
        (page.model.data(page.model.index(row, 1)), page.model.data(page.model.index(row, 3)))
        for row in range(page.model.rowCount())
    ]


def test_journal_lists_filters_and_details(desk, qtbot: QtBot) -> None:
    nadia, _omar = add_people(desk)
    page = journal_page(desk)
    records = shown_records(page)
    assert records[0] == ("Changed", "Nadia Filali")  # newest first
    assert ("Created", "R-2025-0001 — Nadia Filali") in records
    assert len(records) == 6  # association, contact ×2, membership, other contact, donation

    page.record_type.setCurrentIndex(page.record_type.findData("donations"))
    assert shown_records(page) == [("Created", "R-2025-0001 — Nadia Filali")]
    page.record_type.setCurrentIndex(0)
    page.action.setCurrentIndex(page.action.findData("update"))
    assert shown_records(page) == [("Changed", "Nadia Filali")]
    page.action.setCurrentIndex(0)

    page.search.setText("berrada")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert shown_records(page) == [("Created", "Omar Berrada")]
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 6)

    page.table.selectRow(0)
    page.table.setCurrentIndex(page.model.index(0, 0))
    details = [
        tuple(page.details.item(row, column).text() for column in range(3))
        for row in range(page.details.rowCount())
    ]
    assert details == [("City", "Fès", "Rabat")]
    assert "City: Fès → Rabat" in page.model.data(page.model.index(0, 4))
    # Read-only: neither the table nor the details can be edited.
    assert not page.model.flags(page.model.index(0, 4)) & Qt.ItemFlag.ItemIsEditable
    assert not page.details.item(0, 2).flags() & Qt.ItemFlag.ItemIsEditable
    # A new change appears without reopening the page.
    commands.write(desk.context, lambda s: contacts.set_archived(s, nadia))
    assert shown_records(page)[0] == ("Archived", "Nadia Filali")


def test_contact_dialog_shows_when_consent_was_given(desk) -> None:
    nadia, _omar = add_people(desk)
    dialog = ContactDialog(desk.context, nadia, desk.window)
    label = dialog.contact.consent_dates["consent_contact"].text()
    assert label.startswith("given on ") and str(date.today().year) in label
    assert dialog.contact.consent_dates["consent_publish_photo"].text() == ""
    dialog.close()


def test_export_personal_data_writes_a_json_file(desk, tmp_path: Path, monkeypatch) -> None:
    nadia, _omar = add_people(desk)
    page = desk.window.show_page("contacts")
    assert isinstance(page, ContactsPage)
    page.select_id(nadia)
    target = tmp_path / "nadia.json"
    suggested: list[str] = []
    monkeypatch.setattr(page, "ask_export_path", lambda name: suggested.append(name) or str(target))
    assert page.export_personal_data() == target
    assert suggested == ["Nadia Filali — personal data.json"]
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["contact"]["name"] == "Nadia Filali"
    assert data["membership"]["number"] == "0001"
    assert data["donations"][0]["notes"] == "Nadia's gift"

    pdf_target = tmp_path / "nadia.pdf"
    monkeypatch.setattr(page, "ask_export_path", lambda _name: str(pdf_target))
    assert page.export_personal_data() == pdf_target
    pdf = pdf_target.read_bytes()
    assert pdfcheck.has_words(pdf, "Personal data held about Nadia Filali R-2025-0001 Rabat")


def test_erase_dialog_needs_the_box_ticked(desk) -> None:
    dialog = EraseDialog("Nadia Filali", desk.window)
    assert "Nadia Filali" in dialog.windowTitle()
    assert not dialog.erase_button.isEnabled()
    dialog.understood.setChecked(True)
    assert dialog.erase_button.isEnabled()
    dialog.close()


@pytest.mark.parametrize("confirmed", [True, False])
def test_erase_a_member_from_the_members_page(
    desk, qtbot: QtBot, monkeypatch, confirmed: bool
) -> None:
    nadia, _omar = add_people(desk)
    page = desk.window.show_page("members")
    assert isinstance(page, MembersPage)
    membership_id = page.model.id_at(0)
    page.select_id(membership_id)
    asked: list[str] = []
    monkeypatch.setattr(page, "confirm_erase", lambda name: asked.append(name) or confirmed)
    actions = [a.text() for a in page.context_menu().actions() if a.text()]
    assert actions[-2:] == ["Export personal data…", "Erase person…"]
    job = page.erase_person()
    assert asked == ["Nadia Filali"]
    with desk.context.db.reading() as session:
        contact = contacts.get(session, nadia)
        assert contact.erased == confirmed
    if not confirmed:
        assert job is None
        return
    qtbot.waitUntil(lambda: job.done)
    # The first message says "is being cleaned…" too: wait for the last one, not for "cleaned".
    qtbot.waitUntil(lambda: "Older backups still hold it" in page.message.text())
    assert page.model.rowCount() == 0  # archived: gone from the list
    page.show_archived.setChecked(True)
    assert page.model.data(page.model.index(0, 1)) == "Erased person"
    donations_page = desk.window.show_page("donations")
    assert donations_page.model.data(donations_page.model.index(0, 2)) == "Anonymous donor"
