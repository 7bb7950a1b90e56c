"""Imports on a shared server (issue 22, points 4 and 8): two desks importing at once both land,
the second after it said it waits; Cancel stops that wait; a connection lost mid-import rolls it
all back, says so in words, and the import can be tried again.

Server only by nature (two desks, one server; a server's connection cut): these take
``server_url``, not the two-backend ``db``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from assocdesk.models import AuditEvent, Contact, Donation, ReceiptCounter
from assocdesk.services import donations
from assocdesk.spreadsheets.importer import ImportCancelled, ImportResult, run_import
from assocdesk.spreadsheets.reading import Table, read_csv_bytes
from assocdesk.storage.engine import Database
from assocdesk.storage.opening import open_database
from assocdesk.storage.server import ServerUnreachable
from assocdesk.storage.server_locks import IMPORT_LOCK_KEY

WAITING = "Another desk is importing; this import starts when it ends."
GIFT_FIELDS = ["name", "donated_on", "amount"]


def gifts(names: list[str], year_of: Callable[[int], int]) -> Table:
    lines = ["Nom;Date;Montant"]
    lines += [
        f"{name};{year_of(i)}-0{1 + i % 9}-1{i % 10};{10 + i % 90}" for i, name in enumerate(names)
    ]
    return read_csv_bytes(("\n".join(lines) + "\n").encode())


@contextmanager
def desk(address: str) -> Iterator[Database]:
    """Another desk: its own connection pool on the same server."""
    database = open_database(address, create=False)
    try:
        yield database
    finally:
        database.close()


def figures(database: Database) -> dict[str, object]:
    with database.reading() as session:
        return {
            "contacts": session.scalar(select(func.count()).select_from(Contact)),
            "donations": session.scalar(select(func.count()).select_from(Donation)),
            "events": session.scalar(select(func.count()).select_from(AuditEvent)),
            "counters": dict(
                session.execute(select(ReceiptCounter.year, ReceiptCounter.last_number)).all()
            ),
        }


def book(database: Database) -> dict[int, list[int]]:
    """Each year's receipt numbers, in order."""
    with database.reading() as session:
        found: dict[int, list[int]] = {}
        for year, seq in session.execute(
            select(Donation.receipt_year, Donation.receipt_seq).order_by(Donation.receipt_seq)
        ):
            found.setdefault(year, []).append(seq)
        return found


def test_two_desks_importing_at_once_both_land_whole_the_second_after_saying_it_waits(
    server_url: str,
) -> None:
    # Both files give gifts of 2024 (the same counter row) and name the same 300 donors; 150
    # gifts are in both (same donor, day and amount).
    first_file = gifts([f"Donateur {i % 300}" for i in range(3_000)], lambda i: 2024 + i % 2)
    second_file = gifts([f"Donateur {i}" for i in range(600)], lambda i: 2024)
    second_waits = threading.Event()
    first_in_middle = threading.Event()
    outcome: dict[str, ImportResult | BaseException] = {}
    notices: list[str] = []
    waits: list[int] = []

    def first_progress(done: int, total: int) -> bool:
        if 0 < done < total and not first_in_middle.is_set():
            first_in_middle.set()  # rows are being written: the second desk starts now
            assert second_waits.wait(60), "the second import did not wait for the first"
        return True

    def second_progress(done: int, total: int) -> bool:
        if not notices or notices[-1]:  # while it waits
            waits.append(done)
        return True

    def run(name: str, table: Table, progress, notice=None) -> None:
        try:
            with desk(server_url) as database:
                outcome[name] = run_import(
                    database, table, "donations", GIFT_FIELDS, progress=progress, notice=notice
                )
        except BaseException as exc:  # handed to the test's thread
            outcome[name] = exc

    def second_notice(text: str) -> None:
        notices.append(text)
        if text:
            second_waits.set()

    first = threading.Thread(target=run, args=("first", first_file, first_progress))
    first.start()
    assert first_in_middle.wait(60)
    second = threading.Thread(
        target=run, args=("second", second_file, second_progress, second_notice)
    )
    second.start()
    first.join(120)
    second.join(120)
    assert not first.is_alive() and not second.is_alive()
    assert isinstance(outcome["first"], ImportResult), outcome["first"]
    assert isinstance(outcome["second"], ImportResult), outcome["second"]
    assert notices == [WAITING, ""]  # said once, then cleared when its turn came
    assert waits and set(waits) == {0}  # Cancel was asked about while it waited

    with desk(server_url) as database:
        numbers = book(database)
        # Gapless, no number twice: the first desk's 1 500 of 2024, then the second's 450.
        assert numbers == {2024: list(range(1, 1_951)), 2025: list(range(1, 1_501))}
        assert figures(database)["counters"] == {2024: 1_950, 2025: 1_500}
        with database.reading() as session:
            ids = list(session.scalars(select(Donation.id)))
            assert len(ids) == len(set(ids)) == 3_450
            # The second planned after the first committed: the gifts the first had written
            # are found already there, and their known donors matched, not created again.
            names = list(session.scalars(select(Contact.name)))
            assert len(names) == len(set(names)) == 600
        second_result = outcome["second"]
        assert (second_result.created, second_result.merged, second_result.skipped) == (
            450,
            150,
            150,
        )
        # Ids came from the sequences: a gift saved by hand afterwards takes a new one.
        with database.transaction() as session:
            saved = donations.record(
                session,
                donations.DonationInput(
                    amount="5", currency="MAD", donated_on=date(2024, 12, 1), anonymous=True
                ),
            )
            assert saved.id not in ids and saved.receipt_seq == 1_951


