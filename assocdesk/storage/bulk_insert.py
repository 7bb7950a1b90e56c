"""What a bulk insert below the ORM needs from each backend: the driver's placeholder, and ids.

The import writes its rows with the driver's own ``executemany`` (see
:mod:`assocdesk.spreadsheets.bulk`), and hands out the ids itself, so that a row can point at a
row of the same import before either is written.

- SQLite: the import holds the write lock from its first statement (``BEGIN IMMEDIATE``), so the
  ids after the highest one are its own: counting up from ``max(id) + 1`` is safe and free.
- PostgreSQL: other desks keep writing during an import, and take their ids from the table's
  sequence. The import takes its ids from the same sequence, a batch at a time (one query per
  batch), so no id is ever handed out twice and the sequence never falls behind the table.
  Ids taken and not used (a cancelled import) are a gap, which ids may have (receipt numbers
  never come from a sequence).

The driver's own cursor raises the driver's own errors, which SQLAlchemy never sees:
:func:`driver_errors` hands them on as SQLAlchemy's, as a statement run through SQLAlchemy would
have raised them, so that :func:`assocdesk.storage.errors.storage_errors` (a full disk) and
:func:`assocdesk.storage.server.server_errors` (a lost connection) put them in words.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import func, select, text
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import Table

_PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}
ID_BATCH_MIN, ID_BATCH_MAX = 64, 8_192


def placeholder(dialect: Dialect) -> str:
    """The positional placeholder of the driver under ``dialect`` (``?`` for sqlite3, ``%s``
    for psycopg), for SQL handed straight to a driver cursor."""
    found = _PLACEHOLDERS.get(dialect.paramstyle or "")
    if found is None:
        raise NotImplementedError(f"no positional placeholder for {dialect.paramstyle}")
    return found


class NewIds:
    """Ids for the rows of one table that a bulk insert writes, handed out one by one."""

    def __init__(self, session: Session, table: Table) -> None:
        self._session = session
        self._table = table
        self._sequence: str | None = None
        self._pending: list[int] = []
        self._batch = ID_BATCH_MIN
        self.next_id = 0  # SQLite: the next id to hand out
        if session.get_bind().dialect.name == "sqlite":
            self.next_id = (session.scalar(select(func.max(table.c.id))) or 0) + 1
        else:
            self._sequence = session.execute(
                text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
            ).scalar_one()
            assert self._sequence is not None, f"{table.name}.id has no sequence"

    def take(self) -> int:
        if self._sequence is None:
            found = self.next_id
            self.next_id += 1
            return found
        if not self._pending:
            rows = self._session.execute(
                text("SELECT nextval(CAST(:sequence AS regclass)) FROM generate_series(1, :n)"),
                {"sequence": self._sequence, "n": self._batch},
            )
            self._pending = sorted((row[0] for row in rows), reverse=True)
            # Doubling batches: a few rows cost one small query, a big import a few large ones.
            self._batch = min(2 * self._batch, ID_BATCH_MAX)
        return self._pending.pop()


@contextmanager
def driver_errors(session: Session, statement: str) -> Iterator[None]:
    """An error of the driver in the block becomes SQLAlchemy's DBAPIError for ``statement``.

    A connection found lost is invalidated first, as SQLAlchemy does for its own statements:
    the pool then never hands it out again, and the rollback that follows does not try to talk
    to a server that hung up. The rows are left out of the error (thousands of them, and
    people's details: the message reaches the log).
    """
    connection = session.connection()
    dialect = connection.dialect
    driver_error = dialect.loaded_dbapi.Error
    try:
        yield
    except driver_error as exc:
        raw = connection.connection.dbapi_connection
        lost = dialect.is_disconnect(exc, raw, None)
        if lost:
            connection.invalidate(exc)
        raise DBAPIError.instance(
            statement,
            None,
            exc,
            driver_error,
            hide_parameters=True,
            connection_invalidated=lost,
            dialect=dialect,
        ) from exc
