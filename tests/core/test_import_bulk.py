"""The import's bulk writer stores what the services would: uuids, audit events, the collector."""

from __future__ import annotations

import gc
import json
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from assocdesk.models import AuditEvent, Contact, Membership
from assocdesk.services import contacts
from assocdesk.spreadsheets import bulk
from assocdesk.spreadsheets.bulk import event_changes, uuid4_strings
from assocdesk.spreadsheets.gc_pause import collector_paused
from assocdesk.spreadsheets.importer import run_import
from assocdesk.spreadsheets.reading import read_csv_bytes
from assocdesk.storage.engine import Database


def test_fast_uuids_are_random_version_4_uuids_in_the_standard_form() -> None:
    made = list(uuid4_strings(2_000))
    assert len(set(made)) == 2_000
    for text in made:
        parsed = uuid.UUID(text)
        assert (parsed.version, parsed.variant) == (4, uuid.RFC_4122)
        assert str(parsed) == text
    # Every hex digit outside the fixed version and variant bits varies.
    assert {text[0] for text in made} == set("0123456789abcdef")
    assert {text[19] for text in made} == set("89ab")


@pytest.mark.parametrize("c_encoder", [True, False])
def test_event_changes_are_what_json_dumps_writes(
    c_encoder: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not c_encoder:  # a Python without json's C speed-ups
        monkeypatch.setattr(bulk, "_C_ENCODE", None)
    after = {
        "name": "أحمد Benali",
        "joined_on": date(2025, 11, 21),
        "voided_at": datetime(2025, 11, 21, 9, 30, tzinfo=UTC),
        "is_minor": False,
        "left_on": None,
        "count": 3,
        "share": 0.1,
        "quote": 'a "b" \\ c\n',
    }
    expected = json.dumps(
        {
            "before": None,
            "after": {
                k: v.isoformat() if isinstance(v, date | datetime) else v for k, v in after.items()
            },
        },
        ensure_ascii=False,
    )
    assert event_changes(after) == expected
    with pytest.raises(TypeError):
        event_changes({"amount": Decimal("1.5")})  # as json.dumps refuses it


def test_imported_contact_and_membership_are_audited_as_the_forms_audit_them(
    db: Database,
) -> None:
    with db.transaction() as session:
        typed = contacts.create(
            session,
            contacts.ContactInput(name="Ahmed Benali", phone="06 12 34 56 78", city="Rabat"),
        )
    data = "Nom;Téléphone;Ville;N° adhérent;Date d'adhésion\n"
    data += "Sara Tazi;06 11 22 33 44;Rabat;7;21/11/2025\n"
    run_import(
        db,
        read_csv_bytes(data.encode()),
        "members",
        ["name", "phone", "city", "number", "joined_on"],
    )
    with db.reading() as session:
        imported = session.scalar(select(Contact).where(Contact.name == "Sara Tazi"))
        events = {
            event.entity_id: (
                event.entity_type,
                event.action,
                event.entity_uuid,
                json.loads(event.changes),
            )
            for event in session.scalars(
                select(AuditEvent).where(AuditEvent.entity_type == "contacts")
            )
        }
        membership = session.scalar(select(Membership))
        (member_event,) = session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "memberships")
        )
    typed_after = events[typed.id][3]["after"]
    kind, action, entity_uuid, changes = events[imported.id]
    assert (kind, action, entity_uuid, changes["before"]) == (
        "contacts",
        "import",
        imported.uuid,
        None,
    )
    # Same keys and kinds of values as the form's event; only the person differs.
    assert changes["after"] == typed_after | {
        "name": "Sara Tazi",
        "phone": "06 11 22 33 44",
    }
    assert (member_event.entity_id, member_event.entity_uuid) == (membership.id, membership.uuid)
    member_after = json.loads(member_event.changes)["after"]
    assert member_after["joined_on"] == "2025-11-21"
    assert (member_after["number"], member_after["contact_id"]) == ("7", imported.id)


def test_the_collector_is_paused_inside_and_restored_after() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
