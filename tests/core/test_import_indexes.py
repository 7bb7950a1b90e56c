"""Indexes set aside during an import come back exactly as they were, whatever happens."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from assocdesk.services import contacts
from assocdesk.services.common import ListQuery
from assocdesk.spreadsheets import indexes
from assocdesk.spreadsheets.importer import ImportCancelled, run_import
from assocdesk.spreadsheets.reading import Table
from assocdesk.storage.engine import Database


def schema(session: Session) -> set[tuple[str, str, str]]:
    found = session.execute(text("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL"))
    return {tuple(row) for row in found}


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


def test_indexes_are_rebuilt_only_when_the_import_at_least_doubles_the_table(
    db: Database,
) -> None:
    add_people(db, 5)  # 5 contacts, 5 audit events
    rebuilt = (
        "SELECT name FROM sqlite_master "
        "WHERE name IN ('ix_contacts_name', 'ix_contacts_search', 'ix_audit_entity')"
    )
    with db.reading() as session:  # closed without commit: nothing stays
        kept = indexes.set_aside(session, 6, adding=4)
        assert kept.index_sql == []
        assert len(session.execute(text(rebuilt)).all()) == 3
    with db.reading() as session:
        dropped = indexes.set_aside(session, 6, adding=5)
        assert len(dropped.index_sql) == 3
        assert session.execute(text(rebuilt)).all() == []
        indexes.put_back(session, dropped)
        assert len(session.execute(text(rebuilt)).all()) == 3


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
