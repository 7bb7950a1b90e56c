"""Money as integer minor units: parsing what people type, and formatting with Babel.

Amounts are never floats. A currency's number of decimals comes from Babel's CLDR data (2 for
MAD, DZD, EGP, SAR, EUR; 3 for TND, KWD, JOD …), so "12.345 TND" is valid and "12.345 MAD" is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

_ARABIC_DIGITS = str.maketrans(
    {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}
)
# Arabic decimal separator U+066B and thousands separator U+066C; spaces of every width.
_GROUPING = re.compile(r"[\s\u00a0\u202f\u066c']")
_MARKS = re.compile("[\u200e\u200f\u061c]")
# The number of a formatted amount: digits with their grouping and decimal marks, and a sign.
_NUMBER = re.compile(r"[-\u2212]?\d[\d.,'\u00a0\u202f\u066b\u066c ]*\d|[-\u2212]?\d")


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


# A currency written in letters touching a digit ("MAD1,000.00", "1,000.00DZD"): CLDR's
# currencySpacing asks for a no-break space there, which Babel does not apply.
_LETTERS_THEN_DIGIT = re.compile(r"(?<=[^\W\d_])(?=[-\u2212]?\d)")
_DIGIT_THEN_LETTERS = re.compile(r"(?<=\d)(?=[^\W\d_])")


@lru_cache(maxsize=8192)
def format_money(minor: int, currency: str, locale: str) -> str:
    """Babel's format for the locale, with a space between a currency code and the number
    ("MAD 1,000.00", "1 000,00 MAD"; a sign such as "€1,000.00" keeps CLDR's layout).

    Always the currency's number of decimals ("1 000,00", never "1 000"): amounts in a column
    then line up on their decimal mark. Cached: amounts repeat, and Babel parses each time.
    """
    from babel.numbers import format_currency

    text = format_currency(from_minor(minor, currency), currency, locale=locale)
    text = _LETTERS_THEN_DIGIT.sub("\u00a0", text)
    return _DIGIT_THEN_LETTERS.sub("\u00a0", text)


@dataclass(frozen=True)
class AmountParts:
    """An amount cut for a table cell that aligns amounts on their decimal mark."""

    whole: str  # sign and integer part with its grouping ("1 000", "-25")
    fraction: str  # the decimal mark and the decimals (",00"), "" for a currency without
    symbol: str  # "MAD", "€", «د.م.»
    symbol_first: bool  # in reading order: "MAD 1,000.00" (True), "1 000,00 MAD" (False)


@lru_cache(maxsize=8192)
def amount_parts(minor: int, currency: str, locale: str) -> AmountParts:
    """``format_money`` cut into number and currency symbol, in reading (logical) order."""
    from babel.numbers import get_decimal_symbol

    text = _MARKS.sub("", format_money(minor, currency, locale)).strip()
    number = _NUMBER.search(text)
    if number is None:  # pragma: no cover - every currency format has a number
        return AmountParts(text, "", "", False)
    symbol_first = number.start() > 0
    symbol = (text[: number.start()] if symbol_first else text[number.end() :]).strip()
    digits = number.group().strip()
    mark = get_decimal_symbol(locale)
    whole, found, decimals = (
        digits.rpartition(mark) if currency_decimals(currency) else ("", "", "")
    )
    if not found:
        whole, decimals = digits, ""
    if symbol_first and symbol[:1] in "-\u2212":  # "-MAD 5.00": the sign goes with the number
        symbol, whole = symbol[1:].strip(), symbol[0] + whole
    return AmountParts(whole, f"{mark}{decimals}" if found else "", symbol, symbol_first)


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
