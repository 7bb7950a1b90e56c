"""Issuing a receipt: donations and dues alike, from the window or the command line.

A receipt is issued when it leaves, never when it is looked at. :func:`preview_receipt` only
reads: it draws the receipt as the next print would make it (the original while none was
issued, "Duplicate" after). :func:`issue_receipt` is what a print or a save does, in the
caller's one unit of work: it counts the print (:func:`assocdesk.services.numbering.count_print`:
the first issues the receipt and chains it), renders the document as that count makes it, and
hands the PDF to ``deliver`` (paint it on the printer, write the file). If ``deliver`` raises,
the unit of work rolls back and the print is not counted: what is counted is what left. Two
people printing at once cannot both get an original, since the count (under the writer's lock)
decides what is drawn.

:func:`issue_without_printing` issues the original handed over another way (printed elsewhere,
written in the paper book); later prints are then duplicates.

The two receipt books differ only in their service module and their document; :class:`Book`
names them, and :data:`_BOOKS` holds the difference in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from sqlalchemy.orm import Session

from assocdesk.services import donations, dues


class Book(StrEnum):
    """Which receipt book a receipt belongs to."""

    DONATIONS = "donations"
    DUES = "dues"


@dataclass(frozen=True)
class Receipt:
    """One receipt: its book and the id of its donation or dues payment."""

    book: Book
    record_id: int


@dataclass(frozen=True)
class ReceiptState:
    """What a receipt is now: its number, how many times it left (0: not issued), and when the
    original did."""

    number: str
    prints: int
    issued_at: datetime | None

    @property
    def issued(self) -> bool:
        return self.prints > 0


@dataclass(frozen=True)
class Issued:
    """One issuing: what it made (the original or a duplicate) and what was delivered."""

    number: str
    duplicate: bool
    prints: int
    pdf: bytes  # b"" when issued without printing


class _Receipted(Protocol):
    receipt_number: str
    receipt_prints: int
    receipt_issued_at: datetime | None


class _Counted(Protocol):
    duplicate: bool
    prints: int


@dataclass(frozen=True)
class _BookRules:
    get: Callable[[Session, int], _Receipted]
    count: Callable[[Session, int], _Counted]
    issue_unprinted: Callable[[Session, int], _Counted]
    render: Callable[[Session, int, str | None, bool], bytes]  # id, language, duplicate


def _render_donation(session: Session, record_id: int, language: str | None, dup: bool) -> bytes:
    from assocdesk.reports.receipt import render_receipt  # ReportLab: loaded when drawing

    return render_receipt(session, record_id, language=language, duplicate=dup)


def _render_dues(session: Session, record_id: int, language: str | None, dup: bool) -> bytes:
    from assocdesk.reports.dues_receipt import render_dues_receipt

    return render_dues_receipt(session, record_id, language=language, duplicate=dup)


_BOOKS: dict[Book, _BookRules] = {
    Book.DONATIONS: _BookRules(
        donations.get, donations.mark_printed, donations.issue_unprinted, _render_donation
    ),
    Book.DUES: _BookRules(dues.get, dues.mark_printed, dues.issue_unprinted, _render_dues),
}


def receipt_state(session: Session, receipt: Receipt) -> ReceiptState:
    """The receipt as it stands (NotFound if its record does not exist)."""
    record = _BOOKS[receipt.book].get(session, receipt.record_id)
    return ReceiptState(record.receipt_number, record.receipt_prints, record.receipt_issued_at)


def preview_receipt(session: Session, receipt: Receipt, language: str | None = None) -> bytes:
    """The receipt as printing it now would make it; counts nothing, writes nothing."""
    rules = _BOOKS[receipt.book]
    issued = receipt_state(session, receipt).issued
    return rules.render(session, receipt.record_id, language, issued)


def issue_receipt(
    session: Session,
    receipt: Receipt,
    *,
    deliver: Callable[[bytes], object],
    language: str | None = None,
) -> Issued:
    """Count one print, render the receipt as that count makes it, deliver it.

    Run it inside one unit of work: ``deliver`` raises if the document did not leave (the
    printer refused, the disk is full), and the rollback then takes the count back. ``deliver``
    must not wait for a person (the database is being written).
    """
    rules = _BOOKS[receipt.book]
    printing = rules.count(session, receipt.record_id)
    pdf = rules.render(session, receipt.record_id, language, printing.duplicate)
    deliver(pdf)
    number = rules.get(session, receipt.record_id).receipt_number
    return Issued(number, printing.duplicate, printing.prints, pdf)


def issue_without_printing(session: Session, receipt: Receipt) -> Issued:
    """Issue the original handed over another way (a ValidationError if already issued)."""
    rules = _BOOKS[receipt.book]
    printing = rules.issue_unprinted(session, receipt.record_id)
    number = rules.get(session, receipt.record_id).receipt_number
    return Issued(number, False, printing.prints, b"")
