"""Data safety on a password-protected (SQLCipher) database: automatic copies and bundles are
protected with the same password, restoring them needs it, damage is detected at open, and
the password is written nowhere. Skipped when SQLCipher is not installed."""

from __future__ import annotations

import hashlib
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from assocdesk.checks.check import run_checks
from assocdesk.services import contacts
from assocdesk.storage import encryption, sqlite_file
from assocdesk.storage.backups import bundle as backup
from assocdesk.storage.backups import restore, rotation
from assocdesk.storage.engine import Database
from assocdesk.storage.errors import DatabaseDamaged
from assocdesk.storage.opening import open_database
from tests.core.backup_helpers import record_donations

# About the SQLite file only: password protection (SQLCipher) is the SQLite file's.
pytestmark = pytest.mark.sqlite_only

pytest.importorskip("sqlcipher3")

PASSWORD = "correct horse battery"
OTHER_PASSWORD = "another long password"
NAME = "Yasmina Qortobi-Secret"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def unreadable_without_password(path: Path) -> bool:
    """Plain SQLite cannot read it and the contact's name is nowhere in its bytes."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        return NAME.encode() not in path.read_bytes()
    finally:
        conn.close()
    return False


@pytest.fixture
def protected(db: Database) -> Iterator[Database]:
    """The test database, with one contact and 5 donations, protected by PASSWORD and open."""
    with db.transaction() as session:
        contacts.create(session, contacts.ContactInput(name=NAME))
    record_donations(db, 5)
    db.close()
    encryption.encrypt(db.path, PASSWORD)
    database = open_database(db.path, password=PASSWORD)
    yield database
    database.close()


def test_the_open_database_knows_its_password_but_does_not_show_it(protected: Database) -> None:
    assert protected.password == PASSWORD
    assert PASSWORD not in repr(protected)


def test_automatic_backup_is_protected_and_restorable_with_the_password(
    protected: Database,
) -> None:
    copy = rotation.auto_backup(protected.path, datetime(2025, 5, 1, 18, 0), protected.password)
    assert copy is not None and copy.exists()
    assert encryption.looks_encrypted(copy) and unreadable_without_password(copy)
    assert sqlite_file.summarize(copy, PASSWORD).counts["donations"] == 5
    assert restore.is_database_copy(copy)

    record_donations(protected, 2)  # after the copy
    protected.close()
    before = sha256(protected.path)
    with pytest.raises(backup.BackupPasswordRequired):
        restore.restore_file(copy, protected.path, now=datetime(2025, 5, 2))
    with pytest.raises(backup.BackupWrongPassword) as wrong:
        restore.restore_file(
            copy, protected.path, now=datetime(2025, 5, 2), password=OTHER_PASSWORD
        )
    assert OTHER_PASSWORD not in str(wrong.value)
    assert sha256(protected.path) == before  # nothing replaced

    result = restore.restore_file(
        copy,
        protected.path,
        now=datetime(2025, 5, 2),
        password=PASSWORD,
        current_password=PASSWORD,
    )
    assert result.summary.protected and result.summary.counts["donations"] == 5
    reopened = open_database(protected.path, password=PASSWORD)
    reopened.close()
    assert sqlite_file.summarize(protected.path, PASSWORD).counts["donations"] == 5
    # What it replaced is kept, protected as it was, and restorable in turn.
    assert result.kept is not None and encryption.looks_encrypted(result.kept)
    assert backup.verify_database_file(result.kept, PASSWORD).counts["donations"] == 7


def test_a_protected_bundle_needs_the_right_password(protected: Database, tmp_path: Path) -> None:
    bundle = tmp_path / "usb" / "copy.assocdesk-backup"
    manifest = backup.create_bundle(protected.path, bundle, password=protected.password)
    assert manifest.protected and manifest.counts["donations"] == 5
    with zipfile.ZipFile(bundle) as archive:
        manifest_text = archive.read(backup.MANIFEST).decode("utf-8")
        inner = archive.read(backup.DATABASE)
    assert '"protected": true' in manifest_text
    assert PASSWORD.encode() not in bundle.read_bytes() and NAME.encode() not in inner
    assert not inner.startswith(b"SQLite format 3")

    def leftovers() -> list[Path]:
        return [p for p in protected.path.parent.iterdir() if "-restore-" in p.name]

    with pytest.raises(backup.BackupPasswordRequired):
        backup.verify_bundle(bundle, protected.path)
    with pytest.raises(backup.BackupWrongPassword) as wrong:
        backup.verify_bundle(bundle, protected.path, password=OTHER_PASSWORD)
    assert "password is not right" in str(wrong.value) and OTHER_PASSWORD not in str(wrong.value)
    assert leftovers() == []

    verified = backup.verify_bundle(bundle, protected.path, password=PASSWORD)
    try:
        assert verified.summary.protected and verified.summary.counts["donations"] == 5
    finally:
        verified.discard()
    assert leftovers() == []

    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 1
    flipped = tmp_path / "flipped.assocdesk-backup"
    flipped.write_bytes(bytes(data))
    with pytest.raises(backup.BackupError, match="check sum does not match"):
        backup.verify_bundle(flipped, protected.path, password=PASSWORD)


def test_a_flipped_byte_inside_a_protected_copy_is_refused(protected: Database) -> None:
    """Behind the seal: SQLCipher's page check sums make the integrity check fail."""
    copy = rotation.auto_backup(protected.path, datetime(2025, 5, 1), PASSWORD)
    assert copy is not None
    data = bytearray(copy.read_bytes())
    data[len(data) - 2000] ^= 1  # inside the last page
    copy.write_bytes(bytes(data))
    with pytest.raises(backup.BackupError) as caught:
        backup.verify_database_file(copy, PASSWORD)
    assert not isinstance(caught.value, backup.BackupPasswordError)
    assert "damaged" in str(caught.value) or "cannot be read" in str(caught.value)


