"""Finding a person's data wherever it was copied, for erasure (see services.privacy).

Erasing only the contact's row and its own journal events is not enough: a merged duplicate's
values live on in its own "create" and "merge" events and in the kept contact's merge event, and
free text elsewhere (a gift in kind "offered by Zineb", a dues note, a photo caption, a post
already published) names the person. So the person is found two ways:

- by id: the contacts merged into them (a "merge" event records the absorbed contact's id,
  followed recursively) and every journal event whose JSON names one of those ids as a
  ``contact_id``;
- by value: every name, phone, e-mail and address the person ever had (current and journaled,
  at least 4 characters), searched case-insensitively with any spacing (a phone's digits with
  any separators) in every journal event and in the free-text columns listed in
  :data:`TEXT_COLUMNS`. In records that are the person's own (their donations, dues, events
  naming their id) each word of a name of at least 4 letters is searched too, so
  "Farine offerte par Zineb" loses "Zineb" even when the full name is "Zineb Alaoui".

Found values become the erased placeholder; amounts, dates and numbers are never touched, so the
accounts still add up.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assocdesk.models import (
    ActivityPhoto,
    AuditEvent,
    Contact,
    Donation,
    DuesPayment,
    ImportMapping,
    Membership,
    PostRecord,
)
from assocdesk.services.contacts import ERASED_NAME

# Values searched for by value (journaled and current contact fields).
SEARCHED_FIELDS = ("name", "phone", "email", "address")
MIN_LENGTH = 4
# Free text that may copy a person's name or details: (model, column).
TEXT_COLUMNS: tuple[tuple[Any, str], ...] = (
    (Donation, "in_kind_description"),
    (Donation, "notes"),
    (Donation, "void_reason"),
    (Donation, "valued_by"),
    (DuesPayment, "notes"),
    (DuesPayment, "void_reason"),
    (ActivityPhoto, "caption"),
    (PostRecord, "text"),
    (Contact, "notes"),
)
PLACEHOLDER = ERASED_NAME


def absorbed_ids(session: Session, contact_id: int) -> list[int]:
    """The contact and every contact merged into it, directly or through earlier merges."""
    found = [contact_id]
    frontier = [contact_id]
    while frontier:
        events = session.scalars(
            select(AuditEvent.changes).where(
                AuditEvent.entity_type == "contacts",
                AuditEvent.action == "merge",
                AuditEvent.entity_id.in_(frontier),
            )
        )
        frontier = []
        for changes in events:
            merged = json.loads(changes or "{}").get("merged") or {}
            other = merged.get("id")
            if isinstance(other, int) and other not in found:
                found.append(other)
                frontier.append(other)
    return found


def _walk_records(data: Any) -> Iterable[dict]:
    """Every dict nested in journal JSON (snapshots sit under before, after, merged.record)."""
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _walk_records(value)
    elif isinstance(data, list):
        for value in data:
            yield from _walk_records(value)


def person_values(session: Session, ids: list[int]) -> set[str]:
    """Every name, phone, e-mail and address the contacts ``ids`` ever had, current or journaled."""
    values: set[str] = set()
    for contact in session.scalars(select(Contact).where(Contact.id.in_(ids))):
        values.update(str(getattr(contact, name) or "") for name in SEARCHED_FIELDS)
    events = session.scalars(
        select(AuditEvent.changes).where(
            AuditEvent.entity_type == "contacts", AuditEvent.entity_id.in_(ids)
        )
    )
    for changes in events:
        data = json.loads(changes or "{}")
        # The kept contact's merge event also holds the absorbed one's snapshot: both are theirs.
        for record in _walk_records(data):
            for name in SEARCHED_FIELDS:
                if isinstance(record.get(name), str):
                    values.add(record[name])
    return {value.strip() for value in values if len(value.strip()) >= MIN_LENGTH}


def _pattern(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 6 and re.fullmatch(r"[\d\s+.\-()/]+", value):
        return r"[\s.\-()/]*".join(digits)
    return r"\s+".join(re.escape(part) for part in value.split())


class Matcher:
    """Replaces any of a set of values in text with the erased placeholder."""

    def __init__(self, values: Iterable[str]) -> None:
        ordered = sorted(set(values), key=len, reverse=True)  # longest first
        self._regex = (
            re.compile("|".join(_pattern(v) for v in ordered), re.IGNORECASE) if ordered else None
        )

    def scrub(self, value: str) -> str:
        if self._regex is None or not value:
            return value
        return self._regex.sub(PLACEHOLDER, value)

    def scrub_json(self, data: Any) -> Any:
        if isinstance(data, str):
            return self.scrub(data)
        if isinstance(data, dict):
            return {key: self.scrub_json(value) for key, value in data.items()}
        if isinstance(data, list):
            return [self.scrub_json(value) for value in data]
        return data


def matchers(values: set[str]) -> tuple[Matcher, Matcher]:
    """(whole values, whole values plus each name word): the second for the person's own records."""
    words = {
        word
        for value in values
        if "@" not in value
        for word in re.findall(r"\w+", value)
        if len(word) >= MIN_LENGTH and not word.isdigit()
    }
    return Matcher(values), Matcher(values | words)


