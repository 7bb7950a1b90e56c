"""Writing the audit trail: one event per create/update/archive/void, in the same transaction."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from assocdesk.models import AuditEvent
from assocdesk.models.base import Base

_SKIPPED = {"id", "uuid", "created_at", "updated_at", "search_text"}


def snapshot(record: Base) -> dict[str, Any]:
    """The record's column values as JSON-ready data (dates as ISO text)."""
    values: dict[str, Any] = {}
    for column in inspect(record).mapper.column_attrs:
        if column.key in _SKIPPED:
            continue
        value = getattr(record, column.key)
        values[column.key] = value.isoformat() if isinstance(value, date | datetime) else value
    return values


def record_event(
    session: Session,
    action: str,
    record: Base,
    before: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event; for an update only the fields that changed are kept."""
    session.flush()
    after = snapshot(record)
    if before is not None:
        changed = {key for key in after if before.get(key) != after[key]}
        before = {key: before.get(key) for key in changed}
        after = {key: after[key] for key in changed}
    event = AuditEvent(
        action=action,
        entity_type=record.__tablename__,
        entity_id=record.id,  # type: ignore[attr-defined]
        entity_uuid=record.uuid,  # type: ignore[attr-defined]
        changes=json.dumps({"before": before, "after": after}, ensure_ascii=False),
    )
    session.add(event)
    return event
