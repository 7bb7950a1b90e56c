"""Members: a contact plus a membership (number, category, dates)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, joinedload

from assocdesk.i18n import _
from assocdesk.models import Contact, Membership
from assocdesk.services import contacts, versions
from assocdesk.services.audit import record_event, snapshot
from assocdesk.services.common import (
    ListQuery,
    Page,
    date_field,
    end_not_before_start,
    id_list,
    in_id_order,
    page_of,
    text_field,
)
from assocdesk.services.errors import Errors, NotFound
from assocdesk.storage.sql_functions import by_code_point


@dataclass
class MemberInput:
    contact: contacts.ContactInput
    number: str
    category: str = ""
    joined_on: date = field(default_factory=date.today)
    left_on: date | None = None
    # The membership's version the form opened on (the person's is ``contact.version``): each
    # record the form edits is checked against its own (services.conflicts). None: no check.
    version: int | None = None


@dataclass(frozen=True)
class MemberRow:
    id: int  # membership id
    contact_id: int
    number: str
    name: str
    category: str
    phone: str
    city: str
    joined_on: date
    left_on: date | None
    archived: bool
    dues_status: str | None = None  # for the year the list was asked with (dues_status)


@dataclass(frozen=True)
class MemberDetails:
    """A member as the form shows it: the person, and their membership."""

    id: int  # membership id
    contact: contacts.ContactDetails
    number: str
    category: str
    joined_on: date
    left_on: date | None
    version: int | None = None  # the membership's; the person's is in ``contact.values``

    @property
    def contact_id(self) -> int:
        return self.contact.id


def _validate(session: Session, data: MemberInput, membership_id: int | None) -> tuple[dict, dict]:
    errors = Errors()
    contact_values = contacts.validate(data.contact, errors)
    number = text_field(errors, "number", data.number, max_length=40, required=True)
    category = text_field(errors, "category", data.category, max_length=60)
    joined_on = date_field(errors, "joined_on", data.joined_on, required=True)
    left_on = date_field(errors, "left_on", data.left_on)
    end_not_before_start(errors, "left_on", joined_on, left_on)
    if number and "number" not in errors:
        clash = session.scalar(
            select(Membership.id).where(Membership.number == number, Membership.id != membership_id)
        )
        if clash is not None:
            errors.add(
                "number", _("Membership number {number} is already used.").format(number=number)
            )
    errors.raise_if_any()
    membership_values = {
        "number": number,
        "category": category,
        "joined_on": joined_on,
        "left_on": left_on,
    }
    return contact_values, membership_values


def create(session: Session, data: MemberInput, contact_id: int | None = None) -> Membership:
    """Make a member: a new contact, or an existing one (a donor who joins) when given."""
    contact_values, membership_values = _validate(session, data, None)
    if contact_id is None:
        contact = Contact()
        contacts.apply(contact, contact_values)
        session.add(contact)
        record_event(session, "create", contact)
    else:
        contact = contacts.get(session, contact_id)
        if session.scalar(select(Membership.id).where(Membership.contact_id == contact_id)):
            from assocdesk.services.errors import ValidationError

            raise ValidationError("name", _("This contact is already a member."))
    membership = Membership(contact=contact, **membership_values)
    session.add(membership)
    record_event(session, "create", membership)
    return membership


def get(session: Session, membership_id: int) -> Membership:
    membership = session.get(Membership, membership_id)
    if membership is None:
        raise NotFound(_("There is no member number {id}.").format(id=membership_id))
    return membership


def details(session: Session, membership_id: int) -> MemberDetails:
    """The member's form values; NotFound if the membership is gone."""
    membership = session.scalar(
        select(Membership)
        .where(Membership.id == membership_id)
        .options(joinedload(Membership.contact))
    )
    if membership is None:
        raise NotFound(_("There is no member number {id}.").format(id=membership_id))
    return MemberDetails(
        membership.id,
        contacts.details_of(membership.contact),
        membership.number,
        membership.category,
        membership.joined_on,
        membership.left_on,
        membership.version,
    )


def contact_id_of(session: Session, membership_id: int) -> int:
    """The member's contact (for the actions on the person); NotFound if it is gone."""
    found = session.scalar(select(Membership.contact_id).where(Membership.id == membership_id))
    if found is None:
        raise NotFound(_("There is no member number {id}.").format(id=membership_id))
    return found


def update(session: Session, membership_id: int, data: MemberInput) -> Membership:
    membership = get(session, membership_id)
    contacts.ensure_not_erased(membership.contact)
    versions.check_all(
        session,
        [
            (membership, data.version, "memberships"),
            (membership.contact, data.contact.version, "contacts"),
        ],
    )
    contact_values, membership_values = _validate(session, data, membership_id)
    before_contact, before = snapshot(membership.contact), snapshot(membership)
    contacts.apply(membership.contact, contact_values)
    for key, value in membership_values.items():
        setattr(membership, key, value)
    record_event(session, "update", membership.contact, before_contact)
    record_event(session, "update", membership, before)
    return membership


def set_archived(session: Session, membership_id: int, archived: bool = True) -> Membership:
    membership = get(session, membership_id)
    contacts.set_archived(session, membership.contact_id, archived)
    return membership


