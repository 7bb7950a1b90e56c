"""What every benchmark returns: rows of the printed table, and the median of timed runs."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Row:
    metric: str
    value: float
    unit: str
    baseline: float | None = None
    ratio: float | None = None
    target: str = ""
    ok: bool | None = None


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def percentile(values: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def in_fresh_process(function: str, *args: object) -> list[Row]:
    """Rows of ``function`` ("module:name", called with ``args``) run in a new interpreter.

    The heavy metrics (thousands of statements, 200 000 imported rows) each start from a clean
    process, as they do in the app, rather than after the benchmark's own earlier work has
    grown its heap: otherwise each would pay for the ones before it.
    """
    return [Row(**row) for row in fresh_process_result(function, *args)]


def fresh_process_result(function: str, *args: object) -> Any:
    """What ``function`` returns when run in a new interpreter, through JSON (rows as dicts)."""
    module, name = function.split(":")
    root = Path(__file__).resolve().parents[2]
    script = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(root)!r})\n"
        "from dataclasses import asdict\n"
        "from pathlib import Path\n"
        f"from {module} import {name} as run\n"
        "args = [Path(a['path']) if isinstance(a, dict) else a for a in json.loads(sys.argv[1])]\n"
        "print(json.dumps(run(*args), default=asdict))\n"
    )
    encoded = json.dumps([{"path": str(a)} if isinstance(a, Path) else a for a in args])
    result = subprocess.run(
        [sys.executable, "-c", script, encoded],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{function} failed: {result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])
