"""Campaigns (funds): validation, archive, lists, and what they raised."""

from __future__ import annotations

from datetime import date

import pytest

from assocdesk.services import campaigns, donations
from assocdesk.services.campaigns import CampaignInput
from assocdesk.services.common import ListQuery
from assocdesk.services.errors import NotFound, ValidationError
from assocdesk.storage.engine import Database


def add(db: Database, name: str, **fields: object) -> int:
    fields.setdefault("currency", "MAD")
    with db.transaction() as session:
        campaign = campaigns.create(session, CampaignInput(name=name, **fields))  # type: ignore[arg-type]
        session.flush()
        return campaign.id


def invalid(db: Database, data: CampaignInput, campaign_id: int | None = None) -> ValidationError:
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        if campaign_id is None:
            campaigns.create(session, data)
        else:
            campaigns.update(session, campaign_id, data)
    assert caught.value.field in caught.value.errors
    return caught.value


def give(db: Database, campaign_id: int, amount: str, currency: str = "MAD") -> int:
    with db.transaction() as session:
        donation = donations.record(
            session,
            donations.DonationInput(
                amount=amount,
                currency=currency,
                donated_on=date(2025, 4, 1),
                campaign_id=campaign_id,
                anonymous=True,
            ),
        )
        session.flush()
        return donation.id


def test_create_get_update(db: Database, audit_events) -> None:
    campaign_id = add(
        db,
        " Ramadan  2025 ",
        goal="50 000",
        starts_on=date(2025, 3, 1),
        ends_on=date(2025, 3, 30),
        description="Paniers\nalimentaires",
    )
    with db.transaction() as session:
        campaign = campaigns.get(session, campaign_id)
        assert (campaign.name, campaign.goal_minor, campaign.currency) == (
            "Ramadan 2025",
            5_000_000,
            "MAD",
        )
        assert campaign.description == "Paniers\nalimentaires"
        campaigns.update(
            session, campaign_id, CampaignInput(name="Ramadan 2025", currency="mad", goal=None)
        )
    with db.reading() as session:
        campaign = campaigns.get(session, campaign_id)
        assert (campaign.goal_minor, campaign.starts_on, campaign.description) == (None, None, "")
        events = audit_events(session, "campaigns", campaign_id)
        assert [action for action, _ in events] == ["create", "update"]
        assert events[1][1]["before"] == {
            "goal_minor": 5_000_000,
            "starts_on": "2025-03-01",
            "ends_on": "2025-03-30",
            "description": "Paniers\nalimentaires",
        }


def test_unknown_campaign_raises_not_found(db: Database) -> None:
    with db.reading() as session, pytest.raises(NotFound):
        campaigns.get(session, 3)
    with db.transaction() as session, pytest.raises(NotFound):
        campaigns.set_archived(session, 3)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"currency": "ZZZ"}, "currency"),
        ({"goal": "-5"}, "goal"),
        ({"goal": "0"}, "goal"),
        ({"goal": "10.0012"}, "goal"),
        ({"goal": "beaucoup"}, "goal"),
        ({"starts_on": date(2025, 3, 2), "ends_on": date(2025, 3, 1)}, "ends_on"),
    ],
)
def test_invalid_campaign_is_refused(db: Database, fields: dict, field: str) -> None:
    data = CampaignInput(**{"name": "Ramadan", "currency": "MAD", **fields})
    assert invalid(db, data).field == field
    campaign_id = add(db, "Existing")
    assert invalid(db, data, campaign_id).field == field
    with db.reading() as session:
        assert campaigns.list_campaigns(session).total == 1


def test_goal_with_three_decimals_in_tnd(db: Database) -> None:
    campaign_id = add(db, "Tunis", currency="TND", goal="1500.125")
    with db.reading() as session:
        assert campaigns.get(session, campaign_id).goal_minor == 1_500_125


def test_same_day_start_and_end_is_fine(db: Database) -> None:
    add(db, "One day", starts_on=date(2025, 5, 1), ends_on=date(2025, 5, 1))


