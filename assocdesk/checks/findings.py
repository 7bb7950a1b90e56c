"""What a check of the database finds, and what a check may look at.

Apart from backups.check so that the checks living in modules of their own (values, receipt
chains) and the list that runs them can import these without importing each other.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    check: str
    severity: str
    message: str


@dataclass
class CheckContext:
    """What a check may look at: a read-only connection and where the database lives."""

    connection: sqlite3.Connection
    database_path: Path
    password: str | None = field(default=None, repr=False)

    def tables(self) -> set[str]:
        rows = self.connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        return {row[0] for row in rows}

    def columns(self, table: str) -> set[str]:
        return {row[1] for row in self.connection.execute(f'PRAGMA table_info("{table}")')}
