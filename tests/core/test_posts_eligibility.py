"""Occasions that know the calendar and the record: each occasion × status × date rule.

Issue 15, point 3: a report was written for a planned or cancelled activity, «Venez nombreux !»
for one in 2024, "help us reach the goal" for a campaign that had ended. ``today`` is fixed here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest

from assocdesk import i18n
from assocdesk.models import ActivityStatus, ActivityType
from assocdesk.posts import eligibility, occasions
from assocdesk.posts.eligibility import records_for, why_not
from assocdesk.posts.templates import OCCASIONS
from assocdesk.services import activities, campaigns, donations
from assocdesk.services.activities import ActivityInput
from assocdesk.services.campaigns import CampaignInput
from assocdesk.services.errors import NotFound
from assocdesk.storage.engine import Database

TODAY = date(2025, 6, 15)
ACTIVITY_OCCASIONS = ("activity-report", "activity-announcement", "volunteer-call",
                      "activity-cancelled")  # fmt: skip
DAYS = {
    "past": datetime(2025, 6, 10, 9, 0),
    "today": datetime(2025, 6, 15, 18, 0),
    "future": datetime(2025, 7, 1, 10, 0),
}


@dataclass
class Records:
    activity: dict[str, int]  # "planned-past", "done-today", "meeting-future", "archived" …
    campaign: dict[str, int]  # "running", "ended", "not-started", "over-goal" …


def _activity(session, title: str, starts: datetime, status: str, kind: str = "other") -> int:
    data = ActivityInput(title=title, starts_at=starts, currency="MAD", status=status, type=kind)
    activity = activities.create(session, data)
    session.flush()
    return activity.id


def _campaign(session, name: str, starts: date | None, ends: date | None, goal=None) -> int:
    data = CampaignInput(name=name, currency="MAD", goal=goal, starts_on=starts, ends_on=ends)
    campaign = campaigns.create(session, data)
    session.flush()
    return campaign.id


def _gift(session, campaign_id: int | None, day: date, amount: str = "200") -> int:
    data = donations.DonationInput(
        amount=amount, currency="MAD", donated_on=day, anonymous=True, campaign_id=campaign_id
    )
    donation = donations.record(session, data)
    session.flush()
    return donation.id


@pytest.fixture
def records(db: Database) -> Iterator[Records]:
    with db.transaction() as session:
        acts = {
            f"{status}-{when}": _activity(session, f"{status} {when}", starts, status)
            for status in ActivityStatus
            for when, starts in DAYS.items()
        }
        acts["meeting-future"] = _activity(
            session, "Assemblée générale", DAYS["future"], "planned", ActivityType.MEETING
        )
        acts["meeting-past"] = _activity(
            session, "اجتماع المكتب المسير", DAYS["past"], "done", ActivityType.MEETING
        )
        acts["archived"] = _activity(session, "archived", DAYS["past"], "done")
        activities.set_archived(session, acts["archived"])
        camps = {
            "running": _campaign(session, "Running", date(2025, 6, 1), date(2025, 6, 30), "5000"),
            "open": _campaign(session, "Open", None, None),
            "ended": _campaign(session, "Ended", date(2025, 1, 1), date(2025, 5, 31), "5000"),
            "not-started": _campaign(session, "Later", date(2025, 7, 1), date(2025, 8, 1)),
            "over-goal": _campaign(session, "Over", date(2025, 6, 1), None, "100"),
            "ends-today": _campaign(session, "Ends today", date(2025, 6, 1), TODAY),
            "starts-today": _campaign(session, "Starts today", TODAY, date(2025, 9, 1)),
            "void-gift": _campaign(session, "Void gift", date(2025, 1, 1), date(2025, 3, 1)),
            "archived": _campaign(session, "Archived", None, None),
        }
        _gift(session, camps["ended"], date(2025, 3, 3))
        _gift(session, camps["over-goal"], date(2025, 6, 2), "500")
        void = _gift(session, camps["void-gift"], date(2025, 2, 2))
        donations.void(session, void, "Saisie en double")
        _gift(session, camps["archived"], date(2025, 2, 2))
        campaigns.set_archived(session, camps["archived"])
        _gift(session, None, date(2024, 11, 20))  # 2024: donations only
        # 2023: a void gift and a cancelled activity: nothing to sum up
        donations.void(session, _gift(session, None, date(2023, 5, 5)), "Erreur")
        acts["cancelled-2023"] = _activity(session, "never", datetime(2023, 4, 4, 9), "cancelled")
    yield Records(acts, camps)


def fits(db: Database, occasion: str, record_id: int, today: date = TODAY) -> bool:
    with db.reading() as session:
        return why_not(session, occasion, record_id, today) is None


# --- activities -----------------------------------------------------------------------------------

ACTIVITY_RULES = {
    # record → (report, announcement, volunteer call, cancellation notice)
    "planned-past": (True, False, False, False),  # took place, only not marked done
    "planned-today": (True, True, True, False),  # its day: the morning's report, or a reminder
    "planned-future": (False, True, True, False),
    "done-past": (True, False, False, False),
    "done-today": (True, False, False, False),
    "done-future": (True, False, False, False),  # marked done: it took place
    "cancelled-past": (False, False, False, True),
    "cancelled-today": (False, False, False, True),
    "cancelled-future": (False, False, False, True),
    "meeting-future": (False, True, False, False),  # an AGM is announced; nobody is called
    "meeting-past": (True, False, False, False),
    "archived": (False, False, False, False),
    "cancelled-2023": (False, False, False, True),
}


@pytest.mark.parametrize("record", ACTIVITY_RULES)
def test_each_activity_status_and_date_fits_its_occasions(
    db: Database, records: Records, record: str
) -> None:
    activity_id = records.activity[record]
    got = tuple(fits(db, occasion, activity_id) for occasion in ACTIVITY_OCCASIONS)
    assert got == ACTIVITY_RULES[record]


@pytest.mark.parametrize(
    ("occasion", "record", "words"),
    [
        ("activity-report", "planned-future", ["has not taken place yet", "July 1, 2025",
                                               "announcement or a call for volunteers"]),
        ("activity-report", "cancelled-past", ["was cancelled", "cancelled or postponed"]),
        ("activity-announcement", "done-past", ["already taken place", "write a report"]),
        ("activity-announcement", "planned-past", ["June 10, 2025", "has passed", "a report"]),
        ("volunteer-call", "cancelled-future", ["was cancelled", "notice"]),
        ("volunteer-call", "meeting-future", ["internal meeting", "write an announcement"]),
        ("activity-cancelled", "planned-future", ["not cancelled", "Cancelled first"]),
        ("activity-cancelled", "done-past", ["not cancelled", "write a report"]),
        ("activity-report", "archived", ["archived", "restore it"]),
    ],
)  # fmt: skip
def test_a_refused_activity_says_why_and_what_to_write(
    db: Database, records: Records, occasion: str, record: str, words: list[str]
) -> None:
    with db.reading() as session:
        reason = why_not(session, occasion, records.activity[record], TODAY)
    assert reason is not None and reason.count(".") == 1 and reason.endswith(".")
    for word in words:
        assert word in reason


def test_the_sentence_comes_in_the_current_language(db: Database, records: Records) -> None:
    activity_id = records.activity["planned-future"]
    i18n.set_language("fr")
    with db.reading() as session:
        french = why_not(session, "activity-report", activity_id, TODAY)
    i18n.set_language("ar")
    with db.reading() as session:
        arabic = why_not(session, "activity-report", activity_id, TODAY)
    assert french == (
        "Cette activité n'a pas encore eu lieu (elle est prévue le 1 juillet 2025) : "
        "écrivez plutôt une annonce ou un appel à bénévoles."
    )
    assert arabic is not None and "لم يُنجَز هذا النشاط بعد" in arabic and "يوليو 2025" in arabic


def test_the_day_after_an_activity_the_announcement_becomes_a_report(
    db: Database, records: Records
) -> None:
    planned = records.activity["planned-future"]
    day = DAYS["future"].date()
    before = day - timedelta(days=1)
    assert fits(db, "activity-announcement", planned, before)
    assert not fits(db, "activity-report", planned, before)
    assert fits(db, "activity-announcement", planned, day)  # on its day, both
    assert fits(db, "activity-report", planned, day)
    after = date(2025, 7, 2)
    assert not fits(db, "activity-announcement", planned, after)
    assert fits(db, "activity-report", planned, after)


# --- campaigns ------------------------------------------------------------------------------------

CAMPAIGN_RULES = {
    # record → (progress, thanks)
    "running": (True, False),  # no gift yet: nobody to thank
    "open": (True, False),  # no dates at all: always running
    "ended": (False, True),
    "not-started": (False, False),
    "over-goal": (True, True),  # past its goal and still running: "goal exceeded, thank you"
    "ends-today": (True, False),
    "starts-today": (True, False),
    "void-gift": (False, False),  # its only gift was voided
    "archived": (False, False),
}


@pytest.mark.parametrize("record", CAMPAIGN_RULES)
def test_each_campaign_fits_progress_or_thanks(db: Database, records: Records, record: str) -> None:
    campaign_id = records.campaign[record]
    got = (fits(db, "campaign-progress", campaign_id), fits(db, "donor-thanks", campaign_id))
    assert got == CAMPAIGN_RULES[record]


@pytest.mark.parametrize(
    ("occasion", "record", "words"),
    [
        ("campaign-progress", "ended", ["ended on May 31, 2025", "thank-you to its donors"]),
        ("campaign-progress", "not-started", ["starts on July 1, 2025", "once it has begun"]),
        ("donor-thanks", "running", ["no recorded donation yet", "no donor to thank"]),
        ("donor-thanks", "archived", ["archived", "restore it"]),
    ],
)
def test_a_refused_campaign_says_why(
    db: Database, records: Records, occasion: str, record: str, words: list[str]
) -> None:
    with db.reading() as session:
        reason = why_not(session, occasion, records.campaign[record], TODAY)
    assert reason is not None
    for word in words:
        assert word in reason


# --- years ----------------------------------------------------------------------------------------

YEAR_RULES = {
    2024: None,  # donations only
    2025: None,  # the current year, with done activities
    2026: "has not begun yet",  # the future (a planned activity is there)
    2023: "no activities or donations in 2023",  # only a void gift and a cancelled activity
    2022: "no activities or donations in 2022",  # nothing at all
    1800: "is not a year",
}


@pytest.mark.parametrize("year", YEAR_RULES)
def test_each_year_fits_the_impact_summary(db: Database, records: Records, year: int) -> None:
    with db.transaction() as session:
        _activity(session, "next year", datetime(2026, 3, 3, 9), "planned")
    with db.reading() as session:
        reason = why_not(session, "year-impact", year, TODAY)
    expected = YEAR_RULES[year]
    assert reason is None if expected is None else expected in (reason or "")


# --- the choices proposed -------------------------------------------------------------------------


def test_the_choices_are_exactly_the_records_that_fit(db: Database, records: Records) -> None:
    """What the Posts page proposes and what the CLI accepts never disagree."""
    candidates = {
        "activity": sorted(records.activity.values()),
        "campaign": sorted(records.campaign.values()),
        "year": list(range(2020, 2028)),
    }
    with db.reading() as session:
        for occasion, kind in eligibility.RECORD_KIND.items():
            proposed = {record_id for record_id, _label in records_for(session, occasion, TODAY)}
            accepted = {
                record_id
                for record_id in candidates[kind]
                if why_not(session, occasion, record_id, TODAY) is None
            }
            assert proposed == accepted, occasion
            assert proposed, occasion


def test_every_proposed_record_can_be_gathered(db: Database, records: Records) -> None:
    """A year proposed for the summary has something to sum up (occasions.gather agrees)."""
    with db.reading() as session:
        years = records_for(session, "year-impact", TODAY)
        assert years == [(2025, "2025"), (2024, "2024")]
        for year, _label in years:
            assert occasions.gather(session, "year-impact", year, "fr").key_figures


def test_reports_list_the_newest_first_announcements_the_nearest(
    db: Database, records: Records
) -> None:
    acts = records.activity
    with db.reading() as session:
        reports = [i for i, _label in records_for(session, "activity-report", TODAY)]
        coming = [i for i, _label in records_for(session, "activity-announcement", TODAY)]
        labels = dict(records_for(session, "activity-announcement", TODAY, locale="fr"))
        limited = records_for(session, "activity-report", TODAY, limit=2)
    # Same start: the last recorded first.
    assert reports[0] == acts["done-future"] and reports[-1] == acts["planned-past"]
    assert coming[0] == acts["planned-today"] and set(coming[1:]) == {
        acts["planned-future"], acts["meeting-future"]
    }  # fmt: skip
    assert labels[acts["planned-future"]] == "\u2068planned future\u2069 — \u20681 juil. 2025\u2069"
    assert [i for i, _label in limited] == reports[:2]


def test_campaign_choices_newest_first(db: Database, records: Records) -> None:
    camps = records.campaign
    with db.reading() as session:
        thanks = records_for(session, "donor-thanks", TODAY)
    assert thanks == [(camps["over-goal"], "Over"), (camps["ended"], "Ended")]


# --- bad input ------------------------------------------------------------------------------------


def test_unknown_occasion_or_record_is_not_found(db: Database, records: Records) -> None:
    with db.reading() as session:
        with pytest.raises(NotFound, match="Unknown occasion birthday"):
            why_not(session, "birthday", 1, TODAY)
        with pytest.raises(NotFound, match="no activity number 9999"):
            why_not(session, "activity-report", 9999, TODAY)
        with pytest.raises(NotFound, match="no campaign number 9999"):
            why_not(session, "donor-thanks", 9999, TODAY)
        with pytest.raises(NotFound):
            records_for(session, "birthday", TODAY)


def test_every_occasion_has_its_rule() -> None:
    for occasion in OCCASIONS:
        assert occasion in eligibility.RECORD_KIND
    for occasion, kind in occasions.RECORD_KIND.items():
        assert eligibility.RECORD_KIND[occasion] == kind
    assert eligibility.RECORD_KIND["activity-cancelled"] == "activity"
