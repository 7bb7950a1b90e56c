"""Donations: record (with its receipt number), correct, void, list.

Receipt numbers are PREFIX-YYYY-NNNN, gapless per year of the donation date: the counter row of
that year is bumped inside the donation's own transaction, so a failed or cancelled save rolls the
number back with it and two saves can never take the same number. A voided donation keeps its
number for ever.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session, joinedload

from assocdesk.i18n import N_, _
from assocdesk.models import (
    AssociationProfile,
    Campaign,
    Contact,
    Donation,
    DonationMethod,
    DonationStatus,
    ReceiptCounter,
)
from assocdesk.services import conflicts, contact_search, contacts, numbering, receipt_chain
from assocdesk.services.audit import record_event, snapshot
from assocdesk.services.common import (
    ListQuery,
    Page,
    amount_field,
    currency_field,
    date_field,
    id_list,
    in_id_order,
    not_in_future,
    page_of,
    text_field,
)
from assocdesk.services.errors import Errors, NotFound, ReceiptNeedsCorrection, ValidationError
from assocdesk.storage.sql_functions import by_code_point, int_sum


@dataclass
class DonationInput:
    amount: str | Decimal | int | None
    currency: str
    donated_on: date | None
    contact_id: int | None = None
    anonymous: bool = False  # said explicitly, so a forgotten donor is an error, not anonymity
    method: str = DonationMethod.CASH
    in_kind_description: str = ""
    campaign_id: int | None = None
    notes: str = ""
    # What the receipt states about how the gift was given: a cheque's number and bank (kept
    # only for a cheque), who valued a gift in kind and how (kept only for a gift in kind).
    cheque_number: str = ""
    bank: str = ""
    valued_by: str = ""
    gift_form: str = "manual"  # France's reçu fiscal: one of GIFT_FORMS
    # The donation's version the form opened on (None: a new one, or no form): a save over a
    # donation someone changed meanwhile is refused (services.conflicts).
    version: int | None = None


# The form of the gift, as France's reçus fiscaux (Cerfa 11580*05, 16216*03) list it.
GIFT_FORMS: dict[str, str] = {
    "manual": N_("Declaration of a manual gift"),
    "notarial": N_("Notarial deed"),
    "private_deed": N_("Private deed"),
    "other": N_("Other form"),
}


@dataclass(frozen=True)
class DonationRow:
    id: int
    receipt_number: str
    donated_on: date
    donor: str | None  # None: anonymous
    amount_minor: int
    currency: str
    method: str
    campaign: str | None
    status: str
    receipt_prints: int = 0  # 0: not issued; 1: the original; more: duplicates too


@dataclass(frozen=True)
class DonationDetails:
    """A donation as its form shows it: ``values`` to edit and send back (the amount in minor
    units beside it, for the form to write in its locale), its receipt, donor and campaign."""

    id: int
    values: DonationInput
    amount_minor: int
    receipt_number: str
    receipt_prints: int  # 0: not issued
    receipt_issued_at: datetime | None
    status: str
    donor_name: str | None  # None: anonymous
    campaign_name: str | None

    @property
    def receipt_issued(self) -> bool:
        return self.receipt_prints > 0


def _today() -> date:
    return datetime.now(UTC).astimezone().date()


def _validated(session: Session, data: DonationInput) -> dict[str, object]:
    errors = Errors()
    currency = currency_field(errors, "currency", data.currency)
    amount = amount_field(errors, "amount", data.amount, currency)
    donated_on = date_field(errors, "donated_on", data.donated_on, required=True)
    not_in_future(errors, "donated_on", donated_on, _today())
    if data.method not in tuple(DonationMethod):
        errors.add("method", _("Choose how the gift was given."))
    description = text_field(
        errors,
        "in_kind_description",
        data.in_kind_description,
        max_length=2000,
        multiline=True,
        required=data.method == DonationMethod.IN_KIND,
    )
    notes = text_field(errors, "notes", data.notes, max_length=5000, multiline=True)
    # Recommended, not required: a treasurer may record a cheque before the number is at hand,
    # and a receipt without it is still a receipt (it then simply says "cheque").
    # Fields of another method are dropped unread: they are hidden in the form, and an error
    # there could not be seen.
    cheque_number = bank = valued_by = ""
    if data.method == DonationMethod.CHEQUE:
        cheque_number = text_field(errors, "cheque_number", data.cheque_number, max_length=40)
        bank = text_field(errors, "bank", data.bank, max_length=100)
    elif data.method == DonationMethod.IN_KIND:
        valued_by = text_field(errors, "valued_by", data.valued_by, max_length=200)
    if data.gift_form not in GIFT_FORMS:
        errors.add("gift_form", _("Choose the form of the gift."))
    contact_id = None if data.anonymous else data.contact_id
    if not data.anonymous and data.contact_id is None:
        errors.add("contact_id", _("Choose the donor, or mark the donation as anonymous."))
    elif contact_id is not None and session.get(Contact, contact_id) is None:
        errors.add("contact_id", _("This donor does not exist any more."))
    if data.campaign_id is not None and session.get(Campaign, data.campaign_id) is None:
        errors.add("campaign_id", _("This campaign does not exist any more."))
    errors.raise_if_any()
    return {
        "amount_minor": amount,
        "currency": currency,
        "donated_on": donated_on,
        "contact_id": contact_id,
        "method": data.method,
        "in_kind_description": description if data.method == DonationMethod.IN_KIND else "",
        "campaign_id": data.campaign_id,
        "notes": notes,
        "cheque_number": cheque_number,
        "bank": bank,
        "valued_by": valued_by,
        "gift_form": data.gift_form,
    }


def receipt_prefix(session: Session) -> str:
    return session.scalar(select(AssociationProfile.receipt_prefix)) or "R"


def receipt_number_text(prefix: str, year: int, seq: int) -> str:
    """A donation receipt's number as printed: "PREFIX-YYYY-NNNN"."""
    return f"{prefix}-{year}-{seq:04d}"


