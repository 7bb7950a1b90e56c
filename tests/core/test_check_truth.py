"""`check` tells the truth (issue 18, point 7): for every bad file its verdict agrees with what
opening the file says, and on a file it may not write it reports the file, not the disk.

The read-only cases must not have the power to write anyway: as root (CI), the child process
runs without CAP_DAC_OVERRIDE (setpriv), so a 0444 file or a 0555 folder is as read-only for
it as for a secretary on a locked USB stick.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from assocdesk.cli import main

ROOT = Path(__file__).resolve().parents[2]
CHILD = [sys.executable, "-m", "tests.core.run_child"]
UNPRIVILEGED = ["--bounding-set", "-dac_override,-dac_read_search,-fowner", "--inh-caps=-all"]


def child_prefix() -> list[str]:
    """How to run a child that file permissions bind (root is not bound by them)."""
    if os.name != "posix" or os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a read-only file cannot be made")
    return [setpriv, *UNPRIVILEGED]


def child_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "ASSOCDESK_LANG": "en", **extra}


def verdicts(*paths: Path, **env: str) -> dict[str, dict]:
    result = subprocess.run(
        [*child_prefix(), *CHILD, "tests.core.verdicts_child", *map(str, paths)],
        cwd=ROOT,
        env=child_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*child_prefix(), *CHILD, "assocdesk.cli", *args],
        cwd=ROOT,
        env=child_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    assert main(["--db", str(path), "demo"]) == 0
    return path


@pytest.fixture
def matrix(demo_db: Path, tmp_path: Path) -> dict[str, Path]:
    """The bad-file matrix of the issue, each file in a folder of its own."""
    os.chmod(tmp_path, 0o755)  # the unprivileged child must reach it

    def place(name: str) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        return folder / "assocdesk.sqlite3"

    files: dict[str, Path] = {}
    files["sound"] = Path(shutil.copyfile(demo_db, place("sound")))
    files["zero bytes"] = place("zero")
    files["zero bytes"].write_bytes(b"")
    data = demo_db.read_bytes()
    files["truncated"] = place("truncated")
    files["truncated"].write_bytes(data[: len(data) // 2])
    files["flipped page"] = place("flipped")
    page = int.from_bytes(data[16:18], "big")
    damaged = bytearray(data)
    # A page of the donations' rows, not one the schema happens to sit on (which would make
    # the file unreadable as a database at all: a "file" verdict, tested by "truncated").
    with sqlite3.connect(demo_db) as source:
        (number,) = source.execute(
            "SELECT pageno FROM dbstat WHERE name = 'donations' AND pagetype = 'leaf' "
            "ORDER BY pageno LIMIT 1 OFFSET 2"
        ).fetchone()
    source.close()
    middle = (number - 1) * page
    damaged[middle : middle + page] = bytes(b ^ 0x5A for b in damaged[middle : middle + page])
    files["flipped page"].write_bytes(bytes(damaged))
    files["other program"] = place("other")
    with sqlite3.connect(files["other program"]) as other:
        other.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        other.execute("INSERT INTO notes (body) VALUES ('shopping')")
    other.close()
    files["newer version"] = Path(shutil.copyfile(demo_db, place("newer")))
    with sqlite3.connect(files["newer version"]) as newer:
        newer.execute("UPDATE alembic_version SET version_num = '9999'")
    newer.close()
    files["read-only file"] = Path(shutil.copyfile(demo_db, place("ro-file")))
    files["read-only folder"] = Path(shutil.copyfile(demo_db, place("ro-folder")))
    for path in files.values():
        os.chmod(path.parent, 0o755)
        if path.exists():
            os.chmod(path, 0o644)
    os.chmod(files["read-only file"], 0o444)
    os.chmod(files["read-only folder"].parent, 0o555)
    return files


def test_check_agrees_with_opening_on_every_bad_file(matrix: dict[str, Path]) -> None:
    before = {name: sorted(p.name for p in path.parent.iterdir()) for name, path in matrix.items()}
    seen = verdicts(*matrix.values())
    by_case = {name: seen[str(path)] for name, path in matrix.items()}
    for name, verdict in by_case.items():
        # Never "no problem found" for a file opening refuses, never a problem for one it opens.
        assert verdict["ok"] == (verdict["opening"] is None), (name, verdict)
    for name in ("sound", "read-only file", "read-only folder"):
        assert by_case[name]["ok"] and by_case[name]["findings"] == [], (name, by_case[name])
    for name in ("truncated", "other program", "newer version"):
        (finding,) = by_case[name]["findings"]
        assert finding[0] == "file" and finding[2] == by_case[name]["opening"], name
    assert "empty" in by_case["zero bytes"]["findings"][0][2]
    assert "is damaged" in by_case["truncated"]["opening"]
    assert "is damaged" in by_case["flipped page"]["opening"]
    assert {f[0] for f in by_case["flipped page"]["findings"]} == {"integrity"}
    assert "could not run" not in by_case["flipped page"]["findings"][0][2]
    assert "another program" in by_case["other program"]["opening"]
    assert "newer version" in by_case["newer version"]["opening"]
    after = {name: sorted(p.name for p in path.parent.iterdir()) for name, path in matrix.items()}
    assert after == before  # no -wal, -shm or copy left beside any of them


def test_a_protected_database_without_sqlcipher_is_called_protected(tmp_path: Path) -> None:
    """Not "not an AssocDesk database": it is one, and this installation cannot open it."""
    os.chmod(tmp_path, 0o755)
    protected = tmp_path / "protected.sqlite3"
    # SQLCipher's shape: a random salt, then whole pages of what looks like noise.
    protected.write_bytes(os.urandom(4096 * 6))
    without = {"ASSOCDESK_TEST_WITHOUT_SQLCIPHER": "1"}
    verdict = verdicts(protected, **without)[str(protected)]
    assert not verdict["ok"]
    for message in (verdict["opening"], verdict["findings"][0][2]):
        assert "protected by a password" in message and "SQLCipher is not installed" in message
    result = cli("--db", str(protected), "check", **without)
    assert result.returncode == 1 and "SQLCipher is not installed" in result.stdout
    result = cli("--db", str(protected), "stats", **without)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "SQLCipher is not installed" in result.stderr


def test_a_read_only_database_is_backed_up_and_read_where_it_is(
    matrix: dict[str, Path], tmp_path: Path
) -> None:
    """On write-protected media, stats and backup work; a command that writes says so in one
    line; nothing is left beside the file."""
    out = tmp_path / "out"
    out.mkdir(mode=0o777)
    os.chmod(out, 0o777)
    for name in ("read-only file", "read-only folder"):
        path = matrix[name]
        listing = sorted(p.name for p in path.parent.iterdir())
        stats = cli("--db", str(path), "stats")
        assert stats.returncode == 0 and json.loads(stats.stdout)["contacts"] > 0, stats.stderr
        saved = cli("--db", str(path), "backup", "-o", str(out / name.replace(" ", "-")))
        assert saved.returncode == 0 and "Backup written" in saved.stdout, saved.stderr
        writing = cli("--db", str(path), "init")
        assert writing.returncode == 1
        assert writing.stderr.count("\n") == 1 and "cannot be written" in writing.stderr
        assert sorted(p.name for p in path.parent.iterdir()) == listing, name
    assert len(list(out.iterdir())) == 2


def test_a_writing_command_on_a_read_only_file_says_so_in_one_line(tmp_path: Path) -> None:
    """A command that writes, on a file it may not write: one line (it used to print the
    logger's line too), no traceback, and nothing left beside the file."""
    os.chmod(tmp_path, 0o755)
    path = tmp_path / "db.sqlite3"
    assert main(["--db", str(path), "init"]) == 0
    source = tmp_path / "people.csv"
    source.write_text("name\nAli Test\n", encoding="utf-8")
    os.chmod(path, 0o444)
    result = cli("--db", str(path), "import", "contacts", str(source))
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr and "cannot be written" in result.stderr
    beside = sorted(p.name for p in tmp_path.iterdir() if p.name != "assocdesk.log")
    assert beside == ["db.sqlite3", "people.csv"]


def test_a_backup_without_a_schema_version_is_not_called_newer(
    demo_db: Path, tmp_path: Path
) -> None:
    from assocdesk.storage.backups import bundle as backup

    copy = Path(shutil.copyfile(demo_db, tmp_path / "copy.sqlite3"))
    with sqlite3.connect(copy) as connection:
        connection.execute("DROP TABLE alembic_version")
    connection.close()
    with pytest.raises(backup.BackupError) as refused:
        backup.verify_database_file(copy)
    message = str(refused.value)
    assert "no schema version" in message and "None" not in message and "newer" not in message


def test_an_unexpected_error_is_one_line_with_the_log_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import assocdesk.cli as cli_module

    path = tmp_path / "db.sqlite3"
    assert main(["--db", str(path), "init"]) == 0
    capsys.readouterr()

    def broken(_database: object, _args: object) -> None:
        raise RuntimeError("a bug in a command")

    monkeypatch.setitem(cli_module.COMMANDS, "stats", broken)
    assert main(["--db", str(path), "stats"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "a bug in a command" in err and "Traceback" not in err
    log = tmp_path / "assocdesk.log"
    assert str(log) in err and "Traceback" in log.read_text(encoding="utf-8")  # beside the db
