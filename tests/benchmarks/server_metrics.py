"""The same rows on a shared PostgreSQL database, and eight desks saving at once (issue 22).

A throwaway server of this machine's PostgreSQL (tests/pg_server.py), durable as a real one
(fsync on), holds a copy of the benchmark's demo database made by "Move to a shared server"'s
own copy. The interactive rows are measured the same way as on the file (the window, opened on
the server's address), so each is printed beside its SQLite value of the same run.
"""

from __future__ import annotations

import time
from pathlib import Path

from tests.benchmarks.rows import Row, percentile

DESKS = 8
EACH = 100


def with_server(database_path: Path, measure) -> list[Row]:
    """Start a server, copy the demo database into it, run ``measure(address)``, stop it."""
    from assocdesk.storage.opening import open_database
    from assocdesk.storage.transfer import copy_database
    from tests.pg_server import ServerUnavailable, start_server

    try:
        server = start_server(durable=True)
    except ServerUnavailable as exc:
        return [Row(f"PostgreSQL rows skipped: {exc}", 0, "")]
    try:
        address = server.url(server.new_database())
        started = time.perf_counter()
        source, target = open_database(database_path), open_database(address)
        try:
            copy_database(source.engine, target.engine)
        finally:
            source.close()
            target.close()
        rows = [
            Row(
                "PostgreSQL: move the demo database to the server",
                round(time.perf_counter() - started, 1),
                "s",
            )
        ]
        return rows + measure(address)
    finally:
        server.stop()


def concurrent_writers(address: str, each: int = EACH) -> list[Row]:
    """Eight desks recording donations of one year at once, each save its own transaction
    (tests/core/server_writer.py, every other receipt issued too, as printing does)."""
    from tests.core.server_writer import run_desks

    lines, elapsed = run_desks(address, DESKS, each)
    saves = [float(line.split()[2]) * 1000 for line in lines]
    per_second = len(saves) / elapsed
    p95 = percentile(saves, 0.95)
    return [
        Row(
            f"PostgreSQL: {DESKS} desks saving at once, donations per second",
            round(per_second),
            "/s",
            target="≥ 200 /s",
            ok=per_second >= 200,
        ),
        Row(
            f"PostgreSQL: {DESKS} desks saving at once, p95 of {len(saves)} saves",
            round(p95, 1),
            "ms",
        ),
    ]


def server_rows(database_path: Path, search_target_ms: float, each: int = EACH) -> list[Row]:
    from tests.benchmarks import app_metrics, data_metrics

    def measure(address: str) -> list[Row]:
        rows = [data_metrics.record_donation(address)]
        rows += app_metrics.interaction(address, search_target_ms=search_target_ms)
        rows += concurrent_writers(address, each)
        for row in rows:
            if not row.metric.startswith("PostgreSQL"):
                row.metric = f"PostgreSQL: {row.metric}"
        return rows

    return with_server(database_path, measure)
