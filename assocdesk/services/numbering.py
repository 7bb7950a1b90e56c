"""Gapless per-year receipt numbers: donations and dues each keep their own book.

A law-abiding receipt book has no hole and no repeat: the counter row of the year is bumped
in the same transaction as the receipt it numbers (which holds SQLite's write lock), so a
rollback gives the number back and two saves can never take the same one.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from assocdesk.models import DuesReceiptCounter, ReceiptCounter


def take_next(
    session: Session, counter: type[ReceiptCounter] | type[DuesReceiptCounter], year: int
) -> int:
    """The next number of ``year`` in the book that ``counter`` keeps."""
    session.flush()
    bumped = session.execute(
        update(counter)
        .where(counter.year == year)
        .values(last_number=counter.last_number + 1)
        .returning(counter.last_number)
    ).scalar()
    if bumped is None:
        session.add(counter(year=year, last_number=1))
        session.flush()
        bumped = 1
    return bumped
