"""Every occasion × platform × language on the demo data; texts too long on purpose; privacy."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from assocdesk.demo import fill as fill_demo
from assocdesk.models import Activity, ActivityStatus, Contact, Donation, VolunteerAssignment
from assocdesk.posts import counting
from assocdesk.posts.compose import Post, compose, compose_text
from assocdesk.posts.fitting import ELLIPSIS
from assocdesk.posts.formatting import INVISIBLE_MARKS
from assocdesk.posts.occasions import RECORD_KIND, gather
from assocdesk.posts.platforms import all_platforms, platform_keys
from assocdesk.posts.templates import OCCASIONS
from assocdesk.services import activities, contacts, journal
from assocdesk.services import posts as post_service
from assocdesk.services.errors import NotFound
from assocdesk.storage.engine import Database
from assocdesk.storage.opening import open_database
from tests.core.test_posts_grammar import WRONG

LANGUAGES = ("ar", "fr", "en")


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    database = open_database(path)
    fill_demo(database, "small", seed=1)
    database.close()
    return path


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_template, path)
    database = open_database(path)
    yield database
    database.close()


def showcase_activity(session) -> Activity:
    """The demo's first done activity paid by a campaign (a minor volunteer, refusing donors)."""
    return session.scalars(
        select(Activity)
        .where(Activity.status == ActivityStatus.DONE, Activity.campaign_id.is_not(None))
        .order_by(Activity.starts_at, Activity.id)
    ).first()


def records(session) -> dict[str, list[int]]:
    planned = session.scalars(
        select(Activity.id).where(Activity.status == ActivityStatus.PLANNED).limit(2)
    ).all()
    bare = session.scalars(select(Activity.id).where(Activity.beneficiaries_count == 0)).first()
    campaign_ids = session.scalars(select(Donation.campaign_id).distinct()).all()
    return {
        "activity": [showcase_activity(session).id, *planned, bare],
        "campaign": sorted(c for c in campaign_ids if c is not None),
        "year": [2024, 2025, 2026],
    }


def check(post: Post, full: str) -> None:
    """Non-empty, within the limit by the platform's own count, cut only between tokens,
    key figures present, hashtags within the platform's cap, no invisible marks."""
    platform = post.platform
    assert post.text.strip()
    assert post.length == counting.count(post.text, platform.count) <= platform.limit
    whole = set(full.split())
    for token in post.text.split():
        assert token in whole or (token.endswith(ELLIPSIS) and token[: -len(ELLIPSIS)] in whole), (
            platform.key,
            token,
        )
    for figure in post.key_figures:
        assert figure in post.text, (platform.key, post.language, figure)
    tags = [t for t in post.text.split() if t.startswith("#")]
    assert len(tags) <= platform.hashtag_cap
    links = post.text.count("https://")
    assert platform.max_links is None or links <= platform.max_links
    assert not INVISIBLE_MARKS.search(post.text)
    for wrong in WRONG:  # a count that disagrees with its noun
        assert not wrong.search(post.text), (wrong.pattern, post.text)
    if post.title is not None:
        assert 0 < len(post.title) <= platform.title_limit


def test_every_occasion_platform_and_language_on_the_demo(demo: Database) -> None:
    with demo.reading() as session:
        chosen = records(session)
        composed = 0
        for occasion in OCCASIONS:
            for record_id in chosen[RECORD_KIND[occasion]]:
                for language in LANGUAGES:
                    facts = gather(session, occasion, record_id, language)
                    assert facts.key_figures and all(facts.key_figures)
                    for platform in all_platforms():
                        post = compose(
                            session, occasion, record_id, platform.key, language, facts=facts
                        )
                        template = post_service.template_text(
                            session, occasion, platform.style, language, facts.variant
                        )
                        full = compose_text(template, facts, platform, limit=10**9)
                        check(post, full)
                        composed += 1
    assert composed == sum(len(chosen[RECORD_KIND[o]]) for o in OCCASIONS) * 3 * 8


