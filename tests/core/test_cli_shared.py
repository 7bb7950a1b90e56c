"""The command line takes a database to a server and back: move-to-server, backup, restore."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assocdesk.cli import main
from tests.pg_server import ThrowawayServer


def _stats(db: str, capsys: pytest.CaptureFixture[str]) -> dict:
    capsys.readouterr()
    assert main(["--db", db, "stats"]) == 0
    return json.loads(capsys.readouterr().out)


def _check(db: str, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    code = main(["--db", db, "check"])
    out = capsys.readouterr().out
    assert code == 0, out
    return out


@pytest.fixture
def moved(
    pg_server: ThrowawayServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[str, str, str]:
    """A demo file moved to an empty server database: (file, address, what the move said)."""
    monkeypatch.setenv("ASSOCDESK_LANG", "en")
    home = str(tmp_path / "home.sqlite3")
    assert main(["--db", home, "demo"]) == 0
    office = pg_server.url(pg_server.new_database())
    capsys.readouterr()
    assert main(["--db", home, "move-to-server", office]) == 0
    return home, office, capsys.readouterr().out


def test_move_to_the_server_and_back_home_keeps_stats_and_check(
    moved: tuple[str, str, str],
    pg_server: ThrowawayServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    home, office, said = moved
    assert "both hold the same counts and totals" in said and "Open it with" in said
    assert _stats(office, capsys) == _stats(home, capsys)
    _check(office, capsys)

    bundle = tmp_path / "office.assocdesk-backup"
    assert main(["--db", office, "backup", "-o", str(bundle)]) == 0
    back_home = str(tmp_path / "back.sqlite3")
    assert main(["--db", back_home, "restore", str(bundle)]) == 0
    assert _stats(back_home, capsys) == _stats(home, capsys)
    _check(back_home, capsys)

    another_office = pg_server.url(pg_server.new_database())
    assert main(["--db", another_office, "restore", str(bundle)]) == 0
    assert _stats(another_office, capsys) == _stats(home, capsys)


def test_a_server_that_holds_data_is_never_overwritten(
    moved: tuple[str, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    home, office, _said = moved
    before = _stats(office, capsys)
    assert main(["--db", home, "move-to-server", office]) == 1
    assert "already holds data" in capsys.readouterr().err
    assert _stats(office, capsys) == before
