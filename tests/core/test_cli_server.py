"""assocdesk-cli on a shared PostgreSQL database (issue 22): ``--db postgresql://…`` works for
every command, and each bad address is refused in one line, exit 1, with nothing made on this
computer (no lock file, no folder named ``postgresql:``).

Every test runs in a folder of its own as the current directory, with the user's data and log
folders (XDG) pointed elsewhere, so "nothing made here" is a listing of that folder.
"""

from __future__ import annotations

import io
import json
import socket
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from assocdesk.cli import main
from assocdesk.services import contacts, donations
from assocdesk.storage.engine import Database
from assocdesk.storage.opening import open_database
from tests.core.backup_helpers import record_donations
from tests.pg_server import SUPERUSER_PASSWORD, ThrowawayServer


@pytest.fixture(autouse=True)
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The current folder (what must stay empty) and the user's folders, apart."""
    home = tmp_path / "home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("ASSOCDESK_LANG", "en")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    return here


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def refused(capsys: pytest.CaptureFixture[str], here: Path, *argv: str) -> str:
    """Run argv, which must be refused in one line on stderr with nothing made here."""
    before = listing(here)
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == "", (out, err)
    assert err.startswith("Error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert listing(here) == before
    return err


@pytest.fixture
def empty_url(pg_server: ThrowawayServer) -> Iterator[str]:
    """An empty database, as its administrator makes one for AssocDesk."""
    name = pg_server.new_database()
    yield pg_server.url(name)
    pg_server.drop_database(name)


def test_init_sets_up_an_empty_shared_database_and_makes_nothing_here(
    capsys: pytest.CaptureFixture[str],
    elsewhere: Path,
    empty_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, _err = run(capsys, "--db", empty_url, "init")
    assert code == 0 and "Database ready: postgresql://postgres@/" in out
    code, out, _err = run(capsys, "--db", empty_url, "stats")
    assert code == 0 and json.loads(out)["contacts"] == 0
    monkeypatch.setenv("ASSOCDESK_DB", empty_url)  # the address may come from the environment
    code, out, _err = run(capsys, "stats")
    assert code == 0 and json.loads(out)["contacts"] == 0
    assert listing(elsewhere) == []  # no lock file, no log, no folder named "postgresql:"


def test_commands_work_on_a_shared_database(
    capsys: pytest.CaptureFixture[str], elsewhere: Path, server_url: str, tmp_path: Path
) -> None:
    database = open_database(server_url)
    try:
        donations = record_donations(database, 3)
        with database.transaction() as session:
            contacts.create(session, contacts.ContactInput(name="Amina Tazi"))
    finally:
        database.close()
    code, out, _err = run(capsys, "--db", server_url, "stats")
    assert code == 0 and json.loads(out)["contacts"] == 1 and json.loads(out)["donations"] == 3
    receipt = tmp_path / "receipt.pdf"
    code, _out, err = run(
        capsys, "--db", server_url, "receipt", str(donations[0]), "-o", str(receipt)
    )
    assert code == 0 and receipt.read_bytes().startswith(b"%PDF"), err
    exported = tmp_path / "contacts.csv"
    code, _out, err = run(capsys, "--db", server_url, "export", "contacts", "-o", str(exported))
    assert code == 0 and "Amina Tazi" in exported.read_text(encoding="utf-8-sig"), err
    code, out, err = run(capsys, "--db", server_url, "dues", "late", "--year", "2025", "--json")
    assert code == 0, err
    code, out, err = run(capsys, "--db", server_url, "check")
    assert code == 0 and "no problem found" in out, (out, err)
    assert "note: " in out  # what a server's check leaves to the server is said
    assert listing(elsewhere) == []


@pytest.mark.parametrize(
    "argv",
    [
        ("register", "--year", "2024", "--json"),
        ("summary", "--from", "2024-01-01", "--to", "2024-12-31", "-o", "{out}/summary.pdf"),
        ("statements", "--year", "2024", "--out-dir", "{out}/statements"),
        ("tax-declaration", "--year", "2024", "--json"),
    ],
    ids=lambda argv: argv[0],
)
def test_the_yearly_documents_of_a_shared_database(
    capsys: pytest.CaptureFixture[str],
    elsewhere: Path,
    server_url: str,
    tmp_path: Path,
    argv: tuple[str, ...],
) -> None:
    database = open_database(server_url)
    try:
        first, _second = record_donations(database, 2)
        with database.transaction() as session:
            donor = contacts.create(
                session, contacts.ContactInput(name="Amina Tazi", address="12 rue Atlas")
            )
            session.flush()
            gift = donations.record(
                session,
                donations.DonationInput(
                    amount="300", currency="MAD", donated_on=date(2024, 5, 2), contact_id=donor.id
                ),
            )
            session.flush()
            donations.mark_printed(session, gift.id)
    finally:
        database.close()
    receipt = tmp_path / "receipt.pdf"
    assert run(capsys, "--db", server_url, "receipt", str(first), "-o", str(receipt))[0] == 0
    out = tmp_path / "out"
    out.mkdir()
    code, text_out, err = run(capsys, "--db", server_url, *(part.format(out=out) for part in argv))
    assert code == 0, err
    if "--json" in argv:
        assert json.loads(text_out)
    else:
        assert any(path.suffix == ".pdf" for path in out.rglob("*")), text_out
    assert listing(elsewhere) == []


def test_import_into_a_shared_database(
    capsys: pytest.CaptureFixture[str], elsewhere: Path, server_url: str, tmp_path: Path
) -> None:
    people = tmp_path / "people.csv"
    people.write_text("name,phone\nAmina Tazi,0611223344\nYoussef Alami,\n", encoding="utf-8")
    code, _out, err = run(capsys, "--db", server_url, "import", "contacts", str(people))
    assert code == 0, err
    code, out, _err = run(capsys, "--db", server_url, "stats")
    assert code == 0 and json.loads(out)["contacts"] == 2
    assert listing(elsewhere) == []


def test_demo_fills_a_shared_database(
    capsys: pytest.CaptureFixture[str], elsewhere: Path, empty_url: str
) -> None:
    code, out, err = run(capsys, "--db", empty_url, "demo", "--seed", "2")
    assert code == 0 and "Demo data added to postgresql://" in out, err
    code, out, _err = run(capsys, "--db", empty_url, "stats")
    assert code == 0 and json.loads(out)["contacts"] == 150
    code, out, err = run(capsys, "--db", empty_url, "check")
    assert code == 0, (out, err)
    assert listing(elsewhere) == []


def test_the_password_is_asked_for_in_one_line_and_taken_three_ways(
    capsys: pytest.CaptureFixture[str],
    elsewhere: Path,
    pg_server: ThrowawayServer,
    server_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name = server_url.split("?")[0].rsplit("/", 1)[1]
    without = pg_server.tcp_url(name, password="").replace(":@", "@")
    for command in ("stats", "check"):
        err = refused(capsys, elsewhere, "--db", without, command)
        assert "asks for the password of postgres" in err and "--password-stdin" in err
        assert "PGPASSWORD" in err
    monkeypatch.setattr("sys.stdin", io.StringIO(SUPERUSER_PASSWORD + "\n"))
    assert run(capsys, "--db", without, "--password-stdin", "stats")[0] == 0
    monkeypatch.setenv("PGPASSWORD", SUPERUSER_PASSWORD)
    assert run(capsys, "--db", without, "stats")[0] == 0
    monkeypatch.delenv("PGPASSWORD")
    given = pg_server.tcp_url(name, password=SUPERUSER_PASSWORD)
    code, out, _err = run(capsys, "--db", given, "check")
    assert code == 0 and SUPERUSER_PASSWORD not in out  # the address is shown without it
    assert listing(elsewhere) == []


@pytest.fixture
def not_postgres() -> Iterator[int]:
    """A port where something that is not PostgreSQL answers garbage, then hangs up."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.2)
    stop = threading.Event()

    def answer() -> None:
        while not stop.is_set():
            try:
                connection, _peer = listener.accept()
            except OSError:
                continue
            with connection:
                connection.recv(1024)
                connection.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\nnot a database\r\n")

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(timeout=5)
    listener.close()


def test_a_wrong_password_an_unknown_host_and_not_postgresql_are_refused(
    capsys: pytest.CaptureFixture[str],
    elsewhere: Path,
    pg_server: ThrowawayServer,
    server_url: str,
    not_postgres: int,
) -> None:
    name = server_url.split("?")[0].rsplit("/", 1)[1]
    wrong = pg_server.tcp_url(name, password="not-the-password")
    for command in ("init", "stats", "check"):
        err = refused(capsys, elsewhere, "--db", wrong, command)
        assert "refused the login of postgres" in err and "not-the-password" not in err
    unknown = "postgresql://someone@no-such-host.invalid/assocdesk"
    for command in ("init", "stats"):
        err = refused(capsys, elsewhere, "--db", unknown, command)
        assert "no-such-host.invalid is unknown" in err
    garbage = f"postgresql://someone:secret@127.0.0.1:{not_postgres}/assocdesk"
    for command in ("init", "check"):
        err = refused(capsys, elsewhere, "--db", garbage, command)
        assert "is not a PostgreSQL server" in err and "secret" not in err


def test_a_database_of_a_newer_assocdesk_is_refused_unchanged(
    capsys: pytest.CaptureFixture[str],
    elsewhere: Path,
    pg_server: ThrowawayServer,
    server_url: str,
) -> None:
    name = server_url.split("?")[0].rsplit("/", 1)[1]
    pg_server.sql("UPDATE alembic_version SET version_num = '9999'", name)
    for command in ("init", "stats", "demo"):
        err = refused(capsys, elsewhere, "--db", server_url, command)
        assert "set up by a newer version of AssocDesk" in err
    code, out, _err = run(capsys, "--db", server_url, "check")  # check names it, as a finding
    assert code == 1 and "[server]" in out and "newer version" in out
    with pytest.raises(Exception):  # noqa: B017 — the schema was not touched: still 9999
        pg_server.sql("INSERT INTO alembic_version VALUES ('9999')", name)


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("mysql://root@localhost/assocdesk", "neither a file nor a database address"),
        ("http://example.org/assocdesk", "neither a file nor a database address"),
        ("postgresql://someone@localhost", "names no database"),
        ("postgresql://", "names no database"),
        ("postgresql://someone:secret@localhost/", "names no database"),
    ],
)
def test_an_address_of_another_kind_or_without_a_database_is_refused(
    capsys: pytest.CaptureFixture[str], elsewhere: Path, address: str, words: str
) -> None:
    for command in ("init", "stats", "check", "backup"):
        argv = ("--db", address, command, *(("-o", "b") if command == "backup" else ()))
        err = refused(capsys, elsewhere, *argv)
        assert words in err and "secret" not in err
    assert listing(elsewhere) == []


def test_an_address_no_longer_makes_a_folder_named_postgresql(
    capsys: pytest.CaptureFixture[str], elsewhere: Path, empty_url: str
) -> None:
    """Before issue 22, ``--db postgresql://…`` was taken for a path: a folder "postgresql:"
    appeared here with a new SQLite file in it."""
    assert run(capsys, "--db", empty_url, "init")[0] == 0
    assert run(capsys, "--db", "postgresql://someone@localhost", "init")[0] == 1
    assert not (elsewhere / "postgresql:").exists() and listing(elsewhere) == []


def test_a_restore_never_overwrites_a_shared_database_that_holds_data(
    capsys: pytest.CaptureFixture[str], elsewhere: Path, server_url: str, tmp_path: Path
) -> None:
    """A server's data may be several desks' day of work: a bundle goes into an empty one."""
    bundle = tmp_path / "copy.assocdesk-backup"
    assert run(capsys, "--db", server_url, "demo")[0] == 0
    assert run(capsys, "--db", server_url, "backup", "-o", str(bundle))[0] == 0
    before = run(capsys, "--db", server_url, "stats")[1]
    err = refused(capsys, elsewhere, "--db", server_url, "restore", str(bundle))
    assert "already holds data" in err
    assert run(capsys, "--db", server_url, "stats")[1] == before


def test_the_log_of_a_shared_database_is_the_default_data_folders(
    capsys: pytest.CaptureFixture[str],
    elsewhere: Path,
    server_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import assocdesk.cli as cli_module

    data = tmp_path / "home" / "data" / "AssocDesk"
    data.mkdir(parents=True)

    def broken(_database: object, _args: object) -> None:
        raise RuntimeError("a bug in a command")

    monkeypatch.setitem(cli_module.COMMANDS, "stats", broken)
    code, _out, err = run(capsys, "--db", server_url, "stats")
    assert code == 1 and err.count("\n") == 1 and "a bug in a command" in err
    log = data / "assocdesk.log"
    assert str(log) in err and "Traceback" in log.read_text(encoding="utf-8")

    def bad_sql(database: Database, _args: object) -> None:
        with database.reading() as session:
            session.execute(text("SELECT no_such_column FROM contacts"))

    monkeypatch.setitem(cli_module.COMMANDS, "stats", bad_sql)
    code, _out, err = run(capsys, "--db", server_url, "stats")  # the server's words, one line
    assert code == 1 and err.count("\n") == 1 and "no_such_column" in err, err
    assert "[SQL:" in log.read_text(encoding="utf-8")
    assert listing(elsewhere) == []


@pytest.mark.parametrize(("language", "start"), [("fr", "Erreur"), ("ar", "خطأ")])
def test_the_refusals_are_in_the_persons_language(
    capsys: pytest.CaptureFixture[str],
    elsewhere: Path,
    pg_server: ThrowawayServer,
    server_url: str,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    start: str,
) -> None:
    monkeypatch.setenv("ASSOCDESK_LANG", language)
    name = server_url.split("?")[0].rsplit("/", 1)[1]
    without = pg_server.tcp_url(name, password="").replace(":@", "@")
    for argv in (
        ("--db", without, "stats"),
        ("--db", "mysql://root@localhost/assocdesk", "stats"),
        ("--db", server_url, "restore", str(elsewhere / "missing.assocdesk-backup")),
    ):
        code, out, err = run(capsys, *argv)
        assert code == 1 and out == "" and err.count("\n") == 1, err
        assert err.startswith(start), err
    assert "--password-stdin" in run(capsys, "--db", without, "stats")[2]
    assert "PGPASSWORD" in run(capsys, "--db", without, "stats")[2]
    assert listing(elsewhere) == []
