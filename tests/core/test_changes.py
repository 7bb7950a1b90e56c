"""What a unit of work changed, as the session records it (issue 19, point 2)."""

from __future__ import annotations

import pytest
from sqlalchemy import text, update

from assocdesk.models import Base, Contact
from assocdesk.services import campaigns, contacts
from assocdesk.services.changes import (
    TABLE_KINDS,
    ChangeKind,
    Changes,
    capture,
    record,
    take_changes,
)
from assocdesk.services.contacts import ContactInput
from assocdesk.spreadsheets.importer import run_import
from assocdesk.spreadsheets.reading import read_csv_bytes
from assocdesk.storage.engine import Database

K = ChangeKind


def create_contact(db: Database, name: str) -> tuple[int, Changes]:
    with db.transaction() as session:
        contact_id = contacts.create(session, ContactInput(name=name)).id
    return contact_id, take_changes(session)


def test_a_create_reports_its_kind_and_new_id(db: Database) -> None:
    contact_id, changes = create_contact(db, "Amina")
    assert changes.kinds == {K.CONTACTS, K.JOURNAL}  # the record and its audit event
    assert changes.ids_of(K.CONTACTS) == {contact_id}
    assert changes.created[K.CONTACTS] == {contact_id}
    assert changes.deleted[K.CONTACTS] == frozenset()
    assert changes.ids_of(K.DONATIONS) == frozenset()  # not touched at all
    with db.transaction() as session:
        pass
    assert take_changes(session) == Changes()  # nothing written, nothing reported


def test_an_update_reports_only_the_changed_record(db: Database) -> None:
    first, _ = create_contact(db, "Amina")
    second, _ = create_contact(db, "Youssef")
    with db.transaction() as session:
        contacts.update(session, second, ContactInput(name="Youssef B."))
        contacts.get(session, first).city = contacts.get(session, first).city  # same value
    changes = take_changes(session)
    assert changes.ids_of(K.CONTACTS) == {second}
    assert changes.created[K.CONTACTS] == frozenset()
    assert take_changes(session) == Changes()  # handed over once


def test_a_bulk_update_changes_a_kind_without_ids(db: Database) -> None:
    create_contact(db, "Amina")
    with db.transaction() as session:
        session.execute(update(Contact).values(city="Rabat"))
    changes = take_changes(session)
    assert changes.kinds == {K.CONTACTS}
    assert changes.ids_of(K.CONTACTS) is None  # which rows: not known, a list reloads
    with db.transaction() as session:
        session.execute(text("UPDATE campaigns SET description = ''"))
    assert take_changes(session).kinds == {K.CAMPAIGNS}


def test_a_rollback_reports_nothing(db: Database) -> None:
    with pytest.raises(RuntimeError), db.transaction() as session:
        contacts.create(session, ContactInput(name="Amina"))
        session.flush()  # written, then rolled back
        raise RuntimeError
    assert take_changes(session) == Changes()
    with db.reading() as session:
        contacts.create(session, ContactInput(name="Never committed"))
        session.flush()
    assert take_changes(session) == Changes()


def test_known_and_unknown_ids_combine() -> None:
    known = Changes(frozenset({K.CONTACTS}), {K.CONTACTS: frozenset({1})})
    other = Changes(frozenset({K.CONTACTS}), {K.CONTACTS: frozenset({2})})
    assert (known | other).ids_of(K.CONTACTS) == {1, 2}
    assert (known | Changes.of(K.CONTACTS)).ids_of(K.CONTACTS) is None
    both = known | Changes.of(K.CAMPAIGNS)
    assert both.ids_of(K.CONTACTS) == {1} and both.ids_of(K.CAMPAIGNS) is None
    assert Changes.everything().touches("donations")  # a StrEnum: the string matches too


def test_a_capture_sees_sessions_opened_inside_it(db: Database) -> None:
    with capture() as captured:
        contact_id, _ = create_contact(db, "Amina")
        with db.transaction() as session:
            campaigns.create(session, campaigns.CampaignInput(name="Ramadan", currency="MAD"))
    assert captured.changes.ids_of(K.CONTACTS) == {contact_id}
    assert K.CAMPAIGNS in captured.changes.kinds
    create_contact(db, "Later")
    assert captured.changes.ids_of(K.CONTACTS) == {contact_id}  # the block had ended


def test_rows_written_behind_the_orm_are_recorded_by_hand(db: Database) -> None:
    with db.transaction() as session:
        record(session, "donations", created=[7, 8])
        record(session, "audit_events")
    changes = take_changes(session)
    assert changes.created[K.DONATIONS] == {7, 8}
    assert changes.ids_of(K.JOURNAL) is None


def test_an_import_reports_what_it_wrote(db: Database) -> None:
    with capture() as captured:
        run_import(db, read_csv_bytes(b"Nom,Ville\nAmina,Rabat\n"), "contacts", ["name", "city"])
    assert captured.changes.touches(K.CONTACTS)
    assert captured.changes.ids_of(K.CONTACTS) != frozenset()


def test_every_table_has_its_kinds() -> None:
    """A new table without an entry would change nothing a list sees: a list never refreshes."""
    assert set(Base.metadata.tables) <= set(TABLE_KINDS)
