"""Import benchmarks: a big XLSX and a big CSV of contacts, next to a bare sqlite3 executemany
of the same rows; and the duplicate finder over many contacts.

Rows per second of the whole import (read, check every row, match, write in one transaction,
audit events, search index) against the yardstick of SQLite alone storing the same rows:
``executemany`` of ready tuples into the same ``contacts`` table (whose search-index trigger
fires per row, as for any insert), and — for information — into a plain table of the same
columns without any index or trigger.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import statistics
import time
import uuid
from pathlib import Path

from tests.benchmarks.rows import Row, fresh_process_result, in_fresh_process

SIZES = {"small": (500, 2_000, 2_000), "large": (50_000, 200_000, 20_000)}
HEADER = ["Nom", "Téléphone", "E-mail", "Ville"]
FIRST = ["Ahmed", "Fatima", "Youssef", "Sara", "Omar", "Nadia", "أحمد", "فاطمة", "يوسف", "سارة"]
LAST = ["Benali", "Alaoui", "Tazi", "Idrissi", "Amrani", "بنعلي", "العلوي", "التازي"]
CITIES = ["Rabat", "Salé", "Fès", "الرباط", "طنجة", "Casablanca", "مراكش"]


def people(count: int, seed: int = 1) -> list[list[str]]:
    rng = random.Random(seed)
    return [
        [
            f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}",
            f"06 {i // 1_000_000:02d} {i // 10_000 % 100:02d} {i // 100 % 100:02d} {i % 100:02d}",
            f"p{i}@exemple.ma",
            rng.choice(CITIES),
        ]
        for i in range(count)
    ]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    lines = [";".join(HEADER)] + [";".join(row) for row in rows]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    return path


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Contacts")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def empty_database(template: Path, target: Path) -> Path:
    shutil.copyfile(template, target)
    return target


def timed_import(database_path: Path, source: Path) -> tuple[float, int]:
    from assocdesk.spreadsheets.importer import run_import
    from assocdesk.spreadsheets.mapping import guess_mapping
    from assocdesk.spreadsheets.reading import read_table
    from assocdesk.storage.opening import open_database

    database = open_database(database_path)
    try:
        started = time.perf_counter()
        table = read_table(source)
        mapping = guess_mapping(table.header, [c for _l, c in table.rows[:50]], "contacts")
        result = run_import(database, table, "contacts", mapping)
        seconds = time.perf_counter() - started
    finally:
        database.close()
    return seconds, result.created


BARE_COLUMNS = (
    "uuid, created_at, updated_at, kind, name, phone, email, address, city, country, "
    "is_minor, consent_publish_name, consent_publish_photo, consent_contact, notes, search_text"
)


def bare_insert(database_path: Path, rows: list[list[str]], table: str = "contacts") -> float:
    """sqlite3 alone: the same rows as ready tuples, one executemany, one transaction."""
    stamp = "2026-11-21 00:00:00.000000"
    tuples = [
        (
            str(uuid.uuid4()),
            stamp,
            stamp,
            "person",
            name,
            phone,
            email,
            "",
            city,
            "",
            0,
            0,
            0,
            0,
            "",
            f"{name.lower()} {email} {city.lower()} {phone.replace(' ', '')}",
        )
        for name, phone, email, city in rows
    ]
    connection = sqlite3.connect(database_path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        if table != "contacts":
            connection.execute(f"CREATE TABLE {table} AS SELECT * FROM contacts WHERE 0")
        started = time.perf_counter()
        connection.execute("BEGIN")
        connection.executemany(
            f"INSERT INTO {table} ({BARE_COLUMNS}) VALUES ({', '.join('?' * 16)})", tuples
        )
        connection.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        connection.close()


def import_benchmark(folder: Path, size: str, repeat: int = 1) -> list[Row]:
    """Each import, and its bare insert, as a median of ``repeat`` runs; every import in a
    fresh process (an import run after another would find the other's names in its caches)."""
    from assocdesk.storage.opening import open_database

    xlsx_rows, csv_rows, finder_rows = SIZES[size]
    template = folder / "import-template.sqlite3"
    open_database(template).close()
    results = []
    for label, count, writer, suffix in (
        ("XLSX", xlsx_rows, write_xlsx, "xlsx"),
        ("CSV", csv_rows, write_csv, "csv"),
    ):
        rows = people(count)
        source = writer(folder / f"people.{suffix}", rows)
        runs, bare_runs = [], []
        for run in range(repeat):
            target = empty_database(template, folder / f"i-{suffix}-{run}.sqlite3")
            seconds, created = fresh_process_result(
                "tests.benchmarks.imports:timed_import", target, source
            )
            assert created == count, (created, count)
            runs.append(seconds)
            bare_target = empty_database(template, folder / f"b-{suffix}-{run}.sqlite3")
            bare_runs.append(bare_insert(bare_target, rows))
            for done in (target, bare_target):  # ~250 MB each
                for path in (done, Path(f"{done}-wal"), Path(f"{done}-shm")):
                    path.unlink(missing_ok=True)
        seconds, bare = statistics.median(runs), statistics.median(bare_runs)
        plain = bare_insert(empty_database(template, folder / f"p-{suffix}.sqlite3"), rows, "plain")
        ratio = seconds / bare
        results.append(
            Row(
                f"import {count} rows from {label}: rows per second",
                round(count / seconds),
                "rows/s",
                round(count / bare),
                round(ratio, 2),
                "time ≤ 5 × bare insert" if label == "CSV" else "",
                ratio <= 5 if label == "CSV" else None,
            )
        )
        results.append(
            Row(
                f"import {count} rows from {label}: seconds",
                round(seconds, 2),
                "s",
                round(bare, 2),
                round(ratio, 2),
                "< 15 s",
                seconds < 15,
            )
        )
        results.append(
            Row(
                f"  (bare insert of the {count} rows into a table without index or trigger)",
                round(plain, 3),
                "s",
                ratio=round(seconds / plain, 1),
            )
        )
    results += in_fresh_process(
        "tests.benchmarks.imports:finder_benchmark", folder, template, finder_rows
    )
    return results


def finder_benchmark(folder: Path, template: Path, count: int) -> list[Row]:
    from assocdesk.models import Contact
    from assocdesk.services.duplicates import find_duplicates
    from assocdesk.spreadsheets.bulk import BulkTable
    from assocdesk.storage.opening import open_database

    database = open_database(empty_database(template, folder / "finder.sqlite3"))
    try:
        with database.transaction() as session:
            table = BulkTable(session, Contact.__table__, audited=False)
            for name, phone, email, city in people(count, seed=2):
                table.add({"name": name, "phone": phone, "email": email, "city": city})
            for name, phone, _email, _city in people(count // 100, seed=2):
                table.add({"name": name.upper(), "phone": "+212 " + phone[1:]})  # planted twins
            table.flush()
        started = time.perf_counter()
        with database.reading() as session:
            pairs = find_duplicates(session)
        seconds = time.perf_counter() - started
    finally:
        database.close()
    assert len(pairs) >= count // 100
    return [
        Row(
            f"duplicate finder: {count + count // 100} contacts, {len(pairs)} pairs",
            round(seconds, 2),
            "s",
            target="< 5 s",
            ok=seconds < 5,
        )
    ]
