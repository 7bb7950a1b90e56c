"""A restore's two renames (database, then files folder) and the marker that ties them: a
failure between them is finished by the next writer, and nothing waits on a marker that lies.
Kills at each step (a child process stopped there, then SIGKILL), failures in this process, and
markers that make no sense."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import pytest

from assocdesk.storage import pending_restore
from assocdesk.storage.backups import bundle as backup
from assocdesk.storage.backups import restore, rotation, verify
from assocdesk.storage.engine import Database
from assocdesk.storage.paths import attachments_dir
from tests.core.attack_helpers import Child, assert_survives, counts, recover
from tests.core.backup_helpers import integrity, record_donations
from tests.core.test_backup import make_bundle

# About the SQLite file only: a restore swaps the SQLite file and its folder on disk.
pytestmark = pytest.mark.sqlite_only

NOW = datetime(2025, 3, 4, 10, 30, 0)


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def files_of(path: Path) -> dict[str, str]:
    folder = attachments_dir(path)
    return {p.name: p.read_text() for p in folder.rglob("*") if p.is_file()}


def two_states(db: Database, tmp_path: Path) -> Path:
    """A bundle with 3 gifts and restored.txt; the live database then has 5 and live.txt."""
    record_donations(db, 3)
    attachments_dir(db.path).mkdir()
    (attachments_dir(db.path) / "restored.txt").write_text("restored")
    bundle = make_bundle(db, tmp_path)
    assert counts(db.path)["donations"] == 3
    record_donations(db, 2)
    (attachments_dir(db.path) / "restored.txt").unlink()
    (attachments_dir(db.path) / "live.txt").write_text("live")
    db.close()
    return bundle


def test_files_swap_failing_after_the_database_is_finished_by_the_next_writer(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = two_states(db, tmp_path)

    def full_disk(_files: Path, _current: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pending_restore, "put_in_place", full_disk)
    with pytest.raises(OSError):
        restore.restore_bundle(bundle, db.path, now=NOW)
    monkeypatch.undo()

    # The restored database is in place, its files still wait (discard spared them).
    assert backup.verify_database_file(db.path).counts["donations"] == 3
    waiting = pending_restore.pending_folder(db.path)
    assert waiting is not None and (waiting / "attachments" / "restored.txt").exists()

    assert pending_restore.finish_interrupted(db.path) == "finished"
    assert files_of(db.path) == {"restored.txt": "restored"}
    aside = rotation.backups_dir(db.path) / f"{attachments_dir(db.path).name}-before-restore-"
    assert (Path(f"{aside}20250304-103000") / "live.txt").read_text() == "live"
    assert hidden(db.path.parent) == [] and integrity(db.path) == ["ok"]
    assert pending_restore.finish_interrupted(db.path) is None  # nothing left to do


def test_database_rename_failing_leaves_the_old_state_and_no_marker(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = two_states(db, tmp_path)

    def refused(_new: Path, _path: Path) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(restore, "replace_database", refused)
    with pytest.raises(PermissionError):
        restore.restore_bundle(bundle, db.path, now=NOW)

    assert backup.verify_database_file(db.path).counts["donations"] == 5
    assert files_of(db.path) == {"live.txt": "live"}
    assert hidden(db.path.parent) == []  # no marker, and the unpacked copy removed


def test_a_restore_stopped_before_the_rename_is_undone(db: Database, tmp_path: Path) -> None:
    """The marker is written, the database not yet renamed (as a kill would leave it)."""
    bundle = two_states(db, tmp_path)
    verified = backup.verify_bundle(bundle, db.path)
    pending_restore.begin(
        db.path, verified.database, verified.attachments, rotation.backups_dir(db.path) / "x"
    )
    verified.discard()  # what a failing restore's finally does: the folder is spared
    assert verified.folder.exists()

    verify.remove_restore_leftovers(db.path, time.time())  # the next restore starts so

    assert backup.verify_database_file(db.path).counts["donations"] == 5
    assert files_of(db.path) == {"live.txt": "live"}
    assert hidden(db.path.parent) == [] and not rotation.backups_dir(db.path).exists()


@pytest.mark.parametrize(
    "marker",
    [b"", b"not json", b"[]", b'{"folder": "../../etc", "database": "x", "files": "y"}'],
)
def test_a_marker_that_makes_no_sense_moves_nothing(
    db: Database, tmp_path: Path, marker: bytes
) -> None:
    two_states(db, tmp_path)
    pending_restore.marker_path(db.path).write_bytes(marker)

    assert pending_restore.finish_interrupted(db.path) is None
    assert files_of(db.path) == {"live.txt": "live"}
    assert hidden(db.path.parent) == []


# Where a restore is killed (see attack_child.PAUSES), and what the database is once the next
# writer took it up: the marker is written before anything is renamed, so the first is undone.
KILL_POINTS = {"marked": "old", "replace": "restored", "aside": "restored", "swapped": "restored"}


@pytest.mark.parametrize("how", ["open", "restore"])
@pytest.mark.parametrize("where", list(KILL_POINTS))
def test_a_restore_killed_between_database_and_files_leaves_no_mix(
    db: Database, tmp_path: Path, where: str, how: str
) -> None:
    """Regression (issue 18 attack loops): a restore killed after renaming the database into
    place and before swapping the files folder left the restored database with the old files,
    and the restored files in a hidden folder that the next restore deleted."""
    bundle = two_states(db, tmp_path)
    path = db.path
    old = counts(path), files_of(path)
    checked = backup.verify_bundle(bundle, path)
    checked.discard()
    restored = checked.summary.counts, {"restored.txt": "restored"}
    with Child("cli-paused", where, "--db", str(path), "restore", str(bundle)) as child:
        child.wait_ready()
        assert child.next_line() == "installing" and child.next_line() == where
        child.kill()
    assert child.killed and integrity(path) == ["ok"]
    assert pending_restore.read(path) is not None  # what is half-done is written down

    recover(path, how)

    expected = restored if KILL_POINTS[where] == "restored" else old
    assert (counts(path), files_of(path)) == expected
    assert hidden(path.parent) == [] and pending_restore.read(path) is None
    # The files replaced are kept in the backups folder, as the database replaced is.
    set_aside = list(rotation.backups_dir(path).glob("*-files-before-restore-*/live.txt"))
    assert len(set_aside) == (expected == restored)
    assert_survives(path, tmp_path / "usb-after", f"[{where} {how}]")
