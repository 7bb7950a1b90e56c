"""The app as people feel it: start-up, memory, search, pages, scrolling (issue 8's targets).

Start-up and memory are measured in fresh processes (app_child.py), next to the floor measured
the same way on the same database: a PySide6 window that imports SQLAlchemy's ORM and shows 50
donations (floor_child.py), what any app on this stack pays (issue 19). A bare PySide6 window
with one empty table is measured too, for information. The interactive timings run inside one
app process on the benchmark's database (interaction.py).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.benchmarks.rows import Row, percentile

CHILD = Path(__file__).with_name("app_child.py")
FLOOR_ROWS = 50  # rows the floor shows (floor_child.ROWS; not imported: it imports Qt)
# Issue 19, point 9: the app against the floor (PySide6, SQLAlchemy's ORM, 50 rows shown).
START_LIMIT_S, START_FLOOR_FACTOR = 1.0, 1.3
MEMORY_LIMIT_MB, MEMORY_FLOOR_FACTOR = 300, 2.0
# Compiled modules, kept out of the work tree: an installed app starts from bytecode, and a
# shell with PYTHONDONTWRITEBYTECODE would otherwise compile ~70 of our modules at every start.
BYTECODE = Path(tempfile.gettempdir()) / "assocdesk-bench-pycache"


def _child(*args: str) -> dict:
    """Run app_child.py in a fresh process; its JSON, plus "seconds" since it was started."""
    with tempfile.TemporaryDirectory(prefix="assocdesk-bench-home-") as home:
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            XDG_CONFIG_HOME=home,  # preferences of this run only: no first-run or old state
            XDG_DATA_HOME=home,
            PYTHONPYCACHEPREFIX=str(BYTECODE),
        )
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        started = time.time()
        result = subprocess.run(
            [sys.executable, str(CHILD), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
            check=False,
        )
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"app_child {' '.join(args)} failed: {result.stderr[-2000:]}")
    data = json.loads(lines[-1])
    if "error" in data:
        raise RuntimeError(data["error"])
    if "shown_at" in data:
        data["seconds"] = data["shown_at"] - started
    return data


@dataclass(frozen=True)
class StartMeasures:
    """Medians of the start-up and memory children, each measured the same number of times."""

    app_s: float
    figures_s: float
    floor_s: float
    bare_s: float
    app_kib: float
    floor_kib: float
    bare_kib: float


def measure_start_and_memory(database: Path, repeat: int) -> StartMeasures:
    """The app, the floor and the bare window take turns, so that a shared machine slowing
    down for a minute slows all three alike; each measure is the median of its turns. One
    untimed start of each comes first: it writes the bytecode and reads the file into the
    system's cache, which a person's second start of the day finds there too."""
    for args in (("app", "start", str(database)), ("floor", "start", str(database))):
        _child(*args)
    runs: dict[str, list[float]] = {}
    for _ in range(repeat):
        for name, args, key in (
            ("app_s", ("app", "start", str(database)), "seconds"),
            ("floor_s", ("floor", "start", str(database)), "seconds"),
            ("bare_s", ("bare", "start"), "seconds"),
            ("figures_s", ("app", "figures", str(database)), "seconds"),
            ("app_kib", ("app", "memory", str(database)), "peak_kib"),
            ("floor_kib", ("floor", "memory", str(database)), "peak_kib"),
            ("bare_kib", ("bare", "memory"), "peak_kib"),
        ):
            data = _child(*args)
            if args[0] == "floor" and data["rows"] != FLOOR_ROWS:
                raise RuntimeError(f"the floor showed {data['rows']} rows, not {FLOOR_ROWS}")
            runs.setdefault(name, []).append(data[key])
    return StartMeasures(**{name: statistics.median(values) for name, values in runs.items()})


def start_and_memory_rows(m: StartMeasures) -> list[Row]:
    """Issue 19's targets against the floor; the bare window's rows are for information."""
    start_ratio, memory_ratio = m.app_s / m.floor_s, m.app_kib / m.floor_kib
    return [
        Row(
            "cold start to the main window, idle",
            round(m.app_s, 2),
            "s",
            round(m.floor_s, 2),
            round(start_ratio, 2),
            f"≤ {START_LIMIT_S:g} s and ≤ {START_FLOOR_FACTOR:g} × floor",
            m.app_s <= START_LIMIT_S and start_ratio <= START_FLOOR_FACTOR,
        ),
        Row(
            "  (start of a bare window with one empty table, for information)",
            round(m.bare_s, 2),
            "s",
            ratio=round(m.app_s / m.bare_s, 2),
        ),
        Row("cold start to the Home figures, read in the background", round(m.figures_s, 2), "s"),
        Row(
            "peak memory: every page, donations scrolled to the end",
            round(m.app_kib / 1024),
            "MB",
            round(m.floor_kib / 1024),
            round(memory_ratio, 2),
            f"≤ {MEMORY_LIMIT_MB} MB and ≤ {MEMORY_FLOOR_FACTOR:g} × floor",
            m.app_kib <= MEMORY_LIMIT_MB * 1024 and memory_ratio <= MEMORY_FLOOR_FACTOR,
        ),
        Row(
            "  (memory of a bare window with one empty table, for information)",
            round(m.bare_kib / 1024),
            "MB",
            ratio=round(m.app_kib / m.bare_kib, 2),
        ),
    ]


def start_and_memory(database: Path, repeat: int) -> list[Row]:
    return start_and_memory_rows(measure_start_and_memory(database, repeat))


def interaction(database: Path | str, search_target_ms: float = 50) -> list[Row]:
    data = _child("app", "interact", str(database))
    rows = []
    for key, what in (("search", "search as you type"), ("search_across", "search across scripts")):
        search = [s * 1000 for s in data[key]]
        p95 = percentile(search, 0.95)
        rows += [
            Row(f"{what} (contacts): p50", round(percentile(search, 0.5), 1), "ms"),
            Row(
                f"{what} (contacts): p95 of {len(search)} keystrokes",
                round(p95, 1),
                "ms",
                target=f"≤ {search_target_ms:g} ms",
                ok=p95 <= search_target_ms,
            ),
        ]
    for page, seconds in data["pages"].items():
        ms = seconds * 1000
        rows.append(Row(f"show the {page} page", round(ms), "ms", target="≤ 200 ms", ok=ms <= 200))
    scroll = [s * 1000 for s in data["scroll"]]
    rows.append(
        Row(
            f"scroll {data['donation_rows']} donations: slowest of {len(scroll)} steps",
            round(max(scroll), 1),
            "ms",
            target="≤ 50 ms",
            ok=max(scroll) <= 50,
        )
    )
    return rows
