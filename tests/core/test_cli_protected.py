"""assocdesk-cli backup / restore / check on a password-protected database (--password-stdin)."""

from __future__ import annotations

import hashlib
import io
import sys
from datetime import datetime
from pathlib import Path

import pytest

from assocdesk.cli import main
from assocdesk.storage import encryption, sqlite_file
from assocdesk.storage.backups import bundle as backup
from assocdesk.storage.backups import rotation

pytest.importorskip("sqlcipher3")

PASSWORD = "a long enough password"


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSOCDESK_LANG", "en")


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch):
    """``stdin("text")`` makes the next command read ``text`` on its standard input."""

    def give(text: str) -> None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(text))

    give("")
    return give


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert PASSWORD not in captured.out + captured.err
    return code, captured.out, captured.err


@pytest.fixture
def protected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "a.sqlite3"
    assert run(capsys, "--db", str(path), "demo")[0] == 0
    encryption.encrypt(path, PASSWORD)
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_restore_check_with_the_password_on_stdin(
    protected: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], stdin
) -> None:
    code, _out, err = run(capsys, "--db", str(protected), "backup", "-o", str(tmp_path / "b"))
    assert code == 1 and "protected by a password" in err and "--password-stdin" in err
    assert err.count("\n") == 1

    stdin(PASSWORD + "\n")
    bundle = tmp_path / "b.assocdesk-backup"
    code, out, _err = run(
        capsys, "--db", str(protected), "--password-stdin", "backup", "-o", str(bundle)
    )
    assert code == 0 and "150 contacts" in out and "same password" in out
    assert PASSWORD.encode() not in bundle.read_bytes()

    stdin(PASSWORD + "\n")
    code, out, _err = run(capsys, "--db", str(protected), "--password-stdin", "check")
    assert code == 0 and "no problem found" in out

    # Restore it in place of another (plain) database: it needs the backup's password.
    other = tmp_path / "other.sqlite3"
    assert run(capsys, "--db", str(other), "init")[0] == 0
    before = sha256(other)
    code, _out, err = run(capsys, "--db", str(other), "restore", str(bundle))
    assert code == 1 and "protected by a password" in err and "--password-stdin" in err
    stdin("not the password\n")
    code, _out, err = run(capsys, "--db", str(other), "--password-stdin", "restore", str(bundle))
    assert code == 1 and "password is not right" in err and err.count("\n") == 1
    assert sha256(other) == before and rotation.list_backups(other) == []

    stdin(PASSWORD + "\n")
    code, out, _err = run(capsys, "--db", str(other), "--password-stdin", "restore", str(bundle))
    assert code == 0 and "Restored" in out
    assert encryption.looks_encrypted(other)
    assert sqlite_file.summarize(other, PASSWORD).counts["contacts"] == 150
    [kept] = rotation.list_backups(other, [rotation.BEFORE_RESTORE])
    assert sqlite_file.summarize(kept.path).counts["contacts"] == 0  # the plain one, kept plain
    stdin(PASSWORD)  # no line end: the whole input is the password
    code, out, _err = run(capsys, "--db", str(other), "--password-stdin", "stats")
    assert code == 0 and '"contacts": 150' in out


def test_check_of_a_protected_database(
    protected: Path, capsys: pytest.CaptureFixture[str], stdin
) -> None:
    code, _out, err = run(capsys, "--db", str(protected), "check")
    assert code == 1 and "protected by a password" in err and "--password-stdin" in err
    stdin("not the password\n")
    code, _out, err = run(capsys, "--db", str(protected), "--password-stdin", "check")
    assert code == 1 and "password is not right" in err

    data = protected.read_bytes()
    protected.write_bytes(data[: len(data) // 8192 * 4096])  # cut in half
    stdin(PASSWORD + "\n")
    code, out, err = run(capsys, "--db", str(protected), "--password-stdin", "check")
    assert code == 1 and "ERROR [file]" in out and "is damaged" in out and "problem found" in err


def test_restoring_an_automatic_copy_of_a_protected_database(
    protected: Path, capsys: pytest.CaptureFixture[str], stdin
) -> None:
    copy = rotation.auto_backup(protected, datetime(2025, 5, 1), PASSWORD)
    assert copy is not None and encryption.looks_encrypted(copy)
    stdin(PASSWORD + "\n")
    code, out, _err = run(capsys, "--db", str(protected), "--password-stdin", "restore", str(copy))
    assert code == 0 and "Restored" in out
    [kept] = rotation.list_backups(protected, [rotation.BEFORE_RESTORE])
    assert backup.verify_database_file(kept.path, PASSWORD).counts["contacts"] == 150


def test_an_empty_password_on_stdin_is_refused(
    protected: Path, capsys: pytest.CaptureFixture[str], stdin
) -> None:
    stdin("\n")
    code, _out, err = run(capsys, "--db", str(protected), "--password-stdin", "check")
    assert code == 1 and "no password was read" in err
