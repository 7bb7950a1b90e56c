"""Nobody overwrites anybody: a form saved over a record someone changed meanwhile is refused.

A form remembers the ``version`` of the record it was opened on and sends it with its values.
When the record is at another version by the time it is saved, another desk (or another window)
saved it in between: the save is refused with :class:`EditConflict`, whose message says who
changed what (from the journal: each event keeps the version it gave the record), and the form
keeps what was typed. Saving again from the form then overwrites knowingly: the conflict carries
the version the form must send to do so.

Inside one save, SQLAlchemy's ``version_id_col`` catches the last race (two desks passing this
check at the same moment): the second UPDATE matches no row and fails, and the transaction is
rolled back (:func:`refused_update` words it the same way).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from assocdesk.i18n import _, current_language, is_rtl
from assocdesk.journal_labels import as_local
from assocdesk.models import AuditEvent
from assocdesk.services import journal
from assocdesk.services.errors import EditConflict
from assocdesk.text.bidi import isolate_auto


@dataclass(frozen=True)
class TheirChange:
    """One field another person changed: its label, its value before and after, as read."""

    label: str
    before: str
    after: str


def their_changes(
    session: Session, entity_type: str, entity_id: int, since_version: int
) -> tuple[list[TheirChange], tuple[str, ...], datetime | None]:
    """What was changed in the record after ``since_version``: each field once, from its value
    then to its value now; who changed it; when last."""
    events = session.execute(
        select(AuditEvent.id, AuditEvent.actor, AuditEvent.occurred_at)
        .where(
            AuditEvent.entity_type == entity_type,
            AuditEvent.entity_id == entity_id,
            AuditEvent.record_version > since_version,
        )
        .order_by(AuditEvent.id)
    ).all()
    if not events:
        return [], (), None
    locale = current_language()
    merged: dict[str, list[str]] = {}
    for row in journal.rows(session, [event.id for event in events]):
        for change in journal.changes(row, locale):
            if change.label in merged:
                merged[change.label][1] = change.after
            else:
                merged[change.label] = [change.before, change.after]
    changes = [
        TheirChange(label, before, after)
        for label, (before, after) in merged.items()
        if before != after
    ]
    actors = tuple(dict.fromkeys(event.actor for event in events if event.actor))
    return changes, actors, events[-1].occurred_at


def check_version(session: Session, record: object, expected: int | None, entity_type: str) -> None:
    """Refuse the save (EditConflict) when ``record`` is no longer at ``expected``; None (a
    form of before this check, a command line, an import) checks nothing."""
    current = getattr(record, "version", None)
    if expected is None or current is None or current == expected:
        return
    changes, actors, when = their_changes(session, entity_type, record.id, expected)  # type: ignore[attr-defined]
    raise EditConflict(conflict_message(changes, actors, when), current, changes, actors)


def conflict_message(
    changes: list[TheirChange], actors: tuple[str, ...], when: datetime | None
) -> str:
    names = (isolate_auto(actor) if is_rtl() else actor for actor in actors)
    who = ", ".join(names) or _("Someone")
    moment = as_local(when).strftime("%H:%M") if when is not None else ""
    if changes:
        lines = "\n".join(
            _("• {field}: {before} → {after}").format(
                field=change.label, before=change.before, after=change.after
            )
            for change in changes
        )
        head = _("{who} saved this record at {time}, while you were editing it:").format(
            who=who, time=moment
        )
        return "\n".join(
            (
                head,
                lines,
                _(
                    "What you typed is still in the form. Save again to replace their changes "
                    "with yours, or Cancel to keep theirs."
                ),
            )
        )
    return _(
        "{who} saved this record while you were editing it. What you typed is still in the "
        "form. Save again to replace their version with yours, or Cancel to keep theirs."
    ).format(who=who)


def refused_update() -> EditConflict:
    """The last race, caught by the ORM (StaleDataError): no details, the same advice."""
    return EditConflict(conflict_message([], (), None), 0)
