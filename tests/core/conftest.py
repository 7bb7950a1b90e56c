"""Helpers for the core tests: reading the audit trail back."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from assocdesk.models import AuditEvent

AuditReader = Callable[[Session, str, int], list[tuple[str, dict[str, Any]]]]


@pytest.fixture
def audit_events() -> AuditReader:
    """``audit_events(session, "contacts", id)`` → [(action, {"before": …, "after": …}), …]."""

    def read(session: Session, entity_type: str, entity_id: int) -> list[tuple[str, dict]]:
        events = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id)
            .order_by(AuditEvent.id)
        )
        return [(event.action, json.loads(event.changes)) for event in events]

    return read
