"""Attendance and hours: only volunteers who came count, per calendar year; beneficiaries per
year and group; the shared skill list renamed, merged and deleted in one place."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from assocdesk.models import ActivityStatus, BeneficiaryGroup, Skill
from assocdesk.services import activities, beneficiaries, hours, matching, skills, volunteers
from assocdesk.services.common import ListQuery
from assocdesk.services.errors import NotFound, ValidationError
from assocdesk.services.hours import Attendance
from assocdesk.storage.engine import Database
from tests.core.test_matching import add_activity, add_volunteer


def test_attendance_and_totals_by_year(db: Database) -> None:
    amina = add_volunteer(db, "Amina", [], set())
    brahim = add_volunteer(db, "Brahim", [], set())
    december = add_activity(db, "December drive", datetime(2025, 12, 20, 9))
    january = add_activity(db, "January drive", datetime(2026, 1, 10, 9))
    march = add_activity(db, "March drive", datetime(2026, 3, 7, 9))
    cancelled = add_activity(
        db, "Called off", datetime(2026, 4, 4, 9), status=ActivityStatus.CANCELLED
    )
    with db.transaction() as session:
        for activity_id in (december, january, march, cancelled):
            matching.assign_suggested(session, activity_id, amina, None)
        matching.assign_suggested(session, march, brahim, None)
    with db.reading() as session:
        assert hours.hours_by_year(session, amina) == []  # assigned is not attended
    with db.transaction() as session:
        hours.record_attendance(session, december, [Attendance(amina, True, 180)])
        hours.record_attendance(session, january, [Attendance(amina, True, 90)])
        changed = hours.record_attendance(
            session, march, [Attendance(amina, True, 150), Attendance(brahim, False, 120)]
        )
        assert changed == 1  # Brahim was already "not came", with no time
        hours.record_attendance(session, cancelled, [Attendance(amina, True, 600)])
    with db.reading() as session:
        by_year = hours.hours_by_year(session, amina)
        assert [(y.year, y.activities, y.minutes, y.hours) for y in by_year] == [
            (2026, 2, 240, 4.0),
            (2025, 1, 180, 3.0),
        ]
        assert hours.hours_by_year(session, brahim) == []  # did not come
        assert hours.minutes_in_year(session, [amina, brahim], 2026) == {amina: 240}
        team = {row.name: row for row in hours.team(session, march)}
        assert (team["Brahim"].attended, team["Brahim"].minutes) == (False, 0)
        assert (team["Amina"].attended, team["Amina"].minutes) == (True, 150)
        lines = hours.volunteered_in(session, amina, 2026)
        assert [(line.title, line.minutes) for line in lines] == [
            ("January drive", 90),
            ("March drive", 150),
        ]
        # The volunteers list shows the hours of the year asked for
        profile_ids = volunteers.ids(session, ListQuery())
        shown = {r.name: r.hours for r in volunteers.rows(session, profile_ids, year=2026)}
        assert shown == {"Amina": 4.0, "Brahim": 0.0}
        shown = {r.name: r.hours for r in volunteers.rows(session, profile_ids, year=2025)}
        assert shown == {"Amina": 3.0, "Brahim": 0.0}


def test_attendance_refuses_bad_time_and_strangers(db: Database) -> None:
    amina = add_volunteer(db, "Amina", [], set())
    stranger = add_volunteer(db, "Brahim", [], set())
    activity_id = add_activity(db, "Drive", datetime(2026, 3, 7, 9))
    with db.transaction() as session:
        matching.assign_suggested(session, activity_id, amina, None)
    with pytest.raises(ValidationError), db.transaction() as session:
        hours.record_attendance(session, activity_id, [Attendance(amina, True, -30)])
    with pytest.raises(NotFound), db.transaction() as session:
        hours.record_attendance(session, activity_id, [Attendance(stranger, True, 30)])
    with db.transaction() as session:
        activities.unassign(session, activity_id, amina)
    with db.reading() as session:
        assert hours.team(session, activity_id) == []


def test_beneficiaries_totals_per_year_and_group(db: Database) -> None:
    def done(
        title: str, when: datetime, people: int, groups: dict[str, int], **extra: object
    ) -> int:
        return add_activity(
            db,
            title,
            when,
            status=extra.pop("status", ActivityStatus.DONE),
            beneficiaries_count=people,
            beneficiary_groups=groups,
        )

    done("A", datetime(2025, 5, 1, 9), 40, {"children": 30, "women": 10})
    done("B", datetime(2026, 2, 1, 9), 25, {"children": 5, "elderly": 20})
    done("C", datetime(2026, 6, 1, 9), 12, {"disabilities": 2, "families": 10})
    done("Planned", datetime(2026, 9, 1, 9), 99, {"children": 99}, status=ActivityStatus.PLANNED)
    with db.reading() as session:
        totals = beneficiaries.totals_by_year(session)
    assert [(t.year, t.activities, t.people) for t in totals] == [(2026, 2, 37), (2025, 1, 40)]
    assert totals[0].by_group == {
        BeneficiaryGroup.CHILDREN: 5,
        BeneficiaryGroup.ELDERLY: 20,
        BeneficiaryGroup.DISABILITIES: 2,
        BeneficiaryGroup.FAMILIES: 10,
    }
    assert totals[1].group(BeneficiaryGroup.WOMEN) == 10
    assert totals[1].group(BeneficiaryGroup.OTHER) == 0


def _skill_id(db: Database, name: str) -> int:
    with db.reading() as session:
        return session.scalar(select(Skill.id).where(Skill.name == name))


def test_skills_rename_merge_delete(db: Database) -> None:
    amina = add_volunteer(db, "Amina", ["Cuisine", "Driving"], set())
    add_volunteer(db, "Brahim", ["Cooking"], set())
    activity_id = add_activity(db, "Drive", datetime(2026, 3, 7, 9), roles={"Cooking": 2})
    cooking, cuisine = _skill_id(db, "Cooking"), _skill_id(db, "Cuisine")
    with db.transaction() as session:
        matching.assign_suggested(session, activity_id, amina, None)
        activities.assign(session, activity_id, amina, "Cooking", 0, skill_id=cooking)

    with db.reading() as session:
        usage = {row.name: (row.volunteers, row.activities) for row in skills.list_skills(session)}
    assert usage == {"Cooking": (1, 1), "Cuisine": (1, 0), "Driving": (1, 0)}

    with pytest.raises(ValidationError, match="merge"), db.transaction() as session:
        skills.rename(session, cuisine, " cooking ")
    with db.transaction() as session:
        skills.rename(session, cooking, "Cuisine du monde")
    with db.reading() as session:
        assert hours.team(session, activity_id)[0].role == "Cuisine du monde"

    with db.transaction() as session:
        skills.merge(session, cuisine, cooking)
    with db.reading() as session:
        usage = {row.name: (row.volunteers, row.activities) for row in skills.list_skills(session)}
        assert usage == {"Cuisine du monde": (2, 1), "Driving": (1, 0)}
        needs = matching.roles_status(session, activity_id)
        assert [(n.skill, n.needed, n.assigned) for n in needs] == [("Cuisine du monde", 2, 1)]

    with db.transaction() as session:
        skills.delete_skill(session, cooking)
    with db.reading() as session:
        assert [row.name for row in skills.list_skills(session)] == ["Driving"]
        assert matching.roles_status(session, activity_id) == []
        assert hours.team(session, activity_id)[0].skill_id is None
        profile = volunteers.get(session, volunteers.ids(session, ListQuery())[0])
        assert [s.name for s in profile.skills] == ["Driving"]


def test_languages_and_preferred_types(db: Database) -> None:
    from assocdesk.services.contacts import ContactInput

    with db.transaction() as session:
        profile = volunteers.create(
            session,
            volunteers.VolunteerInput(
                ContactInput(name="Amina"),
                languages=["Darija", " darija", "Tamazight", ""],
                preferred_types=["training", "food_baskets", "training"],
            ),
        )
        session.flush()
        profile_id = profile.id
    with db.reading() as session:
        profile = volunteers.get(session, profile_id)
        assert volunteers.languages_of(profile) == ["Darija", "Tamazight"]
        assert volunteers.preferred_types_of(profile) == ["food_baskets", "training"]
    with pytest.raises(ValidationError) as error, db.transaction() as session:
        volunteers.update(
            session,
            profile_id,
            volunteers.VolunteerInput(ContactInput(name="Amina"), preferred_types=["karaoke"]),
        )
    assert "preferred_types" in error.value.errors
