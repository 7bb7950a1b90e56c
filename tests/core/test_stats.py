"""Counts for the Home page and `assocdesk-cli stats`."""

from __future__ import annotations

from datetime import date, datetime

from assocdesk.services import (
    activities,
    campaigns,
    contacts,
    donations,
    members,
    stats,
    volunteers,
)
from assocdesk.services.contacts import ContactInput
from assocdesk.storage.engine import Database


def test_empty_database_counts_nothing(db: Database) -> None:
    with db.reading() as session:
        assert stats.table_counts(session) == {
            "contacts": 0,
            "members": 0,
            "volunteers": 0,
            "donations": 0,
            "activities": 0,
            "campaigns": 0,
            "donations_total": {},
        }


def test_table_counts_and_totals(db: Database) -> None:
    with db.transaction() as session:
        member = members.create(
            session,
            members.MemberInput(
                ContactInput(name="Member"), number="1", joined_on=date(2025, 1, 1)
            ),
        )
        volunteers.create(session, volunteers.VolunteerInput(ContactInput(name="Volunteer")))
        session.flush()
        # The member also volunteers: one contact, two roles.
        volunteers.create(
            session, volunteers.VolunteerInput(ContactInput(name="x")), contact_id=member.contact_id
        )
        donor = contacts.create(session, ContactInput(name="Donor"))
        archived = contacts.create(session, ContactInput(name="Archived"))
        fund = campaigns.create(session, campaigns.CampaignInput(name="Fund", currency="MAD"))
        session.flush()
        contacts.set_archived(session, archived.id)
        activities.create(
            session,
            activities.ActivityInput(title="A", starts_at=datetime(2025, 1, 1), currency="MAD"),
        )

        def give(amount: str, currency: str = "MAD", on: date = date(2025, 5, 1)) -> int:
            gift = donations.record(
                session,
                donations.DonationInput(
                    amount=amount,
                    currency=currency,
                    donated_on=on,
                    contact_id=donor.id,
                    campaign_id=fund.id,
                ),
            )
            session.flush()
            return gift.id

        give("100")
        give("0.50")
        give("12.345", "TND")
        voided = give("999")
        give("20", "EUR", date(2024, 12, 31))
        donations.void(session, voided, "Typo")

    with db.reading() as session:
        counts = stats.table_counts(session)
        overview = stats.overview(session, today=date(2025, 6, 1))
    assert counts == {
        "contacts": 4,  # archived included
        "members": 1,
        "volunteers": 2,
        "donations": 5,  # void included
        "activities": 1,
        "campaigns": 1,
        "donations_total": {"EUR": 2000, "MAD": 10050, "TND": 12345},
    }
    assert list(counts["donations_total"]) == ["EUR", "MAD", "TND"]  # type: ignore[call-overload]
    assert (overview.members, overview.volunteers) == (1, 2)
    assert overview.donations.this_year == {"MAD": (2, 10050), "TND": (1, 12345)}
    assert overview.donations.all_years["EUR"] == (1, 2000)
