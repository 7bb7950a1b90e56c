"""Counts agree with their noun (issue 15: «264 مستفيد», «8 ساعة», «1 bénévoles», «1 actions»).

Each Arabic category (zero, one, two, few, many, other) and French (one, many, other) is checked
on nouns of both genders, with the cases that change one and two; the gettext catalogs must choose
the same category as Babel for every count a screen shows.
"""

from __future__ import annotations

import gettext

import pytest
from babel import Locale
from babel.messages.pofile import read_po

from assocdesk.i18n import LOCALE_DIR, ngettext, ngettext_in, set_language
from assocdesk.text.nouns import ARABIC, ENGLISH, FRENCH, NOUNS
from assocdesk.text.plurals import count_phrase, counted_noun, noun_label, plural_category

ARABIC_CATEGORIES = [
    (0, "zero"),
    (1, "one"),
    (2, "two"),
    (3, "few"),
    (10, "few"),
    (11, "many"),
    (99, "many"),
    (100, "other"),
    (101, "other"),
    (102, "other"),
    (103, "few"),
    (111, "many"),
    (264, "many"),
    (1000, "other"),
    (1200, "other"),
]


@pytest.mark.parametrize(("n", "category"), ARABIC_CATEGORIES)
def test_arabic_categories(n: int, category: str) -> None:
    assert plural_category(n, "ar") == category
    assert plural_category(n, "ar_MA") == category


@pytest.mark.parametrize(
    ("n", "volunteer", "hour", "activity"),
    [
        (0, "0 متطوع", "0 ساعة", "0 نشاط"),
        (1, "متطوع واحد", "ساعة واحدة", "نشاط واحد"),
        (2, "متطوعان", "ساعتان", "نشاطان"),
        (3, "3 متطوعين", "3 ساعات", "3 أنشطة"),
        (5, "5 متطوعين", "5 ساعات", "5 أنشطة"),
        (8, "8 متطوعين", "8 ساعات", "8 أنشطة"),
        (10, "10 متطوعين", "10 ساعات", "10 أنشطة"),
        (11, "11 متطوعًا", "11 ساعة", "11 نشاطًا"),
        (25, "25 متطوعًا", "25 ساعة", "25 نشاطًا"),
        (99, "99 متطوعًا", "99 ساعة", "99 نشاطًا"),
        (100, "100 متطوع", "100 ساعة", "100 نشاط"),
        (101, "101 متطوع", "101 ساعة", "101 نشاط"),
        (102, "102 متطوع", "102 ساعة", "102 نشاط"),
        (103, "103 متطوعين", "103 ساعات", "103 أنشطة"),
        (111, "111 متطوعًا", "111 ساعة", "111 نشاطًا"),
        (264, "264 متطوعًا", "264 ساعة", "264 نشاطًا"),
        (1000, "1000 متطوع", "1000 ساعة", "1000 نشاط"),
        (1200, "1200 متطوع", "1200 ساعة", "1200 نشاط"),
    ],
)
def test_arabic_phrases_in_every_category(n: int, volunteer: str, hour: str, activity: str) -> None:
    assert count_phrase(n, "volunteer", "ar") == volunteer
    assert count_phrase(n, "hour", "ar") == hour  # feminine
    assert count_phrase(n, "activity", "ar") == activity  # broken plural


def test_arabic_beneficiaries_from_the_issue() -> None:
    assert count_phrase(264, "beneficiary", "ar") == "264 مستفيدًا"
    assert count_phrase(100, "beneficiary", "ar") == "100 مستفيد"
    assert count_phrase(7, "beneficiary", "ar") == "7 مستفيدين"


