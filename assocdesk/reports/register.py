"""The receipts register: the treasurer's control list of every receipt number of a year.

Receipt numbers are gapless per calendar year of the donation date, so the register lists them
all in order, says what became of each (issued, duplicate printed, not printed yet, voided and
why, which receipt corrects which) and checks the numbering: a missing number is listed loudly
at the top, since an auditor would ask about it. It ends with the donors left out of the yearly
statements and why, so nobody is skipped silently. The data (:class:`RegisterData`) is also the
JSON of ``assocdesk-cli register --json``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from assocdesk.models import Contact, Donation, DonationMethod, DonationStatus, ReceiptCounter
from assocdesk.reports.amounts import setup_amounts
from assocdesk.reports.bidi_text import isolate, keep_ltr
from assocdesk.reports.flowables import Stack
from assocdesk.reports.layout import MUTED, VOID_RED, Setup, build, gap
from assocdesk.reports.page_flow import KeepEnd
from assocdesk.reports.statement_data import IN_KIND_NOTE, LEFT_OUT_REASONS, LeftOut, PeriodReader
from assocdesk.services import association
from assocdesk.text.locales import format_long_date_legal, format_number, join_list

ROWS_PER_TABLE = 400  # a table re-measures its remaining rows at each page: keep them few


@dataclass(frozen=True)
class RegisterEntry:
    number: str
    seq: int
    date: date
    contact_id: int | None
    donor: str | None  # None: anonymous
    amount_minor: int
    currency: str
    status: str  # "issued", "duplicate", "not_printed" or "voided"
    prints: int
    void_reason: str | None
    replaces: str | None  # the voided receipt this one corrects
    replaced_by: str | None  # the receipt that corrects this voided one
    in_kind: bool = False  # a gift in kind: its amount is the estimated value


@dataclass(frozen=True)
class Gap:
    """Numbers first..last of the year are missing from the register."""

    first: str
    last: str
    count: int


@dataclass(frozen=True)
class RegisterData:
    year: int
    receipts: list[RegisterEntry]
    gaps: list[Gap]
    left_out: list[LeftOut]  # of the yearly statements of fiscal year ``year``
    statements_from: date
    statements_to: date
    # currency → (count, total) of recorded gifts in money; gifts in kind apart, at their
    # estimated value: the summary counts them the same way (IN_KIND_NOTE).
    totals: dict[str, tuple[int, int]]
    in_kind_totals: dict[str, tuple[int, int]] = field(default_factory=dict)

    def to_json(self) -> dict:
        """Plain values only (dates as ISO text), for json.dumps."""
        return {
            "year": self.year,
            "receipts": [
                {
                    "number": r.number,
                    "date": r.date.isoformat(),
                    "donor": r.donor,
                    "amount_minor": r.amount_minor,
                    "currency": r.currency,
                    "status": r.status,
                    "prints": r.prints,
                    "void_reason": r.void_reason,
                    "replaces": r.replaces,
                    "replaced_by": r.replaced_by,
                    "in_kind": r.in_kind,
                }
                for r in self.receipts
            ],
            "gaps": [asdict(g) for g in self.gaps],
            "left_out": [asdict(item) for item in self.left_out],
            "statements_period": {
                "from": self.statements_from.isoformat(),
                "to": self.statements_to.isoformat(),
            },
            "totals": {
                c: {"count": n, "amount_minor": total} for c, (n, total) in self.totals.items()
            },
            "in_kind_totals": {
                c: {"count": n, "amount_minor": total}
                for c, (n, total) in self.in_kind_totals.items()
            },
        }


def _status(status: str, prints: int) -> str:
    if status == DonationStatus.VOID:
        return "voided"
    return "not_printed" if prints == 0 else "issued" if prints == 1 else "duplicate"


def register_data(session: Session, year: int) -> RegisterData:
    """Every receipt of calendar year ``year`` in number order, the gaps, who is left out."""
    newer = aliased(Donation)
    older = aliased(Donation)
    rows = session.execute(
        select(
            Donation.receipt_number,
            Donation.receipt_seq,
            Donation.donated_on,
            Donation.contact_id,
            Contact.name,
            Donation.amount_minor,
            Donation.currency,
            Donation.status,
            Donation.receipt_prints,
            Donation.void_reason,
            Donation.method,
            older.receipt_number,
            newer.receipt_number,
        )
        .outerjoin(Contact, Contact.id == Donation.contact_id)
        .outerjoin(older, older.id == Donation.replaces_id)
        .outerjoin(newer, newer.replaces_id == Donation.id)
        .where(Donation.receipt_year == year)
        .order_by(Donation.receipt_seq)
    )
    receipts: list[RegisterEntry] = []
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    in_kind_totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (
        number,
        seq,
        day,
        contact_id,
        name,
        amount,
        currency,
        status,
        prints,
        reason,
        method,
        replaces,
        replaced_by,
    ) in rows:
        if receipts and receipts[-1].seq == seq:
            continue  # two corrections of one receipt: listed once
        voided = status == DonationStatus.VOID
        in_kind = method == DonationMethod.IN_KIND
        receipts.append(
            RegisterEntry(
                number,
                seq,
                day,
                contact_id,
                name,
                amount,
                currency,
                _status(status, prints),
                prints,
                reason if voided else None,
                replaces,
                replaced_by,
                in_kind,
            )
        )
        if not voided:
            counted = in_kind_totals if in_kind else totals
            counted[currency][0] += 1
            counted[currency][1] += amount
    last = session.scalar(select(ReceiptCounter.last_number).where(ReceiptCounter.year == year))
    reader = PeriodReader(session, year)
    return RegisterData(
        year,
        receipts,
        _gaps(receipts, last or 0),
        reader.left_out(),
        reader.start,
        reader.end,
        {c: (n, t) for c, (n, t) in sorted(totals.items())},
        {c: (n, t) for c, (n, t) in sorted(in_kind_totals.items())},
    )


def _gaps(receipts: list[RegisterEntry], counter: int) -> list[Gap]:
    """Numbers between 1 and the last one handed out (the counter) that no receipt has.

    A missing number is named like its neighbour (the prefix may have changed in the year).
    """

    def named(neighbour: RegisterEntry, seq: int) -> str:
        return f"{neighbour.number.rsplit('-', 1)[0]}-{seq:04d}"

    gaps: list[Gap] = []
    expected = 1
    for entry in receipts:
        if entry.seq > expected:
            gaps.append(
                Gap(named(entry, expected), named(entry, entry.seq - 1), entry.seq - expected)
            )
        expected = entry.seq + 1
    if receipts and counter >= expected:
        last = receipts[-1]
        gaps.append(Gap(named(last, expected), named(last, counter), counter - expected + 1))
    return gaps


def render_register(session: Session, year: int, *, language: str | None = None) -> bytes:
    """The register of calendar year ``year`` as PDF bytes, in the association's language."""
    profile = association.get(session)
    data = register_data(session, year)
    setup = Setup.for_language(language or (profile.default_language if profile else "fr"), profile)
    t = setup.t
    title = t("Receipts register {year}").format(year=year)
    story: list[Flowable] = [*setup.heading(), gap(3 * mm), setup.title(title)]
    story.append(
        setup.text(
            t("Every receipt number of {year}, in order: {count}.").format(
                year=year, count=len(data.receipts)
            ),
            10.5,
            align="center",
        )
    )
    story += _numbering(setup, data)
    story += _receipts(setup, data)
    story += _left_out(setup, data)
    story += [
        gap(6 * mm),
        setup.text(
            t("Printed on {date}").format(date=format_long_date_legal(date.today(), setup.locale)),
            9,
            color=MUTED,
            align="end",
        ),
    ]
    return build(setup, story, title=title, footer=f"{setup.letterhead.name} — {title}")


