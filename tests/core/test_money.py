"""Money as integer minor units: parsing, decimals per currency, formatting, field validation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assocdesk.services.common import MAX_AMOUNT_MINOR, amount_field, currency_field
from assocdesk.services.errors import Errors, ValidationError
from assocdesk.text.money import (
    AmountError,
    currency_decimals,
    format_money,
    format_plain_amount,
    from_minor,
    known_currencies,
    parse_amount,
    to_minor,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1500", Decimal("1500")),
        ("1 500,50", Decimal("1500.50")),
        ("1\u202f500,50", Decimal("1500.50")),
        ("1,500.50", Decimal("1500.50")),
        ("1.500,50", Decimal("1500.50")),
        ("1,5", Decimal("1.5")),
        ("١٥٠٠٫٥", Decimal("1500.5")),
        ("١٬٥٠٠", Decimal("1500")),
        ("۱۵۰۰", Decimal("1500")),
        ("-5", Decimal("-5")),
        (Decimal("12.30"), Decimal("12.30")),
        (42, Decimal("42")),
    ],
)
def test_parse_amount_reads_what_people_type(typed: str | Decimal | int, expected: Decimal) -> None:
    assert parse_amount(typed) == expected


@pytest.mark.parametrize("typed", ["", "abc", "12abc", "1.2.3", "1e3", "5.", "--5", "1" * 31])
def test_parse_amount_refuses_text(typed: str) -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(typed)
    assert caught.value.code == "format"


def test_parse_amount_refuses_nan_and_infinity() -> None:
    for value in (Decimal("NaN"), Decimal("Infinity")):
        with pytest.raises(AmountError):
            parse_amount(value)


def test_currency_decimals_come_from_cldr() -> None:
    assert currency_decimals("MAD") == 2
    assert currency_decimals("EUR") == 2
    assert currency_decimals("TND") == 3
    assert currency_decimals("KWD") == 3
    assert {"MAD", "DZD", "TND", "EGP", "SAR", "EUR", "USD"} <= known_currencies()
    assert "XYZ" not in known_currencies()


def test_to_minor_and_back() -> None:
    assert to_minor(Decimal("1500.50"), "MAD") == 150050
    assert to_minor(Decimal("12.345"), "TND") == 12345
    assert to_minor(Decimal("12.340"), "MAD") == 1234  # trailing zero is not a real decimal
    assert from_minor(150050, "MAD") == Decimal("1500.50")
    assert from_minor(12345, "TND") == Decimal("12.345")
    with pytest.raises(AmountError) as caught:
        to_minor(Decimal("12.345"), "MAD")
    assert caught.value.code == "decimals"


def test_formatting_uses_the_locale() -> None:
    assert format_money(150050, "MAD", "fr_MA").replace("\u202f", " ").replace("\xa0", " ") == (
        "1 500,50 MAD"
    )
    assert "1.500,50" in format_money(150050, "MAD", "ar_MA")
    assert format_plain_amount(150050, "MAD", "en") == "1500.50"  # edit field: no grouping
    assert format_plain_amount(150050, "MAD", "fr_MA") == "1500,50"
    assert format_plain_amount(12345, "TND", "en") == "12.345"
    # A formatted amount reads back as the same amount.
    for locale in ("en", "fr_FR", "ar_MA"):
        assert parse_amount(format_plain_amount(150050, "MAD", locale)) == Decimal("1500.50")


def _amount(value: object, currency: str = "MAD") -> int | None:
    errors = Errors()
    minor = amount_field(errors, "amount", value, currency)  # type: ignore[arg-type]
    errors.raise_if_any()
    return minor


def _amount_error(value: object, currency: str = "MAD") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        _amount(value, currency)
    assert caught.value.field == "amount"
    assert "amount" in caught.value.errors
    return caught.value


def test_amount_field_accepts_valid_amounts() -> None:
    assert _amount("1500.50") == 150050
    assert _amount("12.345", "TND") == 12345
    assert _amount(Decimal("0.01")) == 1


@pytest.mark.parametrize("value", ["-5", "0", "0.00", Decimal("-1"), 0])
def test_amount_field_refuses_zero_and_negative(value: object) -> None:
    assert "more than zero" in _amount_error(value).message


def test_amount_field_refuses_too_many_decimals_for_the_currency() -> None:
    assert "MAD allows 2" in _amount_error("12.3456", "MAD").message
    assert _amount("12.345", "MAD") == 1234500  # three digits after one mark: thousands
    assert _amount("12.345", "TND") == 12345
    assert "TND allows 3" in _amount_error("12.3456", "TND").message


@pytest.mark.parametrize("value", ["abc", "12 dirhams", "1.2.3"])
def test_amount_field_refuses_text(value: str) -> None:
    assert "not an amount" in _amount_error(value).message


def test_amount_field_required_and_optional() -> None:
    assert "Enter an amount" in _amount_error("  ").message
    errors = Errors()
    assert amount_field(errors, "goal", None, "MAD", required=False) is None
    errors.raise_if_any()  # no error


def test_amount_field_refuses_absurd_amounts() -> None:
    too_big = str(MAX_AMOUNT_MINOR // 100 + 1)
    assert "too large" in _amount_error(too_big).message


def test_currency_field() -> None:
    errors = Errors()
    assert currency_field(errors, "currency", " mad ") == "MAD"
    errors.raise_if_any()
    for code in ("XYZ", "", "dirham"):
        errors = Errors()
        currency_field(errors, "currency", code)
        with pytest.raises(ValidationError) as caught:
            errors.raise_if_any()
        assert caught.value.field == "currency"


# Regression: editing a 150 000 LBP donation showed "150.000" and saved 150 (the lone
# separator was read as a decimal mark in a currency without decimals).
@pytest.mark.parametrize(
    ("typed", "currency", "expected"),
    [
        ("150.000", "LBP", "150000"),
        ("150,000", "XOF", "150000"),
        ("1,500", "MAD", "1500"),
        ("1.500", "MAD", "1500"),
        ("1.500.000", "MAD", "1500000"),
        ("1,500", "TND", "1.500"),
        ("1,5", "MAD", "1.5"),
        ("12,50", "EUR", "12.50"),
    ],
)
def test_lone_separator_before_three_digits_groups_thousands(
    typed: str, currency: str, expected: str
) -> None:
    from assocdesk.text.money import parse_amount

    assert parse_amount(typed, currency) == Decimal(expected)


@pytest.mark.parametrize("locale", ["ar_MA", "ar_EG", "ar_LB", "fr_MA", "en"])
@pytest.mark.parametrize("currency", ["MAD", "LBP", "TND", "XOF", "KWD"])
def test_edit_field_text_reads_back_the_same_amount(locale: str, currency: str) -> None:
    from assocdesk.text.money import format_plain_amount, parse_amount, to_minor

    for minor in (5, 150000, 123456789):
        shown = format_plain_amount(minor, currency, locale)
        assert to_minor(parse_amount(shown, currency), currency) == minor, shown


# -- currency spacing and decimal alignment (issue 16) ---------------------------------------

from assocdesk.text.money import amount_parts  # noqa: E402


@pytest.mark.parametrize(
    ("minor", "currency", "locale", "shown"),
    [
        (100_000, "MAD", "en", "MAD\u00a01,000.00"),  # regression: "MAD1,000.00"
        (100_000, "DZD", "en", "DZD\u00a01,000.00"),
        (100_000, "EUR", "en", "€1,000.00"),  # a sign, not a code: CLDR's layout
        (100_000, "MAD", "fr_MA", "1\u202f000,00\u00a0MAD"),
        (100_000, "MAD", "ar_MA", "\u200f1.000,00\u00a0د.م.\u200f"),
        (150_000, "TND", "en", "TND\u00a0150.000"),
        (100, "MAD", "en", "MAD\u00a01.00"),  # always the currency's decimals
    ],
)
def test_a_currency_code_never_touches_the_number(
    minor: int, currency: str, locale: str, shown: str
) -> None:
    assert format_money(minor, currency, locale) == shown


def test_amount_parts_cut_number_decimals_and_symbol() -> None:
    parts = amount_parts(123_456_789, "MAD", "fr_MA")
    assert (parts.whole, parts.fraction, parts.symbol, parts.symbol_first) == (
        "1\u202f234\u202f567",
        ",89",
        "MAD",
        False,
    )
    english = amount_parts(-500, "MAD", "en")
    assert (english.whole, english.fraction, english.symbol, english.symbol_first) == (
        "-5",
        ".00",
        "MAD",
        True,
    )
    arabic = amount_parts(150_000, "MAD", "ar_MA")
    assert (arabic.whole, arabic.fraction, arabic.symbol) == ("1.500", ",00", "د.م.")
    assert amount_parts(1_500, "JPY", "en").fraction == ""  # no decimals
