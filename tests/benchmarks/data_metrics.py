"""The core's own speed and size: recording a donation, the board's summary, the file's size."""

from __future__ import annotations

import csv
import sqlite3
import time
from datetime import date
from pathlib import Path

from tests.benchmarks.rows import Row, median_seconds, percentile

DONATIONS_RECORDED = 200


def record_donation(database_path: Path | str) -> Row:
    """One donation per transaction through the service, as the dialog records it (on the
    file, or on a server's address)."""
    from sqlalchemy import select

    from assocdesk.models import Contact
    from assocdesk.services import donations
    from assocdesk.services.donations import DonationInput
    from assocdesk.storage.opening import open_database

    database = open_database(database_path)
    try:
        with database.reading() as session:
            donors = list(session.scalars(select(Contact.id).limit(DONATIONS_RECORDED)))
        times = []
        for index in range(DONATIONS_RECORDED):
            data = DonationInput(
                amount=str(50 + index),
                currency="MAD",
                donated_on=date(2026, 1, 1 + index % 28),
                contact_id=donors[index % len(donors)],
            )
            start = time.perf_counter()
            with database.transaction() as session:
                donations.record(session, data)
            times.append((time.perf_counter() - start) * 1000)
    finally:
        database.close()
    p95 = percentile(times, 0.95)
    return Row(
        f"record one donation (p95 of {DONATIONS_RECORDED})",
        round(p95, 1),
        "ms",
        target="≤ 20 ms",
        ok=p95 <= 20,
    )


def donations_summary(database_path: Path, year: int, repeat: int) -> Row:
    from assocdesk.reports.summary import render_summary
    from assocdesk.storage.opening import open_database

    database = open_database(database_path)
    try:

        def run() -> None:
            with database.reading() as session:
                render_summary(session, date(year, 1, 1), date(year, 12, 31))

        seconds = median_seconds(run, repeat)
    finally:
        database.close()
    return Row(f"donations summary for {year}", round(seconds, 2), "s")


def size_against_csv(database_path: Path, folder: Path) -> Row:
    """The file (indexes and search index included) next to the same rows written as CSV."""
    connection = sqlite3.connect(database_path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
                "'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%'"
            )
        ]
        csv_bytes = 0
        for table in tables:
            out = folder / f"{table}.csv"
            cursor = connection.execute(f'SELECT * FROM "{table}"')
            with out.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(column[0] for column in cursor.description)
                writer.writerows(cursor)
            csv_bytes += out.stat().st_size
            out.unlink()
    finally:
        connection.close()
    db_bytes = database_path.stat().st_size
    ratio = db_bytes / csv_bytes
    return Row(
        "database file size vs the same data as CSV",
        round(db_bytes / 2**20, 1),
        "MB",
        round(csv_bytes / 2**20, 1),
        round(ratio, 2),
        "≤ 2 × CSV",
        ratio <= 2,
    )
