"""What a new form proposes: the value of the record entered last (issue 20, point 7)."""

from __future__ import annotations

from datetime import date, datetime

from assocdesk.models import ActivityType, Membership
from assocdesk.services import (
    activities,
    association,
    campaigns,
    contacts,
    donations,
    members,
    recent_choices,
)
from assocdesk.services.contacts import ContactInput
from assocdesk.storage.engine import Database


def add_member(db: Database, number: str, category: str) -> None:
    with db.transaction() as session:
        members.create(
            session,
            members.MemberInput(
                ContactInput(name=f"Member {number}"),
                number=number,
                category=category,
                joined_on=date(2025, 1, 1),
            ),
        )


def add_campaign(db: Database, name: str) -> int:
    with db.transaction() as session:
        campaign = campaigns.create(session, campaigns.CampaignInput(name=name, currency="MAD"))
        session.flush()
        return campaign.id


def add_activity(db: Database, kind: str, campaign_id: int | None) -> None:
    data = activities.ActivityInput(
        title="Ftour",
        starts_at=datetime(2025, 3, 1, 18),
        currency="MAD",
        type=kind,
        campaign_id=campaign_id,
    )
    with db.transaction() as session:
        activities.create(session, data)


def add_donation(db: Database, campaign_id: int | None) -> None:
    data = donations.DonationInput(
        amount="100",
        currency="MAD",
        donated_on=date(2025, 3, 1),
        anonymous=True,
        campaign_id=campaign_id,
    )
    with db.transaction() as session:
        donations.record(session, data)


def add_contact(db: Database, name: str, country: str) -> None:
    with db.transaction() as session:
        contacts.create(session, ContactInput(name=name, country=country))


def read(db: Database, query):
    with db.reading() as session:
        return query(session)


def test_nothing_entered_yet_proposes_nothing(db: Database) -> None:
    assert read(db, recent_choices.member_category) is None
    assert read(db, recent_choices.activity_type) is None
    assert read(db, recent_choices.activity_campaign) is None
    assert read(db, recent_choices.donation_campaign) is None
    assert read(db, recent_choices.contact_country) == ""


def test_member_category_is_the_last_members(db: Database) -> None:
    add_member(db, "0001", "Actif")
    add_member(db, "0002", "Honoraire")
    assert read(db, recent_choices.member_category) == "Honoraire"
    add_member(db, "0003", "")  # no category is a choice too
    assert read(db, recent_choices.member_category) == ""


def test_activity_type_and_campaign_are_the_last_activitys(db: Database) -> None:
    ramadan, school = add_campaign(db, "Ramadan"), add_campaign(db, "Rentrée")
    add_activity(db, ActivityType.FOOD_BASKETS, ramadan)
    add_activity(db, ActivityType.OTHER, school)
    assert read(db, recent_choices.activity_type) == ActivityType.OTHER
    assert read(db, recent_choices.activity_campaign) == school
    assert read(db, recent_choices.donation_campaign) is None  # activities are not donations


def test_donation_campaign_is_the_last_donations(db: Database) -> None:
    ramadan = add_campaign(db, "Ramadan")
    add_donation(db, None)
    add_donation(db, ramadan)
    assert read(db, recent_choices.donation_campaign) == ramadan
    add_donation(db, None)
    assert read(db, recent_choices.donation_campaign) is None


def test_country_is_the_last_known_then_the_associations(db: Database) -> None:
    with db.transaction() as session:
        association.save(session, association.ProfileInput(name_fr="Nour", country="MA"))
    assert read(db, recent_choices.contact_country) == "MA"
    add_contact(db, "Amine", "DZ")
    add_contact(db, "Sans pays", "")  # a contact without a country does not reset it
    assert read(db, recent_choices.contact_country) == "DZ"


def test_ties_on_the_creation_time_go_to_the_later_record(db: Database) -> None:
    """An import creates many records within the same instant: the last one still wins."""
    with db.transaction() as session:
        for number, category in (("0001", "A"), ("0002", "B"), ("0003", "C")):
            members.create(
                session,
                members.MemberInput(
                    ContactInput(name=number),
                    number=number,
                    category=category,
                    joined_on=date(2025, 1, 1),
                ),
            )
        session.flush()
        moment = datetime(2025, 1, 1)
        for membership in session.query(Membership):
            membership.created_at = moment
    assert read(db, recent_choices.member_category) == "C"
