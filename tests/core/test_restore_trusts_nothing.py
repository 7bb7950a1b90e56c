"""Restore trusts nothing (issue 18, points 2, 10 and 11): a schema unlike the one our migrations
make, a bundle that unpacks to more than the disk or a real database would, and the hidden
copies an interrupted backup or restore leaves behind."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import time
import zipfile
from collections import namedtuple
from datetime import datetime
from pathlib import Path

import pytest

from assocdesk import __version__
from assocdesk.storage.backups import bundle as backup
from assocdesk.storage.backups import restore, rotation
from assocdesk.storage.backups.manifest import seal
from assocdesk.storage.engine import Database
from assocdesk.storage.migrations import HEAD_REVISION
from assocdesk.storage.opening import open_database
from tests.core.backup_helpers import record_donations

# About the SQLite file only: restoring a bundle over the SQLite file (a server's backup goes
# through an SQLite copy: issue 22, point 7).
pytestmark = pytest.mark.sqlite_only

NOW = datetime(2025, 3, 4, 10, 30, 0)


def make_bundle(db: Database, tmp_path: Path) -> Path:
    out = tmp_path / "usb" / "b.assocdesk-backup"
    out.parent.mkdir(exist_ok=True)
    backup.create_bundle(db.path, out, now=NOW)
    return out


def current_database(tmp_path: Path) -> tuple[Path, bytes]:
    """A database to restore over, and its bytes (to show a refusal changed nothing)."""
    path = tmp_path / "here" / "current.sqlite3"
    database = open_database(path)
    record_donations(database, 2)
    database.close()
    return path, path.read_bytes()


def assert_untouched(path: Path, before: bytes) -> None:
    assert path.read_bytes() == before
    hidden = [p.name for p in path.parent.iterdir() if p.name.startswith(".")]
    assert hidden == []
    assert not rotation.backups_dir(path).exists()  # not even a before-restore copy


def plant(db: Database, *statements: str) -> None:
    conn = sqlite3.connect(db.path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


BUMP = (
    "CREATE TRIGGER bump AFTER INSERT ON donations BEGIN "
    "UPDATE receipt_counters SET last_number = last_number + 7; DELETE FROM audit_events; END"
)


@pytest.mark.parametrize(
    ("statements", "message"),
    [
        ([BUMP], r"never creates \(trigger “bump”\)"),
        (["CREATE VIEW everyone AS SELECT * FROM contacts"], r"never creates \(view “everyone”\)"),
        (
            ["DROP INDEX ix_contacts_name", "CREATE INDEX ix_contacts_name ON contacts (id)"],
            r"unlike the one AssocDesk creates \(index “ix_contacts_name”\)",
        ),
        (["DROP INDEX ix_contacts_name"], r"lacks an object AssocDesk creates \(index"),
        (["CREATE TABLE extra (x)"], r"never creates \(table “extra”\)"),
    ],
)
def test_a_schema_unlike_ours_is_refused(
    db: Database, tmp_path: Path, statements: list[str], message: str
) -> None:
    record_donations(db, 3)
    plant(db, *statements)
    bundle = make_bundle(db, tmp_path)
    target, before = current_database(tmp_path)

    with pytest.raises(backup.BackupError, match=message) as refused:
        restore.restore_file(bundle, target, now=NOW)
    assert "\n" not in str(refused.value)
    assert_untouched(target, before)


def test_a_planted_trigger_in_an_automatic_copy_is_refused(db: Database, tmp_path: Path) -> None:
    plant(db, BUMP)
    copy = rotation.auto_backup(db.path, NOW)
    assert copy is not None
    target, before = current_database(tmp_path)

    with pytest.raises(backup.BackupError, match="bump"):
        restore.restore_file(copy, target, now=NOW)
    assert_untouched(target, before)


def test_a_sound_backup_still_restores(db: Database, tmp_path: Path) -> None:
    """The reference schema is our migrations' own: a backup of ours matches it exactly."""
    record_donations(db, 3)
    bundle = make_bundle(db, tmp_path)
    target, _before = current_database(tmp_path)
    result = restore.restore_file(bundle, target, now=NOW)
    assert result.summary.counts["donations"] == 3


