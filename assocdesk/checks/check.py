"""`assocdesk-cli check`: is the database sound, and does it still tell one consistent story?

Works on the file itself (not through open_database), so it can examine a database the app
refuses to open; or on a shared database on a PostgreSQL server, identified as opening does
(:func:`~assocdesk.storage.server_opening.identify_server`) and read in READ ONLY transactions.
Each check is a function in :data:`CHECKS` that returns its findings; adding one (say, for a new
table of attached files) is one function and one line.

On a server, the storage's own soundness (pages, indexes) is the server's job: the report says
so in a line (:data:`SERVER_SKIPS`) instead of running SQLite's integrity check. Foreign keys are
enforced by the server, so orphans cannot be made there by the app; they are still looked for,
in generic SQL, since anyone with the server's rights can switch that off.

Severity: an ``error`` is something that is wrong (a damaged page, a receipt number used twice,
a file a record needs that is gone); a ``warning`` is something to look at that does not make
the data wrong (the logo chosen in Settings was moved).

A password-protected database is checked with its password (the checks read it through
SQLCipher; nothing about it changes).
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from assocdesk.checks.books_check import check_receipts
from assocdesk.checks.chain_check import check_receipt_chains
from assocdesk.checks.findings import (
    DATABASE_ERRORS,
    ERROR,
    WARNING,
    CheckContext,
    Finding,
    driver_words,
)
from assocdesk.checks.identity import file_problem, server_problem
from assocdesk.checks.server_check import (
    check_server_files,
    check_server_orphans,
    check_server_search_index,
)
from assocdesk.checks.value_check import check_values
from assocdesk.i18n import N_, _, ngettext
from assocdesk.storage import cipher
from assocdesk.storage.engine import Database, create_sqlite_engine
from assocdesk.storage.errors import DRIVER_DATABASE_ERRORS, DatabaseError
from assocdesk.storage.location import ServerAddress, resolve
from assocdesk.storage.paths import attachments_dir
from assocdesk.storage.server import connection_error, create_server_engine, lost_connection
from assocdesk.storage.sqlite_file import can_write, connect, is_protected

__all__ = [
    "CHECKS",
    "ERROR",
    "WARNING",
    "CheckContext",
    "Finding",
    "Report",
    "file_problem",
    "run_checks",
]


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
    # Lines the report says besides its findings: what was not checked here, and why.
    notes: list[str] = field(default_factory=list)

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
        rows = [row[0] for row in context.rows("PRAGMA integrity_check(100)")]
    except DATABASE_ERRORS as exc:
        return [
            Finding(
                "integrity",
                ERROR,
                _("The file is damaged ({error}): restore the latest good backup.").format(
                    error=driver_words(exc)
                ),
            )
        ]
    if rows == ["ok"]:
        return []
    return [Finding("integrity", ERROR, row) for row in rows]


def check_orphans(context: CheckContext) -> list[Finding]:
    """Rows that point to a row that is gone (SQLite's foreign_key_check; on a server, the same
    in generic SQL: see server_check)."""
    if context.on_server:
        return check_server_orphans(context)
    findings = []
    for table, rowid, parent, _fk in context.rows("PRAGMA foreign_key_check"):
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


def check_search_index(context: CheckContext) -> list[Finding]:
    """The contacts search index holds exactly the contacts, with their current text.

    FTS5's own 'integrity-check' (rank 1: compare with the contacts table) is an INSERT, so it
    runs on a second, writable connection inside a transaction that is rolled back; on a file
    that cannot be written (read-only file, folder or medium), on a private copy of it, so that
    nothing is left beside it and the answer is the index's, not the disk's.

    On a server, the index is pg_trgm's GIN index, kept by the server itself: it must be there
    and valid (see server_check).
    """
    if context.on_server:
        return check_server_search_index(context)
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
    assert path is not None  # the search index of the SQLite file
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
            context.raw().backup(target)
        finally:
            target.close()
        conn = connect(copy, password, timeout=5, isolation_level=None)
        try:
            yield conn
        finally:
            conn.close()


def check_files(context: CheckContext) -> list[Finding]:
    """Files that records name: attachments in the files folder (errors), and the logo and
    font chosen in Settings (warnings: documents fall back, nothing is wrong with the data).

    A shared database has no files folder: its attachments are in its ``stored_files`` table
    (see server_check). The files chosen in Settings are looked for on this computer, where
    documents printed here would miss them.
    """
    findings: list[Finding] = []
    tables = context.tables()
    if context.database_path is None:
        findings += check_server_files(context)
    else:
        findings += _attachments(context, tables, attachments_dir(context.database_path))
    for table, column in EXTERNAL_FILE_COLUMNS:
        if table in tables and column in context.columns(table):
            query = f'SELECT "{column}" FROM "{table}" WHERE "{column}" != \'\''
            for (path,) in context.rows(query):
                if not Path(path).expanduser().is_file():
                    findings.append(
                        Finding(
                            "files",
                            WARNING,
                            _("The file chosen in Settings is missing: {path}").format(path=path),
                        )
                    )
    return findings


def _attachments(context: CheckContext, tables: set[str], folder: Path) -> list[Finding]:
    """The files records need in the files folder beside the database file."""
    findings = []
    referenced = []
    for table, column in ATTACHMENT_COLUMNS:
        if table not in tables:
            continue
        if column.isidentifier():
            if column not in context.columns(table):
                continue
            column = f'"{column}"'
        query = f"SELECT {column} FROM \"{table}\" WHERE coalesce({column}, '') != ''"
        referenced.extend(row[0] for row in context.rows(query))
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


# Checks not run on a server, each with the line the report says instead.
SERVER_SKIPS = {
    "integrity": N_(
        "The soundness of the server's storage (its pages and indexes) is the server's own "
        "job, with its administrator's backups: this check looks at the data it holds."
    ),
}

# What ``run_checks`` is given: the SQLite file, a server's address, or an open database.
Target = Path | str | ServerAddress | Database


def run_checks(target: Target, password: str | None = None) -> Report:
    """Every check on ``target``: the file at a path, a shared database at an address (``str``
    or ServerAddress), or an open Database (its file, or its server). ``password`` opens a
    protected file, or logs in to the server (an open Database's own is used otherwise).

    Never raises for what it finds. The database is first identified as opening does: one the
    app would refuse is one finding, never "no problem found". An address AssocDesk cannot use
    raises UnusableAddress (a DatabaseError), as opening does.
    """
    if isinstance(target, Database):
        if target.server is not None:
            return _run_on_server(target.engine, target.server)
        return _run_on_file(target.file, password if password is not None else target.password)
    if target is None:  # never the default database in place of one that was meant
        raise TypeError("run_checks needs a path, an address or a Database, not None")
    where = resolve(target)
    if isinstance(where, Path):
        return _run_on_file(where, password)
    engine = create_server_engine(where, password, read_only=True)
    try:
        return _run_on_server(engine, where)
    finally:
        engine.dispose()


def _run_on_file(database_path: Path, password: str | None) -> Report:
    report = Report(checks_run=["file"])
    problem = file_problem(database_path, password)
    if problem is not None:
        report.findings.append(Finding("file", ERROR, problem))
        return report
    key = password if is_protected(database_path, password) else None
    engine = create_sqlite_engine(database_path, key, read_only=True)
    try:
        with engine.connect() as connection:
            _run(CheckContext(connection, database_path, key), report)
    except (DatabaseError, *DATABASE_ERRORS) as exc:  # the file cannot even be opened to read
        report.findings.append(Finding("integrity", ERROR, driver_words(exc)))
    finally:
        engine.dispose()
    return report


def _run_on_server(engine: Engine, address: ServerAddress) -> Report:
    report = Report(checks_run=["server"])
    problem = server_problem(engine, address)
    if problem is not None:
        report.findings.append(Finding("server", ERROR, problem))
        return report
    try:
        with engine.connect() as connection:
            _run(CheckContext(connection), report)
    except DBAPIError as exc:  # no connection, or the connection lost half-way: in words
        if not lost_connection(exc):
            message = str(connection_error(exc, address))
        else:
            message = _(
                "The connection to the shared database {address} was lost during the check: "
                "run it again when the server can be reached."
            ).format(**address.in_message())
        report.findings.append(Finding("server", ERROR, message))
    return report


def _run(context: CheckContext, report: Report) -> None:
    """Each check of CHECKS in turn, in a read-only transaction of its own on a server."""
    connection = context.connection
    for name, check in CHECKS:
        if context.on_server and name in SERVER_SKIPS:
            report.notes.append(_(SERVER_SKIPS[name]))
            continue
        report.checks_run.append(name)
        try:
            if context.on_server:  # the check can never write to the shared database
                connection.exec_driver_sql("SET TRANSACTION READ ONLY")
            report.findings.extend(check(context))
        except DATABASE_ERRORS as exc:
            if isinstance(exc, DBAPIError) and context.on_server and lost_connection(exc):
                raise
            report.findings.append(
                Finding(
                    name,
                    ERROR,
                    _("This check could not run: {error}").format(error=driver_words(exc)),
                )
            )
        finally:
            with suppress(*DATABASE_ERRORS):
                connection.rollback()
        if name == "integrity" and report.errors:
            break  # a damaged file answers the other checks with nonsense
    report.notes.extend(context.notes)
