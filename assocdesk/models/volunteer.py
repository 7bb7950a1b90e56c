"""Volunteer profiles: skills (shared tags) and weekly availability."""

from datetime import date

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assocdesk.models.base import Base, RecordMixin
from assocdesk.models.contact import Contact

volunteer_skills = Table(
    "volunteer_skills",
    Base.metadata,
    Column("profile_id", ForeignKey("volunteer_profiles.id", ondelete="CASCADE"), primary_key=True),
    Column("skill_id", ForeignKey("skills.id", ondelete="RESTRICT"), primary_key=True, index=True),
)


class Skill(RecordMixin, Base):
    """A shared tag ("cooking", "طبخ"); one row per normalized spelling."""

    __tablename__ = "skills"

    name: Mapped[str] = mapped_column(String(80))
    search_text: Mapped[str] = mapped_column(String(80), unique=True)


class VolunteerProfile(RecordMixin, Base):
    __tablename__ = "volunteer_profiles"

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="RESTRICT"), unique=True
    )
    # Weekly availability as a bit set: bit (day * 3 + slot), day 0 = Monday, slot 0 = morning,
    # 1 = afternoon, 2 = evening. See assocdesk.services.volunteers.Availability.
    availability: Mapped[int] = mapped_column(Integer, default=0)
    since: Mapped[date | None] = mapped_column(Date, default=None)
    # Languages the volunteer speaks, one per line as typed ("Darija", "Tamazight", "English").
    languages: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Activity types (ActivityType codes) the volunteer prefers, separated by spaces.
    preferred_types: Mapped[str] = mapped_column(String(250), default="", server_default="")

    contact: Mapped[Contact] = relationship()
    skills: Mapped[list[Skill]] = relationship(secondary=volunteer_skills, order_by=Skill.name)
