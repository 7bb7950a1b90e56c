"""Export of every record type (members, volunteers, activities, campaigns, besides donations
and contacts in export.py), and "Export everything": one workbook, one sheet per type.

Same file rules as every export (see tabular.py): format from the name, written whole or not at
all, formula-like cells neutralized, CSV in UTF-8 with a BOM. Each query reads the columns its
sheet shows and streams them with ``yield_per``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assocdesk import labels
from assocdesk.i18n import N_, list_separator, translate_in
from assocdesk.models import (
    Activity,
    Campaign,
    Contact,
    Membership,
    Skill,
    VolunteerAssignment,
    VolunteerProfile,
    volunteer_skills,
)
from assocdesk.services.volunteers import Availability
from assocdesk.spreadsheets import export
from assocdesk.spreadsheets.tabular import (
    AMOUNT,
    DATE,
    Column,
    Progress,
    Sheet,
    write_table,
    write_workbook,
)
from assocdesk.text.money import from_minor

EXPORT_KINDS = ("contacts", "members", "volunteers", "donations", "activities", "campaigns")
YIELD_PER = 2_000

MEMBER_COLUMNS = (
    Column(N_("Membership no."), width=12),
    Column(N_("Name"), width=30),
    Column(N_("Category"), width=14),
    Column(N_("Joined on"), DATE, width=12),
    Column(N_("Left on"), DATE, width=12),
    Column(N_("Phone"), width=18),
    Column(N_("E-mail"), width=28),
    Column(N_("City"), width=16),
    *export.PROTECTION_COLUMNS,
)
VOLUNTEER_COLUMNS = (
    Column(N_("Name"), width=30),
    Column(N_("Phone"), width=18),
    Column(N_("E-mail"), width=28),
    Column(N_("Skills"), width=30),
    Column(N_("Available on"), width=30),
    Column(N_("Volunteer since"), DATE, width=12),
    Column(N_("Hours"), width=8),
    *export.PROTECTION_COLUMNS,
)
# The protection fields of a contact, in PROTECTION_COLUMNS' order.
_PROTECTION = (
    Contact.date_of_birth,
    Contact.is_minor,
    Contact.consent_publish_name,
    Contact.consent_publish_photo,
    Contact.consent_contact,
)
ACTIVITY_COLUMNS = (
    Column(N_("Title"), width=30),
    Column(N_("Date"), DATE, width=12),
    Column(N_("Type"), width=18),
    Column(N_("Place"), width=20),
    Column(N_("Status"), width=12),
    Column(N_("Beneficiaries"), width=10),
    Column(N_("Cost"), AMOUNT, width=12),
    Column(N_("Currency"), width=9),
    Column(N_("Campaign"), width=24),
    Column(N_("Description"), width=40),
)
CAMPAIGN_COLUMNS = (
    Column(N_("Name"), width=30),
    Column(N_("Currency"), width=9),
    Column(N_("Goal"), AMOUNT, width=14),
    Column(N_("Start"), DATE, width=12),
    Column(N_("End"), DATE, width=12),
    Column(N_("Description"), width=40),
)
SHEET_TITLES = {
    "contacts": N_("Contacts"),
    "members": N_("Members"),
    "volunteers": N_("Volunteers"),
    "donations": N_("Donations"),
    "activities": N_("Activities"),
    "campaigns": N_("Campaigns"),
}


def _members(session: Session, language: str) -> Iterator[tuple[Any, ...]]:
    statement = (
        select(
            Membership.number,
            Contact.name,
            Membership.category,
            Membership.joined_on,
            Membership.left_on,
            Contact.phone,
            Contact.email,
            Contact.city,
            *_PROTECTION,
        )
        .join(Contact, Contact.id == Membership.contact_id)
        .where(Contact.archived_at.is_(None))
        .order_by(Contact.search_text, Membership.id)
        .execution_options(yield_per=YIELD_PER)
    )
    words = export.yes_no(language)
    for row in session.execute(statement):
        yield (*row[:8], *_protection_cells(row[8:], words))


def _protection_cells(row: Any, words: tuple[str, str]) -> tuple[Any, ...]:
    """A date of birth as a date, the four flags as the language's yes and no."""
    yes, no = words
    born, *flags = row
    return (born, *(yes if flag else no for flag in flags))


