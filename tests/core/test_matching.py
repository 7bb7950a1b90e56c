"""Matching volunteers to an activity's roles: skills, availability by day and time of day,
no double booking, the ranking, and one-click assignment."""

from __future__ import annotations

from datetime import datetime

import pytest

from assocdesk.models import ActivityStatus, ActivityType
from assocdesk.services import activities, matching, schedule, volunteers
from assocdesk.services.contacts import ContactInput
from assocdesk.services.errors import ValidationError
from assocdesk.services.volunteers import Availability, VolunteerInput
from assocdesk.storage.engine import Database

SATURDAY = datetime(2026, 3, 7, 9, 0)  # a Saturday morning
SAT, SUN = 5, 6
MORNING, AFTERNOON, EVENING = 0, 1, 2


def add_volunteer(
    db: Database,
    name: str,
    skills: list[str],
    slots: set[tuple[int, int]],
    preferred: list[str] | None = None,
) -> int:
    with db.transaction() as session:
        profile = volunteers.create(
            session,
            VolunteerInput(
                ContactInput(name=name),
                skills=skills,
                availability=Availability(frozenset(slots)),
                preferred_types=preferred or [],
            ),
        )
        session.flush()
        return profile.contact_id


def add_activity(
    db: Database,
    title: str,
    starts_at: datetime,
    ends_at: datetime | None = None,
    roles: dict[str, int] | None = None,
    **fields: object,
) -> int:
    with db.transaction() as session:
        activity = activities.create(
            session,
            activities.ActivityInput(
                title=title,
                starts_at=starts_at,
                ends_at=ends_at,
                currency="MAD",
                roles=roles or {},
                **fields,  # type: ignore[arg-type]
            ),
        )
        session.flush()
        return activity.id


def suggestions(db: Database, activity_id: int) -> list[matching.Suggestion]:
    with db.reading() as session:
        return matching.suggest(session, activity_id)


def test_slots_of_an_activity() -> None:
    assert schedule.slots_of(SATURDAY, None) == {(SAT, MORNING)}
    # 11:00 → 19:00 crosses noon and 6 pm
    assert schedule.slots_of(datetime(2026, 3, 7, 11), datetime(2026, 3, 7, 19)) == {
        (SAT, MORNING),
        (SAT, AFTERNOON),
        (SAT, EVENING),
    }
    # Saturday evening into Sunday morning
    assert schedule.slots_of(datetime(2026, 3, 7, 20), datetime(2026, 3, 8, 10)) == {
        (SAT, EVENING),
        (SUN, MORNING),
    }
    # Ends exactly at noon: the afternoon is not needed
    assert schedule.slots_of(SATURDAY, datetime(2026, 3, 7, 12)) == {(SAT, MORNING)}


def test_roles_are_skills_and_counted(db: Database) -> None:
    activity_id = add_activity(
        db, "Food drive", SATURDAY, roles={"Cuisine": 2, "cuisine ": 1, "Driving": 1}
    )
    with db.reading() as session:
        needs = matching.roles_status(session, activity_id)
    assert [(n.skill, n.needed, n.assigned, n.missing) for n in needs] == [
        ("Cuisine", 3, 0, 3),
        ("Driving", 1, 0, 1),
    ]
    with pytest.raises(ValidationError) as error, db.transaction() as session:
        activities.create(
            session,
            activities.ActivityInput(title="x", starts_at=SATURDAY, currency="MAD", roles={"a": 0}),
        )
    assert "roles" in error.value.errors


def test_skill_and_availability_rank_first(db: Database) -> None:
    cook_free = add_volunteer(db, "Amina", ["cuisine"], {(SAT, MORNING)})
    cook_busy_day = add_volunteer(db, "Brahim", ["Cuisine"], {(SUN, MORNING)})
    free_no_skill = add_volunteer(db, "Chama", ["Driving"], {(SAT, MORNING)})
    cook_afternoon = add_volunteer(db, "Driss", ["cuisine"], {(SAT, AFTERNOON)})
    activity_id = add_activity(db, "Food drive", SATURDAY, roles={"Cuisine": 2})

    ranked = suggestions(db, activity_id)
    assert [s.contact_id for s in ranked] == [
        cook_free,  # skill ✓ available ✓
        cook_busy_day,  # skill ✓ (alphabetical among the unavailable cooks)
        cook_afternoon,  # skill ✓, free on Saturday but in the afternoon only
        free_no_skill,  # available, but not the skill a role needs
    ]
    first = ranked[0]
    # One shared tag whatever the spelling; it keeps the first one typed.
    assert first.skill == "cuisine" and first.availability == "full" and first.assignable
    assert [(r.kind, r.ok) for r in first.reasons] == [("skill", True), ("available", True)]
    assert "✓ cuisine" in first.explanation()
    assert "free Saturday morning" in first.explanation()
    last = ranked[-1]
    assert [(r.kind, r.ok) for r in last.reasons] == [("skill", False), ("available", True)]
    assert last.skill_id is None


