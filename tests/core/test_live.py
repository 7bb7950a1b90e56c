"""Live desks: what one desk commits on a server reaches the others, and only what commits."""

from __future__ import annotations

import queue
from datetime import date

import pytest

from assocdesk.services import contacts, donations, live
from assocdesk.services.changes import ChangeKind, Changes
from assocdesk.storage.engine import Database
from assocdesk.storage.opening import open_database
from assocdesk.storage.server_events import ServerListener

WAIT = 10.0


@pytest.fixture
def other_desk(server_url: str, server_db: Database):
    """What a second desk on the same server hears, as Changes, in a queue."""
    heard: queue.Queue[Changes | None] = queue.Queue()
    listener = ServerListener(
        server_db.server, None, lambda message: heard.put(live.heard(message, desk="other"))
    )
    listener.start()
    assert listener.wait_until_listening()
    yield heard
    listener.stop()


def test_a_saved_contact_is_heard_by_the_other_desk_with_its_id(
    server_db: Database, other_desk: queue.Queue
) -> None:
    with server_db.transaction() as session:
        contact = contacts.create(session, contacts.ContactInput(name="Karima Alaoui"))
    changes = other_desk.get(timeout=WAIT)
    assert changes.touches(ChangeKind.CONTACTS)
    assert changes.ids_of(ChangeKind.CONTACTS) == {contact.id}
    assert contact.id in changes.created[ChangeKind.CONTACTS]


def test_a_rolled_back_save_is_not_heard(server_db: Database, other_desk: queue.Queue) -> None:
    with pytest.raises(RuntimeError), server_db.transaction() as session:
        contacts.create(session, contacts.ContactInput(name="Never Saved"))
        session.flush()
        raise RuntimeError("the save failed after its rows were written")
    with server_db.transaction() as session:
        data = donations.DonationInput(
            amount="100", currency="MAD", donated_on=date(2025, 5, 1), anonymous=True
        )
        donations.record(session, data)
    changes = other_desk.get(timeout=WAIT)  # the next thing heard is the gift, not the contact
    assert changes.touches(ChangeKind.DONATIONS) and not changes.touches(ChangeKind.CONTACTS)


def test_two_desks_in_one_program_have_their_own_marks(
    server_url: str, server_db: Database
) -> None:
    other = open_database(server_url)
    try:
        assert live.desk_of(server_db.engine) != live.desk_of(other.engine)
        with server_db.transaction() as session:  # the write sessions' option engine: same desk
            assert live.desk_of(session.get_bind()) == live.desk_of(server_db.engine)
    finally:
        other.close()


def test_a_desk_ignores_its_own_notifications() -> None:
    sent = live.payload(Changes.of(ChangeKind.CONTACTS), desk="me")
    assert live.heard(sent, desk="me") is None
    assert live.heard(sent, desk="other") == Changes.of(ChangeKind.CONTACTS)


def test_too_many_ids_send_the_kinds_only() -> None:
    many = Changes(
        frozenset({ChangeKind.DONATIONS}),
        {ChangeKind.DONATIONS: frozenset(range(5000))},
    )
    sent = live.payload(many, desk="me")
    assert len(sent.encode()) <= live.MAX_PAYLOAD
    back = live.heard(sent, desk="other")
    assert back.touches(ChangeKind.DONATIONS) and back.ids_of(ChangeKind.DONATIONS) is None


def test_after_a_lost_connection_everything_is_reloaded(server_url: str, pg_server) -> None:
    """Notifications sent while a desk was cut off are lost: it is told to reload all."""
    database = open_database(server_url)
    heard: queue.Queue = queue.Queue()
    listener = ServerListener(database.server, None, heard.put)
    listener.start()
    try:
        assert listener.wait_until_listening()
        pg_server.sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'AssocDesk (listening)'"
        )
        assert heard.get(timeout=WAIT) is None  # reconnected: "missed" said once
        assert live.heard(None, desk="other") == Changes.everything()
    finally:
        listener.stop()
        database.close()