def next_receipt_number(session: Session, year: int) -> tuple[int, str]:
    """Take the next donation receipt number of ``year``: (sequence, "PREFIX-YYYY-NNNN")."""
    seq = numbering.take_next(session, ReceiptCounter, year)
    return seq, receipt_number_text(receipt_prefix(session), year, seq)


def record(session: Session, data: DonationInput) -> Donation:
    values = _validated(session, data)
    year = values["donated_on"].year  # type: ignore[union-attr]
    seq, number = next_receipt_number(session, year)
    donation = Donation(**values, receipt_year=year, receipt_seq=seq, receipt_number=number)
    session.add(donation)
    record_event(session, "create", donation)
    return donation


def get(session: Session, donation_id: int) -> Donation:
    donation = session.get(Donation, donation_id)
    if donation is None:
        raise NotFound(_("There is no donation number {id}.").format(id=donation_id))
    return donation


def details(session: Session, donation_id: int) -> DonationDetails:
    """The donation's form values and receipt; NotFound if it is gone."""
    d = session.scalar(
        select(Donation)
        .where(Donation.id == donation_id)
        .options(joinedload(Donation.contact), joinedload(Donation.campaign))
    )
    if d is None:
        raise NotFound(_("There is no donation number {id}.").format(id=donation_id))
    values = DonationInput(
        None, d.currency, d.donated_on, d.contact_id, d.contact_id is None, d.method,
        d.in_kind_description, d.campaign_id, d.notes, d.cheque_number, d.bank, d.valued_by,
        d.gift_form, d.version,
    )  # fmt: skip
    donor = contacts.display_name(d.contact) if d.contact is not None else None
    return DonationDetails(
        d.id, values, d.amount_minor, d.receipt_number, d.receipt_prints, d.receipt_issued_at,
        d.status, donor, d.campaign.name if d.campaign is not None else None,
    )  # fmt: skip


