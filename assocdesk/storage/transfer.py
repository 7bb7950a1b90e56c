"""Copying every row of one AssocDesk database into another, empty one, on either backend.

What "Move this database to a shared server" and a server's backup (its data as an SQLite file
inside the usual bundle) are both made of. Both databases are at the same schema revision, made
by the migrations; the copy reads the tables from the target (reflection: this floor does not
import the models), in the order of their foreign keys, and keeps every id, uuid and counter.

The rows go in one transaction on the target, and are compared before it commits: the same
number of rows in every table and the same sum of every amount (integer ``…_minor``) column. A copy
that differs is rolled back whole, so the target is either a faithful copy or still empty.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, Integer, MetaData, Table, func, insert, select, text

from assocdesk.errors import Cancelled
from assocdesk.i18n import _
from assocdesk.progress import Progress
from assocdesk.storage.errors import DatabaseError

log = logging.getLogger(__name__)

BATCH_ROWS = 2000
# Tables not copied: the schema's revision (made by the migrations on the target), SQLite's
# search index, which the target fills itself (its triggers; a GIN index on a server), and the
# attached files' contents, which each side keeps its own way (a folder beside an SQLite file,
# this table on a server): services.photos.copy_contents moves them.
_SKIPPED_PREFIXES = ("alembic_version", "contacts_fts", "sqlite_", "stored_files")


class TransferError(DatabaseError):
    """The copy could not be made, or did not match; the target was left as it was."""


class TransferCancelled(Cancelled):
    """Cancel was pressed: the target was rolled back, still empty."""


@dataclass(frozen=True)
class Tally:
    """What a database holds, to compare a copy with its source: rows per table, and the sum
    of each amount column (``table.column``)."""

    rows: dict[str, int] = field(default_factory=dict)
    sums: dict[str, int] = field(default_factory=dict)

    def differences(self, other: Tally) -> list[str]:
        found = [
            f"{name}: {count} → {other.rows.get(name)}"
            for name, count in sorted(self.rows.items())
            if other.rows.get(name) != count
        ]
        found += [
            f"{name}: {total} → {other.sums.get(name)}"
            for name, total in sorted(self.sums.items())
            if other.sums.get(name) != total
        ]
        return found


def copied_tables(connection: Connection) -> list[Table]:
    """The tables to copy, parents before children (their foreign keys' order)."""
    metadata = MetaData()
    metadata.reflect(bind=connection)
    return [
        table for table in metadata.sorted_tables if not table.name.startswith(_SKIPPED_PREFIXES)
    ]


def tally(connection: Connection, tables: list[Table]) -> Tally:
    rows: dict[str, int] = {}
    sums: dict[str, int] = {}
    for table in tables:
        rows[table.name] = int(connection.scalar(select(func.count()).select_from(table)) or 0)
        for column in table.columns:
            if column.name.endswith("_minor") and isinstance(column.type, Integer):
                total = connection.scalar(select(func.coalesce(func.sum(column), 0)))
                sums[f"{table.name}.{column.name}"] = int(total or 0)
    return Tally(rows, sums)


def _batches(connection: Connection, table: Table, names: list[str]) -> Iterator[list[dict]]:
    order = list(table.primary_key.columns) or [table.columns[names[0]]]
    result = connection.execution_options(yield_per=BATCH_ROWS).execute(
        select(*(table.columns[name] for name in names)).order_by(*order)
    )
    for partition in result.mappings().partitions(BATCH_ROWS):
        yield [dict(row) for row in partition]


def copy_database(source: Engine, target: Engine, progress: Progress | None = None) -> Tally:
    """Copy every row of ``source`` into ``target`` (migrated to the same revision, empty);
    the tally both share. TransferError (target unchanged) when the target is not empty, the
    revisions differ, or the copy does not match; TransferCancelled when ``progress`` says stop.
    """
    with _snapshot(source) as reading, target.connect() as writing, writing.begin():
        _same_revision(reading, writing)
        tables = copied_tables(writing)
        already = tally(writing, tables)
        if any(already.rows.values()):
            raise TransferError(
                _("The target database already holds data: AssocDesk copies into an empty one.")
            )
        source_tables = {table.name: table for table in copied_tables(reading)}
        expected = tally(reading, [source_tables[table.name] for table in tables])
        total = max(sum(expected.rows.values()), 1)
        done = 0
        for table in tables:
            names = [column.name for column in table.columns]
            for rows in _batches(reading, source_tables[table.name], names):
                writing.execute(insert(table), rows)
                done += len(rows)
                if progress is not None and not progress(done, total):
                    raise TransferCancelled
        _after_copy(writing, tables)
        copied = tally(writing, tables)
        differences = expected.differences(copied)
        if differences:
            log.error("copy differs from its source: %s", differences)
            raise TransferError(
                _("The copy does not match its source ({differences}); nothing was kept.").format(
                    differences="; ".join(differences[:5])
                )
            )
        return copied


@contextmanager
def _snapshot(source: Engine) -> Iterator[Connection]:
    """One reading transaction that sees the whole database at one moment, while other desks
    go on writing: on a server REPEATABLE READ (READ COMMITTED would let a gift recorded half-way
    through the copy arrive without its donor); on SQLite a read transaction already is one."""
    options = {"isolation_level": "REPEATABLE READ"} if source.dialect.name == "postgresql" else {}
    with source.connect().execution_options(**options) as connection, connection.begin():
        yield connection


def _same_revision(reading: Connection, writing: Connection) -> None:
    query = text("SELECT version_num FROM alembic_version")
    source, target = reading.scalar(query), writing.scalar(query)
    if source != target:
        raise TransferError(
            _(
                "The two databases are not at the same version of AssocDesk ({source} and "
                "{target}): open each with this AssocDesk first."
            ).format(source=source, target=target)
        )


def _after_copy(writing: Connection, tables: list[Table]) -> None:
    """A server numbers new rows from a sequence per table: move each past the copied ids, or
    the next record saved there would take an id already used."""
    if writing.dialect.name != "postgresql":
        return
    for table in tables:
        if "id" not in table.columns:
            continue
        sequence = writing.scalar(
            text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
        )
        if sequence is None:
            continue
        writing.execute(
            text(
                "SELECT setval(CAST(:sequence AS regclass), "
                f"COALESCE((SELECT max(id) FROM {table.name}), 0) + 1, false)"
            ),
            {"sequence": sequence},
        )
