"""A small association with a fee schedule and members in every dues situation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assocdesk.services import association, dues, members
from assocdesk.services.association import ProfileInput
from assocdesk.services.contacts import ContactInput
from assocdesk.services.dues import PaymentInput
from assocdesk.services.members import MemberInput
from assocdesk.storage.engine import Database


def setup_association(db: Database, **fields: object) -> None:
    values: dict[str, object] = {
        "name_ar": "جمعية الأمل",
        "name_fr": "Association Al Amal",
        "name_en": "Al Amal Association",
        "city": "Rabat",
        "country": "MA",
        "receipt_prefix": "AML",
    }
    values.update(fields)
    with db.transaction() as session:
        association.save(session, ProfileInput(**values))  # type: ignore[arg-type]


def add_member(db: Database, name: str, number: str, **fields: object) -> int:
    contact = {
        key: fields.pop(key)
        for key in ("phone", "preferred_language", "consent_contact")
        if key in fields
    }
    fields.setdefault("joined_on", date(2020, 3, 1))
    with db.transaction() as session:
        membership = members.create(
            session,
            MemberInput(ContactInput(name=name, **contact), number=number, **fields),  # type: ignore[arg-type]
        )
        session.flush()
        return membership.id


def set_fee(db: Database, category: str, year: int, amount: str, currency: str = "MAD") -> None:
    with db.transaction() as session:
        dues.set_fee(session, category=category, year=year, amount=amount, currency=currency)


def pay(
    db: Database, membership_id: int, year: int, amount: str, paid_on: date | None = None
) -> int:
    with db.transaction() as session:
        payment = dues.record(
            session,
            PaymentInput(
                membership_id=membership_id,
                period_year=year,
                amount=amount,
                currency="MAD",
                paid_on=paid_on or date(year, 2, 10),
            ),
        )
        session.flush()
        return payment.id


@dataclass(frozen=True)
class Club:
    full: int  # paid 2025 in full
    partial: int  # paid part of 2025, all of 2024
    lapsed: int  # paid 2024, nothing in 2025
    never: int  # never paid anything
    honorary: int  # category without a fee
    newcomer: int  # joined in June 2025, nothing paid
    later: int  # joined in 2026
    left_2024: int  # left in 2024
    left_2025: int  # left in May 2025, nothing paid for 2025


def fill_club(db: Database) -> Club:
    """Fees: Actif 100 MAD in 2024 and 2025, Bienfaiteur 500 in 2025, Honoraire none."""
    setup_association(db)
    for year in (2024, 2025):
        set_fee(db, "Actif", year, "100")
    set_fee(db, "Bienfaiteur", 2025, "500")
    club = Club(
        full=add_member(db, "Karim Benali", "0001", category="Actif", phone="0612345678",
                        consent_contact=True),
        partial=add_member(db, "سعاد المرابط", "0002", category="Bienfaiteur",
                           phone="0661122334", consent_contact=True, preferred_language="ar"),
        lapsed=add_member(db, "Nadia Cherkaoui", "0003", category="Actif", phone="0677889900",
                          consent_contact=True, preferred_language="fr"),
        never=add_member(db, "Youssef Alaoui", "0004", category="Actif", phone="0655443322",
                         consent_contact=False),
        honorary=add_member(db, "Hajj Driss", "0005", category="Honoraire"),
        newcomer=add_member(db, "Emma Martin", "0006", category="Actif",
                            joined_on=date(2025, 6, 1), consent_contact=True,
                            preferred_language="en", phone="0600000001"),
        later=add_member(db, "Omar Tazi", "0007", category="Actif", joined_on=date(2026, 1, 5)),
        left_2024=add_member(db, "Leila Bennani", "0008", category="Actif",
                             left_on=date(2024, 9, 30)),
        left_2025=add_member(db, "Said Fassi", "0009", category="Actif",
                             left_on=date(2025, 5, 2)),
    )  # fmt: skip
    pay(db, club.full, 2025, "100")
    pay(db, club.partial, 2025, "200")
    pay(db, club.lapsed, 2024, "100")
    return club
