"""Which Babel locale formats numbers, dates and money for a language and a country.

"ar" with an association in Morocco formats as ar_MA (Latin digits, د.م.), in Egypt as ar_EG.
Babel is the one formatter (Qt's QLocale would print Arabic-Indic digits in some locales and
Latin in others, so the app and the documents would disagree).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from functools import cache, lru_cache


@cache
def babel_locale(language: str, country: str = "") -> str:
    from babel import Locale, UnknownLocaleError

    if country:
        try:
            return str(Locale.parse(f"{language}_{country.upper()}"))
        except (UnknownLocaleError, ValueError):
            pass
    return language


def date_locale(locale: str) -> str:
    """The locale whose month names dates use (French of France for every French)."""
    # French of Morocco (CLDR) abbreviates both June and July "jui." and January "jan.": take
    # the abbreviations of French of France, which no reader confuses, in the same order.
    return "fr" if locale.startswith("fr_") else locale


@cache
def date_pattern(locale: str) -> str:
    """The CLDR pattern of every date the app shows, in lists and in date boxes alike
    ("d MMM y" → "7 déc. 2026", "MMM d, y" → "Dec 7, 2026", «dd‏/MM‏/y» → «07‏/12‏/2026»).

    One pattern per language, so a date box never says "07/12/2026" beside a list's
    "Dec 7, 2026" (which an American reads as the 12th of July).
    """
    from babel.dates import get_date_format

    return str(get_date_format("medium", locale=date_locale(locale)).pattern)


@cache
def time_pattern(locale: str) -> str:
    """The CLDR pattern of an hour and minute ("HH:mm", "h:mm a"), as format_datetime writes it."""
    from babel.dates import get_time_format

    return str(get_time_format("short", locale=locale).pattern)


@lru_cache(maxsize=4096)
def format_date(value: date | None, locale: str) -> str:
    if value is None:
        return ""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format=date_pattern(locale), locale=date_locale(locale))


def format_datetime(value: datetime | None, locale: str) -> str:
    """Date and hour:minute (activities are planned to the minute, not the second)."""
    if value is None:
        return ""
    from babel.dates import format_time

    hour = format_time(value, time_pattern(locale), locale=locale)
    return f"{format_date(value.date(), locale)} {hour}"


@lru_cache(maxsize=4096)
def format_number(value: int | float, locale: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=locale)


@lru_cache(maxsize=1024)
def format_long_date(value: date, locale: str, weekday: bool = False) -> str:
    """A date spelled out for prose ("14 mars 2026", "السبت، 14 مارس 2026" with ``weekday``)."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format="full" if weekday else "long", locale=locale)


@lru_cache(maxsize=1024)
def format_long_date_legal(value: date, locale: str) -> str:
    """A date as a signed document writes it: "1er janvier 2025", «19 يناير 2025», "May 1, 2025".

    Babel's "long" format with the months of the association's country (ar_MA «يوليوز»,
    ar_DZ «جويلية»); French writes the first of the month as an ordinal, "1er", which CLDR
    does not say.
    """
    text = format_long_date(value, locale)
    if locale.split("_")[0] == "fr" and value.day == 1:
        text = re.sub(r"^1(?=\s)", "1er", text)
    return text


# A Latin comma closing an Arabic phrase ("رقم 22, المحمدية"): the strong letters before and
# after it are Arabic (digits and spaces between them do not count).
_ARABIC_LETTER = "\u0600-\u06ff\u0750-\u077f"
_LATIN_COMMA_IN_ARABIC = re.compile(
    rf"(?<=[{_ARABIC_LETTER}0-9\u0660-\u0669)\]])\s*,(?=[^A-Za-z\u00c0-\u024f]*?[{_ARABIC_LETTER}])"
)


def arabic_commas(text: str) -> str:
    """``text`` with each Latin comma inside Arabic wording written «،» (U+060C).

    People type addresses on Latin keyboards ("زنقة 33 رقم 22, المحمدية"); an Arabic document
    prints «زنقة 33 رقم 22، المحمدية». A comma stays Latin when a Latin word follows it, when no
    Arabic word precedes it, or between digits ("1,5").
    """
    out, last = [], 0
    for match in _LATIN_COMMA_IN_ARABIC.finditer(text):
        before = text[: match.start()]
        if not re.search(f"[{_ARABIC_LETTER}]", before) or re.search(
            r"[A-Za-z\u00c0-\u024f][^\u0600-\u06ffA-Za-z]*$", before
        ):
            continue
        if re.match(r"\d", text[match.end() : match.end() + 1]):
            continue  # "1,5": a decimal comma, not punctuation
        out += [text[last : match.start()], "\u060c"]
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def join_list(items: Iterable[str], language: str) -> str:
    """Items of a list or parts of an address joined as the language writes it: «، » in Arabic
    (with any Latin comma inside an Arabic part made Arabic too), ", " otherwise."""
    parts = [item.strip() for item in items if item and item.strip()]
    if language != "ar":
        return ", ".join(parts)
    # The comma between two parts follows their script: "Hay El Fath, Salé" keeps its Latin
    # comma inside an Arabic receipt; «حي السلام، المحمدية» gets the Arabic one.
    joined = ""
    for index, part in enumerate(parts):
        part = arabic_commas(part)
        if index:
            arabic = re.search(f"[{_ARABIC_LETTER}]", parts[index - 1] + part)
            joined += "\u060c " if arabic else ", "
        joined += part
    return joined


def format_time_of_day(value: datetime, locale: str) -> str:
    from babel.dates import format_time

    return format_time(value, format="short", locale=locale)


@cache
def month_names(locale: str) -> tuple[str, ...]:
    """January to December written out, as a choice of month reads them ("janvier", "يناير")."""
    from babel.dates import get_month_names

    names = get_month_names("wide", context="stand-alone", locale=locale)
    return tuple(names[month] for month in range(1, 13))


def month_labels(locale: str) -> tuple[str, ...]:
    """January to December as a chart's axis says them ("janv.", "يناير"), standalone form."""
    from babel.dates import get_month_names

    names = get_month_names("abbreviated", context="stand-alone", locale=locale)
    return tuple(names[month] for month in range(1, 13))


# Babel's territories that are not countries a contact lives in: the world's regions ("001"),
# groupings (EU, UN) and codes CLDR keeps for its own use.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "AC", "CP", "CQ", "DG"})
_NOT_COUNTRIES |= frozenset({"EA", "IC", "TA"})
# CLDR's "Palestinian Territories" is not how the association's people name their country.
_COUNTRY_NAMES = {"PS": {"ar": "فلسطين", "fr": "Palestine", "en": "Palestine"}}


@cache
def country_names(language: str) -> dict[str, str]:
    """ISO 3166 code → the country's name in ``language`` ("MA" → «المغرب», "Maroc")."""
    from babel import Locale

    names = Locale.parse(language).territories
    return {
        code: _COUNTRY_NAMES.get(code, {}).get(language) or name
        for code, name in names.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    }
