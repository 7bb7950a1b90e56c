"""Associations and donors for the tests of donor documents' mentions (issue 16)."""

from __future__ import annotations

from datetime import date

from assocdesk.models import ContactKind, DonationMethod
from assocdesk.services import association, contacts, donations, dues, members
from assocdesk.services.association import ProfileInput
from assocdesk.services.donations import DonationInput
from assocdesk.storage.engine import Database

MOROCCO = ProfileInput(
    name_ar="جمعية الأمل",
    name_fr="Association Al Amal",
    name_en="Al Amal Association",
    address="زنقة 33 رقم 22, حي السلام",
    city="المحمدية",
    country="MA",
    receipt_prefix="AML",
    treasurer_name="Karima SAIDI",
    treasurer_gender="female",
    president_name="Bouchra Belkacem",
    president_gender="female",
    legal_status="public_utility",
    legal_status_detail="Décret n° 2-13-456 du 12 juin 2013",
    tax_identifiers="ICE 001234567000089\nIF 12345678",
    default_language="fr",
    default_currency="MAD",
)

EGYPT = ProfileInput(
    name_ar="جمعية النور",
    name_fr="Association Nour",
    name_en="Nour Association",
    address="15 شارع التحرير",
    city="القاهرة",
    country="EG",
    receipt_prefix="NUR",
    treasurer_name="محمد سالم",
    treasurer_gender="male",
    legal_status="mss_registered",
    legal_status_detail="رقم القيد 1234 لسنة 2015",
    default_language="ar",
    default_currency="EGP",
)

FRANCE = ProfileInput(
    name_fr="Association Les Amis du Quartier",
    name_ar="جمعية أصدقاء الحي",
    name_en="Friends of the Neighbourhood",
    address="12 rue des Lilas",
    city="75011 Paris",
    country="FR",
    receipt_prefix="AQ",
    treasurer_name="Claire DUBOIS",
    treasurer_gender="female",
    legal_status="public_utility",
    legal_status_detail="décret du 3 mars 1998 publié au JO du 10 mars 1998",
    tax_identifiers="RNA W751234567\nSIREN 123 456 789",
    purpose="Aide alimentaire et soutien scolaire aux familles du quartier",
    tax_receipts=True,
    default_language="fr",
    default_currency="EUR",
)


def set_profile(db: Database, profile: ProfileInput) -> None:
    with db.transaction() as session:
        association.save(session, profile)


def add_contact(db: Database, name: str, **fields: object) -> int:
    with db.transaction() as session:
        contact = contacts.create(session, contacts.ContactInput(name=name, **fields))  # type: ignore[arg-type]
        session.flush()
        return contact.id


def add_gift(
    db: Database, contact_id: int | None, amount: str, currency: str, **fields: object
) -> int:
    with db.transaction() as session:
        donation = donations.record(
            session,
            DonationInput(
                amount=amount,
                currency=currency,
                donated_on=fields.pop("donated_on", date(2025, 1, 19)),  # type: ignore[arg-type]
                contact_id=contact_id,
                anonymous=contact_id is None,
                **fields,  # type: ignore[arg-type]
            ),
        )
        session.flush()
        return donation.id


__all__ = [
    "EGYPT",
    "FRANCE",
    "MOROCCO",
    "ContactKind",
    "DonationMethod",
    "add_contact",
    "add_gift",
    "dues",
    "members",
    "set_profile",
]
