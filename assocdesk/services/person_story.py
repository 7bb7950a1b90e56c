"""A person's whole story in one read: who they are, what they agreed to, what they are to the
association, what they gave, paid and did, the posts that named them, and the journal.

Galette's and Paheko's member pages show this on one screen; a secretary asked "did I pay my
dues?" or "can you print my certificate?" should not visit five pages. Everything returned is a
frozen dataclass of plain values (no ORM object outlives the session), amounts in minor units with
their currency, and every list is bounded (the newest ``LIMIT`` lines with the whole count), so a
donor of 2 000 gifts opens as fast as a newcomer.

Posts keep no link to the people they name, only the text as it went out; a post "named" the
person when their whole recorded name stands in that text: every word, whole, side by side in
any order, compared as search compares them (case, accents, hamza, vowel marks). A person's
single first name is not a match (it would be a guess), nor is anything for an erased person;
a name joined to a particle («لمصطفى») or written in the other script is not found either.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

import regex
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from assocdesk.models import (
    Activity,
    Campaign,
    Contact,
    ContactKind,
    Donation,
    DonationStatus,
    DuesPayment,
    DuesPaymentStatus,
    Membership,
    PostRecord,
    VolunteerAssignment,
    VolunteerProfile,
)
from assocdesk.services import contacts, dues_status, hours, journal, privacy, volunteers
from assocdesk.services.person_story_data import (
    ActivityLine,
    Bounded,
    Consent,
    DonationLine,
    DuesYear,
    Identity,
    JournalLine,
    MemberRole,
    PaymentLine,
    PersonStory,
    PostLine,
    VolunteerRole,
)
from assocdesk.storage.sql_functions import int_sum
from assocdesk.text import normalize_for_search

LIMIT = 50  # lines per list (donations, payments, activities, journal, posts)
DUES_YEARS = 10  # the latest years of dues shown, one status each
POSTS_SCANNED = 2_000  # the latest posts whose text is read for the person's name
T = TypeVar("T")
__all__ = [
    "LIMIT",
    "ActivityLine",
    "Bounded",
    "Consent",
    "DonationLine",
    "DuesYear",
    "Identity",
    "JournalLine",
    "MemberRole",
    "PaymentLine",
    "PersonStory",
    "PostLine",
    "VolunteerRole",
    "names_in",
    "story",
]
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")  # letters, their marks, digits


def _identity(contact: Contact, today: date) -> Identity:
    consents = tuple(
        Consent(key, bool(getattr(contact, key)), getattr(contact, at))
        for key, at in contacts.CONSENT_DATES.items()
    )
    return Identity(
        id=contact.id,
        name=contacts.display_name(contact),
        kind=contact.kind or ContactKind.PERSON,
        phone=contact.phone,
        email=contact.email,
        address=contact.address,
        city=contact.city,
        country=contact.country,
        preferred_language=contact.preferred_language,
        gender=contact.gender,
        date_of_birth=contact.date_of_birth,
        is_minor=contact.is_minor_on(today),
        id_kind=contact.id_kind,
        id_number=contact.id_number,
        notes=contact.notes,
        created_at=contact.created_at,
        archived_at=contact.archived_at,
        erased_at=contact.erased_at,
        consents=consents,
    )


def _newest(session: Session, statement: Select, line: Callable[..., T]) -> Bounded[T]:
    """The first ``LIMIT`` rows of ``statement`` as lines, and how many it selects in all (a
    window count, computed before the limit: one query)."""
    rows = session.execute(statement.add_columns(func.count().over()).limit(LIMIT)).all()
    return Bounded(tuple(line(*row[:-1]) for row in rows), rows[0][-1] if rows else 0)


def _volunteer(session: Session, contact_id: int) -> VolunteerRole | None:
    profile = session.scalar(
        select(VolunteerProfile).where(VolunteerProfile.contact_id == contact_id)
    )
    if profile is None:
        return None
    return VolunteerRole(
        profile.id,
        profile.since,
        tuple(skill.name for skill in profile.skills),
        tuple(volunteers.languages_of(profile)),
    )


def _donations(session: Session, contact_id: int) -> Bounded[DonationLine]:
    statement = (
        select(
            Donation.id,
            Donation.receipt_number,
            Donation.donated_on,
            Donation.amount_minor,
            Donation.currency,
            Donation.method,
            Campaign.name,
            Donation.status,
            Donation.receipt_prints,
        )
        .outerjoin(Campaign, Campaign.id == Donation.campaign_id)
        .where(Donation.contact_id == contact_id)
        .order_by(Donation.donated_on.desc(), Donation.id.desc())
    )
    return _newest(session, statement, DonationLine)


def _donation_totals(session: Session, contact_id: int) -> tuple[tuple[str, int], ...]:
    rows = session.execute(
        select(Donation.currency, int_sum(Donation.amount_minor))
        .where(Donation.contact_id == contact_id, Donation.status == DonationStatus.RECORDED)
        .group_by(Donation.currency)
        .order_by(Donation.currency)
    )
    return tuple((currency, total or 0) for currency, total in rows)


def _payments(session: Session, membership_id: int) -> Bounded[PaymentLine]:
    statement = (
        select(
            DuesPayment.id,
            DuesPayment.receipt_number,
            DuesPayment.period_year,
            DuesPayment.paid_on,
            DuesPayment.amount_minor,
            DuesPayment.currency,
            DuesPayment.status,
            DuesPayment.receipt_prints,
        )
        .where(DuesPayment.membership_id == membership_id)
        .order_by(DuesPayment.paid_on.desc(), DuesPayment.id.desc())
    )
    return _newest(session, statement, PaymentLine)


def _dues_years(session: Session, member: MemberRole, today: date) -> tuple[DuesYear, ...]:
    """The status of each year of membership (and any year paid ahead), latest first."""
    paid_years = session.scalars(
        select(DuesPayment.period_year)
        .where(
            DuesPayment.membership_id == member.membership_id,
            DuesPayment.status == DuesPaymentStatus.RECORDED,
        )
        .distinct()
    )
    last = min(member.left_on.year if member.left_on else today.year, today.year)
    years = set(range(member.joined_on.year, last + 1)) | set(paid_years)
    found = []
    for year in sorted(years, reverse=True)[:DUES_YEARS]:
        dues = dues_status.status_of(session, member.membership_id, year)
        found.append(
            DuesYear(
                year, dues.status, dues.fee_minor, dues.paid_minor, dues.due_minor, dues.currency
            )
        )
    return tuple(found)


def _activities(session: Session, contact_id: int) -> Bounded[ActivityLine]:
    statement = (
        select(
            Activity.id,
            Activity.title,
            Activity.starts_at,
            Activity.status,
            VolunteerAssignment.role,
            VolunteerAssignment.attended,
            VolunteerAssignment.minutes,
        )
        .join(Activity, Activity.id == VolunteerAssignment.activity_id)
        .where(VolunteerAssignment.contact_id == contact_id)
        .order_by(Activity.starts_at.desc(), Activity.id.desc())
    )
    return _newest(session, statement, ActivityLine)


def name_keys(name: str) -> tuple[str, ...]:
    """A name's words as search compares them; numbers are no part of it."""
    return tuple(
        key
        for word in _WORD.findall(name)
        if (key := normalize_for_search(word)) and not key.isdigit()
    )


