"""The audit trail: what changed, when, before and after. Written by services, never edited."""

from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assocdesk.models.base import Base, RecordMixin, utc_now


class AuditEvent(RecordMixin, Base):
    __tablename__ = "audit_events"

    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    action: Mapped[str] = mapped_column(String(20))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int] = mapped_column(Integer)
    entity_uuid: Mapped[str] = mapped_column(String(36))
    # JSON: {"before": {...}, "after": {...}} limited to the fields that changed.
    changes: Mapped[str] = mapped_column(Text, default="{}")
    # Who made the change: the computer's user on SQLite; on a server, the login of the session
    # (written by the server itself: a trigger of migration 0014).
    actor: Mapped[str] = mapped_column(String(100), default="", server_default="")
    # The record's version after the change: what changed since the version a form was opened on.
    record_version: Mapped[int | None] = mapped_column(Integer, nullable=True)

    __table_args__ = (Index("ix_audit_entity", "entity_type", "entity_id"),)