# -- how much a bundle may unpack ---------------------------------------------------------------
def zip_bomb(path: Path, size: int) -> None:
    """A sealed bundle whose database is ``size`` bytes of zeros (they deflate ~1000:1), written
    as a stream: the test never holds or writes the unpacked bytes."""
    digest = hashlib.sha256()
    zeros = bytes(1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.comment = backup.SEAL_PREFIX + b"0" * backup.SEAL_LENGTH
        info = zipfile.ZipInfo(backup.DATABASE)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            for _ in range(size >> 20):
                member.write(zeros)
                digest.update(zeros)
        manifest = backup.Manifest(
            __version__, HEAD_REVISION, NOW, {}, {backup.DATABASE: digest.hexdigest()}
        )
        archive.writestr(backup.MANIFEST, manifest.to_json())
    seal(path)


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(tmp_path: Path) -> None:
    bundle = tmp_path / "bomb.assocdesk-backup"
    zip_bomb(bundle, 256 << 20)
    assert bundle.stat().st_size < 1_300_000  # well under 1.3 MB for 256 MiB
    target, before = current_database(tmp_path)

    with pytest.raises(backup.BackupError, match="no real database does"):
        restore.restore_file(bundle, target, now=NOW)
    assert_untouched(target, before)


def test_a_bundle_larger_than_the_free_space_is_refused(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_donations(db, 3)
    bundle = make_bundle(db, tmp_path)
    target, before = current_database(tmp_path)
    usage = namedtuple("usage", "total used free")
    # Less free space than the margin plus the database: refused, whatever the bundle's size.
    monkeypatch.setattr(
        "assocdesk.storage.backups.verify.shutil.disk_usage",
        lambda _path: usage(1 << 30, 1 << 30, backup.SPACE_MARGIN),
    )

    with pytest.raises(backup.BackupError, match="free space") as refused:
        restore.restore_file(bundle, target, now=NOW)
    assert "\n" not in str(refused.value)
    assert_untouched(target, before)


# -- hidden copies ------------------------------------------------------------------------------
def age(path: Path, seconds: float = 3600) -> Path:
    past = time.time() - seconds
    os.utime(path, (past, past))
    return path


def test_a_failed_backup_leaves_no_hidden_copy(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_donations(db, 3)
    usb = tmp_path / "usb"
    usb.mkdir()

    def broken(*_args: object, **_kwargs: object) -> str:
        assert any(p.suffix == ".snapshot" for p in usb.iterdir())  # the copy was made
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "_add_member", broken)
    with pytest.raises(backup.BackupError, match="No space left"):
        backup.create_bundle(db.path, usb / "b.assocdesk-backup", now=NOW)
    assert list(usb.iterdir()) == []


def test_a_failed_restore_leaves_no_hidden_copy(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_donations(db, 3)
    bundle = make_bundle(db, tmp_path)
    copy = rotation.auto_backup(db.path, NOW)
    assert copy is not None
    target, before = current_database(tmp_path)

    def broken(*_args: object, **_kwargs: object) -> None:
        assert any(p.name.startswith(".") for p in target.parent.iterdir())  # it was unpacked
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(restore, "keep_current", broken)
    for source in (bundle, copy):
        with pytest.raises(OSError):
            restore.restore_file(source, target, now=NOW)
        assert_untouched(target, before)


def test_leftovers_of_a_killed_backup_are_removed_at_the_next(db: Database, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    stale = [
        usb / ".old.assocdesk-backup.0badc0de.snapshot",
        usb / ".old.assocdesk-backup.0badc0de.snapshot-journal",
        usb / ".old.assocdesk-backup.0badc0de.part",
    ]
    for path in stale:
        path.write_bytes(b"SQLite format 3\0 a whole database")
        age(path)
    not_ours = usb / "holiday.part"
    not_ours.touch()
    age(not_ours)
    writing_now = usb / ".b.assocdesk-backup.12345678.snapshot"  # another backup, running
    writing_now.touch()
    os.utime(writing_now, (time.time() + 60, time.time() + 60))
    kept = [not_ours, writing_now]

    backup.create_bundle(db.path, usb / "b.assocdesk-backup", now=NOW)
    assert not any(path.exists() for path in stale)
    assert all(path.exists() for path in kept)


def test_leftovers_of_a_killed_restore_are_removed_at_the_next(
    db: Database, tmp_path: Path
) -> None:
    bundle = make_bundle(db, tmp_path)
    copy = rotation.auto_backup(db.path, NOW)
    assert copy is not None
    target, _before = current_database(tmp_path)
    for source in (bundle, copy):
        folder = target.parent / ".current-restore-0badc0de"
        (folder / "attachments").mkdir(parents=True)
        (folder / "database.sqlite3").write_bytes(b"a whole database")
        staged = target.parent / ".current.sqlite3.0badc0de.restore"
        staged.write_bytes(b"a whole database")
        others = target.parent / ".other-restore-0badc0de"  # another database's: its lock
        others.mkdir(exist_ok=True)
        for path in (folder, staged, others):
            age(path)

        restore.restore_file(source, target, now=NOW)
        assert not folder.exists() and not staged.exists()
        assert others.exists()
        shutil.rmtree(others)


def test_a_killed_automatic_backup_leaves_nothing_at_the_next(db: Database) -> None:
    folder = rotation.backups_dir(db.path)
    folder.mkdir()
    stale = folder / f".{db.path.stem}-auto-20250101-100000.sqlite3.part"
    stale.write_bytes(b"a whole database")
    age(stale)
    assert rotation.auto_backup(db.path, NOW) is not None
    assert not stale.exists()
