"""Who may do what on a shared database (issue 22 point 5): one test per role.

Each officer signs in with a login of their own; what the app would do through its real services
either works or is refused by the server itself (a grant, the journal's row-level security, the
voiding trigger), and the refusal reaches the person as :class:`NotAllowed`, in words. The
database's administrator (here the superuser who set it up) is bound by no role.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assocdesk.models import AuditEvent, Base, Donation
from assocdesk.services import (
    activities,
    association,
    contacts,
    donations,
    dues,
    permissions,
    volunteers,
)
from assocdesk.services.association import ProfileInput
from assocdesk.storage import server_roles
from assocdesk.storage.engine import Database
from assocdesk.storage.opening import open_database
from assocdesk.storage.server import ServerError
from assocdesk.storage.server_roles import NotAllowed, refused_in_words
from assocdesk.usecases import erasing, printing, receipts
from assocdesk.usecases.receipts import Book, Receipt
from tests.core.dues_helpers import add_member, pay, set_fee, setup_association
from tests.pg_server import ThrowawayServer


@dataclass
class Office:
    """A set-up shared database, its administrator's desk, and one desk per officer."""

    server: ThrowawayServer
    name: str
    admin: Database
    desks: list[Database] = field(default_factory=list)

    def officer(self, role: str, password: str | None = None) -> tuple[str, Database]:
        login = f"{role}_{uuid.uuid4().hex[:8]}"
        with self.admin.engine.begin() as connection:
            server_roles.grant_role(connection, login, role, password)
        desk = open_database(self.server.url(self.name, user=login))
        self.desks.append(desk)
        return login, desk

    def as_admin(self, work: Callable[..., object]) -> object:
        with self.admin.transaction() as session:
            return work(session)


@pytest.fixture
def office(pg_server: ThrowawayServer, server_db: Database) -> Iterator[Office]:
    assert server_db.server is not None
    with server_db.engine.begin() as connection:
        server_roles.set_up_roles(connection)
    office = Office(pg_server, server_db.server.database, server_db)
    yield office
    for desk in office.desks:
        desk.close()


@contextmanager
def doing(desk: Database) -> Iterator[Session]:
    """The unit of work as the app runs it, the server's refusals in words."""
    assert desk.server is not None
    with refused_in_words(desk.server), desk.transaction() as session:
        yield session


def refused(desk: Database, work: Callable[..., object]) -> str:
    with pytest.raises(NotAllowed) as caught, doing(desk) as session:
        work(session)
    message = caught.value.message
    assert "does not allow" in message and "Nothing was changed" in message
    return message


def done(desk: Database, work: Callable[..., object]) -> object:
    with doing(desk) as session:
        result = work(session)
        session.flush()
        return getattr(result, "id", result)


def new_contact(session, name: str = "Karima Alaoui"):
    return contacts.create(session, contacts.ContactInput(name=name))


def new_gift(session, contact_id: int | None = None):
    return donations.record(
        session,
        donations.DonationInput(
            amount="500",
            currency="MAD",
            donated_on=date(2025, 3, 2),
            contact_id=contact_id,
            anonymous=contact_id is None,
        ),
    )


def new_activity(session):
    return activities.create(
        session,
        activities.ActivityInput(
            title="Iftar", starts_at=datetime(2025, 3, 10, 18), currency="MAD"
        ),
    )


def profile(session):
    return association.save(session, ProfileInput(name_fr="Association Al Amal", country="MA"))


def status_of(office: Office, donation_id: int) -> str:
    with office.admin.reading() as session:
        return session.get(Donation, donation_id).status


def test_every_table_has_its_grants() -> None:
    tables = {table.name for table in Base.metadata.sorted_tables} | {"alembic_version"}
    assert set(server_roles.PRIVILEGES) == tables
    assert "donations" not in server_roles.DATA_ENTRY_KINDS
    assert {"contacts", "activities"} <= set(server_roles.DATA_ENTRY_KINDS)


