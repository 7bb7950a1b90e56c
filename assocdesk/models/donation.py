"""Donations, money or in kind, and the per-year counter behind gapless receipt numbers."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assocdesk.models.base import Base, Money, RecordMixin
from assocdesk.models.campaign import Campaign
from assocdesk.models.contact import Contact


class DonationMethod(StrEnum):
    CASH = "cash"
    CHEQUE = "cheque"
    TRANSFER = "transfer"
    MOBILE_MONEY = "mobile_money"
    IN_KIND = "in_kind"


class DonationStatus(StrEnum):
    RECORDED = "recorded"
    VOID = "void"


class Donation(RecordMixin, Base):
    """One gift. For an in-kind gift ``amount_minor`` is its estimated value.

    A donation is never deleted: it is voided (kept, with a reason) and its receipt number stays
    used for ever, so the receipt book has no holes an auditor would have to explain.
    """

    __tablename__ = "donations"

    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="RESTRICT"), default=None
    )
    donated_on: Mapped[date] = mapped_column(Date)
    amount_minor: Mapped[int] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    method: Mapped[str] = mapped_column(String(20), default=DonationMethod.CASH)
    in_kind_description: Mapped[str] = mapped_column(Text, default="")
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="RESTRICT"), default=None, index=True
    )
    receipt_year: Mapped[int] = mapped_column(Integer)
    receipt_seq: Mapped[int] = mapped_column(Integer)
    receipt_number: Mapped[str] = mapped_column(String(40), unique=True)
    status: Mapped[str] = mapped_column(String(10), default=DonationStatus.RECORDED)
    void_reason: Mapped[str] = mapped_column(Text, default="")
    voided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    notes: Mapped[str] = mapped_column(Text, default="")
    # A cheque's number and bank; who valued a gift in kind (and how), as receipts state them.
    cheque_number: Mapped[str] = mapped_column(String(40), default="", server_default="")
    bank: Mapped[str] = mapped_column(String(100), default="", server_default="")
    valued_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # France's reçu fiscal: the form of the gift ("manual", "notarial", "private_deed", "other").
    gift_form: Mapped[str] = mapped_column(String(20), default="manual", server_default="manual")
    # Printing: the first print issues the receipt; every later one is a duplicate.
    receipt_issued_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), default=None
    )
    receipt_prints: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # A correction of an issued receipt: this donation replaces the (voided) one it points to.
    replaces_id: Mapped[int | None] = mapped_column(
        ForeignKey("donations.id", ondelete="RESTRICT"), default=None, index=True
    )

    contact: Mapped[Contact | None] = relationship()
    campaign: Mapped[Campaign | None] = relationship()

    @property
    def receipt_issued(self) -> bool:
        return self.receipt_prints > 0

    __table_args__ = (
        UniqueConstraint("receipt_year", "receipt_seq"),
        Index("ix_donations_contact_date", "contact_id", "donated_on"),
        Index("ix_donations_donated_on", "donated_on"),
    )


class ReceiptCounter(Base):
    """Last receipt number handed out per year; bumped in the donation's own transaction."""

    __tablename__ = "receipt_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, default=0)