def _numbering(setup: Setup, data: RegisterData) -> list[Flowable]:
    t = setup.t
    if not data.receipts:
        return [gap(4 * mm), setup.text(t("No receipt was numbered this year."), 10.5)]
    if not data.gaps:
        text = t("Numbering check: no number is missing from {first} to {last}.").format(
            first=isolate(keep_ltr(data.receipts[0].number), setup.rtl),
            last=isolate(keep_ltr(data.receipts[-1].number), setup.rtl),
        )
        return [gap(2 * mm), setup.text(text, 10, align="center", color=MUTED), gap(3 * mm)]
    missing = sum(g.count for g in data.gaps)
    story: list[Flowable] = [
        gap(3 * mm),
        setup.text(
            t(
                "WARNING: {count} receipt numbers are missing from the register. Numbers are never "
                "deleted: find out what happened to them."
            ).format(count=missing),
            12,
            bold=True,
            color=VOID_RED,
        ),
    ]
    for g in data.gaps:
        numbers = keep_ltr(g.first if g.count == 1 else f"{g.first} – {g.last}")
        story.append(
            setup.text(
                f"• {isolate(numbers, setup.rtl)}", 11, bold=True, color=VOID_RED, space_after=1
            )
        )
    return [*story, gap(4 * mm)]


