"""assocdesk-cli backup / restore / check, end to end on files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from assocdesk.cli import main
from assocdesk.storage import sqlite_file
from assocdesk.storage.backups import rotation


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSOCDESK_LANG", "en")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_backup_then_restore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.sqlite3"
    assert run(capsys, "--db", str(path), "demo", "--seed", "2")[0] == 0
    code, out, _err = run(capsys, "--db", str(path), "backup", "-o", str(tmp_path / "usb"))
    bundle = tmp_path / "usb.assocdesk-backup"  # the extension is added
    assert code == 0 and bundle.exists() and "150 contacts" in out

    other = tmp_path / "other.sqlite3"
    code, out, _err = run(capsys, "--db", str(other), "restore", str(bundle))
    assert code == 0 and "Restored" in out and "kept" not in out  # there was nothing to keep
    assert sqlite_file.summarize(other).counts == sqlite_file.summarize(path).counts

    code, out, _err = run(capsys, "--db", str(path), "restore", str(bundle))
    [kept] = rotation.list_backups(path)
    assert code == 0 and str(kept.path) in out
    assert run(capsys, "--db", str(path), "check")[0] == 0


def test_restore_refuses_a_corrupted_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.sqlite3"
    assert run(capsys, "--db", str(path), "init")[0] == 0
    bundle = tmp_path / "b.assocdesk-backup"
    assert run(capsys, "--db", str(path), "backup", "-o", str(bundle))[0] == 0
    data = bytearray(bundle.read_bytes())
    data[len(data) // 3] ^= 0x10
    bundle.write_bytes(bytes(data))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    code, out, err = run(capsys, "--db", str(path), "restore", str(bundle))
    assert code == 1 and out == ""
    assert "damaged" in err and "Nothing was changed" in err and err.count("\n") == 1
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_damaged_database_is_refused_but_can_be_checked_and_restored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.sqlite3"
    assert run(capsys, "--db", str(path), "demo")[0] == 0
    bundle = tmp_path / "b.assocdesk-backup"
    assert run(capsys, "--db", str(path), "backup", "-o", str(bundle))[0] == 0
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    copy = rotation.backups_dir(path) / "a-auto-20250101-120000.sqlite3"
    copy.parent.mkdir()
    copy.write_bytes(data)
    for command in (["stats"], ["backup", "-o", str(tmp_path / "c")]):
        code, _out, err = run(capsys, "--db", str(path), *command)
        assert code == 1 and "is damaged" in err and err.count("\n") == 1
        assert f"Latest backup: {copy}" in err
    assert run(capsys, "--db", str(path), "check")[0] == 1
    assert run(capsys, "--db", str(path), "restore", str(bundle))[0] == 0
    assert run(capsys, "--db", str(path), "check")[0] == 0
    [damaged] = rotation.list_backups(path, [rotation.DAMAGED])
    assert damaged.path.read_bytes() == data[: len(data) // 2]
