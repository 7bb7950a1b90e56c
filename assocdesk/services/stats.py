"""Counts for the Home page and `assocdesk-cli stats`.

The services these counts come from are imported where they are used: the Home page imports
this module to start, and reads its figures in the background once the window is shown, so the
start does not pay for donations, members, volunteers and the dashboard's queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assocdesk.models import Activity, Campaign, Contact, Donation, Membership, VolunteerProfile

if TYPE_CHECKING:
    from assocdesk.services import dashboard
    from assocdesk.services.today import TodayList


@dataclass(frozen=True)
class Overview:
    members: int
    volunteers: int
    donations: dashboard.DonationFigures


def overview(session: Session, today: date | None = None, currency: str = "MAD") -> Overview:
    """The Home page's cards and donation chart (``currency``: the association's own)."""
    from assocdesk.services import dashboard, members, volunteers

    today = today or date.today()
    return Overview(
        members=members.count(session, today),
        volunteers=volunteers.count(session),
        donations=dashboard.donation_figures(session, today.year, currency),
    )


@dataclass(frozen=True)
class HomeFigures:
    """Everything the Home page shows below its heading."""

    overview: Overview
    volunteer_minutes: list[int]  # this year, month by month
    dues: dict[str, int]  # dues status → members, this year
    coming: list[dashboard.ComingActivity]
    todo: TodayList  # what to do today: late dues, receipts, volunteers, posts


def home(session: Session, today: date, currency: str) -> HomeFigures:
    """The Home page's figures in one call, so the page can read them all off the UI thread
    (a third of a second at 200 000 donations): plain values only, no ORM object. The day's
    to-do list is read here too (~60 ms at the large demo), in the same background job."""
    from assocdesk.services import dashboard, dues_status
    from assocdesk.services import today as todo

    return HomeFigures(
        overview=overview(session, today, currency),
        volunteer_minutes=dashboard.hours_by_month(session, today.year),
        dues=dues_status.counts(session, today.year),
        coming=dashboard.coming_activities(session),
        todo=todo.today(session, today),
    )


def table_counts(session: Session) -> dict[str, object]:
    """All rows of each kind (archived and void included), plus recorded totals per currency."""
    from assocdesk.services import donations

    def rows_in(model: type) -> int:
        return session.scalar(select(func.count()).select_from(model)) or 0

    return {
        "contacts": rows_in(Contact),
        "members": rows_in(Membership),
        "volunteers": rows_in(VolunteerProfile),
        "donations": rows_in(Donation),
        "activities": rows_in(Activity),
        "campaigns": rows_in(Campaign),
        "donations_total": {
            currency: total for currency, (_n, total) in sorted(donations.totals(session).items())
        },
    }