def _names_contact(data: Any, ids: set[int]) -> bool:
    return any(record.get("contact_id") in ids for record in _walk_records(data))


def _blank_personal(data: Any, fields: set[str]) -> bool:
    """Blank ``fields`` in every nested record (a merged duplicate's snapshot included)."""
    hit = False
    for record in _walk_records(data):
        for key in fields.intersection(record):
            if record[key] not in (None, "", False, []):
                record[key] = None
                hit = True
    return hit


def scrub_events(
    session: Session,
    ids: list[int],
    own_record_ids: dict[str, set[int]],
    personal_fields: Iterable[str],
    whole: Matcher,
    own: Matcher,
) -> int:
    """Remove the person from every journal event; returns how many events changed.

    Events about the person's contacts (the absorbed duplicates included) lose the personal
    fields at any depth; events that are the person's own (about their records, or naming their
    id as contact_id) are searched for name words too; every other event for whole values.
    """
    fields = set(personal_fields)
    id_set = set(ids)
    changed = 0
    for event in session.scalars(select(AuditEvent)).all():
        original = event.changes or "{}"
        data = json.loads(original)
        mine = event.entity_type == "contacts" and event.entity_id in id_set
        if mine and _blank_personal(data, fields):
            data["redacted"] = sorted(set(data.get("redacted", [])) | fields)
        owned = (
            mine
            or event.entity_id in own_record_ids.get(event.entity_type, set())
            or _names_contact(data, id_set)
        )
        data = (own if owned else whole).scrub_json(data)
        text = json.dumps(data, ensure_ascii=False)
        if text != original and data != json.loads(original):
            event.changes = text
            changed += 1
    return changed


def scrub_texts(session: Session, ids: list[int], whole: Matcher, own: Matcher) -> int:
    """Remove the person from free-text columns; returns how many values changed."""
    id_set = set(ids)
    memberships = set(session.scalars(select(Membership.id).where(Membership.contact_id.in_(ids))))
    changed = 0
    for model, column in TEXT_COLUMNS:
        for row in session.scalars(select(model).where(getattr(model, column) != "")).all():
            owned = (
                (model is Donation and row.contact_id in id_set)
                or (model is DuesPayment and row.membership_id in memberships)
                or (model is Contact and row.id in id_set)
            )
            before = getattr(row, column) or ""
            after = (own if owned else whole).scrub(before)
            if after != before:
                setattr(row, column, after)
                changed += 1
    for mapping in session.scalars(select(ImportMapping)).all():
        data = json.loads(mapping.mapping or "{}")
        cleaned = whole.scrub_json(data)
        if cleaned != data:
            mapping.mapping = json.dumps(cleaned, ensure_ascii=False)
            changed += 1
    return changed
