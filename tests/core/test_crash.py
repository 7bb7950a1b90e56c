"""Crash safety: a writer killed with SIGKILL at random points loses nothing it committed.

Each run starts ``tests/core/donation_writer.py`` in a subprocess (it records donations one
transaction at a time and prints each id once committed), waits until it has reported a random
number of commits, and kills it (SIGKILL; TerminateProcess on Windows). The runs go on on the
same file, so each one also opens a database left by a killed process (hot WAL, stale lock file).
After each kill: SQLite's integrity_check is ok, every reported donation is there, receipt
numbers have no gap and no duplicate, and the check command finds nothing.
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

from assocdesk.checks.check import run_checks
from tests.core.backup_helpers import assert_receipts_gapless, integrity

ROOT = Path(__file__).resolve().parents[2]
RUNS = 4


def test_sigkill_loses_no_committed_donation(db_path: Path) -> None:
    rng = random.Random(20250304)
    reported: dict[int, str] = {}
    for run in range(RUNS):
        kill_after = rng.randint(60, 250)
        writer = subprocess.Popen(
            [sys.executable, "-m", "tests.core.donation_writer", str(db_path), "100000"],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        seen = 0
        try:
            for line in writer.stdout:
                donation_id, number = line.split()
                reported[int(donation_id)] = number
                seen += 1
                if seen == kill_after:
                    writer.kill()
                    break
            # Lines already in the pipe were committed before the kill: they count too.
            for line in writer.stdout:
                if line.strip():
                    donation_id, number = line.split()
                    reported[int(donation_id)] = number
        finally:
            writer.kill()
            stderr = writer.stderr.read()
            writer.wait()
        assert seen == kill_after, stderr  # the writer really ran until it was killed

        assert integrity(db_path) == ["ok"], run
        conn = sqlite3.connect(db_path)
        stored = dict(conn.execute("SELECT id, receipt_number FROM donations"))
        conn.close()
        missing = {i: n for i, n in reported.items() if stored.get(i) != n}
        assert missing == {}, run
        assert len(stored) - len(reported) <= 1  # at most the one committed as it was killed
        assert assert_receipts_gapless(db_path) == len(stored)
        assert run_checks(db_path).findings == []
    assert len(reported) >= 4 * 60
