"""Upgrading a database created by the first migration, as a newer AssocDesk would.

A newer version is simulated by a copy of the migrations folder with one more revision, 9001,
on top of the current head; the real 0001 → head upgrade is tested at the end.
"""

from __future__ import annotations

import importlib.util
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from assocdesk.models import Contact
from assocdesk.services import contacts, donations
from assocdesk.services.common import ListQuery
from assocdesk.storage import migrations
from assocdesk.storage.engine import Database, create_sqlite_engine
from assocdesk.storage.errors import DatabaseUpgradeFailed
from assocdesk.storage.migrations import runner
from assocdesk.storage.opening import open_database


def _first_migration_triggers() -> list[str]:
    """The trigger statements of 0001, as a migration rebuilding contacts must repeat them."""
    path = runner.MIGRATIONS_DIR / "versions" / "0001_initial_schema.py"
    spec = importlib.util.spec_from_file_location("assocdesk_test_0001", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [s for s in module.FTS_STATEMENTS if s.startswith("CREATE TRIGGER")]


HEAD = migrations.HEAD_REVISION

MIGRATION = '''"""test: contacts get a nickname"""
from alembic import op
import sqlalchemy as sa

revision = "9001"
down_revision = {head!r}
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contacts", recreate={recreate!r}) as batch:
        batch.add_column(sa.Column("nickname", sa.String(50), nullable=False, server_default=""))
    # Batch mode may rebuild the table, which drops its triggers: create them again.
    for statement in {triggers!r}:
        op.execute("DROP TRIGGER IF EXISTS " + statement.split()[2])
        op.execute(statement)
    {fail}


def downgrade() -> None:
    pass
'''


@pytest.fixture
def old_database(db_path: Path) -> Path:
    """A database at the current head with a contact, a donation, a membership; closed."""
    from assocdesk.services import members

    database = open_database(db_path)
    with database.transaction() as session:
        contact = contacts.create(
            session, contacts.ContactInput(name="أحمد بنعلي", phone="06 12 34 56 78")
        )
        session.flush()
        donations.record(
            session,
            donations.DonationInput(
                amount="250", currency="MAD", donated_on=date(2025, 3, 1), contact_id=contact.id
            ),
        )
        members.create(
            session,
            members.MemberInput(contacts.ContactInput(name="فاطمة الزهراء"), number="0001"),
        )
    database.close()
    return db_path


def newer_version(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    *,
    recreate: str = "always",
    keep_triggers: bool = True,
    fail: bool = False,
) -> None:
    copy = tmp_path / "newer_migrations"
    shutil.copytree(runner.MIGRATIONS_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    source = MIGRATION.format(
        head=HEAD,
        recreate=recreate,
        triggers=_first_migration_triggers() if keep_triggers else [],
        fail="raise RuntimeError('migration failed midway')" if fail else "pass",
    )
    (copy / "versions" / "9001_test.py").write_text(source, encoding="utf-8")
    monkeypatch.setattr(runner, "MIGRATIONS_DIR", copy)
    monkeypatch.setattr(migrations, "HEAD_REVISION", "9001")


def read(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def search(database: Database, words: str) -> list[str]:
    with database.reading() as session:
        return [r.name for r in contacts.list_contacts(session, ListQuery(search=words)).rows]


@pytest.mark.parametrize("recreate", ["auto", "always"])
def test_upgrade_backs_up_then_migrates_keeping_the_data(
    old_database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, recreate: str
) -> None:
    newer_version(monkeypatch, tmp_path, recreate=recreate)
    assert runner.head_revision() == "9001"
    database = open_database(old_database)
    try:
        backups = list(
            old_database.parent.glob(f"{old_database.stem}.before-upgrade-{HEAD}-*.sqlite3")
        )
        assert len(backups) == 1
        assert read(backups[0], "SELECT version_num FROM alembic_version") == [(HEAD,)]
        assert read(backups[0], "SELECT name FROM contacts ORDER BY id")[0] == ("أحمد بنعلي",)

        with database.reading() as session:
            run = lambda sql: session.execute(text(sql)).all()  # noqa: E731
            assert run("SELECT version_num FROM alembic_version") == [("9001",)]
            assert [r[1] for r in run("PRAGMA table_info(contacts)")][-1] == "nickname"
            assert run("SELECT name, nickname FROM contacts ORDER BY id") == [
                ("أحمد بنعلي", ""),
                ("فاطمة الزهراء", ""),
            ]
            assert run("SELECT receipt_number, amount_minor FROM donations") == [
                ("R-2025-0001", 25000)
            ]
            assert run("PRAGMA foreign_key_check") == []
            assert run("PRAGMA foreign_keys") == [(1,)]
            index_names = {r[1] for r in run("PRAGMA index_list(contacts)")}
            assert "ix_contacts_name" in index_names
            donation = donations.get(session, 1)
            assert donation.contact is not None and donation.contact.name == "أحمد بنعلي"

        assert search(database, "احمد") == ["أحمد بنعلي"]
        assert search(database, "٠٦١٢") == ["أحمد بنعلي"]
        # The search triggers still work for new and changed contacts.
        with database.transaction() as session:
            contacts.create(session, contacts.ContactInput(name="BENALI Karim"))
            fatima = session.query(Contact).filter_by(name="فاطمة الزهراء").one()
            data = contacts.ContactInput.from_contact(fatima)
            data.name = "فاطمة بنت محمد"
            contacts.update(session, fatima.id, data)
        assert search(database, "benali") == ["BENALI Karim", "أحمد بنعلي"]
        assert search(database, "محمد") == ["فاطمة بنت محمد"]
        assert search(database, "الزهراء") == []
        # Foreign keys still point at the rebuilt table.
        with pytest.raises(Exception, match="FOREIGN KEY"), database.transaction() as session:
            session.execute(text("DELETE FROM contacts WHERE id = 1"))
    finally:
        database.close()

    # Opening again: already at head, no second backup.
    open_database(old_database).close()
    assert len(list(old_database.parent.glob("*.before-upgrade-*"))) == 1


def test_rebuild_that_drops_the_search_triggers_is_refused(
    old_database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: a batch rebuild of contacts silently dropped the contacts_fts triggers, so
    contacts saved after the upgrade were missing from search."""
    newer_version(monkeypatch, tmp_path, recreate="always", keep_triggers=False)
    with pytest.raises(DatabaseUpgradeFailed, match="contacts_fts_insert") as failure:
        open_database(old_database)
    assert isinstance(failure.value.__cause__, runner.MigrationError)
    assert f"before-upgrade-{HEAD}" in str(failure.value)  # the message names the safety copy
    assert read(old_database, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    triggers = read(old_database, "SELECT name FROM sqlite_master WHERE type = 'trigger'")
    assert {name for (name,) in triggers} == runner.SEARCH_INDEX_TRIGGERS


def test_failed_migration_leaves_the_database_at_its_old_revision(
    old_database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    newer_version(monkeypatch, tmp_path, fail=True)
    with pytest.raises(DatabaseUpgradeFailed, match="midway"):
        open_database(old_database)
    assert read(old_database, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    columns = [r[1] for r in read(old_database, "PRAGMA table_info(contacts)")]
    assert "nickname" not in columns
    assert [r[0] for r in read(old_database, "SELECT name FROM contacts ORDER BY id")] == [
        "أحمد بنعلي",
        "فاطمة الزهراء",
    ]
    assert read(old_database, "SELECT count(*) FROM donations") == [(1,)]
    assert read(old_database, "PRAGMA foreign_key_check") == []
    # Regression: the engine of the failed upgrade was never disposed, keeping the file open.
    assert not list(old_database.parent.glob(old_database.name + "-*"))

    # The previous version still opens it as before.
    monkeypatch.undo()
    database = open_database(old_database)
    try:
        assert search(database, "احمد") == ["أحمد بنعلي"]
    finally:
        database.close()


def test_database_created_by_the_first_migration_upgrades_to_head(tmp_path: Path) -> None:
    """The real path: a file made by AssocDesk 0.1 (schema 0001) opened by this version."""
    path = tmp_path / "from-0001.sqlite3"
    engine = create_sqlite_engine(path)
    runner.upgrade(engine, "0001")
    with engine.begin() as conn:  # the 0001 schema, written as that version wrote it
        now = "2025-03-01 10:00:00.000000"
        conn.exec_driver_sql(
            "INSERT INTO contacts (id, uuid, created_at, updated_at, kind, name, phone, email,"
            " address, city, country, is_minor, consent_publish_name, consent_publish_photo,"
            " consent_contact, notes, search_text) VALUES (1, 'u1', ?, ?, 'person',"
            " 'أحمد بنعلي', '0612345678', '', '', '', 'MA', 0, 0, 0, 0, '',"
            " 'احمد بنعلي 0612345678')",
            (now, now),
        )
        conn.exec_driver_sql(
            "INSERT INTO donations (id, uuid, created_at, updated_at, contact_id, donated_on,"
            " amount_minor, currency, method, in_kind_description, receipt_year, receipt_seq,"
            " receipt_number, status, void_reason, notes) VALUES (1, 'u2', ?, ?, 1,"
            " '2025-03-01', 25000, 'MAD', 'cash', '', 2025, 1, 'R-2025-0001', 'recorded', '', '')",
            (now, now),
        )
        conn.exec_driver_sql("INSERT INTO receipt_counters (year, last_number) VALUES (2025, 1)")
    engine.dispose()
    assert read(path, "SELECT version_num FROM alembic_version") == [("0001",)]

    database = open_database(path)
    try:
        assert read(path, "SELECT version_num FROM alembic_version") == [(HEAD,)]
        [backup] = path.parent.glob("from-0001.before-upgrade-0001-*.sqlite3")
        assert read(backup, "SELECT version_num FROM alembic_version") == [("0001",)]
        assert read(path, "PRAGMA foreign_key_check") == []
        assert read(path, "PRAGMA integrity_check") == [("ok",)]
        with database.reading() as session:
            donation = donations.get(session, 1)
            assert donation.receipt_number == "R-2025-0001"
            assert donation.receipt_prints == 0 and donation.replaces_id is None
            assert donation.contact.name == "أحمد بنعلي"
        assert search(database, "احمد") == ["أحمد بنعلي"]
        with database.transaction() as session:  # numbering goes on where 0.1 left it
            number = donations.record(
                session,
                donations.DonationInput(
                    amount="10",
                    currency="MAD",
                    donated_on=date(2025, 4, 1),
                    contact_id=1,
                ),
            ).receipt_number
        assert number == "R-2025-0002"
    finally:
        database.close()