def test_texts_made_too_long_on_purpose_still_fit(demo: Database) -> None:
    """A 200-character Arabic title, 30 hashtags, long Arabic names that may be published."""
    long_title = ("قافلة طبية متعددة التخصصات لفائدة ساكنة الدواوير المجاورة " * 4)[:200].strip()
    many_tags = " ".join(f"#وسم_طويل_رقم_{i} #tag{i}" for i in range(15))
    with demo.transaction() as session:
        activity = showcase_activity(session)
        data = activities.ActivityInput(
            title=long_title,
            starts_at=activity.starts_at,
            currency="MAD",
            place="دوار أولاد صالح، جماعة مديونة، إقليم النواصر " * 3,
            description="وصف طويل جدا " * 300,
            beneficiaries_count=activity.beneficiaries_count,
            beneficiary_groups={g.group_code: g.count for g in activity.beneficiary_groups},
            campaign_id=activity.campaign_id,
            status=activity.status,
            hashtags=many_tags,
        )
        activities.update(session, activity.id, data)
        for index in range(12):
            contact = contacts.create(
                session,
                contacts.ContactInput(
                    name=f"عبد الرحمن بن عبد الله الإدريسي الحسني العلوي {index}",
                    consent_publish_name=True,
                ),
            )
            activities.assign(session, activity.id, contact.id, role="تنسيق", minutes=240)
        activity_id = activity.id
    with demo.reading() as session:
        for occasion in ("activity-report", "activity-announcement", "volunteer-call"):
            for language in LANGUAGES:
                facts = gather(session, occasion, activity_id, language)
                for platform in all_platforms():
                    post = compose(
                        session, occasion, activity_id, platform.key, language, facts=facts
                    )
                    template = post_service.template_text(
                        session, occasion, platform.style, language
                    )
                    check(post, compose_text(template, facts, platform, limit=10**9))
                    # The essentials: the beginning of the title, the date, the tag.
                    assert "قافلة طبية" in post.text, (platform.key, language)
                    if platform.hashtag_cap:
                        assert "#جمعية_الأمل" in post.text
                    if platform.key == "facebook" and occasion == "activity-report":
                        assert "عبد الرحمن بن عبد الله الإدريسي الحسني العلوي 11" in post.text


def protected_names(session, activity: Activity) -> list[str]:
    helpers = session.scalars(
        select(Contact)
        .join(VolunteerAssignment, VolunteerAssignment.contact_id == Contact.id)
        .where(VolunteerAssignment.activity_id == activity.id)
    ).all()
    donors = session.scalars(
        select(Contact)
        .join(Donation, Donation.contact_id == Contact.id)
        .where(Donation.campaign_id == activity.campaign_id)
    ).all()
    return [c.name for c in [*helpers, *donors] if c.is_minor or not c.consent_publish_name]


def test_privacy_guard_minor_volunteer_and_refusing_donor(demo: Database) -> None:
    """Acceptance: a demo activity with a minor volunteer and a donor who did not consent."""
    with demo.reading() as session:
        activity = showcase_activity(session)
        helpers = session.scalars(
            select(Contact)
            .join(VolunteerAssignment, VolunteerAssignment.contact_id == Contact.id)
            .where(VolunteerAssignment.activity_id == activity.id)
        ).all()
        minors = [c for c in helpers if c.is_minor]
        assert minors, "the demo must put a minor on its showcase activity"
        consenting = [c for c in helpers if c.consent_publish_name and not c.is_minor]
        hidden = protected_names(session, activity)
        refusing_donors = [n for n in hidden if n not in {c.name for c in helpers}]
        assert refusing_donors, "the demo campaign must have a donor who did not consent"
        named_somewhere = False
        for occasion in OCCASIONS:
            record_id = {"activity": activity.id, "campaign": activity.campaign_id, "year": 2024}[
                RECORD_KIND[occasion]
            ]
            for language in LANGUAGES:
                for key in platform_keys():
                    post = compose(session, occasion, record_id, key, language)
                    # A campaign's posts name its donors only: a consenting donor may share
                    # the name of a volunteer of the activity who did not consent.
                    context = refusing_donors if RECORD_KIND[occasion] == "campaign" else hidden
                    for name in context:
                        assert name not in post.text, (occasion, key, language, name)
                        assert post.title is None or name not in post.title
                    named_somewhere |= any(c.name in post.text for c in consenting)
                    if RECORD_KIND[occasion] == "activity":
                        subjects = {o.subject for o in post.omitted}
                        assert {m.name for m in minors} <= subjects
        assert named_somewhere  # consenting volunteers are thanked by name
        report = compose(session, "activity-report", activity.id, "facebook", "en")
        reasons: dict[str, str] = {}
        for omission in report.omitted:
            reasons[omission.subject] = reasons.get(omission.subject, "") + omission.reason
        assert "never published" in reasons[minors[0].name]
        assert "Donor who has not agreed" in reasons[refusing_donors[0]]


