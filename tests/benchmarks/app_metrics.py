"""The app as people feel it: start-up, memory, search, pages, scrolling (issue 8's targets).

Start-up and memory are measured in fresh processes (app_child.py), next to a bare PySide6
window with one empty table measured the same way; the interactive timings run inside one app
process on the benchmark's database (interaction.py).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.rows import Row, percentile

CHILD = Path(__file__).with_name("app_child.py")


def _child(*args: str) -> dict:
    """Run app_child.py in a fresh process; its JSON, plus "seconds" since it was started."""
    with tempfile.TemporaryDirectory(prefix="assocdesk-bench-home-") as home:
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            XDG_CONFIG_HOME=home,  # preferences of this run only: no first-run or old state
            XDG_DATA_HOME=home,
        )
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


def start_and_memory(database: Path, repeat: int) -> list[Row]:
    app = statistics.median(_child("app", "start", str(database))["seconds"] for _ in range(repeat))
    figures = statistics.median(
        _child("app", "figures", str(database))["seconds"] for _ in range(repeat)
    )
    bare = statistics.median(_child("bare", "start")["seconds"] for _ in range(repeat))
    app_kib = _child("app", "memory", str(database))["peak_kib"]
    bare_kib = _child("bare", "memory")["peak_kib"]
    return [
        Row(
            "cold start to the main window, idle",
            round(app, 2),
            "s",
            round(bare, 2),
            round(app / bare, 2),
            "≤ 1.0 s and ≤ 2 × bare window",
            app <= 1.0 and app <= 2 * bare,
        ),
        Row("cold start to the Home figures, read in the background", round(figures, 2), "s"),
        Row(
            "peak memory: every page, donations scrolled to the end",
            round(app_kib / 1024),
            "MB",
            round(bare_kib / 1024),
            round(app_kib / bare_kib, 2),
            "≤ 300 MB and ≤ 2.5 × bare window",
            app_kib <= 300 * 1024 and app_kib <= 2.5 * bare_kib,
        ),
    ]


def interaction(database: Path, search_target_ms: float = 50) -> list[Row]:
    data = _child("app", "interact", str(database))
    search = [s * 1000 for s in data["search"]]
    rows = [
        Row("search as you type (contacts): p50", round(percentile(search, 0.5), 1), "ms"),
        Row(
            f"search as you type (contacts): p95 of {len(search)} keystrokes",
            round(percentile(search, 0.95), 1),
            "ms",
            target=f"≤ {search_target_ms:g} ms",
            ok=percentile(search, 0.95) <= search_target_ms,
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
