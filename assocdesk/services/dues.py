"""Dues: the fee schedule, recording and voiding payments, and their receipt numbers.

Fees are set per membership category and year ("" is the category of members who have none);
a category without a fee for a year owes nothing that year. A year may be paid in several parts,
each with its own receipt. Receipt numbers are PREFIX-C-YYYY-NNNN (C for cotisation), gapless per
year of the payment date, from their own counter (not the donations'): the counter row is bumped
inside the payment's transaction, so a refused or cancelled save rolls the number back with it,
and a voided payment keeps its number for ever.

Who owes what for a year is decided in :mod:`assocdesk.services.dues_status`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from assocdesk.i18n import _, current_language
from assocdesk.models import (
    AssociationProfile,
    DonationMethod,
    DuesFee,
    DuesPayment,
    DuesPaymentStatus,
    DuesReceiptCounter,
    Membership,
)
from assocdesk.services import members, numbering, receipt_chain
from assocdesk.services.audit import add_event, record_event, snapshot
from assocdesk.services.common import (
    amount_field,
    currency_field,
    date_field,
    not_in_future,
    text_field,
)
from assocdesk.services.donations import receipt_prefix
from assocdesk.services.errors import Errors, NotFound, ReceiptNeedsCorrection, ValidationError
from assocdesk.storage.sql_functions import int_sum
from assocdesk.text.locales import babel_locale
from assocdesk.text.money import format_money

# How dues are paid: a donation's ways, less "in kind" (dues are money).
PAYMENT_METHODS = tuple(m for m in DonationMethod if m != DonationMethod.IN_KIND)
EARLIEST_YEAR, LATEST_YEAR = 1900, 2199


def _today() -> date:
    return datetime.now(UTC).astimezone().date()


# -- the fee schedule ------------------------------------------------------------------------
@dataclass(frozen=True)
class FeeRow:
    id: int
    category: str
    year: int
    amount_minor: int
    currency: str


def fees(session: Session, year: int | None = None) -> list[FeeRow]:
    """The schedule, newest year first, categories in alphabetical order."""
    statement = select(DuesFee).order_by(DuesFee.year.desc(), DuesFee.category)
    if year is not None:
        statement = statement.where(DuesFee.year == year)
    return [
        FeeRow(f.id, f.category, f.year, f.amount_minor, f.currency)
        for f in session.scalars(statement)
    ]


def fee_for(session: Session, category: str, year: int) -> DuesFee | None:
    return session.scalar(select(DuesFee).where(DuesFee.category == category, DuesFee.year == year))


def _year_field(errors: Errors, name: str, value: object) -> int | None:
    if not isinstance(value, int) or isinstance(value, bool):
        errors.add(name, _("Enter a year (example: 2026)."))
        return None
    if not EARLIEST_YEAR <= value <= LATEST_YEAR:
        errors.add(
            name,
            _("Enter a year between {first} and {last}.").format(
                first=EARLIEST_YEAR, last=LATEST_YEAR
            ),
        )
        return None
    return value


def set_fee(
    session: Session,
    *,
    category: str,
    year: int,
    amount: str | Decimal | int | None,
    currency: str,
) -> DuesFee:
    """Create or change the fee of one category for one year.

    Payments already recorded stay as they are; the status of the year follows the new fee.
    """
    errors = Errors()
    category = text_field(errors, "category", category, max_length=60)
    checked_year = _year_field(errors, "year", year)
    code = currency_field(errors, "currency", currency)
    minor = amount_field(errors, "amount", amount, code)
    errors.raise_if_any()
    assert checked_year is not None and minor is not None
    fee = fee_for(session, category, checked_year)
    if fee is None:
        fee = DuesFee(category=category, year=checked_year, amount_minor=minor, currency=code)
        session.add(fee)
        record_event(session, "create", fee)
        return fee
    before = snapshot(fee)
    fee.amount_minor, fee.currency = minor, code
    record_event(session, "update", fee, before)
    return fee


def remove_fee(session: Session, fee_id: int) -> None:
    """Remove one line of the schedule: that category owes nothing that year any more.

    Payments recorded against it stay (they are receipts); only the expectation goes.
    """
    fee = session.get(DuesFee, fee_id)
    if fee is None:
        raise NotFound(_("This fee does not exist any more."))
    session.flush()
    add_event(session, "delete", fee, {"before": snapshot(fee), "after": None})
    session.execute(delete(DuesFee).where(DuesFee.id == fee_id))


def copy_fees(session: Session, from_year: int, to_year: int) -> int:
    """Start a year's schedule from another year's (the usual case: fees rarely change).

    Categories that already have a fee for ``to_year`` keep it; returns how many were added.
    """
    added = 0
    for fee in fees(session, from_year):
        if fee_for(session, fee.category, to_year) is None:
            new = DuesFee(
                category=fee.category,
                year=to_year,
                amount_minor=fee.amount_minor,
                currency=fee.currency,
            )
            session.add(new)
            record_event(session, "create", new)
            added += 1
    return added


# -- payments --------------------------------------------------------------------------------
@dataclass
class PaymentInput:
    membership_id: int | None
    period_year: int | None
    amount: str | Decimal | int | None
    currency: str
    paid_on: date | None
    method: str = DonationMethod.CASH
    notes: str = ""


def paid_for_year(
    session: Session,
    membership_id: int,
    year: int,
    currency: str,
    *,
    leaving_out: int | None = None,
) -> int:
    """Minor units already paid (not void) for ``year`` in ``currency``."""
    statement = select(func.coalesce(int_sum(DuesPayment.amount_minor), 0)).where(
        DuesPayment.membership_id == membership_id,
        DuesPayment.period_year == year,
        DuesPayment.currency == currency,
        DuesPayment.status == DuesPaymentStatus.RECORDED,
    )
    if leaving_out is not None:
        statement = statement.where(DuesPayment.id != leaving_out)
    return int(session.scalar(statement) or 0)


def _validated(
    session: Session, data: PaymentInput, payment_id: int | None = None
) -> dict[str, object]:
    errors = Errors()
    membership = session.get(Membership, data.membership_id) if data.membership_id else None
    if membership is None:
        errors.add("membership_id", _("Choose the member who pays."))
    year = _year_field(errors, "period_year", data.period_year)
    currency = currency_field(errors, "currency", data.currency)
    amount = amount_field(errors, "amount", data.amount, currency)
    paid_on = date_field(errors, "paid_on", data.paid_on, required=True)
    not_in_future(errors, "paid_on", paid_on, _today())
    if data.method not in PAYMENT_METHODS:
        errors.add("method", _("Choose how the dues were paid."))
    notes = text_field(errors, "notes", data.notes, max_length=2000, multiline=True)
    if membership is not None and year is not None:
        _check_against_fee(session, errors, membership, year, currency, amount, payment_id)
    errors.raise_if_any()
    return {
        "membership_id": data.membership_id,
        "period_year": year,
        "amount_minor": amount,
        "currency": currency,
        "paid_on": paid_on,
        "method": data.method,
        "notes": notes,
    }


def _check_against_fee(
    session: Session,
    errors: Errors,
    membership: Membership,
    year: int,
    currency: str,
    amount: int | None,
    payment_id: int | None,
) -> None:
    """A payment is for a year the person was a member, of a category with a fee, in the fee's
    currency, and not more than what is still due (a second entry of the same payment, or a
    typo with one zero too many, is refused rather than turned into credit)."""
    if membership.joined_on.year > year or (
        membership.left_on is not None and membership.left_on.year < year
    ):
        errors.add(
            "period_year",
            _("This person was not a member in {year}.").format(year=year),
        )
        return
    fee = fee_for(session, membership.category, year)
    if fee is None:
        category = membership.category or _("(no category)")
        errors.add(
            "period_year",
            _(
                "No dues are set for the category {category} in {year}: add them in Settings first."
            ).format(category=category, year=year),
        )
        return
    if "currency" not in errors and currency != fee.currency:
        errors.add(
            "currency",
            _("The dues of {year} are set in {currency}.").format(year=year, currency=fee.currency),
        )
        return
    if amount is None:
        return
    paid = paid_for_year(session, membership.id, year, fee.currency, leaving_out=payment_id)
    left = fee.amount_minor - paid
    profile = session.scalar(select(AssociationProfile).limit(1))
    locale = babel_locale(current_language(), profile.country if profile else "")
    if left <= 0:
        errors.add("amount", _("The dues of {year} are already paid in full.").format(year=year))
    elif amount > left:
        errors.add(
            "amount",
            _("Only {amount} is still due for {year}.").format(
                amount=format_money(left, fee.currency, locale), year=year
            ),
        )


def next_receipt_number(session: Session, year: int) -> tuple[int, str]:
    """Take the next dues receipt number of ``year``: (sequence, "PREFIX-C-YYYY-NNNN")."""
    seq = numbering.take_next(session, DuesReceiptCounter, year)
    return seq, f"{receipt_prefix(session)}-C-{year}-{seq:04d}"


def record(session: Session, data: PaymentInput) -> DuesPayment:
    values = _validated(session, data)
    year = values["paid_on"].year  # type: ignore[union-attr]
    seq, number = next_receipt_number(session, year)
    payment = DuesPayment(**values, receipt_year=year, receipt_seq=seq, receipt_number=number)
    session.add(payment)
    record_event(session, "create", payment)
    return payment


def get(session: Session, payment_id: int) -> DuesPayment:
    payment = session.get(DuesPayment, payment_id)
    if payment is None:
        raise NotFound(_("There is no dues payment number {id}.").format(id=payment_id))
    return payment


# What a printed dues receipt states, so what may no longer change once it is issued.
FROZEN_ONCE_ISSUED = {
    "amount_minor": "amount",
    "currency": "currency",
    "membership_id": "membership_id",
    "period_year": "period_year",
    "paid_on": "paid_on",
}


def update(session: Session, payment_id: int, data: PaymentInput) -> DuesPayment:
    """Correct a payment. Its receipt number stays; once the receipt was given, only the method
    and notes may change (void it and record a new one otherwise)."""
    payment = get(session, payment_id)
    if payment.status == DuesPaymentStatus.VOID:
        raise ValidationError("amount", _("A voided payment cannot be changed."))
    values = _validated(session, data, payment_id)
    if values["paid_on"].year != payment.receipt_year:  # type: ignore[union-attr]
        raise ReceiptNeedsCorrection(
            ["paid_on"],
            _(
                "The receipt {number} belongs to {year}: void this payment and record a new one "
                "to move it to another year."
            ).format(number=payment.receipt_number, year=payment.receipt_year),
            number=payment.receipt_number,
        )
    if payment.receipt_issued:
        frozen = [
            f for key, f in FROZEN_ONCE_ISSUED.items() if values[key] != getattr(payment, key)
        ]
        if frozen:
            message = _(
                "Receipt {number} was already given to the member: only the method and notes "
                "can change. Void it and record a corrected payment instead."
            ).format(number=payment.receipt_number)
            raise ReceiptNeedsCorrection(frozen, message, number=payment.receipt_number)
    before = snapshot(payment)
    for key, value in values.items():
        setattr(payment, key, value)
    record_event(session, "update", payment, before)
    return payment


def void(session: Session, payment_id: int, reason: str) -> DuesPayment:
    """Mark a payment void, with a reason. It is kept, and so is its receipt number."""
    payment = get(session, payment_id)
    errors = Errors()
    reason = text_field(errors, "reason", reason, max_length=500, required=True)
    errors.raise_if_any()
    if payment.status == DuesPaymentStatus.VOID:
        raise ValidationError("reason", _("This payment is already void."))
    before = snapshot(payment)
    payment.status = DuesPaymentStatus.VOID
    payment.void_reason = reason
    payment.voided_at = datetime.now(UTC)
    record_event(session, "void", payment, before)
    # Issued or not, a void uses the number for good: the chain keeps it.
    receipt_chain.append(session, payment, "void")
    return payment


@dataclass(frozen=True)
class Printing:
    payment_id: int
    duplicate: bool
    prints: int


def mark_printed(session: Session, payment_id: int) -> Printing:
    """Count a print of the receipt: the first issues it, any later one is a duplicate.

    Only when the receipt really leaves (printed, saved), in the unit of work that renders and
    delivers it; a preview counts nothing (see services.donations.mark_printed)."""
    prints = numbering.count_print(session, get(session, payment_id))
    return Printing(payment_id, prints > 1, prints)


def issue_unprinted(session: Session, payment_id: int) -> Printing:
    """Issue the original without printing it here (see numbering.issue_unprinted)."""
    numbering.issue_unprinted(session, get(session, payment_id))
    return Printing(payment_id, False, 1)


@dataclass(frozen=True)
class PaymentRow:
    id: int
    receipt_number: str
    period_year: int
    paid_on: date
    amount_minor: int
    currency: str
    method: str
    status: str
    prints: int


def payments_of(session: Session, membership_id: int) -> list[PaymentRow]:
    """A member's payments, newest first, voided ones included (they are records)."""
    members.get(session, membership_id)
    statement = (
        select(DuesPayment)
        .where(DuesPayment.membership_id == membership_id)
        .order_by(DuesPayment.paid_on.desc(), DuesPayment.id.desc())
    )
    return [
        PaymentRow(
            p.id,
            p.receipt_number,
            p.period_year,
            p.paid_on,
            p.amount_minor,
            p.currency,
            p.method,
            p.status,
            p.receipt_prints,
        )
        for p in session.scalars(statement)
    ]