@contextmanager
def other_desk_importing(server_url: str) -> Iterator[None]:
    """Another desk holding the import lock (an import in progress), until the block ends."""
    with psycopg.connect(server_url) as connection:
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (IMPORT_LOCK_KEY,))
        yield
        connection.rollback()


def test_cancel_while_waiting_for_another_desk_leaves_nothing_and_a_retry_lands(
    server_db: Database, server_url: str
) -> None:
    table = gifts([f"Donateur {i}" for i in range(50)], lambda i: 2024)
    before = figures(server_db)
    notices: list[str] = []
    asked: list[float] = []

    def progress(_done: int, _total: int) -> bool:
        asked.append(time.monotonic())
        return len(asked) < 3  # Cancel pressed during the wait

    with other_desk_importing(server_url), pytest.raises(ImportCancelled):
        run_import(
            server_db, table, "donations", GIFT_FIELDS, progress=progress, notice=notices.append
        )
    assert notices == [WAITING]
    assert asked[-1] - asked[0] < 5  # it polled, it did not block until the lock came
    assert figures(server_db) == before
    result = run_import(server_db, table, "donations", GIFT_FIELDS, notice=notices.append)
    assert result.created == 50 and notices == [WAITING]  # nobody importing: no wait, no word
    assert book(server_db) == {2024: list(range(1, 51))}


def test_an_import_waits_longer_than_the_lock_timeout_would_allow(
    server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The wait polls: the session's lock_timeout (a minute; here a tenth of a second) never
    ends it, however long the other desk's import takes."""
    from assocdesk.storage import server

    def quick_timeout(dbapi_connection, _record: object) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET TIME ZONE 'UTC'")
            cursor.execute("SET lock_timeout = '100ms'")
        dbapi_connection.commit()

    monkeypatch.setattr(server, "_set_session", quick_timeout)
    table = gifts([f"Donateur {i}" for i in range(20)], lambda i: 2025)
    notices: list[str] = []
    with desk(server_url) as database, other_desk_importing(server_url):
        waiting = threading.Thread(
            target=lambda: notices.append(
                str(run_import(database, table, "donations", GIFT_FIELDS, notice=notices.append))
            )
        )
        waiting.start()
        deadline = time.monotonic() + 60
        while not notices and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.0)  # ten lock timeouts' worth
        assert notices == [WAITING] and waiting.is_alive()  # still waiting, not failed
    waiting.join(60)
    assert notices[:2] == [WAITING, ""] and "created=20" in notices[2]


def cut_connection_after(server_url: str, rows: int) -> Callable[[int, int], bool]:
    """A progress callback that, once ``rows`` rows are written, terminates the import's
    connection from another one (as a dropped LAN or a restarted server would)."""
    cut: list[bool] = []

    def progress(done: int, _total: int) -> bool:
        if done >= rows and not cut:
            with psycopg.connect(server_url, autocommit=True) as other:
                ended = other.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    " AND application_name = 'AssocDesk'"
                ).fetchall()
            assert ended and all(row[0] for row in ended)
            cut.append(True)
        return True

    return progress


@pytest.mark.parametrize(
    ("rows", "statement"),
    [
        (1_000, "SELECT nextval"),  # the next statement takes ids (through SQLAlchemy)
        (4_500, "INSERT INTO"),  # the next one is a batch written by the driver's own cursor
    ],
)
def test_a_connection_lost_mid_import_rolls_it_all_back_and_a_retry_lands(
    server_db: Database, server_url: str, rows: int, statement: str
) -> None:
    with server_db.transaction() as session:  # a gift recorded before: its book goes on
        donations.record(
            session,
            donations.DonationInput(
                amount="10", currency="MAD", donated_on=date(2024, 1, 1), anonymous=True
            ),
        )
    table = gifts([f"Personne {i}" for i in range(8_000)], lambda i: 2024 + i % 2)
    before = figures(server_db)

    with pytest.raises(ServerUnreachable) as raised:
        run_import(
            server_db,
            table,
            "donations",
            GIFT_FIELDS,
            progress=cut_connection_after(server_url, rows),
        )
    assert "cannot be reached" in str(raised.value) and "nothing was saved" in str(raised.value)
    cause = raised.value.__cause__
    assert isinstance(cause, DBAPIError) and cause.statement.startswith(statement)
    assert figures(server_db) == before  # counters included: no number taken

    result = run_import(server_db, table, "donations", GIFT_FIELDS)
    assert result.created == 8_000
    assert book(server_db) == {2024: list(range(1, 4_002)), 2025: list(range(1, 4_001))}
