"""Opening checks the file first: a damaged database is detected, never written to, and its
latest good backup can take its place. A disk that refuses a write says so in words."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import event

from assocdesk.services import contacts
from assocdesk.storage.backups import restore, rotation
from assocdesk.storage.engine import Database
from assocdesk.storage.errors import DatabaseDamaged, StorageError
from assocdesk.storage.opening import open_database
from tests.core.backup_helpers import assert_receipts_gapless, record_donations

# About the SQLite file only: the SQLite file cut short, overwritten or on a full or read-only disk.
pytestmark = pytest.mark.sqlite_only


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name != rotation.FOLDER)


@pytest.mark.parametrize("keep", [0.9, 0.5, 0.05])
def test_truncated_database_is_detected_and_not_written(db: Database, keep: float) -> None:
    """Acceptance: a truncated database file is detected at open; the last good backup is
    offered (listed with its counts) and restoring it gives a sound database again."""
    record_donations(db, 40)
    good = rotation.auto_backup(db.path, datetime(2025, 1, 1, 12, 0))
    db.close()
    data = db.path.read_bytes()
    db.path.write_bytes(data[: int(len(data) * keep)])
    before, files = sha256(db.path), beside(db.path)

    with pytest.raises(DatabaseDamaged) as caught:
        open_database(db.path)
    assert caught.value.path == db.path and "damaged" in str(caught.value)
    assert sha256(db.path) == before and beside(db.path) == files  # not a byte written

    [latest] = rotation.list_backups(db.path)
    assert latest.path == good
    restore.restore_file(latest.path, db.path, now=datetime(2025, 1, 2))
    open_database(db.path).close()
    assert assert_receipts_gapless(db.path) == 40


def test_overwritten_pages_are_detected(db: Database) -> None:
    record_donations(db, 40)
    db.close()
    data = bytearray(db.path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page * 2 : page * 2 + 64] = b"\x00\xff" * 32
    db.path.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamaged):
        open_database(db.path)


def test_an_emptied_database_with_backups_is_damaged_not_new(db: Database) -> None:
    rotation.auto_backup(db.path, datetime(2025, 1, 1))
    db.close()
    db.path.write_bytes(b"")
    with pytest.raises(DatabaseDamaged, match="empty"):
        open_database(db.path)
    assert db.path.stat().st_size == 0


def add_contact(database: Database, notes: str = "") -> None:
    with database.transaction() as session:
        contacts.create(session, contacts.ContactInput(name="Ahmed Benali", notes=notes))


def test_read_only_database_is_a_clear_storage_error(db: Database) -> None:
    event.listen(db.engine, "connect", lambda conn, _r: conn.execute("PRAGMA query_only=ON"))
    db.engine.dispose()
    with pytest.raises(StorageError, match="read-only"):
        add_contact(db)


def test_full_disk_is_a_clear_storage_error_and_saves_nothing(db: Database) -> None:
    with db.reading() as session:
        pages = session.connection().exec_driver_sql("PRAGMA page_count").scalar()
    event.listen(
        db.engine, "connect", lambda conn, _r: conn.execute(f"PRAGMA max_page_count={pages}")
    )
    db.engine.dispose()
    saved = 0
    with pytest.raises(StorageError, match="disk is full"):  # free pages are used up first
        for saved in range(500):  # noqa: B007
            add_contact(db, notes="ش" * 4000)  # 8 KB each: overflow pages
    with db.reading() as session:
        assert contacts.count(session) == saved  # the refused one left nothing behind


def overwrite_pages(path: Path) -> None:
    """Zero-and-ff a run of bytes two pages in: the header is fine, the content is not."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page * 2 : page * 2 + 64] = b"\x00\xff" * 32
    path.write_bytes(bytes(data))


def test_checked_later_a_sound_file_takes_writes_once_the_check_ends(db: Database) -> None:
    record_donations(db, 40)
    db.close()
    later = open_database(db.path, check_later=True)
    try:
        assert later.check is not None
        with later.transaction() as session:  # waits for the check, then writes
            contacts.create(session, contacts.ContactInput(name="Ahmed Benali"))
        assert later.check.done and later.check.damage() is None
        heard: list[object] = []
        later.check.on_done(heard.append)  # after the end: called at once
        assert heard == [later.check]
        with later.reading() as session:
            assert contacts.count(session) == 1
    finally:
        later.close()


def test_checked_later_a_damaged_file_refuses_every_write_and_says_why(db: Database) -> None:
    record_donations(db, 40)
    db.close()
    overwrite_pages(db.path)
    before = sha256(db.path)
    later = open_database(db.path, check_later=True)  # opens: the check runs beside
    try:
        assert later.check is not None
        with pytest.raises(DatabaseDamaged) as caught, later.transaction() as session:
            contacts.create(session, contacts.ContactInput(name="Ahmed Benali"))
        assert caught.value.path == db.path and "damaged" in str(caught.value)
        assert later.check.problems and later.check.damage() is not None
    finally:
        later.close()
    assert sha256(db.path) == before  # not a byte written


def test_a_file_cut_short_is_refused_at_once_even_when_checked_later(db: Database) -> None:
    record_donations(db, 40)
    db.close()
    data = db.path.read_bytes()
    db.path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DatabaseDamaged):
        open_database(db.path, check_later=True)


def test_a_new_database_or_one_checked_at_open_has_no_background_check(db: Database) -> None:
    assert db.check is None
    db.close()
    reopened = open_database(db.path)
    assert reopened.check is None
    reopened.close()