@pytest.mark.parametrize(
    ("noun", "case", "one", "two"),
    [
        ("volunteer", "nominative", "متطوع واحد", "متطوعان"),
        ("volunteer", "accusative", "متطوعًا واحدًا", "متطوعَيْن"),
        ("volunteer", "genitive", "متطوع واحد", "متطوعَيْن"),
        ("hour", "nominative", "ساعة واحدة", "ساعتان"),
        ("hour", "accusative", "ساعة واحدة", "ساعتين"),
        ("hour", "genitive", "ساعة واحدة", "ساعتين"),
        ("donor", "nominative", "محسن واحد", "محسنان"),
        ("donor", "genitive", "محسن واحد", "محسنَيْن"),
        ("contact", "nominative", "جهة اتصال واحدة", "جهتا اتصال"),
        ("contact", "genitive", "جهة اتصال واحدة", "جهتي اتصال"),
        ("day", "accusative", "يومًا واحدًا", "يومين"),
    ],
)
def test_arabic_one_and_two_agree_in_gender_and_case(
    noun: str, case: str, one: str, two: str
) -> None:
    assert count_phrase(1, noun, "ar", case=case) == one
    assert count_phrase(2, noun, "ar", case=case) == two


def test_arabic_case_does_not_change_the_other_categories() -> None:
    for n in (0, 3, 11, 100, 264):
        phrases = {
            count_phrase(n, "volunteer", "ar", case=case)
            for case in ("nominative", "accusative", "genitive")
        }
        assert len(phrases) == 1, phrases


def test_oblique_dual_cannot_be_read_as_the_plural() -> None:
    """«متطوعين» is both the unvocalised oblique dual and the plural of 3–10: the dual carries
    its vowels wherever the two would look alike."""
    for noun, word in ARABIC.items():
        assert word.two_obl != word.few, noun
    assert count_phrase(2, "beneficiary", "ar", case="genitive") == "مستفيدَيْن"
    assert count_phrase(2, "member", "ar", case="accusative") == "منخرطَيْن"


def test_arabic_uses_the_given_numeral() -> None:
    assert count_phrase(1200, "hour", "ar", number="١٢٠٠") == "١٢٠٠ ساعة"
    assert count_phrase(264, "beneficiary", "ar", number="٢٦٤") == "٢٦٤ مستفيدًا"
    assert count_phrase(2, "hour", "ar", number="٢") == "ساعتان"  # two is a word, no numeral


@pytest.mark.parametrize(
    ("n", "category", "volunteer", "action", "hour"),
    [
        (0, "one", "0 bénévole", "0 action", "0 heure"),
        (1, "one", "un bénévole", "une action", "une heure"),
        (2, "other", "2 bénévoles", "2 actions", "2 heures"),
        (5, "other", "5 bénévoles", "5 actions", "5 heures"),
        (1000, "other", "1000 bénévoles", "1000 actions", "1000 heures"),
    ],
)
def test_french(n: int, category: str, volunteer: str, action: str, hour: str) -> None:
    assert plural_category(n, "fr") == category
    assert count_phrase(n, "volunteer", "fr") == volunteer
    assert count_phrase(n, "action", "fr") == action
    assert count_phrase(n, "hour", "fr") == hour


def test_french_details() -> None:
    assert count_phrase(1, "beneficiary", "fr") == "un bénéficiaire"
    assert count_phrase(1, "activity", "fr_MA") == "une activité"
    assert count_phrase(1200, "donor", "fr", number="1\u202f200") == "1\u202f200 donateurs"
    assert count_phrase(1.5, "hour", "fr", number="1,5") == "1,5 heure"  # CLDR: 1.5 is "one"
    assert count_phrase(1_000_000, "volunteer", "fr") == "1000000 de bénévoles"
    assert count_phrase(2_000_000, "hour", "fr", number="2 000 000") == "2 000 000 d'heures"


def test_english() -> None:
    assert count_phrase(1, "volunteer", "en") == "one volunteer"
    assert count_phrase(0, "person", "en") == "0 people"
    assert count_phrase(3, "activity", "en") == "3 activities"
    assert count_phrase(2, "child", "de") == "2 children"  # unknown language: English


