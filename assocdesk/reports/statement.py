"""The yearly statement: every gift a donor made during a fiscal year, with totals per currency.

Its language is the one asked for, else the donor's preferred language, else the association's
(the receipt's rule). Voided gifts are never counted; the audit trail says what became of them,
so the statement agrees with every receipt the donor holds. "What your gifts made possible" lists
done activities of the campaigns the donor gave to, and is left out when there are none.

The data comes from :mod:`assocdesk.reports.statement_data`; :func:`statement_story` only lays
it out, so the batch (:mod:`assocdesk.reports.batch`) reuses it for thousands of donors with one
Setup per language.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Table
from sqlalchemy.orm import Session

from assocdesk.labels import label
from assocdesk.models import DonationMethod
from assocdesk.reports.amounts import setup_amounts
from assocdesk.reports.bidi_text import isolate, keep_ltr
from assocdesk.reports.flowables import Stack
from assocdesk.reports.layout import MUTED, Setup, build, fold_gaps, gap
from assocdesk.reports.page_flow import KeepEnd
from assocdesk.reports.receipt import document_language
from assocdesk.reports.signature import Title, signature_block
from assocdesk.reports.statement_data import (
    IN_KIND_NOTE,
    AuditLine,
    StatementData,
    fiscal_period,
    period_label,
    statement_rows,
)
from assocdesk.services import association
from assocdesk.text.locales import arabic_commas, format_long_date_legal, format_number

__all__ = [
    "StatementData",
    "fiscal_period",
    "isolate",
    "period_label",
    "render_statement",
    "statement_pdf",
    "statement_rows",
    "statement_story",
]

MOST_ACTIVITIES = 6  # "what your gifts made possible" stays a short section


def render_statement(
    session: Session,
    contact_id: int,
    year: int,
    *,
    language: str | None = None,
    signer: Title | None = None,
) -> bytes:
    """The statement of ``contact_id`` for fiscal year ``year`` as PDF bytes; ``signer``: the
    treasurer's title (default: agreeing with the treasurer's gender set in Settings)."""
    data = statement_rows(session, contact_id, year)
    profile = association.get(session)
    setup = Setup.for_language(
        document_language(language, data.preferred_language, profile), profile
    )
    return statement_pdf(setup, data, signer=signer)


def statement_title(setup: Setup, data: StatementData) -> str:
    """ "Yearly statement 2025" (or "2025–2026" for a fiscal year from July), translated."""
    return setup.t("Yearly statement {year}").format(year=data.label)


def statement_pdf(
    setup: Setup,
    data: StatementData,
    issued_on: date | None = None,
    *,
    signer: Title | None = None,
) -> bytes:
    """One statement as PDF bytes, from data already read (the batch's entry point)."""
    title = statement_title(setup, data)
    return build(
        setup,
        statement_story(setup, data, issued_on, signer=signer),
        title=f"{title} — {data.name}",
        footer=f"{setup.letterhead.name} — {title}",
    )


def statement_story(
    setup: Setup,
    data: StatementData,
    issued_on: date | None = None,
    *,
    signer: Title | None = None,
) -> list[Flowable]:
    """The statement's flowables, from the letterhead to the treasurer's signature.

    ``signer`` is the treasurer's title (text, or language → text); by default the title
    agreeing with the treasurer's gender (``Setup.signer``). The signature keeps with what is
    above it: the last gift rows and the totals, or the last lines of the section before it —
    never alone at the top of a page.
    """
    t = setup.t
    story: list[Flowable] = [
        *setup.heading(),
        gap(3 * mm),
        setup.title(statement_title(setup, data)),
    ]
    period = t("From {start} to {end}").format(
        start=format_long_date_legal(data.start, setup.locale),
        end=format_long_date_legal(data.end, setup.locale),
    )
    story += [setup.text(period, 10.5, align="center", space_after=0), gap(5 * mm)]
    story.append(setup.text(data.name, 11.5, bold=True, space_after=1))
    address = [arabic_commas(line) if setup.rtl else line for line in data.address]
    story += [setup.text(line, 9.5, color=MUTED, space_after=0) for line in address]
    story.append(gap(4 * mm))
    if not data.donations:
        story.append(setup.text(t("No gift from you was recorded during this period."), 10.5))
    else:
        story.append(
            setup.text(
                t(
                    "The association certifies that it received the following gifts from you "
                    "during this period, and thanks you warmly."
                ),
                10,
                space_after=6,
            )
        )
    # The opening (letterhead to the first sentence) goes as one block: it always fits on a
    # page, and a batch lays out a third fewer flowables.
    opening = Stack(fold_gaps(story))
    title = signer if signer is not None else setup.signer("treasurer")
    signature = signature_block(setup, issued_on or date.today(), title, setup.letterhead.treasurer)
    sections = [*_audit(setup, data.audit), *_achievements(setup, data)]
    if not data.donations:
        return [opening, *fold_gaps(sections), signature]
    totals = _totals(setup, data)
    if not sections:  # the last gift rows, the totals and the signature share a page
        return [opening, KeepEnd(_gifts_table(setup, data), [*totals, signature])]
    # Otherwise the totals keep with the last rows, and the signature with the last section.
    body = [opening, KeepEnd(_gifts_table(setup, data), totals), *fold_gaps(sections)]
    last = body.pop()
    if isinstance(last, KeepEnd):
        last.tail.append(signature)
        return [*body, last]
    return [*body, KeepTogether([last, signature])]


def _totals(setup: Setup, data: StatementData) -> list[Flowable]:
    """Totals per currency: the money, then gifts in kind at their estimated value, apart."""
    t = setup.t
    lines: list[Flowable] = []
    in_kind = data.in_kind_totals
    money = data.money_totals
    label = t("Total in money: {amount}") if in_kind else t("Total: {amount}")
    for currency, total in money.items():
        amount = setup.money(total, currency)
        lines.append(
            setup.text(label.format(amount=amount), 11, bold=True, align="end", space_after=1)
        )
    for currency, total in in_kind.items():
        amount = setup.money(total, currency)
        lines.append(
            setup.text(
                t("Gifts in kind, estimated value: {amount}").format(amount=amount),
                10.5,
                bold=True,
                align="end",
                space_after=1,
            )
        )
    if in_kind:
        lines.append(setup.text(t(IN_KIND_NOTE), 8.5, color=MUTED, align="end"))
    block = Stack(lines)
    block.spaceBefore = 2 * mm
    return [block]


def _gifts_table(setup: Setup, data: StatementData) -> Table:
    t, language = setup.t, setup.language
    width = setup.frame_width
    widths = (width * 0.15, width * 0.18, width * 0.25, width * 0.23, width * 0.19)
    amounts = setup_amounts(setup, [(g.amount_minor, g.currency) for g in data.donations])
    rows = []
    for gift, amount in zip(data.donations, amounts, strict=True):
        method = label("donation_method", gift.method, language)
        if gift.method == DonationMethod.IN_KIND and gift.in_kind:
            method = t("{method}: {description}").format(
                method=method, description=isolate(gift.in_kind, setup.rtl)
            )
        rows.append(
            (setup.date(gift.donated_on), gift.receipt_number, method, gift.campaign, amount)
        )
    header = (t("Date"), t("Receipt"), t("Method"), t("Campaign"), t("Amount"))
    return setup.table(header, rows, widths, numeric=(4,))  # type: ignore[arg-type, return-value]


def _section(setup: Setup, heading: str) -> list[Flowable]:
    title = setup.text(heading, 11.5, bold=True, space_after=3)
    title.keepWithNext = True  # never a heading alone at the foot of a page
    return [gap(5 * mm), title]


def _audit(setup: Setup, lines: tuple[AuditLine, ...]) -> list[Flowable]:
    """Corrections and voided receipts: which receipt replaces which, and why."""
    if not lines:
        return []
    t, rtl = setup.t, setup.rtl
    story = _section(setup, t("Audit trail"))
    note = setup.text(t("Voided receipts are not counted in the totals."), 9, color=MUTED)
    note.keepWithNext = True
    story.append(note)
    for line in lines:
        number, reason = isolate(keep_ltr(line.number), rtl), isolate(line.reason, rtl)
        if line.replaces:
            text = t("Receipt {number} replaces receipt {replaced} (voided: {reason}).").format(
                number=number, replaced=isolate(keep_ltr(line.replaces), rtl), reason=reason
            )
        elif line.replaced_by:
            text = t(
                "Receipt {number} was voided ({reason}); it is replaced by receipt {replacement}."
            ).format(
                number=number, reason=reason, replacement=isolate(keep_ltr(line.replaced_by), rtl)
            )
        else:
            text = t("Receipt {number} was voided ({reason}).").format(number=number, reason=reason)
        story.append(setup.text(f"• {text}", 9.5, space_after=2))
    return story


def _achievements(setup: Setup, data: StatementData) -> list[Flowable]:
    """Done activities of the donor's campaigns: the most recent few, and how many more."""
    if not data.activities or not data.donations:
        return []
    t, locale = setup.t, setup.locale
    story = _section(setup, t("What your gifts made possible"))
    shown, rest = data.activities[:MOST_ACTIVITIES], data.activities[MOST_ACTIVITIES:]
    width = setup.frame_width
    rows = [(a.title, setup.date(a.day), format_number(a.beneficiaries, locale)) for a in shown]
    table = setup.table(
        (t("Activity"), t("Date"), t("Beneficiaries")),
        rows,
        (width * 0.6, width * 0.2, width * 0.2),
        numeric=(2,),
    )
    tail: list[Flowable] = []
    if rest:
        people = sum(a.beneficiaries for a in rest)
        more = setup.text(
            t(
                "… and {count} other activities of the same campaigns ({people} beneficiaries)."
            ).format(count=format_number(len(rest), locale), people=format_number(people, locale)),
            9,
            color=MUTED,
        )
        more.spaceBefore = 1.5 * mm
        tail.append(more)
    # A table and what follows it (the signature is added to the tail): see statement_story.
    story.append(KeepEnd(table, tail))  # type: ignore[arg-type]
    return story
