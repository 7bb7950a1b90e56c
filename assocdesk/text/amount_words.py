"""Amounts in words for donation receipts, in Arabic, French and English.

Why not ``num2words(..., to="currency")``: for Arabic it writes riyal/halala whatever the currency
(a dirham receipt would silently read "ريال"), and for French and English it raises
NotImplementedError for MAD, DZD, TND and EGP. So French and English use num2words only for the
cardinal number, and the unit comes from our table (``currency_units``) in the form that Babel's
CLDR plural rules choose.

Arabic numbers are written here rather than by num2words, because writing them on a receipt
depends on the counted noun, which num2words does not know: 1 and 2 agree with its gender, 3–10
take the opposite one ("ثلاثة ريالات" but "ثلاث هللات", "إحدى عشرة هللةً"); a dual or accusative
scale word loses its ending when the noun follows it directly ("مليونا درهم", "أحد عشر ألف درهم",
where num2words writes "مليونا" and "ألف" even when nothing follows, "ألف و خمسمائة" with a
detached و, and "مئتا" for 200 alone).

Conventions, chosen to match how receipts and cheques are written in the region:

- Arabic joins with a و attached to the next word: "ألف وخمسمائة درهم وخمسون سنتيمًا"; "مائة" (not
  "مئة"); n % 100 in (1, 2) above 100 gives "مائة وواحد درهم", CLDR's category "other".
- French: traditional spelling ("vingt et un", "quatre-vingts"), "de"/"d'" after a round million
  or milliard ("un million de dirhams", CLDR's category "many"), "une" before a feminine unit.
- English: British style, as num2words writes it ("one hundred and one"), without its commas.
- No zero main unit when there is a fraction ("خمسون سنتيمًا"); no fraction part when it is zero.
- Framing such as "فقط ... لا غير" is left to the document.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from assocdesk.text.currency_units import (
    AR_SCALES,
    CURRENCY_UNITS,
    ArabicNoun,
    LatinNoun,
)
from assocdesk.text.money import currency_decimals, known_currencies

if TYPE_CHECKING:
    from babel import Locale

LANGUAGES = ("ar", "fr", "en")

# Above this the Arabic scale words run out (كوادريليون = 10**15); receipts stay far below
# (services cap amounts at 10**15 minor units).
_LIMIT = 10**18

_AR_ONES_M = (
    "",
    "واحد",
    "اثنان",
    "ثلاثة",
    "أربعة",
    "خمسة",
    "ستة",
    "سبعة",
    "ثمانية",
    "تسعة",
    "عشرة",
)
_AR_ONES_F = ("", "واحدة", "اثنتان", "ثلاث", "أربع", "خمس", "ست", "سبع", "ثماني", "تسع", "عشر")
_AR_TENS = ("", "", "عشرون", "ثلاثون", "أربعون", "خمسون", "ستون", "سبعون", "ثمانون", "تسعون")
_AR_HUNDREDS = (
    "",
    "مائة",
    "مائتان",
    "ثلاثمائة",
    "أربعمائة",
    "خمسمائة",
    "ستمائة",
    "سبعمائة",
    "ثمانمائة",
    "تسعمائة",
)
_AR_ZERO = "صفر"
_AR_AND = " و"

# When the counted noun follows a number directly (genitive, "مائة درهم"), a last word in the dual
# loses its ن and an accusative scale word loses its tanween: "مائتا درهم", "ألفا درهم",
# "أحد عشر ألف درهم". Followed by و they keep them: "ألفان وخمسمائة", "أحد عشر ألفًا وخمسمائة".
_AR_CONSTRUCT = {"مائتان": "مائتا"}
_AR_CONSTRUCT.update({scale.two: scale.two.removesuffix("ن") for scale in AR_SCALES if scale.two})
_AR_CONSTRUCT.update({scale.many: scale.one for scale in AR_SCALES})

_FR_VOWEL = re.compile(r"[aeiouéèêàâîôû]", re.IGNORECASE)  # "un million d'euros"


def amount_in_words(minor: int, currency: str, language: str) -> str:
    """Write ``minor`` units of ``currency`` in words, e.g. 150050 MAD, "ar" → "ألف وخمسمائة
    درهم وخمسون سنتيمًا".

    ``minor`` is in the currency's minor units (1/100, or 1/1000 for TND, KWD …; see
    ``money.currency_decimals``). ``language`` is "ar", "fr" or "en"; a locale such as "ar_MA" or
    "fr-DZ" is accepted and reduced to its language. A currency absent from ``CURRENCY_UNITS``
    gets Babel's name for its main unit and its fraction in digits ("et 50/100"): never another
    currency's unit.

    Raises ValueError for a negative or too large amount, an unknown currency or language, and
    TypeError when ``minor`` is not an int (amounts are never floats).
    """
    if isinstance(minor, bool) or not isinstance(minor, int):
        raise TypeError(f"minor must be an int, not {type(minor).__name__}")
    if minor < 0:
        raise ValueError("a negative amount cannot be written in words")
    if minor >= _LIMIT:
        raise ValueError("amount too large to write in words")
    lang = re.split(r"[_\-]", language.strip(), maxsplit=1)[0].lower()
    if lang not in LANGUAGES:
        raise ValueError(f"no amounts in words for language {language!r}")
    code = currency.strip().upper()
    if code not in known_currencies():
        raise ValueError(f"unknown currency {currency!r}")

    decimals = currency_decimals(code)
    major, fraction = divmod(minor, 10**decimals)
    table = CURRENCY_UNITS.get(code)
    if table is None:
        return _fallback(major, fraction, decimals, code, lang)

    units = table[lang]
    if major == 0 and fraction:
        return _count(fraction, units.minor, lang)
    text = _count(major, units.major, lang)
    if fraction:
        text += _joiner(lang) + _count(fraction, units.minor, lang)
    return text


def _joiner(lang: str) -> str:
    return {"ar": _AR_AND, "fr": " et ", "en": " and "}[lang]


def _count(n: int, noun: ArabicNoun | LatinNoun, lang: str) -> str:
    if isinstance(noun, ArabicNoun):
        return _ar_count(n, noun)
    return _latin_count(n, noun, lang)


@cache
def _locale(lang: str) -> Locale:
    from babel import Locale

    return Locale.parse(lang)


def _plural_category(lang: str, n: int) -> str:
    """CLDR's plural category, which decides the noun's form (ar: zero/one/two/few/many/other)."""
    return _locale(lang).plural_form(n)


# --- French and English -------------------------------------------------------------------------


def _latin_count(n: int, noun: LatinNoun, lang: str) -> str:
    """num2words for the number, then the unit; French adds "de" after a round million."""
    from num2words import num2words

    words = num2words(n, lang=lang)
    if lang == "en":
        return f"{words.replace(',', '')} {noun.one if n == 1 else noun.other}"
    if noun.feminine:
        # Only the final "un" agrees with the unit: "vingt et une livres", "un million de livres".
        words = re.sub(r"\bun$", "une", words)
    category = _plural_category("fr", n)
    name = noun.one if category == "one" else noun.other
    if category == "many":  # 10**6, 2·10**6, 10**9 …: "deux millions de dirhams"
        return f"{words} d'{name}" if _FR_VOWEL.match(name) else f"{words} de {name}"
    return f"{words} {name}"


# --- Arabic -------------------------------------------------------------------------------------


def _ar_below_100(n: int, feminine: bool) -> list[str]:
    """The parts of 1–99 (joined with و by the caller), in the gender the counted noun needs."""
    ones = _AR_ONES_F if feminine else _AR_ONES_M
    if n <= 10:
        return [ones[n]]
    if n < 20:
        unit = n - 10
        if unit == 1:
            return ["إحدى عشرة" if feminine else "أحد عشر"]
        if unit == 2:
            return ["اثنتا عشرة" if feminine else "اثنا عشر"]
        return [f"{ones[unit]} {'عشرة' if feminine else 'عشر'}"]
    tens, unit = divmod(n, 10)
    if unit == 0:
        return [_AR_TENS[tens]]
    word = ones[unit]
    if feminine and unit == 1:
        word = "إحدى"  # "إحدى وعشرون هللةً"
    elif feminine and unit == 8:
        word = "ثمانٍ"  # indefinite nominative: "ثمانٍ وعشرون هللةً"
    return [word, _AR_TENS[tens]]


def _ar_below_1000(n: int, feminine: bool) -> list[str]:
    hundreds, rest = divmod(n, 100)
    parts = [_AR_HUNDREDS[hundreds]] if hundreds else []
    if rest:
        parts += _ar_below_100(rest, feminine)
    return parts


def _ar_number(n: int, feminine: bool) -> str:
    """1 ≤ n < 10**18 as Arabic words, before a counted noun of the given gender.

    Only the last group (below 1000) agrees with the noun; thousands, millions … are themselves
    masculine nouns counted by their group ("ثلاثة آلاف هللة").
    """
    parts: list[str] = []
    groups: list[int] = []
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if not group:
            continue
        if index == 0:
            parts += _ar_below_1000(group, feminine)
        else:
            parts.append(_ar_count(group, AR_SCALES[index - 1], scale=True))
    return _AR_AND.join(parts)


def _ar_construct(words: str) -> str:
    """Drop the dual ن or the tanween of the last word, before a noun in the genitive."""
    head, _, last = words.rpartition(" ")
    last = _AR_CONSTRUCT.get(last, last)
    return f"{head} {last}" if head else last


def _ar_count(n: int, noun: ArabicNoun, *, scale: bool = False) -> str:
    """n and its counted noun, with the noun in the form Arabic grammar gives it after n.

    1: noun then "واحد" ("درهم واحد"; a scale word stands alone: "ألف"); 2: the dual alone;
    n % 100 in 3–10: plural; n % 100 in 11–99: accusative singular; otherwise (0, 100, 1000, 101 …)
    genitive singular, the number's last word in its construct form.
    """
    if n == 0:
        return f"{_AR_ZERO} {noun.one}"
    if n == 1:
        if scale:
            return noun.one
        return f"{noun.one} {'واحدة' if noun.feminine else 'واحد'}"
    if n == 2 and noun.two is not None:
        return noun.two
    words = _ar_number(n, noun.feminine)
    category = _plural_category("ar", n)
    if category == "few":
        return f"{words} {noun.few}"
    if category == "many":
        return f"{words} {noun.many}"
    return f"{_ar_construct(words)} {noun.one}"


# --- Currencies without a table -----------------------------------------------------------------


def _fallback(major: int, fraction: int, decimals: int, code: str, lang: str) -> str:
    """Babel's name of the main unit, counted; the fraction in digits ("et 50/100").

    CLDR has no subunit names, and guessing one (centime? fils?) could print another currency's
    unit, so the fraction is given as cheques give it. CLDR's Arabic names often lack the dual and
    plural ("ريال قطري" for every count): then 2 reads "اثنان ريال قطري" and 5 "خمسة ريال قطري",
    understandable if not polished; add the currency to ``CURRENCY_UNITS`` to do better.
    """
    from babel.numbers import get_currency_name

    def name(count: int) -> str:
        return get_currency_name(code, count=count, locale=lang)

    noun: ArabicNoun | LatinNoun
    if lang == "ar":
        dual = name(2) if name(2) != name(1) else None
        noun = ArabicNoun(name(1), dual, name(5), name(15))
    else:
        noun = LatinNoun(name(1), name(2))
    text = _count(major, noun, lang)
    if fraction:
        text += f"{_joiner(lang)}{fraction:0{decimals}d}/{10**decimals}"
    return text
