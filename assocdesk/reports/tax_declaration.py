"""Article 222 bis of France's CGI: what an association issuing reçus fiscaux declares each year.

The law asks for "the total amount of the gifts stated on the receipts issued during the year
and the number of those receipts". So a receipt counts in the year it was issued (printed or
issued without printing: ``receipt_issued_at``), not the year of the gift; a voided one does
not count (its replacement does, when issued); and only receipts that are reçus fiscaux count:
gifts in euros from a named donor (reports.tax_receipt). The figures are given per Cerfa too,
persons (11580) and companies (16216), since the tax office's form asks for both totals only
as one line but associations check them against their two series of forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from reportlab.lib.units import mm
from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from assocdesk.models import Contact, ContactKind, Donation, DonationStatus
from assocdesk.reports.amounts import setup_amounts
from assocdesk.reports.layout import MUTED, Setup, build, gap
from assocdesk.reports.receipt import document_language
from assocdesk.services import association
from assocdesk.text.money import from_minor


@dataclass(frozen=True)
class Figures:
    count: int
    total_minor: int


@dataclass(frozen=True)
class Declaration:
    """The year's reçus fiscaux: all of them, then persons' and companies'."""

    year: int
    individuals: Figures
    companies: Figures

    @property
    def count(self) -> int:
        return self.individuals.count + self.companies.count

    @property
    def total_minor(self) -> int:
        return self.individuals.total_minor + self.companies.total_minor

    def to_json(self) -> dict[str, object]:
        def money(minor: int) -> str:
            return str(from_minor(minor, "EUR"))

        return {
            "year": self.year,
            "currency": "EUR",
            "count": self.count,
            "total": money(self.total_minor),
            "individuals": {
                "count": self.individuals.count,
                "total": money(self.individuals.total_minor),
            },
            "companies": {
                "count": self.companies.count,
                "total": money(self.companies.total_minor),
            },
        }


def declaration(session: Session, year: int) -> Declaration:
    """The count and total of the reçus fiscaux issued in ``year``."""
    start = datetime.combine(date(year, 1, 1), time.min)
    end = datetime.combine(date(year + 1, 1, 1), time.min)
    query = (
        select(Donation)
        .join(Contact, Donation.contact_id == Contact.id)
        .options(contains_eager(Donation.contact))
        .where(
            Donation.receipt_issued_at >= start,
            Donation.receipt_issued_at < end,
            Donation.status != DonationStatus.VOID,
            Donation.currency == "EUR",
        )
    )
    people, companies = [0, 0], [0, 0]
    for donation in session.scalars(query):
        bucket = companies if donation.contact.kind == ContactKind.ORGANIZATION else people
        bucket[0] += 1
        bucket[1] += donation.amount_minor
    return Declaration(year, Figures(*people), Figures(*companies))


def render_declaration(session: Session, year: int, *, language: str | None = None) -> bytes:
    """The figures as a one-page PDF to keep with the declaration."""
    profile = association.get(session)
    setup = Setup.for_language(document_language(language, None, profile), profile)
    return declaration_pdf(setup, declaration(session, year))


def declaration_pdf(setup: Setup, figures: Declaration) -> bytes:
    t = setup.t
    title = t("Tax receipts issued in {year} (article 222 bis of the CGI)").format(
        year=figures.year
    )
    rows = [
        (t("Persons (Cerfa 11580)"), setup.number(figures.individuals.count)),
        (t("Companies (Cerfa 16216)"), setup.number(figures.companies.count)),
        (t("Total"), setup.number(figures.count)),
    ]
    amounts = setup_amounts(
        setup,
        [
            (figures.individuals.total_minor, "EUR"),
            (figures.companies.total_minor, "EUR"),
            (figures.total_minor, "EUR"),
        ],
        10,
        bold_rows=(2,),
    )
    width = setup.frame_width
    table = setup.table(
        (t("Receipts"), t("Number"), t("Amount")),
        [(label, count, cell) for (label, count), cell in zip(rows, amounts, strict=True)],
        (width * 0.5, width * 0.2, width * 0.3),
        numeric=(1, 2),
        total_row=True,
        size=10,
    )
    note = t(
        "Receipts counted in the year they were issued; voided receipts, gifts in another "
        "currency and anonymous gifts are not tax receipts."
    )
    story = [
        *setup.heading(),
        gap(6 * mm),
        setup.title(title),
        gap(4 * mm),
        table,
        gap(4 * mm),
        setup.text(note, 9, color=MUTED),
    ]
    return build(setup, story, title=title, footer=f"{setup.letterhead.name} — {title}")
