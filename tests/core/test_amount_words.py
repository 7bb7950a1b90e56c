"""Amounts in words on receipts: the right unit, in the form grammar gives it after each number.

The expected strings are written from Arabic, French and English grammar, not copied from the
function's output.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from assocdesk.text.amount_words import amount_in_words
from assocdesk.text.currency_units import CURRENCY_UNITS
from assocdesk.text.money import currency_decimals, to_minor

AMOUNTS = (
    "1",
    "2",
    "3",
    "10",
    "11",
    "15",
    "99",
    "100",
    "101",
    "1000",
    "1500.50",
    "2000000",
    "0.50",
    "0.01",
)

EXPECTED: dict[tuple[str, str], tuple[str, ...]] = {
    ("MAD", "ar"): (
        "درهم واحد",
        "درهمان",
        "ثلاثة دراهم",
        "عشرة دراهم",
        "أحد عشر درهمًا",
        "خمسة عشر درهمًا",
        "تسعة وتسعون درهمًا",
        "مائة درهم",
        "مائة وواحد درهم",
        "ألف درهم",
        "ألف وخمسمائة درهم وخمسون سنتيمًا",
        "مليونا درهم",
        "خمسون سنتيمًا",
        "سنتيم واحد",
    ),
    ("MAD", "fr"): (
        "un dirham",
        "deux dirhams",
        "trois dirhams",
        "dix dirhams",
        "onze dirhams",
        "quinze dirhams",
        "quatre-vingt-dix-neuf dirhams",
        "cent dirhams",
        "cent un dirhams",
        "mille dirhams",
        "mille cinq cents dirhams et cinquante centimes",
        "deux millions de dirhams",
        "cinquante centimes",
        "un centime",
    ),
    ("MAD", "en"): (
        "one dirham",
        "two dirhams",
        "three dirhams",
        "ten dirhams",
        "eleven dirhams",
        "fifteen dirhams",
        "ninety-nine dirhams",
        "one hundred dirhams",
        "one hundred and one dirhams",
        "one thousand dirhams",
        "one thousand five hundred dirhams and fifty centimes",
        "two million dirhams",
        "fifty centimes",
        "one centime",
    ),
    ("DZD", "ar"): (
        "دينار واحد",
        "ديناران",
        "ثلاثة دنانير",
        "عشرة دنانير",
        "أحد عشر دينارًا",
        "خمسة عشر دينارًا",
        "تسعة وتسعون دينارًا",
        "مائة دينار",
        "مائة وواحد دينار",
        "ألف دينار",
        "ألف وخمسمائة دينار وخمسون سنتيمًا",
        "مليونا دينار",
        "خمسون سنتيمًا",
        "سنتيم واحد",
    ),
    ("DZD", "fr"): (
        "un dinar",
        "deux dinars",
        "trois dinars",
        "dix dinars",
        "onze dinars",
        "quinze dinars",
        "quatre-vingt-dix-neuf dinars",
        "cent dinars",
        "cent un dinars",
        "mille dinars",
        "mille cinq cents dinars et cinquante centimes",
        "deux millions de dinars",
        "cinquante centimes",
        "un centime",
    ),
    ("DZD", "en"): (
        "one dinar",
        "two dinars",
        "three dinars",
        "ten dinars",
        "eleven dinars",
        "fifteen dinars",
        "ninety-nine dinars",
        "one hundred dinars",
        "one hundred and one dinars",
        "one thousand dinars",
        "one thousand five hundred dinars and fifty centimes",
        "two million dinars",
        "fifty centimes",
        "one centime",
    ),
    # TND has 1000 millimes: 1500.50 is 1500 dinars and 500 millimes, 0.01 is 10 millimes.
    ("TND", "ar"): (
        "دينار واحد",
        "ديناران",
        "ثلاثة دنانير",
        "عشرة دنانير",
        "أحد عشر دينارًا",
        "خمسة عشر دينارًا",
        "تسعة وتسعون دينارًا",
        "مائة دينار",
        "مائة وواحد دينار",
        "ألف دينار",
        "ألف وخمسمائة دينار وخمسمائة مليم",
        "مليونا دينار",
        "خمسمائة مليم",
        "عشرة مليمات",
    ),
    ("TND", "fr"): (
        "un dinar",
        "deux dinars",
        "trois dinars",
        "dix dinars",
        "onze dinars",
        "quinze dinars",
        "quatre-vingt-dix-neuf dinars",
        "cent dinars",
        "cent un dinars",
        "mille dinars",
        "mille cinq cents dinars et cinq cents millimes",
        "deux millions de dinars",
        "cinq cents millimes",
        "dix millimes",
    ),
    ("TND", "en"): (
        "one dinar",
        "two dinars",
        "three dinars",
        "ten dinars",
        "eleven dinars",
        "fifteen dinars",
        "ninety-nine dinars",
        "one hundred dinars",
        "one hundred and one dinars",
        "one thousand dinars",
        "one thousand five hundred dinars and five hundred millimes",
        "two million dinars",
        "five hundred millimes",
        "ten millimes",
    ),
    ("EGP", "ar"): (
        "جنيه واحد",
        "جنيهان",
        "ثلاثة جنيهات",
        "عشرة جنيهات",
        "أحد عشر جنيهًا",
        "خمسة عشر جنيهًا",
        "تسعة وتسعون جنيهًا",
        "مائة جنيه",
        "مائة وواحد جنيه",
        "ألف جنيه",
        "ألف وخمسمائة جنيه وخمسون قرشًا",
        "مليونا جنيه",
        "خمسون قرشًا",
        "قرش واحد",
    ),
    # "livre" and "piastre" are feminine: "une", "cent une".
    ("EGP", "fr"): (
        "une livre égyptienne",
        "deux livres égyptiennes",
        "trois livres égyptiennes",
        "dix livres égyptiennes",
        "onze livres égyptiennes",
        "quinze livres égyptiennes",
        "quatre-vingt-dix-neuf livres égyptiennes",
        "cent livres égyptiennes",
        "cent une livres égyptiennes",
        "mille livres égyptiennes",
        "mille cinq cents livres égyptiennes et cinquante piastres",
        "deux millions de livres égyptiennes",
        "cinquante piastres",
        "une piastre",
    ),
    ("EGP", "en"): (
        "one Egyptian pound",
        "two Egyptian pounds",
        "three Egyptian pounds",
        "ten Egyptian pounds",
        "eleven Egyptian pounds",
        "fifteen Egyptian pounds",
        "ninety-nine Egyptian pounds",
        "one hundred Egyptian pounds",
        "one hundred and one Egyptian pounds",
        "one thousand Egyptian pounds",
        "one thousand five hundred Egyptian pounds and fifty piastres",
        "two million Egyptian pounds",
        "fifty piastres",
        "one piastre",
    ),
    ("SAR", "ar"): (
        "ريال واحد",
        "ريالان",
        "ثلاثة ريالات",
        "عشرة ريالات",
        "أحد عشر ريالًا",
        "خمسة عشر ريالًا",
        "تسعة وتسعون ريالًا",
        "مائة ريال",
        "مائة وواحد ريال",
        "ألف ريال",
        "ألف وخمسمائة ريال وخمسون هللةً",
        "مليونا ريال",
        "خمسون هللةً",
        "هللة واحدة",
    ),
    ("SAR", "fr"): (
        "un riyal",
        "deux riyals",
        "trois riyals",
        "dix riyals",
        "onze riyals",
        "quinze riyals",
        "quatre-vingt-dix-neuf riyals",
        "cent riyals",
        "cent un riyals",
        "mille riyals",
        "mille cinq cents riyals et cinquante halalas",
        "deux millions de riyals",
        "cinquante halalas",
        "une halala",
    ),
    ("SAR", "en"): (
        "one riyal",
        "two riyals",
        "three riyals",
        "ten riyals",
        "eleven riyals",
        "fifteen riyals",
        "ninety-nine riyals",
        "one hundred riyals",
        "one hundred and one riyals",
        "one thousand riyals",
        "one thousand five hundred riyals and fifty halalas",
        "two million riyals",
        "fifty halalas",
        "one halala",
    ),
    ("AED", "ar"): (
        "درهم واحد",
        "درهمان",
        "ثلاثة دراهم",
        "عشرة دراهم",
        "أحد عشر درهمًا",
        "خمسة عشر درهمًا",
        "تسعة وتسعون درهمًا",
        "مائة درهم",
        "مائة وواحد درهم",
        "ألف درهم",
        "ألف وخمسمائة درهم وخمسون فلسًا",
        "مليونا درهم",
        "خمسون فلسًا",
        "فلس واحد",
    ),
    ("AED", "fr"): (
        "un dirham",
        "deux dirhams",
        "trois dirhams",
        "dix dirhams",
        "onze dirhams",
        "quinze dirhams",
        "quatre-vingt-dix-neuf dirhams",
        "cent dirhams",
        "cent un dirhams",
        "mille dirhams",
        "mille cinq cents dirhams et cinquante fils",
        "deux millions de dirhams",
        "cinquante fils",
        "un fils",
    ),
    ("AED", "en"): (
        "one dirham",
        "two dirhams",
        "three dirhams",
        "ten dirhams",
        "eleven dirhams",
        "fifteen dirhams",
        "ninety-nine dirhams",
        "one hundred dirhams",
        "one hundred and one dirhams",
        "one thousand dirhams",
        "one thousand five hundred dirhams and fifty fils",
        "two million dirhams",
        "fifty fils",
        "one fils",
    ),
    # "يورو" does not decline; 2 is its dual.
    ("EUR", "ar"): (
        "يورو واحد",
        "يوروان",
        "ثلاثة يورو",
        "عشرة يورو",
        "أحد عشر يورو",
        "خمسة عشر يورو",
        "تسعة وتسعون يورو",
        "مائة يورو",
        "مائة وواحد يورو",
        "ألف يورو",
        "ألف وخمسمائة يورو وخمسون سنتًا",
        "مليونا يورو",
        "خمسون سنتًا",
        "سنت واحد",
    ),
    ("EUR", "fr"): (
        "un euro",
        "deux euros",
        "trois euros",
        "dix euros",
        "onze euros",
        "quinze euros",
        "quatre-vingt-dix-neuf euros",
        "cent euros",
        "cent un euros",
        "mille euros",
        "mille cinq cents euros et cinquante centimes",
        "deux millions d'euros",
        "cinquante centimes",
        "un centime",
    ),
    ("EUR", "en"): (
        "one euro",
        "two euros",
        "three euros",
        "ten euros",
        "eleven euros",
        "fifteen euros",
        "ninety-nine euros",
        "one hundred euros",
        "one hundred and one euros",
        "one thousand euros",
        "one thousand five hundred euros and fifty cents",
        "two million euros",
        "fifty cents",
        "one cent",
    ),
    ("USD", "ar"): (
        "دولار واحد",
        "دولاران",
        "ثلاثة دولارات",
        "عشرة دولارات",
        "أحد عشر دولارًا",
        "خمسة عشر دولارًا",
        "تسعة وتسعون دولارًا",
        "مائة دولار",
        "مائة وواحد دولار",
        "ألف دولار",
        "ألف وخمسمائة دولار وخمسون سنتًا",
        "مليونا دولار",
        "خمسون سنتًا",
        "سنت واحد",
    ),
    ("USD", "fr"): (
        "un dollar",
        "deux dollars",
        "trois dollars",
        "dix dollars",
        "onze dollars",
        "quinze dollars",
        "quatre-vingt-dix-neuf dollars",
        "cent dollars",
        "cent un dollars",
        "mille dollars",
        "mille cinq cents dollars et cinquante cents",
        "deux millions de dollars",
        "cinquante cents",
        "un cent",
    ),
    ("USD", "en"): (
        "one dollar",
        "two dollars",
        "three dollars",
        "ten dollars",
        "eleven dollars",
        "fifteen dollars",
        "ninety-nine dollars",
        "one hundred dollars",
        "one hundred and one dollars",
        "one thousand dollars",
        "one thousand five hundred dollars and fifty cents",
        "two million dollars",
        "fifty cents",
        "one cent",
    ),
}


def _minor(amount: str, currency: str) -> int:
    return to_minor(Decimal(amount), currency)


def test_every_table_currency_is_covered_in_every_language() -> None:
    assert {code for code, _ in EXPECTED} == set(CURRENCY_UNITS)
    assert all(set(table) == {"ar", "fr", "en"} for table in CURRENCY_UNITS.values())


@pytest.mark.parametrize(
    ("currency", "language", "amount", "expected"),
    [
        (currency, language, amount, text)
        for (currency, language), texts in EXPECTED.items()
        for amount, text in zip(AMOUNTS, texts, strict=True)
    ],
)
def test_amount_in_words(currency: str, language: str, amount: str, expected: str) -> None:
    assert amount_in_words(_minor(amount, currency), currency, language) == expected


@pytest.mark.parametrize(
    ("amount", "currency", "language", "expected"),
    [
        # Millimes are thousandths: 1.005 TND is one dinar and five millimes.
        ("1.005", "TND", "ar", "دينار واحد وخمسة مليمات"),
        ("1.005", "TND", "fr", "un dinar et cinq millimes"),
        ("1.005", "TND", "en", "one dinar and five millimes"),
        ("0.001", "TND", "ar", "مليم واحد"),
        ("0.002", "TND", "ar", "مليمان"),
        ("0.011", "TND", "ar", "أحد عشر مليمًا"),
        ("0.001", "TND", "fr", "un millime"),
        # A round million takes "de" in French, "d'" before a vowel; others do not.
        ("1000000", "MAD", "fr", "un million de dirhams"),
        ("1000000000", "MAD", "fr", "un milliard de dirhams"),
        ("1000000", "EUR", "fr", "un million d'euros"),
        ("1500000", "MAD", "fr", "un million cinq cent mille dirhams"),
        ("1000001", "MAD", "fr", "un million un dirhams"),
        ("1000000", "MAD", "en", "one million dirhams"),
        ("21", "MAD", "fr", "vingt et un dirhams"),
        ("200", "MAD", "fr", "deux cents dirhams"),
        ("80", "MAD", "fr", "quatre-vingts dirhams"),
        ("1500", "MAD", "en", "one thousand five hundred dirhams"),
    ],
)
def test_details_of_each_language(amount: str, currency: str, language: str, expected: str) -> None:
    assert amount_in_words(_minor(amount, currency), currency, language) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("2", "مائتا درهم"),  # the dual before its noun loses its ن
        ("2.5", "مائتان وخمسون درهمًا"),
        ("20", "ألفا درهم"),
        ("25", "ألفان وخمسمائة درهم"),
        ("30", "ثلاثة آلاف درهم"),
        ("100", "عشرة آلاف درهم"),
        ("110", "أحد عشر ألف درهم"),  # the accusative ألفًا loses its tanween before its noun
        ("115", "أحد عشر ألفًا وخمسمائة درهم"),
        ("1000", "مائة ألف درهم"),
        ("2000", "مائتا ألف درهم"),
        ("10000", "مليون درهم"),
        ("30000", "ثلاثة ملايين درهم"),
        ("12003", "مليون ومائتا ألف وثلاثمائة درهم"),
        ("1.03", "مائة وثلاثة دراهم"),
        ("1.11", "مائة وأحد عشر درهمًا"),
        ("10.02", "ألف واثنان درهم"),
        (
            "1234567.89",
            "مائة وثلاثة وعشرون مليونًا وأربعمائة وستة وخمسون ألفًا وسبعمائة وتسعة وثمانون درهمًا",
        ),
    ],
)
def test_arabic_hundreds_thousands_and_millions(amount: str, expected: str) -> None:
    minor = _minor(amount, "MAD") * 100  # amounts above are in hundreds of dirhams
    assert amount_in_words(minor, "MAD", "ar") == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("3.03", "ثلاثة ريالات وثلاث هللات"),
        ("0.02", "هللتان"),
        ("0.08", "ثماني هللات"),
        ("0.10", "عشر هللات"),
        ("0.11", "إحدى عشرة هللةً"),
        ("0.12", "اثنتا عشرة هللةً"),
        ("0.13", "ثلاث عشرة هللةً"),
        ("0.18", "ثماني عشرة هللةً"),
        ("0.21", "إحدى وعشرون هللةً"),
        ("0.22", "اثنتان وعشرون هللةً"),
        ("0.23", "ثلاث وعشرون هللةً"),
        ("0.28", "ثمانٍ وعشرون هللةً"),
        ("0.99", "تسع وتسعون هللةً"),
        ("1.01", "ريال واحد وهللة واحدة"),
    ],
)
def test_feminine_halala_takes_the_right_numbers(amount: str, expected: str) -> None:
    assert amount_in_words(_minor(amount, "SAR"), "SAR", "ar") == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("21", "vingt et une livres égyptiennes"),
        ("81", "quatre-vingt-une livres égyptiennes"),
        ("71", "soixante et onze livres égyptiennes"),
        ("1000000", "un million de livres égyptiennes"),
        ("0.21", "vingt et une piastres"),
        ("1.01", "une livre égyptienne et une piastre"),
    ],
)
def test_french_feminine_livre(amount: str, expected: str) -> None:
    assert amount_in_words(_minor(amount, "EGP"), "EGP", "fr") == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ar", "صفر درهم"), ("fr", "zéro dirham"), ("en", "zero dirhams")],
)
def test_zero(language: str, expected: str) -> None:
    assert amount_in_words(0, "MAD", language) == expected


@pytest.mark.parametrize(
    ("minor", "currency", "language", "expected"),
    [
        # No table: Babel's name for the count, the fraction in digits, never another unit.
        (150050, "QAR", "ar", "ألف وخمسمائة ريال قطري و50/100"),
        (150050, "QAR", "fr", "mille cinq cents riyals qataris et 50/100"),
        (150050, "QAR", "en", "one thousand five hundred Qatari riyals and 50/100"),
        (100, "QAR", "ar", "ريال قطري واحد"),
        (100, "QAR", "fr", "un riyal qatari"),
        (200, "QAR", "en", "two Qatari riyals"),
        (5, "QAR", "en", "zero Qatari riyals and 05/100"),
        (100000000, "QAR", "fr", "un million de riyals qataris"),
        (1005, "KWD", "en", "one Kuwaiti dinar and 005/1000"),
        (2500, "XOF", "fr", "deux mille cinq cents francs CFA (BCEAO)"),
        (2500, "XOF", "en", "two thousand five hundred West African CFA francs"),
        (2500, "XOF", "ar", "ألفان وخمسمائة فرنك غرب أفريقي"),
        # CLDR knows the Arabic dual and plurals of some names: they are used.
        (2000, "LYD", "ar", "ديناران ليبيان"),
        (15000, "LYD", "ar", "خمسة عشر دينارًا ليبيًا"),
        (200, "JOD", "ar", "صفر دينار أردني و200/1000"),  # JOD has 3 decimals
    ],
)
def test_unknown_currency_falls_back_to_babel_names(
    minor: int, currency: str, language: str, expected: str
) -> None:
    assert amount_in_words(minor, currency, language) == expected


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
    """The table names millimes for TND only: it is the only one with 3 decimals."""
    assert {code: currency_decimals(code) for code in CURRENCY_UNITS} == {
        "MAD": 2,
        "DZD": 2,
        "TND": 3,
        "EGP": 2,
        "SAR": 2,
        "AED": 2,
        "EUR": 2,
        "USD": 2,
    }
