"""Reading the journal (the audit trail): filter, page, and describe what each event changed.

Read-only by design: this module offers no way to change an event, and neither does the app.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import Session, joinedload

from assocdesk import journal_labels
from assocdesk.i18n import _, is_rtl
from assocdesk.models import (
    Activity,
    AssociationProfile,
    AuditEvent,
    Campaign,
    Contact,
    Donation,
    DuesFee,
    DuesPayment,
    Membership,
    VolunteerAssignment,
    VolunteerProfile,
)
from assocdesk.services import contact_search
from assocdesk.services.common import Page, id_list, in_id_order
from assocdesk.services.contact_names import display_name
from assocdesk.text import normalize_for_search

# Events that bring a record into being: they list the values it started with.
CREATIONS = ("create", "import")


@dataclass(frozen=True)
class JournalFilter:
    """What the Journal page asks for; empty values do not filter."""

    entity_type: str = ""
    action: str = ""
    since: date | None = None
    until: date | None = None
    search: str = ""


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class JournalRow:
    id: int
    occurred_at: datetime
    action: str
    entity_type: str
    entity_id: int
    record: str  # the record's name or number as it is now
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    redacted: tuple[str, ...] = ()
    erased_fields: tuple[str, ...] = ()  # for an "erase" event: which fields were cleared
    currency: str | None = None
    names: dict[tuple[str, int], str] = field(default_factory=dict)


def _local_midnight_utc(day: date) -> datetime:
    """The start of ``day`` on this computer's clock, in UTC as events are stored."""
    return datetime.combine(day, time.min).astimezone().astimezone(UTC)


def _search_clause(search: str):
    """Events whose changes mention ``search``, or whose record's name or number matches it."""
    text = search.strip()
    if not text:
        return None
    key = normalize_for_search(text)
    people = contact_search.matching_ids_clause(text)
    people_ids = select(Contact.id).where(people) if people is not None else None

    def about_people(column):
        return column.in_(people_ids) if people_ids is not None else false()

    def of(entity_type: str, ids_query) -> Any:
        return and_(AuditEvent.entity_type == entity_type, AuditEvent.entity_id.in_(ids_query))

    titled = [Activity.search_text.contains(word, autoescape=True) for word in key.split()]
    named = [Campaign.search_text.contains(word, autoescape=True) for word in key.split()]
    clauses = [
        AuditEvent.changes.contains(text, autoescape=True),
        of("contacts", select(Contact.id).where(about_people(Contact.id))),
        of(
            "memberships",
            select(Membership.id).where(
                or_(
                    about_people(Membership.contact_id),
                    Membership.number.contains(text, autoescape=True),
                )
            ),
        ),
        of(
            "volunteer_profiles",
            select(VolunteerProfile.id).where(about_people(VolunteerProfile.contact_id)),
        ),
        of(
            "donations",
            select(Donation.id).where(
                or_(
                    about_people(Donation.contact_id),
                    Donation.receipt_number.contains(text, autoescape=True),
                )
            ),
        ),
    ]
    if key:
        clauses += [
            of("activities", select(Activity.id).where(*titled)),
            of("campaigns", select(Campaign.id).where(*named)),
            of(
                "volunteer_assignments",
                select(VolunteerAssignment.id)
                .join(Activity, Activity.id == VolunteerAssignment.activity_id)
                .where(or_(and_(*titled), about_people(VolunteerAssignment.contact_id))),
            ),
        ]
    return or_(*clauses)


