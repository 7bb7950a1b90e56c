"""A person's rights over their data: see everything held about them, and have it erased.

Subject access gathers the contact, membership and dues, volunteer profile and assignments,
donations and every journal event about those records into one JSON-ready dict.

Erasure anonymizes rather than deletes, because the association's accounts must still add up:

- the contact keeps its row (memberships, volunteer hours and the receipt book point at it) but
  its name becomes a placeholder and every personal detail is cleared; it is archived and can no
  longer be edited or restored;
- the person's donations become anonymous gifts: amount, date, method, campaign, status and
  receipt number stay (the receipt book has no hole), their free-text notes are cleared. Receipts
  already printed are paper or PDF files outside the database and are not touched; the receipt
  chain (ids and amounts, never a name) gets a "donor" link for each issued or void one;
- the volunteer profile loses its skills and weekly availability; assignments (hours given to
  activities) stay, for the activities' figures;
- past journal events about these records have the personal values blanked (see
  :func:`assocdesk.services.audit.redact`). Keeping them would keep the data the person asked to
  have erased, so the journal still shows *that* a field changed and when, not what it was. The
  erasure itself is journaled without any of the erased values;
- the old copies of the erased values are then cleared from the storage, as far as the backend
  allows (:mod:`assocdesk.storage.freed_space`). On the SQLite file the transaction zeroes what
  it frees (``secure_delete``) and rebuilds the search index; :func:`scrub_file` then rewrites
  the file (VACUUM, in memory) and empties the write-ahead log, so no old copy stays in free
  pages. On a PostgreSQL server the old row versions stay until VACUUM removes them, which
  :func:`scrub_file` runs on the tables the erasure touched once no other desk's transaction
  still sees them; the freed space is not zeroed, and the server's log and its backups keep
  them until recycled (the server administrator's part). Older backups still hold the data:
  the app says so before erasing.

Everything else that names the person is found by :mod:`assocdesk.services.erase_scan`, by id
and by value: contacts merged into this one (and their journal events), any journal event, gifts
in kind, donation and dues notes, photo captions, published posts, other contacts' notes. Found
values become the placeholder. An activity's or campaign's description is not changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from assocdesk.i18n import _
from assocdesk.models import (
    Activity,
    AuditEvent,
    Donation,
    DuesPayment,
    Membership,
    VolunteerAssignment,
    VolunteerProfile,
)
from assocdesk.services import association, contacts, erase_scan, receipt_chain
from assocdesk.services.audit import add_event, redact, snapshot
from assocdesk.services.errors import ValidationError
from assocdesk.storage import freed_space, search_index
from assocdesk.storage.engine import Database
from assocdesk.text.money import from_minor

FORMAT = "assocdesk-subject-access"
# Contact columns cleared on erasure (name gets the placeholder instead).
PERSONAL_FIELDS = (
    "name",
    "phone",
    "email",
    "address",
    "city",
    "country",
    "preferred_language",
    "is_minor",
    "date_of_birth",
    "gender",
    "id_kind",
    "id_number",
    "consent_publish_name",
    "consent_publish_photo",
    "consent_contact",
    "consent_publish_name_at",
    "consent_publish_photo_at",
    "consent_contact_at",
    "notes",
)
CLEARED_VALUES: dict[str, Any] = {
    "phone": "",
    "email": "",
    "address": "",
    "city": "",
    "country": "",
    "preferred_language": None,
    "is_minor": False,
    "date_of_birth": None,
    "gender": None,
    "id_kind": "",
    "id_number": "",
    "consent_publish_name": False,
    "consent_publish_photo": False,
    "consent_contact": False,
    "consent_publish_name_at": None,
    "consent_publish_photo_at": None,
    "consent_contact_at": None,
    "notes": "",
}
DONATION_PERSONAL_FIELDS = ("notes",)
VOLUNTEER_PERSONAL_FIELDS = ("skills", "availability")
# The tables an erasure may write to (its own records, the journal, free text elsewhere): those
# whose old row versions scrub_file clears on a server.
ERASED_TABLES = tuple(
    sorted(
        {
            "contacts",
            "audit_events",
            "donations",
            "volunteer_profiles",
            "volunteer_skills",
            "receipt_chain_links",
            "import_mappings",
        }
        | {model.__tablename__ for model, _column in erase_scan.TEXT_COLUMNS}
    )
)


def _jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _about(session: Session, contact_id: int) -> list[tuple[str, list[int]]]:
    """The records that are about one person: (record type, ids), as the journal names them."""

    def ids_of(model: Any, column: Any) -> list[int]:
        return list(session.scalars(select(model.id).where(column == contact_id)))

    return [
        ("contacts", [contact_id]),
        ("memberships", ids_of(Membership, Membership.contact_id)),
        ("volunteer_profiles", ids_of(VolunteerProfile, VolunteerProfile.contact_id)),
        ("volunteer_assignments", ids_of(VolunteerAssignment, VolunteerAssignment.contact_id)),
        ("donations", ids_of(Donation, Donation.contact_id)),
    ]


def event_ids(session: Session, contact_id: int) -> list[int]:
    """Journal events about the person and their records, oldest first."""
    about = dict(_about(session, contact_id))
    # A duplicate merged into this contact was the same person: its history is theirs too.
    about["contacts"] = erase_scan.absorbed_ids(session, contact_id)
    clauses = [
        (AuditEvent.entity_type == entity_type) & AuditEvent.entity_id.in_(entity_ids)
        for entity_type, entity_ids in about.items()
        if entity_ids
    ]
    return list(
        session.scalars(
            select(AuditEvent.id)
            .where(or_(*clauses))
            .order_by(AuditEvent.occurred_at, AuditEvent.id)
        )
    )


def _events(session: Session, contact_id: int) -> list[dict[str, Any]]:
    wanted = event_ids(session, contact_id)
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.id.in_(wanted))
        .order_by(AuditEvent.occurred_at, AuditEvent.id)
    )
    return [
        {
            "occurred_at": _jsonable(event.occurred_at),
            "action": event.action,
            "record_type": event.entity_type,
            "record_id": event.entity_id,
            "changes": json.loads(event.changes or "{}"),
        }
        for event in events
    ]


def subject_access(session: Session, contact_id: int, now: datetime | None = None) -> dict:
    """Everything the database holds about one person, as JSON-ready data."""
    contact = contacts.get(session, contact_id)
    profile = association.get(session)
    membership = session.scalar(select(Membership).where(Membership.contact_id == contact_id))
    volunteer = session.scalar(
        select(VolunteerProfile).where(VolunteerProfile.contact_id == contact_id)
    )
    assignments = list(
        session.scalars(
            select(VolunteerAssignment)
            .where(VolunteerAssignment.contact_id == contact_id)
            .order_by(VolunteerAssignment.id)
        )
    )
    gifts = list(
        session.scalars(
            select(Donation)
            .where(Donation.contact_id == contact_id)
            .order_by(Donation.donated_on, Donation.receipt_year, Donation.receipt_seq)
            .options(joinedload(Donation.campaign))
        )
    )
    dues: list[DuesPayment] = []
    if membership is not None:
        dues = list(
            session.scalars(
                select(DuesPayment)
                .where(DuesPayment.membership_id == membership.id)
                .order_by(DuesPayment.period_year)
            )
        )
    person = {"uuid": contact.uuid, "created_at": _jsonable(contact.created_at)}
    person |= {key: _jsonable(value) for key, value in snapshot(contact).items()}
    result: dict[str, Any] = {
        "format": FORMAT,
        "version": 1,
        "generated_at": _jsonable(now or datetime.now(UTC)),
        "association": profile.name_in(profile.default_language) if profile else "",
        "contact": person,
        "membership": None,
        "dues": [
            {
                "year": d.period_year,
                "amount": str(from_minor(d.amount_minor, d.currency)),
                "currency": d.currency,
                "paid_on": _jsonable(d.paid_on),
            }
            for d in dues
        ],
        "volunteer": None,
        "assignments": [],
        "donations": [],
    }
    if membership is not None:
        result["membership"] = {k: _jsonable(v) for k, v in snapshot(membership).items()}
    if volunteer is not None:
        result["volunteer"] = {k: _jsonable(v) for k, v in snapshot(volunteer).items()}
    for assignment in assignments:
        activity = session.get(Activity, assignment.activity_id)
        result["assignments"].append(
            {
                "activity": activity.title if activity else None,
                "starts_at": _jsonable(activity.starts_at) if activity else None,
                "role": assignment.role,
                "minutes": assignment.minutes,
            }
        )
    for gift in gifts:
        result["donations"].append(
            {
                "receipt_number": gift.receipt_number,
                "donated_on": _jsonable(gift.donated_on),
                "amount": str(from_minor(gift.amount_minor, gift.currency)),
                "currency": gift.currency,
                "method": gift.method,
                "in_kind_description": gift.in_kind_description,
                "campaign": gift.campaign.name if gift.campaign else None,
                "status": gift.status,
                "void_reason": gift.void_reason,
                "notes": gift.notes,
                "receipt_issued_at": _jsonable(gift.receipt_issued_at),
            }
        )
    result["audit_events"] = _events(session, contact.id)
    return result


def subject_access_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


@dataclass(frozen=True)
class Erasure:
    contact_id: int
    donations: int  # made anonymous
    events_redacted: int


def erase(session: Session, contact_id: int, now: datetime | None = None) -> Erasure:
    """Anonymize a person (see the module's docstring for what is kept and why).

    Run :func:`scrub_file` after the commit, so no old copy stays in the file's free space.
    """
    freed_space.zero_what_is_freed(session)
    contact = contacts.get(session, contact_id)
    if contact.erased_at is not None:
        raise ValidationError("name", _("This person's data was already erased."))
    now = now or datetime.now(UTC)
    # First, while the person's records still point at them: everything that names them,
    # wherever it was copied (merged duplicates, any journal event, free text).
    ids = erase_scan.absorbed_ids(session, contact.id)
    whole, own = erase_scan.matchers(erase_scan.person_values(session, ids))
    own_records = {kind: set(found) for kind, found in _about(session, contact.id)}
    redacted = erase_scan.scrub_events(session, ids, own_records, PERSONAL_FIELDS, whole, own)
    elsewhere = erase_scan.scrub_texts(session, ids, whole, own)
    redacted += redact(session, "contacts", contact.id, PERSONAL_FIELDS)
    for key, value in CLEARED_VALUES.items():
        setattr(contact, key, value)
    contact.name = contacts.ERASED_NAME
    contact.erased_at = now
    contact.archived_at = contact.archived_at or now
    contact.search_text = contacts.search_key(contact)

    gifts = list(session.scalars(select(Donation).where(Donation.contact_id == contact_id)))
    for gift in gifts:
        redacted += redact(session, "donations", gift.id, DONATION_PERSONAL_FIELDS)
        had_notes = bool(gift.notes)
        gift.contact_id = None
        gift.notes = ""
        changes: dict[str, Any] = {
            "before": {"contact_id": contact_id},
            "after": {"contact_id": None},
        }
        if had_notes:
            changes["before"]["notes"] = None
            changes["after"]["notes"] = ""
            changes["redacted"] = ["notes"]
        add_event(session, "anonymize", gift, changes)
        # The chain holds ids, never a name: an issued receipt's new (absent) donor is chained.
        receipt_chain.donor_changed(session, [gift])

    volunteer = session.scalar(
        select(VolunteerProfile).where(VolunteerProfile.contact_id == contact_id)
    )
    if volunteer is not None:
        redacted += redact(session, "volunteer_profiles", volunteer.id, VOLUNTEER_PERSONAL_FIELDS)
        volunteer.skills = []
        volunteer.availability = 0

    add_event(
        session,
        "erase",
        contact,
        {
            "before": None,
            "after": None,
            "erased": list(PERSONAL_FIELDS),
            "donations": len(gifts),
            "merged_duplicates": len(ids) - 1,
            "texts_cleaned": elsewhere,
        },
    )
    session.flush()
    # SQLite's index keeps deleted terms in its segments until they merge: rebuilt.
    search_index.rebuild(session)
    return Erasure(contact.id, len(gifts), redacted)


def scrub_file(database: Database) -> None:
    """Clear the old copies of what the erasure replaced (after its commit).

    The SQLite file is rewritten without its free pages and its write-ahead log emptied; on a
    server the touched tables are vacuumed (see :mod:`assocdesk.storage.freed_space` for what
    each can and cannot clear). OSError, in words, when a reader kept the file's log.
    """
    database.wait_until_checked()  # a damaged file is never rewritten
    if not freed_space.clear_old_copies(database.engine, ERASED_TABLES):
        raise OSError(
            _(
                "The person's data is erased, but the database file could not be cleaned "
                "completely: it was being read at that moment. It will be when AssocDesk is "
                "closed."
            )
        )
