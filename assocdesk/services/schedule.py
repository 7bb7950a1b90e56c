"""When an activity takes place, as volunteers' availability and bookings see it.

A week has 21 slots (7 days × morning/afternoon/evening, see services.volunteers.Availability).
Morning is before noon, afternoon until 6 pm, evening after. An activity without an end is
taken to last two hours: long enough to clash with another one that starts in the meantime.
Cancelled activities book nobody.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from assocdesk.models import Activity, ActivityStatus, VolunteerAssignment

DEFAULT_DURATION = timedelta(hours=2)
AFTERNOON_HOUR, EVENING_HOUR = 12, 18
MAX_SPAN = timedelta(days=7)  # past a week, every slot is covered anyway


def slot_of(moment: datetime) -> int:
    """0 morning, 1 afternoon, 2 evening."""
    if moment.hour < AFTERNOON_HOUR:
        return 0
    return 1 if moment.hour < EVENING_HOUR else 2


def span(starts_at: datetime, ends_at: datetime | None) -> tuple[datetime, datetime]:
    end = ends_at if ends_at is not None and ends_at > starts_at else starts_at + DEFAULT_DURATION
    return starts_at, end


def _next_boundary(moment: datetime) -> datetime:
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    for hour in (AFTERNOON_HOUR, EVENING_HOUR, 24):
        boundary = day + timedelta(hours=hour)
        if boundary > moment:
            return boundary
    return day + timedelta(days=1)  # unreachable: 24 h is always later


def slots_of(starts_at: datetime, ends_at: datetime | None) -> frozenset[tuple[int, int]]:
    """The (weekday, slot) pairs an activity covers, weekday 0 = Monday."""
    start, end = span(starts_at, ends_at)
    end = min(end, start + MAX_SPAN)
    covered: set[tuple[int, int]] = set()
    moment = start
    while moment < end:
        covered.add((moment.weekday(), slot_of(moment)))
        moment = _next_boundary(moment)
    return frozenset(covered)


def overlapping_bookings(
    session: Session,
    contact_ids: list[int] | None,
    starts_at: datetime,
    ends_at: datetime | None,
    exclude_activity_id: int | None = None,
) -> dict[int, list[Activity]]:
    """contact id → the other (not cancelled) activities they are on at the same time."""
    start, end = span(starts_at, ends_at)
    statement = (
        select(VolunteerAssignment.contact_id, Activity)
        .join(Activity, Activity.id == VolunteerAssignment.activity_id)
        .where(
            Activity.status != ActivityStatus.CANCELLED,
            Activity.starts_at < end,
            or_(
                Activity.ends_at > start,
                and_(
                    or_(Activity.ends_at.is_(None), Activity.ends_at <= Activity.starts_at),
                    Activity.starts_at > start - DEFAULT_DURATION,
                ),
            ),
        )
        .order_by(Activity.starts_at)
    )
    if contact_ids is not None:
        statement = statement.where(VolunteerAssignment.contact_id.in_(contact_ids))
    if exclude_activity_id is not None:
        statement = statement.where(Activity.id != exclude_activity_id)
    booked: dict[int, list[Activity]] = {}
    for contact_id, activity in session.execute(statement):
        booked.setdefault(contact_id, []).append(activity)
    return booked
