"""Silent bit rot (issue 18, point 13): SQLite keeps no page check sums, so a bit flipped on the
disk inside a record reads back as another value. For the money, that is no longer silent:
every bit flipped in the pages of the donations or of their receipt chain either leaves the
money as it was (the bit was in free space) or makes ``check`` report an error.

Each trial flips one random bit of a fresh copy. ASSOCDESK_ATTACK_TRIALS sets how many (200 by
default, a few seconds; the outside test found 7 of 40 flips changing data unseen).
"""

from __future__ import annotations

import os
import random
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from assocdesk.checks.check import run_checks
from assocdesk.services import contacts, donations
from assocdesk.storage.engine import Database

# About the SQLite file only: bits flipped in the SQLite file.
pytestmark = pytest.mark.sqlite_only

TRIALS = int(os.environ.get("ASSOCDESK_ATTACK_TRIALS", "200"))
MONEY = (
    "SELECT id, receipt_number, amount_minor, currency, donated_on, contact_id, status, method, "
    "receipt_issued_at IS NOT NULL FROM donations ORDER BY id"
)


def money(path: Path) -> object:
    """What the receipts state, or the error reading them gives."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute(MONEY).fetchall()
    except sqlite3.DatabaseError as exc:
        return f"unreadable: {exc}"
    finally:
        connection.close()


def pages_of(path: Path, tables: tuple[str, ...]) -> list[int]:
    connection = sqlite3.connect(path)
    try:
        marks = ",".join("?" * len(tables))
        return [
            page
            for (page,) in connection.execute(
                f"SELECT pageno FROM dbstat WHERE name IN ({marks})", tables
            )
        ]
    except sqlite3.OperationalError:
        pytest.skip("this SQLite has no dbstat table to find a table's pages")
    finally:
        connection.close()


@pytest.fixture
def receipts(db: Database) -> Path:
    """Sixty gifts, all issued (a few void): everything the chain vouches for."""
    with db.transaction() as session:
        donor = contacts.create(session, contacts.ContactInput(name="Zineb Alaoui")).id
    for n in range(60):
        with db.transaction() as session:
            gift = donations.record(
                session,
                donations.DonationInput(
                    amount=str(50 + n * 7),
                    currency="MAD" if n % 4 else "EUR",
                    donated_on=date(2025, 1 + n % 12, 1 + n % 27),
                    contact_id=donor if n % 3 else None,
                    anonymous=not n % 3,
                ),
            )
            session.flush()
            donations.mark_printed(session, gift.id)
            if n % 10 == 9:
                donations.void(session, gift.id, "Chèque sans provision")
    db.close()
    assert run_checks(db.path).ok
    return db.path


def test_every_flipped_bit_in_the_money_is_found_or_harmless(
    receipts: Path, tmp_path: Path
) -> None:
    rng = random.Random(20261207)
    original = receipts.read_bytes()
    expected = money(receipts)
    page_size = int.from_bytes(original[16:18], "big")
    pages = pages_of(receipts, ("donations", "receipt_chain_links"))
    changed = found = 0
    for trial in range(TRIALS):
        copy = tmp_path / f"flip-{trial}.sqlite3"
        data = bytearray(original)
        page = rng.choice(pages)
        offset = (page - 1) * page_size + rng.randrange(page_size)
        bit = rng.randrange(8)
        data[offset] ^= 1 << bit
        copy.write_bytes(bytes(data))
        report = run_checks(copy)
        if money(copy) != expected:
            changed += 1
            assert not report.ok, f"trial {trial}: byte {offset} bit {bit} changed the money"
            found += 1
        copy.unlink()
    print(f"bit rot: {TRIALS} flips, {changed} changed the money, {found} of them found")
    assert changed > 0  # the trials did reach the data, or they prove nothing
