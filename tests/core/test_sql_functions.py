"""The SQL that SQLite and PostgreSQL spell differently (storage.sql_functions), on both.

Each test runs on the SQLite file and on a PostgreSQL server (the ``db`` fixture) and asks
the same answer, of the same Python type, from both; the list tests ask the same order.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    String,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from assocdesk.services import campaigns, donations
from assocdesk.services.common import ListQuery
from assocdesk.storage.engine import Database
from assocdesk.storage.sql_functions import (
    by_code_point,
    count_true,
    int_sum,
    month_of,
    ordered,
    year_month,
    year_of,
)
from tests.core.test_campaigns import add as add_campaign
from tests.core.test_donations import donor, gift, record


def rows_of(*values: object, type_: object) -> object:
    """A subquery of one column ``v`` holding ``values`` (no table needed)."""
    selects = [select(literal(value, type_).label("v")) for value in values]
    return union_all(*selects).subquery()


def test_dates_give_integer_years_and_months_and_iso_months(db: Database) -> None:
    for value, type_ in [(date(2026, 3, 5), Date), (datetime(2026, 3, 5, 23, 59, 59), DateTime)]:
        day = literal(value, type_)
        with db.reading() as session:
            year, month, text = session.execute(
                select(year_of(day), month_of(day), year_month(day))
            ).one()
        assert (year, month, text) == (2026, 3, "2026-03")
        assert type(year) is int and type(month) is int  # EXTRACT is a Decimal on PostgreSQL


def test_a_month_can_be_grouped_by(db: Database) -> None:
    """The grouped expression must be the selected one on PostgreSQL, word for word (two
    bound format strings would be two expressions to it)."""
    days = rows_of(date(2026, 1, 31), date(2026, 1, 2), date(2026, 2, 1), type_=Date)
    month = year_month(days.c.v)  # type: ignore[attr-defined]
    year = year_of(days.c.v)  # type: ignore[attr-defined]
    with db.reading() as session:
        found = session.execute(
            select(year, month, func.count()).group_by(year, month).order_by(month)
        )
        assert found.all() == [(2026, "2026-01", 2), (2026, "2026-02", 1)]


def test_sums_of_big_amounts_are_ints(db: Database) -> None:
    """PostgreSQL's sum of a bigint is numeric: without the cast, a Decimal."""
    amounts = rows_of(123_456_789_012_345, 1, type_=BigInteger)
    with db.reading() as session:
        total = session.scalar(select(int_sum(amounts.c.v)))  # type: ignore[attr-defined]
    assert total == 123_456_789_012_346 and type(total) is int and not isinstance(total, Decimal)


def test_true_conditions_are_counted(db: Database) -> None:
    """PostgreSQL has no sum(boolean); an empty group counts 0, not NULL."""
    flags = rows_of(True, False, True, None, type_=Boolean)
    with db.reading() as session:
        assert session.scalar(select(count_true(flags.c.v.is_(True)))) == 2  # type: ignore[attr-defined]
        none = flags.c.v.is_(True) & flags.c.v.is_(False)  # type: ignore[attr-defined]
        assert session.scalar(select(count_true(none))) == 0


def test_nulls_come_first_ascending_and_last_descending(db: Database) -> None:
    days = rows_of(date(2026, 5, 1), None, date(2026, 1, 1), type_=Date)
    with db.reading() as session:
        up = session.scalars(select(days.c.v).order_by(ordered(days.c.v)))  # type: ignore[attr-defined]
        down = session.scalars(select(days.c.v).order_by(ordered(days.c.v, descending=True)))  # type: ignore[attr-defined]
        assert up.all() == [None, date(2026, 1, 1), date(2026, 5, 1)]
        assert down.all() == [date(2026, 5, 1), date(2026, 1, 1), None]


def _linguistic(session: Session) -> str:
    """A collation that does not order by code point: NOCASE on SQLite, ICU's root on a server."""
    if session.get_bind().dialect.name == "sqlite":
        return "NOCASE"
    return "und-x-icu"


NAMES = ["bachir", "Amina", "amina", "Éric", "Zineb", "إدريس", "أحمد", "باسم", "+212 6", "06 12"]


def test_text_is_ordered_by_code_point_whatever_the_collation(db: Database) -> None:
    """A server whose default collation is a language's orders names otherwise than SQLite
    (case, accents and punctuation ignored at first): by_code_point orders them the same."""
    with db.reading() as session:
        words = union_all(
            *(select(literal(n, String).collate(_linguistic(session)).label("v")) for n in NAMES)
        ).subquery()
        plain = session.scalars(select(words.c.v).order_by(words.c.v)).all()
        assert plain != sorted(NAMES)  # the collation does change the order…
        found = session.scalars(select(words.c.v).order_by(by_code_point(words.c.v))).all()
    assert found == sorted(NAMES)  # …and by_code_point undoes it


# --- the lists, where the two databases used to differ -------------------------------------


def test_a_campaign_without_an_end_sorts_first_on_both(db: Database) -> None:
    later = add_campaign(db, "Ramadan", ends_on=date(2026, 4, 1))
    open_ended = add_campaign(db, "Cartable", ends_on=None)
    sooner = add_campaign(db, "Hiver", ends_on=date(2026, 1, 15))
    with db.reading() as session:
        up = campaigns.ids(session, ListQuery(sort="ends_on"))
        down = campaigns.ids(session, ListQuery(sort="ends_on", descending=True))
    assert list(up) == [open_ended, sooner, later]
    assert list(down) == [later, sooner, open_ended]


def test_anonymous_gifts_sort_first_by_donor_on_both(db: Database) -> None:
    nadia = donor(db, "Nadia")
    karim = donor(db, "Karim")
    given_by_nadia, _ = record(db, gift(contact_id=nadia))
    anonymous, _ = record(db, gift())
    given_by_karim, _ = record(db, gift(contact_id=karim))
    with db.reading() as session:
        up = donations.ids(session, ListQuery(sort="donor"))
        down = donations.ids(session, ListQuery(sort="donor", descending=True))
    assert list(up) == [anonymous, given_by_karim, given_by_nadia]
    assert list(down) == [given_by_nadia, given_by_karim, anonymous]