def test_a_description_naming_a_protected_person_is_left_out(demo: Database) -> None:
    with demo.transaction() as session:
        activity = showcase_activity(session)
        minor = next(
            c
            for c in session.scalars(
                select(Contact)
                .join(VolunteerAssignment, VolunteerAssignment.contact_id == Contact.id)
                .where(VolunteerAssignment.activity_id == activity.id)
            )
            if c.is_minor
        )
        activity.description = f"Merci à {minor.name} pour son aide précieuse."
        activity_id, name = activity.id, minor.name
    with demo.reading() as session:
        post = compose(session, "activity-report", activity_id, "facebook", "fr")
        assert name not in post.text and "aide précieuse" not in post.text
        # The sentence was only about her: it is left out, and the studio says where and why.
        dropped = [o for o in post.omitted if o.where == "Description" and o.subject == name]
        assert dropped and dropped[0].replacement == "" and "minor" in dropped[0].reason


def test_user_templates_replace_the_builtin_ones_and_can_be_restored(demo: Database) -> None:
    with demo.transaction() as session:
        activity_id = showcase_activity(session).id
        post_service.save_template(
            session, "activity-report", "short", "fr", "Bravo ! {title}\n👥 {beneficiaries}"
        )
    with demo.reading() as session:
        post = compose(session, "activity-report", activity_id, "x", "fr")
        assert post.text.startswith("Bravo ! ")
        assert post_service.is_customized(session, "activity-report", "short", "fr")
    with demo.transaction() as session:
        post_service.restore_template(session, "activity-report", "short", "fr")
    with demo.reading() as session:
        assert not compose(session, "activity-report", activity_id, "x", "fr").text.startswith(
            "Bravo"
        )
        removed = journal.rows(
            session, journal.ids(session, journal.JournalFilter(entity_type="post_templates"))
        )[0]
        # The journal keeps the removed template's text (its event once held nothing).
        assert (removed.action, removed.after) == ("delete", {})
        assert removed.before["body"] == "Bravo ! {title}\n👥 {beneficiaries}"


def test_history_tells_what_was_posted_where(demo: Database) -> None:
    with demo.transaction() as session:
        post_service.mark_posted(
            session, "activity-report", 1, "facebook", "ar", "نص", datetime(2026, 3, 1, 10, 0)
        )
        post_service.mark_posted(session, "activity-report", 1, "x", "fr", "texte")
    with demo.reading() as session:
        assert [r.platform for r in post_service.history(session)] == ["x", "facebook"]
        again = post_service.history(session, "activity-report", 1, "facebook")
        assert len(again) == 1 and again[0].text == "نص"
        assert post_service.history(session, "activity-report", 2, "facebook") == []


def test_unknown_records_and_occasions_are_not_found(demo: Database) -> None:
    with demo.reading() as session:
        with pytest.raises(NotFound, match="no activity number 9999"):
            compose(session, "activity-report", 9999, "x", "en")
        with pytest.raises(NotFound, match="no campaign number 9999"):
            compose(session, "donor-thanks", 9999, "x", "en")
        with pytest.raises(NotFound, match="Unknown occasion"):
            compose(session, "birthday", 1, "x", "en")
        with pytest.raises(NotFound, match="1990"):
            compose(session, "year-impact", 1990, "x", "en")
