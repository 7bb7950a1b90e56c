"""The dues receipt: what a member keeps when they pay their membership dues.

Same letterhead, fonts, paper and marks as the donation receipt (see reports.receipt): the
member's language unless another is asked for, "Duplicate" on a reprint, a large VOID mark and
the reason on a voided payment. The same mentions too (the association's legal status and tax
identifiers, the member's title and identifier, the amount in words, a long-form date, the
signature and stamp box kept with the table), but not "gift without consideration": dues are
the price of membership, not a gift.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from sqlalchemy.orm import Session

from assocdesk.labels import label
from assocdesk.models import AssociationProfile, DuesPaymentStatus
from assocdesk.reports.bidi_text import keep_ltr
from assocdesk.reports.layout import VOID_RED, Setup, build, gap
from assocdesk.reports.page_flow import KeepEnd
from assocdesk.reports.receipt import (
    association_mentions,
    contact_address,
    document_language,
    identifier,
    long_date,
    receipt_ending,
    receipt_table,
)
from assocdesk.services import association, dues
from assocdesk.text.amount_words import amount_in_words
from assocdesk.text.civility import with_civility


@dataclass(frozen=True)
class DuesReceiptFacts:
    number: str
    paid_on: date
    issued_on: date
    member: str
    membership_number: str
    category: str
    period_year: int
    amount_minor: int
    currency: str
    method: str
    void_reason: str | None
    language: str
    member_gender: str | None = None
    member_id: str = ""
    member_address: str = ""

    @classmethod
    def read(
        cls, session: Session, payment_id: int, language: str | None = None
    ) -> tuple[DuesReceiptFacts, AssociationProfile | None]:
        payment = dues.get(session, payment_id)
        profile = association.get(session)
        membership = payment.membership
        contact = membership.contact
        issued = payment.receipt_issued_at.date() if payment.receipt_issued_at else date.today()
        shown_in = document_language(language, contact.preferred_language, profile)
        facts = cls(
            number=payment.receipt_number,
            paid_on=payment.paid_on,
            issued_on=issued,
            member=contact.name,
            membership_number=membership.number,
            category=membership.category,
            period_year=payment.period_year,
            amount_minor=payment.amount_minor,
            currency=payment.currency,
            method=payment.method,
            void_reason=payment.void_reason if payment.status == DuesPaymentStatus.VOID else None,
            language=shown_in,
            member_gender=contact.gender,
            member_id=identifier(contact.id_kind, contact.id_number, shown_in),
            member_address=contact_address(contact, shown_in),
        )
        return facts, profile


def render_dues_receipt(
    session: Session, payment_id: int, *, language: str | None = None, duplicate: bool = False
) -> bytes:
    """The receipt of one dues payment as PDF bytes (nothing is written to the database)."""
    facts, profile = DuesReceiptFacts.read(session, payment_id, language)
    setup = Setup.for_language(facts.language, profile, profile.receipt_paper if profile else "A4")
    return dues_receipt_pdf(setup, facts, duplicate=duplicate)


def dues_receipt_pdf(setup: Setup, facts: DuesReceiptFacts, *, duplicate: bool) -> bytes:
    t = setup.t
    story = [*setup.heading(), *association_mentions(setup), gap(4 * mm)]
    story.append(setup.title(t("Membership dues receipt")))
    number_line = t("No. {number}").format(number=keep_ltr(facts.number))
    story.append(setup.text(number_line, 12, bold=True, align="center", space_after=2))
    if duplicate:
        mark = t("Duplicate")
        story.append(
            setup.text(f"— {mark} —", 11, bold=True, align="center", color=VOID_RED, space_after=2)
        )
    story.append(gap(5 * mm))
    words = amount_in_words(facts.amount_minor, facts.currency, setup.language)
    rows = [
        (t("Date of payment"), long_date(setup, facts.paid_on)),
        (t("Received from"), with_civility(facts.member, facts.member_gender, setup.language)),
    ]
    if facts.member_id:
        rows.append((t("Identity document"), facts.member_id))
    if facts.member_address:
        rows.append((t("Address"), facts.member_address))
    rows.append((t("Membership no."), keep_ltr(facts.membership_number)))
    if facts.category:
        rows.append((t("Category"), facts.category))
    rows += [
        (t("Dues for the year"), setup.shown(str(facts.period_year))),
        (t("Amount"), setup.money(facts.amount_minor, facts.currency)),
        (t("In words"), words[:1].upper() + words[1:]),
        (t("Payment method"), label("donation_method", facts.method, setup.language)),
    ]
    ending = receipt_ending(
        setup,
        facts.void_reason,
        t("Thank you for your membership and your support."),
        facts.issued_on,
    )
    ending[0].spaceBefore = 5 * mm
    story.append(KeepEnd(receipt_table(setup, rows), ending))
    return build(
        setup,
        story,
        title=f"{t('Membership dues receipt')} {facts.number}",
        footer=f"{setup.letterhead.name} — {keep_ltr(facts.number)}",
        void_mark=t("VOID") if facts.void_reason is not None else "",
    )
