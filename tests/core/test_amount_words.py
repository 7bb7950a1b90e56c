"""Amounts in words on receipts: the right unit, in the form grammar gives it after each number.

The expected strings are written from Arabic, French and English grammar (``amount_words_cases``
and below), not copied from the function's output.
"""

from __future__ import annotations

import ast
import re
from decimal import Decimal
from pathlib import Path

import pytest

from assocdesk.text.amount_words import amount_in_words
from assocdesk.text.currency_units import CURRENCY_UNITS
from assocdesk.text.money import currency_decimals, to_minor
from tests.core.amount_words_cases import CASES

LANGUAGES = ("ar", "fr", "en")


def _minor(amount: str, currency: str) -> int:
    return to_minor(Decimal(amount), currency)


def _offered_currencies() -> set[str]:
    """The currencies the donation form lists, read from its source (core tests load no Qt)."""
    source = Path(__file__).parents[2] / "ui" / "widgets" / "fields.py"
    for node in ast.parse(source.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "COMMON_CURRENCIES"
            for target in node.targets
        ):
            return set(ast.literal_eval(node.value))
    raise AssertionError("COMMON_CURRENCIES not found")


def test_every_offered_currency_has_units_and_hand_written_cases() -> None:
    offered = _offered_currencies()
    assert offered <= set(CURRENCY_UNITS)
    assert all(set(table) == set(LANGUAGES) for table in CURRENCY_UNITS.values())
    assert {currency for _, currency, *_ in CASES} >= offered
    assert len(CASES) >= 80
    assert len({(amount, currency) for amount, currency, *_ in CASES}) == len(CASES)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("amount", "currency", "ar", "fr", "en"), CASES, ids=[f"{c[1]}-{c[0]}" for c in CASES]
)
def test_amount_in_words(
    amount: str, currency: str, ar: str, fr: str, en: str, language: str
) -> None:
    expected = {"ar": ar, "fr": fr, "en": en}[language]
    assert amount_in_words(_minor(amount, currency), currency, language) == expected


def _sample() -> list[int]:
    """Every amount to 2 500, then round and near-round ones to billions."""
    amounts = list(range(1, 2501))
    for scale in (10**3, 10**6, 10**9):
        for head in (*range(1, 21), 99, 100, 101, 102, 110, 111, 200, 201, 202, 999):
            for tail in (0, 1, 2, 3, 11, 100, 101, 102, 200, 1000, 2000, 101000, 102000):
                if tail < scale:
                    amounts.append(head * scale + tail)
    return amounts


_CONSTRUCT_BROKEN = re.compile(r"(?:مائتان|ألفان|مليونان|ملياران|ألفًا|مليونًا|مليارًا) (?:درهم|ليرة)")


@pytest.mark.parametrize(("currency", "noun"), [("MAD", "درهم"), ("LBP", "ليرة")])
def test_arabic_grammar_holds_for_every_amount(currency: str, noun: str) -> None:
    """Regression (issue 16): "ألف ومائتان درهم", "مائة واثنان ألف درهم". For thousands of
    amounts: no dual ن or tanween before the noun, no "واحد"/"اثنان" counting a noun or a scale
    word (1 and 2 are said by the noun), and never the noun twice in a row."""
    decimals = currency_decimals(currency)
    for major in _sample():
        text = amount_in_words(major * 10**decimals, currency, "ar")
        assert not _CONSTRUCT_BROKEN.search(text), (major, text)
        # "واحد"/"اثنان" only inside a number ("واحد وعشرون") or after the noun ("درهم واحد").
        assert not re.search(r"(?:واحدة?|اثنتان|اثنان) [^و]", text), (major, text)
        assert f"{noun} {noun}" not in text, (major, text)
        assert "مئة" not in text, (major, text)  # one spelling: مائة


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        # No table: Babel's name for the count, the fraction in digits, never another unit.
        ("1500.500", "ألف وخمسمائة ريال عماني و500/1000"),
        ("2", "اثنان ريال عماني"),  # CLDR has no dual for it
    ],
)
def test_unknown_currency_falls_back_to_babel_names_ar(amount: str, expected: str) -> None:
    assert amount_in_words(_minor(amount, "OMR"), "OMR", "ar") == expected


