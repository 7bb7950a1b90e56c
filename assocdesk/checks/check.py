"""`assocdesk-cli check`: is the database sound, and does it still tell one consistent story?

Works on the file itself (not through open_database), so it can examine a database the app
refuses to open. Each check is a function in :data:`CHECKS` that returns its findings; adding
one (say, for a new table of attached files) is one function and one line.

Severity: an ``error`` is something that is wrong (a damaged page, a receipt number used twice,
a file a record needs that is gone); a ``warning`` is something to look at that does not make
the data wrong (the logo chosen in Settings was moved).

A password-protected database is checked with its password (the checks read it through
SQLCipher; nothing about it changes).
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from assocdesk.checks.chain_check import check_receipt_chains
from assocdesk.checks.findings import ERROR, WARNING, CheckContext, Finding
from assocdesk.checks.value_check import check_values
from assocdesk.i18n import N_, _, ngettext
from assocdesk.storage import cipher
from assocdesk.storage.errors import DRIVER_DATABASE_ERRORS, DRIVER_ERRORS, DatabaseError
from assocdesk.storage.identify import identify
from assocdesk.storage.paths import attachments_dir
from assocdesk.storage.sqlite_file import can_write, connect, connect_read_only, is_protected

__all__ = ["CHECKS", "ERROR", "WARNING", "CheckContext", "Finding", "Report", "run_checks"]


# Files inside the database's files folder (attachments_dir), as (table, column): the column
# holds the file's path relative to that folder, or is an SQL expression of the row's columns
# that builds it (activity photos are stored by content, see services.photos.stored_path). A
# table that does not exist (yet) in the file is skipped.
ATTACHMENT_COLUMNS: list[tuple[str, str]] = [
    ("activity_photos", "'photos/' || substr(sha256, 1, 2) || '/' || sha256 || '.' || extension"),
]
# Columns that name a file anywhere on this computer, chosen in Settings.
EXTERNAL_FILE_COLUMNS: list[tuple[str, str]] = [
    ("association_profile", "logo_path"),
    ("association_profile", "document_font"),
]


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    checks_run: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors


Check = Callable[[CheckContext], list[Finding]]


def check_integrity(context: CheckContext) -> list[Finding]:
    """SQLite's full integrity_check: every page, record and index entry. A file so damaged
    that the check itself cannot read it is said to be damaged, not "could not run"."""
    try:
        rows = [row[0] for row in context.connection.execute("PRAGMA integrity_check(100)")]
    except DRIVER_DATABASE_ERRORS as exc:
        return [
            Finding(
                "integrity",
                ERROR,
                _("The file is damaged ({error}): restore the latest good backup.").format(
                    error=exc
                ),
            )
        ]
    if rows == ["ok"]:
        return []
    return [Finding("integrity", ERROR, row) for row in rows]


def check_orphans(context: CheckContext) -> list[Finding]:
    """Rows that point to a row that is gone (foreign_key_check)."""
    findings = []
    for table, rowid, parent, _fk in context.connection.execute("PRAGMA foreign_key_check"):
        findings.append(
            Finding(
                "orphans",
                ERROR,
                _("Row {id} of {table} points to a missing row of {parent}.").format(
                    id=rowid, table=table, parent=parent
                ),
            )
        )
    return findings


# The receipt books: (records table, counters table, how a finding names the book).
RECEIPT_BOOKS = [
    ("donations", "receipt_counters", N_("Receipts of {year}")),
    ("dues_payments", "dues_receipt_counters", N_("Dues receipts of {year}")),
]


def check_receipts(context: CheckContext) -> list[Finding]:
    """Per book and year: numbers 1…N each used once, and the counter where the next starts."""
    findings = []
    for records, counters_table, label in RECEIPT_BOOKS:
        if {records, counters_table} <= context.tables():
            findings.extend(_check_book(context.connection, records, counters_table, label))
    return findings


def _check_book(
    conn: sqlite3.Connection, records: str, counters_table: str, label: str
) -> list[Finding]:
    findings = []
    counters = dict(conn.execute(f'SELECT year, last_number FROM "{counters_table}"'))
    years = {row[0] for row in conn.execute(f'SELECT DISTINCT receipt_year FROM "{records}"')}
    for year in sorted(years | set(counters)):
        book = _(label).format(year=year)
        numbers = [
            row[0]
            for row in conn.execute(
                f'SELECT receipt_seq FROM "{records}" WHERE receipt_year = ? ORDER BY receipt_seq',
                (year,),
            )
        ]
        used = set(numbers)
        duplicates = sorted(n for n, times in Counter(numbers).items() if times > 1)
        if duplicates:
            findings.append(
                Finding(
                    "receipts",
                    ERROR,
                    _("{book}: numbers used twice: {numbers}.").format(
                        book=book, numbers=_listing(duplicates)
                    ),
                )
            )
        last = max(used, default=0)
        counter = counters.get(year, 0)
        missing = sorted(set(range(1, max(last, counter) + 1)) - used)
        if missing:
            findings.append(
                Finding(
                    "receipts",
                    ERROR,
                    _("{book}: numbers missing: {numbers}.").format(
                        book=book, numbers=_listing(missing)
                    ),
                )
            )
        if counter < last:
            findings.append(
                Finding(
                    "receipts",
                    ERROR,
                    _(
                        "{book}: the counter is at {counter} but number {last} is used; the "
                        "next receipt would take a number twice."
                    ).format(book=book, counter=counter, last=last),
                )
            )
    return findings


def _listing(numbers: list[int], limit: int = 10) -> str:
    shown = ", ".join(str(n) for n in numbers[:limit])
    return shown + (f", … (+{len(numbers) - limit})" if len(numbers) > limit else "")


def check_search_index(context: CheckContext) -> list[Finding]:
    """The contacts search index holds exactly the contacts, with their current text.

    FTS5's own 'integrity-check' (rank 1: compare with the contacts table) is an INSERT, so it
    runs on a second, writable connection inside a transaction that is rolled back; on a file
    that cannot be written (read-only file, folder or medium), on a private copy of it, so that
    nothing is left beside it and the answer is the index's, not the disk's.
    """
    if "contacts_fts" not in context.tables():
        return []
    with _writable(context) as conn:
        conn.execute("BEGIN")
        try:
            conn.execute(
                "INSERT INTO contacts_fts(contacts_fts, rank) VALUES('integrity-check', 1)"
            )
        except DRIVER_DATABASE_ERRORS as exc:
            return [
                Finding(
                    "search_index",
                    ERROR,
                    _(
                        "The contacts search index is out of step with the contacts ({error})."
                    ).format(error=exc),
                )
            ]
        finally:
            conn.execute("ROLLBACK")
    return []


@contextmanager
def _writable(context: CheckContext) -> Iterator[sqlite3.Connection]:
    """A connection that may write (to be rolled back): to the file, or to a copy of it."""
    path, password = context.database_path, context.password
    if can_write(path):
        conn = connect(path, password, timeout=5, isolation_level=None)
        try:
            yield conn
        finally:
            conn.close()
        return
    with tempfile.TemporaryDirectory(prefix="assocdesk-check-") as folder:
        copy = Path(folder) / "copy.sqlite3"
        if is_protected(path, password):
            target = cipher.connect(copy, password)
        else:
            target = sqlite3.connect(copy)
        try:
            context.connection.backup(target)
        finally:
            target.close()
        conn = connect(copy, password, timeout=5, isolation_level=None)
        try:
            yield conn
        finally:
            conn.close()


def check_files(context: CheckContext) -> list[Finding]:
    """Files that records name: attachments in the files folder (errors), and the logo and
    font chosen in Settings (warnings: documents fall back, nothing is wrong with the data)."""
    findings = []
    tables = context.tables()
    folder = attachments_dir(context.database_path)
    referenced = []
    for table, column in ATTACHMENT_COLUMNS:
        if table not in tables:
            continue
        if column.isidentifier():
            if column not in context.columns(table):
                continue
            column = f'"{column}"'
        query = f"SELECT {column} FROM \"{table}\" WHERE coalesce({column}, '') != ''"
        referenced.extend(row[0] for row in context.connection.execute(query))
    if referenced and not folder.is_dir():
        findings.append(
            Finding(
                "files",
                ERROR,
                ngettext(
                    "The files folder {folder} is missing; {count} record needs it.",
                    "The files folder {folder} is missing; {count} records need it.",
                    len(referenced),
                ).format(folder=folder, count=len(referenced)),
            )
        )
    elif referenced:
        for name in referenced:
            if not (folder / name).is_file():
                findings.append(
                    Finding(
                        "files",
                        ERROR,
                        _("The file {path} is missing.").format(path=folder / name),
                    )
                )
    for table, column in EXTERNAL_FILE_COLUMNS:
        if table in tables and column in context.columns(table):
            query = f'SELECT "{column}" FROM "{table}" WHERE "{column}" != \'\''
            for (path,) in context.connection.execute(query):
                if not Path(path).expanduser().is_file():
                    findings.append(
                        Finding(
                            "files",
                            WARNING,
                            _("The file chosen in Settings is missing: {path}").format(path=path),
                        )
                    )
    return findings


# (name, check); the integrity check comes first: when it fails, the others are not trusted.
CHECKS: list[tuple[str, Check]] = [
    ("integrity", check_integrity),
    ("values", check_values),
    ("orphans", check_orphans),
    ("receipts", check_receipts),
    ("receipt_chain", check_receipt_chains),
    ("search_index", check_search_index),
    ("files", check_files),
]


def file_problem(database_path: Path, password: str | None = None) -> str | None:
    """Why the file at ``database_path`` is not an AssocDesk database that can be checked, in
    the words opening it would use (storage.identify); None when it is one."""
    if not database_path.exists():
        return _("There is no database at {path}.").format(path=database_path)
    if database_path.is_file() and database_path.stat().st_size == 0:
        return _("{path} is empty: it holds no database.").format(path=database_path)
    try:
        revision = identify(
            database_path,
            password if is_protected(database_path, password) else None,
            check="none",
        )
    except DatabaseError as exc:
        return str(exc)
    except DRIVER_ERRORS as exc:  # a file that changed or vanished while it was read
        return _("{path} cannot be opened: {error}").format(path=database_path, error=exc)
    if revision is None:
        return _("{path} holds no AssocDesk data: it is an empty database.").format(
            path=database_path
        )
    return None


def run_checks(database_path: Path, password: str | None = None) -> Report:
    """Every check on the file at ``database_path`` (opened with ``password`` if protected);
    never raises for what it finds.

    The file is first identified as opening does: a file the app would refuse (not SQLite,
    another program's, a newer version's, protected without its password, empty) is one
    finding, never "no problem found".
    """
    report = Report(checks_run=["file"])
    problem = file_problem(database_path, password)
    if problem is not None:
        report.findings.append(Finding("file", ERROR, problem))
        return report
    try:
        conn = connect_read_only(database_path, password)
    except (DatabaseError, *DRIVER_ERRORS) as exc:
        report.findings.append(Finding("integrity", ERROR, str(exc)))
        return report
    try:
        context = CheckContext(conn, database_path, password)
        for name, check in CHECKS:
            report.checks_run.append(name)
            try:
                report.findings.extend(check(context))
            except DRIVER_DATABASE_ERRORS as exc:
                report.findings.append(
                    Finding(
                        name,
                        ERROR,
                        _("This check could not run: {error}").format(error=exc),
                    )
                )
            if name == "integrity" and report.errors:
                break  # a damaged file answers the other checks with nonsense
    finally:
        conn.close()
    return report
