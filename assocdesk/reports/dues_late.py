"""The late dues list of a year: for the board's meeting and the treasurer's follow-up.

Every member who owes dues for the year (late or never paid, see services.dues_status), with the
fee, what was paid and what is still due, the totals per currency, and whether the member may be
reminded (consent to be contacted): the list is also what the secretary phones from.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from assocdesk.reports.bidi_text import keep_ltr
from assocdesk.reports.layout import MUTED, Setup, build, gap
from assocdesk.services import association
from assocdesk.services.dues_status import LateMember, late_members, status_label

ROWS_PER_TABLE = 300  # a table re-measures its remaining rows at each page: keep them few


def render_late_list(session: Session, year: int, *, language: str | None = None) -> bytes:
    """The late dues list of ``year`` as PDF bytes, in the association's language by default."""
    profile = association.get(session)
    late = late_members(session, year)
    setup = Setup.for_language(language or (profile.default_language if profile else "fr"), profile)
    return late_list_pdf(setup, year, late)


def late_list_pdf(setup: Setup, year: int, late: list[LateMember]) -> bytes:
    t = setup.t
    title = t("Late dues {year}").format(year=year)
    story: list[Flowable] = [*setup.heading(), gap(3 * mm), setup.title(title)]
    if not late:
        story.append(
            setup.text(t("Every member is up to date with the dues of {year}.").format(year=year),
                       10.5, align="center")
        )  # fmt: skip
    else:
        story.append(
            setup.text(
                t("Members who owe dues for {year}: {count}.").format(count=len(late), year=year),
                10.5,
                align="center",
            )
        )
        story.append(gap(3 * mm))
        story += _tables(setup, late)
        totals: dict[str, int] = {}
        for member in late:
            totals[member.currency] = totals.get(member.currency, 0) + member.due_minor
        for currency, total in sorted(totals.items()):
            story.append(
                setup.text(
                    t("Still due in total: {amount}").format(amount=setup.money(total, currency)),
                    10.5,
                    bold=True,
                    align="end",
                    space_after=1,
                )
            )
    story += [
        gap(6 * mm),
        setup.text(
            t("Printed on {date}").format(date=setup.date(date.today())),
            9,
            color=MUTED,
            align="end",
        ),
    ]
    return build(setup, story, title=title, footer=f"{setup.letterhead.name} — {title}")


def _tables(setup: Setup, late: list[LateMember]) -> list[Flowable]:
    t = setup.t
    width = setup.frame_width
    widths = [w * width for w in (0.09, 0.25, 0.13, 0.12, 0.13, 0.13, 0.15)]
    header = (
        t("No."),
        t("Member"),
        t("Category"),
        t("Status"),
        t("Fee"),
        t("Paid"),
        t("Still due"),
    )
    rows = []
    for m in late:
        name = m.name if m.may_contact else f"{m.name} *"
        rows.append(
            (
                keep_ltr(m.number),
                name,
                m.category,
                status_label(m.status, setup.language),
                setup.money(m.fee_minor, m.currency),
                setup.money(m.paid_minor, m.currency),
                setup.money(m.due_minor, m.currency),
            )
        )
    tables: list[Flowable] = [
        setup.table(header, rows[i : i + ROWS_PER_TABLE], widths, numeric=(4, 5, 6), size=8.5)
        for i in range(0, len(rows), ROWS_PER_TABLE)
    ]
    if any(not m.may_contact for m in late):
        tables.append(
            setup.text(
                t("* May not be contacted: no consent, or no phone number."), 8.5, color=MUTED
            )
        )
    tables.append(gap(3 * mm))
    return tables