def test_restoring_a_protected_bundle_over_another_database(
    protected: Database, tmp_path: Path
) -> None:
    bundle = tmp_path / "b.assocdesk-backup"
    backup.create_bundle(protected.path, bundle, password=PASSWORD)
    other = tmp_path / "other" / "plain.sqlite3"
    open_database(other).close()
    result = restore.restore_file(bundle, other, now=datetime(2025, 5, 2), password=PASSWORD)
    assert result.summary.protected and result.kept is not None
    assert not encryption.looks_encrypted(result.kept)  # the plain one it replaced, kept plain
    database = open_database(other, password=PASSWORD)
    try:
        with database.reading() as session:
            assert contacts.count(session) == 1
    finally:
        database.close()


def test_a_database_with_another_password_is_kept_as_it_is(
    protected: Database, tmp_path: Path
) -> None:
    """Restoring over a database whose password is not the backup's: it cannot be checked,
    so it is kept byte for byte, still protected by its own password, and offered back."""
    bundle = tmp_path / "b.assocdesk-backup"
    backup.create_bundle(protected.path, bundle, password=PASSWORD)
    protected.close()
    encryption.decrypt(protected.path, PASSWORD)
    encryption.encrypt(protected.path, OTHER_PASSWORD)
    before = protected.path.read_bytes()
    result = restore.restore_file(
        bundle, protected.path, now=datetime(2025, 5, 2), password=PASSWORD
    )
    assert result.kept is not None and result.kept.read_bytes() == before
    [kept] = rotation.list_backups(protected.path, [rotation.BEFORE_RESTORE])
    assert kept.path == result.kept
    assert backup.verify_database_file(kept.path, OTHER_PASSWORD).counts["donations"] == 5


@pytest.mark.parametrize(
    "cut",
    [lambda size: size // 8192 * 4096, lambda size: 4096, lambda size: size // 2 + 100],
    ids=["half", "first-page", "mid-page"],
)
def test_a_truncated_protected_database_is_detected_at_open(
    protected: Database, cut: Callable[[int], int]
) -> None:
    """Acceptance: a cut protected database asks for its password, then is found damaged
    (not "wrong password", not "not a database"), and nothing is written to it. Cut mid-page,
    it no longer has a protected file's shape: its protected automatic copy tells."""
    assert rotation.auto_backup(protected.path, datetime(2025, 5, 1), PASSWORD)
    protected.close()
    data = protected.path.read_bytes()
    protected.path.write_bytes(data[: cut(len(data))])
    before = sha256(protected.path)
    with pytest.raises(encryption.PasswordRequired):
        open_database(protected.path)
    with pytest.raises(DatabaseDamaged) as caught:
        open_database(protected.path, password=PASSWORD)
    assert caught.value.path == protected.path and PASSWORD not in str(caught.value)
    assert sha256(protected.path) == before
    sidecars = [p for p in protected.path.parent.iterdir() if p.name.endswith(("-wal", "-shm"))]
    assert sidecars == []


def test_an_overwritten_page_of_a_protected_database_is_detected(protected: Database) -> None:
    protected.close()
    data = bytearray(protected.path.read_bytes())
    data[len(data) - 3000 : len(data) - 2936] = b"\x00\xff" * 32
    protected.path.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamaged):
        open_database(protected.path, password=PASSWORD)


def test_wrong_password_is_not_mistaken_for_damage(protected: Database) -> None:
    protected.close()
    with pytest.raises(encryption.WrongPassword):
        open_database(protected.path, password=OTHER_PASSWORD)


def test_check_reads_a_protected_database_with_its_password(protected: Database) -> None:
    report = run_checks(protected.path, PASSWORD)
    assert report.ok and "search_index" in report.checks_run, report.findings
    without = run_checks(protected.path)
    assert not without.ok  # without the password it cannot read a page
