"""Activities: validation, beneficiary groups, volunteers on an activity, lists."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from assocdesk.services import activities, campaigns, contacts
from assocdesk.services.activities import ActivityInput, normalize_hashtags
from assocdesk.services.common import ListQuery
from assocdesk.services.errors import NotFound, ValidationError
from assocdesk.storage.engine import Database

START = datetime(2025, 3, 15, 9, 0)


def activity(title: str = "Paniers", **fields: object) -> ActivityInput:
    fields.setdefault("starts_at", START)
    fields.setdefault("currency", "MAD")
    return ActivityInput(title=title, **fields)  # type: ignore[arg-type]


def add(db: Database, title: str = "Paniers", **fields: object) -> int:
    with db.transaction() as session:
        created = activities.create(session, activity(title, **fields))
        session.flush()
        return created.id


def invalid(db: Database, data: ActivityInput) -> ValidationError:
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        activities.create(session, data)
    assert caught.value.field in caught.value.errors
    return caught.value


def groups(db: Database, activity_id: int) -> dict[str, int]:
    with db.reading() as session:
        return {
            g.group_code: g.count for g in activities.get(session, activity_id).beneficiary_groups
        }


def test_create_get_update(db: Database, audit_events) -> None:
    activity_id = add(
        db,
        " Distribution de paniers ",
        type="food_baskets",
        place="Douar Tizi",
        ends_at=START + timedelta(hours=4),
        cost="1 250,50",
        beneficiaries_count=120,
        hashtags="Ramadan, #solidarité ramadan",
    )
    with db.transaction() as session:
        created = activities.get(session, activity_id)
        assert created.title == "Distribution de paniers"
        assert (created.cost_minor, created.hashtags) == (125050, "#Ramadan #solidarité")
        assert created.status == "planned"
        data = activity("Distribution de paniers", status="done", beneficiaries_count=130)
        activities.update(session, activity_id, data)
    with db.reading() as session:
        updated = activities.get(session, activity_id)
        assert (updated.status, updated.beneficiaries_count, updated.cost_minor) == (
            "done",
            130,
            None,
        )
        events = audit_events(session, "activities", activity_id)
        assert [action for action, _ in events] == ["create", "update"]
        assert events[1][1]["before"]["status"] == "planned"
        assert events[1][1]["after"]["status"] == "done"
        assert "title" not in events[1][1]["after"]  # unchanged fields are left out


def test_unknown_activity_raises_not_found(db: Database) -> None:
    with db.reading() as session, pytest.raises(NotFound):
        activities.get(session, 8)
    with db.transaction() as session, pytest.raises(NotFound):
        activities.update(session, 8, activity())


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": " \u202e "}, "title"),
        ({"starts_at": None}, "starts_at"),
        ({"ends_at": START - timedelta(minutes=1)}, "ends_at"),
        ({"type": "party"}, "type"),
        ({"status": "maybe"}, "status"),
        ({"beneficiaries_count": -1}, "beneficiaries_count"),
        ({"beneficiary_groups": {"aliens": 3}}, "beneficiary_groups"),
        ({"beneficiary_groups": {"children": -3}}, "beneficiary_groups"),
        ({"cost": "-10"}, "cost"),
        ({"cost": "10.1234"}, "cost"),
        ({"cost": "dix"}, "cost"),
        ({"currency": "DIRHAM"}, "currency"),
        ({"campaign_id": 77}, "campaign_id"),
    ],
)
def test_invalid_activity_is_refused(db: Database, fields: dict, field: str) -> None:
    fields = dict(fields)  # the parameters are shared by both backends' runs: not popped there
    title = fields.pop("title", "Paniers")
    assert invalid(db, activity(title, **fields)).field == field
    with db.reading() as session:
        assert activities.list_activities(session, ListQuery(include_archived=True)).total == 0


def test_end_equal_to_start_is_fine(db: Database) -> None:
    add(db, ends_at=START)


def test_beneficiary_groups_are_saved_and_updated(db: Database) -> None:
    activity_id = add(db, beneficiary_groups={"children": 40, "women": 25, "elderly": 0})
    assert groups(db, activity_id) == {"children": 40, "women": 25}
    with db.transaction() as session:
        activities.update(
            session, activity_id, activity(beneficiary_groups={"children": 45, "families": 12})
        )
    assert groups(db, activity_id) == {"children": 45, "families": 12}
    with db.transaction() as session:
        activities.update(session, activity_id, activity(beneficiary_groups={}))
    assert groups(db, activity_id) == {}


def test_campaign_link(db: Database) -> None:
    with db.transaction() as session:
        fund = campaigns.create(session, campaigns.CampaignInput(name="Hiver", currency="MAD"))
        session.flush()
        fund_id = fund.id
    activity_id = add(db, campaign_id=fund_id)
    with db.reading() as session:
        assert activities.get(session, activity_id).campaign.name == "Hiver"


def test_volunteers_are_assigned_once_and_updated(db: Database, audit_events) -> None:
    activity_id = add(db)
    with db.transaction() as session:
        leila = contacts.create(session, contacts.ContactInput(name="Leila"))
        session.flush()
        first = activities.assign(session, activity_id, leila.id, role="cuisine", minutes=120)
        session.flush()
        again = activities.assign(session, activity_id, leila.id, role="accueil", minutes=90)
        assert again.id == first.id
        leila_id, assignment_id = leila.id, first.id
    with db.reading() as session:
        (row,) = activities.list_activities(session).rows
        assert row.volunteers == 1
        events = audit_events(session, "volunteer_assignments", assignment_id)
        assert [action for action, _ in events] == ["create", "update"]
        assert events[1][1]["after"] == {"role": "accueil", "minutes": 90}
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        activities.assign(session, activity_id, leila_id, minutes=-5)
    assert caught.value.field == "minutes"
    with db.transaction() as session, pytest.raises(NotFound):
        activities.assign(session, activity_id, 999)
    with db.transaction() as session, pytest.raises(NotFound):
        activities.assign(session, 999, leila_id)


def test_archive_and_restore(db: Database, audit_events) -> None:
    kept, archived = add(db, "Kept"), add(db, "Archived")
    with db.transaction() as session:
        activities.set_archived(session, archived)
    with db.reading() as session:
        assert [r.title for r in activities.list_activities(session).rows] == ["Kept"]
        assert activities.count(session) == 1
        rows = activities.list_activities(session, ListQuery(include_archived=True)).rows
        assert {(r.title, r.archived) for r in rows} == {("Kept", False), ("Archived", True)}
    with db.transaction() as session:
        activities.set_archived(session, archived, archived=False)
    with db.reading() as session:
        assert activities.count(session) == 2
        assert [a for a, _ in audit_events(session, "activities", archived)] == [
            "create",
            "archive",
            "restore",
        ]
        assert [a for a, _ in audit_events(session, "activities", kept)] == ["create"]


def test_list_search_sort_and_paging(db: Database) -> None:
    add(db, "Kits scolaires", starts_at=datetime(2025, 9, 1), place="Fès", beneficiaries_count=5)
    add(db, "قافلة طبية", starts_at=datetime(2025, 5, 1), place="تازة", beneficiaries_count=50)
    add(db, "Nettoyage plage", starts_at=datetime(2025, 7, 1), beneficiaries_count=20)
    with db.reading() as session:

        def listed(**query: object) -> list[str]:
            page = activities.list_activities(session, ListQuery(**query))  # type: ignore[arg-type]
            return [row.title for row in page.rows]

        assert listed() == ["Kits scolaires", "Nettoyage plage", "قافلة طبية"]  # newest first
        assert listed(sort="starts_at") == ["قافلة طبية", "Nettoyage plage", "Kits scolaires"]
        assert listed(sort="beneficiaries_count") == [
            "Kits scolaires",
            "Nettoyage plage",
            "قافلة طبية",
        ]
        assert listed(sort="beneficiaries_count", descending=True)[0] == "قافلة طبية"
        assert listed(search="قافله") == ["قافلة طبية"]
        assert listed(search="fes") == ["Kits scolaires"]  # the place is searched too
        assert listed(search="kits plage") == []
        page = activities.list_activities(session, ListQuery(sort="starts_at"), offset=1, limit=1)
        assert ([r.title for r in page.rows], page.total) == (["Nettoyage plage"], 3)


def test_upcoming_lists_planned_future_activities(db: Database) -> None:
    now = datetime(2025, 6, 1, 12, 0)
    add(db, "Past", starts_at=now - timedelta(days=1))
    add(db, "Later", starts_at=now + timedelta(days=10))
    add(db, "Soon", starts_at=now + timedelta(days=1))
    add(db, "Cancelled", starts_at=now + timedelta(days=2), status="cancelled")
    archived = add(db, "Archived", starts_at=now + timedelta(days=3))
    with db.transaction() as session:
        activities.set_archived(session, archived)
    with db.reading() as session:
        assert [r.title for r in activities.upcoming(session, now)] == ["Soon", "Later"]
        assert [r.title for r in activities.upcoming(session, now, limit=1)] == ["Soon"]


def test_normalize_hashtags() -> None:
    assert normalize_hashtags("Ramadan, #solidarité ramadan") == "#Ramadan #solidarité"
    assert normalize_hashtags("تضامن، #رمضان ##") == "#تضامن #رمضان"
    assert normalize_hashtags("") == ""
