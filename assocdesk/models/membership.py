"""Membership of a contact in the association, the yearly dues paid for it, and the fee schedule.

Dues payments are financial records like donations: never deleted, voided with a reason, and
numbered from their own gapless per-year receipt sequence (``DuesReceiptCounter``), separate from
the donation receipts so that each receipt book can be checked on its own.
"""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assocdesk.models.base import Base, Money, RecordMixin
from assocdesk.models.contact import Contact


class Membership(RecordMixin, Base):
    __tablename__ = "memberships"

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="RESTRICT"), unique=True
    )
    number: Mapped[str] = mapped_column(String(40), unique=True)
    category: Mapped[str] = mapped_column(String(60), default="")
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date, default=None)

    contact: Mapped[Contact] = relationship()


class DuesPaymentStatus(StrEnum):
    RECORDED = "recorded"
    VOID = "void"


class DuesPayment(RecordMixin, Base):
    """One payment of dues for ``period_year``; a year may be paid in several parts."""

    __tablename__ = "dues_payments"

    membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="RESTRICT"), index=True
    )
    period_year: Mapped[int] = mapped_column(Integer)
    amount_minor: Mapped[int] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    paid_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(20), default="cash", server_default="cash")
    # The receipt book of dues: year of the payment date, gapless sequence, printed number.
    receipt_year: Mapped[int] = mapped_column(Integer)
    receipt_seq: Mapped[int] = mapped_column(Integer)
    receipt_number: Mapped[str] = mapped_column(String(40), unique=True)
    status: Mapped[str] = mapped_column(
        String(10), default=DuesPaymentStatus.RECORDED, server_default="recorded"
    )
    void_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    voided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    receipt_issued_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), default=None
    )
    receipt_prints: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    membership: Mapped[Membership] = relationship()

    @property
    def receipt_issued(self) -> bool:
        return self.receipt_prints > 0

    __table_args__ = (
        UniqueConstraint("receipt_year", "receipt_seq"),
        # The status of every member for one year is one grouped scan of this index.
        Index("ix_dues_payments_year_membership", "period_year", "membership_id"),
    )


class DuesFee(RecordMixin, Base):
    """What a member of ``category`` owes for ``year`` ("": members without a category)."""

    __tablename__ = "dues_fees"

    category: Mapped[str] = mapped_column(String(60))
    year: Mapped[int] = mapped_column(Integer)
    amount_minor: Mapped[int] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))

    __table_args__ = (UniqueConstraint("category", "year"),)


class DuesReceiptCounter(Base):
    """Last dues receipt number handed out per year; bumped in the payment's own transaction."""

    __tablename__ = "dues_receipt_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, default=0)
