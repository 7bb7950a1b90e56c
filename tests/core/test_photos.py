"""Activity photos: stored once by content, pictures only, and only eligible ones in posts.

Every test runs on the SQLite file (contents in its folder) and on a server (contents in the
``stored_files`` table, read through a cache folder of this test's own); the last ones are about
several desks sharing one server.
"""

from __future__ import annotations

import hashlib
import os
import struct
import threading
import zlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from assocdesk.checks import check
from assocdesk.posts.compose import compose
from assocdesk.services import activities, photos
from assocdesk.services.common import ListQuery
from assocdesk.services.errors import NotFound, ValidationError
from assocdesk.storage import file_store
from assocdesk.storage.engine import Database
from assocdesk.storage.opening import open_database
from assocdesk.storage.paths import attachments_dir
from assocdesk.storage.transfer import TransferCancelled, copy_database
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


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own cache folder (never the user's), for what a server's photos need."""
    folder = tmp_path / "cache"
    monkeypatch.setattr(file_store, "cache_root", lambda: folder)
    return folder


def stored_contents(db: Database) -> dict[str, bytes]:
    """What the database's store holds, by SHA-256: the folder's files beside an SQLite file
    (whose table stays empty), the table's rows on a server."""
    with db.reading() as session:
        rows = session.execute(text("SELECT sha256, data FROM stored_files")).all()
    if db.on_server:
        return {sha: bytes(data) for sha, data in rows}
    assert rows == []  # a laptop's database does not grow by its photos
    folder = attachments_dir(db.file) / "photos"
    return {path.stem: path.read_bytes() for path in folder.rglob("*.*")}


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
        a = photos.attach(session, db, activity_id, first, caption="Accueil")
        b = photos.attach(session, db, activity_id, copy)
        assert a.id == b.id
        other = activities.create(
            session,
            activities.ActivityInput(title="Autre", starts_at=datetime(2026, 3, 2), currency="MAD"),
        )
        c = photos.attach(session, db, other.id, copy)
        assert c.id != a.id and c.sha256 == a.sha256
    assert stored_contents(db) == {a.sha256: png_bytes(10)}
    with db.reading() as session:
        listed = photos.list_for_activity(session, db, activity_id)
    [(file_name, caption, path)] = [(p.file_name, p.caption, p.path) for p in listed]
    assert (file_name, caption) == ("IMG_0001.png", "Accueil")
    assert path.name == f"{a.sha256}.png" and path.parent.name == a.sha256[:2]
    assert path.parent.parent.name == "photos" and path.read_bytes() == png_bytes(10)


def test_a_file_that_is_not_a_picture_is_refused(
    db: Database, activity_id: int, tmp_path: Path
) -> None:
    fake = tmp_path / "photo.jpg"
    fake.write_bytes(b"%PDF-1.7 not a picture at all")
    with db.transaction() as session, pytest.raises(ValidationError) as caught:
        photos.attach(session, db, activity_id, fake)
    assert caught.value.field == "file" and "photo.jpg is not a picture" in caught.value.message
    assert stored_contents(db) == {}


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
        photos.attach(session, db, activity_id, files["children.png"], shows_minors=True,
                      consent_obtained=True)  # fmt: skip
        photos.attach(session, db, activity_id, files["no-consent.png"])
        ok = photos.attach(session, db, activity_id, files["ok.png"], consent_obtained=True)
        ok_path = photos.stored_path(db, ok.sha256, ok.extension)
    with db.reading() as session:
        post = compose(session, "activity-report", activity_id, "instagram", "en",
                       database_path=db)  # fmt: skip
    assert post.card.photo == ok_path and ok_path.read_bytes() == png_bytes(100)
    reasons = {o.subject: o.reason for o in post.omitted}
    assert reasons["children.png"] == "Photo showing minors."
    assert "consent" in reasons["no-consent.png"] and "ok.png" not in reasons
    with db.transaction() as session:
        photos.set_flags(session, ok.id, shows_minors=True)
    with db.reading() as session:
        post = compose(session, "activity-report", activity_id, "x", "en", database_path=db)
    assert post.card.photo is None


def attach_png(db: Database, activity_id: int, path: Path, colour: int) -> int:
    path.write_bytes(png_bytes(colour))
    with db.transaction() as session:
        return photos.attach(session, db, activity_id, path).id


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
        paths = {p.id: p.path for p in photos.list_for_activity(session, db, activity_id)}
    shared_file, alone_file = paths[shared_here], paths[alone]
    shared_sha, alone_sha = shared_file.stem, alone_file.stem

    with db.transaction() as session:
        assert photos.remove(session, db, shared_here) is False
    assert shared_file.is_file()  # the other activity still shows it
    assert set(stored_contents(db)) == {shared_sha, alone_sha}
    with db.reading() as session:
        assert [p.id for p in photos.list_for_activity(session, db, second_activity)] == [
            shared_there
        ]

    class Abort(Exception):
        pass

    with pytest.raises(Abort), db.transaction() as session:
        assert photos.remove(session, db, alone) is True
        raise Abort
    assert alone_file.is_file()  # rolled back: the record is still there, so is its content
    assert set(stored_contents(db)) == {shared_sha, alone_sha}

    with db.transaction() as session:
        assert photos.remove(session, db, alone) is True
    assert not alone_file.exists()
    assert set(stored_contents(db)) == {shared_sha}
    with db.transaction() as session:
        photos.remove(session, db, shared_there)
    assert not shared_file.exists() and stored_contents(db) == {}
    with db.reading() as session:
        assert photos.list_for_activity(session, db, activity_id) == []
        [(action, changes)] = audit_events(session, "activity_photos", alone)[1:]
    assert action == "delete" and changes["before"]["file_name"] == "alone.png"
    with db.transaction() as session, pytest.raises(NotFound):
        photos.remove(session, db, alone)


def test_caption_and_flag_changes_are_journaled(
    db: Database, activity_id: int, tmp_path: Path, audit_events: AuditReader
) -> None:
    photo_id = attach_png(db, activity_id, tmp_path / "a.png", 3)
    with db.transaction() as session:
        photos.set_flags(session, photo_id, consent_obtained=True, caption="  Les bénévoles ")
        photos.set_flags(session, photo_id, shows_minors=True)
        photos.set_flags(session, photo_id, shows_minors=True)  # no change, no event
    with db.reading() as session:
        [listed] = photos.list_for_activity(session, db, activity_id)
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


@pytest.mark.sqlite_only  # `check` reads the SQLite file and its folder
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


# Several desks on one server. Each desk is a Database of its own on the same address; a desk on
# another computer has another cache folder (cache_root is read when a desk reaches its photos).


@pytest.fixture
def desks(server_url: str) -> Iterator[tuple[Database, Database]]:
    first, second = open_database(server_url), open_database(server_url)
    yield first, second
    first.close()
    second.close()


def new_activity(database: Database, title: str) -> int:
    with database.transaction() as session:
        return activities.create(
            session,
            activities.ActivityInput(title=title, starts_at=datetime(2026, 5, 1), currency="MAD"),
        ).id


def listed_paths(database: Database, activity: int) -> list[Path]:
    with database.reading() as session:
        return [p.path for p in photos.list_for_activity(session, database, activity)]


def on_computer(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Path:
    monkeypatch.setattr(file_store, "cache_root", lambda: folder)
    return folder


def test_a_photo_attached_at_one_desk_is_read_at_another(
    desks: tuple[Database, Database], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office, hall = desks
    office_cache = on_computer(monkeypatch, tmp_path / "office")
    activity = new_activity(office, "Collecte")
    attach_png(office, activity, tmp_path / "collecte.png", 20)
    [at_office] = listed_paths(office, activity)
    assert at_office.is_relative_to(office_cache) and at_office.read_bytes() == png_bytes(20)

    hall_cache = on_computer(monkeypatch, tmp_path / "hall")
    assert not hall_cache.exists()
    [in_hall] = listed_paths(hall, activity)  # fetched from the server, not from the office
    assert in_hall.is_relative_to(hall_cache) and in_hall.read_bytes() == png_bytes(20)
    assert in_hall.relative_to(hall_cache) == at_office.relative_to(office_cache)
    assert str(hall.server) not in str(in_hall) and "servers" in in_hall.parts
    with hall.reading() as session:
        [photo] = session.scalars(select_photos(activity))
        assert photos.photo_file(session, hall, photo) == in_hall


def select_photos(activity: int):
    from sqlalchemy import select

    from assocdesk.models import ActivityPhoto

    return select(ActivityPhoto).where(ActivityPhoto.activity_id == activity)


def test_the_same_picture_from_two_desks_is_stored_once(
    desks: tuple[Database, Database], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office, hall = desks
    on_computer(monkeypatch, tmp_path / "office")
    first = attach_png(office, new_activity(office, "Un"), tmp_path / "a.png", 30)
    on_computer(monkeypatch, tmp_path / "hall")
    second = attach_png(hall, new_activity(hall, "Deux"), tmp_path / "b.png", 30)
    assert first != second
    digest = hashlib.sha256(png_bytes(30)).hexdigest()
    assert stored_contents(office) == {digest: png_bytes(30)}
    with office.reading() as session:
        size = session.scalar(text("SELECT size FROM stored_files"))
    assert size == len(png_bytes(30))


def test_a_removal_rolled_back_keeps_the_stored_row(
    desks: tuple[Database, Database], tmp_path: Path
) -> None:
    office, hall = desks
    activity = new_activity(office, "Fête")
    photo = attach_png(office, activity, tmp_path / "fete.png", 40)
    [cached] = listed_paths(office, activity)
    digest = hashlib.sha256(png_bytes(40)).hexdigest()

    class Abort(Exception):
        pass

    with pytest.raises(Abort), office.transaction() as session:
        assert photos.remove(session, office, photo) is True
        with hall.reading() as other:  # not committed: the other desk still sees it
            assert other.scalar(text("SELECT count(*) FROM stored_files")) == 1
        raise Abort
    assert stored_contents(hall) == {digest: png_bytes(40)} and cached.is_file()
    assert listed_paths(hall, activity) == [cached]

    with office.transaction() as session:
        assert photos.remove(session, office, photo) is True
        assert cached.is_file()  # the cache goes after the commit, not before
    assert stored_contents(hall) == {} and not cached.exists()


def test_a_corrupted_cache_file_is_fetched_again(
    desks: tuple[Database, Database], tmp_path: Path
) -> None:
    office, hall = desks
    activity = new_activity(office, "Atelier")
    attach_png(office, activity, tmp_path / "atelier.png", 50)
    [cached] = listed_paths(hall, activity)
    good = png_bytes(50)

    damaged = bytearray(good)
    damaged[-5] ^= 0xFF  # one flipped bit's worth, same size
    cached.write_bytes(bytes(damaged))
    later = cached.stat().st_mtime_ns + 1_000_000_000
    os.utime(cached, ns=(later, later))
    assert listed_paths(hall, activity) == [cached] and cached.read_bytes() == good

    cached.write_bytes(good[:10])  # half-copied
    assert listed_paths(office, activity) == [cached] and cached.read_bytes() == good
    cached.unlink()
    assert listed_paths(hall, activity) == [cached] and cached.read_bytes() == good


def test_a_content_lost_on_the_server_is_shown_missing_not_stale(
    desks: tuple[Database, Database], tmp_path: Path
) -> None:
    office, hall = desks
    activity = new_activity(office, "Perdue")
    attach_png(office, activity, tmp_path / "perdue.png", 60)
    [cached] = listed_paths(office, activity)
    cached.write_bytes(b"not the picture")
    with office.transaction() as session:
        session.execute(text("UPDATE stored_files SET data = :junk"), {"junk": b"junk"})
    assert listed_paths(hall, activity) == [cached] and not cached.exists()


def test_a_removal_and_an_attach_of_the_same_picture_wait_for_each_other(
    desks: tuple[Database, Database], tmp_path: Path
) -> None:
    """Without the row's lock, one desk's removal of the last use could delete a content
    another desk is attaching (each not seeing the other's uncommitted photo)."""
    office, hall = desks
    first, second = new_activity(office, "Avant"), new_activity(office, "Après")
    photo = attach_png(office, first, tmp_path / "same.png", 70)
    again = tmp_path / "again.png"
    again.write_bytes(png_bytes(70))
    attached: list[int] = []

    def attach_in_hall() -> None:
        with hall.transaction() as session:
            attached.append(photos.attach(session, hall, second, again).id)

    with office.transaction() as session:
        assert photos.remove(session, office, photo) is True  # the row is locked from here
        thread = threading.Thread(target=attach_in_hall)
        thread.start()
        thread.join(0.5)
        assert thread.is_alive()  # the hall waits for the office's commit
    thread.join(30)
    assert not thread.is_alive() and len(attached) == 1
    digest = hashlib.sha256(png_bytes(70)).hexdigest()
    assert stored_contents(office) == {digest: png_bytes(70)}  # stored again, not lost
    assert [path.read_bytes() for path in listed_paths(office, second)] == [png_bytes(70)]


def test_an_attach_under_way_keeps_the_content_a_removal_would_delete(
    desks: tuple[Database, Database], tmp_path: Path
) -> None:
    """The other order: the hall is attaching the same picture when the office removes its
    last use; the office's removal waits, then sees the hall's photo and keeps the content."""
    office, hall = desks
    first, second = new_activity(office, "Avant"), new_activity(office, "Après")
    photo = attach_png(office, first, tmp_path / "same.png", 80)
    again = tmp_path / "again.png"
    again.write_bytes(png_bytes(80))
    deleted: list[bool] = []

    def remove_at_office() -> None:
        with office.transaction() as session:
            deleted.append(photos.remove(session, office, photo))

    with hall.transaction() as session:
        photos.attach(session, hall, second, again)
        session.flush()
        thread = threading.Thread(target=remove_at_office)
        thread.start()
        thread.join(0.5)
        assert thread.is_alive()  # the office waits for the hall's commit
    thread.join(30)
    assert not thread.is_alive() and deleted == [False]
    digest = hashlib.sha256(png_bytes(80)).hexdigest()
    assert stored_contents(office) == {digest: png_bytes(80)}
    assert [path.read_bytes() for path in listed_paths(office, second)] == [png_bytes(80)]


def test_moving_to_a_server_and_home_again_brings_the_pictures(
    sqlite_db: Database, server_db: Database, tmp_path: Path
) -> None:
    activity = new_activity(sqlite_db, "Maison")
    attach_png(sqlite_db, activity, tmp_path / "one.png", 90)
    attach_png(sqlite_db, activity, tmp_path / "two.png", 91)
    lost = attach_png(sqlite_db, activity, tmp_path / "lost.png", 92)
    with sqlite_db.reading() as session:
        lost_path = next(
            p.path for p in photos.list_for_activity(session, sqlite_db, activity) if p.id == lost
        )
    lost_path.unlink()
    copy_database(sqlite_db.engine, server_db.engine)  # the records, as a move copies them
    seen: list[tuple[int, int]] = []

    moved = photos.copy_contents(sqlite_db, server_db, lambda d, t: seen.append((d, t)) or True)
    assert (moved.copied, moved.missing) == (2, ["lost.png"]) and seen[-1] == (3, 3)
    wanted = {hashlib.sha256(png_bytes(c)).hexdigest(): png_bytes(c) for c in (90, 91)}
    assert stored_contents(server_db) == wanted

    home = open_database(tmp_path / "home" / "assocdesk.sqlite3")
    try:
        back = photos.copy_contents(server_db, home)  # its records are the server's
        assert (back.copied, back.missing) == (2, ["lost.png"])  # lost at home before the move
        assert stored_contents(home) == wanted
        assert [p.read_bytes() for p in listed_paths(server_db, activity)[:2]] == [
            png_bytes(90),
            png_bytes(91),
        ]
    finally:
        home.close()


def test_a_move_cancelled_stores_nothing(
    sqlite_db: Database, server_db: Database, tmp_path: Path
) -> None:
    activity = new_activity(sqlite_db, "Stop")
    attach_png(sqlite_db, activity, tmp_path / "stop.png", 93)
    attach_png(sqlite_db, activity, tmp_path / "go.png", 94)
    with pytest.raises(TransferCancelled):  # the first stored, then Cancel
        photos.copy_contents(sqlite_db, server_db, lambda d, t: d < 1)
    assert stored_contents(server_db) == {}