def test_partly_free_ranks_between_free_and_not_free(db: Database) -> None:
    whole = add_volunteer(db, "A", ["Cuisine"], {(SAT, MORNING), (SAT, AFTERNOON)})
    part = add_volunteer(db, "B", ["Cuisine"], {(SAT, MORNING)})
    none = add_volunteer(db, "C", ["Cuisine"], set())
    activity_id = add_activity(
        db, "Long day", datetime(2026, 3, 7, 10), datetime(2026, 3, 7, 15), roles={"Cuisine": 1}
    )
    ranked = suggestions(db, activity_id)
    assert [(s.contact_id, s.availability) for s in ranked] == [
        (whole, "full"),
        (part, "partial"),
        (none, "none"),
    ]


def test_preferred_type_breaks_a_tie(db: Database) -> None:
    plain = add_volunteer(db, "Aicha", ["Cuisine"], {(SAT, MORNING)})
    fan = add_volunteer(db, "Zineb", ["Cuisine"], {(SAT, MORNING)}, [ActivityType.FOOD_BASKETS])
    activity_id = add_activity(
        db, "Baskets", SATURDAY, roles={"Cuisine": 1}, type=ActivityType.FOOD_BASKETS
    )
    ranked = suggestions(db, activity_id)
    assert [s.contact_id for s in ranked] == [fan, plain]
    assert ranked[0].reasons[-1].kind == "prefers"


def test_never_double_booked_on_overlapping_activities(db: Database) -> None:
    cook = add_volunteer(db, "Amina", ["Cuisine"], {(SAT, MORNING)})
    other = add_volunteer(db, "Brahim", ["Cuisine"], set())
    first = add_activity(db, "School kits", datetime(2026, 3, 7, 8), datetime(2026, 3, 7, 10, 30))
    second = add_activity(db, "Food drive", SATURDAY, roles={"Cuisine": 1})  # 9:00, no end
    later = add_activity(db, "Afternoon", datetime(2026, 3, 7, 14), roles={"Cuisine": 1})
    cancelled = add_activity(
        db, "Called off", SATURDAY, status=ActivityStatus.CANCELLED, roles={"Cuisine": 1}
    )
    with db.transaction() as session:
        activities.assign(session, first, cook)
        activities.assign(session, cancelled, other)  # a cancelled activity books nobody

    ranked = suggestions(db, second)
    assert [s.contact_id for s in ranked] == [other, cook]  # booked: last, not assignable
    booked = ranked[-1]
    assert not booked.assignable and booked.booked_on == ("School kits",)
    assert ("booked", False) in [(r.kind, r.ok) for r in booked.reasons]
    assert "✗ already on “School kits”" in booked.explanation()

    with pytest.raises(ValidationError, match="already on “School kits”"), db.transaction() as s:
        matching.assign_suggested(s, second, cook, None)
    with pytest.raises(ValidationError), db.transaction() as s:
        activities.assign(s, second, cook)
    # 14:00 does not overlap 8:00–10:30
    assert suggestions(db, later)[0].contact_id == cook
    with db.transaction() as s:
        matching.assign_suggested(s, later, cook, None)


def test_activity_without_end_lasts_two_hours_for_overlaps(db: Database) -> None:
    cook = add_volunteer(db, "Amina", [], set())
    first = add_activity(db, "Morning", datetime(2026, 3, 7, 9))
    at_ten = add_activity(db, "At ten", datetime(2026, 3, 7, 10))
    at_eleven = add_activity(db, "At eleven", datetime(2026, 3, 7, 11))
    with db.transaction() as session:
        activities.assign(session, first, cook)
    assert not suggestions(db, at_ten)[0].assignable
    assert suggestions(db, at_eleven)[0].assignable


def test_assign_in_one_click_fills_the_role(db: Database) -> None:
    amina = add_volunteer(db, "Amina", ["Cuisine"], {(SAT, MORNING)})
    brahim = add_volunteer(db, "Brahim", ["Cuisine", "Driving"], {(SAT, MORNING)})
    activity_id = add_activity(db, "Food drive", SATURDAY, roles={"Cuisine": 1, "Driving": 1})
    first = suggestions(db, activity_id)[0]
    assert first.contact_id == amina and first.skill == "Cuisine"
    with db.transaction() as session:
        matching.assign_suggested(session, activity_id, first.contact_id, first.skill_id)
    with db.reading() as session:
        needs = matching.roles_status(session, activity_id)
        assert matching.missing_summary(needs) == "Driving × 1"
    # Cooking is full now: Brahim is suggested for the role still missing
    again = suggestions(db, activity_id)
    assert [(s.contact_id, s.skill) for s in again] == [(brahim, "Driving")]
    with pytest.raises(ValidationError), db.transaction() as session:
        matching.assign_suggested(session, activity_id, amina, None)  # already on it
    with db.transaction() as session:
        matching.assign_suggested(session, activity_id, brahim, again[0].skill_id)
    with db.reading() as session:
        assert matching.missing_summary(matching.roles_status(session, activity_id)) == ""
        assert matching.suggest(session, activity_id) == []


def test_archived_volunteers_are_not_suggested(db: Database) -> None:
    kept = add_volunteer(db, "Amina", [], set())
    gone = add_volunteer(db, "Brahim", [], set())
    with db.transaction() as session:
        from assocdesk.services import contacts

        contacts.set_archived(session, gone)
    activity_id = add_activity(db, "Drive", SATURDAY)
    assert [s.contact_id for s in suggestions(db, activity_id)] == [kept]
