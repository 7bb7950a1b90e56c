"""`check`: a sound database passes; each kind of inconsistency is found and named.

On both backends: each inconsistency is made behind the app's back with SQL (``raw``), on the
file with foreign keys off, on the server with its triggers and foreign keys off
(``session_replication_role = replica``, what a superuser or a careless restore can do). What
is about the SQLite file itself (its bytes, FTS5's shadow tables, the files folder beside it) is
``sqlite_only``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assocdesk.checks import check
from assocdesk.cli import main
from assocdesk.services import association, contacts
from assocdesk.storage.engine import Database
from assocdesk.storage.migrations import HEAD_REVISION
from assocdesk.storage.paths import attachments_dir
from assocdesk.storage.sqlite_file import APPLICATION_ID
from tests.core.backup_helpers import record_donations


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSOCDESK_LANG", "en")


def messages(target: Path | Database) -> list[tuple[str, str, str]]:
    return [(f.check, f.severity, f.message) for f in check.run_checks(target).findings]


def raw(target: Path | Database, *statements: str) -> None:
    """Run ``statements`` behind the app's back, foreign keys and triggers off, committed."""
    if isinstance(target, Database) and target.on_server:
        with target.engine.begin() as connection:
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
            for statement in statements:
                connection.exec_driver_sql(statement)
        return
    path = target.path if isinstance(target, Database) else target
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=OFF")
    for statement in statements:
        conn.execute(statement)
    conn.close()


def query(target: Path | Database, statement: str) -> list[tuple]:
    """The rows of ``statement``, read beside the app on either backend."""
    if isinstance(target, Database) and target.on_server:
        with target.engine.connect() as connection:
            return [tuple(row) for row in connection.exec_driver_sql(statement)]
    path = target.path if isinstance(target, Database) else target
    conn = sqlite3.connect(path)
    try:
        return conn.execute(statement).fetchall()
    finally:
        conn.close()


def where(db: Database) -> str:
    """What ``--db`` is given for ``db``: its file, or its server's address."""
    return str(db.path) if db.server is None else db.server.text


def checks_run(db: Database) -> list[str]:
    """What a full run goes through: SQLite's integrity check is not run on a server."""
    names = [name for name, _check in check.CHECKS]
    if db.on_server:
        return ["server", *(name for name in names if name not in check.SERVER_SKIPS)]
    return ["file", *names]


