"""The benchmark script runs end to end (small size), so it cannot rot. No time is asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_script_runs_small(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tests" / "benchmarks" / "run.py"),
            "--size",
            "small",
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(out.read_text())
    assert {"metric", "value", "unit", "baseline", "ratio", "target", "ok"} <= set(rows[0])
    metrics = [r["metric"] for r in rows]
    assert any("statements" in m for m in metrics)
    assert "metric" in result.stdout and "ratio" in result.stdout  # the printed table
