"""A person's whole story in one read (issue 21, point 2): the person card's data."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from assocdesk import demo
from assocdesk.models import Contact, Donation, Membership, VolunteerProfile
from assocdesk.services import (
    activities,
    contacts,
    donations,
    dues,
    dues_status,
    members,
    person_story,
    posts,
    volunteers,
)
from assocdesk.services.contacts import ContactInput
from assocdesk.services.errors import NotFound
from assocdesk.storage.engine import Database
from assocdesk.usecases import erasing

TODAY = date(2026, 6, 15)
NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)


def read(db: Database, contact_id: int, **kwargs) -> person_story.PersonStory:
    with db.reading() as session:
        return person_story.story(session, contact_id, today=TODAY, **kwargs)


def give(db: Database, contact_id: int | None, amount: str, on: date) -> int:
    data = donations.DonationInput(
        amount=amount,
        currency="MAD",
        donated_on=on,
        contact_id=contact_id,
        anonymous=contact_id is None,
    )
    with db.transaction() as session:
        return donations.record(session, data).id


def fatima(db: Database) -> tuple[int, int]:
    """A member (since 2024, fee 100 MAD a year, 2025 paid), volunteer and donor: (contact id,
    membership id)."""
    with db.transaction() as session:
        for year in (2024, 2025, 2026):
            dues.set_fee(session, category="", year=year, amount="100", currency="MAD")
        member = members.create(
            session,
            members.MemberInput(
                contact=ContactInput(
                    name="Fatima Zahra Benali",
                    phone="0612345678",
                    consent_publish_name=True,
                    consent_contact=True,
                ),
                number="0042",
                category="",
                joined_on=date(2024, 3, 1),
            ),
        )
        session.flush()
        contact_id, membership_id = member.contact_id, member.id
        volunteers.create(
            session,
            volunteers.VolunteerInput(ContactInput(name="x"), skills=["Cuisine"]),
            contact_id=contact_id,
        )
        dues.record(
            session,
            dues.PaymentInput(membership_id, 2025, "100", "MAD", date(2025, 2, 1)),
        )
        activity = activities.create(
            session,
            activities.ActivityInput(
                title="Paniers du Ramadan",
                starts_at=datetime(2025, 3, 10, 9, 0),
                currency="MAD",
                status="done",
            ),
        )
        session.flush()
        activities.assign(session, activity.id, contact_id, "Cuisine", 150, attended=True)
    give(db, contact_id, "250", date(2025, 5, 1))
    give(db, contact_id, "50", date(2026, 1, 10))
    return contact_id, membership_id


def test_a_member_volunteer_donor_whole_story(db: Database) -> None:
    contact_id, membership_id = fatima(db)
    give(db, None, "999", date(2025, 5, 2))  # an anonymous gift is nobody's
    story = read(db, contact_id, locale="fr_MA")

    person = story.identity
    assert person.name == "Fatima Zahra Benali" and person.phone == "0612345678"
    consents = {c.key: c for c in person.consents}
    assert consents["consent_publish_name"].given and consents["consent_publish_name"].at
    assert not consents["consent_publish_photo"].given
    assert consents["consent_publish_photo"].at is None
    assert not person.archived and not person.erased

    assert story.member == person_story.MemberRole(
        membership_id, "0042", "", date(2024, 3, 1), None
    )
    assert story.volunteer is not None and story.volunteer.skills == ("Cuisine",)
    assert story.is_donor and story.donations.total == 2
    assert [d.amount_minor for d in story.donations.lines] == [5000, 25000]  # newest first
    assert all(d.receipt_number and d.status == "recorded" for d in story.donations.lines)
    assert story.donation_totals == (("MAD", 30000),)

    by_year = {y.year: y for y in story.dues_years}
    assert list(by_year) == [2026, 2025, 2024]
    assert by_year[2025].status == dues_status.DuesStatus.UP_TO_DATE
    assert by_year[2025].paid_minor == 10000 and by_year[2025].due_minor == 0
    assert by_year[2026].status == dues_status.DuesStatus.LATE
    assert by_year[2026].due_minor == 10000 and by_year[2026].currency == "MAD"
    assert [p.period_year for p in story.payments.lines] == [2025]
    assert story.payments.lines[0].receipt_number

    assert story.activities.total == 1
    line = story.activities.lines[0]
    assert (line.title, line.role, line.attended, line.minutes) == (
        "Paniers du Ramadan",
        "Cuisine",
        True,
        150,
    )
    assert [(h.year, h.minutes) for h in story.hours_by_year] == [(2025, 150)]

    # The journal: events about the person and their own records, newest first.
    kinds = {j.entity_type for j in story.journal.lines}
    assert {"contacts", "memberships", "volunteer_profiles", "donations"} <= kinds
    assert story.journal.total == len(story.journal.lines)
    assert all(j.summary or j.action for j in story.journal.lines)
    newest = [j.occurred_at for j in story.journal.lines]
    assert newest == sorted(newest, reverse=True)


def test_a_voided_gift_is_listed_but_not_counted(db: Database) -> None:
    contact_id, _membership = fatima(db)
    gift = give(db, contact_id, "70", date(2026, 2, 1))
    with db.transaction() as session:
        donations.void(session, gift, "Typed twice")
    story = read(db, contact_id)
    assert story.donations.total == 3
    assert story.donations.lines[0].status == "void"
    assert story.donation_totals == (("MAD", 30000),)


def test_lists_are_bounded_with_their_whole_count(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(person_story, "LIMIT", 3)
    with db.transaction() as session:
        contact_id = contacts.create(session, ContactInput(name="Karim Ouazzani")).id
    for day in range(7):
        give(db, contact_id, "10", date(2025, 1, 1) + timedelta(days=day))
    story = read(db, contact_id)
    assert story.donations.total == 7 and len(story.donations.lines) == 3
    assert story.donations.more == 4
    assert story.donations.lines[0].donated_on == date(2025, 1, 7)
    assert story.donation_totals == (("MAD", 7000),)  # every gift, not the three shown
    assert len(story.journal.lines) == 3 and story.journal.total == 8


def test_a_contact_who_is_none_of_member_volunteer_donor(db: Database) -> None:
    with db.transaction() as session:
        contact_id = contacts.create(session, ContactInput(name="Partenaire Atlas")).id
    story = read(db, contact_id)
    assert story.member is None and story.volunteer is None and not story.is_donor
    assert story.dues_years == () and story.payments.total == 0
    assert story.donations.total == 0 and story.activities.total == 0
    assert story.hours_by_year == () and story.donation_totals == ()
    assert story.journal.total == 1  # its creation


def test_an_anonymous_gift_names_nobody(db: Database) -> None:
    with db.transaction() as session:
        contact_id = contacts.create(session, ContactInput(name="Omar Tazi")).id
    give(db, None, "500", date(2025, 4, 1))
    story = read(db, contact_id)
    assert story.donations.total == 0 and not story.is_donor
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Donation)) == 1


def test_an_archived_contact_keeps_its_story(db: Database) -> None:
    contact_id, _membership = fatima(db)
    with db.transaction() as session:
        contacts.set_archived(session, contact_id)
    story = read(db, contact_id)
    assert story.identity.archived and story.identity.archived_at is not None
    assert story.member is not None and story.donations.total == 2


def test_an_erased_person_shows_the_placeholder_and_nothing_that_names_them(
    db: Database,
) -> None:
    contact_id, _membership = fatima(db)
    with db.transaction() as session:
        posts.mark_posted(
            session, "activity-report", 1, "facebook", "fr", "Merci à Fatima Zahra Benali !", NOW
        )
    with db.transaction() as session:
        erasing.erase_person(session, contact_id)
    story = read(db, contact_id)
    person = story.identity
    assert person.erased and person.name == contacts.display_name_of_erased()
    assert person.phone == "" and not any(c.given for c in person.consents)
    assert person.archived  # erasing archives too
    # Their gifts stay in the receipt book, but anonymous now: no longer theirs.
    assert story.donations.total == 0 and not story.is_donor
    assert story.member is not None and story.payments.total == 1  # dues receipts are kept
    assert story.posts.total == 0  # no name left to look for
    assert "Fatima" not in repr(story.journal)  # the journal's copies were erased too


def test_posts_that_name_the_person_in_full(db: Database) -> None:
    contact_id, _membership = fatima(db)
    texts = [
        "Merci à BENALI Fatima Zahra pour les paniers !",  # any order, any case
        "شكرا لكل المتطوعين",
        "Merci à Fatima pour son aide",  # a first name alone is not her
        "Bravo à Fatima Zahra Benali et à toute l'équipe",
    ]
    with db.transaction() as session:
        for n, text in enumerate(texts):
            posts.mark_posted(
                session, "activity-report", 1, "facebook", "fr", text, NOW + timedelta(hours=n)
            )
    story = read(db, contact_id)
    assert [p.text for p in story.posts.lines] == [texts[3], texts[0]]
    assert story.posts.total == 2
    assert story.posts.lines[0].platform == "facebook"


def test_a_one_word_name_finds_no_post(db: Database) -> None:
    with db.transaction() as session:
        contact_id = contacts.create(session, ContactInput(name="Fatima")).id
        posts.mark_posted(session, "activity-report", 1, "facebook", "fr", "Merci Fatima", NOW)
    assert read(db, contact_id).posts.total == 0


def test_names_in_matches_whole_words_only() -> None:
    assert person_story.names_in("Nadia Benali", "Merci à Nadia BENALI.")
    assert not person_story.names_in("Nadia Benali", "Merci à Nadia Benalioui.")
    assert person_story.names_in("مصطفى الإدريسي", "شكرا للسيد مصطفى الادريسي")


def test_unknown_contact_is_not_found(db: Database) -> None:
    with pytest.raises(NotFound):
        read(db, 12345)


def test_every_demo_person_reads_and_holds_no_record(db: Database) -> None:
    """On the demo association: members, volunteers and donors alike, each read whole, in plain
    values only (the UI refuses records)."""
    demo.fill(db, "small")
    with db.reading() as session:
        both = session.scalar(
            select(Contact.id)
            .join(Membership, Membership.contact_id == Contact.id)
            .join(VolunteerProfile, VolunteerProfile.contact_id == Contact.id)
            .where(select(Donation.id).where(Donation.contact_id == Contact.id).exists())
            .limit(1)
        )
        everyone = list(session.scalars(select(Contact.id)))
    assert both is not None
    story = read(db, both, locale="ar_MA")
    assert story.member is not None and story.volunteer is not None and story.is_donor
    assert story.dues_years and story.donations.lines
    for contact_id in everyone[:60]:
        assert_plain(read(db, contact_id))


def assert_plain(value: object, depth: int = 0) -> None:
    """No ORM record anywhere inside (what the UI's context.read refuses)."""
    assert not hasattr(type(value), "_sa_class_manager"), type(value)
    if depth > 5 or isinstance(value, str | bytes | int | float | date | type(None)):
        return
    if dataclasses.is_dataclass(value):
        assert type(value).__dataclass_params__.frozen, type(value)
        for field in dataclasses.fields(value):
            assert_plain(getattr(value, field.name), depth + 1)
    elif isinstance(value, tuple):
        for item in value:
            assert_plain(item, depth + 1)
    else:
        raise AssertionError(f"not a frozen dataclass, tuple or plain value: {type(value)}")
