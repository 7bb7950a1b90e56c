"""Issue 15's privacy corpus: ways a protected name gets typed into what a post is made of.

Each case puts one protected person (a minor, or someone who did not agree to be named) into one
field of an activity or a campaign, written the way secretaries write: another spelling, another
word order, initials, a first name and an age, a joined Arabic particle. Every post of the record,
on every platform and in every language, its video title and its picture's text, must leave that
person out; the studio's list must say where and why. Positive controls check that the guard is
not simply blanking everything: a consenting adult stays named.

The check is independent of the guard's matching: the forbidden words are looked for as
substrings of the normalized output, so a name glued to a particle still counts as present.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from assocdesk.models import ActivityStatus
from assocdesk.posts.compose import Post, compose
from assocdesk.posts.occasions import gather
from assocdesk.posts.platforms import platform_keys
from assocdesk.services import activities, association, campaigns, contacts, donations
from assocdesk.services.activities import ActivityInput
from assocdesk.services.campaigns import CampaignInput
from assocdesk.services.contacts import ContactInput
from assocdesk.services.donations import DonationInput
from assocdesk.storage.engine import Database
from assocdesk.storage.opening import open_database
from assocdesk.text import normalize_for_search

LANGUAGES = ("ar", "fr", "en")
ACTIVITY_OCCASIONS = ("activity-report", "activity-announcement", "volunteer-call")
CAMPAIGN_OCCASIONS = ("campaign-progress", "donor-thanks")
DAY = datetime(2025, 6, 14, 10, 0)

# The people the database holds (name, fields): the corpus names them in every way.
PEOPLE: dict[str, dict[str, object]] = {
    "Mustapha AIT AHMED": {"is_minor": True},
    "مصطفى الإدريسي": {"date_of_birth": date(2013, 2, 1), "consent_publish_name": True},
    "Naima Cherkaoui": {"date_of_birth": date(2016, 5, 3)},
    "Nadia BENALI": {"consent_publish_name": False},
    "نادية بنعلي": {"consent_publish_name": False},
    "Ismail MARRAKCHI": {"consent_publish_name": False},
    "Youssef N'Diaye": {"is_minor": True},
    "Fatima-Zahra Lahlou": {"consent_publish_name": False},
    "سلمى الفاسي": {"is_minor": True},
    # An adult now, but 14 on the day of the activity.
    "Rim Tazi": {"date_of_birth": date(2011, 1, 1), "consent_publish_name": True},
    # Positive controls: adults who agreed.
    "Karim Alaoui": {"date_of_birth": date(1990, 1, 1), "consent_publish_name": True},
    "هشام بنجلون": {"consent_publish_name": True},
    # A consenting adult with a protected child's name (see the homonym case).
    "Mustapha Ait Ahmed": {"consent_publish_name": True},
    "Société Atlas SARL": {"kind": "organization", "consent_publish_name": False},
    # Found by a review: long names said in part, numbers in a name, a name like a word.
    "Fatima Zahra Ben Ali": {"consent_publish_name": False},
    "Yassine Amrani 2": {"is_minor": True},
    "Karim Amrani": {"consent_publish_name": False},
    "Amal": {"is_minor": True},
}


@dataclass
class Case:
    """One way a protected name reaches a record; ``forbidden``: words that must not leave."""

    key: str
    forbidden: list[str]
    title: str = "Distribution de paniers"
    place: str = ""
    description: str = ""
    hashtags: str = ""
    role: str = ""
    campaign: str = ""
    volunteers: list[str] = field(default_factory=list)
    donors: list[str] = field(default_factory=list)
    must_show: list[str] = field(default_factory=list)
    day: datetime | None = None  # None: a day of its own in June 2025 (nobody is booked twice)
    nothing_to_hide: bool = False  # a positive control: the studio has nothing to report


CASES = [
    # A minor marked by hand, Latin script: spelling, case, order, separators.
    Case("title-accents", ["Mustapha", "Ait Ahmed"], title="Hommage à Mustapha Aït Ahmed"),
    Case("title-upper", ["Mustapha", "Ait Ahmed"], title="HOMMAGE À MUSTAPHA AÏT AHMED"),
    Case("title-order", ["Mustapha", "Ait Ahmed"], title="AIT AHMED Mustapha à l'honneur"),
    Case("title-comma", ["Mustapha", "Ait Ahmed"], title="Bravo AIT AHMED, Mustapha"),
    Case("title-hyphen", ["Ait Ahmed"], title="Le dessin de Mustapha Aït-Ahmed"),
    Case("title-initial", ["Ait Ahmed"], title="Hommage à M. Aït Ahmed"),
    Case("title-only-the-name", ["Mustapha", "Ait Ahmed"], title="Mustapha Aït Ahmed"),
    Case("place", ["Ait Ahmed"], place="Chez Mustapha Aït Ahmed, Sidi Moumen"),
    Case("hashtag", ["Ait_Ahmed", "Ait Ahmed"], hashtags="#Mustapha_Ait_Ahmed #solidarite"),
    Case("role", ["Ait Ahmed"], role="Accompagner Mustapha Ait Ahmed"),
    Case(
        "description-sentence",
        ["Ait Ahmed", "dessin"],
        description="Bravo à Mustapha Aït Ahmed pour son dessin ! Cinquante paniers distribués.",
        must_show=["Cinquante paniers"],
    ),
    Case("description-only-the-name", ["Ait Ahmed"], description="Mustapha Aït Ahmed."),
    # A minor from the date of birth, Arabic script: hamza, alif maqsura, marks, particles.
    Case("ar-title", ["الادريسي"], title="تكريم الطفل مصطفى الادريسي"),
    Case("ar-title-marks", ["الادريسي"], title="تكريم الطفل مُصطفى الإدْريسي"),
    Case("ar-title-order", ["الادريسي"], title="الإدريسي مصطفى بطل الدوري"),
    Case("ar-place-yaa", ["الادريسي"], place="منزل مصطفي الادريسى"),
    Case("ar-persian-letters", ["الادريسي", "الادریسی"], title="تكريم مصطفی الادریسی"),
    Case("ar-tatweel", ["الادريسي"], title="تكريم مصطـــفى الإدريســي"),
    Case("ar-particle-li", ["الادريسي"], description="شكرًا لمصطفى الإدريسي على رسمه الجميل."),
    Case("ar-particle-bi", ["الادريسي"], title="احتفاء بمصطفى الإدريسي"),
    Case("ar-particle-lil", ["لادريسي"], description="والشكر موصول للإدريسي مصطفى على مساعدته."),
    Case("ar-hashtag", ["الادريسي"], hashtags="#مصطفى_الإدريسي #تضامن"),
    # Someone who did not agree, named in a campaign, a place, an organization.
    Case("campaign-latin", ["Benali"], campaign="Fonds Nadia BENALI"),
    Case("campaign-arabic", ["بنعلي"], campaign="صندوق نادية بنعلي"),
    Case("campaign-order", ["Benali"], campaign="Fonds BENALI Nadia pour l'école"),
    Case("place-not-consenting", ["Marrakchi"], place="Chez Ismail MARRAKCHI"),
    Case("place-order-accent", ["Marrakchi"], place="Chez Marrakchi Ismaïl"),
    Case("organization", ["Atlas SARL"], description="Merci à Société Atlas SARL pour les dons."),
    Case("hyphenated-first-name", ["Lahlou"], description="Fatima Zahra Lahlou a tout organisé."),
    # Minors who are in the contacts but not linked to the activity.
    Case(
        "unlinked-minor-with-age",
        ["Naima", "Cherkaoui"],
        description="Bravo à la petite Naima Cherkaoui, 9 ans, pour son poème !",
    ),
    Case("unlinked-minor-initial", ["Naima"], description="Bravo Naima C. pour son poème."),
    Case("unlinked-minor-order", ["Cherkaoui"], title="Le poème de CHERKAOUI Naima"),
    Case("apostrophe", ["Diaye"], description="Merci Youssef N’Diaye, toujours là pour aider."),
    Case("ar-unlinked-minor", ["الفاسي"], description="تهنئة خاصة لسلمى الفاسي على تفوقها."),
    # A first name next to an age: nobody in the contacts, the shape is enough.
    Case("first-name-age-fr", ["Naima"], description="Bravo à Naima, 9 ans, notre poétesse !"),
    Case("first-name-bracket", ["Sara"], description="Merci à Sara (8) et à son grand frère."),
    Case("first-name-age-en", ["Adam"], description="Thanks to Adam, 7 years old, for the mural."),
    Case("first-name-age-ar", ["مصطفي"], description="تهنئة للطفل مصطفى، 12 سنة، على فوزه."),
    Case("first-name-age-ar-plural", ["سلمي"], description="شكرًا لسلمى (10 سنوات) على الرسم."),
    # Linked people: volunteers and donors named in thanks.
    Case("minor-volunteer", ["Ait Ahmed", "الادريسي"], volunteers=["Mustapha AIT AHMED"]),
    Case("dob-minor-volunteer", ["الادريسي"], volunteers=["مصطفى الإدريسي"]),
    Case("minor-then-adult-now", ["Tazi"], volunteers=["Rim Tazi"], day=datetime(2024, 3, 2, 9)),
    Case("homonym-of-a-minor", ["Ait Ahmed"], volunteers=["Mustapha Ait Ahmed"]),
    Case("refusing-donor", ["Benali"], campaign="Rentrée scolaire", donors=["Nadia BENALI"]),
    # Found by a review of the first version (each one leaked then).
    Case(
        "lines-without-stops",
        ["Ait Ahmed"],
        description="Programme\n- atelier dessin\n- goûter\nBravo à Mustapha Aït Ahmed !",
        must_show=["atelier dessin", "goûter"],
    ),
    Case("name-over-two-lines", ["Ait Ahmed"], description="Merci Mustapha\nAït Ahmed pour tout."),
    Case("initial-inside", ["Ahmed"], description="Bravo Mustapha A. Ahmed pour son dessin."),
    Case("part-of-a-long-name", ["Ben Ali"], description="Merci à Fatima Ben Ali pour son aide."),
    Case("first-name-and-half", ["Mustapha Ait"], title="Le dessin de Mustapha Ait"),
    Case("written-apart", ["Ben Ali"], campaign="Fonds Nadia Ben Ali"),
    Case("written-together", ["AitAhmed"], title="Bravo Mustapha AitAhmed"),
    Case("number-in-the-name", ["Amrani"], title="Bravo Yassine Amrani"),
    Case("brackets", ["Ait Ahmed"], title="Bravo Mustapha (Aït Ahmed)"),
    Case("soft-hyphen", ["Ahmed"], title="Bravo Mustapha Aït\u00adAhmed"),
    Case("camel-case-tag", ["MustaphaAitAhmed"], hashtags="#MustaphaAitAhmed"),
    Case("tags-one-by-one", ["Ait_Ahmed", "#Mustapha"], hashtags="#Mustapha #Ait_Ahmed"),
    Case("inline-tag", ["Ait_Ahmed"], description="Bravo #Mustapha_Ait_Ahmed ! Fête réussie."),
    Case("age-after-a-long-name", ["Mustapha"], description="Mustapha Aït-Ahmed (12 ans) a gagné."),
    Case("age-in-capitals", ["NAIMA"], description="BRAVO À NAIMA, 9 ANS, POUR SON DESSIN"),
    Case("aged", ["Naima"], description="Merci à Naima, âgée de 9 ans, pour son poème."),
    # Positive controls: a consenting adult stays named; the guard is no blanket.
    Case(
        "a-namesake-first-name-only",
        ["Amrani"],
        description="Merci à Karim Benjelloun pour la logistique du jour.",
        must_show=["Merci à Karim Benjelloun"],
        nothing_to_hide=True,
    ),
    Case(
        "adult-who-agreed",
        ["Ait Ahmed"],
        title="Atelier animé par Karim Alaoui",
        volunteers=["Karim Alaoui", "هشام بنجلون"],
        must_show=["Karim Alaoui"],
        nothing_to_hide=True,
    ),
]


def _people(session) -> dict[str, int]:
    ids = {}
    for name, values in PEOPLE.items():
        contact = contacts.create(session, ContactInput(name=name, **values))  # type: ignore[arg-type]
        session.flush()
        ids[name] = contact.id
    return ids


def _record(session, case: Case, index: int, people: dict[str, int]) -> tuple[int, int | None]:
    campaign_id = None
    if case.campaign or case.donors:
        campaign = campaigns.create(
            session,
            CampaignInput(
                name=case.campaign or "Campagne",
                currency="MAD",
                goal="10000",
                starts_on=date(2025, 1, 1),
                ends_on=date(2030, 12, 31),
            ),
        )
        session.flush()
        campaign_id = campaign.id
        for donor in [*case.donors, "Karim Alaoui"]:
            donations.record(
                session,
                DonationInput(
                    amount="500",
                    currency="MAD",
                    donated_on=date(2025, 2, 1),
                    contact_id=people[donor],
                    campaign_id=campaign_id,
                ),
            )
    activity = activities.create(
        session,
        ActivityInput(
            title=case.title,
            starts_at=case.day or DAY + timedelta(days=index),
            currency="MAD",
            place=case.place,
            description=case.description,
            beneficiaries_count=40,
            campaign_id=campaign_id,
            status=ActivityStatus.DONE,
            hashtags=case.hashtags,
        ),
    )
    session.flush()
    for name in case.volunteers:
        activities.assign(session, activity.id, people[name], role=case.role, minutes=180)
    if case.role and not case.volunteers:
        activities.assign(session, activity.id, people["Karim Alaoui"], role=case.role, minutes=60)
    return activity.id, campaign_id


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, dict]]:
    database = open_database(Path(tmp_path_factory.mktemp("corpus")) / "corpus.sqlite3")
    with database.transaction() as session:
        association.save(
            session,
            association.ProfileInput(
                name_ar="جمعية الأمل",
                name_fr="Association Al Amal",
                name_en="Al Amal Association",
                country="MA",
                website="https://alamal.ma",
                hashtags="#AlAmal",
            ),
        )
        people = _people(session)
        records = {case.key: _record(session, case, i, people) for i, case in enumerate(CASES)}
    yield database, records
    database.close()


def outputs(post: Post) -> dict[str, str]:
    """Everything of a post that leaves the association, by where it goes."""
    card = post.card
    found = {
        "text": post.text,
        "title": post.title or "",
        "card": " | ".join(
            [card.association, card.title, card.date, card.hashtag]
            + [f"{f.value} {f.label}" for f in card.figures]
        ),
    }
    for extra in ("alt_text",):
        found[extra] = str(getattr(post, extra, "") or "")
    for index, part in enumerate(getattr(post, "thread", None) or []):
        found[f"thread {index + 1}"] = part
    return found


def leaks(text: str, forbidden: str) -> bool:
    """Whether ``forbidden`` shows in ``text`` once both are normalized (as substrings)."""
    return normalize_for_search(forbidden) in normalize_for_search(text)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.key)
def test_nothing_protected_leaves(corpus: tuple[Database, dict], case: Case) -> None:
    database, records = corpus
    activity_id, campaign_id = records[case.key]
    jobs = [(o, activity_id) for o in ACTIVITY_OCCASIONS]
    if campaign_id is not None:
        jobs += [(o, campaign_id) for o in CAMPAIGN_OCCASIONS]
    with database.reading() as session:
        for occasion, record_id in jobs:
            for language in LANGUAGES:
                facts = gather(session, occasion, record_id, language)
                for key in platform_keys():
                    post = compose(session, occasion, record_id, key, language, facts=facts)
                    assert post.text.strip(), (occasion, key, language)
                    for where, text in outputs(post).items():
                        for word in case.forbidden:
                            assert not leaks(text, word), (occasion, key, language, where, text)
                if occasion == "activity-report" and language == "fr":
                    facebook = compose(session, occasion, record_id, "facebook", "fr", facts=facts)
                    for shown in case.must_show:
                        assert shown in facebook.text, facebook.text
                    if not case.nothing_to_hide:
                        assert facebook.omitted, "the studio must say what it left out"
                        assert all(o.reason and o.where for o in facebook.omitted)


def test_the_studio_says_what_stands_instead_and_why(corpus: tuple[Database, dict]) -> None:
    database, records = corpus
    with database.reading() as session:
        post = compose(session, "activity-report", records["title-accents"][0], "facebook", "fr")
        assert "Hommage à M. A. A." in post.text
        replaced = [o for o in post.omitted if o.where == "Title"]
        assert replaced and replaced[0].subject == "Mustapha Aït Ahmed"
        assert replaced[0].replacement == "M. A. A." and "minor" in replaced[0].reason

        post = compose(session, "activity-report", records["ar-title"][0], "facebook", "ar")
        assert "تكريم الطفل م. ا." in post.text

        post = compose(session, "activity-report", records["homonym-of-a-minor"][0], "x", "fr")
        assert any("Shares the name" in o.reason for o in post.omitted)

        post = compose(session, "activity-report", records["first-name-age-fr"][0], "x", "fr")
        assert any("next to an age (9)" in o.reason for o in post.omitted)


def test_a_change_of_consent_or_birth_date_is_seen_at_the_next_post(
    corpus: tuple[Database, dict],
) -> None:
    """The guard keeps its index of people between posts: a contact's change must reach it."""
    database, records = corpus
    activity_id = records["adult-who-agreed"][0]
    with database.reading() as session:
        assert "Karim Alaoui" in compose(session, "activity-report", activity_id, "x", "fr").text
    with database.transaction() as session:
        karim = contacts.list_contacts(session, contacts.ListQuery(search="Karim Alaoui")).rows[0]
        data = contacts.ContactInput.from_contact(contacts.get(session, karim.id))
        data.consent_publish_name = False
        contacts.update(session, karim.id, data)
    try:
        with database.reading() as session:
            post = compose(session, "activity-report", activity_id, "x", "fr")
            assert "Alaoui" not in post.text
    finally:
        with database.transaction() as session:  # from the record now: the save above moved it
            data = contacts.ContactInput.from_contact(contacts.get(session, karim.id))
            data.consent_publish_name = True
            contacts.update(session, karim.id, data)


