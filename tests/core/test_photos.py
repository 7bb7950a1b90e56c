"""Activity photos: stored once by content, pictures only, and only eligible ones in posts."""

from __future__ import annotations

import struct
import zlib
from datetime import datetime
from pathlib import Path

import pytest

from assocdesk.db import Database, attachments_dir
from assocdesk.posts.compose import compose
from assocdesk.services import activities, photos
from assocdesk.services.errors import ValidationError


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
