"""Numbers, money and dates for posts: the language's locale, without invisible marks.

Babel writes an Arabic amount as "\u200f15.000,50\xa0د.م.\u200f": the right-to-left marks are
harmless on paper but weigh 2 each on X and can show as boxes elsewhere, so posts drop them (and
every other bidi control). French groups thousands with a narrow no-break space (U+202F), which
weighs 2 on X; a plain no-break space (U+00A0) looks the same, keeps "15 000" on one line and
weighs 1.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from assocdesk.text.locales import format_long_date, format_number, format_time_of_day
from assocdesk.text.money import from_minor

INVISIBLE_MARKS = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\u061c\ufeff]")
_CODE_BEFORE_DIGIT = re.compile(r"^([A-Z]{3})(\d)")


def post_safe(text: str) -> str:
    """``text`` without bidi and zero-width marks, with narrow no-break spaces made plain."""
    return INVISIBLE_MARKS.sub("", text).replace("\u202f", "\u00a0")


_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def tidy(text: str) -> str:
    """One full stop where a value ending in one ("د.م.") meets the sentence's own."""
    return _DOUBLE_STOP.sub(".", text)


def number(value: int, locale: str) -> str:
    return post_safe(format_number(value, locale))


def money(minor: int, currency: str, locale: str) -> str:
    """An amount as people write it in a post: in whole units (a post is not a receipt)."""
    from babel import Locale
    from babel.numbers import format_currency

    amount = from_minor(minor, currency).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    standard = Locale.parse(locale).currency_formats["standard"].pattern
    pattern = re.sub(r"\.0+", "", standard)  # "¤#,##0.00" → "¤#,##0"
    text = post_safe(
        format_currency(amount, currency, locale=locale, format=pattern, currency_digits=False)
    )
    return _CODE_BEFORE_DIGIT.sub(lambda m: f"{m.group(1)}\u00a0{m.group(2)}", text)


def percent(part: int, whole: int, locale: str) -> str:
    from babel.numbers import format_percent

    return post_safe(format_percent(part / whole if whole else 0, locale=locale))


def long_date(value: date | datetime, locale: str, weekday: bool = False) -> str:
    """ "20 avril 2024"; French writes the first of a month "1er" ("jeudi 1er janvier 2026")."""
    day = value.date() if isinstance(value, datetime) else value
    text = post_safe(format_long_date(day, locale, weekday))
    if day.day == 1 and locale.startswith("fr"):
        text = _FIRST_OF_MONTH.sub(r"\g<1>1er ", text, count=1)
    return text


_FIRST_OF_MONTH = re.compile(r"(^|\s)1\s")


def time_of_day(value: datetime, locale: str) -> str:
    return post_safe(format_time_of_day(value, locale))
