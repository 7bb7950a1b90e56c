"""Activities (food-basket drives, school kits, training days), who helped and who benefited."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assocdesk.models.base import Base, Money, RecordMixin
from assocdesk.models.campaign import Campaign
from assocdesk.models.contact import Contact
from assocdesk.models.volunteer import Skill


class ActivityStatus(StrEnum):
    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"


class ActivityType(StrEnum):
    FOOD_BASKETS = "food_baskets"
    SCHOOL_KITS = "school_kits"
    TRAINING = "training"
    HEALTH = "health"
    AWARENESS = "awareness"
    CLEAN_UP = "clean_up"
    CULTURAL = "cultural"
    MEETING = "meeting"  # internal: the board, the general assembly (no field, no beneficiaries)
    OTHER = "other"


class BeneficiaryGroup(StrEnum):
    CHILDREN = "children"
    WOMEN = "women"
    ELDERLY = "elderly"
    FAMILIES = "families"
    DISABILITIES = "disabilities"
    OTHER = "other"


class Activity(RecordMixin, Base):
    __tablename__ = "activities"

    title: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(30), default=ActivityType.OTHER)
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    ends_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    place: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    beneficiaries_count: Mapped[int] = mapped_column(Integer, default=0)
    cost_minor: Mapped[int | None] = mapped_column(Money, default=None)
    currency: Mapped[str] = mapped_column(String(3))
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="RESTRICT"), default=None, index=True
    )
    status: Mapped[str] = mapped_column(String(12), default=ActivityStatus.PLANNED)
    hashtags: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    search_text: Mapped[str] = mapped_column(Text, default="")

    campaign: Mapped[Campaign | None] = relationship()
    beneficiary_groups: Mapped[list["ActivityBeneficiaryGroup"]] = relationship(
        cascade="all, delete-orphan", order_by="ActivityBeneficiaryGroup.group_code"
    )
    roles: Mapped[list["ActivityRole"]] = relationship(
        cascade="all, delete-orphan", order_by="ActivityRole.id"
    )


class ActivityRole(RecordMixin, Base):
    """A role an activity needs: ``count`` volunteers with one skill ("2 × cooking")."""

    __tablename__ = "activity_roles"

    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id", ondelete="RESTRICT"), index=True)
    count: Mapped[int] = mapped_column(Integer, default=1)

    skill: Mapped[Skill] = relationship()

    __table_args__ = (UniqueConstraint("activity_id", "skill_id"),)


class ActivityBeneficiaryGroup(RecordMixin, Base):
    """How many people of one group (children, women …) an activity served."""

    __tablename__ = "activity_beneficiary_groups"

    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    group_code: Mapped[str] = mapped_column(String(20))
    count: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (UniqueConstraint("activity_id", "group_code"),)


class VolunteerAssignment(RecordMixin, Base):
    __tablename__ = "volunteer_assignments"

    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="RESTRICT"), index=True
    )
    role: Mapped[str] = mapped_column(String(80), default="")
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    # Did the volunteer come? Hours count towards their totals and certificate only if so.
    attended: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # The activity role (skill) this assignment fills, if any: what "missing roles" counts.
    skill_id: Mapped[int | None] = mapped_column(
        ForeignKey("skills.id", ondelete="SET NULL"), default=None, index=True
    )

    contact: Mapped[Contact] = relationship()

    __table_args__ = (UniqueConstraint("activity_id", "contact_id"),)
