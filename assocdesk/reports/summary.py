"""The donations summary for the board: key figures, tables and a chart over a period.

What a treasurer hands to the board at a meeting: how much came in (per currency, never added
together), from how many donors, when (every month of the period, zeros included, drawn as a
bar chart), for which campaigns, by which methods, who gave most; in-kind gifts and voided
donations apart, so no one takes an estimated value or a cancelled gift for cash received.

The figures come from :func:`summary_data` (no ReportLab), which the Reports page reuses; this
module only lays them out with the shared document foundation (letterhead, mirrored tables,
bidi text) in the language asked for, else the association's default one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether
from sqlalchemy.orm import Session

from assocdesk.i18n import list_separator
from assocdesk.labels import label
from assocdesk.reports.amounts import setup_amounts
from assocdesk.reports.layout import ACCENT, MUTED, Setup, build, gap
from assocdesk.reports.statement_data import IN_KIND_NOTE
from assocdesk.reports.summary_chart import monthly_chart
from assocdesk.reports.summary_data import SummaryData, summary_data
from assocdesk.services import association
from assocdesk.text.locales import format_long_date_legal, format_number

__all__ = ["SummaryData", "render_summary", "summary_data", "summary_pdf"]

IN_KIND_LISTED = 10  # descriptions listed; the rest are counted in one line


def render_summary(
    session: Session, date_from: date, date_to: date, *, language: str | None = None
) -> bytes:
    """The summary of donations made from ``date_from`` to ``date_to`` (inclusive), as PDF."""
    data = summary_data(session, date_from, date_to)
    profile = association.get(session)
    language = language or (profile.default_language if profile else "fr")
    return summary_pdf(Setup.for_language(language, profile), data)


class _Writer:
    """Formats of one document (counts, amounts, per-currency totals) and its sections."""

    def __init__(self, setup: Setup, data: SummaryData) -> None:
        self.setup, self.data, self.t = setup, data, setup.t

    def count(self, value: int) -> str:
        return format_number(value, self.setup.locale)

    def amounts(self, totals: dict[str, int]) -> str:
        """Totals of several currencies side by side, never added: "1 200 MAD, 500 DZD"."""
        shown = [c for c in self.data.currencies if c in totals]
        shown += sorted(c for c in totals if c not in shown)
        if not shown:
            return self.setup.money(0, self.data.main_currency)
        return list_separator(self.setup.language).join(
            self.setup.money(totals[c], c) for c in shown
        )

    def heading(self, text: str) -> Flowable:
        paragraph = self.setup.text(text, 12.5, bold=True, color=ACCENT, space_after=4)
        paragraph.spaceBefore = 4 * mm
        paragraph.keepWithNext = True  # never a heading alone at the foot of a page
        return paragraph

    def section(
        self, title: str, first_header: str, rows: Sequence[tuple[str, int, dict[str, int]]]
    ) -> Flowable:
        """A heading and its breakdown table, kept on one page when they fit on one."""
        body = (
            self.share_table(first_header, rows, total=True)
            if rows
            else self.note(self.t("No donation in money over this period."))
        )
        return KeepTogether([self.heading(title), body])

    def note(self, text: str) -> Flowable:
        return self.setup.text(text, 8.5, color=MUTED, space_after=2)

    def share_table(
        self, first_header: str, rows: Sequence[tuple[str, int, dict[str, int]]], *, total: bool
    ) -> Flowable:
        """Name, number of donations, then one total column per currency (main first)."""
        t, currencies = self.t, self.data.currencies
        width = self.setup.frame_width
        first, count_width = width * (0.42 if len(currencies) < 3 else 0.3), width * 0.13
        money_width = (width - first - count_width) / len(currencies)
        header = [
            first_header,
            t("Donations"),
            *(t("Total ({currency})").format(currency=c) for c in currencies),
        ]
        sums_by_row = [sums for _name, _n, sums in rows]
        if total:
            sums_by_row.append(self.data.totals)
        bold_rows = (len(sums_by_row) - 1,) if total else ()
        columns = [
            setup_amounts(
                self.setup, [(sums.get(c, 0), c) for sums in sums_by_row], bold_rows=bold_rows
            )
            for c in currencies
        ]
        names = [(name, self.count(n)) for name, n, _sums in rows]
        if total:
            names.append((t("Total"), self.count(self.data.money_count)))
        body = [
            [name, count, *(column[index] for column in columns)]
            for index, (name, count) in enumerate(names)
        ]
        return self.setup.table(
            header,
            body,
            [first, count_width] + [money_width] * len(currencies),
            numeric=range(1, 2 + len(currencies)),
            total_row=total,
        )


def summary_pdf(setup: Setup, data: SummaryData) -> bytes:
    """Lay out ``data`` as the board's summary (A4, as many pages as needed)."""
    t = setup.t
    w = _Writer(setup, data)
    period = t("From {start} to {end}").format(
        start=format_long_date_legal(data.date_from, setup.locale),
        end=format_long_date_legal(data.date_to, setup.locale),
    )
    story: list[Flowable] = [
        *setup.heading(),
        gap(3 * mm),
        setup.title(t("Donations summary")),
        setup.text(period, 11, align="center", space_after=2),
    ]
    story += _key_figures(w)
    story += _by_month(w)
    campaign_rows = [(c.name or t("No campaign"), c.count, c.totals) for c in data.campaigns]
    story.append(w.section(t("By campaign"), t("Campaign"), campaign_rows))
    method_rows = [
        (label("donation_method", m.method, setup.language), m.count, m.totals)
        for m in data.methods
    ]
    story.append(w.section(t("By method"), t("Method"), method_rows))
    # A short section moves whole to the next page rather than leave a row or two behind
    # (KeepTogether lets a section taller than a page flow as usual).
    story.append(KeepTogether(_top_donors(w)))
    story.append(KeepTogether(_in_kind(w)))
    story.append(gap(6 * mm))
    story.append(
        w.note(
            t("Prepared on {date}").format(date=format_long_date_legal(date.today(), setup.locale))
        )
    )
    title = t("Donations summary")
    return build(
        setup,
        story,
        title=f"{title} — {period}",
        footer=" — ".join(part for part in (setup.letterhead.name, title) if part),
    )


