"""Donors and donations for the document tests, written through the services (not the UI)."""

from __future__ import annotations

from datetime import date

from assocdesk.services import contacts, donations, members
from ui import commands

LAST_YEAR = date.today().year - 1


def add_donor(
    app, name: str, *, language: str | None = None, city: str = "Rabat", address: str = ""
) -> int:
    data = contacts.ContactInput(
        name=name, preferred_language=language, city=city, address=address or "12 rue Atlas"
    )
    return commands.write(app.context, lambda s: contacts.create(s, data).id)


def add_member(app, name: str, *, language: str | None = None) -> tuple[int, int]:
    """(membership id, contact id)."""
    data = members.MemberInput(
        contact=contacts.ContactInput(
            name=name, preferred_language=language, city="Fès", address="3 derb Lamtiyine"
        ),
        number="0042",
    )
    member = commands.write(app.context, lambda s: members.create(s, data))
    return member.id, member.contact_id


def give(
    app, contact_id: int | None, amount: str, on: date | None = None, currency: str = "MAD"
) -> int:
    data = donations.DonationInput(
        amount=amount,
        currency=currency,
        donated_on=on or date.today(),
        contact_id=contact_id,
        anonymous=contact_id is None,
    )
    return commands.write(app.context, lambda s: donations.record(s, data).id)


def donation(app, donation_id: int):
    """The donation as stored now (a detached copy of its loaded values; read beside the UI,
    whose AppContext.read refuses records)."""
    with app.context.db.reading() as session:
        return donations.get(session, donation_id)