def ids(session: Session, query: JournalFilter) -> Sequence[int]:
    """Event ids, newest first."""
    statement = select(AuditEvent.id)
    if query.entity_type:
        statement = statement.where(AuditEvent.entity_type == query.entity_type)
    if query.action:
        statement = statement.where(AuditEvent.action == query.action)
    if query.since is not None:
        statement = statement.where(AuditEvent.occurred_at >= _local_midnight_utc(query.since))
    if query.until is not None:
        end = _local_midnight_utc(query.until + timedelta(days=1))
        statement = statement.where(AuditEvent.occurred_at < end)
    clause = _search_clause(query.search)
    if clause is not None:
        statement = statement.where(clause)
    order = (AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    return id_list(session, statement.order_by(*order))


def _record_names(
    session: Session, wanted: dict[str, set[int]], language: str
) -> dict[tuple[str, int], str]:
    """(record type, id) → the record's name or number today, for a page of events."""
    names: dict[tuple[str, int], str] = {}

    def rows(model, type_name: str, *load):  # type: ignore[no-untyped-def]
        chosen = wanted.get(type_name)
        if not chosen:
            return []
        return session.scalars(select(model).where(model.id.in_(chosen)).options(*load))

    for c in rows(Contact, "contacts"):
        names["contacts", c.id] = display_name(c)
    for m in rows(Membership, "memberships", joinedload(Membership.contact)):
        names["memberships", m.id] = f"{m.number} — {display_name(m.contact)}"
    for v in rows(VolunteerProfile, "volunteer_profiles", joinedload(VolunteerProfile.contact)):
        names["volunteer_profiles", v.id] = display_name(v.contact)
    for d in rows(Donation, "donations", joinedload(Donation.contact)):
        donor = display_name(d.contact) if d.contact else _("Anonymous")
        names["donations", d.id] = f"{d.receipt_number} — {donor}"
    for c in rows(Campaign, "campaigns"):
        names["campaigns", c.id] = c.name
    for a in rows(Activity, "activities"):
        names["activities", a.id] = a.title
    for a in rows(
        VolunteerAssignment, "volunteer_assignments", joinedload(VolunteerAssignment.contact)
    ):
        activity = session.get(Activity, a.activity_id)
        title = activity.title if activity else f"#{a.activity_id}"
        names["volunteer_assignments", a.id] = f"{title} — {display_name(a.contact)}"
    for d in rows(
        DuesPayment,
        "dues_payments",
        joinedload(DuesPayment.membership).joinedload(Membership.contact),
    ):
        names["dues_payments", d.id] = f"{d.receipt_number} — {display_name(d.membership.contact)}"
    for f in rows(DuesFee, "dues_fees"):
        names["dues_fees", f.id] = f"{f.category or '—'} {f.year}"
    for p in rows(AssociationProfile, "association_profile"):
        names["association_profile", p.id] = p.name_in(language)
    return names


def _currencies(session: Session, wanted: dict[str, set[int]]) -> dict[tuple[str, int], str]:
    found: dict[tuple[str, int], str] = {}
    for model, type_name in (
        (Donation, "donations"),
        (Campaign, "campaigns"),
        (Activity, "activities"),
        (DuesPayment, "dues_payments"),
        (DuesFee, "dues_fees"),
    ):
        chosen = wanted.get(type_name)
        if chosen:
            for record_id, currency in session.execute(
                select(model.id, model.currency).where(model.id.in_(chosen))
            ):
                found[type_name, record_id] = currency
    return found


def rows(session: Session, event_ids: Sequence[int], language: str = "") -> list[JournalRow]:
    if not event_ids:
        return []
    events = list(session.scalars(select(AuditEvent).where(AuditEvent.id.in_(event_ids))))
    wanted: dict[str, set[int]] = defaultdict(set)
    parsed: dict[int, dict[str, Any]] = {}
    for event in events:
        wanted[event.entity_type].add(event.entity_id)
        data = json.loads(event.changes or "{}")
        parsed[event.id] = data
        for side in ("before", "after"):
            for key, value in (data.get(side) or {}).items():
                if key in journal_labels.LINKED and isinstance(value, int):
                    wanted[journal_labels.LINKED[key]].add(value)
    names = _record_names(session, wanted, language)
    currencies = _currencies(session, wanted)
    by_id = {}
    for event in events:
        data = parsed[event.id]
        before, after = data.get("before") or {}, data.get("after") or {}
        key = (event.entity_type, event.entity_id)
        by_id[event.id] = JournalRow(
            id=event.id,
            occurred_at=event.occurred_at,
            action=event.action,
            entity_type=event.entity_type,
            entity_id=event.entity_id,
            record=names.get(key, f"#{event.entity_id}"),
            before=before,
            after=after,
            redacted=tuple(data.get("redacted", ())),
            erased_fields=tuple(data.get("erased", ())),
            currency=after.get("currency") or before.get("currency") or currencies.get(key),
            names=names,
        )
    return in_id_order(by_id, event_ids)


def list_events(
    session: Session, query: JournalFilter = JournalFilter(), offset: int = 0, limit: int = 100
) -> Page[JournalRow]:
    found = ids(session, query)
    return Page(rows(session, found[offset : offset + limit]), len(found), offset)


def changes(row: JournalRow, locale: str) -> list[FieldChange]:
    """The fields an event touched, each with its value before and after, as people read them.

    A creation (typed or imported) lists the values it was created with, empty ones left out (older
    events still hold them); an erased value reads "(erased)".
    """
    fields = list(row.after) + [key for key in row.before if key not in row.after]
    if row.action in CREATIONS:
        fields = [key for key in fields if row.after.get(key) not in (None, "", False, [], {}, 0)]
    if row.action == "erase":
        fields = list(row.erased_fields)

    def text(side: dict[str, Any], key: str) -> str:
        if key in row.redacted and side.get(key) is None:
            return _("(erased)")
        return journal_labels.value_text(
            row.entity_type,
            key,
            side.get(key),
            locale=locale,
            currency=row.currency,
            names=row.names,
        )

    result = []
    for key in fields:
        if row.action == "erase":
            before, after = _("(erased)"), journal_labels.EMPTY
        else:
            before = journal_labels.EMPTY if row.action in CREATIONS else text(row.before, key)
            after = text(row.after, key)
        result.append(FieldChange(key, journal_labels.field_label(key), before, after))
    return result


def summary(row: JournalRow, locale: str, limit: int = 6) -> str:
    """One line for a table cell: "Phone: 0612… → 0661…; City: Fès → Rabat"."""
    every = changes(row, locale)
    parts = []
    for change in every[:limit]:
        if row.action in CREATIONS:
            parts.append(_("{field}: {value}").format(field=change.label, value=change.after))
        else:
            # Translated as a whole: French spaces its colon, Arabic points its arrow leftwards.
            parts.append(
                _("{field}: {before} → {after}").format(
                    field=change.label, before=change.before, after=change.after
                )
            )
    if len(every) > limit:
        parts.append(_("{count} more").format(count=len(every) - limit))
    return ("؛ " if is_rtl() else "; ").join(parts)


def entity_types(session: Session) -> list[str]:
    """The record types the journal holds, for the filter's choices."""
    return list(session.scalars(select(AuditEvent.entity_type).distinct()))
