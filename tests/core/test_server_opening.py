"""Opening a shared database by its address: used, set up, upgraded, or refused in one line."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from assocdesk.storage import migrations
from assocdesk.storage.errors import DatabaseError, DatabaseTooNew, NotAnAssocDeskDatabase
from assocdesk.storage.location import ServerAddress, UnusableAddress, parse_address, resolve
from assocdesk.storage.opening import open_database
from assocdesk.storage.server import (
    NotPostgreSQL,
    ServerLoginRefused,
    ServerPasswordRequired,
    ServerUnreachable,
)
from tests.pg_server import SUPERUSER_PASSWORD, ThrowawayServer


@pytest.fixture
def in_empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The working folder, empty: nothing may appear in it when an address is opened."""
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    assert sorted(os.listdir(tmp_path)) == []


@pytest.mark.parametrize(
    "given",
    ["mysql://user@host/db", "http://example.org/db", "sqlite3://x", "ftp://a/b"],
)
def test_an_address_of_another_kind_is_refused_and_makes_no_folder(
    given: str, in_empty_folder: Path
) -> None:
    with pytest.raises(UnusableAddress, match="neither a file nor a database address"):
        open_database(given)


def test_an_address_without_a_database_name_is_refused(in_empty_folder: Path) -> None:
    with pytest.raises(UnusableAddress, match="names no database"):
        open_database("postgresql://user@host/")


def test_a_password_in_the_address_never_shows_in_the_refusal() -> None:
    with pytest.raises(UnusableAddress) as refused:
        parse_address("mysql://clerk:s3cret@host/db")
    assert "s3cret" not in str(refused.value)
    address = parse_address("postgresql://clerk:s3cret@db.local:5433/office")
    assert "s3cret" not in address.shown() and "s3cret" not in str(address)
    assert (address.user, address.host, address.database) == ("clerk", "db.local", "office")


def test_paths_stay_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ASSOCDESK_DB", raising=False)
    assert resolve(str(tmp_path / "a.sqlite3")) == tmp_path / "a.sqlite3"
    assert resolve(r"C:\Users\Amina\assocdesk.sqlite3") == Path(r"C:\Users\Amina\assocdesk.sqlite3")
    monkeypatch.setenv("ASSOCDESK_DB", "postgresql://desk@server/office")
    assert resolve(None) == ServerAddress("postgresql://desk@server/office")


def test_an_unknown_host_is_named(in_empty_folder: Path) -> None:
    with pytest.raises(ServerUnreachable, match=r"nosuchhost\.invalid is unknown"):
        open_database("postgresql://desk:pw@nosuchhost.invalid/office")


def test_no_server_at_that_port_is_said(in_empty_folder: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ServerUnreachable, match="cannot be reached"):
        open_database(f"postgresql://desk:pw@127.0.0.1:{port}/office")


@pytest.fixture
def not_postgres() -> Iterator[int]:
    """A port where something else answers (a web server's words)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.settimeout(10)

    def answer() -> None:
        try:
            while True:
                client, _ = listener.accept()
                client.recv(64)
                client.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\n")
                client.close()
        except OSError:
            return

    threading.Thread(target=answer, daemon=True).start()
    yield listener.getsockname()[1]
    listener.close()


def test_a_server_that_is_not_postgresql_is_said(not_postgres: int, in_empty_folder: Path) -> None:
    with pytest.raises(NotPostgreSQL, match="not a PostgreSQL server"):
        open_database(f"postgresql://desk:pw@127.0.0.1:{not_postgres}/office")


def test_a_wrong_password_is_said_and_no_password_asks_for_one(
    pg_server: ThrowawayServer, in_empty_folder: Path
) -> None:
    name = pg_server.new_database()
    with pytest.raises(ServerLoginRefused, match="wrong user name or password") as refused:
        open_database(pg_server.tcp_url(name, password="not-the-password"))
    assert not isinstance(refused.value, ServerPasswordRequired)
    address = f"postgresql://postgres@127.0.0.1:{pg_server.port}/{name}"
    with pytest.raises(ServerPasswordRequired, match="asks for the password"):
        open_database(address)
    database = open_database(address, password=SUPERUSER_PASSWORD)  # the password asked for
    try:
        assert database.on_server and database.path is None
    finally:
        database.close()


def test_a_missing_database_is_named(pg_server: ThrowawayServer, in_empty_folder: Path) -> None:
    with pytest.raises(DatabaseError, match="no database named nosuchdb"):
        open_database(pg_server.url("nosuchdb"))


def test_an_empty_database_is_set_up_once_and_reopened(
    pg_server: ThrowawayServer, in_empty_folder: Path
) -> None:
    url = pg_server.url(pg_server.new_database())
    with pytest.raises(DatabaseError, match="is empty"):
        open_database(url, create=False)
    open_database(url).close()
    database = open_database(url, create=False)
    try:
        with database.reading() as session:
            revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert revision == migrations.HEAD_REVISION
        assert database.backend == "postgresql"
    finally:
        database.close()


def test_two_desks_setting_up_the_same_empty_database_at_once(pg_server: ThrowawayServer) -> None:
    """The second waits for the first's upgrade (an advisory lock), then finds it done."""
    url = pg_server.url(pg_server.new_database())
    with ThreadPoolExecutor(max_workers=4) as pool:
        databases = list(pool.map(lambda _: open_database(url), range(4)))
    for database in databases:
        database.close()
    database = open_database(url, create=False)
    with database.reading() as session:
        assert session.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    database.close()


def test_a_database_of_a_newer_assocdesk_is_refused_and_left_as_it_is(
    server_url: str, in_empty_folder: Path
) -> None:
    database = open_database(server_url)
    with database.transaction() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    database.close()
    with pytest.raises(DatabaseTooNew, match="newer version of AssocDesk"):
        open_database(server_url)
    with psycopg.connect(server_url) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("9999",)


def test_a_database_of_another_program_is_refused(pg_server: ThrowawayServer) -> None:
    name = pg_server.new_database()
    pg_server.sql("CREATE TABLE invoices (id integer primary key)", database=name)
    with pytest.raises(NotAnAssocDeskDatabase, match="tables of another program"):
        open_database(pg_server.url(name))


def test_a_reading_command_does_not_set_up_an_empty_database(pg_server: ThrowawayServer) -> None:
    name = pg_server.new_database()
    with pytest.raises(DatabaseError, match="is empty"):
        open_database(pg_server.url(name), create=False, read_only=True)


def test_read_only_sessions_cannot_write(server_url: str) -> None:
    database = open_database(server_url, read_only=True)
    try:
        with (
            pytest.raises(Exception, match="read-only transaction"),
            database.transaction() as session,
        ):
            session.execute(text("UPDATE association_profile SET name_en = 'x'"))
    finally:
        database.close()
