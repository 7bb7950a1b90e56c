"""The core tests' database on both backends, and reading the audit trail back.

``db`` is parametrized: every core test that takes it runs on the SQLite file and on a
PostgreSQL server. A test about what only a file has (its folder, its backups, protection)
takes ``db_path`` or is marked ``sqlite_only``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from assocdesk.models import AuditEvent
from assocdesk.storage.engine import Database

BACKENDS = ("sqlite", "postgresql")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A ``sqlite_only`` test is not run on PostgreSQL (deselected, not skipped)."""
    kept, dropped = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_server = callspec is not None and callspec.params.get("db") == "postgresql"
        (dropped if on_server and item.get_closest_marker("sqlite_only") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest) -> Iterator[Database]:
    """A fresh database of this test's own, on each backend in turn."""
    if request.param == "postgresql":
        yield request.getfixturevalue("server_db")
    else:
        yield request.getfixturevalue("sqlite_db")


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
