"""Automatic backups: once a day, rotated 7 daily / 4 weekly / 12 monthly (dates simulated)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from assocdesk.storage import sqlite_file
from assocdesk.storage.backups import rotation
from assocdesk.storage.engine import Database
from tests.core.backup_helpers import record_donations

# About the SQLite file only: the automatic copies beside the SQLite file.
pytestmark = pytest.mark.sqlite_only

START = datetime(2024, 1, 1, 18, 0, 0)  # a Monday


def test_to_keep_daily_weekly_monthly() -> None:
    moments = [START + timedelta(days=d) for d in range(400)]  # one copy a day for 400 days
    keep = rotation.to_keep(moments)
    newest = max(moments)
    daily = {newest - timedelta(days=d) for d in range(7)}
    assert daily <= keep
    # Sundays (the newest copy of each ISO week) of the last 4 weeks, and month ends.
    weeks = {m.isocalendar()[:2] for m in keep}
    assert len(weeks) >= 4
    months = {(m.year, m.month) for m in keep}
    assert len(months) == 12
    assert len(keep) <= 7 + 4 + 12
    # The kept monthly copy of a past month is its last day's.
    assert datetime(2024, 11, 30, 18, 0) in keep and datetime(2024, 11, 29, 18, 0) not in keep
    assert min(keep) == datetime(2024, 3, 31, 18, 0)  # 12 months back: March 2024 … Feb 2025


def test_to_keep_skips_periods_without_copies() -> None:
    """A laptop unused for months keeps its older copies rather than losing them all."""
    moments = [datetime(2023, 5, 1), datetime(2023, 5, 2), datetime(2024, 6, 1)]
    assert rotation.to_keep(moments) == set(moments)


def test_auto_backup_once_a_day_and_pruned(db: Database) -> None:
    record_donations(db, 2)
    made = []
    for day in range(40):
        for hour in (9, 17):  # closed twice a day: the second close makes no copy
            now = START + timedelta(days=day, hours=hour - 18)
            path = rotation.auto_backup(db.path, now)
            if hour == 9:
                assert path is not None and path.exists()
                made.append(path)
            else:
                assert path is None
    entries = rotation.list_backups(db.path)
    assert len(entries) == len(rotation.to_keep(START + timedelta(days=d) for d in range(40)))
    assert len(entries) < 40
    assert entries[0].path == made[-1] and entries[0].kind == rotation.AUTO
    assert sqlite_file.summarize(entries[-1].path).counts["donations"] == 2
    assert not [p for p in rotation.backups_dir(db.path).iterdir() if p.name.startswith(".")]


def test_rotation_leaves_other_files_alone(db: Database, tmp_path: Path) -> None:
    folder = rotation.backups_dir(db.path)
    folder.mkdir()
    kept_before_restore = folder / f"{db.path.stem}-before-restore-20200101-000000.sqlite3"
    other_database = folder / "other-auto-20200101-000000.sqlite3"
    notes = folder / "notes.txt"
    for path in (kept_before_restore, other_database, notes):
        path.write_bytes(b"x")
    for day in range(30):
        rotation.auto_backup(db.path, START + timedelta(days=day))
    assert kept_before_restore.exists() and other_database.exists() and notes.exists()
    kinds = {entry.kind for entry in rotation.list_backups(db.path)}
    assert kinds == {rotation.AUTO, rotation.BEFORE_RESTORE}
    assert all(e.path.name.startswith(db.path.stem) for e in rotation.list_backups(db.path))