def update(session: Session, donation_id: int, data: DonationInput) -> Donation:
    """Correct a recorded donation. Its receipt number stays; a void one cannot change."""
    donation = get(session, donation_id)
    conflicts.check_version(session, donation, data.version, "donations")
    if donation.status == DonationStatus.VOID:
        raise ValidationError("amount", _("A voided donation cannot be changed."))
    values = _validated(session, data)
    if values["donated_on"].year != donation.receipt_year:  # type: ignore[union-attr]
        raise ReceiptNeedsCorrection(
            ["donated_on"],
            _(
                "The receipt {number} belongs to {year}: void this donation and record a new one "
                "to move it to another year."
            ).format(number=donation.receipt_number, year=donation.receipt_year),
            number=donation.receipt_number,
        )
    if donation.receipt_issued:
        frozen = {
            key: field
            for key, field in FROZEN_ONCE_ISSUED.items()
            if values[key] != getattr(donation, key)
        }
        if frozen:
            message = _(
                "Receipt {number} was already given to the donor: its amount, donor and date "
                "cannot change. Void it and record a corrected donation instead."
            ).format(number=donation.receipt_number)
            raise ReceiptNeedsCorrection(
                list(frozen.values()), message, number=donation.receipt_number
            )
    before = snapshot(donation)
    for key, value in values.items():
        setattr(donation, key, value)
    record_event(session, "update", donation, before)
    return donation


# What a printed receipt states, so what may no longer change once it is issued (column → field).
FROZEN_ONCE_ISSUED = {
    "amount_minor": "amount",
    "currency": "currency",
    "contact_id": "contact_id",
    "donated_on": "donated_on",
}


def correct(session: Session, donation_id: int, data: DonationInput, reason: str) -> Donation:
    """Void a donation and record its corrected version, linked to it, in one unit of work.

    The corrected donation gets a new receipt number; statements show both, count only it.
    """
    conflicts.check_version(session, get(session, donation_id), data.version, "donations")
    voided = void(session, donation_id, reason)
    corrected = record(session, data)
    corrected.replaces_id = voided.id
    record_event(session, "update", corrected, {"replaces_id": None})
    return corrected


@dataclass(frozen=True)
class Printing:
    """What one print of a receipt is: the original, or the n-th duplicate."""

    donation_id: int
    duplicate: bool
    prints: int


def mark_printed(session: Session, donation_id: int) -> Printing:
    """Count a print of the receipt: the first issues it, any later one is a duplicate. Only when
    it really leaves; a preview calls nothing here (see numbering.count_print)."""
    prints = numbering.count_print(session, get(session, donation_id))
    return Printing(donation_id, prints > 1, prints)


def issue_unprinted(session: Session, donation_id: int) -> Printing:
    """Issue the original without printing it here (see numbering.issue_unprinted)."""
    numbering.issue_unprinted(session, get(session, donation_id))
    return Printing(donation_id, False, 1)


def void(session: Session, donation_id: int, reason: str) -> Donation:
    """Mark a donation void, with a reason. It is kept, and so is its receipt number."""
    donation = get(session, donation_id)
    errors = Errors()
    reason = text_field(errors, "reason", reason, max_length=500, required=True)
    errors.raise_if_any()
    if donation.status == DonationStatus.VOID:
        raise ValidationError("reason", _("This donation is already void."))
    before = snapshot(donation)
    donation.status = DonationStatus.VOID
    donation.void_reason = reason
    donation.voided_at = datetime.now(UTC)
    record_event(session, "void", donation, before)
    # Issued or not, a void uses the number for good: the chain keeps it.
    receipt_chain.append(session, donation, "void")
    return donation


SORTS = {
    "receipt_number": (Donation.receipt_year, Donation.receipt_seq),
    "donated_on": (Donation.donated_on,),
    # An anonymous gift has no donor (NULL through the outer join): "" sorts it first on both
    # databases, where SQLite and PostgreSQL put a NULL at opposite ends.
    "donor": (by_code_point(func.coalesce(Contact.search_text, "")),),
    "amount": (by_code_point(Donation.currency), Donation.amount_minor),
    "method": (by_code_point(Donation.method),),
    "status": (by_code_point(Donation.status),),
    "receipt_prints": (Donation.receipt_prints,),
}


