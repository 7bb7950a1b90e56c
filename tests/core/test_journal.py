"""The journal: every command leaves an event; filters, paging and readable changes."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, update

from assocdesk import journal_labels
from assocdesk.models import AuditEvent
from assocdesk.services import (
    activities,
    association,
    campaigns,
    contacts,
    donations,
    journal,
    members,
    volunteers,
)
from assocdesk.services.journal import JournalFilter
from assocdesk.spreadsheets.importer import run_import
from assocdesk.spreadsheets.reading import read_csv_bytes
from assocdesk.storage.engine import Database


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(donations, "_today", lambda: date(2026, 6, 30))


def events(db: Database, **query: object) -> list[journal.JournalRow]:
    with db.reading() as session:
        return journal.rows(session, journal.ids(session, JournalFilter(**query)))  # type: ignore[arg-type]


def kinds(db: Database) -> set[tuple[str, str]]:
    return {(row.entity_type, row.action) for row in events(db)}


def test_every_command_of_every_service_is_journaled(db: Database) -> None:
    with db.transaction() as session:
        contact = contacts.create(session, contacts.ContactInput(name="Amina"))
        member = members.create(
            session, members.MemberInput(contacts.ContactInput(name="Omar"), "7")
        )
        volunteer = volunteers.create(
            session, volunteers.VolunteerInput(contacts.ContactInput(name="Sara"), ["Cuisine"])
        )
        campaign = campaigns.create(session, campaigns.CampaignInput("Ramadan", "MAD", "1000"))
        activity = activities.create(
            session,
            activities.ActivityInput("Paniers", datetime(2026, 3, 1, 9), "MAD"),
        )
        gift = donations.record(
            session,
            donations.DonationInput("50", "MAD", date(2026, 2, 1), contact_id=None, anonymous=True),
        )
        association.save(session, association.ProfileInput(name_ar="جمعية"))
        session.flush()
        ids = (contact.id, member.id, volunteer.id, campaign.id, activity.id, gift.id)
    contact_id, member_id, volunteer_id, campaign_id, activity_id, gift_id = ids
    with db.transaction() as session:
        contacts.update(session, contact_id, contacts.ContactInput(name="Amina B."))
        contacts.set_archived(session, contact_id)
        contacts.set_archived(session, contact_id, False)
        members.update(
            session, member_id, members.MemberInput(contacts.ContactInput(name="Omar"), "8")
        )
        volunteers.update(
            session,
            volunteer_id,
            volunteers.VolunteerInput(contacts.ContactInput(name="Sara"), ["Couture"]),
        )
        campaigns.update(session, campaign_id, campaigns.CampaignInput("Ramadan 2026", "MAD"))
        campaigns.set_archived(session, campaign_id)
        activities.update(
            session,
            activity_id,
            activities.ActivityInput(
                "Paniers", datetime(2026, 3, 1, 9), "MAD", beneficiary_groups={"children": 5}
            ),
        )
        activities.set_archived(session, activity_id)
        activities.assign(session, activity_id, contact_id, minutes=60)
        donations.mark_printed(session, gift_id)
        donations.void(session, gift_id, "Double entry")
        association.save(session, association.ProfileInput(name_ar="جمعية الأمل"))
    expected = {("contacts", action) for action in ("create", "update", "archive", "restore")} | {
        ("memberships", "create"),
        ("memberships", "update"),
        ("volunteer_profiles", "create"),
        ("volunteer_profiles", "update"),
        ("campaigns", "create"),
        ("campaigns", "update"),
        ("campaigns", "archive"),
        ("activities", "create"),
        ("activities", "update"),
        ("activities", "archive"),
        ("volunteer_assignments", "create"),
        ("donations", "create"),
        ("donations", "print"),
        ("donations", "void"),
        ("association_profile", "create"),
        ("association_profile", "update"),
    }
    assert expected <= kinds(db)
    # Skills and beneficiary groups, edited in the same forms, are in the before/after too.
    skill_change = next(r for r in events(db, entity_type="volunteer_profiles", action="update"))
    assert (skill_change.before["skills"], skill_change.after["skills"]) == (
        ["Cuisine"],
        ["Couture"],
    )
    groups = next(r for r in events(db, entity_type="activities", action="update"))
    assert groups.after["beneficiary_groups"] == {"children": 5}


def test_saving_a_form_unchanged_leaves_no_event(db: Database) -> None:
    with db.transaction() as session:
        contact = contacts.create(session, contacts.ContactInput(name="Amina", city="Fès"))
        session.flush()
        contact_id = contact.id
    with db.transaction() as session:
        contacts.update(session, contact_id, contacts.ContactInput(name="Amina", city="Fès"))
    assert [r.action for r in events(db)] == ["create"]


def test_changes_read_as_a_person_reads_them(db: Database) -> None:
    with db.transaction() as session:
        donor = contacts.create(session, contacts.ContactInput(name="Amina"))
        session.flush()
        gift = donations.record(
            session, donations.DonationInput("1500", "MAD", date(2026, 2, 1), contact_id=donor.id)
        )
        session.flush()
        gift_id = gift.id
    with db.transaction() as session:
        donations.update(
            session,
            gift_id,
            donations.DonationInput(
                "1750.5", "MAD", date(2026, 2, 1), contact_id=None, anonymous=True, method="cheque"
            ),
        )
    row = events(db, entity_type="donations", action="update")[0]
    assert row.record.startswith("R-2026-0001")
    shown = {c.label: (c.before, c.after) for c in journal.changes(row, "en")}
    assert shown["Amount"] == ("MAD\u00a01,500.00", "MAD\u00a01,750.50")
    assert shown["Method"] == ("Cash", "Cheque")
    assert shown["Contact"] == ("Amina", "—")
    assert "Amount: MAD\u00a01,500.00 → MAD\u00a01,750.50" in journal.summary(row, "en")
    created = events(db, entity_type="donations", action="create")[0]
    assert "Amount: MAD\u00a01,500.00" in journal.summary(created, "en")


def test_filters_search_and_order(db: Database) -> None:
    with db.transaction() as session:
        for name in ("Amina Alaoui", "Omar Berrada", "أحمد بنعلي"):
            contacts.create(session, contacts.ContactInput(name=name))
        campaigns.create(session, campaigns.CampaignInput("Ramadan", "MAD"))
    with db.transaction() as session:  # spread the events over three days
        for event_id, day in zip(
            session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)),
            (1, 2, 3, 4),
            strict=True,
        ):
            session.execute(
                update(AuditEvent)
                .where(AuditEvent.id == event_id)
                .values(occurred_at=datetime(2026, 5, day, 12, tzinfo=UTC))
            )
    everything = events(db)
    assert [r.record for r in everything] == [
        "Ramadan",
        "أحمد بنعلي",
        "Omar Berrada",
        "Amina Alaoui",
    ]
    assert [r.record for r in events(db, entity_type="campaigns")] == ["Ramadan"]
    assert events(db, action="void") == []
    assert [r.record for r in events(db, since=date(2026, 5, 2), until=date(2026, 5, 3))] == [
        "أحمد بنعلي",
        "Omar Berrada",
    ]
    assert [r.record for r in events(db, search="berrada")] == ["Omar Berrada"]
    # Another spelling of an Arabic name finds it too (the contacts' normalized search).
    assert [r.record for r in events(db, search="احمد")] == ["أحمد بنعلي"]
    with db.reading() as session:
        page = journal.list_events(session, JournalFilter(), offset=1, limit=2)
        assert page.total == 4 and [r.record for r in page.rows] == ["أحمد بنعلي", "Omar Berrada"]
        assert set(journal.entity_types(session)) == {"contacts", "campaigns"}


def test_the_journal_module_has_no_way_to_change_an_event() -> None:
    writers = [
        name for name in dir(journal) if name.startswith(("delete", "update", "edit", "set"))
    ]
    assert writers == []


def test_a_creation_event_keeps_the_values_given_not_the_empty_ones(db: Database) -> None:
    with db.transaction() as session:
        contacts.create(
            session,
            contacts.ContactInput(name="Amina", city="Fès", consent_contact=True),
        )
    with db.reading() as session:
        (event,) = session.scalars(select(AuditEvent))
        stored = json.loads(event.changes)
    assert stored["before"] is None
    assert stored["after"]["name"] == "Amina"
    assert stored["after"]["consent_contact"] is True
    assert stored["after"]["kind"] == "person"
    # Empty text, unset choices and unticked boxes are not stored ...
    assert not {"phone", "email", "notes", "preferred_language", "is_minor"} & set(stored["after"])
    # ... and the journal reads the event as before.
    (row,) = events(db)
    shown = [c.field for c in journal.changes(row, "en")]
    assert shown == ["kind", "name", "city", "consent_contact", "consent_contact_at"]


def test_an_imported_record_reads_like_a_typed_one(db: Database) -> None:
    data = "Nom;Téléphone;Ville\nSara Tazi;06 11 22 33 44;Rabat\n"
    run_import(db, read_csv_bytes(data.encode()), "contacts", ["name", "phone", "city"])
    (row,) = events(db, entity_type="contacts")
    assert journal_labels.action_label(row.action) == "Imported"
    shown = {c.label: (c.before, c.after) for c in journal.changes(row, "en")}
    assert shown == {
        "Person or organization": ("—", "Person"),
        "Name": ("—", "Sara Tazi"),
        "Phone": ("—", "06 11 22 33 44"),
        "City": ("—", "Rabat"),
    }
    assert journal.summary(row, "en").startswith("Person or organization: Person; Name: Sara Tazi")