@pytest.mark.parametrize(
    ("minor", "currency", "language", "expected"),
    [
        (1500500, "OMR", "fr", "mille cinq cents riyals omanis et 500/1000"),
        (1500500, "OMR", "en", "one thousand five hundred Omani rials and 500/1000"),
        (5, "CHF", "en", "zero Swiss francs and 05/100"),
        (100000000, "CHF", "fr", "un million de francs suisses"),
        (1005, "BHD", "en", "one Bahraini dinar and 005/1000"),
        # CLDR knows the Arabic dual and plurals of some names: they are used.
        (2000, "LYD", "ar", "ديناران ليبيان"),
        (15000, "LYD", "ar", "خمسة عشر دينارًا ليبيًا"),
        (200, "BHD", "ar", "صفر دينار بحريني و200/1000"),
    ],
)
def test_unknown_currency_falls_back_to_babel_names(
    minor: int, currency: str, language: str, expected: str
) -> None:
    assert amount_in_words(minor, currency, language) == expected


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("0.001", "TND", "مليم واحد"),
        ("0.002", "TND", "مليمان"),
        ("0.011", "TND", "أحد عشر مليمًا"),
        ("0.08", "SAR", "ثماني هللات"),
        ("0.10", "SAR", "عشر هللات"),
        ("0.12", "SAR", "اثنتا عشرة هللةً"),
        ("0.13", "SAR", "ثلاث عشرة هللةً"),
        ("0.22", "SAR", "اثنتان وعشرون هللةً"),
        ("0.99", "SAR", "تسع وتسعون هللةً"),
        ("250", "MAD", "مائتان وخمسون درهمًا"),
        ("2500", "MAD", "ألفان وخمسمائة درهم"),
        ("11500", "MAD", "أحد عشر ألفًا وخمسمائة درهم"),
        ("102005", "MAD", "مائة ألف وألفان وخمسة دراهم"),
        ("1000001", "MAD", "مليون درهم ودرهم واحد"),
        ("1200300", "MAD", "مليون ومائتا ألف وثلاثمائة درهم"),
        ("3000000", "LBP", "ثلاثة ملايين ليرة"),
    ],
)
def test_arabic_details(amount: str, currency: str, expected: str) -> None:
    assert amount_in_words(_minor(amount, currency), currency, "ar") == expected


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("81", "EGP", "quatre-vingt-une livres égyptiennes"),
        ("71", "EGP", "soixante et onze livres égyptiennes"),
        ("1000001", "MAD", "un million un dirhams"),
        ("1500000", "MAD", "un million cinq cent mille dirhams"),
        ("80000000", "MAD", "quatre-vingts millions de dirhams"),
        ("0.21", "EGP", "vingt et une piastres"),
        ("1.01", "EGP", "une livre égyptienne et une piastre"),
        ("1000000", "MRU", "un million d'ouguiyas"),
    ],
)
def test_french_details(amount: str, currency: str, expected: str) -> None:
    assert amount_in_words(_minor(amount, currency), currency, "fr") == expected


def test_locale_codes_and_lower_case_currency_are_accepted() -> None:
    assert amount_in_words(150050, "mad", "ar_MA") == "ألف وخمسمائة درهم وخمسون سنتيمًا"
    assert amount_in_words(100, "DZD", "fr-DZ") == "un dinar"


def test_large_amounts() -> None:
    assert amount_in_words(10**15, "MAD", "ar") == "عشرة تريليونات درهم"
    assert amount_in_words(10**15, "MAD", "fr") == "dix billions de dirhams"
    assert amount_in_words(10**15, "MAD", "en") == "ten trillion dirhams"
    assert amount_in_words(10**15 - 1, "TND", "ar").endswith("تسعمائة وتسعة وتسعون مليمًا")
    assert amount_in_words(10**15, "JPY", "ar") == "كوادريليون ين ياباني"


@pytest.mark.parametrize(
    ("minor", "currency", "language", "error"),
    [
        (-1, "MAD", "ar", ValueError),
        (-150050, "EUR", "fr", ValueError),
        (10**18, "MAD", "en", ValueError),
        (100, "XXX1", "fr", ValueError),
        (100, "MAD", "de", ValueError),
        (1.5, "MAD", "fr", TypeError),
        (True, "MAD", "fr", TypeError),
    ],
)
def test_rejects(minor: object, currency: str, language: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        amount_in_words(minor, currency, language)  # type: ignore[arg-type]


def test_subunit_sizes_come_from_babel() -> None:
    """The table names thousandths (millime, fils) only for the currencies with 3 decimals, and no
    subunit for those with none (LBP, XOF) or with a fifth (MRU)."""
    assert {code: currency_decimals(code) for code in CURRENCY_UNITS} == {
        "MAD": 2,
        "DZD": 2,
        "TND": 3,
        "EGP": 2,
        "SAR": 2,
        "AED": 2,
        "QAR": 2,
        "KWD": 3,
        "JOD": 3,
        "LBP": 0,
        "MRU": 2,
        "XOF": 0,
        "EUR": 2,
        "USD": 2,
        "GBP": 2,
        "CAD": 2,
    }
    assert {code for code, table in CURRENCY_UNITS.items() if table["ar"].minor is None} == {
        "LBP",
        "MRU",
        "XOF",
    }
