"""Paths are paths, and one writer for real (issue 18, points 3–5).

Each test reproduces an attack that worked before: a ``?`` or ``%20`` in a folder name opened
another file; a symlink, a hard link or a deleted lock file let a second writer in; a reading
command upgraded an older database (or rewrote a protected one's header) without the lock.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from assocdesk.cli import main
from assocdesk.storage import encryption
from assocdesk.storage.backups import bundle as backup
from assocdesk.storage.engine import create_sqlite_engine
from assocdesk.storage.lock import DatabaseLock, DatabaseLocked, lock_path
from assocdesk.storage.migrations import HEAD_REVISION, runner


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSOCDESK_LANG", "en")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("folder", ["a?b", "a%20b", "a#b", "a b", "جمعية الأمل", "x%3Fy?z"])
def test_odd_folder_names_hold_the_database(
    tmp_path: Path, folder: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "p2" / folder / "new.sqlite3"
    assert main(["--db", str(target), "init"]) == 0
    assert target.is_file() and target.stat().st_size > 0
    # Nothing went to the path cut at the "?" or "#", nor to a decoded "%20".
    assert sorted(p.name for p in (tmp_path / "p2").iterdir()) == [folder]
    assert main(["--db", str(target), "stats"]) == 0
    assert '"contacts": 0' in capsys.readouterr().out


def test_the_reported_demo_path_writes_where_it_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["--db", "p2/a?b/new.sqlite3", "demo"]) == 0
    target = tmp_path / "p2" / "a?b" / "new.sqlite3"
    connection = sqlite3.connect(target)
    assert connection.execute("SELECT count(*) FROM contacts").fetchone()[0] > 0
    connection.close()
    assert not (tmp_path / "p2" / "a").exists()


def test_symlink_leads_to_the_same_lock(db_path: Path) -> None:
    link = db_path.with_name("link.sqlite3")
    link.symlink_to(db_path)
    with DatabaseLock(db_path), pytest.raises(DatabaseLocked):
        DatabaseLock(link).acquire()
    assert lock_path(link) == lock_path(db_path)


def test_hard_link_leads_to_the_same_lock(db_path: Path) -> None:
    other = db_path.parent / "other"
    other.mkdir()
    link = other / "hard.sqlite3"
    os.link(db_path, link)
    with DatabaseLock(db_path), pytest.raises(DatabaseLocked):
        DatabaseLock(link).acquire()


def test_deleting_the_lock_file_does_not_let_a_second_writer_in(db_path: Path) -> None:
    with DatabaseLock(db_path):
        lock_path(db_path).unlink()
        with pytest.raises(DatabaseLocked):
            DatabaseLock(db_path).acquire()
    with DatabaseLock(db_path) as again:  # free once the holder is gone
        assert again.held


def _make_older(path: Path) -> None:
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '0009'")
    connection.close()


@pytest.mark.parametrize("command", [["stats"]])
def test_reading_command_never_upgrades(
    db_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _make_older(db_path)
    before = digest(db_path)
    with DatabaseLock(db_path):  # the app has it open
        assert main(["--db", str(db_path), *command]) == 1
    error = capsys.readouterr().err.strip()
    assert "made by an older AssocDesk" in error and "\n" not in error
    assert digest(db_path) == before
    assert not list(db_path.parent.glob("*before-upgrade*"))


def test_backup_of_an_older_database_does_not_upgrade(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An older database is backed up as it is (a restore upgrades it), without a byte of it
    changing: on a write-protected medium it could not be upgraded first."""
    older = tmp_path / "older.sqlite3"
    engine = create_sqlite_engine(older)
    runner.upgrade(engine, "0009")
    engine.dispose()
    before = digest(older)
    assert main(["--db", str(older), "backup", "-o", str(tmp_path / "out")]) == 0
    assert "Backup written" in capsys.readouterr().out
    assert digest(older) == before
    assert not list(tmp_path.glob("*before-upgrade*"))
    restored = tmp_path / "restored.sqlite3"
    bundle = tmp_path / f"out{backup.SUFFIX}"
    assert main(["--db", str(restored), "restore", str(bundle)]) == 0
    with sqlite3.connect(restored) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            HEAD_REVISION,
        )


def test_writing_command_still_upgrades(db_path: Path) -> None:
    _make_older(db_path)  # only the number is older, so the upgrade itself fails; it is tried
    main(["--db", str(db_path), "init"])
    assert list(db_path.parent.glob("*before-upgrade*"))


def test_reading_command_cannot_write(db_path: Path) -> None:
    from assocdesk.storage.opening import open_database

    database = open_database(db_path, create=False, read_only=True)
    try:
        with database.reading() as session, pytest.raises(Exception, match=r"readonly|query"):
            session.connection().exec_driver_sql("DELETE FROM contacts")
    finally:
        database.close()


@pytest.mark.skipif(not encryption.available(), reason="SQLCipher is not installed")
def test_stats_on_a_protected_database_leaves_it_byte_for_byte(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    encryption.encrypt(db_path, "s3cret pass")
    before = digest(db_path)
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret pass\n"))
    assert main(["--db", str(db_path), "--password-stdin", "stats"]) == 0
    assert '"contacts"' in capsys.readouterr().out
    assert digest(db_path) == before
