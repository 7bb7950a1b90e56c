"""Writing the audit trail: one event per create/update/archive/void, in the same transaction.

Events are only ever added by services; nothing in the app edits or deletes one. The single
exception is :func:`redact`, used when a person's data is erased on request: an audit trail that
kept their old name and address would make the erasure pointless (see services.privacy).
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterable
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from assocdesk.models import Activity, AuditEvent, VolunteerProfile
from assocdesk.models.base import Base

_SKIPPED = {"id", "uuid", "created_at", "updated_at", "search_text", "version"}


@cache
def computer_user() -> str:
    """Who changes the SQLite file: this computer's user (on a server, the server writes the
    session's login itself, whatever this says)."""
    try:
        return getpass.getuser()[:100]
    except (OSError, KeyError):
        return ""


def _related(record: Base) -> dict[str, Any]:
    """Values held in linked rows that a person edits in the same form as the record."""
    if isinstance(record, VolunteerProfile):
        return {"skills": sorted(skill.name for skill in record.skills)}
    if isinstance(record, Activity):
        groups = {group.group_code: group.count for group in record.beneficiary_groups}
        roles = {role.skill.name: role.count for role in record.roles}
        return {
            "beneficiary_groups": dict(sorted(groups.items())),
            "roles": dict(sorted(roles.items())),
        }
    return {}


def is_empty(value: Any) -> bool:
    """A value a new record leaves unset: no text, no choice, an unticked box, an empty list."""
    return value is None or value is False or (isinstance(value, str | list | dict) and not value)


def given_values(values: dict[str, Any]) -> dict[str, Any]:
    """What a creation event keeps: the values given, not the empty ones.

    A creation event lists what the record was created with; an absent field was empty. Keeping
    the empty ones doubled the journal's share of the file (an imported contact's event went from
    ~130 to ~460 bytes), and the journal never showed them.
    """
    return {key: value for key, value in values.items() if not is_empty(value)}


def snapshot(record: Base) -> dict[str, Any]:
    """The record's column values as JSON-ready data (dates as ISO text)."""
    values: dict[str, Any] = {}
    for column in inspect(record).mapper.column_attrs:
        if column.key in _SKIPPED:
            continue
        value = getattr(record, column.key)
        values[column.key] = value.isoformat() if isinstance(value, date | datetime) else value
    values.update(_related(record))
    return values


def record_event(
    session: Session,
    action: str,
    record: Base,
    before: dict[str, Any] | None = None,
) -> AuditEvent | None:
    """Add an audit event; for an update only the fields that changed are kept.

    An update that changed nothing (a form saved as it was) leaves no event: the journal lists
    what happened, not every press of Save.
    """
    session.flush()
    after = snapshot(record)
    if before is None:
        after = given_values(after)
    else:
        changed = [key for key in after if before.get(key) != after[key]]  # in column order
        if not changed and action == "update":
            return None
        before = {key: before.get(key) for key in changed}
        after = {key: after[key] for key in changed}
    return add_event(session, action, record, {"before": before, "after": after})


def add_event(session: Session, action: str, record: Base, changes: dict[str, Any]) -> AuditEvent:
    event = AuditEvent(
        action=action,
        entity_type=record.__tablename__,
        entity_id=record.id,  # type: ignore[attr-defined]
        entity_uuid=record.uuid,  # type: ignore[attr-defined]
        changes=json.dumps(changes, ensure_ascii=False),
        actor=computer_user(),
        # after record_event's flush: the version this change gave the record
        record_version=getattr(record, "version", None),
    )
    session.add(event)
    return event


def redact(session: Session, entity_type: str, entity_id: int, fields: Iterable[str]) -> int:
    """Blank ``fields`` in every past event about one record; returns how many were changed.

    A blanked value becomes None and its name is listed under "redacted", so the journal can
    still say *that* the field changed, and when, without saying what it was.
    """
    fields = set(fields)
    changed = 0
    events = session.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id
        )
    )
    for event in events:
        data = json.loads(event.changes or "{}")
        hit: set[str] = set()
        for side in ("before", "after"):
            values = data.get(side) or {}
            for key in fields.intersection(values):
                if values[key] not in (None, "", False, []):
                    values[key] = None
                    hit.add(key)
        if hit:
            data["redacted"] = sorted(hit.union(data.get("redacted", [])))
            event.changes = json.dumps(data, ensure_ascii=False)
            changed += 1
    return changed
