"""Volunteers: skills as shared tags, weekly availability bits, hours from assignments."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from assocdesk.models import Contact, Skill, VolunteerProfile
from assocdesk.services import activities, contacts, volunteers
from assocdesk.services.common import ListQuery
from assocdesk.services.contacts import ContactInput
from assocdesk.services.errors import NotFound, ValidationError
from assocdesk.services.volunteers import Availability, VolunteerInput
from assocdesk.storage.engine import Database


def volunteer(name: str, skills: list[str] | None = None, **fields: object) -> VolunteerInput:
    return VolunteerInput(ContactInput(name=name), skills=skills or [], **fields)  # type: ignore[arg-type]


def add(db: Database, name: str, skills: list[str] | None = None, **fields: object) -> int:
    with db.transaction() as session:
        profile = volunteers.create(session, volunteer(name, skills, **fields))
        session.flush()
        return profile.id


def count(db: Database, model: type) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_availability_round_trips_through_bits() -> None:
    slots = frozenset({(0, 0), (5, 1), (5, 2), (6, 0), (6, 2)})
    availability = Availability(slots)
    bits = availability.to_bits()
    assert bits == (1 << 0) | (1 << 16) | (1 << 17) | (1 << 18) | (1 << 20)
    assert Availability.from_bits(bits) == availability
    assert Availability.from_bits(0) == Availability()
    every = Availability(frozenset((d, s) for d in range(7) for s in range(3)))
    assert every.to_bits() == 2**21 - 1
    assert Availability.from_bits(every.to_bits()) == every
    assert Availability(frozenset({(7, 0), (0, 3), (-1, 0)})).to_bits() == 0  # out of range
    assert availability.summary() == "Monday, Saturday, Sunday"


def test_create_get_update(db: Database, audit_events) -> None:
    available = Availability(frozenset({(5, 0), (6, 0)}))
    profile_id = add(
        db, "Leila", ["Cuisine", "Premiers secours"], availability=available, since=date(2023, 3, 1)
    )
    with db.transaction() as session:
        profile = volunteers.get(session, profile_id)
        assert [s.name for s in profile.skills] == ["Cuisine", "Premiers secours"]
        assert Availability.from_bits(profile.availability) == available
        assert profile.since == date(2023, 3, 1)
        later = Availability(frozenset({(2, 2)}))
        volunteers.update(session, profile_id, volunteer("Leila A.", ["طبخ"], availability=later))
    with db.reading() as session:
        profile = volunteers.get(session, profile_id)
        assert [s.name for s in profile.skills] == ["طبخ"]
        assert Availability.from_bits(profile.availability).slots == {(2, 2)}
        assert (profile.since, profile.contact.name) == (None, "Leila A.")
        events = audit_events(session, "volunteer_profiles", profile_id)
        assert [action for action, _ in events] == ["create", "update"]
        assert events[1][1]["before"]["availability"] == available.to_bits()
        assert events[1][1]["after"]["availability"] == later.to_bits()
        # The skills are kept as shared tags even when no one has them any more.
        assert volunteers.all_skills(session) == ["Cuisine", "Premiers secours", "طبخ"]


def test_unknown_volunteer_raises_not_found(db: Database) -> None:
    with db.reading() as session, pytest.raises(NotFound):
        volunteers.get(session, 5)


def test_same_skill_in_any_case_or_spelling_is_one_tag(db: Database) -> None:
    first = add(db, "A", ["Cuisine", " cuisine ", "CUISINE", "Accueil"])
    second = add(db, "B", ["cuisine", "accueil", "Cuisiné"])
    third = add(db, "C", ["إسعاف", "اسعاف"])
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Skill)) == 3
        assert volunteers.all_skills(session) == ["Accueil", "Cuisine", "إسعاف"]
        ids = lambda pid: {s.id for s in volunteers.get(session, pid).skills}  # noqa: E731
        assert ids(first) == ids(second)
        assert len(ids(third)) == 1
        assert [s.name for s in volunteers.get(session, second).skills] == ["Accueil", "Cuisine"]


@pytest.mark.parametrize("name", ["", "  "])
def test_empty_name_is_refused(db: Database, name: str) -> None:
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        volunteers.create(session, volunteer(name))
    assert caught.value.field == "name"
    assert "name" in caught.value.errors


def test_skill_too_long_is_refused(db: Database) -> None:
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        volunteers.create(session, volunteer("A", ["x" * 81]))
    assert caught.value.field == "skills"


def test_failed_validation_creates_no_skill(db: Database) -> None:
    """Regression: new skills were added to the session before the contact was validated, so a
    caller that caught the ValidationError (an import skipping bad rows) committed orphan tags."""
    bad_email = volunteer("A", ["Peinture"])
    bad_email.contact.email = "not-an-email"
    with db.transaction() as session:
        with pytest.raises(ValidationError):
            volunteers.create(session, volunteer("", ["Jardinage"]))
        with pytest.raises(ValidationError):
            volunteers.create(session, bad_email)
    assert (count(db, Skill), count(db, Contact), count(db, VolunteerProfile)) == (0, 0, 0)
    profile_id = add(db, "B", ["Accueil"])
    with db.transaction() as session, pytest.raises(ValidationError):
        volunteers.update(session, profile_id, volunteer(" ", ["Menuiserie"]))
    assert count(db, Skill) == 1


def test_existing_contact_becomes_a_volunteer_once(db: Database) -> None:
    with db.transaction() as session:
        donor = contacts.create(session, ContactInput(name="Donor"))
        session.flush()
        profile = volunteers.create(session, volunteer("ignored", ["Accueil"]), contact_id=donor.id)
        assert profile.contact_id == donor.id
    # Regression: a second profile for the same contact failed with an IntegrityError.
    with pytest.raises(ValidationError, match="already a volunteer"), db.transaction() as session:
        volunteers.create(session, volunteer("ignored"), contact_id=donor.id)
    assert count(db, VolunteerProfile) == 1


def test_archive_restore_and_list(db: Database) -> None:
    leila = add(db, "Leila", since=date(2020, 1, 1))
    add(db, "أحمد", since=date(2022, 1, 1))
    add(db, "Benali", since=date(2021, 1, 1))
    with db.transaction() as session:
        volunteers.set_archived(session, leila)
    with db.reading() as session:
        assert volunteers.count(session) == 2
        assert [r.name for r in volunteers.list_volunteers(session).rows] == ["Benali", "أحمد"]
        assert volunteers.list_volunteers(session, ListQuery(include_archived=True)).total == 3
    with db.transaction() as session:
        volunteers.set_archived(session, leila, archived=False)
    with db.reading() as session:

        def listed(**query: object) -> list[str]:
            page = volunteers.list_volunteers(session, ListQuery(**query))  # type: ignore[arg-type]
            return [row.name for row in page.rows]

        assert listed(sort="since") == ["Leila", "Benali", "أحمد"]
        assert listed(sort="since", descending=True) == ["أحمد", "Benali", "Leila"]
        assert listed(search="احمد") == ["أحمد"]
        page = volunteers.list_volunteers(session, ListQuery(sort="since"), offset=2, limit=5)
        assert ([r.name for r in page.rows], page.total) == (["أحمد"], 3)


def test_rows_show_skills_availability_and_hours(db: Database) -> None:
    profile_id = add(
        db, "Leila", ["Cuisine", "Accueil"], availability=Availability(frozenset({(5, 0)}))
    )
    with db.transaction() as session:
        contact_id = volunteers.get(session, profile_id).contact_id
        for day in (1, 2):
            activity = activities.create(
                session,
                activities.ActivityInput(
                    title=f"Day {day}", starts_at=datetime(2025, 5, day, 9), currency="MAD"
                ),
            )
            session.flush()
            activities.assign(session, activity.id, contact_id, role="cook", minutes=90)
    with db.reading() as session:
        # Hours are those of one year (the list shows this year's)
        (row,) = volunteers.rows(session, [profile_id], year=2025)
        (other_year,) = volunteers.rows(session, [profile_id], year=2024)
    assert (row.skills, row.availability, row.hours) == ("Accueil, Cuisine", "Saturday", 3.0)
    assert other_year.hours == 0
