"""Indexes set aside during an import come back exactly as they were, whatever happens."""

from __future__ import annotations

import pytest
from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from assocdesk.services import contacts
from assocdesk.services.common import ListQuery
from assocdesk.spreadsheets import indexes
from assocdesk.spreadsheets.importer import ImportCancelled, run_import
from assocdesk.spreadsheets.reading import Table
from assocdesk.storage.engine import Database


def schema(session: Session) -> set[tuple[str, str, str]]:
    """Every table, index and trigger with the statement that makes it."""
    if session.get_bind().dialect.name == "sqlite":
        query = "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL"
    else:
        query = (
            "SELECT 'index', indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = current_schema() "
            "UNION ALL SELECT 'trigger', tgname, pg_get_triggerdef(oid) FROM pg_trigger "
            "UNION ALL SELECT 'table', tablename, '' FROM pg_tables "
            "WHERE schemaname = current_schema()"
        )
    return {tuple(row) for row in session.execute(text(query))}


REBUILT = ("ix_contacts_name", "ix_contacts_search", "ix_audit_entity")


def rebuilt_indexes(session: Session) -> int:
    """How many of the indexes a big import may set aside are there."""
    if session.get_bind().dialect.name == "sqlite":
        query = "SELECT count(*) FROM sqlite_master WHERE name IN :names"
    else:
        query = "SELECT count(*) FROM pg_indexes WHERE indexname IN :names"
    statement = text(query).bindparams(bindparam("names", expanding=True))
    return session.execute(statement, {"names": list(REBUILT)}).scalar_one()


def people(count: int, start: int = 0) -> Table:
    rows = [(i + 2, [f"Personne {i}", f"06 {i:08d}", "Fès"]) for i in range(start, start + count)]
    return Table(["Nom", "Téléphone", "Ville"], rows)


def add_people(db: Database, count: int) -> None:
    with db.transaction() as session:
        for i in range(count):
            contacts.create(session, contacts.ContactInput(name=f"Déjà là {i}"))


def test_a_big_import_builds_the_same_indexes_again(db: Database) -> None:
    with db.reading() as session:
        before = schema(session)
    run_import(db, people(300), "contacts", ["name", "phone", "city"])
    with db.reading() as session:
        assert schema(session) == before
        if db.backend == "sqlite":
            plan = session.execute(
                text("EXPLAIN QUERY PLAN SELECT id FROM contacts WHERE name = 'Personne 7'")
            ).all()
            assert "ix_contacts_name" in str(plan)
        # The search index holds the new contacts; new ones typed later are indexed too.
        (found,) = contacts.ids(session, ListQuery(search="Personne 123"))
        assert contacts.get(session, found).name == "Personne 123"
        typed = contacts.create(session, contacts.ContactInput(name="Tapé après"))
        session.flush()
        assert list(contacts.ids(session, ListQuery(search="Tapé après"))) == [typed.id]


@pytest.mark.sqlite_only  # PostgreSQL never sets an index aside: see the next test
def test_indexes_are_rebuilt_only_when_the_import_at_least_doubles_the_table(
    db: Database,
) -> None:
    add_people(db, 5)  # 5 contacts, 5 audit events
    with db.reading() as session:  # closed without commit: nothing stays
        kept = indexes.set_aside(session, 6, adding=4)
        assert kept.index_sql == []
        assert rebuilt_indexes(session) == 3
    with db.reading() as session:
        dropped = indexes.set_aside(session, 6, adding=5)
        assert len(dropped.index_sql) == 3
        assert rebuilt_indexes(session) == 0
        indexes.put_back(session, dropped)
        assert rebuilt_indexes(session) == 3


def test_on_a_server_the_indexes_stay_whatever_the_import_adds(server_db: Database) -> None:
    """Dropping an index would lock every other desk out of the table until the commit."""
    add_people(server_db, 5)
    with server_db.reading() as session:
        aside = indexes.set_aside(session, 6, adding=1000)
        assert (aside.index_sql, aside.trigger_sql) == ([], None)
        assert rebuilt_indexes(session) == 3
        indexes.put_back(session, aside)
        assert rebuilt_indexes(session) == 3


def test_a_cancelled_import_leaves_the_schema_as_it_was(db: Database) -> None:
    add_people(db, 2)
    with db.reading() as session:
        before = schema(session)

    def stop_half_way(done: int, total: int) -> bool:
        return done < 1000

    with pytest.raises(ImportCancelled):
        run_import(db, people(1200), "contacts", ["name", "phone", "city"], progress=stop_half_way)
    with db.reading() as session:
        assert schema(session) == before
