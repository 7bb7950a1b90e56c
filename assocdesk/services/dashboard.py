"""The Home page's charts: a year's donations and volunteer hours month by month, and the
coming activities that still lack volunteers. One grouped query each, whatever the size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assocdesk.models import Activity, ActivityStatus, Donation, DonationStatus, VolunteerAssignment
from assocdesk.services import activities, matching

MONTHS = 12


def donations_by_month(session: Session, year: int, currency: str) -> list[int]:
    """Minor units given in ``currency`` in each month of ``year`` (voided gifts left out).

    One currency at a time: dirhams and dinars are never added up.
    """
    month = func.strftime("%m", Donation.donated_on)
    rows = session.execute(
        select(month, func.sum(Donation.amount_minor))
        .where(
            Donation.status == DonationStatus.RECORDED,
            Donation.currency == currency,
            Donation.donated_on >= date(year, 1, 1),
            Donation.donated_on <= date(year, 12, 31),
        )
        .group_by(month)
    )
    totals = [0] * MONTHS
    for number, total in rows:
        totals[int(number) - 1] = total or 0
    return totals


def hours_by_month(session: Session, year: int) -> list[int]:
    """Minutes given by volunteers who came, in each month of ``year`` (cancelled activities
    count for nobody, as in the volunteers' own totals)."""
    month = func.strftime("%m", Activity.starts_at)
    rows = session.execute(
        select(month, func.sum(VolunteerAssignment.minutes))
        .join(Activity, Activity.id == VolunteerAssignment.activity_id)
        .where(
            VolunteerAssignment.attended.is_(True),
            Activity.status != ActivityStatus.CANCELLED,
            Activity.starts_at >= datetime(year, 1, 1),
            Activity.starts_at < datetime(year + 1, 1, 1),
        )
        .group_by(month)
    )
    minutes = [0] * MONTHS
    for number, total in rows:
        minutes[int(number) - 1] = total or 0
    return minutes


@dataclass(frozen=True)
class ComingActivity:
    activity: activities.ActivityRow
    missing: list[matching.RoleNeed]  # roles not yet filled (empty: the team is complete)


def coming_activities(
    session: Session, now: datetime | None = None, limit: int = 6
) -> list[ComingActivity]:
    """The next planned activities, each with the roles it still lacks."""
    return [
        ComingActivity(
            row, [need for need in matching.roles_status(session, row.id) if need.missing]
        )
        for row in activities.upcoming(session, now, limit)
    ]
