"""Social posts: the user's own versions of post templates, and what was posted where."""

from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assocdesk.models.base import Base, RecordMixin, utc_now


class PostTemplate(RecordMixin, Base):
    """A template the user rewrote; it replaces the built-in one of the same key."""

    __tablename__ = "post_templates"

    occasion: Mapped[str] = mapped_column(String(40))
    style: Mapped[str] = mapped_column(String(20))  # long, short, professional, title
    language: Mapped[str] = mapped_column(String(5))
    body: Mapped[str] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("occasion", "style", "language"),)


class PostRecord(RecordMixin, Base):
    """One post marked as posted: which news (occasion + record), where, in which language."""

    __tablename__ = "post_history"

    occasion: Mapped[str] = mapped_column(String(40))
    # The activity's or campaign's id, or the year of a yearly summary.
    record_id: Mapped[int] = mapped_column(Integer)
    platform: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(5))
    text: Mapped[str] = mapped_column(Text)
    posted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)

    __table_args__ = (Index("ix_post_history_news", "occasion", "record_id", "platform"),)
