"""Pieces every service uses: field validation, paging, and what-changed reports."""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Generic, TypeVar

from sqlalchemy import Select
from sqlalchemy.orm import Session

from assocdesk.i18n import _, ngettext
from assocdesk.services.errors import Errors
from assocdesk.text.clean import clean_multiline, clean_single_line
from assocdesk.text.money import AmountError, known_currencies, parse_amount, to_minor

T = TypeVar("T")

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
MAX_AMOUNT_MINOR = 10**15  # far above any real gift; keeps sums inside SQLite's 64-bit integers
# Dates outside these are typing slips (0202, 20266), not history or plans.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)
# What makes a required text more than decoration: a letter, digit, punctuation or symbol.
_VISIBLE_CATEGORIES = ("L", "N", "P", "S")
_ASCII_BLANK = "".join(map(chr, range(0x21))) + "\x7f"  # controls and space: category C or Z


@dataclass(frozen=True)
class ListQuery:
    """What a list page asks for: a search text, a sort column and direction, and filters."""

    search: str = ""
    sort: str = ""
    descending: bool = False
    include_archived: bool = False


@dataclass
class Page(Generic[T]):
    rows: list[T]
    total: int
    offset: int


def page_of(
    session: Session,
    query: ListQuery,
    ids_for: Callable[[Session, ListQuery], list[int]],
    rows_for: Callable[[Session, Sequence[int]], list[T]],
    offset: int = 0,
    limit: int = 100,
) -> Page[T]:
    """Any list as a page: ids in SQL order first (cheap), then full rows for one slice only."""
    ids = ids_for(session, query)
    return Page(rows=rows_for(session, ids[offset : offset + limit]), total=len(ids), offset=offset)


def id_list(session: Session, statement: Select) -> array[int]:
    """The ids ``statement`` selects (its first column), in its order, as a compact array.

    A list page asks for every matching id (200 000 donations) and holds them while it is
    shown. SQLAlchemy's result rows cost two to three times the query itself there, so the
    statement is run by SQLAlchemy (binds converted as usual) and its rows are read straight
    off the DBAPI cursor, one at a time, into an array of 64-bit integers: 1.6 MB for 200 000
    ids, where a list of Python ints takes 7 MB (plus the rows of a fetchall while it lasts).
    """
    result = session.connection().execute(statement)
    try:
        return array("q", (row[0] for row in result.cursor))
    finally:
        result.close()


def in_id_order(rows_by_id: dict[int, T], ids: Sequence[int]) -> list[T]:
    return [rows_by_id[i] for i in ids if i in rows_by_id]


def too_long(count: int) -> str:
    """The message for a text longer than ``count`` characters, agreeing with the number."""
    return ngettext(
        "Too long: at most {count} character.", "Too long: at most {count} characters.", count
    ).format(count=count)


def text_field(
    errors: Errors,
    name: str,
    value: str | None,
    *,
    max_length: int,
    required: bool = False,
    multiline: bool = False,
) -> str:
    if not value:  # nothing typed (an import passes most fields empty): nothing to clean
        if required:
            errors.add(name, _("This field is required."))
        return ""
    cleaned = clean_multiline(value) if multiline else clean_single_line(value)
    if required and not has_visible_character(cleaned):
        errors.add(name, _("This field is required."))
    elif len(cleaned) > max_length:
        errors.add(name, too_long(max_length))
    return cleaned


def has_visible_character(text: str) -> bool:
    """False for text made only of joiners, marks or format characters (it would print blank)."""
    if text.isascii():  # the usual case, in one C call: anything left once blanks are stripped
        return bool(text.strip(_ASCII_BLANK))
    return any(unicodedata.category(c)[0] in _VISIBLE_CATEGORIES for c in text)


def email_field(errors: Errors, name: str, value: str | None) -> str:
    cleaned = clean_single_line(value)
    if cleaned and (len(cleaned) > 254 or not EMAIL_PATTERN.match(cleaned)):
        errors.add(name, _("This is not a valid e-mail address (example: name@example.org)."))
    return cleaned


def currency_field(errors: Errors, name: str, value: str | None) -> str:
    code = clean_single_line(value).upper()
    if code not in known_currencies():
        errors.add(name, _("Unknown currency code: {code}.").format(code=code or "—"))
    return code


def amount_field(
    errors: Errors,
    name: str,
    value: str | Decimal | int | None,
    currency: str,
    *,
    required: bool = True,
) -> int | None:
    """A positive amount in the currency's minor units, or None (with an error added)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.add(name, _("Enter an amount."))
        return None
    try:
        amount = parse_amount(value, currency)
    except (AmountError, TypeError, ValueError):
        errors.add(name, _("This is not an amount (example: 1500 or 1500.50)."))
        return None
    if amount <= 0:
        errors.add(name, _("The amount must be more than zero."))
        return None
    if currency not in known_currencies():
        return None  # the currency field carries the error
    if amount.adjusted() >= 16:  # checked before scaling: 1E+999999999 would not fit anything
        errors.add(name, _("This amount is too large."))
        return None
    try:
        minor = to_minor(amount, currency)
    except AmountError:
        from assocdesk.text.money import currency_decimals

        errors.add(
            name,
            ngettext(
                "Too many decimals: {currency} allows {count} decimal.",
                "Too many decimals: {currency} allows {count} decimals.",
                currency_decimals(currency),
            ).format(currency=currency, count=currency_decimals(currency)),
        )
        return None
    if minor > MAX_AMOUNT_MINOR:
        errors.add(name, _("This amount is too large."))
        return None
    return minor


def date_field(
    errors: Errors, name: str, value: object, *, required: bool = False, with_time: bool = False
) -> date | None:
    """A date (or, ``with_time``, a date and time) within 1900–2199, or None with an error.

    A date and time given where a date is asked keeps its date only.
    """
    if value is None:
        if required:
            errors.add(name, _("This field is required."))
        return None
    if not isinstance(value, date) or (with_time and not isinstance(value, datetime)):
        errors.add(name, _("This is not a date."))
        return None
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        errors.add(
            name,
            _("Enter a date between {first} and {last}.").format(
                first=EARLIEST_DATE.year, last=LATEST_DATE.year
            ),
        )
        return None
    return value if with_time else day


def not_in_future(errors: Errors, name: str, value: date | None, today: date) -> None:
    if isinstance(value, date) and name not in errors and value > today:
        errors.add(name, _("This date is in the future."))


def end_not_before_start(errors: Errors, name: str, start: object, end: object) -> None:
    if start is None or end is None:
        return
    try:
        reversed_ = end < start  # type: ignore[operator]
    except TypeError:  # a date with a time zone against one without
        errors.add(name, _("This is not a date."))
        return
    if reversed_:
        errors.add(name, _("The end is before the start."))
