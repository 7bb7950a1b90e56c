"""Who is up to date with their dues for a year, who is late, who never paid — in SQL.

The rules, for a member and a year Y (calendar year of the fee schedule):

1. **Not due** when the person was not a member during Y: joined after Y, or left before Y.
2. **Not due** when their category has no fee for Y (honorary members, say). A member with no
   category uses the fee of the "" category, if one is set.
3. **Up to date** when the payments for Y that are not void, in the fee's currency, add up to
   the fee or more. A member who joined during Y owes the whole year's fee (no pro rata: it is
   what most associations' statutes say); payments in another currency do not count.
4. **Not due** when the member left during Y and has not paid in full: nobody chases someone
   who has left, and the secretary sees the payments on the member anyway.
5. Otherwise the member owes ``fee − paid`` for Y (a partial payment lowers it): **late** if they
   paid dues (not void) for Y or any earlier year, **never paid** if they never did.

The whole rule is one SQL expression over one subquery per year, so the Members page can filter
12 000 members by status without looping over them in Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import Subquery, and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import Session

from assocdesk.i18n import N_, translate_in
from assocdesk.models import Contact, DuesFee, DuesPayment, DuesPaymentStatus, Membership
from assocdesk.services import association, contacts
from assocdesk.storage.sql_functions import int_sum


class DuesStatus(StrEnum):
    UP_TO_DATE = "up_to_date"
    LATE = "late"
    NEVER_PAID = "never_paid"
    NOT_DUE = "not_due"


STATUS_LABELS = {
    DuesStatus.UP_TO_DATE: N_("Up to date"),
    DuesStatus.LATE: N_("Late"),
    DuesStatus.NEVER_PAID: N_("Never paid"),
    DuesStatus.NOT_DUE: N_("No dues"),
}
OWING = (DuesStatus.LATE, DuesStatus.NEVER_PAID)


def status_label(status: str, language: str | None = None) -> str:
    from assocdesk.i18n import _

    text = STATUS_LABELS.get(status, status)  # type: ignore[call-overload]
    return translate_in(language, text) if language else _(text)


def status_table(year: int) -> Subquery:
    """One row per membership: membership_id, status, fee_minor, currency, paid_minor, due_minor."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    fee = (
        select(DuesFee.category, DuesFee.amount_minor, DuesFee.currency)
        .where(DuesFee.year == year)
        .subquery("fee")
    )
    paid = (
        select(
            DuesPayment.membership_id,
            DuesPayment.currency,
            int_sum(DuesPayment.amount_minor).label("total"),
        )
        .where(
            DuesPayment.period_year == year,
            DuesPayment.status == DuesPaymentStatus.RECORDED,
        )
        .group_by(DuesPayment.membership_id, DuesPayment.currency)
        .subquery("paid")
    )
    # Asked per member, through the index on membership_id: grouping every payment ever made
    # (to join it) cost ~25 ms at 12 000 members, even for a page of 100.
    ever_paid = exists().where(
        DuesPayment.membership_id == Membership.id,
        DuesPayment.period_year <= year,
        DuesPayment.status == DuesPaymentStatus.RECORDED,
    )
    paid_minor = func.coalesce(paid.c.total, 0)
    outside_year = or_(
        Membership.joined_on > end,
        and_(Membership.left_on.is_not(None), Membership.left_on < start),
    )
    status = case(
        (outside_year, literal(DuesStatus.NOT_DUE.value)),
        (fee.c.amount_minor.is_(None), literal(DuesStatus.NOT_DUE.value)),
        (paid_minor >= fee.c.amount_minor, literal(DuesStatus.UP_TO_DATE.value)),
        (
            and_(Membership.left_on.is_not(None), Membership.left_on <= end),
            literal(DuesStatus.NOT_DUE.value),
        ),
        (ever_paid, literal(DuesStatus.LATE.value)),
        else_=literal(DuesStatus.NEVER_PAID.value),
    )
    due = case((status.in_([s.value for s in OWING]), fee.c.amount_minor - paid_minor), else_=0)
    return (
        select(
            Membership.id.label("membership_id"),
            status.label("status"),
            fee.c.amount_minor.label("fee_minor"),
            fee.c.currency.label("currency"),
            paid_minor.label("paid_minor"),
            due.label("due_minor"),
        )
        .select_from(Membership)
        .outerjoin(fee, fee.c.category == Membership.category)
        .outerjoin(
            paid,
            and_(paid.c.membership_id == Membership.id, paid.c.currency == fee.c.currency),
        )
        .subquery("dues_status")
    )


