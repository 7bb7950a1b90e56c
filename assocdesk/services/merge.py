"""Merging two records of one person into one, keeping everything both had.

The kept contact takes the other's donations, membership (and dues), volunteer profile (skills
and availability joined), activity assignments, and — field by field — the details it lacks or
that the person chose from the other side. The other contact is then removed; the audit log
keeps its full snapshot and the list of what moved, in a "merge" event on each of the two, so
its history stays readable and the merge can be explained later.

Refused, with a message, only when keeping both is impossible: both were members and both paid
dues for the same year (the person must first decide which payment is real).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from assocdesk.i18n import _
from assocdesk.models import (
    Contact,
    Donation,
    DuesPayment,
    Membership,
    VolunteerAssignment,
    VolunteerProfile,
)
from assocdesk.services import contacts, receipt_chain
from assocdesk.services.audit import record_event, snapshot
from assocdesk.services.errors import Errors, ValidationError

# Fields the person may take from either side in the side-by-side merge.
MERGE_FIELDS = (
    "name",
    "kind",
    "phone",
    "email",
    "address",
    "city",
    "country",
    "preferred_language",
    "notes",
)


@dataclass(frozen=True)
class RecordSummary:
    """One side of the side-by-side merge: its fields and what hangs off it."""

    values: dict[str, str]
    donations: int
    membership_number: str | None
    volunteer: bool


def summary(session: Session, contact_id: int) -> RecordSummary:
    contact = contacts.get(session, contact_id)
    return RecordSummary(
        values={name: getattr(contact, name) or "" for name in MERGE_FIELDS},
        donations=session.scalar(
            select(func.count()).select_from(Donation).where(Donation.contact_id == contact_id)
        )
        or 0,
        membership_number=session.scalar(
            select(Membership.number).where(Membership.contact_id == contact_id)
        ),
        volunteer=session.scalar(
            select(VolunteerProfile.id).where(VolunteerProfile.contact_id == contact_id)
        )
        is not None,
    )


def merge(
    session: Session, keep_id: int, other_id: int, take_from_other: Iterable[str] = ()
) -> Contact:
    """Merge contact ``other_id`` into ``keep_id``; return the kept contact."""
    if keep_id == other_id:
        raise ValidationError("contact", _("A contact cannot be merged with itself."))
    keep = contacts.get(session, keep_id)
    other = contacts.get(session, other_id)
    chosen = set(take_from_other)
    before, other_before = snapshot(keep), snapshot(other)
    moved: dict[str, list[int]] = {}

    values = contacts.ContactInput.from_contact(keep)
    for name in MERGE_FIELDS:
        mine, theirs = getattr(keep, name), getattr(other, name)
        if name in chosen or (not mine and theirs):
            setattr(values, name, theirs)
    if keep.notes and other.notes and keep.notes != other.notes and "notes" not in chosen:
        values.notes = f"{keep.notes}\n{other.notes}"
    values.is_minor = keep.is_minor or other.is_minor
    for consent in ("consent_publish_name", "consent_publish_photo", "consent_contact"):
        setattr(values, consent, getattr(other if consent in chosen else keep, consent))
    errors_holder = Errors()
    cleaned = contacts.validate(values, errors_holder)
    errors_holder.raise_if_any()

    moved["donations"] = list(
        session.scalars(select(Donation.id).where(Donation.contact_id == other_id))
    )
    session.execute(
        update(Donation).where(Donation.contact_id == other_id).values(contact_id=keep_id)
    )
    # Issued or void receipts now name the kept contact: the chain says so, in this unit of work.
    receipt_chain.donor_changed(
        session, receipt_chain.chained_records(session, Donation, moved["donations"])
    )
    _merge_membership(session, keep_id, other_id, moved)
    _merge_volunteering(session, keep_id, other_id, moved)

    contacts.apply(keep, cleaned)
    event = record_event(session, "merge", keep, before)
    changes = json.loads(event.changes)
    changes["merged"] = {"uuid": other.uuid, "id": other.id, "record": other_before, "moved": moved}
    event.changes = json.dumps(changes, ensure_ascii=False)
    gone = record_event(session, "merge", other, other_before)
    gone.changes = json.dumps(
        {"before": other_before, "after": None, "merged_into": {"uuid": keep.uuid, "id": keep.id}},
        ensure_ascii=False,
    )
    session.delete(other)
    session.flush()
    return keep


def _merge_membership(session: Session, keep_id: int, other_id: int, moved: dict) -> None:
    theirs = session.scalar(select(Membership).where(Membership.contact_id == other_id))
    if theirs is None:
        return
    mine = session.scalar(select(Membership).where(Membership.contact_id == keep_id))
    moved["membership"] = [theirs.id]
    if mine is None:
        theirs.contact = session.get(Contact, keep_id)  # type: ignore[assignment]
        return
    my_years = set(
        session.scalars(select(DuesPayment.period_year).where(DuesPayment.membership_id == mine.id))
    )
    dues = list(session.scalars(select(DuesPayment).where(DuesPayment.membership_id == theirs.id)))
    clash = sorted({d.period_year for d in dues} & my_years)
    if clash:
        raise ValidationError(
            "membership",
            _(
                "Both records paid dues for {year}: correct one of the payments before merging."
            ).format(year=clash[0]),
        )
    membership_before = snapshot(mine)
    for payment in dues:
        payment.membership_id = mine.id
    receipt_chain.donor_changed(session, dues)
    moved["dues"] = [d.id for d in dues]
    mine.joined_on = min(mine.joined_on, theirs.joined_on)
    if mine.left_on is not None and (theirs.left_on is None or theirs.left_on > mine.left_on):
        mine.left_on = theirs.left_on
    if not mine.category:
        mine.category = theirs.category
    session.flush()
    session.delete(theirs)
    session.flush()
    record_event(session, "merge", mine, membership_before)


def _merge_volunteering(session: Session, keep_id: int, other_id: int, moved: dict) -> None:
    theirs = session.scalar(select(VolunteerProfile).where(VolunteerProfile.contact_id == other_id))
    if theirs is not None:
        mine = session.scalar(
            select(VolunteerProfile).where(VolunteerProfile.contact_id == keep_id)
        )
        moved["volunteer_profile"] = [theirs.id]
        if mine is None:
            theirs.contact = session.get(Contact, keep_id)  # type: ignore[assignment]
        else:
            before = snapshot(mine)
            mine.availability |= theirs.availability
            if theirs.since and (mine.since is None or theirs.since < mine.since):
                mine.since = theirs.since
            mine.skills = list({s.id: s for s in [*mine.skills, *theirs.skills]}.values())
            session.delete(theirs)
            session.flush()
            record_event(session, "merge", mine, before)
    assignments = list(
        session.scalars(
            select(VolunteerAssignment).where(VolunteerAssignment.contact_id == other_id)
        )
    )
    moved["assignments"] = [a.id for a in assignments]
    for assignment in assignments:
        same = session.scalar(
            select(VolunteerAssignment).where(
                VolunteerAssignment.contact_id == keep_id,
                VolunteerAssignment.activity_id == assignment.activity_id,
            )
        )
        if same is None:
            assignment.contact = session.get(Contact, keep_id)  # type: ignore[assignment]
            continue
        before = snapshot(same)
        same.minutes += assignment.minutes
        if not same.role:
            same.role = assignment.role
        session.delete(assignment)
        session.flush()
        record_event(session, "merge", same, before)
