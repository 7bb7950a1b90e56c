"""Erase, whole (issue 18, point 1): a person's data goes wherever it was copied.

Merged duplicates (their own journal events and the kept contact's merge event), gifts in kind
that name them, published posts: after erase and the file cleaning, the raw bytes of the file
and of a backup made afterwards no longer hold the person's name, phone or e-mail.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from assocdesk.models import AuditEvent, Donation, PostRecord
from assocdesk.services import contacts, donations, merge, posts, privacy
from assocdesk.storage.engine import Database
from assocdesk.storage.sqlite_file import snapshot
from tests.core.stored_bytes import checkpoint, stored_bytes

# B's values differ from A's, so they exist only through the merge.
A_NAME = "Zineb Qoraychi-Walden"
B_NAME = "Zeyneb Qoraichi Valdano"
B_PHONE = "0698765432"
B_EMAIL = "zeyneb.valdano@example.net"
B_ADDRESS = "7 derb Lalla Quarzazia"
B_NOTES = "Prefers calls after Maghrib, knows Sidi Quenitra"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(donations, "_today", lambda: date(2026, 6, 30))


def _two_records_merged(db: Database) -> int:
    with db.transaction() as session:
        a = contacts.create(session, contacts.ContactInput(name=A_NAME, phone="0611111111"))
        b = contacts.create(
            session,
            contacts.ContactInput(
                name=B_NAME, phone=B_PHONE, email=B_EMAIL, address=B_ADDRESS, notes=B_NOTES
            ),
        )
        session.flush()
        a_id, b_id = a.id, b.id
    with db.transaction() as session:
        merge.merge(session, a_id, b_id, take_from_other=("phone",))
    return a_id


def test_erase_reaches_a_merged_duplicate_in_the_file_and_a_later_backup(
    db: Database, tmp_path: Path
) -> None:
    a_id = _two_records_merged(db)
    checkpoint(db)
    secrets = [s.encode() for s in (B_NAME, B_PHONE, B_EMAIL, "Quarzazia", "Quenitra")]
    assert all(secret in stored_bytes(db) for secret in secrets)  # the test can fail
    with db.transaction() as session:
        privacy.erase(session, a_id)
    privacy.scrub_file(db)
    content = stored_bytes(db)
    for secret in [*secrets, A_NAME.encode()]:
        assert secret not in content, secret
    if db.path is not None:  # a copy of the file (a server's backups are the server's)
        copy = snapshot(db.path, tmp_path / "after.sqlite3")
        for secret in secrets:
            assert secret not in copy.read_bytes(), secret
    with db.reading() as session:
        merges = session.scalars(select(AuditEvent).where(AuditEvent.action == "merge")).all()
        assert len(merges) == 2  # the history stays: that a merge happened, and when
        kept = next(e for e in merges if e.entity_id == a_id)
        assert json.loads(kept.changes)["merged"]["record"]["name"] is None


def test_subject_access_includes_the_merged_duplicates_history(db: Database) -> None:
    a_id = _two_records_merged(db)
    with db.reading() as session:
        data = privacy.subject_access(session, a_id)
    texts = json.dumps(data["audit_events"], ensure_ascii=False)
    assert B_EMAIL in texts
    assert any(e["action"] == "create" and e["record_id"] != a_id for e in data["audit_events"])


def test_an_in_kind_description_naming_the_person_is_cleaned_amount_kept(db: Database) -> None:
    with db.transaction() as session:
        person = contacts.create(session, contacts.ContactInput(name="Zineb Alaoui-Fassiya"))
        session.flush()
        person_id = person.id
        gift = donations.record(
            session,
            donations.DonationInput(
                amount="300",
                currency="MAD",
                donated_on=date(2026, 3, 2),
                contact_id=person_id,
                method="in_kind",
                in_kind_description="Farine offerte par Zineb, 50 kg",
                valued_by="Bureau",
            ),
        )
        # Another donor's gift mentioning the person by full name.
        other = donations.record(
            session,
            donations.DonationInput(
                amount="80",
                currency="MAD",
                donated_on=date(2026, 3, 3),
                anonymous=True,
                notes="Sur conseil de Zineb Alaoui-Fassiya",
            ),
        )
        session.flush()
        gift_id, other_id = gift.id, other.id
    checkpoint(db)
    assert b"offerte par Zineb" in stored_bytes(db)
    with db.transaction() as session:
        privacy.erase(session, person_id)
    privacy.scrub_file(db)
    content = stored_bytes(db)
    assert b"Zineb" not in content
    assert b"Alaoui" not in content
    with db.reading() as session:
        kept = session.get(Donation, gift_id)
        assert kept.amount_minor == 30000 and kept.donated_on == date(2026, 3, 2)
        assert kept.in_kind_description.startswith("Farine offerte par ")
        assert kept.in_kind_description.endswith(", 50 kg")
        assert session.get(Donation, other_id).notes.startswith("Sur conseil de ")


def test_a_published_post_naming_the_person_is_cleaned(db: Database) -> None:
    with db.transaction() as session:
        person = contacts.create(
            session, contacts.ContactInput(name="Kaoutar Benzerwila", phone="06 55 44 33 22")
        )
        session.flush()
        person_id = person.id
        posts.mark_posted(
            session,
            "activity-report",
            1,
            "facebook",
            "fr",
            "Merci à kaoutar  benzerwila (06-55-44-33-22) pour son aide !",
        )
    with db.transaction() as session:
        privacy.erase(session, person_id)
    privacy.scrub_file(db)
    content = stored_bytes(db).lower()
    assert b"benzerwila" not in content
    assert b"55-44-33" not in content
    with db.reading() as session:
        text = session.scalars(select(PostRecord.text)).one()
        assert text.startswith("Merci à ") and text.endswith(" pour son aide !")
