"""Copying a whole database between the SQLite file and a server, both ways, row for row."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from assocdesk.demo import fill
from assocdesk.services import contacts
from assocdesk.storage.backups.bundle import create_server_bundle
from assocdesk.storage.backups.restore import restore_bundle
from assocdesk.storage.engine import Database
from assocdesk.storage.opening import open_database
from assocdesk.storage.transfer import (
    TransferCancelled,
    TransferError,
    copied_tables,
    copy_database,
    tally,
)


def _tally(database: Database):
    with database.engine.connect() as connection:
        return tally(connection, copied_tables(connection))


def _rows(database: Database, query: str) -> list[tuple]:
    with database.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(query))]


@pytest.fixture
def demo_file(sqlite_db: Database) -> Database:
    fill(sqlite_db, size="small", seed=7)
    return sqlite_db


def test_to_the_server_and_back_keeps_every_row(
    demo_file: Database, server_url: str, tmp_path: Path
) -> None:
    server = open_database(server_url)
    try:
        copied = copy_database(demo_file.engine, server.engine)
        assert copied == _tally(demo_file)
        assert copied.rows["donations"] > 0 and copied.sums["donations.amount_minor"] > 0
        home = open_database(tmp_path / "home.sqlite3")
        try:
            assert copy_database(server.engine, home.engine) == copied
            for query in (
                "SELECT id, uuid, receipt_number, amount_minor, donated_on, receipt_issued_at"
                " FROM donations ORDER BY id",
                "SELECT id, created_at, updated_at, is_minor FROM contacts ORDER BY id",
                "SELECT year, last_number FROM receipt_counters ORDER BY year",
                "SELECT id, uuid, search_text FROM contacts ORDER BY id",
                "SELECT id, hash, prev_hash FROM receipt_chain_links ORDER BY id",
            ):
                assert _rows(home, query) == _rows(demo_file, query), query
            # the search index of the file was filled by its triggers
            assert _rows(home, "SELECT count(*) FROM contacts_fts") == _rows(
                home, "SELECT count(*) FROM contacts"
            )
        finally:
            home.close()
    finally:
        server.close()


def test_the_server_numbers_new_rows_after_the_copied_ones(
    demo_file: Database, server_url: str
) -> None:
    server = open_database(server_url)
    try:
        copy_database(demo_file.engine, server.engine)
        highest = _rows(server, "SELECT max(id) FROM contacts")[0][0]
        with server.transaction() as session:
            new = contacts.create(session, contacts.ContactInput(name="Nouvelle Adhérente"))
            session.flush()
            new_id = new.id
        assert new_id == highest + 1
    finally:
        server.close()


def test_a_target_with_data_is_refused_and_left_as_it_was(
    demo_file: Database, server_url: str
) -> None:
    server = open_database(server_url)
    try:
        copy_database(demo_file.engine, server.engine)
        before = _tally(server)
        with pytest.raises(TransferError, match="already holds data"):
            copy_database(demo_file.engine, server.engine)
        assert _tally(server) == before
    finally:
        server.close()


def test_cancel_leaves_the_target_empty(demo_file: Database, server_url: str) -> None:
    server = open_database(server_url)
    try:
        calls: list[int] = []

        def stop_half_way(done: int, total: int) -> bool:
            calls.append(done)
            return done < total // 2

        with pytest.raises(TransferCancelled):
            copy_database(demo_file.engine, server.engine, stop_half_way)
        assert len(calls) > 1
        assert not any(_tally(server).rows.values())
    finally:
        server.close()


def test_a_server_backup_is_the_usual_bundle_and_restores_onto_either(
    demo_file: Database, server_url: str, pg_server, tmp_path: Path
) -> None:
    """Its data as an SQLite database inside: restored as a file, or copied onto a server."""
    server = open_database(server_url)
    try:
        expected = copy_database(demo_file.engine, server.engine)
        out = tmp_path / "office.assocdesk-backup"
        manifest = create_server_bundle(server, out, files=[])
        assert manifest.counts["donations"] == expected.rows["donations"]
    finally:
        server.close()

    home_path = tmp_path / "home.sqlite3"
    restore_bundle(out, home_path, now=datetime(2026, 12, 8, 10, 0))
    home = open_database(home_path)
    another = open_database(pg_server.url(pg_server.new_database()))  # an empty server database
    try:
        assert _tally(home) == expected
        assert copy_database(home.engine, another.engine) == expected
    finally:
        home.close()
        another.close()
