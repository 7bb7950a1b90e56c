"""What the secretary has to do today, as Home lists it (issue 21, point 6): late dues to remind,
gifts whose receipt was never printed, coming activities still short of volunteers, and last
week's activities nobody has posted about yet.

One call, :func:`today`, read in the same background job as Home's figures; a handful of
indexed queries whatever the size (the large demo's 200 000 donations included), and plain
frozen values out, never an ORM object.

What counts, and why:

- **Late dues**: members who owe dues for the day's year (late or never paid, the rule of
  :mod:`assocdesk.services.dues_status`), archived and erased people left out, as the late
  dues list does; ``may_remind`` of them agreed to be contacted and have a phone.
- **Receipts to print**: gifts of the last :data:`UNPRINTED_DAYS` days, not void, from a named
  donor, never printed. Older ones were handed over on paper long ago or imported from a
  spreadsheet (thousands, which would drown the day's list); an anonymous gift has nobody to
  hand a receipt to.
- **Activities short of volunteers**: planned, not archived, in the next :data:`COMING_DAYS`
  days. With roles (``ActivityRole.count``, the wanted team), the volunteers still missing role
  by role, as the team dialog counts them; without roles, nobody assigned at all (an internal
  meeting without roles calls for no volunteers).
- **Posts to write**: activities of the last :data:`POSTS_DAYS` days that took place (done, or
  dated before the day and not cancelled: a secretary often forgets to mark one done), with no
  activity report marked as posted. Internal meetings are left out: they are not news.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from assocdesk.models import (
    Activity,
    ActivityRole,
    ActivityStatus,
    ActivityType,
    Contact,
    Donation,
    DonationStatus,
    Membership,
    PostRecord,
    VolunteerAssignment,
)
from assocdesk.storage.sql_functions import count_true

COMING_DAYS = 14  # activities from the day to 14 days after it
POSTS_DAYS = 7  # activities of the week before the day
UNPRINTED_DAYS = 30  # gifts of the month before the day
REPORT_OCCASION = "activity-report"  # assocdesk.posts.occasions: the report after the activity
SHOWN = 5  # activities named in each list; the count says how many there are in all


@dataclass(frozen=True)
class LateDues:
    year: int
    members: int  # who owe dues for ``year``
    may_remind: int  # of them, who agreed to be contacted and have a phone


@dataclass(frozen=True)
class Unprinted:
    count: int
    first_id: int | None  # the gift waiting longest (the oldest), None when count is 0
    since: date  # gifts from this day on are counted


@dataclass(frozen=True)
class ShortHanded:
    """A coming activity whose team is not complete."""

    activity_id: int
    title: str
    starts_at: datetime
    missing: int  # volunteers still wanted; 0 when the activity names no roles and has nobody


@dataclass(frozen=True)
class Unposted:
    """An activity of last week without an activity report posted."""

    activity_id: int
    title: str
    starts_at: datetime


@dataclass(frozen=True)
class TodayList:
    day: date
    late_dues: LateDues
    unprinted: Unprinted
    short_handed: tuple[ShortHanded, ...]  # soonest first, at most SHOWN
    short_handed_count: int  # all of them
    unposted: tuple[Unposted, ...]  # most recent first, at most SHOWN
    unposted_count: int

    @property
    def nothing_due(self) -> bool:
        return not (
            self.late_dues.members
            or self.unprinted.count
            or self.short_handed_count
            or self.unposted_count
        )


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min)


def today(session: Session, day: date) -> TodayList:
    """The to-do list of ``day`` (Home passes the computer's date)."""
    short = short_handed(session, day)
    unposted_rows = unposted(session, day)
    return TodayList(
        day=day,
        late_dues=late_dues(session, day.year),
        unprinted=unprinted(session, day),
        short_handed=tuple(short[:SHOWN]),
        short_handed_count=len(short),
        unposted=tuple(unposted_rows[:SHOWN]),
        unposted_count=len(unposted_rows),
    )


def late_dues(session: Session, year: int) -> LateDues:
    """The same members as ``dues_status.late_members`` (the list the click opens), counted."""
    from assocdesk.services.dues_status import OWING, status_table

    table = status_table(year)
    reachable = and_(Contact.consent_contact.is_(True), func.trim(Contact.phone) != "")
    members, may_remind = session.execute(
        select(func.count(), count_true(reachable))
        .select_from(table)
        .join(Membership, Membership.id == table.c.membership_id)
        .join(Contact, Contact.id == Membership.contact_id)
        .where(
            table.c.status.in_([s.value for s in OWING]),
            Contact.archived_at.is_(None),
            Contact.erased_at.is_(None),
        )
    ).one()
    return LateDues(year, members, may_remind)


def unprinted(session: Session, day: date) -> Unprinted:
    """Recent gifts from a named donor whose receipt was never printed (through the index on
    the gift's date: a month of gifts, whatever the size of the register)."""
    since = day - timedelta(days=UNPRINTED_DAYS)
    waiting = and_(
        Donation.donated_on >= since,
        Donation.donated_on <= day,
        Donation.status == DonationStatus.RECORDED,
        Donation.receipt_prints == 0,
        Donation.contact_id.is_not(None),
    )
    count = session.scalar(select(func.count()).select_from(Donation).where(waiting)) or 0
    first = session.scalar(
        select(Donation.id).where(waiting).order_by(Donation.donated_on, Donation.id).limit(1)
    )
    return Unprinted(count, first, since)


def short_handed(session: Session, day: date) -> list[ShortHanded]:
    """Coming activities still short of volunteers, soonest first."""
    coming = session.execute(
        select(Activity.id, Activity.title, Activity.starts_at, Activity.type)
        .where(
            Activity.starts_at >= _midnight(day),
            Activity.starts_at < _midnight(day + timedelta(days=COMING_DAYS + 1)),
            Activity.status == ActivityStatus.PLANNED,
            Activity.archived_at.is_(None),
        )
        .order_by(Activity.starts_at, Activity.id)
    ).all()
    ids = [row.id for row in coming]
    if not ids:
        return []
    wanted: dict[int, dict[int, int]] = {}  # activity → skill → volunteers wanted
    for activity_id, skill_id, count in session.execute(
        select(ActivityRole.activity_id, ActivityRole.skill_id, ActivityRole.count).where(
            ActivityRole.activity_id.in_(ids)
        )
    ):
        wanted.setdefault(activity_id, {})[skill_id] = count
    filled: dict[tuple[int, int | None], int] = {}  # (activity, skill or None) → assigned
    assigned: dict[int, int] = {}
    for activity_id, skill_id, count in session.execute(
        select(VolunteerAssignment.activity_id, VolunteerAssignment.skill_id, func.count())
        .where(VolunteerAssignment.activity_id.in_(ids))
        .group_by(VolunteerAssignment.activity_id, VolunteerAssignment.skill_id)
    ):
        filled[activity_id, skill_id] = count
        assigned[activity_id] = assigned.get(activity_id, 0) + count
    result: list[ShortHanded] = []
    for row in coming:
        roles = wanted.get(row.id)
        if roles:
            missing = sum(max(0, n - filled.get((row.id, skill), 0)) for skill, n in roles.items())
            if missing:
                result.append(ShortHanded(row.id, row.title, row.starts_at, missing))
        elif row.type != ActivityType.MEETING and not assigned.get(row.id):
            result.append(ShortHanded(row.id, row.title, row.starts_at, 0))
    return result


def unposted(session: Session, day: date) -> list[Unposted]:
    """Last week's activities without an activity report marked as posted, latest first."""
    posted = exists().where(
        PostRecord.occasion == REPORT_OCCASION, PostRecord.record_id == Activity.id
    )
    rows = session.execute(
        select(Activity.id, Activity.title, Activity.starts_at)
        .where(
            Activity.starts_at >= _midnight(day - timedelta(days=POSTS_DAYS)),
            Activity.starts_at < _midnight(day + timedelta(days=1)),
            or_(
                Activity.status == ActivityStatus.DONE,
                and_(
                    Activity.starts_at < _midnight(day),
                    Activity.status != ActivityStatus.CANCELLED,
                ),
            ),
            Activity.type != ActivityType.MEETING,
            Activity.archived_at.is_(None),
            ~posted,
        )
        .order_by(Activity.starts_at.desc(), Activity.id.desc())
    )
    return [Unposted(*row) for row in rows]
