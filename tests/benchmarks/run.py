"""AssocDesk benchmarks: `python tests/benchmarks/run.py [--size small|large] [--json FILE]`.

`--only startup` (repeatable, any group of GROUPS) measures only those rows, e.g. the start-up
and memory against their floor in about a minute.

Builds a demo database of the given size, measures each metric as the median of several runs
and, where a baseline is named, as a ratio to it measured in the same run on the same machine.
Prints a table (metric, value, baseline, ratio, target, ok); --json writes the same rows as a
list of objects. Not collected by pytest (tests/test_benchmarks_run.py runs it with --size small
so it cannot rot); no test passes or fails on a time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks import app_metrics, data_metrics, imports, server_metrics  # noqa: E402
from tests.benchmarks.rows import Row, in_fresh_process, median_seconds  # noqa: E402


def build_database(folder: Path, size: str) -> Path:
    from assocdesk.demo import fill
    from assocdesk.storage.opening import open_database

    path = folder / f"bench-{size}.sqlite3"
    database = open_database(path)
    try:
        fill(database, size=size, seed=1)
    finally:
        database.close()
    return path


def statements_benchmark(path: Path, folder: Path, repeat: int) -> list[Row]:
    """Yearly statements of every donor vs bare ReportLab drawing as many one-table pages."""
    import pypdf

    from assocdesk.reports.batch import statements_for_year
    from assocdesk.storage.opening import open_database
    from tests.benchmarks.baseline import one_table_pages

    database = open_database(path)
    try:
        year = _busiest_year(database)
        out = folder / "statements.pdf"
        result = None

        def ours() -> None:
            nonlocal result
            result = statements_for_year(database, year, out=out, one_file=True)

        # Ours and the baseline take turns, and the ratio is the median of each turn's: a
        # shared machine that slows down for a minute slows both sides of that turn alike.
        ours_times, base_times, ratios = [], [], []
        for _ in range(repeat):
            ours_times.append(median_seconds(ours, 1))
            pages = len(pypdf.PdfReader(out).pages)
            base_times.append(
                median_seconds(lambda: one_table_pages(pages, folder / "base.pdf"), 1)  # noqa: B023
            )
            ratios.append(base_times[-1] / ours_times[-1])
    finally:
        database.close()
    seconds, baseline_seconds = statistics.median(ours_times), statistics.median(base_times)
    pages_per_s, base_pages_per_s = pages / seconds, pages / baseline_seconds
    ratio = statistics.median(ratios)
    statements_per_s = result.count / seconds
    return [
        Row(
            "statements: pages per second",
            round(pages_per_s, 1),
            "pages/s",
            round(base_pages_per_s, 1),
            round(ratio, 2),
            "≥ 0.5 × baseline",
            ratio >= 0.5,
        ),
        Row(
            f"statements: {result.count} donors, year {year}",
            round(statements_per_s, 1),
            "statements/s",
            target="≥ 100",
            ok=statements_per_s >= 100,
        ),
    ]


def _busiest_year(database) -> int:
    from sqlalchemy import func, select

    from assocdesk.models import Donation

    with database.reading() as session:
        return session.execute(
            select(Donation.receipt_year)
            .group_by(Donation.receipt_year)
            .order_by(func.count().desc())
            .limit(1)
        ).scalar_one()


def _busiest_year_of(path: Path) -> int:
    from assocdesk.storage.opening import open_database

    database = open_database(path)
    try:
        return _busiest_year(database)
    finally:
        database.close()


def print_table(rows: list[Row]) -> None:
    header = ("metric", "value", "baseline", "ratio", "target", "ok")
    cells = [header] + [
        (
            r.metric,
            f"{r.value:g} {r.unit}",
            "" if r.baseline is None else f"{r.baseline:g}",
            "" if r.ratio is None else f"{r.ratio:g}",
            r.target,
            "" if r.ok is None else ("yes" if r.ok else "NO"),
        )
        for r in rows
    ]
    widths = [max(len(str(c[i])) for c in cells) for i in range(len(header))]
    for i, line in enumerate(cells):
        print("  ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)))
        if i == 0:
            print("  ".join("-" * w for w in widths))


# The table's rows in order, by group: (database, work folder, size, repeat) -> rows.
GROUPS: dict[str, Callable[[Path, Path, str, int], list[Row]]] = {
    "size": lambda path, folder, _size, _repeat: [data_metrics.size_against_csv(path, folder)],
    "startup": lambda path, _folder, _size, repeat: app_metrics.start_and_memory(path, repeat),
    "interaction": lambda path, _folder, size, _repeat: app_metrics.interaction(
        path, search_target_ms=100 if size == "huge" else 50
    ),
    "statements": lambda path, folder, _size, repeat: in_fresh_process(
        "tests.benchmarks.run:statements_benchmark", path, folder, repeat
    ),
    "summary": lambda path, _folder, _size, repeat: [
        data_metrics.donations_summary(path, _busiest_year_of(path), repeat)
    ],
    "record": lambda path, _folder, _size, _repeat: [data_metrics.record_donation(path)],
    "imports": lambda _path, folder, size, repeat: imports.import_benchmark(folder, size, repeat),
    # The interactive rows again on a PostgreSQL server, and eight desks saving at once.
    "server": lambda path, _folder, size, _repeat: server_metrics.server_rows(
        path,
        search_target_ms=100 if size == "huge" else 50,
        each=10 if size == "small" else server_metrics.EACH,  # small: that it runs, not a rate
    ),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=("small", "large", "huge"), default="large")
    parser.add_argument("--json", type=Path, metavar="FILE")
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="runs per metric (default 3 for large, 1 for small)",
    )
    parser.add_argument(
        "--only",
        choices=GROUPS,
        action="append",
        help="measure only this group (repeatable); the database is built all the same",
    )
    args = parser.parse_args(argv)
    repeat = args.repeat or (3 if args.size == "large" else 1)
    with tempfile.TemporaryDirectory(prefix="assocdesk-bench-") as temporary:
        folder = Path(temporary)
        started = time.perf_counter()
        path = build_database(folder, args.size)
        rows = [
            Row(
                f"build the {args.size} demo database", round(time.perf_counter() - started, 1), "s"
            )
        ]
        for group in args.only or GROUPS:
            rows += GROUPS[group](path, folder, args.size, repeat)
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in rows], indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
