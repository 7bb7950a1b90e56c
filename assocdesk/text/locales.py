"""Which Babel locale formats numbers, dates and money for a language and a country.

"ar" with an association in Morocco formats as ar_MA (Latin digits, د.م.), in Egypt as ar_EG.
Babel is the one formatter (Qt's QLocale would print Arabic-Indic digits in some locales and
Latin in others, so the app and the documents would disagree).
"""

from __future__ import annotations

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


@lru_cache(maxsize=4096)
def format_date(value: date | None, locale: str) -> str:
    if value is None:
        return ""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format="medium", locale=locale)


def format_datetime(value: datetime | None, locale: str) -> str:
    """Date and hour:minute (activities are planned to the minute, not the second)."""
    if value is None:
        return ""
    from babel.dates import format_time

    return (
        f"{format_date(value.date(), locale)} {format_time(value, format='short', locale=locale)}"
    )


@lru_cache(maxsize=4096)
def format_number(value: int | float, locale: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=locale)


@lru_cache(maxsize=1024)
def format_long_date(value: date, locale: str, weekday: bool = False) -> str:
    """A date spelled out for prose ("14 mars 2026", "السبت، 14 مارس 2026" with ``weekday``)."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format="full" if weekday else "long", locale=locale)


def format_time_of_day(value: datetime, locale: str) -> str:
    from babel.dates import format_time

    return format_time(value, format="short", locale=locale)


@cache
def month_labels(locale: str) -> tuple[str, ...]:
    """January to December as a chart's axis says them ("janv.", "يناير"), standalone form."""
    from babel.dates import get_month_names

    names = get_month_names("abbreviated", context="stand-alone", locale=locale)
    return tuple(names[month] for month in range(1, 13))
