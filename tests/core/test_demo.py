"""The demo filler: realistic, deterministic, all-or-nothing, and only into an empty database.

The large size is not run here (it takes seconds to tens of seconds); see the lead's notes for its
timing. Everything below uses the small size.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from assocdesk.demo import SIZES, DemoCancelled, DemoRefused, fill, is_empty, reference_date
from assocdesk.demo.filling import FIXED_REFERENCE, _tables
from assocdesk.demo.running import RUNNING, extra_records, gifts_per_campaign
from assocdesk.models import (
    Activity,
    ActivityBeneficiaryGroup,
    AssociationProfile,
    AuditEvent,
    Campaign,
    Contact,
    Donation,
    DuesPayment,
    Membership,
    ReceiptCounter,
    Skill,
    VolunteerAssignment,
    VolunteerProfile,
)
from assocdesk.posts.eligibility import records_for, why_not
from assocdesk.services import activities, association, contacts, stats
from assocdesk.services.activities import normalize_hashtags
from assocdesk.services.common import ListQuery
from assocdesk.services.errors import Errors
from assocdesk.storage.engine import Database
from assocdesk.storage.opening import open_database
from assocdesk.text import clean_single_line, normalize_for_search


@pytest.fixture
def other_db(template_db: Path, tmp_path: Path):
    """A second fresh database, to compare two fills."""
    path = tmp_path / "other.sqlite3"
    shutil.copyfile(template_db, path)
    database = open_database(path)
    yield database
    database.close()


def snapshot(db: Database) -> dict[str, list[tuple]]:
    """The content of a fill, without uuids and timestamps (those differ by design)."""
    with db.reading() as session:
        return {
            "contacts": sorted(
                session.execute(
                    select(
                        Contact.id,
                        Contact.name,
                        Contact.phone,
                        Contact.email,
                        Contact.city,
                        Contact.is_minor,
                        Contact.date_of_birth,
                        Contact.gender,
                        Contact.id_kind,
                        Contact.id_number,
                    )
                ).all()
            ),
            "donations": sorted(
                session.execute(
                    select(
                        Donation.receipt_number,
                        Donation.amount_minor,
                        Donation.currency,
                        Donation.donated_on,
                        Donation.contact_id,
                        Donation.method,
                        Donation.status,
                    )
                ).all()
            ),
            "activities": sorted(
                session.execute(select(Activity.title, Activity.place, Activity.status)).all()
            ),
            "members": sorted(
                session.execute(
                    select(Membership.number, Membership.contact_id, Membership.joined_on)
                ).all()
            ),
            "volunteers": sorted(
                session.execute(
                    select(VolunteerProfile.contact_id, VolunteerProfile.availability)
                ).all()
            ),
        }


def test_small_fill_makes_a_believable_association(db: Database) -> None:
    summary = fill(db)

    assert (summary.contacts, summary.members, summary.volunteers) == (150, 90, 40)
    # The plan's 400 gifts and 5 seasonal campaigns, and the campaigns running today.
    running_gifts = len(RUNNING) * gifts_per_campaign(SIZES["small"])
    assert (summary.donations, summary.activities, summary.campaigns) == (
        400 + running_gifts,
        25,
        5 + len(RUNNING),
    )
    with db.reading() as session:
        counts = stats.table_counts(session)
        assert counts["contacts"] == 150 and counts["donations"] == 400 + running_gifts
        kinds = dict(
            session.execute(select(Contact.kind, func.count()).group_by(Contact.kind)).all()
        )
        assert kinds["organization"] == SIZES["small"].organizations
        assert session.scalar(select(func.count()).where(Contact.is_minor)) >= 2
        currencies = set(session.scalars(select(Donation.currency).distinct()))
        assert currencies == {"MAD", "DZD"}
        methods = set(session.scalars(select(Donation.method).distinct()))
        assert methods == {"cash", "cheque", "transfer", "mobile_money", "in_kind"}
        assert session.scalar(select(func.count()).where(Donation.contact_id.is_(None))) > 0
        assert session.scalar(select(func.count()).where(Donation.campaign_id.is_not(None))) > 0
        statuses = set(session.scalars(select(Activity.status).distinct()))
        assert statuses == {"done", "cancelled", "planned"}
        for model in (
            DuesPayment,
            Skill,
            VolunteerAssignment,
            ActivityBeneficiaryGroup,
            ReceiptCounter,
        ):
            assert session.scalar(select(func.count()).select_from(model)) > 0, model
        profile = association.get(session)
        assert profile is not None
        assert profile.name_ar == "جمعية الأمل للتنمية والتضامن"
        assert profile.receipt_prefix == "AML" and profile.default_currency == "MAD"


def test_same_seed_gives_the_same_records(db: Database, other_db: Database) -> None:
    fill(db, seed=7)
    fill(other_db, seed=7)

    assert snapshot(db) == snapshot(other_db)


def test_another_seed_gives_other_records(db: Database, other_db: Database) -> None:
    fill(db, seed=1)
    fill(other_db, seed=2)

    first, second = snapshot(db), snapshot(other_db)
    assert first["contacts"] != second["contacts"]
    assert first["donations"] != second["donations"]


def test_a_database_in_use_is_refused_and_left_unchanged(db: Database) -> None:
    with db.transaction() as session:
        contacts.create(session, contacts.ContactInput(name="Nadia Alaoui"))

    with pytest.raises(DemoRefused):
        fill(db)

    with db.reading() as session:
        assert list(session.scalars(select(Contact.name))) == ["Nadia Alaoui"]
        assert association.get(session) is None
        assert session.scalar(select(func.count()).select_from(Donation)) == 0
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 1


def test_a_configured_association_is_refused(db: Database) -> None:
    with db.transaction() as session:
        association.save(session, association.ProfileInput(name_fr="Association Test"))

    with pytest.raises(DemoRefused):
        fill(db)

    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(AssociationProfile)) == 1
        assert session.scalar(select(func.count()).select_from(Contact)) == 0


def test_unknown_size_is_an_error(db: Database) -> None:
    with pytest.raises(ValueError):
        fill(db, size="medium")
    with db.reading() as session:
        assert is_empty(session)


def test_receipt_numbers_are_gapless_per_year_and_match_the_counters(db: Database) -> None:
    fill(db)

    with db.reading() as session:
        rows = session.execute(
            select(
                Donation.receipt_year,
                Donation.receipt_seq,
                Donation.receipt_number,
                Donation.donated_on,
            ).order_by(Donation.receipt_year, Donation.receipt_seq)
        ).all()
        counters = dict(
            session.execute(select(ReceiptCounter.year, ReceiptCounter.last_number)).all()
        )
    by_year: dict[int, list] = defaultdict(list)
    for row in rows:
        by_year[row.receipt_year].append(row)
    # The running campaigns' gifts follow the real date: a clock in 2027 adds that year.
    assert set(by_year) == set(counters)
    assert {2024, 2025, 2026} <= set(by_year) <= set(range(2024, date.today().year + 1))
    for year, year_rows in by_year.items():
        assert [r.receipt_seq for r in year_rows] == list(range(1, len(year_rows) + 1))
        assert [r.receipt_number for r in year_rows] == [
            f"AML-{year}-{seq:04d}" for seq in range(1, len(year_rows) + 1)
        ]
        assert all(r.donated_on.year == year for r in year_rows)
        dates = [r.donated_on for r in year_rows]
        assert dates == sorted(dates)  # numbered in the order the gifts came in
        assert counters[year] == len(year_rows)


def test_nothing_is_dated_in_the_future(db: Database) -> None:
    fill(db)

    today = date.today()
    with db.reading() as session:
        assert session.scalar(select(func.max(Donation.donated_on))) <= today
        assert session.scalar(select(func.max(DuesPayment.paid_on))) <= today
        assert session.scalar(select(func.max(Membership.joined_on))) <= today
        done = session.scalar(
            select(func.max(Activity.starts_at)).where(Activity.status != "planned")
        )
        assert done.date() <= today


def test_a_clock_set_earlier_pulls_every_date_back() -> None:
    today = date(2025, 3, 1)
    tables = {table.name: rows for table, rows in _tables(SIZES["small"], 1, today)}

    assert max(row["donated_on"] for row in tables["donations"]) <= today
    assert max(row["paid_on"] for row in tables["dues_payments"]) <= today
    past = [a for a in tables["activities"] if a["status"] != "planned"]
    assert max(a["starts_at"].date() for a in past) <= today
    assert {row["year"] for row in tables["receipt_counters"]} == {2024, 2025}


def test_reference_date_is_fixed_unless_the_clock_is_earlier() -> None:
    assert reference_date(date(2031, 5, 5)) == FIXED_REFERENCE
    assert reference_date(date(2025, 1, 2)) == date(2025, 1, 2)


def test_the_home_page_has_upcoming_activities(db: Database) -> None:
    fill(db)

    with db.reading() as session:
        upcoming = activities.upcoming(session)
    assert len(upcoming) >= 3
    soon = datetime.now() + timedelta(weeks=3)
    assert sum(row.starts_at <= soon for row in upcoming) >= 3


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("احمد", "أحمد بنعلي"),
        ("ابراهيم", "إبراهيم بوزيد"),
        ("امنه", "آمنة العلوي"),
        ("مصطفي الادريسي", "مصطفى الإدريسي"),
        ("benali", "Mohamed BENALI"),
        ("idrissi", "Fatima Zahra EL IDRISSI"),
    ],
)
def test_names_are_found_whatever_the_spelling(db: Database, typed: str, expected: str) -> None:
    fill(db)

    with db.reading() as session:
        page = contacts.list_contacts(session, ListQuery(search=typed), limit=1000)
    assert expected in {row.name for row in page.rows}


def test_records_are_stored_as_the_services_would_store_them(db: Database) -> None:
    fill(db)

    with db.reading() as session:
        for contact in session.scalars(select(Contact)):
            errors = Errors()
            contacts.validate(contacts.ContactInput.from_contact(contact), errors)
            errors.raise_if_any()
            assert contact.name == clean_single_line(contact.name)
            assert contact.search_text == contacts.search_key(contact)
            assert contact.uuid and contact.created_at
        for activity in session.scalars(select(Activity)):
            assert activity.search_text == normalize_for_search(
                f"{activity.title} {activity.place}"
            )
            assert activity.hashtags == normalize_hashtags(activity.hashtags)
            assert sum(g.count for g in activity.beneficiary_groups) == (
                activity.beneficiaries_count
            )
        for campaign in session.scalars(select(Campaign)):
            assert campaign.search_text == normalize_for_search(campaign.name)
        for skill in session.scalars(select(Skill)):
            assert skill.search_text == normalize_for_search(skill.name)
        for donation in session.scalars(select(Donation)):
            assert donation.amount_minor > 0
            assert bool(donation.in_kind_description) == (donation.method == "in_kind")
            assert bool(donation.void_reason) == (donation.status == "void")
            assert (donation.voided_at is not None) == (donation.status == "void")
            if donation.campaign is not None:
                assert donation.currency == donation.campaign.currency
        reference = reference_date()
        minors = [c for c in session.scalars(select(Contact)) if c.is_minor_on(reference)]
        assert not any(m.consent_publish_photo or m.consent_publish_name for m in minors)
        member_ids = set(session.scalars(select(Membership.contact_id)))
        assert not member_ids & {m.id for m in minors}


def test_cancelling_at_once_leaves_the_database_empty(db: Database) -> None:
    with pytest.raises(DemoCancelled):
        fill(db, progress=lambda done, total: False)

    with db.reading() as session:
        assert is_empty(session)
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_cancelling_half_way_leaves_the_database_empty(db: Database) -> None:
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return done < 200

    with pytest.raises(DemoCancelled):
        fill(db, progress=progress)

    assert calls[-1][0] >= 200
    with db.reading() as session:
        assert is_empty(session)
        assert session.scalar(select(func.count()).select_from(Membership)) == 0


def test_progress_runs_from_zero_to_total(db: Database) -> None:
    calls: list[tuple[int, int]] = []

    fill(db, progress=lambda done, total: calls.append((done, total)) is None)

    assert calls[0][0] == 0
    extra = extra_records(SIZES["small"])
    assert calls[-1][0] == calls[-1][1] == 150 + 90 + 40 + 5 + 25 + 400 + extra
    assert [done for done, _total in calls] == sorted(done for done, _total in calls)


def test_young_volunteers_are_minors_by_their_date_of_birth_or_marked(db: Database) -> None:
    """Issue 15: most young volunteers have a date of birth; some are only marked minors."""
    fill(db)
    reference = reference_date()
    with db.reading() as session:
        people = session.scalars(select(Contact)).all()
        dated = [c for c in people if c.date_of_birth is not None]
        marked = [c for c in people if c.is_minor]
        volunteer_ids = set(session.scalars(select(VolunteerProfile.contact_id)))
        member_ids = set(session.scalars(select(Membership.contact_id)))
    assert len(dated) >= 2 and len(marked) >= 2
    assert not any(c.is_minor for c in dated)  # minors by the date alone
    for child in dated:
        age = contacts.age_on(child.date_of_birth, reference)
        assert 8 <= age <= 17 and child.is_minor_on(reference)
        assert child.id in volunteer_ids and child.id not in member_ids
    assert {c.id for c in marked} <= volunteer_ids
    # The showcase activity of the posts has a marked minor among its volunteers.
    with db.reading() as session:
        showcase = session.scalar(
            select(func.min(Activity.id)).where(
                Activity.status == "done", Activity.campaign_id.is_not(None)
            )
        )
        helpers = set(
            session.scalars(
                select(VolunteerAssignment.contact_id).where(
                    VolunteerAssignment.activity_id == showcase
                )
            )
        )
    assert helpers & {c.id for c in marked}


def test_campaigns_are_running_today_one_past_its_goal(db: Database) -> None:
    """Issue 15: every seasonal campaign had ended by the day the demo was tried, so the post
    studio's "Campaign progress" proposed nothing. Some run today, with gifts before today."""
    fill(db)
    today = date.today()

    with db.reading() as session:
        fitting = [
            c.id
            for c in session.scalars(select(Campaign))
            if why_not(session, "campaign-progress", c.id, today) is None
        ]
        assert len(fitting) >= len(RUNNING)
        proposed = records_for(session, "campaign-progress", today)
        assert sorted(i for i, _label in proposed) == fitting
        shares = []
        for campaign_id in fitting:
            campaign = session.get(Campaign, campaign_id)
            assert campaign.starts_on < today < campaign.ends_on and campaign.goal_minor
            gifts = session.scalars(
                select(Donation).where(
                    Donation.campaign_id == campaign_id, Donation.status == "recorded"
                )
            ).all()
            assert len(gifts) >= 12
            assert all(campaign.starts_on <= g.donated_on < today for g in gifts)
            assert {g.currency for g in gifts} == {campaign.currency}
            shares.append(sum(g.amount_minor for g in gifts) / campaign.goal_minor)
    assert any(0 < share < 1 for share in shares)  # "help us reach the goal"
    assert any(share > 1 for share in shares)  # "goal exceeded, thank you"


