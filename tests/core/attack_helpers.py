"""Helpers for tests/core/test_attack_loops.py: the trial count and seeds, a child process that
is always killed in the end, and what must hold after every attack.

``ASSOCDESK_ATTACK_TRIALS`` (default :data:`DEFAULT_TRIALS`) sets how many trials each loop
runs; ``ASSOCDESK_ATTACK_SEED`` (default 18) seeds every choice, so a failing trial is rerun
with the seed and trial count its message prints (the kill's exact instant still depends on the
scheduler: a kill counted in reported lines reproduces closely, one timed in seconds roughly).
"""

from __future__ import annotations

import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from types import TracebackType

from assocdesk.checks.check import run_checks
from assocdesk.logs import LOG_NAME
from assocdesk.services import donations
from assocdesk.storage import pending_restore
from assocdesk.storage.backups import bundle as backup
from assocdesk.storage.backups import verify
from assocdesk.storage.lock import DatabaseLock
from assocdesk.storage.opening import open_database
from assocdesk.storage.sqlite_file import table_counts
from tests.core.backup_helpers import assert_receipts_gapless, integrity

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_TRIALS = 4
TRIALS = int(os.environ.get("ASSOCDESK_ATTACK_TRIALS") or DEFAULT_TRIALS)
SEED = int(os.environ.get("ASSOCDESK_ATTACK_SEED") or 18)
WAIT = 60.0  # seconds: the longest any child may take for one step before the test gives up


def tag(loop: str, trial: object) -> str:
    """What a failure message starts with: enough to run the same trial again."""
    return f"[ASSOCDESK_ATTACK_SEED={SEED} ASSOCDESK_ATTACK_TRIALS={TRIALS} {loop} trial {trial}]"


def rng_for(loop: str, trial: object = None) -> random.Random:
    """One generator per loop and trial, so a trial's choices do not depend on earlier ones."""
    return random.Random(f"{SEED}:{loop}:{trial}")


class Child:
    """``python -m tests.core.attack_child ARG…``; its stdout lines arrive through a thread, so
    every wait has a deadline. Used as a context manager: the process is killed on the way out,
    whatever happened."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.core.attack_child", *args],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), "ASSOCDESK_LANG": "en"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._errors: list[str] = []
        self.output: list[str] = []  # the lines printed after "ready"
        self.started = 0.0  # when "ready" came (time.monotonic)
        self._closed = False  # its output ended
        self._threads = [
            threading.Thread(target=self._pump, daemon=True),
            threading.Thread(target=self._pump_errors, daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.endswith("\n"):  # a line cut by the kill was not reported
                self._lines.put(line[:-1])
        self._lines.put(None)

    def _pump_errors(self) -> None:
        assert self.process.stderr is not None
        self._errors.extend(self.process.stderr)

    @property
    def stderr(self) -> str:
        self._threads[1].join(WAIT)
        return "".join(self._errors)

    def next_line(self) -> str | None:
        """The next line, or None once the child closed its output."""
        if self._closed:
            return None
        try:
            line = self._lines.get(timeout=WAIT)
        except queue.Empty:
            raise AssertionError(f"the child printed nothing for {WAIT} s") from None
        if line is None:
            self._closed = True
        else:
            self.output.append(line)
        return line

    def wait_ready(self) -> None:
        line = self.next_line()
        self.output.clear()
        if line != "ready":
            self.kill()
            raise AssertionError(f"the child did not start: {line!r} {self.stderr}")
        self.started = time.monotonic()

    def kill_after(self, seconds: float) -> None:
        """Kill ``seconds`` after "ready" (at once if it is past), then read what was printed."""
        time.sleep(max(0.0, self.started + seconds - time.monotonic()))
        self.kill()

    def kill_after_lines(self, count: int, jitter: float) -> None:
        """Kill ``jitter`` seconds after the ``count``-th reported line (or its end)."""
        while len(self.output) < count and self.next_line() is not None:
            pass
        time.sleep(jitter)
        self.kill()

    def run_to_end(self) -> float:
        """Let it finish; the seconds from "ready" to its end."""
        while self.next_line() is not None:
            pass
        self.process.wait(WAIT)
        return time.monotonic() - self.started

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(WAIT)
        while self.next_line() is not None:  # printed before the kill: committed, so counted
            pass

    @property
    def killed(self) -> bool:
        return self.process.returncode == -signal.SIGKILL

    def ended_well(self) -> bool:
        """It finished by itself with success (True), or was killed (False); anything else,
        an error exit or a traceback, fails the test."""
        if self.killed:
            return False
        assert self.process.returncode == 0, self.stderr
        return True

    def __enter__(self) -> Child:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(WAIT)
        for thread in self._threads:
            thread.join(WAIT)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


# -- what must hold after a kill --------------------------------------------------------------
def counts(path: Path) -> dict[str, int]:
    """Records per table; a plain connection, so a killed writer's log is replayed first."""
    conn = sqlite3.connect(path)
    try:
        return table_counts(conn)
    finally:
        conn.close()


