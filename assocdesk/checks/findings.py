"""What a check of the database finds, and what a check may look at.

Apart from backups.check so that the checks living in modules of their own (values, receipt
chains) and the list that runs them can import these without importing each other.

A check reads through :class:`CheckContext`, the same on the SQLite file and on a PostgreSQL
server: a SQLAlchemy connection (SQL with ``:name`` parameters runs on both), the tables and
columns through ``sqlalchemy.inspect``, and ``dialect`` for the few checks that differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, inspect, text
from sqlalchemy.exc import DBAPIError

from assocdesk.storage.errors import DRIVER_DATABASE_ERRORS

ERROR, WARNING = "error", "warning"
# What a statement of a check may raise for the data it reads (SQLAlchemy wraps the driver's).
DATABASE_ERRORS = (DBAPIError, *DRIVER_DATABASE_ERRORS)


def driver_words(error: BaseException) -> str:
    """The database's own words for ``error``, without SQLAlchemy's statement and link."""
    return str(getattr(error, "orig", None) or error).strip()


@dataclass(frozen=True)
class Finding:
    check: str
    severity: str
    message: str


@dataclass
class CheckContext:
    """What a check may look at: a read-only connection and where the database lives.

    ``database_path`` is the SQLite file (None on a server, which has no file beside it).
    """

    connection: Connection
    database_path: Path | None = None
    password: str | None = field(default=None, repr=False)
    # Lines for the report besides the findings: a part of a check that could not run here.
    notes: list[str] = field(default_factory=list)

    @property
    def dialect(self) -> str:
        """ "sqlite" or "postgresql"."""
        return self.connection.dialect.name

    @property
    def on_server(self) -> bool:
        return self.dialect != "sqlite"

    def rows(self, sql: str, **params: Any) -> list[tuple]:
        """The rows of ``sql`` (``:name`` parameters), as plain tuples."""
        return [tuple(row) for row in self.connection.execute(text(sql), params)]

    def raw(self) -> Any:
        """The driver's own connection (sqlite3 or SQLCipher): what only SQLite has (its
        pragmas, a page-by-page copy)."""
        return self.connection.connection.dbapi_connection

    @cached_property
    def _tables(self) -> frozenset[str]:
        if self.dialect == "sqlite":  # virtual tables (FTS5) and their shadows included
            rows = self.rows("SELECT name FROM sqlite_master WHERE type = 'table'")
            return frozenset(row[0] for row in rows)
        return frozenset(inspect(self.connection).get_table_names())

    def tables(self) -> set[str]:
        return set(self._tables)

    def columns(self, table: str) -> set[str]:
        return {column["name"] for column in inspect(self.connection).get_columns(table)}
