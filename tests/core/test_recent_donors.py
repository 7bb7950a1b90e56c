"""The donors of the last donations entered come first in the donor picker (issue 21, point 1)."""

from __future__ import annotations

from datetime import date

from assocdesk.services import contacts, donations, recent_choices
from assocdesk.services.contacts import ContactInput
from assocdesk.storage.engine import Database


def add_contact(db: Database, name: str) -> int:
    with db.transaction() as session:
        contact = contacts.create(session, ContactInput(name=name))
        session.flush()
        return contact.id


def give(db: Database, contact_id: int | None, on: date = date(2025, 3, 1)) -> None:
    data = donations.DonationInput(
        amount="100",
        currency="MAD",
        donated_on=on,
        contact_id=contact_id,
        anonymous=contact_id is None,
    )
    with db.transaction() as session:
        donations.record(session, data)


def recent(db: Database, limit: int = recent_choices.RECENT_DONORS) -> list[int]:
    with db.reading() as session:
        return recent_choices.recent_donors(session, limit)


def test_no_donation_no_recent_donor(db: Database) -> None:
    add_contact(db, "Karim Ouazzani")
    assert recent(db) == []


def test_most_recently_entered_first_each_once_anonymous_left_out(db: Database) -> None:
    karim, fatima, omar = (add_contact(db, n) for n in ("Karim", "Fatima", "Omar"))
    give(db, karim)
    give(db, fatima)
    give(db, None)
    give(db, karim)
    # Entered last, not given last: a gift dated long ago but typed now counts as recent.
    give(db, omar, on=date(2020, 1, 1))
    assert recent(db) == [omar, karim, fatima]
    assert recent(db, limit=2) == [omar, karim]


def test_only_the_five_latest_distinct(db: Database) -> None:
    people = [add_contact(db, f"Donor {n}") for n in range(7)]
    for person in people:
        give(db, person)
    give(db, people[0])
    assert recent(db) == [people[0], people[6], people[5], people[4], people[3]]


def test_archived_and_erased_donors_are_not_offered(db: Database) -> None:
    karim, fatima = add_contact(db, "Karim"), add_contact(db, "Fatima")
    give(db, karim)
    give(db, fatima)
    with db.transaction() as session:
        contacts.set_archived(session, fatima)
    assert recent(db) == [karim]
