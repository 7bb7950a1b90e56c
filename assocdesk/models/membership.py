"""Membership of a contact in the association, and the yearly dues paid for it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assocdesk.models.base import Base, RecordMixin
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

    contact: Mapped[Contact] = relationship(lazy="joined")


class DuesPayment(RecordMixin, Base):
    __tablename__ = "dues_payments"

    membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="RESTRICT"), index=True
    )
    period_year: Mapped[int] = mapped_column(Integer)
    amount_minor: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    paid_on: Mapped[date] = mapped_column(Date)

    __table_args__ = (UniqueConstraint("membership_id", "period_year"),)
