"""The studio's history names each record (issue 21: it said "Activity report #25")."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from assocdesk.i18n import set_language
from assocdesk.models import Activity, ActivityStatus
from assocdesk.posts.history import (
    ARCHIVED,
    CURRENT,
    DELETED,
    Subject,
    excerpt,
    history_lines,
    subject_label,
)
from assocdesk.services import activities, campaigns
from assocdesk.services import posts as post_service
from assocdesk.storage.engine import Database
from assocdesk.text.bidi import LRI, PDI, RLI, strip_isolates

POSTED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def posted(db: Database) -> Iterator[Database]:
    """An activity, a campaign and a year, each posted about once."""
    with db.transaction() as session:
        activity = activities.create(
            session,
            activities.ActivityInput(
                title="Nettoyage de la plage",
                starts_at=datetime(2026, 2, 14, 9, 0),
                currency="MAD",
                status=ActivityStatus.DONE,
            ),
        )
        campaign = campaigns.create(
            session,
            campaigns.CampaignInput(
                name="قفة رمضان 2026", currency="MAD", starts_on=date(2026, 2, 1)
            ),
        )
        session.flush()
        post_service.mark_posted(
            session, "activity-report", activity.id, "facebook", "fr", "✅ Nettoyage", POSTED
        )
        post_service.mark_posted(
            session, "donor-thanks", campaign.id, "instagram", "ar", "شكرا", POSTED
        )
        post_service.mark_posted(session, "year-impact", 2025, "linkedin", "fr", "2025", POSTED)
    yield db


def subjects(db: Database) -> dict[str, Subject]:
    with db.reading() as session:
        return {row.occasion: row.subject for row in post_service.history(session)}


def test_history_rows_carry_what_each_post_was_about(posted: Database) -> None:
    found = subjects(posted)
    assert found["activity-report"] == Subject(
        "activity", "Nettoyage de la plage", date(2026, 2, 14), CURRENT
    )
    assert found["donor-thanks"] == Subject("campaign", "قفة رمضان 2026", date(2026, 2, 1))
    assert found["year-impact"] == Subject("year", "2025")


def test_an_archived_or_deleted_record_still_reads_sensibly(posted: Database) -> None:
    with posted.transaction() as session:
        activity_id = session.query(Activity.id).scalar()
        activities.set_archived(session, activity_id)
    assert subjects(posted)["activity-report"].state == ARCHIVED
    with posted.transaction() as session:
        session.delete(session.get(Activity, activity_id))
    subject = subjects(posted)["activity-report"]
    assert subject == Subject("activity", "", None, DELETED)
    with posted.reading() as session:
        row = next(r for r in post_service.history(session) if r.occasion == "activity-report")
    set_language("fr")
    label = subject_label(row.subject, "fr_MA", row.text, row.record_id)
    # The first words of what was posted, without its emoji, say what it was.
    assert strip_isolates(label) == "(activité supprimée) Nettoyage"


@pytest.mark.parametrize(
    ("language", "locale", "expected"),
    [
        ("fr", "fr_MA", "Nettoyage de la plage — 14 févr. 2026"),
        # Babel's Arabic date holds right-to-left marks; isolated, it reads 2026/02/14.
        ("ar", "ar_MA", "Nettoyage de la plage — 14\u200f/02\u200f/2026"),
        ("en", "en", "Nettoyage de la plage — Feb 14, 2026"),
    ],
)
def test_a_label_is_the_title_and_date_each_isolated(
    language: str, locale: str, expected: str
) -> None:
    set_language(language)
    subject = Subject("activity", "Nettoyage de la plage", date(2026, 2, 14))
    label = subject_label(subject, locale)
    assert strip_isolates(label) == expected
    # The Latin title and the date are each an island of their own direction.
    assert label.startswith(f"{LRI}Nettoyage de la plage{PDI}")
    assert label.count(LRI) + label.count(RLI) == 2 and label.count(PDI) == 2


@pytest.mark.parametrize(
    ("language", "activity", "campaign"),
    [
        ("fr", "(activité archivée) ", "(campagne archivée) "),
        ("ar", "(نشاط مؤرشف) ", "(حملة مؤرشفة) "),
    ],
)
def test_archived_says_so_in_the_words_of_its_kind(
    language: str, activity: str, campaign: str
) -> None:
    set_language(language)
    archived = Subject("activity", "Caravane médicale", date(2026, 5, 4), ARCHIVED)
    assert strip_isolates(subject_label(archived, "fr_MA")).startswith(
        activity + "Caravane médicale — "
    )
    ramadan = Subject("campaign", "قفة رمضان", None, ARCHIVED)
    assert subject_label(ramadan, "ar_MA") == f"{campaign}{RLI}قفة رمضان{PDI}"


def test_a_deleted_record_without_text_says_its_number() -> None:
    set_language("fr")
    label = subject_label(Subject("activity", "", None, DELETED), "fr_MA", "", 25)
    assert strip_isolates(label) == "(fiche supprimée n° 25)"


def test_excerpt_is_the_first_line_without_emoji_cut_at_a_word() -> None:
    assert excerpt("\n✅ 🎉 Fête de quartier\nDeuxième ligne") == "Fête de quartier"
    long = "Caravane médicale " * 10
    cut = excerpt(long)
    assert cut.endswith("…") and len(cut) <= 61 and not cut[:-1].endswith(" ")


def test_history_lines_say_what_then_how_and_when() -> None:
    set_language("fr")
    what, how = history_lines(
        Subject("year", "2025"),
        occasion="year-impact",
        platform="LinkedIn",
        posted_at=POSTED,
        locale="fr_MA",
    )
    assert strip_isolates(what) == "2025"
    assert strip_isolates(how).startswith("Bilan de l'année · LinkedIn · ")
    assert "#" not in what + how
