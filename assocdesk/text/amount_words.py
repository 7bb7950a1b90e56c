"""Amounts in words for donation receipts, in Arabic, French and English.

Why not ``num2words(..., to="currency")``: for Arabic it writes riyal/halala whatever the currency
(a dirham receipt would silently read "ريال"), and for French and English it raises
NotImplementedError for MAD, DZD, TND and EGP. So French and English use num2words only for the
cardinal number (its output checked in the tests), and the unit comes from our table
(``currency_units``) in the form that Babel's CLDR plural rules choose.

Arabic numbers are written here, because on a receipt the number's words depend on the counted
noun, which num2words does not know. The rule, once (it is what the grammars teach, e.g. شرح
شذور الذهب, and what the tests check):

- The counted noun (تمييز) follows the *last* component of the number: 1 and 2 are not counted,
  the noun says them itself ("درهم واحد", "درهمان"); 3–10 take the genitive plural and the
  opposite gender ("ثلاثة دراهم", "ثلاث هللات"); 11–99 the accusative singular ("خمسة عشر
  درهمًا", "إحدى عشرة هللةً"); 100, 1000 and their multiples the genitive singular ("مائة درهم").
- A number word before its genitive noun is in construct (الإضافة): the dual loses its ن and the
  accusative its tanween, after «و» too: "مائتا درهم", "ألف ومائتا درهم", "ألفا درهم", "مليونا
  درهم", "أحد عشر ألف درهم". Followed by «و» they keep them: "مائتان وخمسون", "ألفان وخمسمائة".
- Thousands, millions … are masculine nouns counted by the same rule ("ثلاثة آلاف", "أحد عشر
  ألفًا"); one of them alone is "ألف", not "ألف واحد".
- When a number ends in 1 or 2 after something larger (101, 1 002, 102 000), the 1 or 2 is the
  noun itself, after the larger part closed with its own noun: "مائة ألف وألفا درهم" (102 000),
  "مائة ألف وألف درهم" (101 000), "مائة درهم ودرهم واحد" (101), "ألف درهم ودرهمان" (1 002) —
  never "مائة واثنان ألف" or "مائة واثنان درهم".

Conventions, chosen to match how receipts and cheques are written in the region:

- Arabic writes "مائة" (as Morocco does, not "مئة"), also in "ثلاثمائة" and "مائتا"; «و» is
  attached to the next word: "ألف وخمسمائة درهم وخمسون سنتيمًا".
- French: traditional spelling, before the 1990 reform ("vingt et un", "quatre-vingts",
  "deux cent un", "mille" invariable, hyphens only below 100), "de"/"d'" after a round million
  or milliard ("un million de dirhams", CLDR's category "many"), "une" before a feminine unit.
- English: British style, as num2words writes it ("one hundred and one"), without its commas.
- No zero main unit when there is a fraction ("خمسون سنتيمًا"); no fraction part when it is zero.
  A currency whose subunit is not in use (LBP, XOF, MRU) gets its fraction in digits ("50/100").
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
# 200 followed by «و» keeps its ن ("مائتان وخمسون"); before its noun it is "مائتا" (below).
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
    if units.minor is None:  # a subunit nobody uses: the fraction in digits, as on cheques
        return _count(major, units.major, lang) + _digits(fraction, decimals, lang)
    if major == 0 and fraction:
        return _count(fraction, units.minor, lang)
    text = _count(major, units.major, lang)
    if fraction:
        text += _joiner(lang) + _count(fraction, units.minor, lang)
    return text


def _joiner(lang: str) -> str:
    return {"ar": _AR_AND, "fr": " et ", "en": " and "}[lang]


def _digits(fraction: int, decimals: int, lang: str) -> str:
    return f"{_joiner(lang)}{fraction:0{decimals}d}/{10**decimals}" if fraction else ""


def _count(n: int, noun: ArabicNoun | LatinNoun, lang: str) -> str:
    if isinstance(noun, ArabicNoun):
        return _ar_amount(n, noun)
    return _latin_count(n, noun, lang)


@cache
def _locale(lang: str) -> Locale:
    from babel import Locale

    return Locale.parse(lang)


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
    category = _locale("fr").plural_form(n)  # one (0, 1), many (round millions), other
    name = noun.one if category == "one" else noun.other
    if category == "many":  # 10**6, 2·10**6, 10**9 …: "deux millions de dirhams"
        return f"{words} d'{name}" if _FR_VOWEL.match(name) else f"{words} de {name}"
    return f"{words} {name}"


# --- Arabic -------------------------------------------------------------------------------------


def _ar_amount(n: int, noun: ArabicNoun) -> str:
    """0 ≤ n < 10**18 of a currency noun, by the rule in the module's docstring."""
    if n == 0:
        return f"{_AR_ZERO} {noun.one}"
    return _AR_AND.join(_ar_parts(n, noun))


