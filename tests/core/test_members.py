"""Members: a contact plus a membership; numbers unique, dates in order, all or nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from assocdesk.models import AuditEvent, Contact, Membership
from assocdesk.services import contacts, members
from assocdesk.services.common import ListQuery
from assocdesk.services.contacts import ContactInput
from assocdesk.services.errors import NotFound, ValidationError
from assocdesk.services.members import MemberInput
from assocdesk.storage.engine import Database


def member(name: str, number: str, **fields: object) -> MemberInput:
    fields.setdefault("joined_on", date(2024, 1, 15))
    return MemberInput(ContactInput(name=name), number=number, **fields)  # type: ignore[arg-type]


def add(db: Database, name: str, number: str, **fields: object) -> int:
    with db.transaction() as session:
        membership = members.create(session, member(name, number, **fields))
        session.flush()
        return membership.id


def invalid(db: Database, data: MemberInput, membership_id: int | None = None) -> ValidationError:
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        if membership_id is None:
            members.create(session, data)
        else:
            members.update(session, membership_id, data)
    return caught.value


def table_sizes(db: Database) -> tuple[int, int, int]:
    with db.reading() as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(model))
            for model in (Contact, Membership, AuditEvent)
        )


def test_create_get_update(db: Database, audit_events) -> None:
    membership_id = add(db, "Karim Benali", "0007", category="Active")
    with db.transaction() as session:
        membership = members.get(session, membership_id)
        assert (membership.number, membership.category) == ("0007", "Active")
        assert membership.contact.name == "Karim Benali"
        data = member("Karim Ben Ali", "0008", category="Honorary", left_on=date(2025, 6, 30))
        members.update(session, membership_id, data)
    with db.reading() as session:
        membership = members.get(session, membership_id)
        assert (membership.number, membership.category) == ("0008", "Honorary")
        assert membership.left_on == date(2025, 6, 30)
        assert membership.contact.name == "Karim Ben Ali"
        events = audit_events(session, "memberships", membership_id)
        assert [action for action, _ in events] == ["create", "update"]
        assert events[1][1]["before"] == {
            "number": "0007",
            "category": "Active",
            "left_on": None,
        }
        assert events[1][1]["after"]["left_on"] == "2025-06-30"
        contact_events = audit_events(session, "contacts", membership.contact_id)
        assert contact_events[-1][1] == {
            "before": {"name": "Karim Benali"},
            "after": {"name": "Karim Ben Ali"},
        }


def test_unknown_member_raises_not_found(db: Database) -> None:
    with db.reading() as session, pytest.raises(NotFound):
        members.get(session, 99)
    with db.transaction() as session, pytest.raises(NotFound):
        members.update(session, 99, member("x", "1"))


def test_existing_contact_becomes_a_member(db: Database) -> None:
    with db.transaction() as session:
        donor = contacts.create(session, ContactInput(name="Donor"))
        session.flush()
        membership = members.create(session, member("ignored", "0001"), contact_id=donor.id)
        assert membership.contact_id == donor.id
    assert table_sizes(db)[:2] == (1, 1)
    with pytest.raises(ValidationError, match="already a member"), db.transaction() as session:
        members.create(session, member("ignored", "0002"), contact_id=donor.id)


@pytest.mark.parametrize("name", ["", "   "])
def test_empty_name_is_refused(db: Database, name: str) -> None:
    error = invalid(db, member(name, "0001"))
    assert error.field == "name"
    assert "name" in error.errors


def test_malformed_email_is_refused(db: Database) -> None:
    data = member("Karim", "0001")
    data.contact.email = "karim@"
    assert invalid(db, data).errors.keys() == {"email"}


@pytest.mark.parametrize("number", ["", "  "])
def test_number_is_required(db: Database, number: str) -> None:
    assert invalid(db, member("Karim", number)).field == "number"


def test_left_before_joined_is_refused(db: Database) -> None:
    error = invalid(db, member("Karim", "1", joined_on=date(2024, 5, 1), left_on=date(2024, 4, 30)))
    assert error.field == "left_on"
    assert "left_on" in error.errors
    add(db, "Same day", "2", joined_on=date(2024, 5, 1), left_on=date(2024, 5, 1))


def test_joined_on_is_required(db: Database) -> None:
    assert invalid(db, member("Karim", "1", joined_on=None)).field == "joined_on"


def test_duplicate_number_is_refused_on_create(db: Database) -> None:
    add(db, "First", "0001")
    before = table_sizes(db)
    error = invalid(db, member("Second", " 0001 "))
    assert error.field == "number"
    assert "0001" in error.errors["number"]
    assert table_sizes(db) == before


def test_duplicate_number_is_refused_on_update_of_another_member(db: Database) -> None:
    add(db, "First", "0001")
    second = add(db, "Second", "0002")
    assert invalid(db, member("Second", "0001"), membership_id=second).field == "number"
    with db.transaction() as session:  # keeping its own number is fine
        members.update(session, second, member("Second renamed", "0002"))
    with db.reading() as session:
        assert members.get(session, second).number == "0002"


def test_failed_membership_part_leaves_no_contact(db: Database) -> None:
    """All or nothing: a valid contact part is not saved when the membership part fails."""
    add(db, "First", "0001")
    before = table_sizes(db)
    # Even when the caller catches the error and commits the rest of its unit of work.
    with db.transaction() as session:
        with pytest.raises(ValidationError):
            members.create(session, member("Second", "0001"))
        with pytest.raises(ValidationError):
            members.create(session, member("Third", "9", left_on=date(2000, 1, 1)))
    assert table_sizes(db) == before
    with db.reading() as session:
        assert [c.name for c in session.scalars(select(Contact))] == ["First"]


def test_failed_update_changes_nothing(db: Database) -> None:
    first = add(db, "First", "0001")
    add(db, "Second", "0002")
    with db.transaction() as session, pytest.raises(ValidationError):
        members.update(session, first, member("First renamed", "0002"))
    with db.reading() as session:
        membership = members.get(session, first)
        assert (membership.contact.name, membership.number) == ("First", "0001")


def test_archive_and_restore(db: Database, audit_events) -> None:
    karim = add(db, "Karim", "1")
    add(db, "Leila", "2")
    with db.transaction() as session:
        members.set_archived(session, karim)
    with db.reading() as session:
        assert [r.name for r in members.list_members(session).rows] == ["Leila"]
        rows = members.list_members(session, ListQuery(include_archived=True)).rows
        assert [(r.name, r.archived) for r in rows] == [("Karim", True), ("Leila", False)]
        assert members.count(session, date(2025, 1, 1)) == 1
    with db.transaction() as session:
        members.set_archived(session, karim, archived=False)
    with db.reading() as session:
        assert members.list_members(session).total == 2
        contact_id = members.get(session, karim).contact_id
        actions = [a for a, _ in audit_events(session, "contacts", contact_id)]
        assert actions == ["create", "archive", "restore"]


def test_list_search_sort_and_paging(db: Database) -> None:
    add(db, "أحمد بنعلي", "0003", joined_on=date(2023, 1, 1))
    add(db, "فاطمة الزهراء", "0001", joined_on=date(2024, 1, 1))
    add(db, "BENALI Karim", "0002", joined_on=date(2022, 1, 1))
    with db.reading() as session:

        def listed(**query: object) -> list[str]:
            page = members.list_members(session, ListQuery(**query))  # type: ignore[arg-type]
            return [row.number for row in page.rows]

        assert listed(sort="number") == ["0001", "0002", "0003"]
        assert listed(sort="number", descending=True) == ["0003", "0002", "0001"]
        assert listed(sort="joined_on") == ["0002", "0003", "0001"]
        assert listed(sort="joined_on", descending=True) == ["0001", "0003", "0002"]
        assert listed(search="احمد") == ["0003"]
        assert listed(search="فاطمه") == ["0001"]
        assert listed(search="benali", sort="number") == ["0002", "0003"]  # literal, then by key
        page = members.list_members(session, ListQuery(sort="number"), offset=1, limit=1)
        assert ([r.number for r in page.rows], page.total) == (["0002"], 3)


def test_next_number_and_count(db: Database) -> None:
    with db.reading() as session:
        assert members.next_number(session) == "0001"
    add(db, "A", "0009", joined_on=date(2020, 1, 1))
    add(db, "B", "X-12", joined_on=date(2020, 1, 1), left_on=date(2021, 12, 31))
    add(db, "C", "0010", joined_on=date(2026, 1, 1))
    with db.reading() as session:
        assert members.next_number(session) == "0011"
        assert members.count(session, date(2021, 6, 1)) == 2
        assert members.count(session, date(2022, 6, 1)) == 1
        assert members.count(session, date(2026, 6, 1)) == 2
