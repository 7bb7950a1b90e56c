"""The donation receipt: one page (A4, or A5 if chosen in Settings) the donor keeps.

Its language is the one asked for, else the donor's preferred language, else the association's.
A reprint is the same document with a "Duplicate" mark; a voided donation prints with a large
VOID mark and its reason.

What it states beside the gift, for a donor, an auditor and a tax office: the association's
legal status and tax identifiers (under the letterhead), the donor with their title and
identifier, "gift without consideration", the cheque's number and bank, who valued a gift in
kind, the amount in words, a long-form date, and the treasurer's signature (title agreeing with
the treasurer's gender) beside a stamp box, kept with the rows above it. An association in
France's reçu fiscal mode gets the Cerfa layout instead (reports.tax_receipt), for gifts in
euros from a named donor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from assocdesk.i18n import translate_in
from assocdesk.labels import label
from assocdesk.models import AssociationProfile, Contact, Donation, DonationMethod, DonationStatus
from assocdesk.reports.bidi_text import has_arabic, isolate, keep_ltr
from assocdesk.reports.layout import MUTED, VOID_RED, Setup, build, gap
from assocdesk.reports.page_flow import KeepEnd
from assocdesk.reports.signature import signature_block
from assocdesk.services import association, donations
from assocdesk.services.identifiers import ID_KINDS
from assocdesk.text.amount_words import amount_in_words
from assocdesk.text.civility import with_civility
from assocdesk.text.locales import format_long_date_legal, join_list


def document_language(
    requested: str | None, preferred: str | None, profile: AssociationProfile | None
) -> str:
    """The language asked for, else the donor's own, else the association's default."""
    return requested or preferred or (profile.default_language if profile else "fr")


def contact_address(contact: Contact | None, language: str) -> str:
    """The contact's address lines and city on one line, joined as the language writes it."""
    if contact is None:
        return ""
    parts = [*contact.address.split("\n"), contact.city]
    # An address written in Arabic is punctuated in Arabic («،») whatever the document's language.
    arabic = any(has_arabic(part) for part in parts)
    return join_list(parts, "ar" if arabic else language)


def identifier(kind: str, number: str, language: str) -> str:
    """ "CIN : BK123456" (French spacing), "CIN: BK123456"; a kind without a printed code
    (passport, national ID) by its name. The number stays as written (Latin digits)."""
    if not number:
        return ""
    name = kind if kind.isupper() else translate_in(language, ID_KINDS.get(kind, kind))
    colon = " : " if language == "fr" else ": "
    return f"{name}{colon}{keep_ltr(number)}" if name else keep_ltr(number)


def long_date(setup: Setup, day: date) -> str:
    """ "1er mars 2026", «2 مارس 2026» in the document's digits."""
    return setup.shown(format_long_date_legal(day, setup.locale))


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
    donor_gender: str | None = None
    donor_id: str = ""
    cheque_number: str = ""
    bank: str = ""
    valued_by: str = ""

    @classmethod
    def read(
        cls, session: Session, donation_id: int, language: str | None = None
    ) -> tuple[ReceiptFacts, AssociationProfile | None]:
        donation: Donation = donations.get(session, donation_id)
        profile = association.get(session)
        contact = donation.contact
        replaces = donations.get(session, donation.replaces_id) if donation.replaces_id else None
        issued = donation.receipt_issued_at.date() if donation.receipt_issued_at else date.today()
        shown_in = document_language(
            language, contact.preferred_language if contact else None, profile
        )
        facts = cls(
            number=donation.receipt_number,
            donated_on=donation.donated_on,
            issued_on=issued,
            donor=contact.name if contact else None,
            donor_address=contact_address(contact, shown_in),
            amount_minor=donation.amount_minor,
            currency=donation.currency,
            method=donation.method,
            campaign=donation.campaign.name if donation.campaign else "",
            in_kind=donation.in_kind_description,
            void_reason=donation.void_reason if donation.status == DonationStatus.VOID else None,
            replaces=replaces.receipt_number if replaces else None,
            language=shown_in,
            donor_gender=contact.gender if contact else None,
            donor_id=identifier(contact.id_kind, contact.id_number, shown_in) if contact else "",
            cheque_number=donation.cheque_number,
            bank=donation.bank,
            valued_by=donation.valued_by,
        )
        return facts, profile


def render_receipt(
    session: Session, donation_id: int, *, language: str | None = None, duplicate: bool = False
) -> bytes:
    """The receipt of one donation as PDF bytes (nothing is written to the database): the
    reçu fiscal when the association issues them (reports.tax_receipt), else the receipt."""
    facts, profile = ReceiptFacts.read(session, donation_id, language)
    setup = Setup.for_language(facts.language, profile, profile.receipt_paper if profile else "A4")
    note = ""
    if profile is not None and profile.tax_receipts:
        from assocdesk.reports import tax_receipt

        refused = tax_receipt.refusal(session, donation_id)
        if refused is None:
            return tax_receipt.render_tax_receipt(
                session, donation_id, language=facts.language, duplicate=duplicate
            )
        note = setup.t(refused)
    return receipt_pdf(setup, facts, duplicate=duplicate, note=note)


