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
from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from assocdesk.labels import label
from assocdesk.models import DonationMethod
from assocdesk.reports.bidi_text import isolate, keep_ltr
from assocdesk.reports.flowables import Stack
from assocdesk.reports.layout import MUTED, Setup, build, fold_gaps, gap
from assocdesk.reports.receipt import document_language
from assocdesk.reports.statement_data import (
    AuditLine,
    StatementData,
    fiscal_period,
    period_label,
    statement_rows,
)
from assocdesk.services import association
from assocdesk.text.locales import format_number

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
    session: Session, contact_id: int, year: int, *, language: str | None = None
) -> bytes:
    """The statement of ``contact_id`` for fiscal year ``year`` as PDF bytes."""
    data = statement_rows(session, contact_id, year)
    profile = association.get(session)
    setup = Setup.for_language(
        document_language(language, data.preferred_language, profile), profile
    )
    return statement_pdf(setup, data)


def statement_title(setup: Setup, data: StatementData) -> str:
    """ "Yearly statement 2025" (or "2025–2026" for a fiscal year from July), translated."""
    return setup.t("Yearly statement {year}").format(year=data.label)


def statement_pdf(setup: Setup, data: StatementData, issued_on: date | None = None) -> bytes:
    """One statement as PDF bytes, from data already read (the batch's entry point)."""
    title = statement_title(setup, data)
    return build(
        setup,
        statement_story(setup, data, issued_on),
        title=f"{title} — {data.name}",
        footer=f"{setup.letterhead.name} — {title}",
    )


def statement_story(
    setup: Setup, data: StatementData, issued_on: date | None = None
) -> list[Flowable]:
    """The statement's flowables, from the letterhead to the treasurer's signature."""
    t = setup.t
    story: list[Flowable] = [
        *setup.heading(),
        gap(3 * mm),
        setup.title(statement_title(setup, data)),
    ]
    period = t("From {start} to {end}").format(
        start=setup.date(data.start), end=setup.date(data.end)
    )
    story += [setup.text(period, 10.5, align="center", space_after=0), gap(5 * mm)]
    story.append(setup.text(data.name, 11.5, bold=True, space_after=1))
    story += [setup.text(line, 9.5, color=MUTED, space_after=0) for line in data.address]
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
    # The opening (letterhead to the first sentence) and the signature each go as one block:
    # they always fit on a page, and a batch lays out a third fewer flowables.
    opening, story = Stack(fold_gaps(story)), []
    if data.donations:
        story.append(_gifts_table(setup, data))
        story.append(gap(2 * mm))
        for currency, total in data.totals.items():
            amount = setup.money(total, currency)
            story.append(
                setup.text(
                    t("Total: {amount}").format(amount=amount),
                    11,
                    bold=True,
                    align="end",
                    space_after=1,
                )
            )
        if any(g.method == DonationMethod.IN_KIND for g in data.donations):
            story.append(
                setup.text(
                    t("In-kind gifts are counted at their estimated value."),
                    8.5,
                    color=MUTED,
                    align="end",
                )
            )
    story += _audit(setup, data.audit)
    story += _achievements(setup, data)
    signature = Stack(fold_gaps(_signature(setup, issued_on or date.today())))
    signature.keepTogether = True
    return [opening, *fold_gaps(story), signature]


def _gifts_table(setup: Setup, data: StatementData) -> Flowable:
    t, language = setup.t, setup.language
    width = setup.frame_width
    widths = (width * 0.15, width * 0.18, width * 0.25, width * 0.23, width * 0.19)
    rows = []
    for gift in data.donations:
        method = label("donation_method", gift.method, language)
        if gift.method == DonationMethod.IN_KIND and gift.in_kind:
            method = t("{method}: {description}").format(
                method=method, description=isolate(gift.in_kind, setup.rtl)
            )
        rows.append(
            (
                setup.date(gift.donated_on),
                gift.receipt_number,
                method,
                gift.campaign,
                setup.money(gift.amount_minor, gift.currency),
            )
        )
    header = (t("Date"), t("Receipt"), t("Method"), t("Campaign"), t("Amount"))
    return setup.table(header, rows, widths, numeric=(4,))


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
    story.append(
        setup.table(
            (t("Activity"), t("Date"), t("Beneficiaries")),
            rows,
            (width * 0.6, width * 0.2, width * 0.2),
            numeric=(2,),
        )
    )
    if rest:
        people = sum(a.beneficiaries for a in rest)
        story.append(gap(1.5 * mm))
        story.append(
            setup.text(
                t(
                    "… and {count} other activities of the same campaigns ({people} beneficiaries)."
                ).format(
                    count=format_number(len(rest), locale), people=format_number(people, locale)
                ),
                9,
                color=MUTED,
            )
        )
    return story


def _signature(setup: Setup, issued_on: date) -> list[Flowable]:
    treasurer = setup.signature(issued_on, setup.t("The treasurer"), setup.letterhead.treasurer)
    return [gap(7 * mm), *treasurer]
