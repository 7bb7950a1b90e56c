"""`assocdesk-cli officer add/list/remove` (issue 22 point 5): the administrator gives logins
their roles from the command line; anyone else, and a database file, is refused in one line."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

import assocdesk.cli as cli
from assocdesk.storage import server_roles
from assocdesk.storage.opening import open_database
from tests.pg_server import ThrowawayServer


@pytest.fixture(autouse=True)
def in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSOCDESK_LANG", "en")
    monkeypatch.delenv("PGPASSWORD", raising=False)


@pytest.fixture
def database_name(pg_server: ThrowawayServer, server_url: str) -> Iterator[str]:
    yield server_url.split("@/")[1].split("?")[0]


def run(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str = "") -> tuple[int, str, str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdin", io.StringIO(stdin))
        code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_add_list_and_remove_an_officer(
    capsys: pytest.CaptureFixture[str], pg_server: ThrowawayServer, database_name: str
) -> None:
    admin = pg_server.url(database_name)
    login = f"nadia_{uuid.uuid4().hex[:6]}"
    code, out, err = run(
        capsys,
        "--db",
        admin,
        "officer",
        "add",
        login,
        "--role",
        "treasurer",
        "--password-stdin",
        stdin="tr3asure!\n",
    )
    assert code == 0 and err == "", err
    assert out == f"{login} was created and signs in as: Treasurer.\n"
    desk = open_database(pg_server.tcp_url(database_name, login, "tr3asure!"))
    try:
        with desk.engine.connect() as connection:
            assert server_roles.role_of(connection) == "treasurer"
    finally:
        desk.close()

    code, out, _err = run(capsys, "--db", admin, "officer", "add", login, "--role", "board")
    assert code == 0 and out == f"{login} now signs in as: Board member.\n"
    code, out, _err = run(capsys, "--db", admin, "officer", "list")
    assert code == 0 and out == f"{login}\tboard\tBoard member\n"

    code, out, _err = run(capsys, "--db", admin, "officer", "remove", login)
    assert code == 0 and "no longer an officer" in out
    code, out, _err = run(capsys, "--db", admin, "officer", "list")
    assert code == 0 and out.startswith("No officers yet")
    code, _out, err = run(capsys, "--db", admin, "officer", "remove", login)
    assert code == 1 and err == f"Error: {login} is not an officer of this database.\n"


def test_only_the_administrator_adds_officers(
    capsys: pytest.CaptureFixture[str], pg_server: ThrowawayServer, database_name: str
) -> None:
    admin = pg_server.url(database_name)
    secretary = f"sara_{uuid.uuid4().hex[:6]}"
    assert run(capsys, "--db", admin, "officer", "add", secretary, "--role", "secretary")[0] == 0
    as_secretary = pg_server.url(database_name, user=secretary)
    code, out, err = run(capsys, "--db", as_secretary, "officer", "add", "x", "--role", "board")
    assert code == 1 and out == ""
    assert err == "Error: Only the shared database's administrator can manage its officers.\n"


def test_a_database_file_has_no_officers(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    code, out, err = run(capsys, "--db", str(db_path), "officer", "list")
    assert code == 1 and out == ""
    assert err.startswith("Error: Officers and roles belong to a shared database")
    assert err.count("\n") == 1
