"""Nobody overwrites anybody: a save over a record changed meanwhile is refused, in words."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy.orm.exc import StaleDataError

from assocdesk import i18n
from assocdesk.models import Contact
from assocdesk.services import conflicts, contacts
from assocdesk.services.errors import EditConflict
from assocdesk.storage.engine import Database


def _new_contact(db: Database) -> int:
    with db.transaction() as session:
        contact = contacts.create(
            session, contacts.ContactInput(name="Karima Alaoui", phone="0612345678")
        )
    return contact.id


def _edit(db: Database, contact_id: int, **changes: str) -> int:
    with db.transaction() as session:
        data = contacts.details(session, contact_id).values
        for key, value in changes.items():
            setattr(data, key, value)
        return contacts.update(session, contact_id, data).version


def test_every_save_moves_the_version_and_the_journal_keeps_it(db: Database) -> None:
    contact_id = _new_contact(db)
    assert _edit(db, contact_id, phone="0699999999") == 2
    assert _edit(db, contact_id, city="Fès") == 3
    with db.reading() as session:
        changes, actors, when = conflicts.their_changes(session, "contacts", contact_id, 1)
    assert [(c.label, c.before, c.after) for c in changes] == [
        ("Phone", "0612345678", "0699999999"),
        ("City", "—", "Fès"),
    ]
    assert actors and when is not None


def test_a_save_from_an_older_version_is_refused_with_what_changed(db: Database) -> None:
    contact_id = _new_contact(db)
    _edit(db, contact_id, phone="0699999999")  # the other desk
    with db.transaction() as session, pytest.raises(EditConflict) as refused:
        contact = session.get(Contact, contact_id)
        conflicts.check_version(session, contact, 1, "contacts")
    message = refused.value.message
    assert "while you were editing it" in message
    assert "Phone: 0612345678 → 0699999999" in message
    assert "What you typed is still in the form" in message
    assert refused.value.version == 2  # saving again from the form overwrites knowingly
    with db.transaction() as session:
        conflicts.check_version(session, session.get(Contact, contact_id), 2, "contacts")


def test_the_conflict_is_said_in_arabic_and_french(db: Database) -> None:
    contact_id = _new_contact(db)
    _edit(db, contact_id, city="Oujda")
    for language, words in (("ar", "أثناء"), ("fr", "pendant que vous")):
        i18n.set_language(language)
        with db.reading() as session, pytest.raises(EditConflict) as refused:
            conflicts.check_version(session, session.get(Contact, contact_id), 1, "contacts")
        assert words in refused.value.message


def test_no_version_checks_nothing(db: Database) -> None:
    """The command line and the imports send none: they never held a form open."""
    contact_id = _new_contact(db)
    _edit(db, contact_id, city="Oujda")
    with db.reading() as session:
        conflicts.check_version(session, session.get(Contact, contact_id), None, "contacts")


def test_two_desks_saving_the_same_version_at_once(server_db: Database) -> None:
    """Both passed the check: the server makes the second UPDATE wait for the first, then
    finds no row at the version it read, and the second save fails whole."""
    contact_id = _new_contact(server_db)
    first_wrote = threading.Event()
    outcome: list[BaseException | None] = []

    def second_desk() -> None:
        try:
            with server_db.transaction() as session:
                contact = session.get(Contact, contact_id)  # version 1
                first_wrote.wait(10)
                contact.city = "Tanger"
                session.flush()
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    other = threading.Thread(target=second_desk)
    other.start()
    with server_db.transaction() as session:
        contact = session.get(Contact, contact_id)
        contact.city = "Agadir"
        session.flush()
        first_wrote.set()
    other.join(20)
    assert len(outcome) == 1 and isinstance(outcome[0], StaleDataError)
    with server_db.reading() as session:
        kept = session.get(Contact, contact_id)
        assert (kept.city, kept.version) == ("Agadir", 2)