def test_a_sound_database_passes(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    record_donations(db, 5)
    with db.transaction() as session:
        contacts.create(session, contacts.ContactInput(name="فاطمة الزهراء"))
    report = check.run_checks(db)
    assert report.ok and report.findings == []
    assert report.checks_run == checks_run(db)
    assert main(["--db", where(db), "check"]) == 0
    out = capsys.readouterr().out
    assert "no problem found" in out
    if db.on_server:  # what was not checked there is said, not hidden
        assert "the server's own job" in out
        assert len(report.notes) == 1
    else:
        assert report.notes == []


def test_receipt_gap_and_counter_behind(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    record_donations(db, 5)
    db.close()
    raw(
        db,
        "DELETE FROM donations WHERE receipt_seq = 3",
        "UPDATE receipt_counters SET last_number = 4",
    )
    found = messages(db)
    assert ("receipts", "error", "Receipts of 2024: numbers missing: 3.") in found
    assert any("counter is at 4 but number 5 is used" in m for _c, _s, m in found)
    assert main(["--db", where(db), "check"]) == 1
    out, err = capsys.readouterr()
    assert "numbers missing: 3" in out and "problems found" in err


def test_counter_ahead_is_a_gap(db: Database) -> None:
    record_donations(db, 2)
    db.close()
    raw(db, "UPDATE receipt_counters SET last_number = 4")
    assert messages(db) == [("receipts", "error", "Receipts of 2024: numbers missing: 3, 4.")]


def test_duplicate_receipt_numbers(tmp_path: Path) -> None:
    """The schema forbids it (unique year+seq); the check must still see it in a file whose
    constraint was lost, e.g. one repaired by another tool."""
    path = tmp_path / "hand-made.sqlite3"
    raw(
        path,
        "CREATE TABLE donations (id INTEGER PRIMARY KEY, receipt_year INT, receipt_seq INT)",
        "CREATE TABLE receipt_counters (year INT PRIMARY KEY, last_number INT)",
        "INSERT INTO donations (receipt_year, receipt_seq) VALUES (2024, 1), (2024, 2), (2024, 2)",
        "INSERT INTO receipt_counters VALUES (2024, 2)",
        # what makes a file an AssocDesk database for check and for opening alike
        f"PRAGMA application_id={APPLICATION_ID}",
        "CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)",
        f"INSERT INTO alembic_version VALUES ('{HEAD_REVISION}')",
    )
    assert messages(path) == [("receipts", "error", "Receipts of 2024: numbers used twice: 2.")]


def test_orphan_rows(db: Database) -> None:
    record_donations(db, 1)
    db.close()
    raw(db, "UPDATE donations SET contact_id = 999")
    assert messages(db) == [
        ("orphans", "error", "Row 1 of donations points to a missing row of contacts.")
    ]


@pytest.mark.sqlite_only  # FTS5's own table; the server's index: the test below
def test_search_index_out_of_step(db: Database) -> None:
    with db.transaction() as session:
        contact = contacts.create(session, contacts.ContactInput(name="Ahmed Benali"))
    db.close()
    raw(
        db.path,
        "INSERT INTO contacts_fts(contacts_fts, rowid, search_text) "
        f"SELECT 'delete', id, search_text FROM contacts WHERE id = {contact.id}",
    )
    [(name, severity, message)] = messages(db.path)
    assert (name, severity) == ("search_index", "error") and "out of step" in message


def test_the_servers_search_index_must_be_there_and_valid(server_db: Database) -> None:
    """pg_trgm's GIN index is kept by the server; what can go wrong is that it is gone, or left
    invalid by a build that failed half-way (the planner then ignores it)."""
    from assocdesk.checks.server_check import SEARCH_INDEX

    server_db.close()
    raw(
        server_db,
        f"UPDATE pg_index SET indisvalid = false WHERE indexrelid = '{SEARCH_INDEX}'::regclass",
    )
    [(name, severity, message)] = messages(server_db)
    assert (name, severity) == ("search_index", "error")
    assert "not valid" in message and f"REINDEX INDEX {SEARCH_INDEX};" in message
    raw(server_db, f"DROP INDEX {SEARCH_INDEX}")
    [(name, severity, message)] = messages(server_db)
    assert (name, severity) == ("search_index", "error")
    assert "missing" in message and f"CREATE INDEX {SEARCH_INDEX} ON contacts" in message


@pytest.mark.sqlite_only  # the files folder beside the file
def test_missing_attachments_and_settings_files(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.transaction() as session:
        association.save(
            session, association.ProfileInput(name_fr="Al Amal", logo_path="/nowhere/logo.png")
        )
    db.close()
    raw(
        db.path,
        "CREATE TABLE photos (id INTEGER PRIMARY KEY, file TEXT)",
        "INSERT INTO photos (file) VALUES ('a.jpg'), ('b.jpg'), ('')",
    )
    monkeypatch.setattr(check, "ATTACHMENT_COLUMNS", [("photos", "file")])
    folder = attachments_dir(db.path)
    assert messages(db.path) == [
        ("files", "error", f"The files folder {folder} is missing; 2 records need it."),
        ("files", "warning", "The file chosen in Settings is missing: /nowhere/logo.png"),
    ]
    folder.mkdir()
    (folder / "a.jpg").write_bytes(b"jpeg")
    found = messages(db.path)
    assert ("files", "error", f"The file {folder / 'b.jpg'} is missing.") in found
    assert len([f for f in found if f[1] == "error"]) == 1


@pytest.mark.sqlite_only  # the file's bytes
def test_a_damaged_file_is_reported_not_raised(db: Database, capsys) -> None:
    record_donations(db, 30)
    db.close()
    data = db.path.read_bytes()
    db.path.write_bytes(data[: len(data) // 2])
    report = check.run_checks(db.path)
    assert not report.ok and report.checks_run == ["file"]  # refused as opening refuses it
    assert "is damaged" in report.errors[0].message
    assert main(["--db", str(db.path), "check"]) == 1
    assert "[file]" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("language", "files", "expected"),
    [
        ("en", 1, "; 1 record needs it."),
        ("fr", 1, " ; 1 fiche en a besoin."),
        ("fr", 3, " ; 3 fiches en ont besoin."),
        ("ar", 1, "؛ يحتاج إليه سجل واحد."),
        ("ar", 2, "؛ يحتاج إليه سجلان."),
        ("ar", 3, "؛ يحتاج إليه 3 سجلات."),
        ("ar", 11, "؛ يحتاج إليه 11 سجلًا."),
    ],
)
@pytest.mark.sqlite_only  # the files folder beside the file
def test_the_missing_files_folder_counts_its_records_in_each_language(
    db: Database, monkeypatch: pytest.MonkeyPatch, language: str, files: int, expected: str
) -> None:
    """Issue 15: «تحتاجه 1 من السجلات», "1 records need it": the count agrees with its noun."""
    from assocdesk import i18n

    db.close()
    values = ", ".join(f"('{n}.jpg')" for n in range(files))
    raw(
        db.path,
        "CREATE TABLE photos (id INTEGER PRIMARY KEY, file TEXT)",
        f"INSERT INTO photos (file) VALUES {values}",
    )
    monkeypatch.setattr(check, "ATTACHMENT_COLUMNS", [("photos", "file")])
    i18n.set_language(language)
    [message] = [m for name, _s, m in messages(db.path) if name == "files"]
    assert str(attachments_dir(db.path)) in message
    assert message.endswith(expected), message


def test_values_the_app_never_writes_are_found(db: Database) -> None:
    """Bit rot inside a record passes integrity_check: "cash" read back as "c`sh" (one bit).

    A server's typed columns cannot hold a date or an amount that is not one: there, the words
    and the currency's letters are what an edit behind the app's back can spoil."""
    ids = record_donations(db, 3)
    db.close()
    raw(
        db,
        f"UPDATE donations SET method = 'c`sh' WHERE id = {ids[0]}",
        f"UPDATE donations SET currency = 'mAD' WHERE id = {ids[1]}",
    )
    if not db.on_server:
        raw(
            db,
            f"UPDATE donations SET donated_on = '2024-03-0!' WHERE id = {ids[1]}",
            f"UPDATE donations SET currency = 'MAE', amount_minor = '5OO' WHERE id = {ids[2]}",
        )
    found = [m for c, _s, m in messages(db) if c == "values"]
    assert any("donations.method" in m and "'c`sh'" in m for m in found)
    assert any("donations.currency" in m and "'mAD'" in m for m in found)
    if db.on_server:
        assert len(found) == 2
    else:
        assert len(found) == 4
        assert any("donations.donated_on" in m and "2024-03-0!" in m for m in found)
        assert any("donations.amount_minor" in m and "'5OO'" in m for m in found)


def test_the_servers_stored_files_are_there_and_whole(server_db: Database) -> None:
    """On a server a photo's content is a row of stored_files, keyed by its SHA-256: a photo
    whose content is gone, and a content that no longer hashes to its key, are named."""
    import hashlib
    from datetime import datetime

    from assocdesk.services import activities

    with server_db.transaction() as session:
        activity = activities.create(
            session,
            activities.ActivityInput(title="Iftar", starts_at=datetime(2026, 3, 1), currency="MAD"),
        )
        session.flush()
        activity_id = activity.id
    kept, gone = (hashlib.sha256(data).hexdigest() for data in (b"kept", b"gone"))

    def photo(n: int, sha256: str) -> str:
        return (
            "INSERT INTO activity_photos (activity_id, sha256, file_name, extension, caption, "
            "shows_minors, consent_obtained, uuid, created_at, updated_at) VALUES "
            f"({activity_id}, '{sha256}', 'photo{n}.png', 'png', '', false, true, "
            f"'00000000-0000-0000-0000-00000000000{n}', now(), now())"
        )

    stored = (
        "INSERT INTO stored_files (sha256, extension, size, data, created_at) "
        f"VALUES ('{kept}', 'png', 4, 'kept'::bytea, now())"
    )
    raw(server_db, photo(1, kept), photo(2, gone), stored)
    found = [(s, m) for c, s, m in messages(server_db) if c == "files"]
    [photo_id] = query(server_db, f"SELECT id FROM activity_photos WHERE sha256 = '{gone}'")[0]
    assert found == [
        (
            "error",
            f"The file photo2.png (activity photo {photo_id}) is missing from the shared database.",
        )
    ]
    raw(server_db, f"UPDATE stored_files SET data = 'kepT'::bytea WHERE sha256 = '{kept}'")
    found = [m for c, _s, m in messages(server_db) if c == "files"]
    assert (
        f"The stored file {kept}.png is damaged: its content no longer matches its SHA-256."
        in found
    )
    assert len(found) == 2


def test_a_connection_lost_during_the_check_is_one_finding(
    server_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server restarted or the network dropped half-way: the checks after it are not run
    on a dead connection, and the report says what happened, not "could not run" seven times."""

    def cut(context: check.CheckContext) -> list[check.Finding]:
        context.rows("SELECT pg_terminate_backend(pg_backend_pid())")
        return []

    monkeypatch.setattr(check, "CHECKS", [("values", cut), *check.CHECKS])
    report = check.run_checks(server_db)
    assert [(f.check, f.severity) for f in report.findings] == [("server", "error")]
    assert "was lost during the check" in report.findings[0].message
    assert report.checks_run == ["server", "values"]
