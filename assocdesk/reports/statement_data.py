"""What yearly statements state, read from the database for one donor or for all at once.

Why one reader for both: the batch prints thousands of statements, so it must not run a query
per donor. :class:`PeriodReader` reads a whole fiscal year with a handful of queries (donations
of the period grouped by donor, their contacts, campaign names, the corrections, the activities)
and hands out one :class:`StatementData` per donor; a single statement uses the same reader
narrowed to one contact, so both always say the same thing.

Voided donations are never counted. They still appear in the statement's audit trail, so a
donor holding a receipt that was voided (or corrected) can see what became of it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, Row, and_, func, select
from sqlalchemy.orm import Session, aliased

from assocdesk.i18n import N_
from assocdesk.models import (
    Activity,
    ActivityStatus,
    AssociationProfile,
    Campaign,
    Contact,
    Donation,
    DonationMethod,
    DonationStatus,
)
from assocdesk.services import association, contacts
from assocdesk.storage.sql_functions import by_code_point, count_true, int_sum

RECORDED, VOID = DonationStatus.RECORDED.value, DonationStatus.VOID.value
# Why a donor gets no statement, or one that cannot be mailed (LeftOut.reason → message).
LEFT_OUT_REASONS = {
    "anonymous": N_("Anonymous donations: there is nobody to send a statement to."),
    "all_voided": N_("All gifts of the period were voided: no statement."),
    "no_address": N_("No address: the statement is made but cannot be mailed."),
}


# Said on every document that totals donations (statement, register, summary), in one wording.
IN_KIND_NOTE = N_(
    "Money totals do not include gifts in kind: these are totalled apart, at their estimated value."
)


def fiscal_period(year: int, start_month: int = 1) -> tuple[date, date]:
    """First and last day of fiscal year ``year``: it starts on the 1st of ``start_month``.

    Month 1 is the calendar year; month 7 and 2025 is 2025-07-01 .. 2026-06-30.
    """
    start_month = start_month if 1 <= start_month <= 12 else 1
    start = date(year, start_month, 1)
    if start_month == 1:
        return start, date(year, 12, 31)
    return start, date.fromordinal(date(year + 1, start_month, 1).toordinal() - 1)


def period_label(year: int, start_month: int = 1) -> str:
    """ "2025" for a calendar year, "2025–2026" for a fiscal year that straddles two."""
    return str(year) if start_month in (1, 0) else f"{year}–{year + 1}"


@dataclass(frozen=True)
class Gift:
    """One counted (not voided) donation as the statement lists it."""

    donation_id: int
    donated_on: date
    receipt_number: str
    method: str
    campaign: str
    amount_minor: int
    currency: str
    in_kind: str  # the description of an in-kind gift; its amount is the estimated value


@dataclass(frozen=True)
class AuditLine:
    """A correction ("number replaces replaces") or a voided receipt (replaces is None)."""

    number: str
    reason: str  # why the receipt that was replaced (or ``number`` itself) was voided
    replaces: str | None = None
    replaced_by: str | None = None


@dataclass(frozen=True)
class Achievement:
    """A done activity of a campaign the donor gave to."""

    title: str
    day: date
    beneficiaries: int


@dataclass(frozen=True)
class StatementData:
    contact_id: int
    name: str
    address: tuple[str, ...]
    preferred_language: str | None
    year: int
    start: date
    end: date
    label: str  # the period as a title says it: "2025" or "2025–2026"
    donations: tuple[Gift, ...]
    audit: tuple[AuditLine, ...] = ()
    activities: tuple[Achievement, ...] = ()  # most recent first

    @property
    def totals(self) -> dict[str, int]:
        """Currency → total of the counted gifts; currencies are never added together."""
        return _sums(self.donations)

    @property
    def money_totals(self) -> dict[str, int]:
        """Currency → total of the counted gifts in money (gifts in kind left out)."""
        return _sums(g for g in self.donations if g.method != DonationMethod.IN_KIND)

    @property
    def in_kind_totals(self) -> dict[str, int]:
        """Currency → estimated value of the counted gifts in kind."""
        return _sums(g for g in self.donations if g.method == DonationMethod.IN_KIND)

    @property
    def has_address(self) -> bool:
        return bool(self.address)


def _sums(gifts: Iterable[Gift]) -> dict[str, int]:
    sums: dict[str, int] = defaultdict(int)
    for gift in gifts:
        sums[gift.currency] += gift.amount_minor
    return dict(sorted(sums.items()))


@dataclass(frozen=True)
class LeftOut:
    """Who gets no statement (or one that cannot be mailed), and why. reason is a code:
    "anonymous" (contact_id None: count and totals of the anonymous gifts), "all_voided",
    "no_address" (the statement is made, but has nowhere to be sent)."""

    contact_id: int | None
    name: str
    reason: str
    count: int = 0
    totals: dict[str, int] = field(default_factory=dict)


_COLUMNS = (
    Donation.id,
    Donation.contact_id,
    Donation.donated_on,
    Donation.receipt_number,
    Donation.method,
    Donation.campaign_id,
    Donation.amount_minor,
    Donation.currency,
    Donation.in_kind_description,
    Donation.status,
    Donation.void_reason,
    Donation.replaces_id,
)


class PeriodReader:
    """Reads fiscal year ``year`` once; ``contact_id`` narrows it to one donor."""

    def __init__(self, session: Session, year: int, contact_id: int | None = None) -> None:
        self.session, self.year, self.contact_id = session, year, contact_id
        self.profile: AssociationProfile | None = association.get(session)
        month = self.profile.fiscal_year_start_month if self.profile else 1
        self.start, self.end = fiscal_period(year, month)
        self.label = period_label(year, month)
        self._in_period = and_(Donation.donated_on >= self.start, Donation.donated_on <= self.end)
        self._campaigns = dict(session.execute(select(Campaign.id, Campaign.name)).all())
        self._corrections()
        self._activities: dict[int, list[Achievement]] = defaultdict(list)
        self._merged: dict[frozenset[int], tuple[Achievement, ...]] = {}

    def _donors_filter(self) -> ColumnElement[bool]:
        if self.contact_id is not None:
            return Donation.contact_id == self.contact_id
        return Donation.contact_id.is_not(None)

    def _corrections(self) -> None:
        """Every correction link of the database (few: one per corrected receipt)."""
        replaced = aliased(Donation)
        links = self.session.execute(
            select(
                Donation.id,
                Donation.receipt_number,
                replaced.id,
                replaced.receipt_number,
                replaced.void_reason,
                replaced.replaces_id,
            ).join(replaced, replaced.id == Donation.replaces_id)
        )
        self._replaced: dict[int, tuple[str, str, int | None]] = {}  # id → number, reason, its own
        self._replaced_by: dict[int, str] = {}  # voided id → number of its replacement
        for _id, number, old_id, old_number, reason, old_replaces in links:
            self._replaced[old_id] = (old_number, reason, old_replaces)
            self._replaced_by[old_id] = number

    def _load_activities(self) -> None:
        used = select(Donation.campaign_id).where(
            self._in_period, self._donors_filter(), Donation.campaign_id.is_not(None)
        )
        rows = self.session.execute(
            select(
                Activity.campaign_id,
                Activity.title,
                Activity.starts_at,
                Activity.beneficiaries_count,
            ).where(Activity.status == ActivityStatus.DONE, Activity.campaign_id.in_(used))
        )
        for campaign_id, title, starts_at, count in rows:
            self._activities[campaign_id].append(Achievement(title, starts_at.date(), count))

    def activities_of(self, campaign_ids: frozenset[int]) -> tuple[Achievement, ...]:
        """Done activities of these campaigns, most recent first (shared between donors)."""
        merged = self._merged.get(campaign_ids)
        if merged is None:
            found = [a for c in campaign_ids for a in self._activities.get(c, ())]
            merged = tuple(sorted(found, key=lambda a: (a.day, a.title), reverse=True))
            self._merged[campaign_ids] = merged
        return merged

    def _contacts(self) -> dict[int, tuple[str, str, str, str | None]]:
        donors = select(Donation.contact_id).where(self._in_period, self._donors_filter())
        rows = self.session.execute(
            select(
                Contact.id, Contact.name, Contact.address, Contact.city, Contact.preferred_language
            ).where(Contact.id.in_(donors))
        )
        return {cid: (name, address, city, language) for cid, name, address, city, language in rows}

    def statements(self, *, include_empty: bool = False) -> Iterator[StatementData]:
        """One StatementData per donor with at least one counted gift, by contact id.

        ``include_empty`` also yields donors whose gifts were all voided (and, for a single
        contact, one who gave nothing), with no donations.
        """
        self._load_activities()
        people = self._contacts()
        rows = self.session.execute(
            select(*_COLUMNS)
            .where(self._in_period, self._donors_filter())
            .order_by(
                Donation.contact_id,
                Donation.donated_on,
                Donation.receipt_year,
                Donation.receipt_seq,
            )
        )
        current: int | None = None
        batch: list[Row] = []
        for row in rows:
            if row[1] != current and batch:
                data = self.statement_of(current, people[current], batch)  # type: ignore[index]
                if data.donations or include_empty:
                    yield data
                batch = []
            current = row[1]
            batch.append(row)
        if batch:
            data = self.statement_of(current, people[current], batch)  # type: ignore[index]
            if data.donations or include_empty:
                yield data

    def statement_of(
        self, contact_id: int, person: tuple[str, str, str, str | None], rows: list[Row]
    ) -> StatementData:
        """The statement of one donor from their donations of the period (any status)."""
        gifts: list[Gift] = []
        audit: list[AuditLine] = []
        explained: set[str] = set()  # voided receipts a correction line already accounts for
        for row in rows:
            if row.status == VOID:
                continue
            campaign = self._campaigns.get(row.campaign_id, "") if row.campaign_id else ""
            gifts.append(
                Gift(
                    row.id,
                    row.donated_on,
                    row.receipt_number,
                    row.method,
                    campaign,
                    row.amount_minor,
                    row.currency,
                    row.in_kind_description,
                )
            )
            newer, link = row.receipt_number, row.replaces_id
            while link is not None and link in self._replaced:  # a chain of corrections
                old_number, old_reason, link_before = self._replaced[link]
                audit.append(AuditLine(newer, old_reason, replaces=old_number))
                explained.add(old_number)
                newer, link = old_number, link_before
        for row in rows:
            if row.status == VOID and row.receipt_number not in explained:
                replacement = self._replaced_by.get(row.id)
                audit.append(
                    AuditLine(row.receipt_number, row.void_reason, replaced_by=replacement)
                )
        name, address, city, language = person
        lines = tuple(line.strip() for line in address.split("\n") if line.strip())
        if city.strip():
            lines += (city.strip(),)
        campaigns = frozenset(
            row.campaign_id for row in rows if row.status != VOID and row.campaign_id is not None
        )
        return StatementData(
            contact_id,
            name,
            lines,
            language,
            self.year,
            self.start,
            self.end,
            self.label,
            tuple(gifts),
            tuple(audit),
            self.activities_of(campaigns),
        )

    def left_out(self) -> list[LeftOut]:
        """Anonymous gifts, donors whose gifts were all voided, donors with no address."""
        found: list[LeftOut] = []
        anonymous = self.session.execute(
            select(Donation.currency, func.count(), int_sum(Donation.amount_minor))
            .where(self._in_period, Donation.contact_id.is_(None), Donation.status == RECORDED)
            .group_by(Donation.currency)
            .order_by(Donation.currency)
        ).all()
        if anonymous and self.contact_id is None:
            found.append(
                LeftOut(
                    None,
                    "",
                    "anonymous",
                    sum(n for _c, n, _t in anonymous),
                    {currency: total for currency, _n, total in anonymous},
                )
            )
        counted = count_true(Donation.status == RECORDED)
        per_donor = self.session.execute(
            select(Contact.id, Contact.name, Contact.address, Contact.city, counted, func.count())
            .join(Contact, Contact.id == Donation.contact_id)
            .where(self._in_period, self._donors_filter())
            .group_by(Contact.id)
            .order_by(by_code_point(Contact.name), Contact.id)
        )
        for contact_id, name, address, city, recorded, count in per_donor:
            if not recorded:
                found.append(LeftOut(contact_id, name, "all_voided", count))
            elif not address.strip() and not city.strip():
                found.append(LeftOut(contact_id, name, "no_address", recorded))
        return found


def statement_rows(session: Session, contact_id: int, year: int) -> StatementData:
    """What the statement of ``contact_id`` for fiscal year ``year`` states.

    Raises NotFound for an unknown contact; a donor with no counted gift gets empty donations.
    """
    contact = contacts.get(session, contact_id)
    reader = PeriodReader(session, year, contact_id)
    found = next(reader.statements(include_empty=True), None)
    if found is not None:
        return found
    return reader.statement_of(
        contact_id, (contact.name, contact.address, contact.city, contact.preferred_language), []
    )