def test_archive_restore_and_choices(db: Database, audit_events) -> None:
    school, ramadan = add(db, "Rentrée scolaire"), add(db, "رمضان")
    with db.transaction() as session:
        campaigns.set_archived(session, school)
    with db.reading() as session:
        assert campaigns.choices(session) == [(ramadan, "رمضان")]
        assert [r.name for r in campaigns.list_campaigns(session).rows] == ["رمضان"]
        rows = campaigns.list_campaigns(session, ListQuery(include_archived=True)).rows
        assert {(r.name, r.archived) for r in rows} == {
            ("Rentrée scolaire", True),
            ("رمضان", False),
        }
    with db.transaction() as session:
        campaigns.set_archived(session, school, archived=False)
    with db.reading() as session:
        assert len(campaigns.choices(session)) == 2
        actions = [action for action, _ in audit_events(session, "campaigns", school)]
        assert actions == ["create", "archive", "restore"]


def test_list_search_sort_and_paging(db: Database) -> None:
    add(db, "Rentrée scolaire", goal="1000", starts_on=date(2025, 9, 1))
    add(db, "حملة رمضان", goal="5000", starts_on=date(2025, 3, 1))
    add(db, "Hiver solidaire", goal="3000", starts_on=date(2025, 12, 1))
    with db.reading() as session:

        def listed(**query: object) -> list[str]:
            page = campaigns.list_campaigns(session, ListQuery(**query))  # type: ignore[arg-type]
            return [row.name for row in page.rows]

        assert listed(sort="goal") == ["Rentrée scolaire", "Hiver solidaire", "حملة رمضان"]
        assert listed(sort="goal", descending=True) == [
            "حملة رمضان",
            "Hiver solidaire",
            "Rentrée scolaire",
        ]
        assert listed(sort="starts_on")[0] == "حملة رمضان"
        assert listed(sort="starts_on", descending=True)[0] == "Hiver solidaire"
        assert listed(search="rentree") == ["Rentrée scolaire"]
        assert listed(search="حمله") == ["حملة رمضان"]
        assert listed(search="aire") == ["Hiver solidaire", "Rentrée scolaire"]
        page = campaigns.list_campaigns(session, ListQuery(sort="goal"), offset=2, limit=10)
        assert ([r.name for r in page.rows], page.total, page.offset) == (["حملة رمضان"], 3, 2)


def test_raised_excludes_voided_donations(db: Database) -> None:
    campaign_id = add(db, "Ramadan", goal="1000")
    other_id = add(db, "Other")
    give(db, campaign_id, "100")
    voided = give(db, campaign_id, "250.50")
    give(db, campaign_id, "40.25")
    give(db, other_id, "999")
    with db.transaction() as session:
        donations.void(session, voided, "Entered twice")
    with db.reading() as session:
        rows = {r.name: r for r in campaigns.list_campaigns(session).rows}
    assert (rows["Ramadan"].raised_minor, rows["Ramadan"].donations) == (14025, 2)
    assert rows["Ramadan"].goal_minor == 100_000
    assert (rows["Other"].raised_minor, rows["Other"].donations) == (99900, 1)


def test_campaign_without_donations_raised_nothing(db: Database) -> None:
    add(db, "Empty")
    with db.reading() as session:
        (row,) = campaigns.list_campaigns(session).rows
    assert (row.raised_minor, row.donations) == (0, 0)


def test_raised_never_adds_up_different_currencies(db: Database) -> None:
    """Regression: 10 EUR (1000 cents) and 1.5 TND (1500 millimes) were added to the MAD
    centimes of a MAD campaign. The raised total counts gifts in the campaign's currency."""
    campaign_id = add(db, "Ramadan")
    give(db, campaign_id, "100")
    give(db, campaign_id, "10", currency="EUR")
    give(db, campaign_id, "1.5", currency="TND")
    with db.reading() as session:
        (row,) = campaigns.list_campaigns(session).rows
    assert (row.raised_minor, row.donations, row.currency) == (10000, 1, "MAD")
