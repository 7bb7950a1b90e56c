"""Contacts: the people and organizations behind members, volunteers and donors."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import MappingProxyType

from sqlalchemy import ColumnElement, Select, exists, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from assocdesk.i18n import LANGUAGES, _
from assocdesk.models import Contact, ContactKind, Donation, Membership, VolunteerProfile
from assocdesk.models.contact import ADULT_AGE
from assocdesk.services import conflicts, contact_search
from assocdesk.services.audit import record_event, snapshot
from assocdesk.services.common import (
    ListQuery,
    Page,
    date_field,
    email_field,
    id_list,
    in_id_order,
    not_in_future,
    page_of,
    text_field,
)

# An erased person's name, as shown (re-exported for the services and pages that ask here).
from assocdesk.services.contact_names import ERASED_NAME as ERASED_NAME
from assocdesk.services.contact_names import display_name as display_name
from assocdesk.services.contact_names import display_name_of_erased as display_name_of_erased
from assocdesk.services.errors import Errors, NotFound, ValidationError

# The lists of a contact's title and identifier, re-exported beside the fields they check.
from assocdesk.services.identifiers import GENDERS as GENDERS
from assocdesk.services.identifiers import ID_DIGITS as ID_DIGITS
from assocdesk.services.identifiers import ID_KINDS as ID_KINDS
from assocdesk.services.identifiers import ID_KINDS_BY_COUNTRY as ID_KINDS_BY_COUNTRY
from assocdesk.services.identifiers import ID_NUMBER_MAX as ID_NUMBER_MAX
from assocdesk.services.identifiers import PERSON_ID_KINDS as PERSON_ID_KINDS
from assocdesk.services.identifiers import gender_field, identifier_fields
from assocdesk.services.identifiers import id_kind_label as id_kind_label
from assocdesk.services.identifiers import id_kinds_for as id_kinds_for
from assocdesk.storage.sql_functions import by_code_point
from assocdesk.text import digits_only, normalize_for_search


@dataclass
class ContactInput:
    """What a form sends for a contact; strings as typed, cleaned and checked by the service."""

    name: str
    kind: str = ContactKind.PERSON
    phone: str = ""
    email: str = ""
    address: str = ""
    city: str = ""
    country: str = ""
    preferred_language: str | None = None
    is_minor: bool = False
    date_of_birth: date | None = None
    consent_publish_name: bool = False
    consent_publish_photo: bool = False
    consent_contact: bool = False
    notes: str = ""
    gender: str | None = None  # "female", "male" or None (unknown); persons only
    id_kind: str = ""  # a code of ID_KINDS
    id_number: str = ""
    # The record's version the form opened on (None: a new one, or a caller without a form):
    # a save over a record someone changed meanwhile is refused (services.conflicts).
    version: int | None = None

    @classmethod
    def from_contact(cls, contact: Contact) -> ContactInput:
        return cls(**{name: getattr(contact, name) for name in cls.__dataclass_fields__})


@dataclass(frozen=True)
class ContactRow:
    id: int
    name: str
    kind: str
    phone: str
    email: str
    city: str
    is_member: bool
    is_volunteer: bool
    archived: bool
    is_minor: bool = False  # marked a minor by hand
    date_of_birth: date | None = None


@dataclass(frozen=True)
class ContactDetails:
    """A contact as a form shows it, read in one session and safe to keep after it.

    ``values`` is what the form edits and sends back (its name already as shown: an erased
    person's placeholder translated); beside it what the form only shows."""

    id: int
    values: ContactInput
    erased: bool
    archived: bool
    consent_at: Mapping[str, datetime | None]  # consent flag → when last given or withdrawn

    @property
    def name(self) -> str:
        return self.values.name


# Consent flag → the column holding when it was last given or withdrawn.
CONSENT_DATES = {
    "consent_publish_name": "consent_publish_name_at",
    "consent_publish_photo": "consent_publish_photo_at",
    "consent_contact": "consent_contact_at",
}


_KINDS = tuple(ContactKind)


def search_key(contact: Contact) -> str:
    return search_key_of(contact.name, contact.email, contact.city, contact.phone)


def search_key_of(name: str, email: str, city: str, phone: str) -> str:
    """The search shadow of a contact's values (also used by the import, before any row)."""
    key = " ".join(
        filter(
            None,
            (
                normalize_for_search(name),
                normalize_for_search(email),
                normalize_for_search(city),
                digits_only(phone),
                contact_search.key_shadow(name),
            ),
        )
    )
    return key


def validate(data: ContactInput, errors: Errors, prefix: str = "") -> dict[str, object]:
    """Check a ContactInput; returns cleaned values. Field names get ``prefix`` (for sub-forms)."""
    values: dict[str, object] = {
        "name": text_field(errors, prefix + "name", data.name, max_length=200, required=True),
        "phone": text_field(errors, prefix + "phone", data.phone, max_length=40),
        "email": email_field(errors, prefix + "email", data.email),
        "address": text_field(
            errors, prefix + "address", data.address, max_length=500, multiline=True
        ),
        "city": text_field(errors, prefix + "city", data.city, max_length=100),
        "country": text_field(errors, prefix + "country", data.country, max_length=2).upper(),
        "notes": text_field(errors, prefix + "notes", data.notes, max_length=5000, multiline=True),
        "is_minor": bool(data.is_minor),
        "date_of_birth": birth_date(errors, prefix + "date_of_birth", data.date_of_birth),
        "consent_publish_name": bool(data.consent_publish_name),
        "consent_publish_photo": bool(data.consent_publish_photo),
        "consent_contact": bool(data.consent_contact),
    }
    if data.kind not in _KINDS:
        errors.add(prefix + "kind", _("Choose a person or an organization."))
    values["kind"] = data.kind
    if data.preferred_language not in (None, "", *LANGUAGES):
        errors.add(prefix + "preferred_language", _("Unknown language."))
    values["preferred_language"] = data.preferred_language or None
    country = str(values["country"])
    if country and "country" not in errors and not re.fullmatch("[A-Z]{2}", country):
        errors.add(prefix + "country", _("Use the two-letter country code (MA, DZ, TN …)."))
    phone = str(values["phone"])
    if phone and not digits_only(phone):
        errors.add(prefix + "phone", _("A phone number needs digits."))
    values["gender"] = gender_field(errors, prefix + "gender", data.gender, data.kind)
    values.update(identifier_fields(errors, prefix, data.id_kind, data.id_number))
    return values


def birth_date(errors: Errors, name: str, value: object, today: date | None = None) -> date | None:
    """A date of birth from 1900 (date_field's floor) to today; a future one is refused."""
    born = date_field(errors, name, value)
    not_in_future(errors, name, born, today or date.today())
    return born if name not in errors else None


def apply(contact: Contact, values: dict[str, object]) -> None:
    """Set the cleaned values; a consent flag that changes (or is given on creation) is dated."""
    now = datetime.now(UTC)
    for flag, dated in CONSENT_DATES.items():
        old, new = getattr(contact, flag), values.get(flag, getattr(contact, flag))
        if (old is None and new) or (old is not None and bool(old) != bool(new)):
            setattr(contact, dated, now)
    for key, value in values.items():
        setattr(contact, key, value)
    contact.search_text = search_key(contact)


def ensure_not_erased(contact: Contact) -> None:
    """An erased person's record stays anonymous: it cannot be filled in again."""
    if contact.erased_at is not None:
        raise ValidationError(
            "name",
            _("This person's data was erased: the record can no longer be changed."),
        )


def create(session: Session, data: ContactInput) -> Contact:
    errors = Errors()
    values = validate(data, errors)
    errors.raise_if_any()
    contact = Contact()
    apply(contact, values)
    session.add(contact)
    record_event(session, "create", contact)
    return contact


def get(session: Session, contact_id: int) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(_("There is no contact number {id}.").format(id=contact_id))
    return contact


def details(session: Session, contact_id: int) -> ContactDetails:
    """The contact's form values and what shows beside them; NotFound if it is gone."""
    return details_of(get(session, contact_id))


def details_of(contact: Contact) -> ContactDetails:
    values = ContactInput.from_contact(contact)
    values.name = display_name(contact)
    return ContactDetails(
        contact.id,
        values,
        contact.erased,
        contact.archived,
        MappingProxyType({key: getattr(contact, at) for key, at in CONSENT_DATES.items()}),
    )


def update(session: Session, contact_id: int, data: ContactInput) -> Contact:
    contact = get(session, contact_id)
    ensure_not_erased(contact)
    conflicts.check_version(session, contact, data.version, "contacts")
    errors = Errors()
    values = validate(data, errors)
    errors.raise_if_any()
    before = snapshot(contact)
    apply(contact, values)
    record_event(session, "update", contact, before)
    return contact


def set_archived(session: Session, contact_id: int, archived: bool = True) -> Contact:
    """Archive hides a contact from lists; nothing is deleted and it can be restored."""
    contact = get(session, contact_id)
    if contact.archived == archived:
        return contact
    if not archived:
        ensure_not_erased(contact)
    before = snapshot(contact)
    contact.archived_at = datetime.now(UTC) if archived else None
    record_event(session, "archive" if archived else "restore", contact, before)
    return contact


# The search (literal and across scripts) is in contact_search; re-exported for its callers.
matching_ids_clause = contact_search.matching_ids_clause


# Texts in code point order on both databases, whatever the server's collation (by_code_point).
SORTS = {
    "name": by_code_point(Contact.search_text),
    "kind": by_code_point(Contact.kind),
    "phone": by_code_point(Contact.phone),
    "email": by_code_point(Contact.email),
    "city": by_code_point(Contact.city),
}


def filtered(statement: Select, query: ListQuery) -> Select:
    """Apply the search and archive filters of ``query`` to a statement over Contact.

    A search that may match by transliteration key also orders the statement: literal matches
    first, key matches after; the caller's own ``order_by`` then sorts within each.
    """
    if not query.include_archived:
        statement = statement.where(Contact.archived_at.is_(None))
    found = contact_search.name_search(query.search)
    if found is not None:
        statement = statement.where(found.matches)
        if found.by_key:
            statement = statement.order_by(contact_search.rank_of(found))
    return statement


def ids(session: Session, query: ListQuery) -> Sequence[int]:
    order = SORTS.get(query.sort, SORTS["name"])
    order_by = [order.desc() if query.descending else order.asc(), Contact.id]
    return id_list(session, filtered(select(Contact.id), query).order_by(*order_by))


def rows(session: Session, contact_ids: Sequence[int]) -> list[ContactRow]:
    if not contact_ids:
        return []
    is_member = exists().where(Membership.contact_id == Contact.id)
    is_volunteer = exists().where(VolunteerProfile.contact_id == Contact.id)
    result = session.execute(
        select(Contact, is_member, is_volunteer).where(Contact.id.in_(contact_ids))
    )
    by_id = {
        c.id: ContactRow(
            c.id,
            display_name(c),
            c.kind,
            c.phone,
            c.email,
            c.city,
            m,
            v,
            c.archived,
            c.is_minor,
            c.date_of_birth,
        )
        for c, m, v in result
    }
    return in_id_order(by_id, contact_ids)


# --- minors in lists ---------------------------------------------------------------------------


def age_on(born: date, day: date) -> int:
    """Whole years from ``born`` to ``day`` (a birthday on 29 February counts on 1 March)."""
    return day.year - born.year - (0 if (day.month, day.day) >= (born.month, born.day) else 1)


def born_after_is_minor(day: date) -> date:
    """Someone born after this date is under 18 on ``day`` (is_under_age's rule, for SQL)."""
    try:
        return day.replace(year=day.year - ADULT_AGE)
    except ValueError:  # 29 February: born on 28 February they turn 18 that day
        return day.replace(year=day.year - ADULT_AGE, day=28)


def minor_clause(day: date) -> ColumnElement[bool]:
    """Contacts who are minors on ``day``: marked so, or under 18 by their date of birth."""
    return or_(Contact.is_minor.is_(True), Contact.date_of_birth > born_after_is_minor(day))


def minor_ids(
    session: Session,
    day: date,
    column: InstrumentedAttribute[int] = Contact.id,
    via: InstrumentedAttribute[int] | None = None,
) -> set[int]:
    """Ids (``column``: a contact's, or a membership's joined ``via`` its contact_id) of the
    minors on ``day``: one query, for a list that shows only them."""
    statement = select(column)
    if via is not None:
        statement = statement.join(Contact, Contact.id == via)
    return set(session.scalars(statement.where(minor_clause(day))))


@dataclass(frozen=True)
class Protection:
    """What a list needs to say whether someone is a minor."""

    is_minor: bool
    date_of_birth: date | None


def protection_of(session: Session, contact_ids: Sequence[int]) -> dict[int, Protection]:
    """The minor mark and date of birth of a page of contacts (one query)."""
    if not contact_ids:
        return {}
    result = session.execute(
        select(Contact.id, Contact.is_minor, Contact.date_of_birth).where(
            Contact.id.in_(contact_ids)
        )
    )
    return {contact_id: Protection(minor, born) for contact_id, minor, born in result}


def list_contacts(
    session: Session, query: ListQuery = ListQuery(), offset: int = 0, limit: int = 100
) -> Page[ContactRow]:
    return page_of(session, query, ids, rows, offset, limit)


def count(session: Session) -> int:
    return session.scalar(select(func.count()).where(Contact.archived_at.is_(None))) or 0


def has_donations(session: Session, contact_id: int) -> bool:
    return bool(session.scalar(select(exists().where(Donation.contact_id == contact_id))))
