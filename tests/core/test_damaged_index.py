"""A damaged unique index (issue 18, point 13): it passes SQLite's quick check at opening, so
an import used to write to such a file. The import now checks the whole file first, the
application's background check goes on to the indexes, and ``check`` names the damage.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from assocdesk.checks.check import run_checks
from assocdesk.spreadsheets.importer import run_import
from assocdesk.spreadsheets.reading import read_table
from assocdesk.storage.background_check import BackgroundCheck
from assocdesk.storage.engine import Database
from assocdesk.storage.errors import DatabaseDamaged
from assocdesk.storage.sqlite_file import index_problems, quick_check
from tests.core.backup_helpers import record_donations

# Bytes of the SQLite file changed by hand. A server's indexes are the server's to check (see
# assocdesk.storage.search_index.index_problems); an import on one is in test_importer.
pytestmark = pytest.mark.sqlite_only


def damage_receipt_index(path: Path) -> str:
    """Change one receipt number inside the unique index's leaf page (not in the row): the
    page stays well formed, its entry no longer matches its row. Returns the number hit."""
    connection = sqlite3.connect(path)
    try:
        number = connection.execute(
            "SELECT receipt_number FROM donations ORDER BY id LIMIT 1 OFFSET 5"
        ).fetchone()[0]
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        indexes = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM pragma_index_list('donations') WHERE \"unique\" = 1"
            )
            if [c for (c,) in connection.execute(f"SELECT name FROM pragma_index_info('{name}')")]
            == ["receipt_number"]
        ]
        try:
            pages = {
                page
                for (page,) in connection.execute(
                    "SELECT pageno FROM dbstat WHERE name = ?", (indexes[0],)
                )
            }
        except sqlite3.OperationalError:
            pytest.skip("this SQLite has no dbstat table to find the index's pages")
    finally:
        connection.close()
    data = bytearray(path.read_bytes())
    wanted = number.encode()
    start = 0
    while (found := data.find(wanted, start)) >= 0:
        if found // page_size + 1 in pages:
            data[found + len(wanted) - 1] ^= 0x01  # "…0006" becomes "…0007"
            path.write_bytes(bytes(data))
            return number
        start = found + 1
    raise AssertionError("the receipt number is not in its index's pages")


MAPPING = ["name", "amount", "currency", "donated_on"]  # imports 5 gifts into a sound file


@pytest.fixture
def damaged(db: Database) -> Database:
    record_donations(db, 40)
    db.close()
    damage_receipt_index(db.path)
    return db


def test_the_damage_passes_the_quick_check_and_not_the_full_one(damaged: Database) -> None:
    connection = sqlite3.connect(damaged.path)
    try:
        assert quick_check(connection) == []  # what opening runs: it sees nothing
        assert index_problems(connection) != []
    finally:
        connection.close()
    report = run_checks(damaged.path)
    assert not report.ok and {f.check for f in report.errors} == {"integrity"}


def test_an_import_refuses_a_file_with_a_damaged_index(damaged: Database, tmp_path: Path) -> None:
    from assocdesk.storage.opening import open_database

    source = tmp_path / "gifts.csv"
    source.write_text(
        "name,amount,currency,date\n"
        + "".join(f"Donor {n},{n},MAD,2024-05-0{n}\n" for n in range(1, 6)),
        encoding="utf-8",
    )
    before = damaged.path.read_bytes()
    database = open_database(damaged.path)  # the quick check at opening lets it through
    try:
        table = read_table(source)
        with pytest.raises(DatabaseDamaged, match="is damaged"):
            run_import(database, table, "donations", MAPPING)
    finally:
        database.close()
    connection = sqlite3.connect(damaged.path)
    try:
        assert connection.execute("SELECT count(*) FROM donations").fetchone() == (40,)
    finally:
        connection.close()
    assert len(damaged.path.read_bytes()) == len(before)


def test_the_background_check_goes_on_to_the_indexes(damaged: Database) -> None:
    check = BackgroundCheck(damaged.path)
    check.start()
    assert check.wait(30)
    deadline = time.monotonic() + 30
    while check.damage() is None and time.monotonic() < deadline:
        time.sleep(0.05)  # the index half runs after writes were let through
    damage = check.damage()
    assert damage is not None and "is damaged" in str(damage)