def test_counted_noun_and_label() -> None:
    assert counted_noun(264, "beneficiary", "ar") == "مستفيدًا"
    assert counted_noun(5, "beneficiary", "ar") == "مستفيدين"
    assert counted_noun(1, "volunteer", "ar") == "متطوع"
    assert counted_noun(1, "volunteer", "ar", case="accusative") == "متطوعًا"
    assert counted_noun(2, "volunteer", "ar", case="genitive") == "متطوعَيْن"
    assert counted_noun(1000, "hour", "ar") == "ساعة"
    assert counted_noun(0, "volunteer", "fr") == "bénévole"
    assert counted_noun(2, "person", "en") == "people"
    assert noun_label("beneficiary", "ar") == "مستفيدون"
    assert noun_label("contact", "ar") == "جهات الاتصال"
    assert noun_label("beneficiary", "fr") == "bénéficiaires"


def test_every_noun_exists_in_every_language_and_every_form_is_filled() -> None:
    assert set(ARABIC) == set(FRENCH) == set(ENGLISH) == NOUNS
    for needed in ("volunteer", "beneficiary", "hour", "activity", "donor", "donation", "member",
                   "person", "campaign", "photo", "year", "day", "contact", "row", "receipt",
                   "partner"):  # fmt: skip
        assert needed in NOUNS
    for noun in NOUNS:
        for n in range(0, 120):
            for language in ("ar", "fr", "en"):
                assert count_phrase(n, noun, language).strip()


def test_unknown_noun_or_case_is_a_programming_error() -> None:
    with pytest.raises(KeyError, match=r"nouns\.py"):
        count_phrase(3, "volonteer", "ar")
    with pytest.raises(ValueError, match="case"):
        count_phrase(3, "volunteer", "ar", case="dative")


def _catalog(language: str):  # type: ignore[no-untyped-def]
    with (LOCALE_DIR / language / "LC_MESSAGES" / "assocdesk.po").open("rb") as handle:
        return read_po(handle, locale=language)


@pytest.mark.parametrize(
    ("language", "order"),
    [("ar", ["zero", "one", "two", "few", "many", "other"]), ("fr", ["one", "other"])],
)
def test_catalog_plural_forms_agree_with_babel(language: str, order: list[str]) -> None:
    catalog = _catalog(language)
    assert catalog.num_plurals == len(order)
    choose = gettext.c2py(catalog.plural_expr)
    rule = Locale.parse(language).plural_form
    for n in range(0, 1201):
        category = rule(n)
        if language == "fr" and category == "many":  # not in gettext's two forms
            category = "other"
        assert order[choose(n)] == category, n


@pytest.mark.parametrize(
    ("n", "arabic", "french"),
    [
        (0, "لا يوجد أي سطر", "0 ligne"),
        (1, "سطر واحد", "1 ligne"),
        (2, "سطران", "2 lignes"),
        (3, "3 أسطر", "3 lignes"),
        (11, "11 سطرًا", "11 lignes"),
        (100, "100 سطر", "100 lignes"),
        (103, "103 أسطر", "103 lignes"),
        (264, "264 سطرًا", "264 lignes"),
        (1200, "1200 سطر", "1200 lignes"),
    ],
)
def test_ngettext_picks_the_form(n: int, arabic: str, french: str) -> None:
    assert ngettext_in("ar", "{count} row", "{count} rows", n).format(count=n) == arabic
    assert ngettext_in("fr", "{count} row", "{count} rows", n).format(count=n) == french
    english = ngettext_in("en", "{count} row", "{count} rows", n).format(count=n)
    assert english == (f"{n} row" if n == 1 else f"{n} rows")


def test_ngettext_follows_the_current_language() -> None:
    try:
        set_language("ar")
        assert ngettext("{count} row", "{count} rows", 2) == "سطران"
        set_language("fr")
        assert ngettext("{count} row", "{count} rows", 0) == "{count} ligne"
    finally:
        set_language("en")
    assert ngettext("{count} row", "{count} rows", 2) == "{count} rows"


def test_ngettext_falls_back_to_english_for_an_unknown_message() -> None:
    assert ngettext_in("ar", "{count} zebra", "{count} zebras", 1) == "{count} zebra"
    assert ngettext_in("ar", "{count} zebra", "{count} zebras", 5) == "{count} zebras"