def _volunteers(session: Session, language: str) -> Iterator[tuple[Any, ...]]:
    skills: dict[int, list[str]] = {}
    for profile_id, name in session.execute(
        select(volunteer_skills.c.profile_id, Skill.name)
        .join(Skill, Skill.id == volunteer_skills.c.skill_id)
        .order_by(Skill.search_text)
    ):
        skills.setdefault(profile_id, []).append(name)
    minutes = dict(
        session.execute(
            select(VolunteerAssignment.contact_id, func.sum(VolunteerAssignment.minutes)).group_by(
                VolunteerAssignment.contact_id
            )
        ).all()
    )
    statement = (
        select(
            VolunteerProfile.id,
            VolunteerProfile.contact_id,
            Contact.name,
            Contact.phone,
            Contact.email,
            VolunteerProfile.availability,
            VolunteerProfile.since,
            *_PROTECTION,
        )
        .join(Contact, Contact.id == VolunteerProfile.contact_id)
        .where(Contact.archived_at.is_(None))
        .order_by(Contact.search_text, VolunteerProfile.id)
        .execution_options(yield_per=YIELD_PER)
    )
    separator = list_separator(language)
    words = export.yes_no(language)
    for row in session.execute(statement):
        profile_id, contact_id, name, phone, email, availability, since = row[:7]
        days = Availability.from_bits(availability)
        yield (
            name,
            phone,
            email,
            separator.join(skills.get(profile_id, [])),
            separator.join(
                translate_in(language, day)
                for index, day in enumerate(_days())
                if any(d == index for d, _slot in days.slots)
            ),
            since,
            round((minutes.get(contact_id) or 0) / 60, 1),
            *_protection_cells(row[7:], words),
        )


def _days() -> tuple[str, ...]:
    from assocdesk.services.volunteers import DAYS

    return DAYS


def _activities(session: Session, language: str) -> Iterator[tuple[Any, ...]]:
    statement = (
        select(Activity, Campaign.name)
        .outerjoin(Campaign, Campaign.id == Activity.campaign_id)
        .where(Activity.archived_at.is_(None))
        .order_by(Activity.starts_at, Activity.id)
        .execution_options(yield_per=YIELD_PER)
    )
    for activity, campaign in session.execute(statement):
        cost = activity.cost_minor
        yield (
            activity.title,
            activity.starts_at.date(),
            labels.label("activity_type", activity.type, language),
            activity.place,
            labels.label("activity_status", activity.status, language),
            activity.beneficiaries_count,
            from_minor(cost, activity.currency) if cost is not None else None,
            activity.currency,
            campaign,
            activity.description,
        )


def _campaigns(session: Session, language: str) -> Iterator[tuple[Any, ...]]:
    statement = (
        select(Campaign).where(Campaign.archived_at.is_(None)).order_by(Campaign.search_text)
    )
    for campaign in session.scalars(statement):
        goal = campaign.goal_minor
        yield (
            campaign.name,
            campaign.currency,
            from_minor(goal, campaign.currency) if goal is not None else None,
            campaign.starts_on,
            campaign.ends_on,
            campaign.description,
        )


def _count(session: Session, kind: str) -> int:
    model = {
        "members": Membership,
        "volunteers": VolunteerProfile,
        "activities": Activity,
        "campaigns": Campaign,
    }[kind]
    return session.scalar(select(func.count()).select_from(model)) or 0


def sheet_of(session: Session, kind: str, language: str) -> Sheet:
    """The rows of one record type, ready for a file."""
    if kind == "contacts":
        rows = export._contact_rows(session, False, language)
        return Sheet(
            SHEET_TITLES[kind], export.CONTACT_COLUMNS, rows, export.count_contacts(session)
        )
    if kind == "donations":
        rows = export._donation_rows(session, [], language)
        return Sheet(
            SHEET_TITLES[kind], export.DONATION_COLUMNS, rows, export.count_donations(session, [])
        )
    columns, rows_of = {
        "members": (MEMBER_COLUMNS, _members),
        "volunteers": (VOLUNTEER_COLUMNS, _volunteers),
        "activities": (ACTIVITY_COLUMNS, _activities),
        "campaigns": (CAMPAIGN_COLUMNS, _campaigns),
    }[kind]
    return Sheet(SHEET_TITLES[kind], columns, rows_of(session, language), _count(session, kind))


def export_kind(
    session: Session,
    kind: str,
    path: Path,
    *,
    language: str = "fr",
    delimiter: str | None = None,
    progress: Progress | None = None,
) -> int:
    """Write every record of ``kind`` (one of ``EXPORT_KINDS``) to a CSV or XLSX file."""
    sheet = sheet_of(session, kind, language)
    return write_table(
        Path(path),
        columns=sheet.columns,
        rows=sheet.rows,
        total=sheet.total,
        language=language,
        sheet_title=sheet.title,
        delimiter=delimiter,
        progress=progress,
    )


def export_everything(
    session: Session, path: Path, *, language: str = "fr", progress: Progress | None = None
) -> dict[str, int]:
    """One workbook, one sheet per record type; returns rows written per type."""
    sheets = [sheet_of(session, kind, language) for kind in EXPORT_KINDS]
    written = write_workbook(Path(path), sheets, language=language, progress=progress)
    return {kind: written[SHEET_TITLES[kind]] for kind in EXPORT_KINDS}
