"""Volunteer hours and attendance: who came to an activity, for how long, and totals by year.

Only time of volunteers who came counts (``attended``); a year is the calendar year the activity
started in. Cancelled activities count for nothing, even if time was typed on them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session, joinedload

from assocdesk.i18n import _
from assocdesk.models import Activity, ActivityStatus, VolunteerAssignment
from assocdesk.services import activities, contacts
from assocdesk.services.audit import record_event, snapshot
from assocdesk.services.errors import Errors, NotFound
from assocdesk.storage.sql_functions import year_of


@dataclass(frozen=True)
class Attendance:
    """What the secretary records for one volunteer on one activity."""

    contact_id: int
    attended: bool
    minutes: int


@dataclass(frozen=True)
class AssignmentRow:
    contact_id: int
    name: str
    role: str
    skill_id: int | None
    attended: bool
    minutes: int


@dataclass(frozen=True)
class YearHours:
    year: int
    activities: int
    minutes: int

    @property
    def hours(self) -> float:
        return as_hours(self.minutes)


@dataclass(frozen=True)
class VolunteeredActivity:
    """One line of a certificate: an activity the volunteer came to, and their time."""

    starts_at: datetime
    title: str
    role: str
    minutes: int


def as_hours(minutes: int) -> float:
    """Hours to two decimals at most (90 min → 1.5, 20 min → 0.33)."""
    return round(minutes / 60, 2)


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1), datetime(year + 1, 1, 1)


def _counted(statement, year: int | None = None):  # type: ignore[no-untyped-def]
    statement = statement.join(Activity, Activity.id == VolunteerAssignment.activity_id).where(
        VolunteerAssignment.attended.is_(True), Activity.status != ActivityStatus.CANCELLED
    )
    if year is not None:
        start, end = _year_bounds(year)
        statement = statement.where(Activity.starts_at >= start, Activity.starts_at < end)
    return statement


def team(session: Session, activity_id: int) -> list[AssignmentRow]:
    """The volunteers on an activity, by name."""
    activities.get(session, activity_id)
    assignments = session.scalars(
        select(VolunteerAssignment)
        .where(VolunteerAssignment.activity_id == activity_id)
        .options(joinedload(VolunteerAssignment.contact))
    )
    found = [
        AssignmentRow(
            a.contact_id,
            contacts.display_name(a.contact),
            a.role,
            a.skill_id,
            a.attended,
            a.minutes,
        )
        for a in assignments
    ]
    return sorted(found, key=lambda row: row.name.casefold())


def record_attendance(session: Session, activity_id: int, entries: Sequence[Attendance]) -> int:
    """Save who came and how long, for volunteers already on the activity; returns how many
    changed. Someone who did not come has no time (what was typed for them is dropped)."""
    activities.get(session, activity_id)
    errors = Errors()
    for entry in entries:
        if (
            isinstance(entry.minutes, bool)
            or not isinstance(entry.minutes, int)
            or not 0 <= entry.minutes <= activities.MAX_MINUTES
        ):
            errors.add("minutes", _("Enter a time from 0 hours up."))
    errors.raise_if_any()
    on_it = {
        a.contact_id: a
        for a in session.scalars(
            select(VolunteerAssignment).where(VolunteerAssignment.activity_id == activity_id)
        )
    }
    changed = 0
    for entry in entries:
        assignment = on_it.get(entry.contact_id)
        if assignment is None:
            raise NotFound(_("This volunteer is not on this activity."))
        before = snapshot(assignment)
        assignment.attended = entry.attended
        assignment.minutes = entry.minutes if entry.attended else 0
        if record_event(session, "update", assignment, before) is not None:
            changed += 1
    return changed


def minutes_in_year(session: Session, contact_ids: Sequence[int], year: int) -> dict[int, int]:
    """contact id → attended minutes in ``year``."""
    if not contact_ids:
        return {}
    statement = _counted(
        select(VolunteerAssignment.contact_id, func.sum(VolunteerAssignment.minutes))
        .where(VolunteerAssignment.contact_id.in_(contact_ids))
        .group_by(VolunteerAssignment.contact_id),
        year,
    )
    return {contact_id: total or 0 for contact_id, total in session.execute(statement)}


def hours_by_year(session: Session, contact_id: int) -> list[YearHours]:
    """A volunteer's attended activities and time per year, latest year first."""
    year = year_of(Activity.starts_at)
    statement = _counted(
        select(year, func.count(distinct(Activity.id)), func.sum(VolunteerAssignment.minutes))
        .where(VolunteerAssignment.contact_id == contact_id)
        .group_by(year)
        .order_by(year.desc())
    )
    return [YearHours(y, n, total or 0) for y, n, total in session.execute(statement)]


def volunteered_in(session: Session, contact_id: int, year: int) -> list[VolunteeredActivity]:
    """The activities a volunteer came to in ``year``, in date order (the certificate's lines)."""
    statement = _counted(
        select(
            Activity.starts_at,
            Activity.title,
            VolunteerAssignment.role,
            VolunteerAssignment.minutes,
        )
        .where(VolunteerAssignment.contact_id == contact_id)
        .order_by(Activity.starts_at, Activity.id),
        year,
    )
    return [VolunteeredActivity(*row) for row in session.execute(statement)]