def test_the_associations_own_name_is_never_taken_for_a_person(
    corpus: tuple[Database, dict],
) -> None:
    """A minor called "Amal" must not turn "Association Al Amal" into "Association Al A."."""
    database, records = corpus
    with database.reading() as session:
        post = compose(session, "activity-report", records["adult-who-agreed"][0], "x", "fr")
        assert post.card.association == "Association Al Amal"
        assert "Association Al Amal" in post.alt_text


def test_a_users_own_template_cannot_get_a_name_past_the_guard(
    corpus: tuple[Database, dict],
) -> None:
    """A name typed in a template, cut by fitting, would no longer be recognised afterwards."""
    from assocdesk.services import posts as post_service

    database, records = corpus
    long_line = "Un très grand merci à toutes les familles du quartier " * 4
    with database.transaction() as session:
        post_service.save_template(
            session,
            "activity-report",
            "short",
            "fr",
            f"{{title}}\n{long_line}et à notre champion Mustapha Aït Ahmed pour tout.",
        )
    try:
        with database.reading() as session:
            for platform in ("x", "bluesky", "threads", "whatsapp"):
                post = compose(
                    session, "activity-report", records["adult-who-agreed"][0], platform, "fr"
                )
                for where, text in outputs(post).items():
                    assert not leaks(text, "Mustapha"), (platform, where, text)
    finally:
        with database.transaction() as session:
            post_service.restore_template(session, "activity-report", "short", "fr")