def _key_figures(w: _Writer) -> list[Flowable]:
    setup, data, t = w.setup, w.data, w.t
    rows = [
        (t("Donations in money"), w.count(data.money_count)),
        (t("Donors"), w.count(data.donor_count)),
        (t("Anonymous donations"), w.count(data.anonymous_count)),
    ]
    rows += [
        (t("Total received ({currency})").format(currency=c), setup.money(data.totals.get(c, 0), c))
        for c in data.currencies
    ]
    rows.append((t("In-kind donations"), w.count(data.in_kind_count)))
    rows += [
        (t("In-kind donations, estimated value ({currency})").format(currency=c), setup.money(v, c))
        for c, v in sorted(
            data.in_kind_totals.items(), key=lambda i: (i[0] != data.main_currency, i[0])
        )
    ]
    voided = w.count(data.voided_count)
    if data.voided_count:
        voided = t("{count} (total {amount})").format(
            count=voided, amount=w.amounts(data.voided_totals)
        )
    rows.append((t("Voided donations (not counted)"), voided))
    width = setup.frame_width
    return [
        w.heading(t("Key figures")),
        setup.table(
            (t("Item"), t("Details")), rows, (width * 0.45, width * 0.55), numeric=(1,), size=10
        ),
        gap(1.5 * mm),
        w.note(t(IN_KIND_NOTE)),
        w.note(
            t(
                "Donors are counted once each, whether they gave in money or in kind. Amounts "
                "are donations in money: in-kind donations are reported apart at the end, and "
                "voided donations are counted nowhere else."
            )
        ),
    ]