def numbers_after(used: Iterable[str]) -> Iterator[str]:
    """Membership numbers after the highest numeric one of ``used``, in order, at the width of
    the longest (0001, 0002 … when none is numeric): the form's suggestion, and the numbers the
    import gives members whose row has none."""
    numeric = [n for n in used if re.fullmatch(r"\d{1,12}", n)]
    highest = max((int(n) for n in numeric), default=0)
    width = max((len(n) for n in numeric), default=4)
    return (str(n).zfill(width) for n in itertools.count(highest + 1))


def next_number(session: Session) -> str:
    """A suggestion for the next membership number: the highest numeric one plus one."""
    return next(numbers_after(session.scalars(select(Membership.number))))


def categories(session: Session) -> list[str]:
    """The categories already in use ("Actif", "Honoraire" …), offered while typing a new one."""
    used = session.scalars(select(Membership.category).where(Membership.category != "").distinct())
    return sorted(used)


# Texts in code point order on both databases, whatever the server's collation (by_code_point).
SORTS = {
    "number": by_code_point(Membership.number),
    "name": by_code_point(Contact.search_text),
    "category": by_code_point(Membership.category),
    "phone": by_code_point(Contact.phone),
    "city": by_code_point(Contact.city),
    "joined_on": Membership.joined_on,
}


@dataclass(frozen=True)
class DuesView:
    """The dues year a member list shows, and the one status it keeps ("" keeps all)."""

    year: int
    status: str = ""


# Which memberships a list keeps, by their dates on a day (today): the list's "Current members"
# is exactly what Home counts (count() below uses the same clause).
CURRENT, FORMER, ALL = "current", "former", ""


def today() -> date:
    """The day "current" is judged on: the user's calendar day, as Home counts members
    (services.stats passes date.today())."""
    return date.today()


def current_on(on: date) -> ColumnElement[bool]:
    """Membership started on or before ``on`` and not ended before it."""
    return and_(
        Membership.joined_on <= on, or_(Membership.left_on.is_(None), Membership.left_on >= on)
    )


def standing_clause(standing: str, on: date) -> ColumnElement[bool] | None:
    """The SQL filter of a standing (CURRENT, FORMER; None for ALL)."""
    if standing == CURRENT:
        return current_on(on)
    if standing == FORMER:
        return and_(Membership.left_on.is_not(None), Membership.left_on < on)
    return None


def is_current(joined_on: date, left_on: date | None, on: date) -> bool:
    """The same rule as current_on(), for a row already read."""
    return joined_on <= on and (left_on is None or left_on >= on)


def ids(
    session: Session,
    query: ListQuery,
    dues: DuesView | None = None,
    standing: str = ALL,
    on: date | None = None,
) -> Sequence[int]:
    """Membership ids in the list's order; with ``dues``, filtered and sortable by dues status
    in SQL (the status rules are in services.dues_status); with ``standing``, only current (or
    former) members on ``on`` (today by default)."""
    from assocdesk.services import dues_status

    statement = contacts.filtered(select(Membership.id).join(Membership.contact), query)
    clause = standing_clause(standing, on or today())
    if clause is not None:
        statement = statement.where(clause)
    if dues is not None and (dues.status or query.sort == "dues"):
        table = dues_status.status_table(dues.year)
        statement = statement.join(table, table.c.membership_id == Membership.id)
        if dues.status:
            statement = statement.where(table.c.status == dues.status)
        order = (
            by_code_point(table.c.status)
            if query.sort == "dues"
            else SORTS.get(query.sort, SORTS["name"])
        )
    else:
        order = SORTS.get(query.sort, SORTS["name"])
    order_by = [order.desc() if query.descending else order.asc(), Membership.id]
    return id_list(session, statement.order_by(*order_by))


def rows(
    session: Session, membership_ids: Sequence[int], dues_year: int | None = None
) -> list[MemberRow]:
    if not membership_ids:
        return []
    statuses: dict[int, str] = {}
    if dues_year is not None:
        from assocdesk.services import dues_status

        found = dues_status.statuses(session, dues_year, membership_ids)
        statuses = {key: value.status for key, value in found.items()}
    result = session.scalars(
        select(Membership)
        .where(Membership.id.in_(membership_ids))
        .options(joinedload(Membership.contact))
    )
    by_id = {
        m.id: MemberRow(
            m.id,
            m.contact_id,
            m.number,
            contacts.display_name(m.contact),
            m.category,
            m.contact.phone,
            m.contact.city,
            m.joined_on,
            m.left_on,
            m.contact.archived,
            statuses.get(m.id),
        )
        for m in result
    }
    return in_id_order(by_id, membership_ids)


def list_members(
    session: Session, query: ListQuery = ListQuery(), offset: int = 0, limit: int = 100
) -> Page[MemberRow]:
    return page_of(session, query, ids, rows, offset, limit)


def count(session: Session, on: date | None = None) -> int:
    """Members whose membership is current on ``on`` (today by default) and not archived."""
    on = on or today()
    statement = (
        select(func.count())
        .select_from(Membership)
        .join(Membership.contact)
        .where(Contact.archived_at.is_(None), current_on(on))
    )
    return session.scalar(statement) or 0
