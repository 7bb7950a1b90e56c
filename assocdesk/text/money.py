"""Money as integer minor units: parsing what people type, and formatting with Babel.

Amounts are never floats. A currency's number of decimals comes from Babel's CLDR data (2 for
MAD, DZD, EGP, SAR, EUR; 3 for TND, KWD, JOD …), so "12.345 TND" is valid and "12.345 MAD" is not.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

_ARABIC_DIGITS = str.maketrans(
    {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}
)
# Arabic decimal separator U+066B and thousands separator U+066C; spaces of every width.
_GROUPING = re.compile(r"[\s\u00a0\u202f\u066c']")


class AmountError(ValueError):
    """Why a typed amount is not an amount; ``code`` selects the translated message."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


@cache
def known_currencies() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


@cache
def currency_decimals(currency: str) -> int:
    from babel.numbers import get_currency_precision

    return get_currency_precision(currency)


def parse_amount(value: str | Decimal | int, currency: str | None = None) -> Decimal:
    """Read "1 500,50", "1,500.50", "١٥٠٠٫٥" or a Decimal; raise AmountError("format") if not.

    A separator that repeats ("1.500.000") groups thousands. A lone one is the decimal mark
    ("1500,50", "12,5"), except when exactly three digits follow it and ``currency`` does not
    have three decimals: "1,500" dirhams and "150.000" Lebanese pounds are thousands, never
    1.5 and 150 — reading them as decimals would silently store a wrong amount.
    """
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise AmountError("format")
        return value
    if isinstance(value, int):
        return Decimal(value)
    text = _GROUPING.sub("", str(value).translate(_ARABIC_DIGITS)).replace("\u066b", ".")
    if not text or len(text) > 30:
        raise AmountError("format")
    if "," in text and "." in text:
        # The separator that comes last is the decimal one: "1.500,50" or "1,500.50".
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        text = text.replace("." if decimal_sep == "," else ",", "").replace(",", ".")
    else:
        separator = "," if "," in text else "." if "." in text else ""
        pattern = rf"[+-]?\d{{1,3}}(\{separator}\d{{3}})+"
        grouped = bool(separator) and re.fullmatch(pattern, text) is not None
        if grouped and (text.count(separator) > 1 or _groups_thousands(text, separator, currency)):
            text = text.replace(separator, "")
        elif separator == ",":
            text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?\d+(\.\d+)?", text):
        raise AmountError("format")
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the regex above rules this out
        raise AmountError("format") from exc


def _groups_thousands(text: str, separator: str, currency: str | None) -> bool:
    after = text.rsplit(separator, 1)[1]
    return (
        currency is not None
        and len(after) == 3
        and after.isdigit()
        and currency in known_currencies()
        and currency_decimals(currency) != 3
    )


def to_minor(amount: Decimal, currency: str) -> int:
    """Decimal → integer minor units; AmountError("decimals") when it has too many decimals."""
    decimals = currency_decimals(currency)
    scaled = amount * (10**decimals)
    if scaled != scaled.to_integral_value():
        raise AmountError("decimals")
    return int(scaled)


def from_minor(minor: int, currency: str) -> Decimal:
    return Decimal(minor).scaleb(-currency_decimals(currency))


@lru_cache(maxsize=8192)
def format_money(minor: int, currency: str, locale: str) -> str:
    """Babel's format for the locale (cached: amounts repeat, and Babel parses each time)."""
    from babel.numbers import format_currency

    return format_currency(from_minor(minor, currency), currency, locale=locale)


def format_plain_amount(minor: int, currency: str, locale: str) -> str:
    """The number alone for an edit field: the locale's decimal mark and no grouping, so what
    the person sees reads back as exactly the same amount ("150000", "1500,50")."""
    from babel.numbers import format_decimal

    decimals = currency_decimals(currency)
    return format_decimal(
        from_minor(minor, currency),
        format=f"0.{'0' * decimals}" if decimals else "0",
        locale=locale,
    )
