"""Opening the SQLite file: create, refuse without writing, pragmas and transactions."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from assocdesk.models import Base, Contact
from assocdesk.services import contacts, donations
from assocdesk.storage import migrations, paths
from assocdesk.storage.engine import Database
from assocdesk.storage.errors import DatabaseError, DatabaseTooNew, NotAnAssocDeskDatabase
from assocdesk.storage.migrations import HEAD_REVISION, runner
from assocdesk.storage.opening import open_database
from assocdesk.storage.paths import resolve_database_path
from assocdesk.storage.sqlite_file import APPLICATION_ID, snapshot


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sidecars(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.glob(path.name + "-*"))


def test_head_revision_matches_alembic_head() -> None:
    assert runner.head_revision() == migrations.HEAD_REVISION == HEAD_REVISION
    assert runner.is_known(HEAD_REVISION)
    assert not runner.is_known("9999")


def test_new_database_has_every_table_and_the_head_revision(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "new.sqlite3"
    database = open_database(path)
    try:
        with database.reading() as session:
            tables = set(inspect(session.connection()).get_table_names())
            version = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
            app_id = session.execute(text("PRAGMA application_id")).scalar()
    finally:
        database.close()
    assert set(Base.metadata.tables) <= tables
    assert {"alembic_version", "contacts_fts"} <= tables
    assert version == HEAD_REVISION
    assert app_id == APPLICATION_ID
    assert path.read_bytes().startswith(b"SQLite format 3\x00")


def test_new_database_schema_matches_the_models(db: Database) -> None:
    """The first migration creates the columns the models declare (no drift)."""
    with db.reading() as session:
        inspector = inspect(session.connection())
        for table in Base.metadata.sorted_tables:
            columns = {c["name"] for c in inspector.get_columns(table.name)}
            assert columns == set(table.columns.keys()), table.name


@pytest.mark.sqlite_only
def test_session_connections_have_the_pragmas(db: Database) -> None:
    for opener in (db.reading, db.transaction):
        with opener() as session:
            pragma = lambda name: session.execute(text(f"PRAGMA {name}")).scalar()  # noqa: E731
            assert pragma("journal_mode") == "wal"
            assert pragma("foreign_keys") == 1
            assert pragma("synchronous") == 2  # FULL
            assert pragma("busy_timeout") == 5000


def test_server_sessions_are_in_utc_and_never_wait_for_ever(server_db: Database) -> None:
    """The SQLite file stores naive UTC; the server's sessions read and write times in UTC too,
    and a row another desk holds makes a save fail after a minute rather than hang."""
    for opener in (server_db.reading, server_db.transaction):
        with opener() as session:
            assert session.execute(text("SHOW TIME ZONE")).scalar() == "UTC"
            assert session.execute(text("SHOW lock_timeout")).scalar() == "1min"


def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(Exception, match=r"(?i)foreign key"), db.transaction() as session:
        session.execute(
            text(
                "INSERT INTO memberships (contact_id, number, category, joined_on, uuid,"
                " created_at, updated_at) VALUES (999, '1', '', '2025-01-01', 'u',"
                " '2025-01-01 10:00:00', '2025-01-01 10:00:00')"
            )
        )


@pytest.mark.sqlite_only
def test_write_transaction_takes_the_write_lock_up_front(db: Database, db_path: Path) -> None:
    other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        with db.reading() as session:
            session.execute(text("SELECT 1"))
            other.execute("BEGIN IMMEDIATE")  # a reader does not block writers
            other.execute("ROLLBACK")
        with db.transaction() as session:
            session.execute(text("SELECT 1"))
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()


def test_transaction_commits_at_the_end(db: Database) -> None:
    with db.transaction() as session:
        contact_id = contacts.create(session, contacts.ContactInput(name="Karim")).id
    with db.reading() as session:
        assert contacts.get(session, contact_id).name == "Karim"


def test_exception_inside_transaction_rolls_everything_back(db: Database) -> None:
    with pytest.raises(RuntimeError), db.transaction() as session:
        contacts.create(session, contacts.ContactInput(name="Karim"))
        session.flush()
        raise RuntimeError("boom")
    with db.reading() as session:
        assert session.query(Contact).count() == 0


def test_ddl_inside_a_rolled_back_transaction_leaves_no_table(db: Database) -> None:
    """Proves the BEGIN recipe: pysqlite alone would have committed the CREATE TABLE."""
    with pytest.raises(RuntimeError), db.transaction() as session:
        session.execute(text("CREATE TABLE scratch (x INTEGER)"))
        session.execute(text("INSERT INTO scratch VALUES (1)"))
        raise RuntimeError("boom")
    with db.reading() as session:
        assert "scratch" not in inspect(session.connection()).get_table_names()


def test_reading_session_never_writes(db: Database) -> None:
    with db.reading() as session:
        session.add(Contact(name="ghost"))
        session.flush()
    with db.reading() as session:
        assert session.query(Contact).count() == 0


def test_reopening_keeps_the_data(db_path: Path) -> None:
    database = open_database(db_path)
    with database.transaction() as session:
        contacts.create(session, contacts.ContactInput(name="Karim"))
    database.close()
    database = open_database(db_path)
    try:
        with database.reading() as session:
            assert [c.name for c in session.query(Contact)] == ["Karim"]
    finally:
        database.close()
    assert not list(db_path.parent.glob("*.before-upgrade-*"))  # same revision: no backup


def test_refuses_a_text_file_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("Meeting notes, not a database.\n" * 10, encoding="utf-8")
    before = sha256(path)
    with pytest.raises(NotAnAssocDeskDatabase, match="not a SQLite file"):
        open_database(path)
    assert sha256(path) == before
    assert sidecars(path) == []


def test_refuses_another_programs_sqlite_file_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.execute("INSERT INTO songs VALUES ('x')")
    conn.commit()
    conn.close()
    before = sha256(path)
    with pytest.raises(NotAnAssocDeskDatabase, match="another program"):
        open_database(path)
    assert sha256(path) == before
    assert sidecars(path) == []


def test_refuses_a_file_with_a_foreign_application_id(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234")
    conn.commit()
    conn.close()
    with pytest.raises(NotAnAssocDeskDatabase):
        open_database(path)


def test_refuses_a_newer_database_byte_identical(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    assert sidecars(db_path) == []
    before = sha256(db_path)
    with pytest.raises(DatabaseTooNew, match="9999") as caught:
        open_database(db_path)
    assert isinstance(caught.value, DatabaseError)
    assert sha256(db_path) == before
    # Regression: the read-only inspection left empty -wal and -shm files beside a refused file.
    assert sidecars(db_path) == []
    assert not list(db_path.parent.glob("*.before-upgrade-*"))


@pytest.mark.sqlite_only
def test_inspection_reads_committed_data_still_in_the_wal(db: Database, db_path: Path) -> None:
    """With a -wal file present the inspection must not ignore it (no immutable read)."""
    with db.transaction() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    assert (db_path.parent / (db_path.name + "-wal")).exists()
    with pytest.raises(DatabaseTooNew):
        open_database(db_path)


def test_missing_file_without_create_and_folder(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="no database"):
        open_database(tmp_path / "missing.sqlite3", create=False)
    assert not (tmp_path / "missing.sqlite3").exists()
    with pytest.raises(NotAnAssocDeskDatabase, match="folder"):
        open_database(tmp_path)


def test_empty_file_becomes_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    open_database(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD_REVISION,)
    conn.close()


def test_resolve_database_path_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    explicit, from_env = tmp_path / "explicit.sqlite3", tmp_path / "env.sqlite3"
    monkeypatch.setenv("ASSOCDESK_DB", str(from_env))
    assert resolve_database_path(explicit) == explicit
    assert resolve_database_path(str(explicit)) == explicit
    assert resolve_database_path() == from_env
    assert resolve_database_path("") == from_env
    monkeypatch.delenv("ASSOCDESK_DB")
    assert resolve_database_path() == paths.default_database_path()
    assert resolve_database_path().name == "assocdesk.sqlite3"
    monkeypatch.setenv("HOME", str(tmp_path))
    assert resolve_database_path("~/x.sqlite3") == tmp_path / "x.sqlite3"


def test_open_database_uses_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "env.sqlite3"
    monkeypatch.setenv("ASSOCDESK_DB", str(path))
    database = open_database()
    database.close()
    assert database.path == path
    assert path.exists()


@pytest.mark.sqlite_only
def test_backup_copy_includes_data_still_in_the_wal(db: Database, tmp_path: Path) -> None:
    with db.transaction() as session:
        contact = contacts.create(session, contacts.ContactInput(name="Karim"))
        session.flush()
        donations.record(
            session,
            donations.DonationInput(
                amount="10", currency="MAD", donated_on=date(2025, 1, 2), contact_id=contact.id
            ),
        )
    copy = snapshot(db.path, tmp_path / "backups" / "copy.sqlite3")
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("SELECT name FROM contacts").fetchall() == [("Karim",)]
        assert conn.execute("SELECT receipt_number FROM donations").fetchall() == [("R-2025-0001",)]
    finally:
        conn.close()
