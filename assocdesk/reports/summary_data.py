"""The figures behind the donations summary for the board, read with a few grouped queries.

Kept apart from the PDF (no ReportLab here) so the Reports page can show the same figures on
screen and tests can check them without drawing anything. Why grouped SQL rather than loading
donations: a large association has 200 000 donations, a year of them some 70 000 rows, and
one GROUP BY over the date index returns a few hundred groups that Python then sorts into
months, campaigns and methods in no time.

The rules a board relies on, in one place:

- the period is inclusive at both ends (``donated_on`` between ``date_from`` and ``date_to``);
- amounts of different currencies are never added: every total is a ``{currency: minor units}``
  mapping;
- voided donations count nowhere except in their own line (``voided_count``/``voided_totals``);
- in-kind gifts are not money: their estimated values have their own totals and never reach the
  money totals, months, campaigns, methods or the donor ranking;
- donors are counted once each, over gifts in money or in kind; gifts without a donor (anonymous)
  are counted apart and are never ranked with named donors.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from assocdesk.i18n import _
from assocdesk.models import Campaign, Contact, Donation, DonationMethod, DonationStatus
from assocdesk.services import association
from assocdesk.services.errors import ValidationError
from assocdesk.storage.sql_functions import by_code_point, int_sum, year_month

TOP_DONORS = 10
# Money methods in the order the "by method" table lists them (in kind is reported apart).
MONEY_METHODS = tuple(m.value for m in DonationMethod if m != DonationMethod.IN_KIND)


@dataclass(frozen=True)
class MonthTotal:
    month: date  # the first day of the month
    count: int
    totals: dict[str, int]  # currency → minor units


@dataclass(frozen=True)
class CampaignTotal:
    campaign_id: int | None  # None: donations given to no campaign
    name: str
    count: int
    totals: dict[str, int]


@dataclass(frozen=True)
class MethodTotal:
    method: str  # a DonationMethod code; translate with labels.label("donation_method", …)
    count: int
    totals: dict[str, int]


@dataclass(frozen=True)
class DonorTotal:
    contact_id: int
    name: str
    count: int  # gifts in the main currency
    total_minor: int  # in the main currency


@dataclass(frozen=True)
class InKindItem:
    """Identical descriptions grouped: "Food basket", 12 gifts, estimated value 3 600 MAD."""

    description: str
    count: int
    value_minor: int
    currency: str


@dataclass(frozen=True)
class SummaryData:
    date_from: date
    date_to: date
    main_currency: str
    money_count: int
    totals: dict[str, int]
    donor_count: int  # distinct named donors, gifts in money or in kind
    anonymous_count: int  # gifts without a donor, in money or in kind
    anonymous_money_count: int
    anonymous_totals: dict[str, int]
    months: tuple[MonthTotal, ...]
    campaigns: tuple[CampaignTotal, ...]
    methods: tuple[MethodTotal, ...]
    top_donors: tuple[DonorTotal, ...]  # named donors only, by total in the main currency
    in_kind_count: int
    in_kind_totals: dict[str, int]
    in_kind_items: tuple[InKindItem, ...]  # largest estimated value first
    voided_count: int
    voided_totals: dict[str, int]

    @property
    def currencies(self) -> tuple[str, ...]:
        """Currencies of the money totals, the main one first (always present, maybe at 0)."""
        others = sorted(c for c in self.totals if c != self.main_currency)
        return (self.main_currency, *others)

    @property
    def other_currencies(self) -> tuple[str, ...]:
        return self.currencies[1:]

    def main_monthly_totals(self) -> list[int]:
        """Minor units in the main currency for each month of the period (the chart's bars)."""
        return [m.totals.get(self.main_currency, 0) for m in self.months]


def months_between(date_from: date, date_to: date) -> list[date]:
    """The first day of every month that the period touches, zeros included."""
    months, year, month = [], date_from.year, date_from.month
    while (year, month) <= (date_to.year, date_to.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _add(totals: dict[str, int], currency: str, minor: int) -> None:
    totals[currency] = totals.get(currency, 0) + minor


class _Tally:
    """Counts and per-currency totals under any key (a month, a campaign id, a method)."""

    def __init__(self) -> None:
        self.count: dict[object, int] = defaultdict(int)
        self.totals: dict[object, dict[str, int]] = defaultdict(dict)

    def add(self, key: object, count: int, currency: str, minor: int) -> None:
        self.count[key] += count
        _add(self.totals[key], currency, minor)


def summary_data(session: Session, date_from: date, date_to: date) -> SummaryData:
    """Everything the summary states about donations made from ``date_from`` to ``date_to``.

    A donation belongs to the period by the day it was given (not the day it was voided or its
    receipt printed), so the same period always gives the same figures, whenever it is asked.
    """
    if date_from > date_to:
        raise ValidationError("date_to", _("The end is before the start."))
    profile = association.get(session)
    main = profile.default_currency if profile else "MAD"
    in_period = Donation.donated_on.between(date_from, date_to)
    recorded = and_(in_period, Donation.status == DonationStatus.RECORDED)
    month_of = year_month(Donation.donated_on)
    anonymous = Donation.contact_id.is_(None)
    groups = session.execute(
        select(
            Donation.status,
            Donation.method,
            Donation.currency,
            Donation.campaign_id,
            anonymous,
            month_of,
            func.count(),
            int_sum(Donation.amount_minor),
        )
        .where(in_period)
        .group_by(
            Donation.status,
            Donation.method,
            Donation.currency,
            Donation.campaign_id,
            anonymous,
            month_of,
        )
    )
    months, campaigns, methods = _Tally(), _Tally(), _Tally()
    totals: dict[str, int] = {}
    in_kind_totals: dict[str, int] = {}
    voided_totals: dict[str, int] = {}
    anonymous_totals: dict[str, int] = {}
    money_count = in_kind_count = voided_count = anonymous_count = anonymous_money = 0
    for status, method, currency, campaign_id, is_anonymous, month, count, minor in groups:
        if status == DonationStatus.VOID:
            voided_count += count
            _add(voided_totals, currency, minor)
            continue
        anonymous_count += count if is_anonymous else 0
        if method == DonationMethod.IN_KIND:
            in_kind_count += count
            _add(in_kind_totals, currency, minor)
            continue
        money_count += count
        _add(totals, currency, minor)
        months.add(month, count, currency, minor)
        campaigns.add(campaign_id, count, currency, minor)
        methods.add(method, count, currency, minor)
        if is_anonymous:
            anonymous_money += count
            _add(anonymous_totals, currency, minor)

    month_rows = tuple(
        MonthTotal(m, months.count.get(key, 0), dict(months.totals.get(key, {})))
        for m in months_between(date_from, date_to)
        for key in [f"{m.year:04d}-{m.month:02d}"]
    )
    return SummaryData(
        date_from=date_from,
        date_to=date_to,
        main_currency=main,
        money_count=money_count,
        totals=totals,
        donor_count=session.scalar(
            select(func.count(func.distinct(Donation.contact_id))).where(recorded)
        )
        or 0,
        anonymous_count=anonymous_count,
        anonymous_money_count=anonymous_money,
        anonymous_totals=anonymous_totals,
        months=month_rows,
        campaigns=_campaign_rows(session, campaigns, main),
        methods=_method_rows(methods),
        top_donors=_top_donors(session, recorded, main),
        in_kind_count=in_kind_count,
        in_kind_totals=in_kind_totals,
        in_kind_items=_in_kind_items(session, recorded, main),
        voided_count=voided_count,
        voided_totals=voided_totals,
    )


def _campaign_rows(session: Session, tally: _Tally, main: str) -> tuple[CampaignTotal, ...]:
    """Largest total in the main currency first; "no campaign" always last (it is the rest)."""
    ids = [key for key in tally.count if isinstance(key, int)]
    query = select(Campaign.id, Campaign.name).where(Campaign.id.in_(ids))
    names: dict[int, str] = {cid: name for cid, name in session.execute(query)}
    rows = sorted(
        (
            CampaignTotal(key, names.get(key, ""), tally.count[key], dict(tally.totals[key]))
            for key in ids
        ),
        key=lambda row: (-row.totals.get(main, 0), row.name.casefold(), row.campaign_id),
    )
    if None in tally.count:
        rows.append(CampaignTotal(None, "", tally.count[None], dict(tally.totals[None])))
    return tuple(rows)


def _method_rows(tally: _Tally) -> tuple[MethodTotal, ...]:
    """Every method that was used, in the fixed order of the donation form."""
    known = [m for m in MONEY_METHODS if m in tally.count]
    unknown = sorted(str(m) for m in tally.count if m not in MONEY_METHODS)
    return tuple(
        MethodTotal(str(m), tally.count[m], dict(tally.totals[m])) for m in [*known, *unknown]
    )


def _top_donors(session: Session, recorded: object, main: str) -> tuple[DonorTotal, ...]:
    """Named donors ranked by their money gifts in the main currency (ties: by name)."""
    total = int_sum(Donation.amount_minor)
    rows = session.execute(
        select(Donation.contact_id, Contact.name, func.count(), total)
        .join(Contact, Contact.id == Donation.contact_id)
        .where(recorded, Donation.method != DonationMethod.IN_KIND, Donation.currency == main)
        .group_by(Donation.contact_id, Contact.name)
        .order_by(total.desc(), by_code_point(Contact.name), Donation.contact_id)
        .limit(TOP_DONORS)
    )
    return tuple(DonorTotal(cid, name, count, minor) for cid, name, count, minor in rows)


def _in_kind_items(session: Session, recorded: object, main: str) -> tuple[InKindItem, ...]:
    """Grouped by identical description; main currency first, then largest value first.

    Values of different currencies are not compared (58 500 DZD is not more than 4 500 MAD).
    """
    rows = session.execute(
        select(
            Donation.in_kind_description,
            Donation.currency,
            func.count(),
            int_sum(Donation.amount_minor),
        )
        .where(recorded, Donation.method == DonationMethod.IN_KIND)
        .group_by(Donation.in_kind_description, Donation.currency)
    )
    items = [InKindItem(text, count, minor, currency) for text, currency, count, minor in rows]
    items.sort(key=lambda i: (i.currency != main, i.currency, -i.value_minor, i.description))
    return tuple(items)
