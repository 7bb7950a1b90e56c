"""Reading documents back: their text (pypdf), Arabic checks, PNG snapshots, a donor scenario.

What is reliable about pypdf's text of an Arabic page: it turns each right-to-left run back
into logical order, so text drawn correctly (shaped, then in visual order, as bidi_text does)
comes out as the *shaped logical* string — ``bidi_text.shape(text)`` — while text drawn in
logical order (the classic bug) comes out reversed and does not match. Runs of a mixed line
may come out in another order, so checks look for single phrases, after folding whitespace.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from assocdesk.models import ActivityStatus, AssociationProfile, Donation, DonationMethod
from assocdesk.reports.bidi_text import shape
from assocdesk.services import activities, association, campaigns, contacts, donations
from assocdesk.services.association import ProfileInput
from assocdesk.services.donations import DonationInput
from assocdesk.storage.engine import Database
from assocdesk.storage.opening import open_database
from tests import pdfcheck

PRESENTATION_FORMS = pdfcheck.PRESENTATION_FORMS


def pages_text(pdf: bytes) -> list[str]:
    import pypdf

    return [fold(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def fold(text: str) -> str:
    """Whitespace of every kind (Babel's narrow no-break spaces too) as single spaces."""
    return " ".join(text.split())


def all_text(pdf: bytes) -> str:
    return pdfcheck.text(pdf)


def has_arabic_drawn(text: str, phrase: str) -> bool:
    """``phrase`` was drawn shaped and right to left (see the module's docstring)."""
    return fold(shape(phrase)) in text


def save_png(pdf: bytes, path: Path, page: int = 0) -> None:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        document[page].render(scale=1.3).to_pil().save(path)
    finally:
        document.close()


@dataclass(frozen=True)
class Scenario:
    """A donor who gave in MAD and EUR, in kind, had a receipt voided and one corrected."""

    donor_id: int
    arabic_donor_id: int
    numbers: dict[str, str]  # role → receipt number


def fill_scenario(db: Database, *, start_month: int = 1) -> Scenario:
    """Gifts of 2025 (and one of January 2026) for a French-named and an Arabic-named donor;
    the caller pins donations._today so every date is in the past."""
    with db.transaction() as session:
        association.save(
            session,
            ProfileInput(
                name_ar="جمعية الأمل",
                name_fr="Association Al Amal",
                name_en="Al Amal Association",
                city="Casablanca",
                country="MA",
                default_language="fr",
                receipt_prefix="AML",
                fiscal_year_start_month=start_month,
                treasurer_name="Karima Alaoui",
            ),
        )
        donor = contacts.create(
            session,
            contacts.ContactInput(
                name="Ahmed BENALI", address="12, rue des Orangers", city="Rabat"
            ),
        )
        arabic = contacts.create(
            session,
            contacts.ContactInput(
                name="أحمد بنعلي", address="حي السلام", city="فاس", preferred_language="ar"
            ),
        )
        session.flush()
        campaign = campaigns.create(
            session, campaigns.CampaignInput(name="Ramadan 2025", currency="MAD")
        )
        session.flush()
        activities.create(
            session,
            activities.ActivityInput(
                title="Food baskets in Hay Mohammadi",
                starts_at=datetime(2025, 3, 20, 10),
                currency="MAD",
                beneficiaries_count=120,
                campaign_id=campaign.id,
                status=ActivityStatus.DONE,
            ),
        )
        activities.create(
            session,
            activities.ActivityInput(
                title="Planned drive",
                starts_at=datetime(2025, 4, 20, 10),
                currency="MAD",
                campaign_id=campaign.id,
                status=ActivityStatus.PLANNED,
            ),
        )

        def gift(amount: str, day: date, who: int | None = None, **extra: object) -> str:
            made = donations.record(
                session,
                DonationInput(
                    amount=amount,
                    currency=str(extra.pop("currency", "MAD")),
                    donated_on=day,
                    contact_id=who,
                    anonymous=who is None,
                    **extra,
                ),
            )  # type: ignore[arg-type]
            session.flush()
            return made.receipt_number

        numbers = {
            "march": gift("1500", date(2025, 3, 10), donor.id, campaign_id=campaign.id),
            "euros": gift("200", date(2025, 5, 2), donor.id, currency="EUR"),
            "in_kind": gift(
                "750",
                date(2025, 6, 15),
                donor.id,
                method=DonationMethod.IN_KIND,
                in_kind_description="20 couvertures",
            ),
            "arabic": gift("300", date(2025, 7, 1), arabic.id),
            "anonymous": gift("50", date(2025, 7, 2)),
            "to_void": gift("999", date(2025, 8, 1), donor.id),
            "to_correct": gift("400", date(2025, 9, 1), donor.id),
            "next_year": gift("100", date(2026, 1, 5), donor.id),
        }
        ids = dict(session.execute(select(Donation.receipt_number, Donation.id)).all())
        donations.void(session, ids[numbers["to_void"]], "Saisie en double")
        fixed = donations.correct(
            session,
            ids[numbers["to_correct"]],
            DonationInput(
                amount="450", currency="MAD", donated_on=date(2025, 9, 1), contact_id=donor.id
            ),
            "Montant mal saisi",
        )
        session.flush()
        numbers["correction"] = fixed.receipt_number
        return Scenario(donor.id, arabic.id, numbers)


# -- every document at once (text fuzzing, PDF hygiene) ------------------------------------


@dataclass(frozen=True)
class Everything:
    """Ids of records for which every kind of document can be printed, for year 2025."""

    scenario: Scenario
    donation_ids: dict[str, int]  # role (see fill_scenario) → donation id
    payment_id: int  # a dues payment
    membership_ids: list[int]
    volunteer_id: int


def fill_everything(db: Database) -> Everything:
    """A club with members and dues, the donor scenario, and a volunteer who came to an
    activity: all made through the services, as the application makes them."""
    from tests.core.dues_helpers import fill_club, pay

    club = fill_club(db)
    payment_id = pay(db, club.partial, 2025, "300")
    scenario = fill_scenario(db)
    with db.transaction() as session:
        association.save(
            session,
            ProfileInput(
                name_ar="جمعية الأمل",
                name_fr="Association Al Amal",
                name_en="Al Amal Association",
                address="12, rue Ibn Battouta\nHay Mohammadi",
                city="Casablanca",
                country="MA",
                phone="05 22 61 48 30",
                email="contact@alamal.ma",
                registration_number="2012/4417",
                default_language="fr",
                receipt_prefix="AML",
                treasurer_name="Karima Alaoui",
                president_name="Fatima Zahra Alaoui",
            ),
        )
        volunteer = contacts.create(session, contacts.ContactInput(name="أمينة العلوي"))
        session.flush()
        activity_id = activities.create(
            session,
            activities.ActivityInput(
                title="قافلة طبية",
                starts_at=datetime(2025, 6, 7, 9),
                currency="MAD",
                status=ActivityStatus.DONE,
            ),
        ).id
        session.flush()
        activities.assign(session, activity_id, volunteer.id, "Accueil", 150, attended=True)
        ids = dict(session.execute(select(Donation.receipt_number, Donation.id)).all())
    return Everything(
        scenario,
        {role: ids[number] for role, number in scenario.numbers.items()},
        payment_id,
        [club.full, club.partial, club.lapsed, club.newcomer],
        volunteer.id,
    )


def render_everything(db: Database, ids: Everything, language: str) -> dict[str, bytes]:
    """Every kind of document the application prints, in ``language``, as PDF bytes."""
    from assocdesk import i18n
    from assocdesk.reports.certificate import render_certificate
    from assocdesk.reports.dues_late import render_late_list
    from assocdesk.reports.dues_receipt import render_dues_receipt
    from assocdesk.reports.member_card import render_cards
    from assocdesk.reports.receipt import render_receipt
    from assocdesk.reports.register import render_register
    from assocdesk.reports.statement import render_statement
    from assocdesk.reports.subject_access import render_subject_access
    from assocdesk.reports.summary import render_summary

    s = ids.scenario
    pdfs: dict[str, bytes] = {}
    with db.reading() as session:
        for role in ("march", "in_kind", "to_void", "correction", "anonymous"):
            donation = ids.donation_ids[role]
            pdfs[f"receipt {role}"] = render_receipt(session, donation, language=language)
        pdfs["dues receipt"] = render_dues_receipt(session, ids.payment_id, language=language)
        pdfs["late dues"] = render_late_list(session, 2025, language=language)
        pdfs["member cards"] = render_cards(session, ids.membership_ids, 2025)
        pdfs["certificate"] = render_certificate(
            session, ids.volunteer_id, 2025, language=language, issued_on=date(2026, 1, 10)
        )
        for who in (s.donor_id, s.arabic_donor_id):
            pdfs[f"statement {who}"] = render_statement(session, who, 2025, language=language)
        pdfs["register"] = render_register(session, 2025, language=language)
        pdfs["summary"] = render_summary(
            session, date(2025, 1, 1), date(2025, 12, 31), language=language
        )
        before = i18n.current_language()
        i18n.set_language(language)
        try:
            pdfs["subject access"] = render_subject_access(session, s.donor_id)
        finally:
            i18n.set_language(before)
    return pdfs


def unsaved_profile(**fields: object) -> AssociationProfile:
    """An association profile that is never stored, with the defaults a stored one gets (for
    documents built straight from ``layout``)."""
    from sqlalchemy import String

    for column in AssociationProfile.__table__.columns:
        if column.name not in fields and isinstance(column.type, String):
            default = column.default.arg if column.default is not None else None
            if isinstance(default, str) or not column.nullable:
                fields[column.name] = default if isinstance(default, str) else ""
    return AssociationProfile(**fields)


@contextmanager
def filled_database(template_db: Path, folder: Path) -> Iterator[tuple[Database, Everything]]:
    """A copy of the empty template in ``folder``, filled with one of every record, as on the
    1st October 2026 (a donation may not be dated after "today")."""
    import pytest

    path = folder / "assocdesk.sqlite3"
    shutil.copyfile(template_db, path)
    database = open_database(path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(donations, "_today", lambda: date(2026, 10, 1))
        everything = fill_everything(database)
    try:
        yield database, everything
    finally:
        database.close()
