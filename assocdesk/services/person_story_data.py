"""The plain values a person's story is made of (assocdesk.services.person_story reads them):
frozen dataclasses only, amounts in minor units beside their currency, every list bounded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

from assocdesk.services.hours import YearHours

T = TypeVar("T")


@dataclass(frozen=True)
class Consent:
    key: str  # consent_publish_name, consent_publish_photo, consent_contact
    given: bool
    at: datetime | None  # when last given or withdrawn; None: never recorded


@dataclass(frozen=True)
class Identity:
    id: int
    name: str  # as shown: an erased person's placeholder, translated
    kind: str  # ContactKind
    phone: str
    email: str
    address: str
    city: str
    country: str
    preferred_language: str | None
    gender: str | None
    date_of_birth: date | None
    is_minor: bool  # under 18 today, by date of birth or marked so
    id_kind: str
    id_number: str
    notes: str
    created_at: datetime
    archived_at: datetime | None
    erased_at: datetime | None
    consents: tuple[Consent, ...]

    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    @property
    def erased(self) -> bool:
        return self.erased_at is not None


@dataclass(frozen=True)
class MemberRole:
    membership_id: int
    number: str
    category: str
    joined_on: date
    left_on: date | None


@dataclass(frozen=True)
class VolunteerRole:
    profile_id: int
    since: date | None
    skills: tuple[str, ...]
    languages: tuple[str, ...]


@dataclass(frozen=True)
class DonationLine:
    id: int
    receipt_number: str
    donated_on: date
    amount_minor: int
    currency: str
    method: str
    campaign: str | None
    status: str  # DonationStatus
    receipt_prints: int  # 0: receipt not issued


@dataclass(frozen=True)
class PaymentLine:
    id: int
    receipt_number: str
    period_year: int
    paid_on: date
    amount_minor: int
    currency: str
    status: str  # DuesPaymentStatus
    receipt_prints: int


@dataclass(frozen=True)
class DuesYear:
    year: int
    status: str  # dues_status.DuesStatus
    fee_minor: int | None
    paid_minor: int
    due_minor: int
    currency: str | None


@dataclass(frozen=True)
class ActivityLine:
    activity_id: int
    title: str
    starts_at: datetime
    status: str  # ActivityStatus
    role: str
    attended: bool
    minutes: int


@dataclass(frozen=True)
class PostLine:
    id: int
    posted_at: datetime
    platform: str
    occasion: str
    language: str
    text: str


@dataclass(frozen=True)
class JournalLine:
    id: int
    occurred_at: datetime
    action: str
    entity_type: str
    record: str
    summary: str


@dataclass(frozen=True)
class Bounded(Generic[T]):
    """The newest lines of a list (at most ``LIMIT``) and how many there are in all."""

    lines: tuple[T, ...]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.lines)


@dataclass(frozen=True)
class PersonStory:
    identity: Identity
    member: MemberRole | None
    volunteer: VolunteerRole | None
    donations: Bounded[DonationLine]
    # currency → total of the recorded (not void) gifts, every gift counted, not only those shown.
    donation_totals: tuple[tuple[str, int], ...]
    dues_years: tuple[DuesYear, ...]  # latest year first
    payments: Bounded[PaymentLine]
    activities: Bounded[ActivityLine]
    hours_by_year: tuple[YearHours, ...]  # latest year first
    posts: Bounded[PostLine]
    journal: Bounded[JournalLine]

    @property
    def is_donor(self) -> bool:
        return self.donations.total > 0