def association_mentions(setup: Setup) -> list[Flowable]:
    """The association's legal status and tax identifiers, small, under the letterhead."""
    return [
        setup.text(line, 8 if setup.small else 8.5, color=MUTED, space_after=0)
        for line in setup.letterhead.mentions
    ]


def receipt_pdf(setup: Setup, facts: ReceiptFacts, *, duplicate: bool, note: str = "") -> bytes:
    """``note``: said under the table (why an association issuing reçus fiscaux gives this
    gift an ordinary receipt)."""
    t = setup.t
    in_kind = facts.method == DonationMethod.IN_KIND
    story = [*setup.heading(), *association_mentions(setup), gap(4 * mm)]
    story.append(setup.title(t("Donation receipt")))
    number_line = t("No. {number}").format(number=keep_ltr(facts.number))
    story.append(setup.text(number_line, 12, bold=True, align="center", space_after=2))
    if duplicate:
        mark = t("Duplicate")  # outside the f-string, so extraction finds it
        story.append(
            setup.text(f"— {mark} —", 11, bold=True, align="center", color=VOID_RED, space_after=2)
        )
    story.append(gap(5 * mm))

    amount = setup.money(facts.amount_minor, facts.currency)
    words = amount_in_words(facts.amount_minor, facts.currency, setup.language)
    donor = with_civility(facts.donor, facts.donor_gender, setup.language) if facts.donor else ""
    rows = [
        (t("Date of the donation"), long_date(setup, facts.donated_on)),
        (t("Received from"), donor or t("Anonymous donor")),
    ]
    if facts.donor_id:
        rows.append((t("Identity document"), facts.donor_id))
    if facts.donor_address:
        rows.append((t("Address"), facts.donor_address))
    if in_kind:
        rows.append((t("Gift in kind"), facts.in_kind))
        rows.append((t("Estimated value"), amount))
        if facts.valued_by:
            rows.append((t("Valued by"), facts.valued_by))
    else:
        rows.append((t("Amount"), amount))
    rows.append((t("In words"), words[:1].upper() + words[1:]))
    rows.append((t("Method"), label("donation_method", facts.method, setup.language)))
    if facts.method == DonationMethod.CHEQUE:
        if facts.cheque_number:
            rows.append((t("Cheque number"), keep_ltr(facts.cheque_number)))
        if facts.bank:
            rows.append((t("Bank"), facts.bank))
    if facts.campaign:
        rows.append((t("Campaign"), facts.campaign))
    tail: list[Flowable] = [
        setup.text(t("Gift without consideration") + ".", 10, bold=True, space_after=2)
    ]
    tail[0].spaceBefore = 4 * mm
    if facts.replaces:
        tail.append(
            setup.text(
                t("This receipt replaces receipt {number}, which was voided.").format(
                    number=keep_ltr(facts.replaces)
                ),
                9.5,
                color=MUTED,
            )
        )
    if note:
        tail.append(setup.text(note, 9, color=MUTED))
    tail += receipt_ending(
        setup,
        facts.void_reason,
        t("The association thanks you warmly for your generosity."),
        facts.issued_on,
    )
    story.append(KeepEnd(receipt_table(setup, rows), tail))
    return build(
        setup,
        story,
        title=f"{t('Donation receipt')} {facts.number}",
        footer=f"{setup.letterhead.name} — {keep_ltr(facts.number)}",
        void_mark=t("VOID") if facts.void_reason is not None else "",
    )


def receipt_table(setup: Setup, rows: list[tuple[str, str]]) -> Flowable:
    """The receipt's "item / details" table."""
    t = setup.t
    label_width = setup.frame_width * 0.3
    return setup.table(
        (t("Item"), t("Details")),
        rows,
        (label_width, setup.frame_width - label_width),
        size=9.5 if setup.small else 10.5,
    )


def receipt_ending(
    setup: Setup, void_reason: str | None, thanks: str, issued_on: date
) -> list[Flowable]:
    """What closes every receipt, donation or dues: the void notice, the thanks, and the
    signature block (place and long date, the treasurer's title agreeing with their gender,
    name, a line to sign on, the stamp box). The reason is fenced (a Latin reason in an
    Arabic sentence would otherwise take the sentence's brackets into its own run). The
    caller keeps it with the table above (KeepEnd)."""
    t = setup.t
    story: list[Flowable] = []
    if void_reason is not None:
        reason = isolate(void_reason, setup.rtl)
        story.append(
            setup.text(
                t("VOID — reason: {reason}").format(reason=reason), 11, bold=True, color=VOID_RED
            )
        )
    story.append(setup.text(thanks, 10.5))
    story.append(
        signature_block(
            setup,
            issued_on,
            setup.signer("treasurer"),
            setup.letterhead.treasurer,
            space_before=4 * mm if setup.small else 6 * mm,
        )
    )
    return story
