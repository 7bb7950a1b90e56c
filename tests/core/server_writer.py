"""One desk of the many-writers test: records ``count`` donations of 2025 on a shared database,
one transaction each, and issues every other one's receipt in a second transaction (the hash
chain's append, as printing does). Prints ``id receipt_number`` after each commit.

Run as ``python -m tests.core.server_writer ADDRESS COUNT``. A save refused because another desk
held a row too long would be a failure of the product, not retried here.
"""

from __future__ import annotations

import sys
import time
from datetime import date

from assocdesk.services import donations, numbering
from assocdesk.storage.opening import open_database


def write(address: str, count: int) -> None:
    database = open_database(address, create=False)
    try:
        sys.stdout.write("ready\n")
        sys.stdout.flush()
        sys.stdin.readline()  # every desk starts at the same moment
        for n in range(count):
            data = donations.DonationInput(
                amount=str(10 + n % 90),
                currency="MAD",
                donated_on=date(2025, 1 + n % 12, 1 + n % 28),
                anonymous=True,
            )
            started = time.perf_counter()
            with database.transaction() as session:
                donation = donations.record(session, data)
                donation_id, number = donation.id, donation.receipt_number
            if n % 2 == 0:
                with database.transaction() as session:
                    numbering.issue_unprinted(session, donations.get(session, donation_id))
            elapsed = time.perf_counter() - started
            print(donation_id, number, f"{elapsed:.4f}", flush=True)
    finally:
        database.close()


if __name__ == "__main__":
    write(sys.argv[1], int(sys.argv[2]))


def run_desks(address: str, desks: int, each: int, timeout: float = 600) -> tuple[list[str], float]:
    """Start ``desks`` writers on ``address``, let them all go at once; every committed line
    (``id receipt_number seconds``) and the seconds from the start to the last commit.
    RuntimeError with a desk's own words if one fails."""
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    running = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.core.server_writer", address, str(each)],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(desks)
    ]
    for desk in running:
        assert desk.stdout is not None and desk.stderr is not None
        if desk.stdout.readline().strip() != "ready":
            raise RuntimeError(desk.stderr.read()[-2000:])
    started = time.perf_counter()
    for desk in running:  # all at once
        assert desk.stdin is not None
        desk.stdin.write("go\n")
        desk.stdin.flush()
    lines: list[str] = []
    for desk in running:
        out, err = desk.communicate(timeout=timeout)
        if desk.returncode != 0:
            raise RuntimeError(err[-2000:])
        lines += out.splitlines()
    return lines, time.perf_counter() - started
