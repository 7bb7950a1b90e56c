"""Backup bundles: what they hold, a backup taken while writing, and every check of a restore."""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
import threading
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from assocdesk import __version__
from assocdesk.storage import sqlite_file
from assocdesk.storage.backups import bundle as backup
from assocdesk.storage.backups import restore, rotation
from assocdesk.storage.backups.manifest import seal
from assocdesk.storage.engine import Database
from assocdesk.storage.migrations import HEAD_REVISION
from assocdesk.storage.opening import open_database
from assocdesk.storage.paths import attachments_dir
from tests.core.backup_helpers import assert_receipts_gapless, integrity, record_donations

# About the SQLite file only: the backup bundle of the SQLite file (a server's backup goes
# through an SQLite copy: issue 22, point 7).
pytestmark = pytest.mark.sqlite_only

NOW = datetime(2025, 3, 4, 10, 30, 0)


def make_bundle(db: Database, tmp_path: Path, name: str = "b.assocdesk-backup") -> Path:
    out = tmp_path / "usb" / name
    out.parent.mkdir(exist_ok=True)
    backup.create_bundle(db.path, out, now=NOW)
    return out


def test_bundle_holds_database_attachments_and_manifest(db: Database, tmp_path: Path) -> None:
    record_donations(db, 3)
    files = attachments_dir(db.path)
    (files / "photos").mkdir(parents=True)
    (files / "photos" / "day.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    bundle = make_bundle(db, tmp_path)

    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
    assert names == {"manifest.json", "database.sqlite3", "attachments/photos/day.jpg"}
    assert manifest["app_version"] == __version__
    assert manifest["schema_revision"] == HEAD_REVISION
    assert manifest["created_at"] == NOW.isoformat()
    assert manifest["counts"]["donations"] == 3 and manifest["counts"]["receipt_counters"] == 1
    assert set(manifest["files"]) == names - {"manifest.json"}
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"].values())
    assert not [p for p in bundle.parent.iterdir() if p.name.startswith(".")]  # no leftovers


def test_restore_round_trip_keeps_the_current_database(db: Database, tmp_path: Path) -> None:
    record_donations(db, 4)
    files = attachments_dir(db.path)
    files.mkdir()
    (files / "a.txt").write_text("kept")
    bundle = make_bundle(db, tmp_path)
    record_donations(db, 2)  # after the backup: must be gone after restoring, but kept aside
    (files / "a.txt").write_text("changed")
    db.close()

    result = restore.restore_bundle(bundle, db.path, now=NOW)

    assert result.summary.counts["donations"] == 4
    assert result.kept is not None and result.kept.parent == rotation.backups_dir(db.path)
    assert sqlite_file.summarize(result.kept).counts["donations"] == 6
    assert (files / "a.txt").read_text() == "kept"
    aside = rotation.backups_dir(db.path) / f"{files.name}-before-restore-20250304-103000"
    assert (aside / "a.txt").read_text() == "changed"
    reopened = open_database(db.path)
    reopened.close()
    assert assert_receipts_gapless(db.path) == 4
    assert not [p for p in db.path.parent.iterdir() if p.name.startswith(".")]


def test_backup_taken_while_another_connection_writes_restores_consistent(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Acceptance: a backup taken while the app writes gives a consistent database.

    The copy goes one page per step; between the first steps the writer commits donations (a
    handshake, not timing), so writes really land in the middle of the copy.
    """
    record_donations(db, 30)
    monkeypatch.setattr(sqlite_file, "PAGES_PER_STEP", 1)
    writer_db = open_database(db.path)
    write_now, written = threading.Event(), threading.Event()
    stop = threading.Event()
    commits: list[int] = []

    def writer() -> None:
        while not stop.is_set():
            if write_now.wait(0.05):
                write_now.clear()
                commits.extend(record_donations(writer_db, 3, year=2025))
                written.set()

    thread = threading.Thread(target=writer)
    thread.start()
    steps = [0]

    def progress(_done: int, _total: int) -> bool:
        steps[0] += 1
        if steps[0] <= 5:
            written.clear()
            write_now.set()
            assert written.wait(30)
        return True

    out = tmp_path / "live.assocdesk-backup"
    try:
        manifest = backup.create_bundle(db.path, out, now=NOW, progress=progress)
    finally:
        stop.set()
        thread.join()
        writer_db.close()
    assert len(commits) == 15  # five rounds of writes happened during the copy

    target = tmp_path / "restored" / "assocdesk.sqlite3"
    result = restore.restore_bundle(out, target, now=NOW)
    assert integrity(target) == ["ok"]
    total = assert_receipts_gapless(target)
    assert 30 <= total <= 45
    assert result.summary.counts["donations"] == total == manifest.counts["donations"]
    open_database(target).close()


def flip(path: Path, position: int) -> None:
    data = bytearray(path.read_bytes())
    data[position] ^= 0x01
    path.write_bytes(bytes(data))


def test_one_flipped_byte_anywhere_is_refused(db: Database, tmp_path: Path) -> None:
    """Acceptance: a corrupted backup (one byte flipped) is refused, and nothing changes."""
    record_donations(db, 5)
    good = make_bundle(db, tmp_path)
    size = good.stat().st_size
    with zipfile.ZipFile(good) as archive:
        database_start = archive.getinfo("database.sqlite3").header_offset + 100
    positions = [database_start, 0, size // 2, size - 1, size - 30]
    positions += random.Random(7).sample(range(size), 10)
    target = tmp_path / "current.sqlite3"
    open_database(target).close()
    before = target.read_bytes()
    for position in positions:
        broken = tmp_path / f"broken-{position}.assocdesk-backup"
        broken.write_bytes(good.read_bytes())
        flip(broken, position)
        with pytest.raises(backup.BackupError) as refused:
            restore.restore_bundle(broken, target, now=NOW)
        assert str(broken) in str(refused.value) or "damaged" in str(refused.value)
        assert target.read_bytes() == before, position
    assert not rotation.backups_dir(target).exists()  # nothing was even set aside
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def reseal(path: Path, members: dict[str, bytes], comment: bytes | None = None) -> None:
    """Write a bundle with chosen members and a valid seal: tests the checks behind the seal."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.comment = backup.SEAL_PREFIX + b"0" * backup.SEAL_LENGTH
        for name, data in members.items():
            archive.writestr(name, data)
    seal(path)


def members_of(bundle: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(bundle) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_checks_behind_the_seal(db: Database, tmp_path: Path) -> None:
    """A bundle resealed by hand still has to pass the manifest, the sums and SQLite's check."""
    good = members_of(make_bundle(db, tmp_path))
    manifest = json.loads(good["manifest.json"])
    target = tmp_path / "current.sqlite3"

    def refused(members: dict[str, bytes], match: str) -> None:
        path = tmp_path / "case.assocdesk-backup"
        reseal(path, members)
        with pytest.raises(backup.BackupError, match=match):
            restore.restore_bundle(path, target, now=NOW)
        assert not target.exists()

    refused({k: v for k, v in good.items() if k != "manifest.json"}, "no table of contents")
    refused({**good, "manifest.json": b"{not json"}, "table of contents is damaged")
    refused({**good, "manifest.json": json.dumps({**manifest, "files": 3}).encode()}, "damaged")
    changed = bytearray(good["database.sqlite3"])
    changed[5000] ^= 0xFF
    refused({**good, "database.sqlite3": bytes(changed)}, "check sum does not match")
    refused({**good, "attachments/extra.txt": b"x"}, "differ from its table of contents")
    evil = {**manifest, "files": {**manifest["files"], "../evil.txt": {"sha256": "0" * 64}}}
    refused(
        {**good, "manifest.json": json.dumps(evil).encode(), "../evil.txt": b"x"},
        "should not",
    )
    assert not (tmp_path / "evil.txt").exists()


def test_a_damaged_database_inside_is_refused_by_integrity_check(
    db: Database, tmp_path: Path
) -> None:
    """Sums of a damaged file match if it was damaged before the backup: SQLite still says no."""
    record_donations(db, 20)
    good = members_of(make_bundle(db, tmp_path))
    damaged = bytearray(good["database.sqlite3"])
    page_size = int.from_bytes(damaged[16:18], "big")
    damaged[page_size * 3 : page_size * 3 + 200] = b"\xab" * 200  # scribble over a b-tree page
    manifest = json.loads(good["manifest.json"])
    manifest["files"]["database.sqlite3"]["sha256"] = hashlib.sha256(damaged).hexdigest()
    path = tmp_path / "case.assocdesk-backup"
    reseal(
        path,
        {
            **good,
            "database.sqlite3": bytes(damaged),
            "manifest.json": json.dumps(manifest).encode(),
        },
    )
    with pytest.raises(backup.BackupError, match=r"damaged|cannot be read"):
        restore.restore_bundle(path, tmp_path / "current.sqlite3", now=NOW)


def test_a_backup_of_a_newer_version_is_refused(db: Database, tmp_path: Path) -> None:
    with db.transaction() as session:
        session.connection().exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    bundle = make_bundle(db, tmp_path)
    with pytest.raises(backup.BackupError, match="newer version"):
        restore.restore_bundle(bundle, tmp_path / "current.sqlite3", now=NOW)


def test_not_a_backup_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photo.assocdesk-backup"
    path.write_bytes(b"\x89PNG" + b"\x00" * 500)
    with pytest.raises(backup.BackupError, match="not an AssocDesk backup"):
        restore.restore_file(path, tmp_path / "current.sqlite3", now=NOW)


def test_cancelled_backup_leaves_no_file(db: Database, tmp_path: Path) -> None:
    out = tmp_path / "c.assocdesk-backup"
    with pytest.raises(backup.BackupCancelled):
        backup.create_bundle(db.path, out, progress=lambda done, total: False)
    assert list(tmp_path.iterdir()) == [db.path] or not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_unwritable_destination_is_a_clear_error(db: Database, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("a file, not a folder")
    with pytest.raises(backup.BackupError, match="could not be written"):
        backup.create_bundle(db.path, not_a_folder / "x.assocdesk-backup")


def test_restoring_an_automatic_copy(db: Database, tmp_path: Path) -> None:
    record_donations(db, 2)
    copy = rotation.auto_backup(db.path, NOW)
    assert copy is not None
    record_donations(db, 3)
    db.close()
    result = restore.restore_file(copy, db.path, now=datetime(2025, 3, 5))
    assert result.summary.counts["donations"] == 2
    assert copy.exists()  # the backup itself stays, to be restored again
    assert sqlite_file.summarize(db.path).counts["donations"] == 2
    assert sqlite_file.summarize(result.kept).counts["donations"] == 5


def test_restoring_over_a_damaged_database_keeps_its_bytes(db: Database, tmp_path: Path) -> None:
    record_donations(db, 5)
    bundle = make_bundle(db, tmp_path)
    db.close()
    data = db.path.read_bytes()
    db.path.write_bytes(data[: len(data) // 2])
    damaged_bytes = db.path.read_bytes()
    result = restore.restore_bundle(bundle, db.path, now=NOW)
    assert result.kept is not None and rotation.DAMAGED in result.kept.name
    assert result.kept.read_bytes() == damaged_bytes
    assert rotation.list_backups(db.path) == []  # a damaged copy is never offered back
    assert integrity(db.path) == ["ok"]


def test_sqlite_file_summary_of_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\x01" * 200)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite_file.summarize(path)