def _ar_parts(n: int, noun: ArabicNoun) -> list[str]:
    """The parts of n and its noun, to be joined with «و»; the noun follows the last component."""
    last = n % 100
    if last in (1, 2) and n > last:
        # "ألف درهم ودرهم واحد", "مائة درهم ودرهمان": the larger part closed with its noun,
        # then the noun itself says 1 or 2.
        return _ar_parts(n - last, noun) + _ar_group(last, noun)
    groups: list[int] = []
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    lowest = next(index for index, group in enumerate(groups) if group)
    parts: list[str] = []
    for index in range(len(groups) - 1, 0, -1):
        if groups[index]:
            # The noun follows a scale word directly only when nothing comes below it.
            closing = index == lowest
            parts += _ar_group(groups[index], AR_SCALES[index - 1], scale=True, construct=closing)
            if closing:
                parts[-1] += f" {noun.one}"
    if groups[0]:
        parts += _ar_group(groups[0], noun)
    return parts


def _ar_group(
    n: int, noun: ArabicNoun, *, scale: bool = False, construct: bool = False
) -> list[str]:
    """1 ≤ n ≤ 999 of ``noun`` (a currency or a scale word) as parts to join with «و».

    ``construct``: a noun follows directly (only for a scale word: "ألفا درهم", "أحد عشر ألف
    درهم"), so the dual drops its ن and the accusative its tanween.
    """
    hundreds, rest = divmod(n, 100)
    if hundreds:
        if rest == 0:
            head = "مائتا" if hundreds == 2 else _AR_HUNDREDS[hundreds]
            return [f"{head} {noun.one}"]  # "مائة درهم", "مائتا ألف"
        if rest in (1, 2):  # "مائة ألف وألفان", "مائة درهم ودرهم واحد"
            tail = _ar_group(rest, noun, scale=scale, construct=construct)
            return _ar_group(hundreds * 100, noun) + tail
        return [_AR_HUNDREDS[hundreds], *_ar_group(rest, noun, scale=scale, construct=construct)]
    if n == 1:
        if scale:
            return [noun.one]  # "ألف", never "ألف واحد"
        return [f"{noun.one} {'واحدة' if noun.feminine else 'واحد'}"]
    if n == 2:
        if noun.two is None:  # a name without a known dual (Babel's fallback names only)
            return [f"{'اثنتان' if noun.feminine else 'اثنان'} {noun.one}"]
        return [noun.two.removesuffix("ن") if construct else noun.two]
    words = _ar_below_100(n, noun.feminine)
    # 3–10: genitive plural; 11–99: accusative singular, genitive singular before a noun.
    form = noun.few if n <= 10 else noun.one if construct else noun.many
    words[-1] += f" {form}"
    return words


def _ar_below_100(n: int, feminine: bool) -> list[str]:
    """The parts of 3–99 (joined with «و» by the caller), in the gender the counted noun needs:
    3–10 and the units of 13–99 take the opposite gender, 1, 2 and the ten of 11–19 its own."""
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


# --- Currencies without a table -----------------------------------------------------------------


def _fallback(major: int, fraction: int, decimals: int, code: str, lang: str) -> str:
    """Babel's name of the main unit, counted; the fraction in digits ("et 50/100").

    CLDR has no subunit names, and guessing one (centime? fils?) could print another currency's
    unit, so the fraction is given as cheques give it. CLDR's Arabic names often lack the dual and
    plural ("ريال عماني" for every count): then 2 reads "اثنان ريال عماني" and 5 "خمسة ريال
    عماني", understandable if not polished; add the currency to ``CURRENCY_UNITS`` to do better.
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
    return _count(major, noun, lang) + _digits(fraction, decimals, lang)
