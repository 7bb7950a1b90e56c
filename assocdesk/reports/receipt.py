"""The donation receipt: one page (A4, or A5 if chosen in Settings) the donor keeps.

Its language is the one asked for, else the donor's preferred language, else the association's.
A reprint is the same document with a "Duplicate" mark; a voided donation prints with a large
VOID mark and its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from sqlalchemy.orm import Session

from assocdesk.labels import label
from assocdesk.models import AssociationProfile, Donation, DonationMethod, DonationStatus
from assocdesk.reports.bidi_text import isolate
from assocdesk.reports.layout import MUTED, VOID_RED, Setup, build, gap
from assocdesk.services import association, donations
from assocdesk.text.amount_words import amount_in_words


def document_language(
    requested: str | None, preferred: str | None, profile: AssociationProfile | None
) -> str:
    """The language asked for, else the donor's own, else the association's default."""
    return requested or preferred or (profile.default_language if profile else "fr")


@dataclass(frozen=True)
class ReceiptFacts:
    """What the receipt states, read once from the database."""

    number: str
    donated_on: date
    issued_on: date
    donor: str | None
    donor_address: str
    amount_minor: int
    currency: str
    method: str
    campaign: str
    in_kind: str
    void_reason: str | None
    replaces: str | None
    language: str

    @classmethod
    def read(
        cls, session: Session, donation_id: int, language: str | None = None
    ) -> tuple[ReceiptFacts, AssociationProfile | None]:
        donation: Donation = donations.get(session, donation_id)
        profile = association.get(session)
        contact = donation.contact
        replaces = donations.get(session, donation.replaces_id) if donation.replaces_id else None
        issued = donation.receipt_issued_at.date() if donation.receipt_issued_at else date.today()
        address = ""
        if contact is not None:
            address = ", ".join(
                part for part in (contact.address.replace("\n", ", "), contact.city) if part
            )
        facts = cls(
            number=donation.receipt_number,
            donated_on=donation.donated_on,
            issued_on=issued,
            donor=contact.name if contact else None,
            donor_address=address,
            amount_minor=donation.amount_minor,
            currency=donation.currency,
            method=donation.method,
            campaign=donation.campaign.name if donation.campaign else "",
            in_kind=donation.in_kind_description,
            void_reason=donation.void_reason if donation.status == DonationStatus.VOID else None,
            replaces=replaces.receipt_number if replaces else None,
            language=document_language(
                language, contact.preferred_language if contact else None, profile
            ),
        )
        return facts, profile


def render_receipt(
    session: Session, donation_id: int, *, language: str | None = None, duplicate: bool = False
) -> bytes:
    """The receipt of one donation as PDF bytes (nothing is written to the database)."""
    facts, profile = ReceiptFacts.read(session, donation_id, language)
    setup = Setup.for_language(facts.language, profile, profile.receipt_paper if profile else "A4")
    return receipt_pdf(setup, facts, duplicate=duplicate)


def receipt_pdf(setup: Setup, facts: ReceiptFacts, *, duplicate: bool) -> bytes:
    t = setup.t
    in_kind = facts.method == DonationMethod.IN_KIND
    story = [*setup.heading(), gap(4 * mm), setup.title(t("Donation receipt"))]
    number_line = t("No. {number}").format(number=facts.number)
    story.append(setup.text(number_line, 12, bold=True, align="center", space_after=2))
    if duplicate:
        mark = t("Duplicate")  # outside the f-string, so extraction finds it
        story.append(
            setup.text(f"— {mark} —", 11, bold=True, align="center", color=VOID_RED, space_after=2)
        )
    story.append(gap(5 * mm))

    amount = setup.money(facts.amount_minor, facts.currency)
    words = amount_in_words(facts.amount_minor, facts.currency, setup.language)
    rows = [
        (t("Date of the donation"), setup.date(facts.donated_on)),
        (t("Received from"), facts.donor or t("Anonymous donor")),
    ]
    if facts.donor_address:
        rows.append((t("Address"), facts.donor_address))
    if in_kind:
        rows.append((t("Gift in kind"), facts.in_kind))
        rows.append((t("Estimated value"), amount))
    else:
        rows.append((t("Amount"), amount))
    rows.append((t("In words"), words[:1].upper() + words[1:]))
    rows.append((t("Method"), label("donation_method", facts.method, setup.language)))
    if facts.campaign:
        rows.append((t("Campaign"), facts.campaign))
    label_width = setup.frame_width * 0.3
    story.append(
        setup.table(
            (t("Item"), t("Details")),
            rows,
            (label_width, setup.frame_width - label_width),
            size=9.5 if setup.small else 10.5,
        )
    )
    story.append(gap(5 * mm))
    if facts.replaces:
        story.append(
            setup.text(
                t("This receipt replaces receipt {number}, which was voided.").format(
                    number=facts.replaces
                ),
                9.5,
                color=MUTED,
            )
        )
    story += receipt_ending(
        setup,
        facts.void_reason,
        t("The association thanks you warmly for your generosity."),
        facts.issued_on,
    )
    return build(
        setup,
        story,
        title=f"{t('Donation receipt')} {facts.number}",
        footer=f"{setup.letterhead.name} — {facts.number}",
        void_mark=t("VOID") if facts.void_reason is not None else "",
    )


def receipt_ending(setup: Setup, void_reason: str | None, thanks: str, issued_on: date) -> list:
    """What closes every receipt, donation or dues: the void notice, the thanks, the treasurer's
    signature and a line to sign on. The reason is fenced (a Latin reason in an Arabic sentence
    would otherwise take the sentence's brackets into its own run)."""
    t = setup.t
    story = []
    if void_reason is not None:
        reason = isolate(void_reason, setup.rtl)
        story.append(
            setup.text(
                t("VOID — reason: {reason}").format(reason=reason), 11, bold=True, color=VOID_RED
            )
        )
    story.append(setup.text(thanks, 10.5))
    story.append(gap(6 * mm))
    story += setup.signature(issued_on, t("The treasurer"), setup.letterhead.treasurer)
    story.append(gap(14 * mm))
    story.append(setup.text("_" * 28, 10, align="end", color=MUTED))
    return story
