"""Posts read as a native reader writes: counts agree with their nouns, verbs do not depend on a
number, the French article and elision, the Arabic «و» before a Latin name, the record's wording.

The phrases below are written out by hand for each CLDR category (ar: one, two, few, many,
other; fr: one, other), then looked for in the composed posts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from assocdesk.models import ActivityStatus, ActivityType
from assocdesk.posts.compose import compose
from assocdesk.posts.sentences import first_sentence
from assocdesk.posts.wording import agree, association_forms, our_volunteers
from assocdesk.services import activities, association, campaigns, contacts, donations
from assocdesk.services.activities import ActivityInput
from assocdesk.services.campaigns import CampaignInput
from assocdesk.services.contacts import ContactInput
from assocdesk.services.donations import DonationInput
from assocdesk.storage.engine import Database
from assocdesk.storage.opening import open_database

# (volunteers, beneficiaries, hours) of each activity.
SIZES = [(1, 1, 1), (2, 2, 2), (3, 264, 8), (11, 100, 25)]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = open_database(Path(tmp_path_factory.mktemp("grammar")) / "g.sqlite3")
    with database.transaction() as session:
        association.save(
            session,
            association.ProfileInput(
                name_ar="جمعية الأمل",
                name_fr="Association Al Amal",
                name_en="Al Amal",
                country="MA",
            ),
        )
        people = []
        for index in range(11):
            person = contacts.create(
                session, ContactInput(name=f"Nabil Ziani {index}", consent_publish_name=True)
            )
            session.flush()
            people.append(person.id)
        for number, (helpers, beneficiaries, hours) in enumerate(SIZES):
            activity = activities.create(
                session,
                ActivityInput(
                    title=f"Action {number}",
                    starts_at=datetime(2025, 3, 1, 9) + timedelta(days=number),
                    currency="MAD",
                    beneficiaries_count=beneficiaries,
                    status=ActivityStatus.DONE,
                ),
            )
            session.flush()
            for index in range(helpers):
                minutes = hours * 60 if index == 0 else 0
                activities.assign(session, activity.id, people[index], minutes=minutes)
        meeting = activities.create(
            session,
            ActivityInput(
                title="اجتماع المكتب المسير",
                type=ActivityType.MEETING,
                starts_at=datetime(2025, 4, 1, 18),
                currency="MAD",
                status=ActivityStatus.DONE,
            ),
        )
        campaign = campaigns.create(
            session,
            CampaignInput(
                name="Rentrée", currency="MAD", goal="1000", starts_on=date(2025, 1, 1),
                ends_on=date(2099, 1, 1),
            ),
        )  # fmt: skip
        session.flush()
        for amount in ("700", "800"):
            donations.record(
                session,
                DonationInput(
                    amount=amount, currency="MAD", donated_on=date(2025, 2, 1),
                    contact_id=people[0], campaign_id=campaign.id,
                ),
            )  # fmt: skip
        session.flush()
        _ids.update(meeting=meeting.id, campaign=campaign.id)
    yield database
    database.close()


_ids: dict[str, int] = {}


def text(db: Database, number: int, language: str, platform: str = "facebook") -> str:
    with db.reading() as session:
        return compose(session, "activity-report", number + 1, platform, language).text


@pytest.mark.parametrize(
    ("number", "phrases"),
    [
        (0, ["لفائدة مستفيد واحد", "شارك فيه متطوع واحد بما مجموعه ساعة واحدة", "لمتطوعنا:"]),
        (1, ["لفائدة مستفيدَيْن", "شارك فيه متطوعان بما مجموعه ساعتان", "لمتطوعَيْنا:"]),
        (2, ["لفائدة 264 مستفيدًا", "شارك فيه 3 متطوعين بما مجموعه 8 ساعات", "لمتطوعينا:"]),
        (3, ["لفائدة 100 مستفيد", "شارك فيه 11 متطوعًا بما مجموعه 25 ساعة"]),
    ],
)
def test_arabic_counts_agree_in_every_category(db: Database, number: int, phrases: list) -> None:
    post = text(db, number, "ar")
    for phrase in phrases:
        assert phrase in post, post


@pytest.mark.parametrize(
    ("number", "phrases"),
    [
        (0, ["Elle a profité à un bénéficiaire", "participation d'un bénévole", "total d'une heure",
             "merci à notre bénévole :"]),
        (1, ["profité à 2 bénéficiaires", "participation de 2 bénévoles", "de 2 heures",
             "merci à nos bénévoles :"]),
        (2, ["profité à 264 bénéficiaires", "de 3 bénévoles", "de 8 heures"]),
    ],
)  # fmt: skip
def test_french_counts_agree(db: Database, number: int, phrases: list) -> None:
    post = text(db, number, "fr")
    for phrase in phrases:
        assert phrase in post, post


def test_english_writes_one_in_words(db: Database) -> None:
    post = text(db, 0, "en")
    assert "It reached one beneficiary" in post and "With one volunteer" in post, post


# What a number must never stand beside: 1 and 2 before an Arabic noun (they are words), 3–10
# before a singular, and a French or English plural after 1.
WRONG = [
    re.compile(r"(?<![\d.,\u00a0])[12] (?:متطوع|مستفيد|ساعة|نشاط|محسن|تبرع)"),
    re.compile(r"(?<![\d.,\u00a0])(?:[3-9]|10) (?:متطوع|مستفيد|محسن|نشاط|تبرع)(?:ا|ًا)?(?![\w])"),
    re.compile(r"(?<![\d.,\u00a0])(?:[3-9]|10) ساعة"),
    # 11–99 (and 111–199 …) take the accusative singular: «264 مستفيدًا», never «264 مستفيد».
    re.compile(r"(?<![.,])\d*(?:1[1-9]|[2-9]\d) (?:متطوع|مستفيد|محسن|نشاط|تبرع)(?![ًا\w])"),
    re.compile(r"(?<![\d.,\u00a0])1 (?:bénévoles|bénéficiaires|heures|actions|donateurs|dons)"),
    re.compile(r"(?<![\d.,\u00a0])1 (?:volunteers|beneficiaries|hours|donors|donations)"),
]


def test_the_checks_catch_what_the_studio_used_to_write() -> None:
    seen = ["264 مستفيد", "بمشاركة 8 ساعة", "1 bénévoles sont déjà mobilisés", "قدّموا 1 ساعة"]
    assert all(any(w.search(old) for w in WRONG) for old in seen)
    assert not any(w.search("264 مستفيدًا و100 مستفيد و3 ساعات") for w in WRONG)


@pytest.mark.parametrize("platform", ["facebook", "x", "linkedin", "whatsapp"])
@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_no_count_disagrees_anywhere(db: Database, platform: str, language: str) -> None:
    for number in range(len(SIZES)):
        post = text(db, number, language, platform)
        for wrong in WRONG:
            assert not wrong.search(post), (wrong.pattern, post)


def test_a_meeting_is_reported_as_a_meeting(db: Database) -> None:
    with db.reading() as session:
        ar = compose(session, "activity-report", _ids["meeting"], "facebook", "ar").text
        fr = compose(session, "activity-report", _ids["meeting"], "facebook", "fr").text
    assert "عقدنا يوم" in ar and "الاجتماع" in ar and "الميدان" not in ar and "نظّمنا" not in ar
    assert "nous avons tenu cette réunion" in fr and "terrain" not in fr


def test_a_campaign_past_its_goal_says_thank_you(db: Database) -> None:
    with db.reading() as session:
        fr = compose(session, "campaign-progress", _ids["campaign"], "facebook", "fr").text
        ar = compose(session, "campaign-progress", _ids["campaign"], "facebook", "ar").text
    assert "objectif dépassé" in fr and "150" in fr and "Aidez-nous à atteindre" not in fr
    assert "تجاوزنا الهدف" in ar and "ساعدونا على بلوغ الهدف" not in ar


def test_french_article_before_the_association() -> None:
    assert association_forms("Association Al Amal", "fr") == {
        "the_association": "l'Association Al Amal",
        "of_association": "de l'Association Al Amal",
    }
    assert association_forms("Club des jeunes", "fr")["of_association"] == "du Club des jeunes"
    assert association_forms("Fondation Nour", "fr")["the_association"] == "la Fondation Nour"
    assert association_forms("Al Amal", "fr")["of_association"] == "d'Al Amal"
    assert association_forms("Nour", "fr")["of_association"] == "de Nour"
    assert association_forms("جمعية الأمل", "ar")["of_association"] == "جمعية الأمل"


def test_small_words_agree_with_what_they_meet() -> None:
    assert agree("أحمد وNabil وSara", "ar") == "أحمد و Nabil و Sara"
    assert agree("والشكر موصول", "ar") == "والشكر موصول"
    assert agree("au profit de un bénéficiaire et de une famille", "fr") == (
        "au profit d'un bénéficiaire et d'une famille"
    )
    assert agree("de une", "en") == "de une"
    assert [our_volunteers(n, "ar") for n in (1, 2, 5)] == ["متطوعنا", "متطوعَيْنا", "متطوعينا"]
    assert our_volunteers(1, "fr") == "notre bénévole" and our_volunteers(0, "fr") == ""


def test_short_posts_carry_the_first_sentence() -> None:
    assert first_sentence("Cinquante paniers distribués. Merci à tous !") == (
        "Cinquante paniers distribués."
    )
    assert first_sentence("وزعنا خمسين قفة؟ نعم") == "وزعنا خمسين قفة؟"
    assert first_sentence("x" * 300) == ""