def ids(session: Session, query: ListQuery, *, include_void: bool = True) -> Sequence[int]:
    """Donation ids; the search matches the donor (any spelling) or the receipt number.

    Voided donations are listed by default (marked as such): they are records, not clutter;
    ``include_void=False`` leaves them out for a reader who wants the valid gifts only.
    """
    statement = select(Donation.id)
    if not include_void:
        statement = statement.where(Donation.status != DonationStatus.VOID)
    needs_contact = query.sort == "donor"
    ranks = []
    if query.search.strip():
        found = contact_search.name_search(query.search)
        receipt = Donation.receipt_number.contains(query.search.strip(), autoescape=True)
        statement = statement.where(
            or_(Donation.contact_id.in_(select(Contact.id).where(found.matches)), receipt)
            if found is not None
            else receipt
        )
        if found is not None and found.by_key:  # donors found literally first, then by key
            literal = or_(Donation.contact_id.in_(select(Contact.id).where(found.literal)), receipt)
            ranks.append(case((literal, 0), else_=1))
    if needs_contact:
        statement = statement.outerjoin(Contact, Contact.id == Donation.contact_id)
    columns = SORTS.get(query.sort, (Donation.donated_on,))
    descending = query.descending if query.sort else True
    order = [c.desc() if descending else c.asc() for c in columns]
    return id_list(session, statement.order_by(*ranks, *order, Donation.id.desc()))


def rows(session: Session, donation_ids: Sequence[int]) -> list[DonationRow]:
    if not donation_ids:
        return []
    # Only the shown columns, not whole records with their donor and campaign: a page of
    # rows is read each time the list scrolls to rows it has not shown yet.
    result = session.execute(
        select(
            Donation.id,
            Donation.receipt_number,
            Donation.donated_on,
            Contact.name,
            Contact.erased_at,
            Donation.amount_minor,
            Donation.currency,
            Donation.method,
            Campaign.name,
            Donation.status,
            Donation.receipt_prints,
        )
        .outerjoin(Contact, Contact.id == Donation.contact_id)
        .outerjoin(Campaign, Campaign.id == Donation.campaign_id)
        .where(Donation.id.in_(donation_ids))
    )
    erased = contacts.display_name_of_erased()
    by_id = {
        row_id: DonationRow(
            row_id,
            number,
            donated_on,
            (erased if erased_at is not None else name) if name is not None else None,
            amount,
            currency,
            method,
            campaign,
            status,
            prints,
        )
        for (
            row_id,
            number,
            donated_on,
            name,
            erased_at,
            amount,
            currency,
            method,
            campaign,
            status,
            prints,
        ) in result
    }
    return in_id_order(by_id, donation_ids)


def list_donations(
    session: Session, query: ListQuery = ListQuery(), offset: int = 0, limit: int = 100
) -> Page[DonationRow]:
    return page_of(session, query, ids, rows, offset, limit)


def totals(session: Session, year: int | None = None) -> dict[str, tuple[int, int]]:
    """currency → (count, total minor units) of recorded (not void) donations, for a year or all."""
    statement = (
        select(Donation.currency, func.count(), int_sum(Donation.amount_minor))
        .where(Donation.status == DonationStatus.RECORDED)
        .group_by(Donation.currency)
    )
    if year is not None:
        statement = statement.where(
            Donation.donated_on >= date(year, 1, 1), Donation.donated_on <= date(year, 12, 31)
        )
    return {currency: (n, total or 0) for currency, n, total in session.execute(statement)}


def validated(session: Session, data: DonationInput) -> dict[str, object]:
    """The checked values of ``data``, writing nothing (the import checks every row with it)."""
    return _validated(session, data)
