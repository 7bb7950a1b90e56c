"""A writer for the crash test: records anonymous donations one transaction at a time, printing
``id receipt_number`` (flushed) after each commit, until killed or ``count`` are written.

Run as ``python -m tests.core.donation_writer DB COUNT``; like the CLI's writing commands it
holds the database's lock while it writes.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from assocdesk.services import donations
from assocdesk.storage.lock import DatabaseLock
from assocdesk.storage.opening import open_database


def write(path: Path, count: int) -> None:
    with DatabaseLock(path):
        database = open_database(path)
        try:
            for n in range(count):
                data = donations.DonationInput(
                    amount=str(10 + n % 90),
                    currency="MAD",
                    donated_on=date(2024 + n % 2, 1 + n % 12, 1),
                    anonymous=True,
                )
                with database.transaction() as session:
                    donation = donations.record(session, data)
                print(donation.id, donation.receipt_number, flush=True)
        finally:
            database.close()


if __name__ == "__main__":
    write(Path(sys.argv[1]), int(sys.argv[2]))
