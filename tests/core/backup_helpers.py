"""Helpers for the data safety tests: recording donations, reading receipts back."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from assocdesk.services import donations
from assocdesk.storage.engine import Database


def record_donations(database: Database, count: int, year: int = 2024) -> list[int]:
    ids = []
    for n in range(count):
        with database.transaction() as session:
            donation = donations.record(
                session,
                donations.DonationInput(
                    amount=str(5 + n), currency="MAD", donated_on=date(year, 3, 1), anonymous=True
                ),
            )
        ids.append(donation.id)
    return ids


def integrity(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def receipts(path: Path) -> dict[int, tuple[list[int], int]]:
    """year → (sorted receipt sequence numbers, counter's last number)."""
    conn = sqlite3.connect(path)
    try:
        counters = dict(conn.execute("SELECT year, last_number FROM receipt_counters"))
        result: dict[int, tuple[list[int], int]] = {}
        for year, seq in conn.execute(
            "SELECT receipt_year, receipt_seq FROM donations ORDER BY receipt_year, receipt_seq"
        ):
            result.setdefault(year, ([], counters.get(year, 0)))[0].append(seq)
        return result
    finally:
        conn.close()


def assert_receipts_gapless(path: Path) -> int:
    """Every year's numbers are 1…N once each and the counter is at N; the total N."""
    total = 0
    for year, (numbers, counter) in receipts(path).items():
        assert numbers == list(range(1, len(numbers) + 1)), year
        assert counter == len(numbers), year
        total += len(numbers)
    return total