def test_running_campaigns_follow_the_clock_and_leave_the_rest_alone() -> None:
    """Another "today" moves only the running campaigns and their gifts; same today, same data."""
    plan = SIZES["small"]

    def tables(today: date) -> dict[str, list[dict]]:
        return {table.name: rows for table, rows in _tables(plan, 1, today)}

    first, again = tables(date(2027, 3, 10)), tables(date(2027, 3, 10))
    later = tables(date(2027, 6, 1))
    assert first["campaigns"] == again["campaigns"] and first["donations"] == again["donations"]
    seasonal = plan.campaigns

    def settled(rows: list[dict]) -> list[tuple]:
        return sorted(
            (r["donated_on"], r["amount_minor"], r["contact_id"] or 0, r["method"])
            for r in rows
            if r["campaign_id"] is None or r["campaign_id"] <= seasonal
        )

    assert first["campaigns"][:seasonal] == later["campaigns"][:seasonal]
    assert settled(first["donations"]) == settled(later["donations"])
    assert first["activities"][0] == later["activities"][0]
    for rows, today in ((first, date(2027, 3, 10)), (later, date(2027, 6, 1))):
        for campaign in rows["campaigns"][seasonal:]:
            assert campaign["starts_on"] < today < campaign["ends_on"]
        assert max(r["donated_on"] for r in rows["donations"]) < today


