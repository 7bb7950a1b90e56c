"""Many rows into one table fast: one prepared INSERT, ``executemany`` in batches.

The import checks every row with the services' validation code (see plan.py), then writes them
here rather than one ORM object at a time: the ORM flushes once per audit event, which would
make 200 000 rows take minutes. Values are converted with the column types' own SQLAlchemy bind
processors, so what is stored is byte for byte what the ORM would have stored; defaults come
from the models' column defaults; every row gets its own uuid and an audit event.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Table, func, select
from sqlalchemy.orm import Session

from assocdesk.models import AuditEvent
from assocdesk.models.base import new_uuid, utc_now

BATCH = 5_000
_SKIPPED_IN_AUDIT = {"id", "uuid", "created_at", "updated_at", "search_text"}


def _json_ready(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


class BulkTable:
    """Buffered inserts into one table; ids are handed out here, so rows can point at rows
    inserted in the same import (the write lock is held: nobody else can take an id)."""

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
            # sqlite3 stores Python's True/False as 1/0 itself: no need to convert them.
            if processor is not None and not isinstance(column.type, Boolean):
                self.processors[column.name] = processor
            default = column.default
            if default is not None and default.is_scalar:
                self.defaults[column.name] = default.arg
            elif default is None and column.nullable:
                self.defaults[column.name] = None
        self.has_id = "id" in self.columns  # with uuid, created_at, updated_at (RecordMixin)
        self.audit_columns = [c for c in self.columns if c not in _SKIPPED_IN_AUDIT]
        self.sql = (
            f"INSERT INTO {table.name} ({', '.join(self.columns)}) "
            f"VALUES ({', '.join('?' for _ in self.columns)})"
        )
        self.rows: list[tuple[Any, ...]] = []
        self.events: list[tuple[Any, ...]] = []
        self.next_id = (
            (session.scalar(select(func.max(table.c.id))) or 0) + 1 if "id" in self.columns else 0
        )
        self.now = utc_now()
        self.stamp = None
        if self.has_id:
            self.stamp = self.processors.pop("created_at")(self.now)
            self.processors.pop("updated_at")
        self.count = 0

    def add(self, values: dict[str, Any]) -> int:
        """Queue one row (missing columns take their defaults); return its id."""
        row = {**self.defaults, **values}
        if self.has_id:
            row["id"] = self.next_id
            self.next_id += 1
            row["uuid"] = new_uuid()
        for name, processor in self.processors.items():
            if row[name] is not None:
                row[name] = processor(row[name])
        if self.has_id:  # the same instant for every row: converted once
            row["created_at"] = row["updated_at"] = self.stamp
        self.rows.append(tuple(row[name] for name in self.columns))
        if self.audited:
            after = {k: _json_ready(values.get(k, row[k])) for k in self.audit_columns}
            self.events.append((row["id"], row["uuid"], after))
        self.count += 1
        if len(self.rows) >= BATCH:
            self.flush()
        return row.get("id", 0)

    def flush(self) -> None:
        for parent in self.parents:
            parent.flush()
        if not self.rows:
            return
        cursor = self.session.connection().connection.cursor()
        try:
            cursor.executemany(self.sql, self.rows)
            if self.events:
                _write_events(self.session, cursor, self.table.name, self.events, self.now)
        finally:
            cursor.close()
        self.rows, self.events = [], []


_EVENTS = AuditEvent.__table__


def _write_events(
    session: Session, cursor: Any, entity_type: str, events: list[tuple[Any, ...]], now: datetime
) -> None:
    dialect = session.get_bind().dialect
    stamp = _EVENTS.c.occurred_at.type.dialect_impl(dialect).bind_processor(dialect)(now)
    rows = [
        (
            new_uuid(),
            stamp,
            stamp,
            stamp,
            "import",
            entity_type,
            entity_id,
            entity_uuid,
            json.dumps({"before": None, "after": after}, ensure_ascii=False),
        )
        for entity_id, entity_uuid, after in events
    ]
    cursor.executemany(
        "INSERT INTO audit_events (uuid, created_at, updated_at, occurred_at, action, "
        "entity_type, entity_id, entity_uuid, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
