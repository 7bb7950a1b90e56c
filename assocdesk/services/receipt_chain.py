"""Appending to the receipt chain, in the unit of work that issues, voids or re-points a receipt.

Whoever changes a chained value of an issued or void record (see
:data:`assocdesk.receipt_hash.CHAINED`) appends a link here in the same transaction, so the
chain and the records can only be committed together; ``check`` then finds any change made
another way. The series' last link is read through its unique (book, year, position) index:
appending costs the same in the first year and the twentieth. Two desks appending to one series
at once (PostgreSQL) collide on that index and one of them rolls back: a chain never forks.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import insert, or_, select
from sqlalchemy.orm import Session

from assocdesk.models import (
    Donation,
    DuesPayment,
    DuesReceiptCounter,
    ReceiptChainLink,
    ReceiptCounter,
)
from assocdesk.receipt_hash import CHAINED, GENESIS, chain_existing, link_hash, plain

Receipted = Donation | DuesPayment


def book_of(record: Receipted) -> str:
    return "donations" if isinstance(record, Donation) else "dues"


def chained_values(record: Receipted) -> dict[str, Any]:
    """The values of ``record`` that a link states (no name: ids and amounts only)."""
    if isinstance(record, Donation):
        dated, party = record.donated_on, record.contact_id
    else:
        dated, party = record.paid_on, record.membership_id
    return {
        "receipt_number": record.receipt_number,
        "amount_minor": record.amount_minor,
        "currency": record.currency,
        "date": plain(dated),
        "party_id": party,
        "status": plain(record.status),
    }


def is_chained(record: Receipted) -> bool:
    """Whether ``record`` belongs in the chain: issued, or void (a void uses the number)."""
    return record.receipt_issued_at is not None or record.status == "void"


def _tail(session: Session, book: str, year: int) -> tuple[int, str] | None:
    """(position, hash) of the series' last link, read through its unique index."""
    last = session.execute(
        select(ReceiptChainLink.position, ReceiptChainLink.hash)
        .where(ReceiptChainLink.book == book, ReceiptChainLink.year == year)
        .order_by(ReceiptChainLink.position.desc())
        .limit(1)
    ).first()
    return None if last is None else (last[0], last[1])


def _lock_series(session: Session, record: Receipted, year: int) -> None:
    """On a server, two desks printing receipts of the same book and year at once would read
    the same last link: the second waits on the year's counter row (``FOR UPDATE``) until the
    first commits, then reads the link it added. SQLite ignores the clause: its write
    transaction already excludes every other writer."""
    counter = ReceiptCounter if isinstance(record, Donation) else DuesReceiptCounter
    session.execute(select(counter.year).where(counter.year == year).with_for_update())


def append(session: Session, record: Receipted, event: str) -> ReceiptChainLink:
    """Append the link of ``event`` ("issue", "void", "donor") for ``record`` as it is now."""
    book, year = book_of(record), record.receipt_year
    session.flush()  # the record's id, and any link appended earlier in this unit of work
    _lock_series(session, record, year)
    last = _tail(session, book, year)
    position, prev = (last[0] + 1, last[1]) if last is not None else (1, GENESIS)
    fields = {
        "book": book,
        "year": year,
        "position": position,
        "event": event,
        "record_id": record.id,
        **chained_values(record),
    }
    link = ReceiptChainLink(
        book=book,
        year=year,
        position=position,
        event=event,
        record_id=record.id,
        receipt_number=fields["receipt_number"],
        amount_minor=fields["amount_minor"],
        currency=fields["currency"],
        dated_on=record.donated_on if isinstance(record, Donation) else record.paid_on,
        party_id=fields["party_id"],
        status=fields["status"],
        prev_hash=prev,
        hash=link_hash(prev, fields),
    )
    session.add(link)
    session.flush()
    return link


def donor_changed(session: Session, records: Iterable[Receipted]) -> int:
    """Append a "donor" link for each chained one of ``records`` whose party was re-pointed
    (a merge, an erasure); how many were appended."""
    appended = 0
    for record in records:
        if is_chained(record):
            append(session, record, "donor")
            appended += 1
    return appended


def chained_records(session: Session, model: type[Receipted], ids: Iterable[int]) -> list:
    """The issued or void records among ``ids``, freshly read (after a bulk update)."""
    wanted = list(ids)
    if not wanted:
        return []
    return list(
        session.scalars(
            select(model)
            .where(
                model.id.in_(wanted),
                or_(model.receipt_issued_at.is_not(None), model.status == "void"),
            )
            .order_by(model.id)
            .execution_options(populate_existing=True)
        )
    )


def chain_unlinked(session: Session) -> int:
    """Chain the issued or void records that have no link yet (records written in bulk, as the
    demo does, outside the services); how many links were appended."""
    appended = 0
    for book, model in (("donations", Donation), ("dues", DuesPayment)):
        linked = select(ReceiptChainLink.record_id).where(ReceiptChainLink.book == book)
        dated = model.donated_on if model is Donation else model.paid_on
        party = model.contact_id if model is Donation else model.membership_id
        rows = session.execute(
            select(
                model.id,
                model.receipt_year.label("year"),
                model.receipt_number,
                model.amount_minor,
                model.currency,
                dated.label("date"),
                party.label("party_id"),
                model.status,
                model.receipt_issued_at.label("issued_at"),
                model.voided_at,
            )
            .where(
                or_(model.receipt_issued_at.is_not(None), model.status == "void"),
                model.id.not_in(linked),
            )
            .order_by(model.id)
        ).mappings()
        records = [dict(row) for row in rows]
        if not records:
            continue
        tails: dict[int, tuple[int, str]] = {}
        for year in {r["year"] for r in records}:
            last = _tail(session, book, year)
            if last is not None:
                tails[year] = last
        links = chain_existing(book, records, tails)
        for link in links:
            link["dated_on"] = date.fromisoformat(link.pop("date"))
        session.execute(insert(ReceiptChainLink), links)
        appended += len(links)
    return appended


__all__ = ["CHAINED", "append", "chain_unlinked", "chained_values", "donor_changed"]