def _status_text(setup: Setup, entry: RegisterEntry) -> str:
    t = setup.t
    if entry.status == "voided":
        text = t("Voided: {reason}").format(reason=isolate(entry.void_reason or "", setup.rtl))
    elif entry.status == "duplicate":
        text = t("Duplicate printed ({count} prints)").format(count=entry.prints)
    elif entry.status == "issued":
        text = t("Issued")
    else:
        text = t("Not printed yet")
    if entry.in_kind:
        text += "\n" + t("Gift in kind")
    if entry.replaced_by:
        text += "\n" + t("Replaced by {number}").format(number=keep_ltr(entry.replaced_by))
    if entry.replaces:
        text += "\n" + t("Replaces {number}").format(number=keep_ltr(entry.replaces))
    return text


def _receipts(setup: Setup, data: RegisterData) -> list[Flowable]:
    """The receipts in tables of ROWS_PER_TABLE, the last one kept with the totals."""
    if not data.receipts:
        return []
    totals = _totals(setup, data)
    t, width = setup.t, setup.frame_width
    header = (t("Receipt"), t("Date"), t("Donor"), t("Amount"), t("Status"))
    widths = (width * 0.17, width * 0.14, width * 0.26, width * 0.17, width * 0.26)
    anonymous = t("Anonymous donor")
    amounts = setup_amounts(setup, [(r.amount_minor, r.currency) for r in data.receipts], 8.5)
    rows = [
        (
            r.number,
            setup.date(r.date),
            r.donor or anonymous,
            amount,
            _status_text(setup, r),
        )
        for r, amount in zip(data.receipts, amounts, strict=True)
    ]
    tables = [
        setup.table(header, rows[i : i + ROWS_PER_TABLE], widths, numeric=(3,), size=8.5)  # type: ignore[arg-type]
        for i in range(0, len(rows), ROWS_PER_TABLE)
    ]
    # The totals of every currency together, under the last rows: never split across pages.
    return [*tables[:-1], KeepEnd(tables[-1], [totals])]  # type: ignore[arg-type]


def _totals(setup: Setup, data: RegisterData) -> Flowable:
    """Money per currency, gifts in kind apart at their estimated value, and the note that
    says so (the summary says the same)."""
    t = setup.t
    lines: list[Flowable] = []
    for currency, (count, total) in data.totals.items():
        text = t("Gifts in money (receipts: {count}): {amount}").format(
            count=format_number(count, setup.locale), amount=setup.money(total, currency)
        )
        lines.append(setup.text(text, 10.5, bold=True, align="end", space_after=1))
    for currency, (count, total) in data.in_kind_totals.items():
        text = t("Gifts in kind (receipts: {count}), estimated value: {amount}").format(
            count=format_number(count, setup.locale), amount=setup.money(total, currency)
        )
        lines.append(setup.text(text, 10.5, bold=True, align="end", space_after=1))
    lines.append(setup.text(t(IN_KIND_NOTE), 8.5, color=MUTED, align="end", space_after=0))
    block = Stack(lines)
    block.spaceBefore = 2 * mm
    return block


def _left_out(setup: Setup, data: RegisterData) -> list[Flowable]:
    """Who gets no yearly statement (or one that cannot be mailed), and why."""
    t = setup.t
    period = t("From {start} to {end}").format(
        start=setup.date(data.statements_from), end=setup.date(data.statements_to)
    )
    story: list[Flowable] = [
        gap(6 * mm),
        setup.text(t("Left out of the yearly statements"), 12, bold=True, space_after=1),
        setup.text(period, 9.5, color=MUTED),
    ]
    if not data.left_out:
        return [*story, setup.text(t("Nobody is left out: every donor gets a statement."), 10)]
    rows = []
    for item in data.left_out:
        reason = t(LEFT_OUT_REASONS[item.reason])
        if item.contact_id is None:
            amounts = join_list((setup.money(v, c) for c, v in item.totals.items()), setup.language)
            rows.append(
                (
                    "",
                    t("Anonymous donor"),
                    f"{reason}\n"
                    + t("{count} donations, total {amount}").format(
                        count=item.count, amount=amounts
                    ),
                )
            )
        else:
            rows.append((str(item.contact_id), item.name, reason))
    width = setup.frame_width
    story.append(
        setup.table(
            (t("No."), t("Donor"), t("Reason")),
            rows,
            (width * 0.1, width * 0.35, width * 0.55),
            numeric=(0,),
            size=8.5,
        )
    )
    return story
