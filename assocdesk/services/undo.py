"""Undo: the inverse of a command, built from the audit events the command wrote.

Every service already journals what it changes, with the values before and after
(services.audit). An undoable command is therefore known by the ids of its events alone: the
UI keeps those ids (they come back with the command's Changes, kind JOURNAL) and hands them to
:func:`undo`, which reads each event and applies its inverse through the same services (so the
undo is journaled like any change, its events marked ``"undo_of"``).

What can be undone: archiving and restoring a contact, activity or campaign; an edit of a
contact, membership, volunteer, activity or campaign; assigning a volunteer to an activity or
taking them off; marking a post as posted. Nothing about money: a donation, a dues payment or a
receipt is never undone (a receipt is voided, with a reason, never taken back silently).

An undo whose record changed since (a later event about it, or values that differ from what the
command left) or is gone is refused with :class:`Refused`, never applied blindly.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import event as orm_event
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from assocdesk.errors import UserError
from assocdesk.i18n import _
from assocdesk.models import (
    Activity,
    AuditEvent,
    Campaign,
    Contact,
    Membership,
    Skill,
    VolunteerProfile,
)
from assocdesk.models.activity import ActivityBeneficiaryGroup, ActivityRole, VolunteerAssignment
from assocdesk.models.base import Base
from assocdesk.models.post import PostRecord
from assocdesk.services import activities, campaigns, contacts
from assocdesk.services.audit import add_event, record_event, snapshot
from assocdesk.services.changes import ChangeKind, Changes
from assocdesk.text import normalize_for_search

ARCHIVE, RESTORE, EDIT, ASSIGN, UNASSIGN, POSTED = (
    "archive",
    "restore",
    "edit",
    "assign",
    "unassign",
    "posted",
)

_ARCHIVERS: dict[str, Callable[[Session, int, bool], object]] = {
    "contacts": contacts.set_archived,
    "activities": activities.set_archived,
    "campaigns": campaigns.set_archived,
}
_EDITABLE: dict[str, type[Base]] = {
    "contacts": Contact,
    "memberships": Membership,
    "volunteer_profiles": VolunteerProfile,
    "activities": Activity,
    "campaigns": Campaign,
}
_MODELS: dict[str, type[Base]] = {
    **_EDITABLE,
    "volunteer_assignments": VolunteerAssignment,
    "post_history": PostRecord,
}


class Refused(UserError):
    """The undo was not applied: the record changed since, is gone, or cannot be undone."""


@dataclass(frozen=True)
class Undoable:
    """A command that can be undone: its audit events, and what it was (ARCHIVE, EDIT …)."""

    event_ids: tuple[int, ...]
    kind: str


def event_ids_of(changes: Changes) -> tuple[int, ...]:
    """The audit events a command wrote, from what it changed (in the order written)."""
    return tuple(sorted(changes.created.get(ChangeKind.JOURNAL, ())))


def kind_of(event: AuditEvent) -> str | None:
    """What undoing ``event`` would mean, or None when it cannot be undone."""
    table, action = event.entity_type, event.action
    if table in _ARCHIVERS and action in (ARCHIVE, RESTORE):
        return action
    if table in _EDITABLE and action == "update":
        return EDIT
    if table == "volunteer_assignments":
        return {"create": ASSIGN, "delete": UNASSIGN}.get(action)
    if table == "post_history" and action == "create":
        return POSTED
    return None


def _events(session: Session, event_ids: Sequence[int]) -> list[AuditEvent]:
    found = session.scalars(select(AuditEvent).where(AuditEvent.id.in_(event_ids)))
    return sorted(found, key=lambda e: e.id)


def undoable(session: Session, event_ids: Sequence[int]) -> Undoable | None:
    """The command of ``event_ids`` as an Undoable, or None if any of its events cannot be
    undone (a receipt's, a donation's) or it wrote none."""
    events = _events(session, event_ids)
    if not events or len(events) != len(set(event_ids)):
        return None
    kinds = [kind_of(e) for e in events]
    if None in kinds:
        return None
    return Undoable(tuple(e.id for e in events), EDIT if EDIT in kinds else str(kinds[0]))


@contextmanager
def _marking(session: Session, original: int) -> Iterator[None]:
    """Mark every audit event added in the block as the undo of event ``original``."""
    added: list[AuditEvent] = []

    def collect(_session: Session, instance: object) -> None:
        if isinstance(instance, AuditEvent):
            added.append(instance)

    orm_event.listen(session, "transient_to_pending", collect)
    try:
        yield
    finally:
        orm_event.remove(session, "transient_to_pending", collect)
    for each in added:
        data = json.loads(each.changes or "{}")
        data["undo_of"] = original
        each.changes = json.dumps(data, ensure_ascii=False)


def undo(session: Session, command: Undoable) -> str:
    """Apply the inverse of ``command``'s events, newest first; return its kind.

    Refused (nothing written: the caller's transaction rolls back) when an event cannot be
    undone, its record is gone, or it changed since the command.
    """
    events = _events(session, command.event_ids)
    if len(events) != len(set(command.event_ids)) or any(kind_of(e) is None for e in events):
        raise Refused(_("This change cannot be undone."))
    _refuse_later_changes(session, events)
    for each in reversed(events):
        with _marking(session, each.id):
            _revert(session, each)
    session.flush()
    return command.kind


def _changed_since() -> Refused:
    return Refused(
        _("This cannot be undone: the record was changed since. Open it to change it back.")
    )


def _gone() -> Refused:
    return Refused(_("This cannot be undone: the record no longer exists."))


def _refuse_later_changes(session: Session, events: list[AuditEvent]) -> None:
    last = events[-1].id
    for each in events:
        later = session.scalar(
            select(func.count(AuditEvent.id)).where(
                AuditEvent.entity_type == each.entity_type,
                AuditEvent.entity_id == each.entity_id,
                AuditEvent.id > last,
            )
        )
        if later:
            raise _changed_since()


def _sides(event: AuditEvent) -> tuple[dict[str, Any], dict[str, Any]]:
    data = json.loads(event.changes or "{}")
    return data.get("before") or {}, data.get("after") or {}


def _record(session: Session, event: AuditEvent) -> Any:
    record = session.get(_MODELS[event.entity_type], event.entity_id)
    if record is None:
        raise _gone()
    return record


def _revert(session: Session, event: AuditEvent) -> None:
    kind = kind_of(event)
    before, after = _sides(event)
    if kind in (ARCHIVE, RESTORE):
        record = _record(session, event)
        if (record.archived_at is not None) != (kind == ARCHIVE):
            raise _changed_since()
        _ARCHIVERS[event.entity_type](session, event.entity_id, kind != ARCHIVE)
    elif kind == EDIT:
        _restore_values(session, _record(session, event), before, after)
    elif kind == ASSIGN:
        assignment = _record(session, event)
        _refuse_if_differs(assignment, after)
        activities.unassign(session, assignment.activity_id, assignment.contact_id)
    elif kind == UNASSIGN:
        _assign_again(session, before)
    elif kind == POSTED:
        post = _record(session, event)
        _refuse_if_differs(post, after)
        add_event(session, "delete", post, {"before": snapshot(post), "after": None})
        session.delete(post)


def _comparable(record: Base, key: str, value: Any) -> Any:
    """A stored value as the journal wrote it: a moment in UTC without its zone (SQLite gives
    them back without one)."""
    if isinstance(value, str) and _column_type(record, key) is datetime:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
        return moment.isoformat()
    return value


def _column_type(record: Base, key: str) -> type | None:
    columns = inspect(record).mapper.columns
    if key not in columns:
        return None
    try:
        return columns[key].type.python_type
    except NotImplementedError:
        return None


def _refuse_if_differs(record: Base, expected: dict[str, Any]) -> None:
    now = snapshot(record)
    for key, value in expected.items():
        if _comparable(record, key, now.get(key)) != _comparable(record, key, value):
            raise _changed_since()


def _stored(record: Base, key: str, value: Any) -> Any:
    kind = _column_type(record, key)
    if isinstance(value, str) and kind is datetime:
        return datetime.fromisoformat(value)
    if isinstance(value, str) and kind is date:
        return date.fromisoformat(value)
    return value


def _restore_values(
    session: Session, record: Any, before: dict[str, Any], after: dict[str, Any]
) -> None:
    """Put back the values an edit changed, once sure they are still what it left."""
    _refuse_if_differs(record, after)
    previous = snapshot(record)
    for key, value in before.items():
        if key == "skills":
            record.skills = _skills(session, value)
        elif key == "roles":
            _set_roles(session, record, value)
        elif key == "beneficiary_groups":
            _set_groups(record, value)
        else:
            setattr(record, key, _stored(record, key, value))
    if isinstance(record, Contact):
        record.search_text = contacts.search_key(record)
    elif isinstance(record, Activity):
        record.search_text = normalize_for_search(f"{record.title} {record.place}")
    elif isinstance(record, Campaign):
        record.search_text = normalize_for_search(record.name)
    record_event(session, "update", record, previous)


def _skills(session: Session, names: Sequence[str]) -> list[Skill]:
    found = {s.name: s for s in session.scalars(select(Skill).where(Skill.name.in_(names)))}
    if len(found) != len(set(names)):
        raise _changed_since()  # a skill was renamed or deleted since
    return [found[name] for name in names]


def _set_roles(session: Session, activity: Activity, roles: dict[str, int]) -> None:
    skills = {skill.name: skill for skill in _skills(session, list(roles))}
    for role in list(activity.roles):
        if role.skill.name not in roles:
            activity.roles.remove(role)
    kept = {role.skill.name: role for role in activity.roles}
    for name, count in roles.items():
        if name in kept:
            kept[name].count = count
        else:
            activity.roles.append(ActivityRole(skill=skills[name], count=count))


def _set_groups(activity: Activity, groups: dict[str, int]) -> None:
    for group in list(activity.beneficiary_groups):
        if group.group_code not in groups:
            activity.beneficiary_groups.remove(group)
    kept = {group.group_code: group for group in activity.beneficiary_groups}
    for code, count in groups.items():
        if code in kept:
            kept[code].count = count
        else:
            activity.beneficiary_groups.append(
                ActivityBeneficiaryGroup(group_code=code, count=count)
            )


def _assign_again(session: Session, before: dict[str, Any]) -> None:
    activity_id, contact_id = before.get("activity_id"), before.get("contact_id")
    if activity_id is None or contact_id is None:
        raise _gone()
    if session.get(Activity, activity_id) is None or session.get(Contact, contact_id) is None:
        raise _gone()
    again = session.scalar(
        select(VolunteerAssignment.id).where(
            VolunteerAssignment.activity_id == activity_id,
            VolunteerAssignment.contact_id == contact_id,
        )
    )
    if again is not None:
        raise _changed_since()  # put back on the activity since
    skill_id = before.get("skill_id")
    if skill_id is not None and session.get(Skill, skill_id) is None:
        skill_id = None
    activities.assign(
        session,
        activity_id,
        contact_id,
        before.get("role") or "",
        int(before.get("minutes") or 0),
        attended=bool(before.get("attended")),
        skill_id=skill_id,
    )
