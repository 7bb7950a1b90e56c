"""Gapless per-year receipt numbers, and how a receipt is issued: donations and dues each keep
their own book, by the same rules.

A law-abiding receipt book has no hole and no repeat: the counter row of the year is bumped
in the same transaction as the receipt it numbers (which holds SQLite's write lock, or on a
server the counter row's lock), so a rollback gives the number back and two saves can never take
the same one. Issuing appends the
receipt to the tamper-evident chain of its book and year (:mod:`assocdesk.services.receipt_chain`)
in that same transaction.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assocdesk.i18n import _
from assocdesk.models import Donation, DuesPayment, DuesReceiptCounter, ReceiptCounter
from assocdesk.services import receipt_chain
from assocdesk.services.audit import record_event, snapshot
from assocdesk.services.errors import ValidationError

Receipted = Donation | DuesPayment


def take_next(
    session: Session, counter: type[ReceiptCounter] | type[DuesReceiptCounter], year: int
) -> int:
    """The next number of ``year`` in the book that ``counter`` keeps."""
    return take_range(session, counter, year, 1)[0]


def take_range(
    session: Session,
    counter: type[ReceiptCounter] | type[DuesReceiptCounter],
    year: int,
    count: int,
) -> range:
    """The next ``count`` numbers of ``year`` in the book that ``counter`` keeps, in one bump.

    For an import that numbers thousands of receipts: the counter moves once, and every number
    of the range must be used in the same transaction (a number taken and left unused is a hole
    in the book, which ``check`` reports).
    """
    if count <= 0:
        return range(0)
    session.flush()
    bumped = _bump(session, counter, year, count)
    if bumped is None:  # the year's first number: its counter row is made now
        try:
            with session.begin_nested():
                session.add(counter(year=year, last_number=count))
            bumped = count
        except IntegrityError:  # another desk made it meanwhile (a server): bump theirs
            bumped = _bump(session, counter, year, count)
            assert bumped is not None
    return range(bumped - count + 1, bumped + 1)


def _bump(
    session: Session,
    counter: type[ReceiptCounter] | type[DuesReceiptCounter],
    year: int,
    count: int,
) -> int | None:
    """Move the year's counter by ``count`` and return its new value (None: no row yet).

    ``UPDATE … RETURNING`` locks the row until the transaction ends: on a server, a second desk
    taking a number of the same year waits here for the first to commit or roll back, so the
    book can have neither a hole nor a repeat (never a sequence: a sequence keeps the numbers
    of rolled-back transactions). On SQLite the transaction already holds the write lock.
    """
    return session.execute(
        update(counter)
        .where(counter.year == year)
        .values(last_number=counter.last_number + count)
        .returning(counter.last_number)
    ).scalar()


def count_print(session: Session, record: Receipted) -> int:
    """Count a print of ``record``'s receipt; the first issues it. The count after it.

    Called only when a document really leaves (printed, saved, written by the CLI), in the unit
    of work that renders it as what this count makes it and delivers it: a failed delivery rolls
    the count back, and the document says "duplicate" exactly when the count says so.
    """
    before = snapshot(record)
    issuing = record.receipt_issued_at is None
    if issuing:
        record.receipt_issued_at = datetime.now(UTC)
    record.receipt_prints += 1
    record_event(session, "print", record, before)
    if issuing:  # the receipt leaves with these values: chain them (a duplicate changes none)
        receipt_chain.append(session, record, "issue")
    return record.receipt_prints


def issue_unprinted(session: Session, record: Receipted) -> None:
    """Issue the original without printing it here: it was handed over another way (printed on
    another computer, written in the paper receipt book). It counts as its one original, so a
    print from here is then a duplicate; the journal says it was issued, not printed."""
    if record.receipt_issued:
        raise ValidationError(
            "", _("Receipt {number} was already issued.").format(number=record.receipt_number)
        )
    before = snapshot(record)
    record.receipt_issued_at = datetime.now(UTC)
    record.receipt_prints = 1
    record_event(session, "issue", record, before)
    receipt_chain.append(session, record, "issue")