def names_in(name: str, text: str) -> bool:
    """Whether ``text`` names the person called ``name``: all of the name's words, whole and
    side by side, in any order (never some words of a longer name: that would be a guess)."""
    wanted = sorted(name_keys(name))
    if not wanted:
        return False
    written = [normalize_for_search(word) for word in _WORD.findall(text)]
    size = len(wanted)
    return any(
        sorted(written[start : start + size]) == wanted for start in range(len(written) - size + 1)
    )


def _posts(session: Session, identity: Identity) -> Bounded[PostLine]:
    if identity.erased:
        return Bounded((), 0)
    if len(name_keys(identity.name)) < (1 if identity.kind == ContactKind.ORGANIZATION else 2):
        return Bounded((), 0)  # a person's one-word name matches any namesake
    records = session.scalars(
        select(PostRecord)
        .order_by(PostRecord.posted_at.desc(), PostRecord.id.desc())
        .limit(POSTS_SCANNED)
    )
    found = [
        PostLine(p.id, p.posted_at, p.platform, p.occasion, p.language, p.text)
        for p in records
        if names_in(identity.name, p.text)
    ]
    return Bounded(tuple(found[:LIMIT]), len(found))


def _journal(session: Session, contact_id: int, locale: str) -> Bounded[JournalLine]:
    every = privacy.event_ids(session, contact_id)  # oldest first
    newest = list(reversed(every[-LIMIT:]))
    language = locale.split("_")[0]
    lines = tuple(
        JournalLine(
            row.id,
            row.occurred_at,
            row.action,
            row.entity_type,
            row.record,
            journal.summary(row, locale),
        )
        for row in journal.rows(session, newest, language)
    )
    return Bounded(lines, len(every))


def story(
    session: Session, contact_id: int, *, locale: str = "en", today: date | None = None
) -> PersonStory:
    """Everything about one contact (NotFound if there is none). ``locale`` formats the
    journal's one-line summaries, in the language set for the app."""
    today = today or date.today()
    contact = contacts.get(session, contact_id)
    identity = _identity(contact, today)
    membership = session.scalar(select(Membership).where(Membership.contact_id == contact_id))
    member = (
        MemberRole(
            membership.id,
            membership.number,
            membership.category,
            membership.joined_on,
            membership.left_on,
        )
        if membership is not None
        else None
    )
    return PersonStory(
        identity=identity,
        member=member,
        volunteer=_volunteer(session, contact_id),
        donations=_donations(session, contact_id),
        donation_totals=_donation_totals(session, contact_id),
        dues_years=_dues_years(session, member, today) if member else (),
        payments=_payments(session, member.membership_id) if member else Bounded((), 0),
        activities=_activities(session, contact_id),
        hours_by_year=tuple(hours.hours_by_year(session, contact_id)),
        posts=_posts(session, identity),
        journal=_journal(session, contact_id, locale),
    )
