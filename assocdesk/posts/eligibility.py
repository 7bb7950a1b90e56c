"""Which records an occasion may be about, given the calendar and what the record says.

A post speaks in a tense: a report tells what happened, an announcement or a call for volunteers
what is to come, a thank-you what was given. Writing one about the wrong record (a report of a
planned activity, «Venez nombreux !» for one in 2024, "help us reach the goal" for a campaign that
ended) is a mistake an association must not publish, so the studio proposes only the records that
fit (:func:`records_for`) and the CLI refuses the others with one sentence (:func:`why_not`).

Both read the same rules, written once below as SQL conditions, so a record is proposed exactly
when it is accepted. ``today`` is always given by the caller (``date.today()``; tests fix it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Subquery, and_, exists, or_, select, union
from sqlalchemy.orm import Session

from assocdesk.i18n import _, current_language
from assocdesk.models import (
    Activity,
    ActivityStatus,
    ActivityType,
    Campaign,
    Donation,
    DonationStatus,
)
from assocdesk.posts.templates import RECORD_KIND
from assocdesk.services import activities, association, campaigns
from assocdesk.services.errors import NotFound
from assocdesk.storage.sql_functions import year_of
from assocdesk.text.locales import babel_locale, format_date, format_long_date

# Occasions about an activity still to come: the nearest one is proposed first.
UPCOMING_OCCASIONS = frozenset({"activity-announcement", "volunteer-call"})
FIRST_YEAR, LAST_YEAR = 1900, 2200  # as occasions._year accepts


def _locale(session: Session) -> str:
    """The Babel locale of the messages: the current language, in the association's country
    (a Moroccan association reads «دجنبر», as in its posts)."""
    profile = association.get(session)
    return babel_locale(current_language(), profile.country if profile else "")


def _midnight(today: date) -> datetime:
    return datetime.combine(today, time.min)


# --- activities -----------------------------------------------------------------------------------


def took_place(today: date) -> ColumnElement[bool]:
    """Done, or dated today or before and not cancelled (a secretary often forgets to mark it
    done). On its own day an activity is both: the morning's report and the evening's
    announcement are written on the same date."""
    return or_(
        Activity.status == ActivityStatus.DONE,
        and_(
            Activity.starts_at < _midnight(today + timedelta(days=1)),
            Activity.status != ActivityStatus.CANCELLED,
        ),
    )


def to_come(today: date) -> ColumnElement[bool]:
    """Starts today or later, and neither done nor cancelled."""
    return and_(
        Activity.starts_at >= _midnight(today),
        Activity.status.not_in([ActivityStatus.DONE, ActivityStatus.CANCELLED]),
    )


def _activity_rule(occasion: str, today: date) -> ColumnElement[bool]:
    if occasion == "activity-report":
        return took_place(today)
    if occasion == "activity-cancelled":
        return Activity.status == ActivityStatus.CANCELLED
    if occasion == "volunteer-call":
        # An internal meeting (board, general assembly) calls for no volunteers. It may still be
        # announced: a general assembly is announced to the members.
        return and_(to_come(today), Activity.type != ActivityType.MEETING)
    return to_come(today)


def _activity_reason(occasion: str, activity: Activity, today: date, locale: str) -> str:
    """Why ``activity`` does not fit ``occasion`` (it is known not to)."""
    day = activity.starts_at.date()
    when = format_long_date(day, locale)
    if activity.status == ActivityStatus.CANCELLED:
        return _(
            "This activity was cancelled: write a notice that it is cancelled or postponed instead."
        )
    if occasion == "activity-report":
        return _(
            "This activity has not taken place yet (it is planned for {date}): write an "
            "announcement or a call for volunteers instead."
        ).format(date=when)
    if occasion == "activity-cancelled":
        if activity.status == ActivityStatus.DONE or day < today:
            return _("This activity was not cancelled and has taken place: write a report instead.")
        return _(
            "This activity is not cancelled: set its status to Cancelled first, or write an "
            "announcement instead."
        )
    if activity.status == ActivityStatus.DONE:
        return _("This activity has already taken place: write a report instead.")
    if day < today:
        return _("The date of this activity ({date}) has passed: write a report instead.").format(
            date=when
        )
    return _(
        "This is an internal meeting, which calls for no volunteers: write an announcement "
        "to invite the members instead."
    )


def _activity_choices(
    session: Session, occasion: str, today: date, limit: int, locale: str
) -> list[tuple[int, str]]:
    soonest_first = occasion in UPCOMING_OCCASIONS
    order = Activity.starts_at.asc() if soonest_first else Activity.starts_at.desc()
    statement = (
        select(Activity.id, Activity.title, Activity.starts_at)
        .where(Activity.archived_at.is_(None), _activity_rule(occasion, today))
        .order_by(order, Activity.id.asc() if soonest_first else Activity.id.desc())
        .limit(limit)
    )
    return [
        # Isolated, so a Latin title and a date keep their order in Arabic.
        (i, f"\u2068{title}\u2069 — \u2068{format_date(starts.date(), locale)}\u2069")
        for i, title, starts in session.execute(statement)
    ]


# --- campaigns ------------------------------------------------------------------------------------


def has_gifts() -> ColumnElement[bool]:
    return exists().where(
        Donation.campaign_id == Campaign.id, Donation.status == DonationStatus.RECORDED
    )


def running(today: date) -> ColumnElement[bool]:
    """Started (or no start date) and not ended (or no end date). Past its goal still counts."""
    return and_(
        or_(Campaign.starts_on.is_(None), Campaign.starts_on <= today),
        or_(Campaign.ends_on.is_(None), Campaign.ends_on >= today),
    )


def _campaign_rule(occasion: str, today: date) -> ColumnElement[bool]:
    return running(today) if occasion == "campaign-progress" else has_gifts()


def _campaign_reason(occasion: str, campaign: Campaign, today: date, locale: str) -> str:
    if occasion == "donor-thanks":
        return _("This campaign has no recorded donation yet, so there is no donor to thank.")
    if campaign.ends_on is not None and campaign.ends_on < today:
        return _("This campaign ended on {date}: write a thank-you to its donors instead.").format(
            date=format_long_date(campaign.ends_on, locale)
        )
    start = campaign.starts_on or today  # not running and not ended: it has not started
    return _("This campaign starts on {date}: post its progress once it has begun.").format(
        date=format_long_date(start, locale)
    )


def _campaign_choices(
    session: Session, occasion: str, today: date, limit: int
) -> list[tuple[int, str]]:
    statement = (
        select(Campaign.id, Campaign.name)
        .where(Campaign.archived_at.is_(None), _campaign_rule(occasion, today))
        .order_by(
            Campaign.starts_on.desc().nulls_last(),
            Campaign.ends_on.desc().nulls_first(),
            Campaign.id.desc(),
        )
        .limit(limit)
    )
    return [(campaign_id, name) for campaign_id, name in session.execute(statement)]


# --- years ----------------------------------------------------------------------------------------


def _years() -> Subquery:
    """Years with a done activity or a recorded gift: what a yearly summary counts (any year)."""
    activity_year = year_of(Activity.starts_at)
    gift_year = year_of(Donation.donated_on)
    return union(
        select(activity_year.label("year")).where(Activity.status == ActivityStatus.DONE),
        select(gift_year.label("year")).where(Donation.status == DonationStatus.RECORDED),
    ).subquery()


def _year_choices(session: Session, today: date, limit: int) -> list[tuple[int, str]]:
    years = _years()
    statement = (
        select(years.c.year)
        .where(years.c.year <= today.year)
        .order_by(years.c.year.desc())
        .limit(limit)
    )
    return [(year, str(year)) for year in session.scalars(statement)]


def _year_reason(session: Session, year: int, today: date) -> str | None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return _("{year} is not a year.").format(year=year)
    if year > today.year:
        return _("{year} has not begun yet: choose this year or a past one.").format(year=year)
    years = _years()
    if session.scalar(select(exists().where(years.c.year == year))):
        return None
    return _("There are no activities or donations in {year}: choose another year.").format(
        year=year
    )


# --- the two questions ----------------------------------------------------------------------------


def _kind(occasion: str) -> str:
    if occasion not in RECORD_KIND:
        raise NotFound(
            _("Unknown occasion {name}; choose one of: {known}.").format(
                name=occasion, known=", ".join(RECORD_KIND)
            )
        )
    return RECORD_KIND[occasion]


def why_not(session: Session, occasion: str, record_id: int, today: date) -> str | None:
    """None when the record fits the occasion, else one translated sentence: why, and what to
    write instead. Raises NotFound for an unknown occasion, activity or campaign."""
    kind = _kind(occasion)
    if kind == "year":
        return _year_reason(session, record_id, today)
    if kind == "activity":
        activity = activities.get(session, record_id)
        if activity.archived_at is not None:
            return _("This activity is archived: restore it before posting about it.")
        fits = session.scalar(
            select(exists().where(Activity.id == record_id, _activity_rule(occasion, today)))
        )
        return None if fits else _activity_reason(occasion, activity, today, _locale(session))
    campaign = campaigns.get(session, record_id)
    if campaign.archived_at is not None:
        return _("This campaign is archived: restore it before posting about it.")
    fits = session.scalar(
        select(exists().where(Campaign.id == record_id, _campaign_rule(occasion, today)))
    )
    return None if fits else _campaign_reason(occasion, campaign, today, _locale(session))


def records_for(
    session: Session, occasion: str, today: date, limit: int = 500, *, locale: str = "en"
) -> list[tuple[int, str]]:
    """(id, label) of the records ``occasion`` may be about, for a combo box.

    Newest first, except announcements and calls for volunteers: the nearest activity first.
    An activity's label is its title and its date, formatted for ``locale`` (a Babel locale such
    as the app's ``context.locale``); a campaign's is its name; a year's, the year.
    """
    kind = _kind(occasion)
    builders: dict[str, Callable[[], list[tuple[int, str]]]] = {
        "activity": lambda: _activity_choices(session, occasion, today, limit, locale),
        "campaign": lambda: _campaign_choices(session, occasion, today, limit),
        "year": lambda: _year_choices(session, today, limit),
    }
    return builders[kind]()
