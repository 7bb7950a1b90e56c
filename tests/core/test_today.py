"""Issue 21, point 6: what Home lists to do today — late dues, receipts never printed, coming
activities short of volunteers, last week's activities without a post."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from assocdesk import demo
from assocdesk.models import Activity, ActivityStatus, ActivityType, Donation, DonationStatus
from assocdesk.services import (
    activities,
    contacts,
    donations,
    dues_status,
    hours,
    matching,
    posts,
)
from assocdesk.services import today as todo
from assocdesk.services.contacts import ContactInput
from assocdesk.services.donations import DonationInput
from assocdesk.storage.engine import Database
from tests.core.dues_helpers import fill_club
from tests.core.test_matching import add_activity, add_volunteer

DAY = date(2026, 3, 18)  # a Wednesday


def at(days: int, hour: int = 10) -> datetime:
    """``days`` after DAY (before it when negative), at ``hour``."""
    return datetime.combine(DAY + timedelta(days=days), datetime.min.time()).replace(hour=hour)


def read(db: Database, day: date = DAY) -> todo.TodayList:
    with db.reading() as session:
        return todo.today(session, day)


# --- late dues ------------------------------------------------------------------------------------
def test_late_dues_count_the_members_the_late_list_shows(db: Database) -> None:
    club = fill_club(db)  # 2025: partial and lapsed are late; never and newcomer never paid
    with db.reading() as session:
        late = dues_status.late_members(session, 2025)
        counted = todo.late_dues(session, 2025)
    assert {m.membership_id for m in late} == {club.partial, club.lapsed, club.never, club.newcomer}
    assert counted == todo.LateDues(2025, 4, 3)  # «never» did not agree to be contacted
    assert counted.may_remind == sum(m.may_contact for m in late)
    with db.transaction() as session:  # an archived member is reminded by nobody
        contact_id = next(m.contact_id for m in late if m.membership_id == club.lapsed)
        contacts.set_archived(session, contact_id)
    with db.reading() as session:
        assert todo.late_dues(session, 2025) == todo.LateDues(2025, 3, 2)
        assert todo.late_dues(session, 2024).members == len(dues_status.late_members(session, 2024))


# --- receipts -------------------------------------------------------------------------------------
@pytest.fixture
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(donations, "_today", lambda: DAY)


def give(db: Database, days_ago: int, donor: int | None) -> int:
    with db.transaction() as session:
        gift = donations.record(
            session,
            DonationInput(
                amount="100",
                currency="MAD",
                donated_on=DAY - timedelta(days=days_ago),
                contact_id=donor,
                anonymous=donor is None,
            ),
        )
        session.flush()
        return gift.id


def test_recent_named_gifts_never_printed_oldest_first(db: Database, fixed_day: None) -> None:
    with db.transaction() as session:
        donor = contacts.create(session, ContactInput(name="Karim Benali"))
        session.flush()
        donor_id = donor.id
    newest = give(db, 0, donor_id)
    give(db, 2, None)  # anonymous: nobody to hand a receipt to
    printed = give(db, 5, donor_id)
    voided = give(db, 6, donor_id)
    oldest = give(db, todo.UNPRINTED_DAYS, donor_id)  # the first day of the window
    give(db, todo.UNPRINTED_DAYS + 1, donor_id)  # too old: on paper long ago, or imported
    with db.transaction() as session:
        donations.mark_printed(session, printed)
        donations.void(session, voided, "Saisie en double")
    found = read(db).unprinted
    assert (found.count, found.first_id) == (2, oldest)
    assert found.since == DAY - timedelta(days=todo.UNPRINTED_DAYS)
    with db.transaction() as session:
        donations.mark_printed(session, oldest)
    assert read(db).unprinted == todo.Unprinted(1, newest, found.since)
    with db.transaction() as session:
        donations.issue_unprinted(session, newest)  # issued without printing here: done too
    assert read(db).unprinted == todo.Unprinted(0, None, found.since)


# --- volunteers -----------------------------------------------------------------------------------
def assign(db: Database, activity_id: int, contact_id: int, skill: str | None = None) -> None:
    with db.transaction() as session:
        skill_id = None
        if skill is not None:
            needs = matching.roles_status(session, activity_id)
            skill_id = next(n.skill_id for n in needs if n.skill == skill)
        activities.assign(session, activity_id, contact_id, skill_id=skill_id)


def test_coming_activities_short_of_volunteers(db: Database) -> None:
    cooks = [add_volunteer(db, f"Cook {n}", ["Cuisine"], set()) for n in range(3)]
    driver = add_volunteer(db, "Driver", ["Driving"], set())
    helper = add_volunteer(db, "Helper", [], set())
    short = add_activity(db, "Paniers", at(3), roles={"Cuisine": 2, "Driving": 1})
    assign(db, short, cooks[0], "Cuisine")
    assign(db, short, cooks[1])  # on the team, but in no role: fills none
    complete = add_activity(db, "Kits", at(4), roles={"Cuisine": 1})
    assign(db, complete, cooks[2], "Cuisine")
    nobody = add_activity(db, "Nettoyage", at(1))  # no roles, nobody: needs someone
    someone = add_activity(db, "Formation", at(5))  # no roles, one volunteer: enough
    assign(db, someone, helper)
    add_activity(db, "Bureau", at(2), type=ActivityType.MEETING)  # a meeting calls for none
    meeting_with_roles = add_activity(
        db, "AG", at(6), type=ActivityType.MEETING, roles={"Driving": 1}
    )
    last_day = add_activity(db, "Fête", at(todo.COMING_DAYS, hour=22))
    add_activity(db, "Trop tard", at(todo.COMING_DAYS + 1, hour=8))
    add_activity(db, "Hier", at(-1))
    cancelled = add_activity(db, "Annulée", at(2))
    archived = add_activity(db, "Archivée", at(2))
    with db.transaction() as session:
        session.get(Activity, cancelled).status = ActivityStatus.CANCELLED
        activities.set_archived(session, archived)
    found = read(db)
    assert [(a.activity_id, a.missing) for a in found.short_handed] == [
        (nobody, 0),
        (short, 2),  # a cook and the driver
        (meeting_with_roles, 1),
        (last_day, 0),
    ]
    assert found.short_handed_count == 4 and found.short_handed[1].title == "Paniers"
    assign(db, meeting_with_roles, driver, "Driving")
    assert meeting_with_roles not in [a.activity_id for a in read(db).short_handed]
    assert complete not in [a.activity_id for a in read(db).short_handed]


def test_only_the_first_ones_are_named_all_are_counted(db: Database) -> None:
    ids = [add_activity(db, f"Activité {n}", at(n + 1)) for n in range(todo.SHOWN + 2)]
    found = read(db)
    assert found.short_handed_count == len(ids)
    assert [a.activity_id for a in found.short_handed] == ids[: todo.SHOWN]


# --- posts ----------------------------------------------------------------------------------------
def test_last_weeks_activities_without_a_report_posted(db: Database) -> None:
    done = add_activity(db, "Paniers", at(-2), status=ActivityStatus.DONE)
    forgotten = add_activity(db, "Kits", at(-3))  # took place, never marked done
    reported = add_activity(db, "Formation", at(-4), status=ActivityStatus.DONE)
    announced = add_activity(db, "Nettoyage", at(-5), status=ActivityStatus.DONE)
    first_day = add_activity(db, "Caravane", at(-todo.POSTS_DAYS, hour=0))
    add_activity(db, "Trop ancienne", at(-todo.POSTS_DAYS - 1, hour=20))
    add_activity(db, "Bureau", at(-1), type=ActivityType.MEETING, status=ActivityStatus.DONE)
    add_activity(db, "Ce soir", at(0, hour=18))  # today, not done yet
    done_today = add_activity(db, "Ce matin", at(0, hour=8), status=ActivityStatus.DONE)
    add_activity(db, "Annulée", at(-1), status=ActivityStatus.CANCELLED)
    archived = add_activity(db, "Archivée", at(-1), status=ActivityStatus.DONE)
    with db.transaction() as session:
        activities.set_archived(session, archived)
        posts.mark_posted(session, "activity-report", reported, "facebook", "ar", "…")
        posts.mark_posted(session, "activity-announcement", announced, "facebook", "ar", "…")
    found = read(db)
    assert [a.activity_id for a in found.unposted] == [
        done_today,
        done,
        forgotten,
        announced,  # an announcement is not the report
        first_day,
    ]
    assert found.unposted_count == 5 and found.unposted[1].title == "Paniers"
    with db.transaction() as session:
        posts.mark_posted(session, "activity-report", done_today, "instagram", "fr", "…")
    assert [a.activity_id for a in read(db).unposted] == [done, forgotten, announced, first_day]
    assert read(db).unposted_count == 4


# --- the whole list -------------------------------------------------------------------------------
def test_an_empty_database_has_nothing_due(db: Database) -> None:
    found = read(db)
    assert found.nothing_due
    assert found.late_dues == todo.LateDues(DAY.year, 0, 0)
    assert found.short_handed == () and found.unposted == ()


def test_on_the_demo_each_item_agrees_with_the_pages_it_opens(db: Database) -> None:
    """The demo's upcoming activities move with the real date: read the real day. Its coming
    activities all have their teams and none was held last week: one team is emptied and one
    past activity moved to two days ago, so every item has something to count."""
    demo.fill(db, "small", seed=3)
    day = date.today()
    midnight = datetime.combine(day, datetime.min.time())
    with db.transaction() as session:
        coming = session.scalars(
            select(Activity)
            .where(
                Activity.starts_at >= midnight,
                Activity.status == ActivityStatus.PLANNED,
                Activity.type != ActivityType.MEETING,
            )
            .order_by(Activity.starts_at)
        ).first()
        assert coming is not None and coming.starts_at < midnight + timedelta(days=14)
        for member in hours.team(session, coming.id):
            activities.unassign(session, coming.id, member.contact_id)
        held = session.scalars(
            select(Activity).where(
                Activity.status == ActivityStatus.DONE, Activity.type != ActivityType.MEETING
            )
        ).first()
        assert held is not None
        held.starts_at = midnight - timedelta(days=2)
    found = read(db, day)
    since = day - timedelta(days=todo.UNPRINTED_DAYS)
    with db.reading() as session:
        late = dues_status.late_members(session, day.year)
        waiting = sorted(
            (g.donated_on, g.id)
            for g in session.scalars(select(Donation))
            if since <= g.donated_on <= day
            and g.status == DonationStatus.RECORDED
            and g.contact_id is not None
            and not g.receipt_issued
        )
        teams = {
            a.id: (
                a.starts_at,
                a.type,
                sum(need.missing for need in matching.roles_status(session, a.id)),
                bool(a.roles),
                len(hours.team(session, a.id)),
            )
            for a in session.scalars(select(Activity).where(Activity.archived_at.is_(None)))
            if a.status == ActivityStatus.PLANNED
            and midnight <= a.starts_at < midnight + timedelta(days=15)
        }
        reported = {r.record_id for r in posts.history(session) if r.occasion == "activity-report"}
    short = sorted(
        (starts, activity_id, missing)
        for activity_id, (starts, kind, missing, has_roles, team) in teams.items()
        if (missing if has_roles else kind != ActivityType.MEETING and not team)
    )
    assert found.late_dues.members == len(late) > 0  # the demo has late members
    assert found.late_dues.may_remind == sum(m.may_contact for m in late)
    assert found.unprinted.count == len(waiting) > 0  # and recent gifts, none printed
    assert found.unprinted.first_id == waiting[0][1]
    assert found.short_handed_count == len(short) >= 1
    assert [(a.activity_id, a.missing) for a in found.short_handed] == [
        (activity_id, missing) for _s, activity_id, missing in short[: todo.SHOWN]
    ]
    assert coming.id in [a.activity_id for a in found.short_handed]
    assert [a.activity_id for a in found.unposted] == [held.id] and held.id not in reported
    assert not found.nothing_due
