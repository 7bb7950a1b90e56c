"""Many rows into one table fast: one prepared INSERT, ``executemany`` in batches.

The import checks every row with the services' validation code (see plan.py), then writes them
here rather than one ORM object at a time: the ORM flushes once per audit event, which would
make 200 000 rows take minutes. Values are converted with the column types' own SQLAlchemy bind
processors, so what is stored is byte for byte what the ORM would have stored; defaults come
from the models' column defaults; every row gets its own uuid and an audit event.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from enum import Enum
from operator import itemgetter
from typing import Any

from sqlalchemy import Boolean, Table
from sqlalchemy.orm import Session

from assocdesk.models import AuditEvent
from assocdesk.models.base import utc_now
from assocdesk.services import changes
from assocdesk.storage.bulk_insert import NewIds, driver_errors, placeholder

BATCH = 5_000
UUID_BATCH_MIN, UUID_BATCH_MAX = 1_000, 131_072
_SKIPPED_IN_AUDIT = {"id", "uuid", "created_at", "updated_at", "search_text", "version"}


def _json_default(value: Any) -> Any:
    """Dates and times of an audit event's values as ISO text (what the ORM's events write)."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


# One encoder for every event: json.dumps(..., ensure_ascii=False) builds a new one per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, default=_json_default)
# Its C core, made once too (JSONEncoder.encode makes one per call: a fifth of its time). No
# check for circular references: an event's values are flat.
_C_ENCODE = (
    json.encoder.c_make_encoder(
        None, _json_default, json.encoder.encode_basestring, None, ": ", ", ", False, False, True
    )
    if json.encoder.c_make_encoder is not None
    else None
)


def event_changes(after: dict[str, Any]) -> str:
    """The ``changes`` of a creation event, as ``json.dumps({"before": None, "after": after},
    ensure_ascii=False)`` writes it."""
    encoded = "".join(_C_ENCODE(after, 0)) if _C_ENCODE is not None else _ENCODER.encode(after)
    return '{"before": null, "after": ' + encoded + "}"


def uuid4_strings(count: int) -> Iterator[str]:
    """``count`` random (version 4) UUIDs as text, from one read of the system's randomness.

    ``str(uuid.uuid4())`` costs a few microseconds per call, which a 200 000-row import pays
    twice per row (the record and its audit event); this is the same format, several times faster.
    """
    digits = os.urandom(16 * count).hex()
    for start in range(0, 32 * count, 32):
        h = digits[start : start + 32]
        variant = "89ab"[int(h[16], 16) & 3]
        yield f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant}{h[17:20]}-{h[20:]}"


class _Uuids:
    """New uuids handed out one by one, generated a batch at a time.

    Each batch is handed out in ascending order: the unique index on ``uuid`` then takes a
    batch's keys in one sweep across the index instead of all over it. Batches double in size
    (up to :data:`UUID_BATCH_MAX`): a few rows cost a small batch, and the 400 000 uuids of a
    200 000-row import (records and their events) come in a few long sweeps (~0.3 s less than
    batches of 5 000).
    """

    def __init__(self) -> None:
        self._pending: Iterator[str] = iter(())
        self._size = UUID_BATCH_MIN

    def take(self) -> str:
        value = next(self._pending, None)
        if value is None:
            self._pending = iter(sorted(uuid4_strings(self._size)))
            self._size = min(2 * self._size, UUID_BATCH_MAX)
            value = next(self._pending)
        return value