def test_secretary_does_all_but_voiding_and_settings(office: Office) -> None:
    _login, desk = office.officer("secretary")
    with desk.engine.connect() as connection:
        assert server_roles.role_of(connection) == "secretary"
    contact_id = done(desk, new_contact)
    gift_id = done(desk, lambda s: new_gift(s, contact_id))
    with doing(desk) as session:  # a receipt issued: print count, chain link, counter
        issued = receipts.issue_receipt(session, Receipt(Book.DONATIONS, gift_id), deliver=bytes)
    assert issued.prints == 1
    done(desk, new_activity)
    setup_association(office.admin)  # the settings are the administrator's
    set_fee(desk, "Actif", 2025, "100")
    pay(desk, add_member(desk, "Nadia Cherkaoui", "0003", category="Actif"), 2025, "100")

    refused(desk, lambda s: donations.void(s, gift_id, "typo"))
    refused(desk, lambda s: donations.correct(s, gift_id, new_input(contact_id), "typo"))
    assert status_of(office, gift_id) == "recorded"
    refused(desk, profile)

    # The erasure anonymizes a gift voided earlier (by the treasurer) and redacts the journal:
    # updating a void row is not voiding it.
    _t, treasurer = office.officer("treasurer")
    done(treasurer, lambda s: donations.void(s, gift_id, "typo"))
    with refused_in_words(desk.server):  # type: ignore[arg-type]
        erased = erasing.erase_and_clean(desk, contact_id)  # VACUUM: skipped (not the owner's)
    assert erased.donations == 1 and erased.events_redacted > 0


def new_input(contact_id: int) -> donations.DonationInput:
    return donations.DonationInput(
        amount="50", currency="MAD", donated_on=date(2025, 3, 2), contact_id=contact_id
    )


def test_treasurer_keeps_the_money_and_voids(office: Office) -> None:
    _login, desk = office.officer("treasurer")
    with desk.engine.connect() as connection:
        assert server_roles.role_of(connection) == "treasurer"
    contact_id = done(desk, new_contact)  # a new donor, with their address for the receipt
    gift_id = done(desk, lambda s: new_gift(s, contact_id))
    done(desk, lambda s: donations.void(s, gift_id, "typo"))
    assert status_of(office, gift_id) == "void"

    setup_association(office.admin)
    set_fee(office.admin, "Actif", 2025, "100")
    member = add_member(office.admin, "Nadia Cherkaoui", "0003", category="Actif")
    payment_id = pay(office.admin, member, 2025, "100")
    done(desk, lambda s: dues.void(s, payment_id, "twice"))
    refused(desk, profile)
    refused(desk, new_activity)


def test_board_reads_and_prints_documents_only(office: Office, tmp_path: Path) -> None:
    gift_id = office.as_admin(lambda s: new_gift(s, new_contact(s).id).id)
    _login, desk = office.officer("board")
    assert permissions.role_in(desk) == "board"
    assert permissions.role_in(office.admin) == "owner"
    with desk.reading() as session:
        assert donations.totals(session, 2025)["MAD"] == (1, 50000)
    printed = printing.print_statements(desk, 2025, out=tmp_path / "all.pdf", one_file=True)
    assert printed.count == 1
    refused(desk, new_contact)
    refused(desk, new_gift)
    refused(
        desk, lambda s: receipts.issue_receipt(s, Receipt(Book.DONATIONS, gift_id), deliver=bytes)
    )
    assert status_of(office, gift_id) == "recorded"


def test_data_entry_keeps_people_and_activities_and_sees_no_amount(office: Office) -> None:
    office.as_admin(lambda s: new_gift(s, new_contact(s, "Donor One").id))
    _login, desk = office.officer("data_entry")
    with desk.engine.connect() as connection:
        assert server_roles.role_of(connection) == "data_entry"
    contact_id = done(desk, new_contact)
    done(desk, lambda s: contacts.update(s, contact_id, contacts.ContactInput(name="K. Alaoui")))
    done(desk, new_activity)
    volunteer = volunteers.VolunteerInput(contacts.ContactInput(name="Sami"), skills=["Cooking"])
    done(desk, lambda s: volunteers.create(s, volunteer))

    refused(desk, lambda s: donations.totals(s, 2025))
    refused(desk, new_gift)
    # The journal shows it only the events of its own kinds: no donation and its amount.
    with desk.reading() as session:
        kinds = set(session.scalars(select(AuditEvent.entity_type).distinct()))
        assert kinds and kinds <= set(server_roles.DATA_ENTRY_KINDS)
    with office.admin.reading() as session:
        assert "donations" in set(session.scalars(select(AuditEvent.entity_type)))


def test_a_login_without_a_role_cannot_even_connect(office: Office) -> None:
    login = f"nobody_{uuid.uuid4().hex[:8]}"
    office.server.sql(f'CREATE ROLE "{login}" LOGIN')
    with pytest.raises(ServerError):
        open_database(office.server.url(office.name, user=login))


