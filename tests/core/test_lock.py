"""One writer per database: a second one is refused; a crashed holder does not block."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assocdesk.cli import main
from assocdesk.storage.engine import Database
from assocdesk.storage.lock import DatabaseLock, DatabaseLocked, lock_path

ROOT = Path(__file__).resolve().parents[2]


def test_second_lock_is_refused_then_free_again(db_path: Path) -> None:
    with DatabaseLock(db_path):
        with pytest.raises(DatabaseLocked) as refused:
            DatabaseLock(db_path).acquire()
        message = str(refused.value)
        assert str(db_path) in message and f"process {os.getpid()}" in message
    assert not lock_path(db_path).exists()  # released and removed
    with DatabaseLock(db_path) as again:
        assert again.held


def test_a_killed_holder_leaves_no_stale_lock(db_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from assocdesk.storage.lock import DatabaseLock;"
            "DatabaseLock(Path(sys.argv[1])).acquire(); print('held', flush=True);"
            "sys.stdin.read()",
            str(db_path),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(DatabaseLocked, match=f"process {holder.pid}"):
            DatabaseLock(db_path).acquire()
    finally:
        holder.kill()
        holder.wait()
    assert lock_path(db_path).exists()  # the crash left its file behind …
    with DatabaseLock(db_path) as lock:  # … which does not block anyone
        assert lock.held


@pytest.mark.sqlite_only  # the lock file beside the SQLite file
def test_cli_writing_commands_respect_the_lock(
    db: Database, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSOCDESK_LANG", "en")
    backup_file = db.path.parent / "b.assocdesk-backup"
    with DatabaseLock(db.path):  # the app is running
        assert main(["--db", str(db.path), "stats"]) == 0
        assert main(["--db", str(db.path), "check"]) == 0
        assert main(["--db", str(db.path), "backup", "-o", str(backup_file)]) == 0
        capsys.readouterr()
        for command in (["init"], ["demo"], ["restore", str(backup_file)]):
            assert main(["--db", str(db.path), *command]) == 1
            err = capsys.readouterr().err
            assert "already open in another AssocDesk" in err and err.count("\n") == 1
    assert main(["--db", str(db.path), "restore", str(backup_file)]) == 0
