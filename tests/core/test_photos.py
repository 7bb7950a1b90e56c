"""Activity photos: stored once by content, pictures only, and only eligible ones in posts."""

from __future__ import annotations

import struct
import zlib
from datetime import datetime
from pathlib import Path

import pytest

from assocdesk.checks import check
from assocdesk.posts.compose import compose
from assocdesk.services import activities, photos
from assocdesk.services.common import ListQuery
from assocdesk.services.errors import NotFound, ValidationError
from assocdesk.storage.engine import Database
from assocdesk.storage.paths import attachments_dir
from tests.core.conftest import AuditReader


def png_bytes(colour: int) -> bytes:
    """A real 1×1 PNG of one grey level."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(bytes([0, colour]))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.fixture
def activity_id(db: Database) -> int:
    with db.transaction() as session:
        return activities.create(
            session,
            activities.ActivityInput(
                title="Distribution", starts_at=datetime(2026, 3, 1, 10), currency="MAD",
                beneficiaries_count=40, status="done",
            ),
        ).id  # fmt: skip


def test_the_same_picture_is_stored_once(db: Database, activity_id: int, tmp_path: Path) -> None:
    first = tmp_path / "IMG_0001.png"
    first.write_bytes(png_bytes(10))
    copy = tmp_path / "copie.png"
    copy.write_bytes(png_bytes(10))
    with db.transaction() as session:
        a = photos.attach(session, db.path, activity_id, first, caption="Accueil")
        b = photos.attach(session, db.path, activity_id, copy)
        assert a.id == b.id
        other = activities.create(
            session,
            activities.ActivityInput(title="Autre", starts_at=datetime(2026, 3, 2), currency="MAD"),
        )
        c = photos.attach(session, db.path, other.id, copy)
        assert c.id != a.id and c.sha256 == a.sha256
    stored = list((attachments_dir(db.path) / "photos").rglob("*.png"))
    assert len(stored) == 1
    assert stored[0].name == f"{a.sha256}.png" and stored[0].parent.name == a.sha256[:2]
    assert stored[0].read_bytes() == png_bytes(10)
    with db.reading() as session:
        listed = photos.list_for_activity(session, db.path, activity_id)
    assert [(p.file_name, p.caption, p.path) for p in listed] == [
        ("IMG_0001.png", "Accueil", stored[0])
    ]


def test_a_file_that_is_not_a_picture_is_refused(
    db: Database, activity_id: int, tmp_path: Path
) -> None:
    fake = tmp_path / "photo.jpg"
    fake.write_bytes(b"%PDF-1.7 not a picture at all")
    with db.transaction() as session, pytest.raises(ValidationError) as caught:
        photos.attach(session, db.path, activity_id, fake)
    assert caught.value.field == "file" and "photo.jpg is not a picture" in caught.value.message
    assert not (attachments_dir(db.path) / "photos").exists()


@pytest.mark.parametrize(
    ("head", "extension"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "png"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "webp"),
        (b"GIF89a\x01\x00", "gif"),
        (b"BM\x00\x00", None),
    ],
)
def test_pictures_are_recognised_by_their_first_bytes(head: bytes, extension: str | None) -> None:
    assert photos.image_extension(head) == extension


def test_only_an_eligible_photo_goes_on_the_card(
    db: Database, activity_id: int, tmp_path: Path
) -> None:
    files = {}
    for index, name in enumerate(("children.png", "no-consent.png", "ok.png")):
        files[name] = tmp_path / name
        files[name].write_bytes(png_bytes(index * 50))
    with db.transaction() as session:
        photos.attach(session, db.path, activity_id, files["children.png"], shows_minors=True,
                      consent_obtained=True)  # fmt: skip
        photos.attach(session, db.path, activity_id, files["no-consent.png"])
        ok = photos.attach(session, db.path, activity_id, files["ok.png"], consent_obtained=True)
        ok_path = photos.stored_path(db.path, ok.sha256, ok.extension)
    with db.reading() as session:
        post = compose(session, "activity-report", activity_id, "instagram", "en",
                       database_path=db.path)  # fmt: skip
    assert post.card.photo == ok_path
    reasons = {o.subject: o.reason for o in post.omitted}
    assert reasons["children.png"] == "Photo showing minors."
    assert "consent" in reasons["no-consent.png"] and "ok.png" not in reasons
    with db.transaction() as session:
        photos.set_flags(session, ok.id, shows_minors=True)
    with db.reading() as session:
        post = compose(session, "activity-report", activity_id, "x", "en", database_path=db.path)
    assert post.card.photo is None


def attach_png(db: Database, activity_id: int, path: Path, colour: int) -> int:
    path.write_bytes(png_bytes(colour))
    with db.transaction() as session:
        return photos.attach(session, db.path, activity_id, path).id


def other_activity(db: Database) -> int:
    with db.transaction() as session:
        return activities.create(
            session,
            activities.ActivityInput(title="Autre", starts_at=datetime(2026, 4, 1), currency="MAD"),
        ).id


def test_removing_keeps_a_shared_file_and_deletes_an_unshared_one(
    db: Database, activity_id: int, tmp_path: Path, audit_events: AuditReader
) -> None:
    second_activity = other_activity(db)
    shared_here = attach_png(db, activity_id, tmp_path / "shared.png", 1)
    shared_there = attach_png(db, second_activity, tmp_path / "shared.png", 1)
    alone = attach_png(db, activity_id, tmp_path / "alone.png", 2)
    with db.reading() as session:
        paths = {p.id: p.path for p in photos.list_for_activity(session, db.path, activity_id)}
    shared_file, alone_file = paths[shared_here], paths[alone]

    with db.transaction() as session:
        assert photos.remove(session, db.path, shared_here) is False
    assert shared_file.is_file()  # the other activity still shows it
    with db.reading() as session:
        assert [p.id for p in photos.list_for_activity(session, db.path, second_activity)] == [
            shared_there
        ]

    class Abort(Exception):
        pass

    with pytest.raises(Abort), db.transaction() as session:
        assert photos.remove(session, db.path, alone) is True
        raise Abort
    assert alone_file.is_file()  # rolled back: the record is still there, so is its file

    with db.transaction() as session:
        assert photos.remove(session, db.path, alone) is True
    assert not alone_file.exists()
    with db.transaction() as session:
        photos.remove(session, db.path, shared_there)
    assert not shared_file.exists()
    with db.reading() as session:
        assert photos.list_for_activity(session, db.path, activity_id) == []
        [(action, changes)] = audit_events(session, "activity_photos", alone)[1:]
    assert action == "delete" and changes["before"]["file_name"] == "alone.png"
    with db.transaction() as session, pytest.raises(NotFound):
        photos.remove(session, db.path, alone)


def test_caption_and_flag_changes_are_journaled(
    db: Database, activity_id: int, tmp_path: Path, audit_events: AuditReader
) -> None:
    photo_id = attach_png(db, activity_id, tmp_path / "a.png", 3)
    with db.transaction() as session:
        photos.set_flags(session, photo_id, consent_obtained=True, caption="  Les bénévoles ")
        photos.set_flags(session, photo_id, shows_minors=True)
        photos.set_flags(session, photo_id, shows_minors=True)  # no change, no event
    with db.reading() as session:
        [listed] = photos.list_for_activity(session, db.path, activity_id)
        events = audit_events(session, "activity_photos", photo_id)
    assert (listed.caption, listed.consent_obtained, listed.shows_minors) == (
        "Les bénévoles",
        True,
        True,
    )
    assert not listed.publishable
    assert [action for action, _ in events] == ["create", "update", "update"]
    assert events[1][1] == {
        "before": {"caption": "", "consent_obtained": False},
        "after": {"caption": "Les bénévoles", "consent_obtained": True},
    }
    assert events[2][1] == {"before": {"shows_minors": False}, "after": {"shows_minors": True}}
    with db.transaction() as session, pytest.raises(ValidationError) as caught:
        photos.set_flags(session, photo_id, caption="x" * 501)
    assert caught.value.field == "caption"


def test_several_files_a_bad_one_is_named_and_the_others_attached(
    db: Database, activity_id: int, tmp_path: Path
) -> None:
    good, again, bad = tmp_path / "good.png", tmp_path / "again.png", tmp_path / "notes.txt"
    good.write_bytes(png_bytes(4))
    again.write_bytes(png_bytes(4))
    bad.write_text("not a picture")
    missing = tmp_path / "gone.jpg"
    seen: list[tuple[int, int]] = []
    result = photos.attach_files(
        db, activity_id, [good, bad, again, missing], lambda d, t: seen.append((d, t)) or True
    )
    assert len(result.attached) == 1 and result.already_there == ["again.png"]
    assert [name for name, _ in result.refused] == ["notes.txt", "gone.jpg"]
    assert "notes.txt is not a picture" in result.refused[0][1]
    assert "Cannot read" in result.refused[1][1] and not result.cancelled
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]

    second = tmp_path / "second.png"
    second.write_bytes(png_bytes(5))
    stopped = photos.attach_files(db, activity_id, [second], lambda d, t: False)
    assert stopped.cancelled and stopped.attached == []


def test_the_activities_list_counts_photos_in_sql(
    db: Database, activity_id: int, tmp_path: Path
) -> None:
    second_activity = other_activity(db)
    for colour in (6, 7):
        attach_png(db, activity_id, tmp_path / f"{colour}.png", colour)
    with db.reading() as session:
        rows = activities.rows(session, [second_activity, activity_id])
        by_count = activities.ids(session, ListQuery(sort="photos", descending=True))
    assert [(r.id, r.photos) for r in rows] == [(second_activity, 0), (activity_id, 2)]
    assert list(by_count) == [activity_id, second_activity]


def test_check_reports_a_missing_photo_file(db: Database, activity_id: int, tmp_path: Path) -> None:
    attach_png(db, activity_id, tmp_path / "kept.png", 8)
    lost = attach_png(db, activity_id, tmp_path / "lost.png", 9)
    with db.reading() as session:
        lost_path = next(
            p.path for p in photos.list_for_activity(session, db.path, activity_id) if p.id == lost
        )
    db.close()
    assert check.run_checks(db.path).findings == []
    lost_path.unlink()
    report = check.run_checks(db.path)
    assert [f.message for f in report.findings] == [f"The file {lost_path} is missing."]
