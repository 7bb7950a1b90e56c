"""Privacy: subject access, erasure (anonymized, journal redacted, bytes gone), consent dates."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime

import pytest
from sqlalchemy import func, select, text

from assocdesk.models import AuditEvent, Contact, Donation, DuesPayment
from assocdesk.services import (
    activities,
    contacts,
    donations,
    journal,
    members,
    privacy,
    volunteers,
)
from assocdesk.services.errors import ValidationError
from assocdesk.storage.engine import Database
from tests.core.stored_bytes import checkpoint, stored_bytes

NAME = "Zoubida Xenophon-Quartz"
PHONE = "0612345678"
EMAIL = "zoubida.quartz@example.org"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(donations, "_today", lambda: date(2026, 6, 30))


def person(**fields: object) -> contacts.ContactInput:
    values: dict[str, object] = {
        "name": NAME,
        "phone": PHONE,
        "email": EMAIL,
        "address": "12 rue des Orangers",
        "city": "Fès",
        "notes": "Allergic to peanuts",
        "consent_contact": True,
    }
    return contacts.ContactInput(**(values | fields))  # type: ignore[arg-type]


def a_busy_person(db: Database) -> tuple[int, list[int]]:
    """A member, volunteer and donor with an edit history; returns (contact id, donation ids)."""
    with db.transaction() as session:
        membership = members.create(
            session, members.MemberInput(person(), number="0042", joined_on=date(2024, 1, 5))
        )
        session.flush()
        contact_id = membership.contact_id
        session.add(
            DuesPayment(
                membership_id=membership.id,
                period_year=2025,
                amount_minor=10000,
                currency="MAD",
                paid_on=date(2025, 1, 9),
                receipt_year=2025,
                receipt_seq=1,
                receipt_number="R-C-2025-0001",
            )
        )
        volunteers.create(
            session,
            volunteers.VolunteerInput(person(), skills=["Cuisine"]),
            contact_id=contact_id,
        )
        activity = activities.create(
            session,
            activities.ActivityInput(
                title="Paniers", starts_at=datetime(2026, 3, 1, 9), currency="MAD"
            ),
        )
        session.flush()
        activities.assign(session, activity.id, contact_id, role="Driver", minutes=120)
    with db.transaction() as session:
        contacts.update(session, contact_id, person(city="Rabat", phone="0700000001"))
    gift_ids = []
    for amount in ("100", "250"):
        with db.transaction() as session:
            gift = donations.record(
                session,
                donations.DonationInput(
                    amount=amount,
                    currency="MAD",
                    donated_on=date(2026, 2, 1),
                    contact_id=contact_id,
                    notes=f"Given by {NAME} at the door",
                ),
            )
            session.flush()
            gift_ids.append(gift.id)
    with db.transaction() as session:
        donations.mark_printed(session, gift_ids[0])
    return contact_id, gift_ids


def test_subject_access_holds_everything_about_the_person(db: Database) -> None:
    contact_id, _gift_ids = a_busy_person(db)
    with db.reading() as session:
        data = privacy.subject_access(session, contact_id)
    assert data["format"] == "assocdesk-subject-access"
    assert data["contact"]["name"] == NAME and data["contact"]["city"] == "Rabat"
    assert data["contact"]["consent_contact"] is True
    assert data["contact"]["consent_contact_at"]
    assert data["membership"]["number"] == "0042"
    assert data["dues"] == [
        {"year": 2025, "amount": "100.00", "currency": "MAD", "paid_on": "2025-01-09"}
    ]
    assert data["volunteer"]["skills"] == ["Cuisine"]
    assert data["assignments"] == [
        {
            "activity": "Paniers",
            "starts_at": "2026-03-01T09:00:00",
            "role": "Driver",
            "minutes": 120,
        }
    ]
    assert [d["amount"] for d in data["donations"]] == ["100.00", "250.00"]
    kinds = {(e["record_type"], e["action"]) for e in data["audit_events"]}
    assert {
        ("contacts", "create"),
        ("contacts", "update"),
        ("memberships", "create"),
        ("volunteer_profiles", "create"),
        ("volunteer_assignments", "create"),
        ("donations", "create"),
        ("donations", "print"),
    } <= kinds
    # Nothing about other people or the activity itself.
    assert all(e["record_type"] != "activities" for e in data["audit_events"])
    round_trip = json.loads(privacy.subject_access_json(data))
    assert round_trip["contact"]["name"] == NAME


def test_erase_anonymizes_keeps_the_accounts_and_redacts_the_journal(db: Database) -> None:
    contact_id, _gift_ids = a_busy_person(db)
    with db.reading() as session:
        receipts_before = list(
            session.execute(
                select(Donation.receipt_number, Donation.amount_minor).order_by(Donation.id)
            )
        )
    with db.transaction() as session:
        erasure = privacy.erase(session, contact_id)
    assert erasure.donations == 2 and erasure.events_redacted >= 2
    with db.reading() as session:
        contact = session.get(Contact, contact_id)
        assert contact.erased and contact.archived
        assert contacts.display_name(contact) == "Erased person"
        assert (contact.phone, contact.email, contact.address, contact.city, contact.notes) == (
            "",
            "",
            "",
            "",
            "",
        )
        assert not (contact.consent_contact or contact.is_minor or contact.consent_contact_at)
        gifts = list(session.scalars(select(Donation).order_by(Donation.id)))
        assert [(g.receipt_number, g.amount_minor) for g in gifts] == receipts_before
        assert all(g.contact_id is None and g.notes == "" for g in gifts)
        assert gifts[0].receipt_prints == 1  # a printed receipt stays printed
        membership = members.get(
            session, members.ids(session, members.ListQuery(include_archived=True))[0]
        )
        assert membership.number == "0042"  # the membership is kept, anonymous
        volunteer = session.scalar(select(volunteers.VolunteerProfile))
        assert volunteer.skills == [] and volunteer.availability == 0
        journal_text = " ".join(session.scalars(select(AuditEvent.changes)))
        for secret in (NAME, PHONE, EMAIL, "Fès", "Rabat", "Orangers", "peanuts", "0700000001"):
            assert secret not in journal_text
        erase_event = session.scalar(select(AuditEvent).where(AuditEvent.action == "erase"))
        assert erase_event.entity_id == contact_id
        # The journal still says that the city changed, without saying what it was.
        rows = journal.rows(
            session, journal.ids(session, journal.JournalFilter(entity_type="contacts"))
        )
        update = next(r for r in rows if r.action == "update")
        shown = {c.field: (c.before, c.after) for c in journal.changes(update, "en")}
        assert shown["city"] == ("(erased)", "(erased)")
        assert all(r.record == "Erased person" for r in rows)
        # Search by the old name finds nothing any more.
        assert not contacts.ids(
            session, contacts.ListQuery(search="Xenophon", include_archived=True)
        )
        if db.backend == "sqlite":
            assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            session.execute(
                text("INSERT INTO contacts_fts(contacts_fts) VALUES ('integrity-check')")
            )


def test_an_erased_person_cannot_be_edited_restored_or_erased_again(db: Database) -> None:
    contact_id, _gifts = a_busy_person(db)
    with db.transaction() as session:
        privacy.erase(session, contact_id)
    for command in (
        lambda s: contacts.update(s, contact_id, person()),
        lambda s: contacts.set_archived(s, contact_id, False),
        lambda s: privacy.erase(s, contact_id),
    ):
        with pytest.raises(ValidationError), db.transaction() as session:
            command(session)


def test_after_erase_and_scrub_the_old_bytes_are_not_in_the_file(db: Database) -> None:
    """On a server: no row version, live or dead, holds them (see tests/core/stored_bytes)."""
    contact_id, _gifts = a_busy_person(db)
    # Older versions of the row, left in free space by earlier edits.
    for city in ("Agadir", "Tanger", "Oujda"):
        with db.transaction() as session:
            contacts.update(session, contact_id, person(city=city))
    checkpoint(db)
    encoded = [s.encode() for s in (NAME, EMAIL, PHONE, "Orangers")]
    assert all(secret in stored_bytes(db) for secret in encoded)  # the test can fail
    with db.transaction() as session:
        privacy.erase(session, contact_id)
    if db.server is not None:  # the old row versions stay until VACUUM
        assert all(secret in stored_bytes(db) for secret in encoded)
    privacy.scrub_file(db)
    content = stored_bytes(db)
    for secret in encoded:
        assert secret not in content
    assert "Xenophon".encode("utf-16-le") not in content
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Donation)) == 2


@pytest.mark.sqlite_only  # the file's write-ahead log; a server keeps rows for readers itself
def test_a_scrub_that_a_reader_keeps_from_finishing_says_so(db: Database) -> None:
    """Another reader (the Home figures, in the app) holding the log: the file is not said
    to be cleaned when the log still holds the old pages."""
    contact_id, _gifts = a_busy_person(db)
    with db.transaction() as session:
        privacy.erase(session, contact_id)
    reader = sqlite3.connect(db.path)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM contacts").fetchone()  # holds its snapshot
        with pytest.raises(OSError, match="could not be cleaned completely"):
            privacy.scrub_file(db)  # after the 5 s busy timeout
    finally:
        reader.close()
    privacy.scrub_file(db)  # the reader gone, it completes


def test_consent_dates_follow_the_flags(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    moments = iter(datetime(2026, 1, day, 12) for day in range(1, 10))

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            return next(moments)

    monkeypatch.setattr(contacts, "datetime", Clock)
    with db.transaction() as session:
        contact = contacts.create(session, person(consent_contact=True, consent_publish_name=False))
        session.flush()
        contact_id = contact.id
    with db.reading() as session:
        c = contacts.get(session, contact_id)
        assert c.consent_contact_at.day == 1  # given on creation
        assert c.consent_publish_name_at is None  # never given
    with db.transaction() as session:
        contacts.update(session, contact_id, person(consent_contact=True, city="Salé"))
    with db.reading() as session:
        assert contacts.get(session, contact_id).consent_contact_at.day == 1  # unchanged flag
    with db.transaction() as session:
        contacts.update(
            session, contact_id, person(consent_contact=False, consent_publish_photo=True)
        )
    with db.reading() as session:
        c = contacts.get(session, contact_id)
        assert c.consent_contact_at.day == 3  # withdrawn: dated again
        assert c.consent_publish_photo_at.day == 3
        assert c.consent_publish_name_at is None


def test_subject_access_pdf_in_arabic(db: Database) -> None:
    from assocdesk import i18n
    from assocdesk.reports.subject_access import render_subject_access
    from tests import pdfcheck

    with db.transaction() as session:
        contact = contacts.create(
            session, contacts.ContactInput(name="نادية الفيلالي", city="فاس", consent_contact=True)
        )
        session.flush()
        contact_id = contact.id
    with db.transaction() as session:
        contacts.update(session, contact_id, contacts.ContactInput(name="نادية الفيلالي"))
    i18n.set_language("ar")
    with db.reading() as session:
        pdf = render_subject_access(session, contact_id)
    assert pdfcheck.is_shaped(pdf)
    assert pdfcheck.has_words(pdf, "البيانات الشخصية المحفوظة عن نادية الفيلالي")
    assert pdfcheck.drawn_right_to_left(pdf, "الفيلالي")
    assert pdfcheck.has_words(pdf, "فاس")  # the journal keeps the city it had before