def rows(path: Path, query: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


def assert_dues_gapless(path: Path) -> int:
    """The dues book as assert_receipts_gapless reads the donations': 1…N per year, counter N."""
    counters = dict(rows(path, "SELECT year, last_number FROM dues_receipt_counters"))
    numbers: dict[int, list[int]] = {}
    for year, seq in rows(
        path,
        "SELECT receipt_year, receipt_seq FROM dues_payments ORDER BY receipt_year, receipt_seq",
    ):
        numbers.setdefault(year, []).append(seq)
    for year, used in numbers.items():
        assert used == list(range(1, len(used) + 1)), year
        assert counters.get(year) == len(used), year
    return sum(len(used) for used in numbers.values())


def hidden(folder: Path) -> list[str]:
    return (
        sorted(p.name for p in folder.iterdir() if p.name.startswith("."))
        if folder.exists()
        else []
    )


def assert_sound(path: Path, where: str) -> None:
    """integrity_check ok, both receipt books gapless, and ``check`` finds no error."""
    assert integrity(path) == ["ok"], where
    try:
        assert_receipts_gapless(path)
        assert_dues_gapless(path)
    except AssertionError as exc:
        raise AssertionError(f"{where} receipt gap or duplicate in year {exc}") from exc
    report = run_checks(path)
    assert report.ok, f"{where} check: {report.findings}"


def assert_backup_leaves_nothing(path: Path, usb: Path, where: str) -> None:
    """The next backup works and leaves no hidden copy beside the database or the bundle."""
    usb.mkdir(exist_ok=True)
    out = usb / "after-attack.assocdesk-backup"
    out.unlink(missing_ok=True)
    backup.create_bundle(path, out)
    assert hidden(usb) == [] and hidden(path.parent) == [], (
        f"{where} {hidden(usb)} {hidden(path.parent)}"
    )


def assert_reopens_and_writes(path: Path, where: str) -> int:
    """The file opens the app's way (lock, open_database) and takes a new donation; its id."""
    with DatabaseLock(path):
        database = open_database(path)
        try:
            with database.transaction() as session:
                gift = donations.record(
                    session,
                    donations.DonationInput(
                        amount="7", currency="MAD", donated_on=date(2025, 1, 2), anonymous=True
                    ),
                )
                session.flush()
                gift_id = gift.id
        finally:
            database.close()
    assert rows(path, f"SELECT count(*) FROM donations WHERE id = {gift_id}") == [(1,)], where
    return gift_id


def assert_survives(path: Path, usb: Path, where: str) -> None:
    """Everything that must hold after any kill, in the order a person would meet it."""
    assert_sound(path, where)
    assert_backup_leaves_nothing(path, usb, where)
    assert_reopens_and_writes(path, where)


def recover(path: Path, how: str) -> str | None:
    """What the next writer does first, under the lock: opening the database (finish_interrupted,
    see assocdesk.storage.pending_restore) or restoring again (its cleanup runs it first)."""
    with DatabaseLock(path):
        if how == "open":
            return pending_restore.finish_interrupted(path)
        pending = pending_restore.read(path) is not None
        verify.remove_restore_leftovers(path, time.time())
        assert pending_restore.read(path) is None
        return "recovered" if pending else None


def check_writes_reported(path: Path, reported: list[list[str]], where: str) -> None:
    """Every reported line of the writer is in the file: numbers, voids, issues, corrections."""
    gifts = {
        i: (n, s, p)
        for i, n, s, p in rows(
            path, "SELECT id, receipt_number, status, receipt_prints FROM donations"
        )
    }
    dues = {
        i: (n, s, p)
        for i, n, s, p in rows(
            path, "SELECT id, receipt_number, status, receipt_prints FROM dues_payments"
        )
    }
    replaces = dict(
        rows(path, "SELECT id, replaces_id FROM donations WHERE replaces_id IS NOT NULL")
    )
    for line in reported:
        assert len(line) >= 2, f"{where} {line} {reported}"
        kind, first = line[0], int(line[1])
        book = dues if kind in ("P", "VP", "IP") else gifts
        found = book.get(first)
        assert found is not None, f"{where} lost {line}"
        if kind in ("D", "P"):
            assert found[0] == line[2], f"{where} {line}: {found}"
        elif kind in ("VD", "VP"):
            assert found[1] == "void", f"{where} {line}: {found}"
        elif kind in ("ID", "IP"):
            assert found[2] >= int(line[2] if len(line) > 2 else 1), f"{where} {line}: {found}"
        elif kind == "C":
            assert found[1] == "void", f"{where} {line}: {found}"
            assert gifts.get(int(line[2]), (None,))[0] == line[3], f"{where} lost {line}"
            assert replaces.get(int(line[2])) == first, f"{where} {line}"


# -- refusals ---------------------------------------------------------------------------------
def tree(root: Path) -> dict[str, tuple[str, int]]:
    """Every entry under ``root``: kind (file, dir, link) and size; to show nothing appeared."""
    found = {}
    for entry in sorted(root.rglob("*")):
        if entry.name.startswith(LOG_NAME):  # the commands' log, beside the database by design
            continue
        kind = "link" if entry.is_symlink() else "dir" if entry.is_dir() else "file"
        found[entry.relative_to(root).as_posix()] = (
            kind,
            0 if kind != "file" else entry.stat().st_size,
        )
    return found


def restore_in_a_process(path: Path, bundle: Path, language: str) -> tuple[int, str, str]:
    """``assocdesk-cli restore`` as a person runs it: its own process, exit code and output."""
    done = subprocess.run(
        [sys.executable, "-m", "assocdesk.cli", "--db", str(path), "restore", str(bundle)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "ASSOCDESK_LANG": language},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=WAIT,
    )
    return done.returncode, done.stdout, done.stderr