def test_one_role_each_and_the_list_of_officers(office: Office) -> None:
    login, desk = office.officer("data_entry")
    with office.admin.engine.begin() as connection:
        assert not server_roles.grant_role(connection, login, "treasurer")  # already a login
        assert (login, "treasurer") in server_roles.officers(connection)
        assert (login, "data_entry") not in server_roles.officers(connection)
        server_roles.set_up_roles(connection)  # again: the same grants, nothing doubled
    desk.engine.dispose()
    with desk.engine.connect() as connection:
        assert server_roles.role_of(connection) == "treasurer"
    with office.admin.engine.begin() as connection:
        assert server_roles.revoke_roles(connection, login) == 1
        assert all(each != login for each, _role in server_roles.officers(connection))


def test_a_new_login_signs_in_with_its_password(office: Office) -> None:
    login = f"treasurer_{uuid.uuid4().hex[:8]}"
    with office.admin.engine.begin() as connection:
        assert server_roles.grant_role(connection, login, "treasurer", "s3cret O'Brien")
    desk = open_database(office.server.tcp_url(office.name, login, "s3cret O'Brien"))
    try:
        with desk.reading() as session:
            assert session.scalar(select(func.count()).select_from(Donation)) == 0
    finally:
        desk.close()
    with pytest.raises(ServerError, match="refused the login"):
        open_database(office.server.tcp_url(office.name, login, "wrong"))


def test_only_the_administrator_manages_officers(office: Office) -> None:
    login, desk = office.officer("secretary")
    with office.admin.engine.connect() as connection:
        assert server_roles.role_of(connection) == "owner"
    with pytest.raises(NotAllowed), desk.engine.begin() as connection:
        server_roles.grant_role(connection, "someone_else", "board")
    with pytest.raises(NotAllowed), desk.engine.begin() as connection:
        server_roles.set_up_roles(connection)
    with pytest.raises(NotAllowed), office.admin.engine.begin() as connection:
        server_roles.grant_role(connection, login, "king")


def test_a_database_file_has_no_roles(sqlite_db: Database) -> None:
    assert permissions.role_in(sqlite_db) is None
    with sqlite_db.engine.connect() as connection:
        assert server_roles.role_of(connection) is None
        assert not server_roles.roles_exist(connection)


def test_the_refusal_is_said_in_arabic_and_french(office: Office) -> None:
    from assocdesk import i18n

    _login, desk = office.officer("board")
    for language in ("ar", "fr"):
        i18n.set_language(language)
        try:
            with pytest.raises(NotAllowed) as caught, doing(desk) as session:
                new_contact(session)
        finally:
            i18n.set_language("en")
        assert "does not allow" not in caught.value.message


def test_long_database_names_get_distinct_role_names() -> None:
    long_a, long_b = "a" * 60 + "x", "a" * 60 + "y"
    names = {server_roles.role_name(n, "data_entry") for n in (long_a, long_b)}
    assert len(names) == 2 and all(len(n.encode()) <= 63 for n in names)


def test_an_ordinary_administrator_sets_up_and_gives_roles(pg_server: ThrowawayServer) -> None:
    """The usual office: the administrator is no superuser, only a login allowed to create
    others (CREATEROLE) that owns the empty database the first desk set up."""
    admin = f"admin_{uuid.uuid4().hex[:8]}"
    name = f"t_{uuid.uuid4().hex[:16]}"
    pg_server.sql(f'CREATE ROLE "{admin}" LOGIN CREATEROLE')
    pg_server.sql(f'CREATE DATABASE {name} OWNER "{admin}"')
    office = Office(pg_server, name, open_database(pg_server.url(name, user=admin)))
    try:
        with office.admin.engine.connect() as connection:
            assert server_roles.role_of(connection) == "owner"
        _login, desk = office.officer("data_entry")  # the roles are set up on the way
        done(desk, new_contact)
        refused(desk, new_gift)
        void_of_admin = office.as_admin(lambda s: new_gift(s).id)
        office.as_admin(lambda s: donations.void(s, void_of_admin, "typo"))  # bound by no role
        assert status_of(office, void_of_admin) == "void"
    finally:
        for desk in (*office.desks, office.admin):
            desk.close()
        pg_server.drop_database(name)
