"""The Home page's figures: donations and volunteer hours month by month, coming activities
with the roles they still lack."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from assocdesk.models import ActivityStatus
from assocdesk.services import activities, dashboard, donations, hours
from assocdesk.services.donations import DonationInput
from assocdesk.storage.engine import Database
from tests.core.test_matching import add_activity, add_volunteer


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(donations, "_today", lambda: date(2026, 10, 1))


def give(db: Database, amount: str, day: date, currency: str = "MAD") -> int:
    with db.transaction() as session:
        gift = donations.record(
            session,
            DonationInput(amount=amount, currency=currency, donated_on=day, anonymous=True),
        )
        session.flush()
        return gift.id


def test_donation_figures_per_currency_and_month_voided_left_out(db: Database) -> None:
    give(db, "100", date(2026, 1, 5))
    give(db, "50,50", date(2026, 1, 31))
    give(db, "300", date(2026, 3, 1))
    give(db, "999", date(2026, 3, 2), currency="DZD")  # another currency: never added
    give(db, "70", date(2025, 12, 31))  # last year
    voided = give(db, "5000", date(2026, 3, 3))
    with db.transaction() as session:
        donations.void(session, voided, "Saisie en double")
    give(db, "1", date(2024, 6, 1))  # two years ago: in the totals of all years only
    with db.reading() as session:
        figures = dashboard.donation_figures(session, 2026, "MAD")
        dinars = dashboard.donation_figures(session, 2026, "DZD")
    assert figures.months == [15050, 0, 30000] + [0] * 9
    assert figures.months_last_year == [0] * 11 + [7000]
    assert figures.this_year == {"MAD": (3, 45050), "DZD": (1, 99900)}
    assert figures.all_years == {"MAD": (5, 52150), "DZD": (1, 99900)}
    assert dinars.months == [0, 0, 99900] + [0] * 9
    assert dinars.months_last_year == [0] * 12


def test_hours_by_month_count_those_who_came_on_activities_held(db: Database) -> None:
    came = add_volunteer(db, "Salma", [], set())
    absent = add_volunteer(db, "Yassine", [], set())
    march = add_activity(db, "Paniers", datetime(2026, 3, 7, 9))
    cancelled = add_activity(db, "Sortie", datetime(2026, 4, 4, 9))
    with db.transaction() as session:
        for activity_id in (march, cancelled):
            for person in (came, absent):
                activities.assign(session, activity_id, person)
        for activity_id in (march, cancelled):
            hours.record_attendance(
                session,
                activity_id,
                [hours.Attendance(came, True, 150), hours.Attendance(absent, False, 0)],
            )
        activities.get(session, cancelled).status = ActivityStatus.CANCELLED
    with db.reading() as session:
        minutes = dashboard.hours_by_month(session, 2026)
    assert minutes == [0, 0, 150] + [0] * 9


def test_coming_activities_say_which_roles_are_missing(db: Database) -> None:
    cook = add_volunteer(db, "Nadia", ["Cuisine"], set())
    soon = add_activity(db, "Iftar", datetime(2099, 3, 7, 18), roles={"Cuisine": 2, "Chauffeur": 1})
    add_activity(db, "Réunion", datetime(2099, 3, 8, 18))
    with db.transaction() as session:
        activities.assign(session, soon, cook, skill_id=None)
    with db.reading() as session:
        coming = dashboard.coming_activities(session, datetime(2099, 1, 1))
    assert [c.activity.title for c in coming] == ["Iftar", "Réunion"]
    missing = {need.skill: need.missing for need in coming[0].missing}
    # On the team without a role, Nadia fills none: both cooks are still missing.
    assert missing == {"Chauffeur": 1, "Cuisine": 2}
    assert coming[1].missing == []