def _by_month(w: _Writer) -> list[Flowable]:
    from babel.dates import format_date

    setup, data, t = w.setup, w.data, w.t
    main = data.main_currency
    items: list[Flowable] = [w.heading(t("Totals by month"))]
    items.append(
        setup.text(
            t("Monthly totals in {currency}").format(currency=main),
            9.5,
            bold=True,
            align="center",
            space_after=0,
        )
    )
    items.append(monthly_chart(setup, data))
    if data.other_currencies:
        others = list_separator(setup.language).join(data.other_currencies)
        items.append(
            w.note(
                t(
                    "The chart shows donations in {currency} only; donations in "
                    "{others} are in the table below."
                ).format(currency=main, others=others)
            )
        )
    items.append(gap(2 * mm))
    rows = [
        (format_date(m.month, "LLLL y", locale=setup.locale), m.count, m.totals)
        for m in data.months
    ]
    items.append(w.share_table(t("Month"), rows, total=True))
    return items


def _top_donors(w: _Writer) -> list[Flowable]:
    setup, data, t = w.setup, w.data, w.t
    main = data.main_currency
    items: list[Flowable] = [
        w.heading(t("Top donors")),
        w.note(
            t("Named donors ranked by their donations in money in {currency}.").format(
                currency=main
            )
        ),
    ]
    if data.top_donors:
        width = setup.frame_width
        amounts = setup_amounts(setup, [(d.total_minor, main) for d in data.top_donors])
        rows = [
            (w.count(rank), d.name, w.count(d.count), amount)
            for rank, (d, amount) in enumerate(zip(data.top_donors, amounts, strict=True), 1)
        ]
        items.append(
            setup.table(
                ("#", t("Donor"), t("Donations"), t("Total ({currency})").format(currency=main)),
                rows,
                (width * 0.07, width * 0.53, width * 0.13, width * 0.27),
                numeric=(0, 2, 3),
            )
        )
    else:
        items.append(
            setup.text(
                t("No named donor gave money in {currency} over this period.").format(
                    currency=main
                ),
                9.5,
            )
        )
    if data.anonymous_money_count:
        items.append(gap(1.5 * mm))
        items.append(
            setup.text(
                t(
                    "Anonymous donations are not ranked with named donors: {count}, total {amount}."
                ).format(
                    count=w.count(data.anonymous_money_count),
                    amount=w.amounts(data.anonymous_totals),
                ),
                9.5,
            )
        )
    return items


def _in_kind(w: _Writer) -> list[Flowable]:
    setup, data, t = w.setup, w.data, w.t
    items: list[Flowable] = [w.heading(t("In-kind donations"))]
    if not data.in_kind_count:
        items.append(setup.text(t("No in-kind donation over this period."), 9.5))
        return items
    items.append(
        setup.text(
            t(
                "In-kind donations: {count}, estimated at {amount} in all. These estimates are not "
                "included in the money totals above."
            ).format(count=w.count(data.in_kind_count), amount=w.amounts(data.in_kind_totals)),
            9.5,
        )
    )
    width = setup.frame_width
    listed = data.in_kind_items[:IN_KIND_LISTED]
    values = setup_amounts(setup, [(i.value_minor, i.currency) for i in listed])
    rows = [
        (i.description, w.count(i.count), value) for i, value in zip(listed, values, strict=True)
    ]
    items.append(
        setup.table(
            (t("Description"), t("Donations"), t("Estimated value")),
            rows,
            (width * 0.58, width * 0.13, width * 0.29),
            numeric=(1, 2),
        )
    )
    rest = data.in_kind_items[IN_KIND_LISTED:]
    if rest:
        totals: dict[str, int] = {}
        for item in rest:
            totals[item.currency] = totals.get(item.currency, 0) + item.value_minor
        items.append(
            w.note(
                t("Other descriptions, not listed: {count} ({amount}).").format(
                    count=w.count(len(rest)), amount=w.amounts(totals)
                )
            )
        )
    return items
