"""What a form reads: each service's ``details`` is a frozen dataclass, complete once its
session is closed, and the list queries load what they show in a fixed number of statements."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event

from assocdesk.models import Base
from assocdesk.services import (
    activities,
    association,
    campaigns,
    contacts,
    donations,
    hours,
    members,
    volunteers,
)
from assocdesk.services.common import ListQuery
from assocdesk.services.contacts import ContactInput
from assocdesk.services.errors import NotFound
from assocdesk.storage.engine import Database
from assocdesk.usecases import erasing


def frozen(value: object) -> None:
    """A frozen dataclass: the UI may keep it, and cannot change it behind the service."""
    assert dataclasses.is_dataclass(value) and value.__dataclass_params__.frozen  # type: ignore[union-attr]
    first = dataclasses.fields(value)[0].name  # type: ignore[arg-type]
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(value, first, 0)


def read(db: Database, query: Callable) -> object:  # type: ignore[type-arg]
    """``query`` in a session that is closed before the result is looked at."""
    with db.reading() as session:
        result = query(session)
    session.close()
    return result


def test_contact_details(db: Database) -> None:
    data = ContactInput(
        name="Salma Idrissi",
        phone="0661 23 45 67",
        city="Fès",
        country="MA",
        gender="female",
        id_kind="CIN",
        id_number="AB123456",
        consent_contact=True,
        notes="Prefers mornings",
    )
    with db.transaction() as session:
        contact_id = contacts.create(session, data).id
    found = read(db, lambda s: contacts.details(s, contact_id))
    frozen(found)
    assert isinstance(found, contacts.ContactDetails)
    assert found.id == contact_id and found.name == "Salma Idrissi"
    assert (found.values.city, found.values.gender, found.values.id_number) == (
        "Fès",
        "female",
        "AB123456",
    )
    assert found.values.notes == "Prefers mornings" and found.values.consent_contact
    assert isinstance(found.consent_at["consent_contact"], datetime)
    assert found.consent_at["consent_publish_name"] is None
    assert not found.erased and not found.archived
    with pytest.raises(TypeError):
        found.consent_at["consent_contact"] = None  # type: ignore[index]
    # What the form sends back unchanged saves unchanged.
    with db.transaction() as session:
        contacts.update(session, contact_id, found.values)
    assert read(db, lambda s: contacts.details(s, contact_id)) == found


def test_erased_contact_details_show_the_placeholder(db: Database) -> None:
    with db.transaction() as session:
        contact_id = contacts.create(session, ContactInput(name="Yassine")).id
    with db.transaction() as session:
        erasing.erase_person(session, contact_id)
    found = read(db, lambda s: contacts.details(s, contact_id))
    assert found.erased and found.name == contacts.display_name_of_erased()


def test_member_details(db: Database) -> None:
    data = members.MemberInput(
        ContactInput(name="Karim Benali", city="Oujda"),
        number="0042",
        category="Actif",
        joined_on=date(2023, 9, 1),
        left_on=date(2025, 6, 30),
    )
    with db.transaction() as session:
        membership = members.create(session, data)
        session.flush()
        membership_id, contact_id = membership.id, membership.contact_id
    found = read(db, lambda s: members.details(s, membership_id))
    frozen(found)
    assert (found.id, found.contact_id, found.number, found.category) == (
        membership_id,
        contact_id,
        "0042",
        "Actif",
    )
    assert (found.joined_on, found.left_on) == (date(2023, 9, 1), date(2025, 6, 30))
    assert found.contact.name == "Karim Benali" and found.contact.values.city == "Oujda"
    assert read(db, lambda s: members.contact_id_of(s, membership_id)) == contact_id


def test_volunteer_details(db: Database) -> None:
    data = volunteers.VolunteerInput(
        ContactInput(name="Nadia"),
        skills=["Cooking", "First aid"],
        availability=volunteers.Availability(frozenset({(5, 0), (6, 2)})),
        since=date(2022, 3, 1),
        languages=["Darija", "French"],
        preferred_types=["food_baskets"],
    )
    with db.transaction() as session:
        profile = volunteers.create(session, data)
        session.flush()
        profile_id, contact_id = profile.id, profile.contact_id
        activity = activities.create(
            session,
            activities.ActivityInput(
                "Iftar", datetime(2025, 3, 10, 17, tzinfo=UTC), "MAD", status="done"
            ),
        )
        session.flush()
        activities.assign(session, activity.id, contact_id, minutes=90, attended=True)
    found = read(db, lambda s: volunteers.details(s, profile_id))
    frozen(found)
    assert found.contact_id == contact_id and found.contact.name == "Nadia"
    assert found.skills == ("Cooking", "First aid")
    assert found.languages == ("Darija", "French")
    assert found.availability.slots == {(5, 0), (6, 2)}
    assert found.preferred_types == ("food_baskets",) and found.since == date(2022, 3, 1)
    assert found.hours_by_year == (hours.YearHours(2025, 1, 90),)
    assert read(db, lambda s: volunteers.contact_id_of(s, profile_id)) == contact_id


def test_activity_details(db: Database) -> None:
    with db.transaction() as session:
        campaign_id = campaigns.create(session, campaigns.CampaignInput("Ramadan 2025", "MAD")).id
        session.flush()
        activity = activities.create(
            session,
            activities.ActivityInput(
                "Distribution of baskets",
                datetime(2025, 3, 10, 9, tzinfo=UTC),
                "MAD",
                ends_at=datetime(2025, 3, 10, 13, tzinfo=UTC),
                type="food_baskets",
                place="Hay Mohammadi",
                beneficiaries_count=120,
                beneficiary_groups={"families": 40},
                cost="1500,50",
                campaign_id=campaign_id,
                hashtags="#solidarité",
                roles={"Driving": 2, "Cooking": 1},
            ),
        )
        session.flush()
        activity_id = activity.id
    found = read(db, lambda s: activities.details(s, activity_id))
    frozen(found)
    values = found.values
    assert (values.title, values.place, values.type) == (
        "Distribution of baskets",
        "Hay Mohammadi",
        "food_baskets",
    )
    assert values.ends_at is not None and values.ends_at.hour == 13
    assert values.beneficiaries_count == 120 and values.beneficiary_groups == {"families": 40}
    assert found.cost_minor == 150050 and values.currency == "MAD"
    assert (values.campaign_id, found.campaign_name) == (campaign_id, "Ramadan 2025")
    assert values.roles == {"Driving": 2, "Cooking": 1}
    assert values.hashtags == "#solidarité"


def test_campaign_details(db: Database) -> None:
    data = campaigns.CampaignInput(
        "Back to school",
        "MAD",
        goal="20000",
        description="Bags and books",
        starts_on=date(2025, 8, 1),
        ends_on=date(2025, 9, 15),
    )
    with db.transaction() as session:
        campaign_id = campaigns.create(session, data).id
        session.flush()
        campaigns.set_archived(session, campaign_id)
    found = read(db, lambda s: campaigns.details(s, campaign_id))
    frozen(found)
    assert (found.name, found.currency, found.goal_minor) == ("Back to school", "MAD", 2000000)
    assert (found.starts_on, found.ends_on) == (date(2025, 8, 1), date(2025, 9, 15))
    assert found.description == "Bags and books" and found.archived


def test_donation_details(db: Database) -> None:
    with db.transaction() as session:
        donor_id = contacts.create(session, ContactInput(name="Fatima Zahra")).id
        campaign_id = campaigns.create(session, campaigns.CampaignInput("Well", "MAD")).id
        session.flush()
        data = donations.DonationInput(
            "250,75",
            "MAD",
            date(2025, 2, 3),
            contact_id=donor_id,
            method="cheque",
            campaign_id=campaign_id,
            cheque_number="0012345",
            bank="Banque Populaire",
            notes="For the well",
        )
        donation = donations.record(session, data)
        session.flush()
        donation_id, number = donation.id, donation.receipt_number
        donations.mark_printed(session, donation_id)
        anonymous = donations.record(
            session, donations.DonationInput("10", "MAD", date(2025, 2, 4), anonymous=True)
        )
        session.flush()
        anonymous_id = anonymous.id
    found = read(db, lambda s: donations.details(s, donation_id))
    frozen(found)
    assert (found.receipt_number, found.amount_minor, found.status) == (number, 25075, "recorded")
    assert found.receipt_issued and found.receipt_prints == 1
    assert found.receipt_issued_at is not None
    assert (found.donor_name, found.campaign_name) == ("Fatima Zahra", "Well")
    values = found.values
    assert (values.contact_id, values.anonymous, values.campaign_id) == (
        donor_id,
        False,
        campaign_id,
    )
    assert (values.method, values.cheque_number, values.bank) == (
        "cheque",
        "0012345",
        "Banque Populaire",
    )
    assert values.donated_on == date(2025, 2, 3) and values.notes == "For the well"
    gift = read(db, lambda s: donations.details(s, anonymous_id))
    assert gift.donor_name is None and gift.values.anonymous and not gift.receipt_issued


def test_association_details(db: Database) -> None:
    assert read(db, association.details) is None
    data = association.ProfileInput(
        name_ar="جمعية الأمل", name_fr="Association Al Amal", country="MA", tax_receipts=True
    )
    with db.transaction() as session:
        association.save(session, data)
    found = read(db, association.details)
    frozen(found)
    assert found.name_in("fr") == "Association Al Amal"
    assert found.name_in("en") == "جمعية الأمل"  # no English name: another one
    assert found.values.tax_receipts and found.values.arabic_digits == "latin"
    # Settings sends back what it read: nothing changes.
    with db.transaction() as session:
        association.save(session, found.values)
    assert read(db, association.details) == found


@pytest.mark.parametrize(
    "query",
    [
        lambda s: contacts.details(s, 999),
        lambda s: members.details(s, 999),
        lambda s: members.contact_id_of(s, 999),
        lambda s: volunteers.details(s, 999),
        lambda s: volunteers.contact_id_of(s, 999),
        lambda s: activities.details(s, 999),
        lambda s: campaigns.details(s, 999),
        lambda s: donations.details(s, 999),
    ],
)
def test_details_of_a_missing_record(db: Database, query: Callable) -> None:  # type: ignore[type-arg]
    with pytest.raises(NotFound), db.reading() as session:
        query(session)


# --- loading: nothing joined by default, no query per row in the lists ---------------------


def test_no_relationship_is_joined_by_default() -> None:
    """Each query says what it needs (joinedload / selectinload); no model decides for all."""
    eager = [
        f"{mapper.class_.__name__}.{relation.key}"
        for mapper in Base.registry.mappers
        for relation in mapper.relationships
        if relation.lazy != "select"
    ]
    assert eager == []


@contextmanager
def counted(db: Database) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(db.engine, "after_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "after_cursor_execute", count)


def fill(db: Database, start: int, n: int) -> None:
    with db.transaction() as session:
        campaign_id = campaigns.create(session, campaigns.CampaignInput("Iftar", "MAD")).id
        session.flush()
        for i in range(start, start + n):
            donor = contacts.create(session, ContactInput(name=f"Donor {i}"))
            session.flush()
            gift = donations.DonationInput(
                "10", "MAD", date(2025, 1, 1), contact_id=donor.id, campaign_id=campaign_id
            )
            donations.record(session, gift)
            members.create(session, members.MemberInput(ContactInput(name=f"M {i}"), f"{i:04d}"))
            volunteers.create(
                session, volunteers.VolunteerInput(ContactInput(name=f"V {i}"), skills=["Cooking"])
            )


@pytest.mark.parametrize(
    "listing",
    [donations.list_donations, members.list_members, volunteers.list_volunteers],
    ids=["donations", "members", "volunteers"],
)
def test_a_list_page_takes_the_same_queries_for_5_or_40_rows(
    db: Database,
    listing: Callable,  # type: ignore[type-arg]
) -> None:
    def statements_for_a_page() -> int:
        with counted(db) as statements, db.reading() as session:
            page = listing(session, ListQuery())
            rows = len(page.rows)
        return len(statements), rows  # type: ignore[return-value]

    fill(db, 0, 5)
    few, rows = statements_for_a_page()  # type: ignore[misc]
    assert rows == 5
    fill(db, 5, 35)
    many, rows = statements_for_a_page()  # type: ignore[misc]
    assert rows == 40
    assert many == few <= 5
