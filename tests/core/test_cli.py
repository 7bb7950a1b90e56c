"""assocdesk-cli: init, demo, stats; bad files refused unchanged with one line and exit 1."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from assocdesk.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSOCDESK_LANG", "en")


def test_init_demo_stats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.sqlite3"
    code, out, _err = run(capsys, "--db", str(path), "init")
    assert code == 0 and str(path) in out

    code, out, _err = run(capsys, "--db", str(path), "demo", "--size", "small", "--seed", "3")
    assert code == 0 and "150 contacts" in out

    code, out, _err = run(capsys, "--db", str(path), "stats")
    assert code == 0
    stats = json.loads(out)
    for key in ("contacts", "members", "volunteers", "donations", "activities", "campaigns"):
        assert isinstance(stats[key], int) and stats[key] > 0, key
    assert stats["contacts"] == 150
    assert set(stats["donations_total"]) >= {"MAD"}
    assert all(isinstance(v, int) and v > 0 for v in stats["donations_total"].values())


def test_demo_refuses_a_database_with_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.sqlite3"
    assert run(capsys, "--db", str(path), "demo")[0] == 0
    before = run(capsys, "--db", str(path), "stats")[1]
    code, out, err = run(capsys, "--db", str(path), "demo")
    assert code == 1 and out == ""
    assert err.startswith("Error: ") and err.count("\n") == 1
    assert run(capsys, "--db", str(path), "stats")[1] == before


def test_database_from_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "env.sqlite3"
    monkeypatch.setenv("ASSOCDESK_DB", str(path))
    assert run(capsys, "init")[0] == 0
    assert path.exists()


@pytest.mark.parametrize("content", [b"name;amount\nAhmed;100\n", b"\x00" * 4096])
def test_not_a_database_is_refused_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    path = tmp_path / "members.csv"
    path.write_bytes(content)
    before = digest(path)
    for command in ("init", "stats", "demo"):
        code, out, err = run(capsys, "--db", str(path), command)
        assert code == 1 and out == ""
        assert "not an AssocDesk database" in err and err.count("\n") == 1
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["members.csv"]


def test_stats_does_not_create_a_missing_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "missing.sqlite3"
    code, _out, err = run(capsys, "--db", str(path), "stats")
    assert code == 1 and "no database" in err
    assert not path.exists()


def test_french_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSOCDESK_LANG", "fr")
    code, _out, err = run(capsys, "--db", str(tmp_path / "missing.sqlite3"), "stats")
    assert code == 1 and err.startswith("Erreur")


def test_console_script_is_installed(tmp_path: Path) -> None:
    """The `assocdesk-cli` entry point of pyproject.toml runs as a program."""
    script = Path(sys.executable).with_name("assocdesk-cli")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "assocdesk.cli"]
    path = tmp_path / "b.sqlite3"
    result = subprocess.run(
        [*command, "--db", str(path), "init"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "ASSOCDESK_LANG": "en"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Database ready" in result.stdout
