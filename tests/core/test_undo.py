"""Undo (issue 21, point 3): each undoable command round-trips, later changes refuse it,
receipts are never undone, and the undo itself is journaled."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from assocdesk.models import Activity, AuditEvent, Campaign, Contact, VolunteerAssignment
from assocdesk.models.post import PostRecord
from assocdesk.services import activities, campaigns, contacts, donations, posts, volunteers
from assocdesk.services import undo as undo_service
from assocdesk.services.activities import ActivityInput
from assocdesk.services.campaigns import CampaignInput
from assocdesk.services.changes import capture
from assocdesk.services.common import ListQuery
from assocdesk.services.contacts import ContactInput
from assocdesk.services.donations import DonationInput
from assocdesk.services.undo import Refused, Undoable
from assocdesk.services.volunteers import VolunteerInput
from assocdesk.storage.engine import Database


def run(db: Database, command: Callable[[Any], Any]) -> tuple[Any, tuple[int, ...]]:
    """``command`` in one transaction, with the ids of the audit events it wrote."""
    with capture() as captured, db.transaction() as session:
        result = command(session)
        session.flush()
        result = getattr(result, "id", result)
    return result, undo_service.event_ids_of(captured.changes)


def undoable(db: Database, event_ids: tuple[int, ...]) -> Undoable | None:
    with db.reading() as session:
        return undo_service.undoable(session, event_ids)


def do_undo(db: Database, command: Undoable) -> tuple[int, ...]:
    _kind, event_ids = run(db, lambda s: undo_service.undo(s, command))
    return event_ids


def new_contact(db: Database, name: str = "Ahmed Benali", **fields: Any) -> int:
    return run(db, lambda s: contacts.create(s, ContactInput(name=name, **fields)))[0]


def new_activity(db: Database) -> int:
    data = ActivityInput(
        title="Atelier", starts_at=datetime(2026, 5, 2, 10), currency="MAD", place="Salle"
    )
    return run(db, lambda s: activities.create(s, data))[0]


def test_archive_then_undo_is_no_longer_archived_and_is_journaled(db: Database) -> None:
    contact_id = new_contact(db)
    _c, events = run(db, lambda s: contacts.set_archived(s, contact_id))
    command = undoable(db, events)
    assert command == Undoable(events, undo_service.ARCHIVE)
    undo_events = do_undo(db, command)
    with db.reading() as session:
        assert not session.get(Contact, contact_id).archived
        journaled = session.get(AuditEvent, undo_events[0])
        assert journaled.action == "restore"
        assert json.loads(journaled.changes)["undo_of"] == events[0]


def test_restore_then_undo_archives_again(db: Database) -> None:
    campaign_id = run(db, lambda s: campaigns.create(s, CampaignInput("Ramadan", "MAD")))[0]
    run(db, lambda s: campaigns.set_archived(s, campaign_id))
    _c, events = run(db, lambda s: campaigns.set_archived(s, campaign_id, False))
    command = undoable(db, events)
    assert command is not None and command.kind == undo_service.RESTORE
    do_undo(db, command)
    with db.reading() as session:
        assert session.get(Campaign, campaign_id).archived_at is not None


def test_contact_edit_undo_puts_back_the_old_values(db: Database) -> None:
    contact_id = new_contact(db, city="Oujda", consent_contact=True)
    changed = ContactInput(name="Ahmed Ben Ali", city="Fès", consent_contact=False)
    _c, events = run(db, lambda s: contacts.update(s, contact_id, changed))
    command = undoable(db, events)
    assert command is not None and command.kind == undo_service.EDIT
    do_undo(db, command)
    with db.reading() as session:
        contact = session.get(Contact, contact_id)
        assert (contact.name, contact.city, contact.consent_contact) == (
            "Ahmed Benali",
            "Oujda",
            True,
        )
        assert list(contacts.ids(session, ListQuery(search="Oujda"))) == [contact_id]


def test_volunteer_edit_undo_restores_skills_and_contact(db: Database) -> None:
    data = VolunteerInput(ContactInput(name="Salma"), skills=["cuisine"])
    profile_id = run(db, lambda s: volunteers.create(s, data))[0]
    edited = VolunteerInput(
        ContactInput(name="Salma Idrissi"), skills=["animation"], since=date(2025, 1, 1)
    )
    _c, events = run(db, lambda s: volunteers.update(s, profile_id, edited))
    assert len(events) == 2  # the contact and the profile
    do_undo(db, undoable(db, events))
    with db.reading() as session:
        details = volunteers.details(session, profile_id)
        assert details.contact.name == "Salma"
        assert details.skills == ("cuisine",)
        assert details.since is None


def test_activity_edit_undo_restores_title_date_and_roles(db: Database) -> None:
    activity_id = new_activity(db)
    with db.reading() as session:
        values = activities.details(session, activity_id).values
    values.title, values.starts_at, values.roles = "Sortie", datetime(2026, 6, 1, 9), {"chef": 2}
    _c, events = run(db, lambda s: activities.update(s, activity_id, values))
    do_undo(db, undoable(db, events))
    with db.reading() as session:
        back = activities.details(session, activity_id).values
        assert (back.title, back.starts_at, back.roles) == ("Atelier", datetime(2026, 5, 2, 10), {})
        assert session.get(Activity, activity_id).search_text == "atelier salle"


def test_assign_then_undo_is_unassigned_and_unassign_undo_assigns(db: Database) -> None:
    activity_id, contact_id = new_activity(db), new_contact(db)
    _a, events = run(db, lambda s: activities.assign(s, activity_id, contact_id, "cuisine", 90))
    command = undoable(db, events)
    assert command is not None and command.kind == undo_service.ASSIGN
    do_undo(db, command)
    with db.reading() as session:
        assert session.scalars(select(VolunteerAssignment)).all() == []
    run(db, lambda s: activities.assign(s, activity_id, contact_id, "cuisine", 90))
    _n, events = run(db, lambda s: activities.unassign(s, activity_id, contact_id))
    command = undoable(db, events)
    assert command is not None and command.kind == undo_service.UNASSIGN
    do_undo(db, command)
    with db.reading() as session:
        back = session.scalars(select(VolunteerAssignment)).one()
        assert (back.contact_id, back.role, back.minutes) == (contact_id, "cuisine", 90)


def test_mark_posted_then_undo_forgets_the_post(db: Database) -> None:
    activity_id = new_activity(db)
    _p, events = run(
        db,
        lambda s: posts.mark_posted(s, "activity-report", activity_id, "facebook", "fr", "Merci"),
    )
    command = undoable(db, events)
    assert command is not None and command.kind == undo_service.POSTED
    undo_events = do_undo(db, command)
    with db.reading() as session:
        assert session.scalars(select(PostRecord)).all() == []
        assert session.get(AuditEvent, undo_events[0]).action == "delete"


def test_undo_is_refused_after_a_later_change(db: Database) -> None:
    contact_id = new_contact(db)
    _c, events = run(db, lambda s: contacts.update(s, contact_id, ContactInput(name="B")))
    command = undoable(db, events)
    run(db, lambda s: contacts.update(s, contact_id, ContactInput(name="C")))
    with pytest.raises(Refused, match="changed since"):
        do_undo(db, command)
    with db.reading() as session:
        assert session.get(Contact, contact_id).name == "C"


def test_undo_is_refused_when_the_record_is_gone(db: Database) -> None:
    activity_id, contact_id = new_activity(db), new_contact(db)
    _a, events = run(db, lambda s: activities.assign(s, activity_id, contact_id))
    command = undoable(db, events)
    with db.transaction() as session:  # gone without a journal entry (a cascade)
        session.delete(session.get(VolunteerAssignment, 1))
    with pytest.raises(Refused, match="no longer exists"):
        do_undo(db, command)


def test_undoing_twice_is_refused(db: Database) -> None:
    contact_id = new_contact(db)
    _c, events = run(db, lambda s: contacts.set_archived(s, contact_id))
    command = undoable(db, events)
    do_undo(db, command)
    with pytest.raises(Refused):
        do_undo(db, command)


def test_receipts_and_donations_are_never_undone(db: Database, monkeypatch: Any) -> None:
    monkeypatch.setattr(donations, "_today", lambda: date(2026, 6, 30))
    gift = DonationInput(amount="100", donated_on=date(2026, 1, 10), currency="MAD", anonymous=True)
    donation_id, created = run(db, lambda s: donations.record(s, gift))
    _v, voided = run(db, lambda s: donations.void(s, donation_id, "erreur"))
    for events in (created, voided):
        assert undoable(db, events) is None
        with pytest.raises(Refused, match="cannot be undone"):
            do_undo(db, Undoable(events, undo_service.EDIT))
    with db.reading() as session:
        assert donations.details(session, donation_id).status == "void"