@dataclass(frozen=True)
class MemberDues:
    membership_id: int
    status: str
    fee_minor: int | None
    currency: str | None
    paid_minor: int
    due_minor: int


def statuses(session: Session, year: int, membership_ids: Sequence[int]) -> dict[int, MemberDues]:
    """The dues of some members for ``year`` (one query: a page of the Members list)."""
    if not membership_ids:
        return {}
    table = status_table(year)
    rows = session.execute(select(table).where(table.c.membership_id.in_(membership_ids)))
    return {row.membership_id: MemberDues(*row) for row in rows}


def status_of(session: Session, membership_id: int, year: int) -> MemberDues:
    return statuses(session, year, [membership_id])[membership_id]


def counts(session: Session, year: int, *, include_archived: bool = False) -> dict[str, int]:
    """status → number of members, for a year (the home page's chart, the CLI)."""
    table = status_table(year)
    statement = (
        select(table.c.status, func.count())
        .join(Membership, Membership.id == table.c.membership_id)
        .join(Contact, Contact.id == Membership.contact_id)
        .group_by(table.c.status)
    )
    if not include_archived:
        statement = statement.where(Contact.archived_at.is_(None))
    found = {status: count for status, count in session.execute(statement)}
    return {status.value: found.get(status.value, 0) for status in DuesStatus}


# -- the late list ----------------------------------------------------------------------------
@dataclass(frozen=True)
class LateMember:
    membership_id: int
    contact_id: int
    number: str
    name: str
    category: str
    phone: str
    language: str  # the member's own, else the association's
    status: str  # late or never_paid
    fee_minor: int
    paid_minor: int
    due_minor: int
    currency: str
    may_contact: bool
    not_contacted_because: str  # untranslated reason (N_) when may_contact is False, else ""


NO_CONSENT = N_("Has not agreed to be contacted")
NO_PHONE = N_("No phone number")


def late_members(session: Session, year: int) -> list[LateMember]:
    """Members who owe dues for ``year`` (late or never paid), by membership number.

    Archived and erased people are left out: the list is for reminders and for the board.
    """
    profile = association.get(session)
    default_language = profile.default_language if profile else "ar"
    table = status_table(year)
    statement = (
        select(Membership, table)
        .join(table, table.c.membership_id == Membership.id)
        .join(Membership.contact)
        .where(
            table.c.status.in_([s.value for s in OWING]),
            Contact.archived_at.is_(None),
            Contact.erased_at.is_(None),
        )
        .order_by(Membership.number, Membership.id)
    )
    result: list[LateMember] = []
    for row in session.execute(statement):
        membership: Membership = row[0]
        contact = membership.contact
        reason = ""
        if not contact.consent_contact:
            reason = NO_CONSENT
        elif not contact.phone.strip():
            reason = NO_PHONE
        result.append(
            LateMember(
                membership_id=membership.id,
                contact_id=contact.id,
                number=membership.number,
                name=contacts.display_name(contact),
                category=membership.category,
                phone=contact.phone,
                language=contact.preferred_language or default_language,
                status=row.status,
                fee_minor=row.fee_minor,
                paid_minor=row.paid_minor,
                due_minor=row.due_minor,
                currency=row.currency,
                may_contact=not reason,
                not_contacted_because=reason,
            )
        )
    return result


def member_ids_with_status(year: int, wanted: str):
    """A WHERE clause on Membership.id: members whose status for ``year`` is ``wanted``."""
    table = status_table(year)
    return Membership.id.in_(select(table.c.membership_id).where(table.c.status == wanted))
