"""SQL expressions that SQLite and PostgreSQL spell differently, written once for the services.

The services and reports stay dialect-neutral (DESIGN.md §8): where the two databases differ
in a function, they call one of these, and each compiles to its own SQL on each dialect
(:func:`sqlalchemy.ext.compiler.compiles`). Each returns the same Python value on both.

- :class:`year_of`, :class:`month_of`: SQLite has ``strftime`` (text), PostgreSQL ``EXTRACT``
  (numeric, read back as a ``Decimal``); both are cast to an integer.
- :class:`year_month`: the ``'YYYY-MM'`` text a month is grouped by. SQLite stores a date as
  ISO text, PostgreSQL as a date, which neither ``substr`` nor ``strftime`` accepts there.
- :func:`count_true`: SQLite adds up booleans as 0 and 1; PostgreSQL has no ``sum(boolean)``.
- :class:`int_sum`: PostgreSQL's ``sum`` of a ``bigint`` is a ``numeric`` (a ``Decimal`` in
  Python), SQLite's an integer; cast back, an amount in minor units stays an ``int``.
- :func:`ordered`: SQLite puts NULLs first in an ascending order, PostgreSQL last; a list
  sorted on a column that may be empty (a campaign's end, a volunteer's start) says where.
- :class:`by_code_point`: a text ordered by its characters' code points, whatever the server's
  default collation. SQLite compares text byte by byte (BINARY); a PostgreSQL database created
  with ``en_US.UTF-8`` or an ICU locale would order names otherwise, so the same list would
  read in two orders.

The format strings are written into the SQL, not bound: PostgreSQL compares a ``GROUP BY``
expression with the selected one as written, and two bound parameters (``$1``, ``$2``) are not
the same expression to it even when their values are.

This module imports nothing from the models or the services (lint-imports checks it).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Integer, String, case, cast, extract, func, literal_column
from sqlalchemy.exc import CompileError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

__all__ = [
    "by_code_point",
    "count_true",
    "int_sum",
    "month_of",
    "ordered",
    "year_month",
    "year_of",
]


class _OneArgument(FunctionElement[Any]):
    """A function of one column or expression, compiled per dialect below."""

    inherit_cache = True

    @property
    def argument(self) -> ColumnElement[Any]:
        return next(iter(self.clauses))


class year_of(_OneArgument):
    """The year of a date or a timestamp, as an integer (2026)."""

    type = Integer()
    name = "year_of"
    inherit_cache = True


class month_of(_OneArgument):
    """The month of a date or a timestamp, as an integer from 1 to 12."""

    type = Integer()
    name = "month_of"
    inherit_cache = True


class year_month(_OneArgument):
    """The ``'YYYY-MM'`` text of a date or a timestamp ('2026-03'), to group by month."""

    type = String()
    name = "year_month"
    inherit_cache = True


class int_sum(_OneArgument):
    """The sum of an integer column as a Python ``int`` (None for no row, as ``sum``)."""

    type = BigInteger()
    name = "int_sum"
    inherit_cache = True


class by_code_point(_OneArgument):
    """A text column to order by, compared character by character on both databases."""

    type = String()
    name = "by_code_point"
    inherit_cache = True


def count_true(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """How many rows of the group meet ``condition``, an integer (0 for none, never NULL).

    ``count`` of a ``CASE`` that is NULL otherwise: the same SQL on both databases, where
    ``sum(condition)`` works on SQLite only.
    """
    return func.count(case((condition, literal_column("1"))))


def ordered(column: ColumnElement[Any], descending: bool = False) -> ColumnElement[Any]:
    """``column`` in a list's order, NULLs first when ascending and last when descending.

    That is SQLite's own place for them, which the pages have always shown; PostgreSQL's
    default is the opposite. On a NOT NULL column it changes nothing but may keep PostgreSQL
    from reading the order from an index: use it on lists whose sorts include such a column.
    """
    return column.desc().nulls_last() if descending else column.asc().nulls_first()


def _sqlite_strftime(fmt: str, element: _OneArgument) -> ColumnElement[Any]:
    return func.strftime(literal_column(f"'{fmt}'"), element.argument)


@compiles(year_of, "sqlite")
def _year_of_sqlite(element: year_of, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(cast(_sqlite_strftime("%Y", element), Integer), **kw)


@compiles(year_of, "postgresql")
def _year_of_postgresql(element: year_of, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(cast(extract("year", element.argument), Integer), **kw)


@compiles(month_of, "sqlite")
def _month_of_sqlite(element: month_of, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(cast(_sqlite_strftime("%m", element), Integer), **kw)


@compiles(month_of, "postgresql")
def _month_of_postgresql(element: month_of, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(cast(extract("month", element.argument), Integer), **kw)


@compiles(year_month, "sqlite")
def _year_month_sqlite(element: year_month, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite holds dates and timestamps as ISO text ("2026-03-05 10:00:00"): its first seven
    # characters are the month, read faster than strftime parses the date (the home page
    # groups every gift by month).
    return compiler.process(func.substr(element.argument, 1, 7), **kw)


@compiles(year_month, "postgresql")
def _year_month_postgresql(element: year_month, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(func.to_char(element.argument, literal_column("'YYYY-MM'")), **kw)


@compiles(int_sum, "sqlite")
def _int_sum_sqlite(element: int_sum, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(func.sum(element.argument), **kw)  # an integer already


@compiles(int_sum, "postgresql")
def _int_sum_postgresql(element: int_sum, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(cast(func.sum(element.argument), BigInteger), **kw)


@compiles(by_code_point, "sqlite")
def _by_code_point_sqlite(element: by_code_point, compiler: SQLCompiler, **kw: Any) -> str:
    # BINARY is SQLite's default, said all the same: a column declared NOCASE is not.
    return compiler.process(element.argument.collate("BINARY"), **kw)


@compiles(by_code_point, "postgresql")
def _by_code_point_postgresql(element: by_code_point, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.argument.collate("C"), **kw)


@compiles(year_of)
@compiles(month_of)
@compiles(year_month)
@compiles(int_sum)
@compiles(by_code_point)
def _unknown_dialect(element: _OneArgument, compiler: SQLCompiler, **kw: Any) -> str:
    raise CompileError(f"{element.name} has no SQL for {compiler.dialect.name}")
