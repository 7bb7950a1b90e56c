"""A person or an organization: the one record behind members, volunteers and donors."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Boolean, Date, DateTime, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assocdesk.models.base import Base, RecordMixin


class ContactKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"


class Contact(RecordMixin, Base):
    __tablename__ = "contacts"

    kind: Mapped[str] = mapped_column(String(20), default=ContactKind.PERSON)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    preferred_language: Mapped[str | None] = mapped_column(String(5), default=None)
    # Marked a minor by hand (no date of birth known, or a guardian's wish); see is_minor_on.
    is_minor: Mapped[bool] = mapped_column(Boolean, default=False)
    date_of_birth: Mapped[date | None] = mapped_column(Date, default=None)
    # "female", "male" or None (unknown): how documents address the person (Mme / M., السيدة /
    # السيد) and make verbs and adjectives agree («تطوّعت»); unknown means a neutral wording.
    gender: Mapped[str | None] = mapped_column(String(6), default=None)
    # An identifier a tax office asks for on a receipt: its kind (CIN, ICE, NIF, SIREN, passport…)
    # and number, as written on the donor's papers.
    id_kind: Mapped[str] = mapped_column(String(12), default="", server_default="")
    id_number: Mapped[str] = mapped_column(String(40), default="", server_default="")
    consent_publish_name: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_publish_photo: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    # When each consent was last given or withdrawn (None: never recorded).
    consent_publish_name_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), default=None
    )
    consent_publish_photo_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), default=None
    )
    consent_contact_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), default=None
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    # Set when the person's data was erased on request (see assocdesk.services.privacy).
    erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    # Shadow of name, e-mail, phone digits and city through normalize_for_search; indexed by the
    # FTS5 trigram table contacts_fts (kept in step by triggers created in the first migration).
    search_text: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("ix_contacts_name", "name"),
        # The list's order and the short searches' scan (see migration 0008).
        Index("ix_contacts_search", "search_text", "archived_at"),
    )

    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    @property
    def erased(self) -> bool:
        return self.erased_at is not None

    def is_minor_on(self, day: date) -> bool:
        """Under 18 on ``day`` (from the date of birth), or marked a minor.

        A child photographed at 17 is still protected in a post written when she is 19: callers
        pass the date of what is told (the activity's), not today's.
        """
        return self.is_minor or is_under_age(self.date_of_birth, day)


ADULT_AGE = 18


def is_under_age(born: date | None, day: date, age: int = ADULT_AGE) -> bool:
    """Whether someone born on ``born`` is younger than ``age`` years on ``day``."""
    if born is None:
        return False
    birthday_passed = (day.month, day.day) >= (born.month, born.day)
    return day.year - born.year - (0 if birthday_passed else 1) < age
