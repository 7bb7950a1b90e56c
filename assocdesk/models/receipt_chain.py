"""The receipt chain: one append-only link per issued receipt, void and donor change.

A link is never updated or deleted. It holds ids, amounts and dates, never a name, so erasing a
person leaves it whole (see :mod:`assocdesk.receipt_hash` for what its hash covers, and
:mod:`assocdesk.services.receipt_chain` for who appends). No foreign keys: a link must outlive
a contact merged away, and a record gone behind the app's back is what the check reports.
"""

from datetime import date

from sqlalchemy import Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assocdesk.models.base import Base, Money


class ReceiptChainLink(Base):
    __tablename__ = "receipt_chain_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    book: Mapped[str] = mapped_column(String(10))  # "donations" or "dues"
    year: Mapped[int] = mapped_column(Integer)  # the receipt year: with book, the series
    position: Mapped[int] = mapped_column(Integer)  # 1, 2, 3 … in the series
    event: Mapped[str] = mapped_column(String(10))  # "issue", "void" or "donor"
    record_id: Mapped[int] = mapped_column(Integer)
    receipt_number: Mapped[str] = mapped_column(String(40))
    amount_minor: Mapped[int] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    dated_on: Mapped[date] = mapped_column(Date)  # donated_on / paid_on
    party_id: Mapped[int | None] = mapped_column(Integer, default=None)  # contact / membership
    status: Mapped[str] = mapped_column(String(10))  # the record's status after the event
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    # The unique index also finds a series' last link (appending stays O(1)).
    __table_args__ = (UniqueConstraint("book", "year", "position"),)
