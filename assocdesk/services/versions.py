"""Versions for the forms that edit more than one record, and for records edited through rows.

:func:`assocdesk.services.conflicts.check_version` checks one record. A member's form edits two
(the person and the membership), as does a volunteer's: :func:`check_all` checks each against the
version the form opened it on and refuses once, saying everything that changed in both, with
each record's current version (``EditConflict.versions``) so that the form's next Save
overwrites knowingly.

A record's version moves when its own row is updated. A form's change held only in linked rows
(a volunteer's skills, an activity's roles and beneficiary groups) would leave it where it was,
and another desk's form would then save over it unwarned: :func:`follow_linked_rows` moves it.

The UI's runner wraps each write in :func:`refused_as_conflict`, so that the ORM's own refusal
of a stale UPDATE reaches the form in the same words.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from assocdesk.services import conflicts
from assocdesk.services.audit import snapshot
from assocdesk.services.errors import EditConflict

# A record, the version its form was opened on (None: no form, nothing to check), its table.
Check = tuple[Any, int | None, str]


def check_all(session: Session, checks: Sequence[Check]) -> None:
    """Refuse the save (one EditConflict) if any record moved past the version it was opened
    on. ``version`` is the first record's (the form's own); ``versions`` has every one's."""
    changes: list[conflicts.TheirChange] = []
    actors: list[str] = []
    moments: list[datetime] = []
    moved = False
    for record, expected, entity_type in checks:
        if expected is None or record.version is None or record.version == expected:
            continue
        moved = True
        found, who, when = conflicts.their_changes(session, entity_type, record.id, expected)
        changes.extend(found)
        actors.extend(who)
        if when is not None:
            moments.append(when)
    if not moved:
        return
    who = tuple(dict.fromkeys(actors))
    raise EditConflict(
        conflicts.conflict_message(changes, who, max(moments, default=None)),
        checks[0][0].version,
        changes,
        who,
        {entity_type: record.version for record, _expected, entity_type in checks},
    )


@contextmanager
def refused_as_conflict() -> Iterator[None]:
    """Two desks passing the check at the same instant: the ORM refuses the second UPDATE
    (StaleDataError, the unit of work rolled back), said as an edit conflict to the form."""
    try:
        yield
    except StaleDataError as exc:
        raise conflicts.refused_update() from exc


def follow_linked_rows(session: Session, record: Any, before: dict[str, Any]) -> None:
    """Move ``record``'s version when only its linked rows changed (``before``: its snapshot
    from services.audit, which includes them); when its own row changed, the UPDATE does it."""
    with session.no_autoflush:
        if session.is_modified(record, include_collections=False):
            return
        if snapshot(record) != before:
            record.updated_at = datetime.now(UTC)  # an UPDATE, so one more version