def _picker(names: list[str]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """The values of ``names`` in a dict, as a tuple (itemgetter gives a bare value for one)."""
    if len(names) == 1:
        (name,) = names
        return lambda row: (row[name],)
    if not names:
        return lambda row: ()
    return itemgetter(*names)


class BulkTable:
    """Buffered inserts into one table; ids are handed out here, so rows can point at rows
    inserted in the same import (:class:`assocdesk.storage.bulk_insert.NewIds`: ids nobody
    else can take, on either backend)."""

    def __init__(
        self,
        session: Session,
        table: Table,
        audited: bool = True,
        parents: list[BulkTable] | None = None,
    ) -> None:
        self.session = session
        self.parents = parents or []  # tables this one points at: written first
        self.table = table
        self.audited = audited
        dialect = session.get_bind().dialect
        self.columns = [c.name for c in table.columns]
        self.processors: dict[str, Callable[[Any], Any]] = {}
        self.defaults: dict[str, Any] = {}
        for column in table.columns:
            processor = column.type.dialect_impl(dialect).bind_processor(dialect)
            # Flags are bound below, as the column's backend stores them.
            if processor is not None and not isinstance(column.type, Boolean):
                self.processors[column.name] = processor
            default = column.default
            if default is not None and default.is_scalar:
                self.defaults[column.name] = default.arg
            elif default is None and column.nullable:
                self.defaults[column.name] = None
        # Flags and choices (StrEnum) bound as plain int and str: sqlite3 stores the same 1/0 and
        # text, but for any other type it first looks for an adapter (~0.3 µs per value). A
        # backend with a boolean type of its own (PostgreSQL) takes Python's True and False,
        # and refuses an int there.
        self._flags = (
            [c.name for c in table.columns if isinstance(c.type, Boolean)]
            if not dialect.supports_native_boolean
            else []
        )
        self._choices = [name for name, value in self.defaults.items() if isinstance(value, Enum)]
        self.has_id = "id" in self.columns  # with uuid, created_at, updated_at (RecordMixin)
        self.audit_columns = [c for c in self.columns if c not in _SKIPPED_IN_AUDIT]
        # A row's values in column order, and the audited ones, picked in one C call each.
        self._in_order = _picker(self.columns)
        self._audited_values = _picker(self.audit_columns)
        self.mark = placeholder(dialect)
        self.sql = (
            f"INSERT INTO {table.name} ({', '.join(self.columns)}) "
            f"VALUES ({', '.join(self.mark for _ in self.columns)})"
        )
        self.rows: list[tuple[Any, ...]] = []
        self.events: list[tuple[Any, ...]] = []
        self.ids = NewIds(session, table) if self.has_id else None
        self.now = utc_now()
        self.stamp: Any = None
        if self.has_id:
            # The same instant for every row, converted once (psycopg takes a datetime as it is).
            stamp = self.processors.pop("created_at", None)
            self.processors.pop("updated_at", None)
            self.stamp = stamp(self.now) if stamp is not None else self.now
        self.uuids = _Uuids()
        self.count = 0

    @property
    def next_id(self) -> int:
        """The id the next row added gets, on SQLite (before any row: the import's first). On
        PostgreSQL ids come from the sequence in batches and this is 0: nothing needs it there.
        """
        return self.ids.next_id if self.ids is not None else 0

    def add(self, values: Mapping[str, Any]) -> int:
        """Queue one row (missing columns take their defaults); return its id."""
        row = {**self.defaults, **values}
        # Audited as given (dates as dates): only date and time columns have processors here.
        after = self._audit_values(row) if self.audited else None
        for name, processor in self.processors.items():
            if row[name] is not None:
                row[name] = processor(row[name])
        for name in self._flags:
            if row[name] is not None:
                row[name] = int(row[name])
        for name in self._choices:
            if isinstance(row[name], Enum):
                row[name] = row[name].value
        row_id = 0
        if self.ids is not None:
            row_id = self.ids.take()
            row["id"] = row_id
            row["uuid"] = self.uuids.take()
            # The same instant for every row: converted once.
            row["created_at"] = row["updated_at"] = self.stamp
        self.rows.append(self._in_order(row))
        if after is not None:
            self.events.append((row_id, row["uuid"], after))
        self.count += 1
        if len(self.rows) >= BATCH:
            self.flush()
        return row_id

    def _audit_values(self, row: dict[str, Any]) -> dict[str, Any]:
        """The row's values as a creation event keeps them: the empty ones left out, as
        :func:`assocdesk.services.audit.given_values` does (a column holds no list or dict)."""
        return {
            name: value
            for name, value in zip(self.audit_columns, self._audited_values(row), strict=True)
            if value is not None and value is not False and value != ""
        }

    def flush(self) -> None:
        for parent in self.parents:
            parent.flush()
        if not self.rows:
            return
        position = self.columns.index("id") if self.has_id else None
        ids = [row[position] for row in self.rows] if position is not None else []
        had_events = bool(self.events)
        with driver_errors(self.session, self.sql):
            cursor = self.session.connection().connection.cursor()
            try:
                cursor.executemany(self.sql, self.rows)
                if self.events:
                    _write_events(self, cursor)
            finally:
                cursor.close()
        self.rows, self.events = [], []
        # The cursor is below SQLAlchemy's events: say what was written, for the lists.
        changes.record(self.session, str(self.table.name), created=ids or None)
        if had_events:
            changes.record(self.session, "audit_events")


_EVENTS = AuditEvent.__table__


def _write_events(table: BulkTable, cursor: Any) -> None:
    dialect = table.session.get_bind().dialect
    processor = _EVENTS.c.occurred_at.type.dialect_impl(dialect).bind_processor(dialect)
    stamp = processor(table.now) if processor is not None else table.now
    # A plain str: sqlite3 would look up an adapter on SQLAlchemy's quoted_name for every row.
    entity_type = str.__str__(table.table.name)
    take = table.uuids.take
    rows = [
        (
            take(),
            stamp,
            stamp,
            stamp,
            "import",
            entity_type,
            entity_id,
            entity_uuid,
            event_changes(after),
        )
        for entity_id, entity_uuid, after in table.events
    ]
    marks = ", ".join([table.mark] * 9)
    cursor.executemany(
        "INSERT INTO audit_events (uuid, created_at, updated_at, occurred_at, action, "
        f"entity_type, entity_id, entity_uuid, changes) VALUES ({marks})",
        rows,
    )