def test_the_association_and_its_donors_have_what_receipts_state(db: Database) -> None:
    """Issue 16: the Moroccan demo association is of public utility by decree, has its ICE and
    IF, its object, a woman president and a man treasurer; donors have titles and CIN / ICE."""
    fill(db)
    with db.reading() as session:
        profile = association.get(session)
        assert profile is not None
        assert (profile.legal_status, profile.country) == ("public_utility", "MA")
        assert "2.18.512" in profile.legal_status_detail
        assert profile.tax_identifiers.splitlines() == ["ICE 001528394000072", "IF 40187365"]
        assert profile.purpose
        assert (profile.president_gender, profile.treasurer_gender) == ("female", "male")
        assert profile.treasurer_name and profile.president_name
        assert (profile.tax_receipts, profile.arabic_digits) == (False, "latin")
        people = list(session.scalars(select(Contact)))
        persons = [c for c in people if c.kind == "person"]
        companies = [c for c in people if c.kind == "organization"]
        genders = {g: sum(c.gender == g for c in persons) for g in ("female", "male", None)}
        assert all(count >= 10 for count in genders.values()), genders  # unknown ones too
        assert all(c.gender is None for c in companies)
        # The showcase people read as their first names say.
        by_name = {c.name: c for c in persons}
        assert by_name["Fatima Zahra EL IDRISSI"].gender == "female"
        assert by_name["أحمد بنعلي"].gender == "male"
        assert by_name["آمنة العلوي"].gender == "female"
        kinds = {c.id_kind for c in people if c.id_number}
        assert {"CIN", "ICE"} <= kinds
        assert sum(c.id_kind == "CIN" for c in persons) >= 10
        assert any(c.id_kind == "ICE" for c in companies)
        # No minor is asked for an identity card; each kind fits its contact.
        reference = reference_date()
        assert not any(c.id_number for c in persons if c.is_minor_on(reference))
        assert all(c.id_kind in ("", "CIN", "NIN") for c in persons)
        assert all(c.id_kind in ("", "ICE", "NIF") for c in companies)
        gave = set(session.scalars(select(Donation.contact_id)))
        assert any(c.id_kind == "CIN" and c.id in gave for c in persons)
        assert any(c.gender == "female" and c.id in gave for c in persons)
