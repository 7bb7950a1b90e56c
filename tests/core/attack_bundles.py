"""Damaged and hostile backup bundles for tests/core/test_attack_loops.py, drawn at random.

Every generator takes a random.Random and the :class:`Good` bundle and returns the bytes of a
new bundle. Corruptions are what a disk, a USB stick or a copy does (cut, flipped bytes, a lost
entry); attacks are what a person forging a bundle does, mostly behind a valid seal (the seal
is a SHA-256 anyone can recompute: see assocdesk.storage.backups.manifest), so the checks
behind it are hit.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import sqlite3
import stat
import struct
import tempfile
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assocdesk.storage.backups import bundle as backup
from assocdesk.storage.backups.manifest import RATIO_FLOOR
from tests.core.test_backup import members_of
from tests.core.test_restore_trusts_nothing import BUMP

Entry = tuple[str | zipfile.ZipInfo, bytes]


@dataclass(frozen=True)
class Good:
    """A sound bundle: its bytes, its members, and a folder outside the database's that a
    zip-slip would write into (absolute, so an absolute name can aim at it)."""

    data: bytes
    members: dict[str, bytes]
    outside: Path

    @classmethod
    def of(cls, bundle: Path, outside: Path) -> Good:
        return cls(bundle.read_bytes(), members_of(bundle), outside)

    @property
    def manifest(self) -> dict:
        return json.loads(self.members[backup.MANIFEST])

    def entries(self) -> list[Entry]:
        return [(name, data) for name, data in self.members.items() if name != backup.MANIFEST]


def build(entries: list[Entry], manifest: dict | bytes | None, *, seal: bool = True) -> bytes:
    """A zip of ``entries`` (names may repeat) plus ``manifest`` (None: no manifest), sealed as
    create_bundle seals its bundles, or with a placeholder seal."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.comment = backup.SEAL_PREFIX + b"0" * backup.SEAL_LENGTH
            for name, data in entries:
                archive.writestr(name, data)
            if manifest is not None:
                text = manifest if isinstance(manifest, bytes) else json.dumps(manifest).encode()
                archive.writestr(backup.MANIFEST, text)
    data = buffer.getvalue()
    return sealed(data) if seal else data


def sealed(data: bytes) -> bytes:
    body = data[: -backup.SEAL_LENGTH]
    return body + hashlib.sha256(body).hexdigest().encode("ascii")


def truthful(good: Good, entries: list[Entry], **changes: object) -> dict:
    """The good manifest with the sums of ``entries`` (what a forger recomputes)."""
    files = {
        (name.filename if isinstance(name, zipfile.ZipInfo) else name): {
            "sha256": hashlib.sha256(data).hexdigest()
        }
        for name, data in entries
    }
    return {**good.manifest, "files": files, **changes}


def flipped(
    data: bytes, rng: random.Random, count: int, start: int = 0, end: int | None = None
) -> bytes:
    changed = bytearray(data)
    for position in rng.sample(range(start, end if end is not None else len(data)), count):
        changed[position] ^= rng.randint(1, 255)
    return bytes(changed)


def token(rng: random.Random) -> str:
    return f"evil-{rng.randrange(16**6):06x}"


# -- corruptions ------------------------------------------------------------------------------
def truncate(rng: random.Random, good: Good) -> bytes:
    return good.data[: rng.randrange(len(good.data))]


def flip_in_zip(rng: random.Random, good: Good) -> bytes:
    return flipped(good.data, rng, rng.randint(1, 8))


def flip_in_database(rng: random.Random, good: Good) -> bytes:
    """Bytes of the database changed, the manifest's sums kept, the zip sealed again."""
    database = flipped(good.members[backup.DATABASE], rng, rng.randint(1, 4))
    entries = [(n, database if n == backup.DATABASE else d) for n, d in good.entries()]
    return build(entries, good.manifest)


def flip_in_deflated_database(rng: random.Random, good: Good) -> bytes:
    """Bytes of the compressed database changed inside the zip, the seal made valid again."""
    with zipfile.ZipFile(io.BytesIO(good.data)) as archive:
        info = archive.getinfo(backup.DATABASE)
    name_length, extra_length = struct.unpack(
        "<HH", good.data[info.header_offset + 26 : info.header_offset + 30]
    )
    start = info.header_offset + 30 + name_length + extra_length
    return sealed(flipped(good.data, rng, rng.randint(1, 4), start, start + info.compress_size))


def drop_entry(rng: random.Random, good: Good) -> bytes:
    lost = rng.choice(sorted(good.members))
    entries = [(n, d) for n, d in good.entries() if n != lost]
    return build(
        entries, None if lost == backup.MANIFEST else good.manifest, seal=rng.random() < 0.7
    )


CORRUPTIONS: dict[str, Callable[[random.Random, Good], bytes]] = {
    "truncated": truncate,
    "bytes flipped in the zip": flip_in_zip,
    "bytes flipped in the database, resealed": flip_in_database,
    "bytes flipped in the compressed database, resealed": flip_in_deflated_database,
    "an entry dropped": drop_entry,
}


def forged_database(rng: random.Random, good: Good) -> bytes:
    """Bytes of the database changed with the manifest's sum recomputed: only SQLite's own
    checks and the schema check stand between it and the live file."""
    database = flipped(good.members[backup.DATABASE], rng, rng.randint(1, 4), 100)
    entries = [(n, database if n == backup.DATABASE else d) for n, d in good.entries()]
    return build(entries, truthful(good, entries))


# -- attacks ----------------------------------------------------------------------------------
def _with_extra(
    good: Good, name: str | zipfile.ZipInfo, data: bytes, *, listed: bool = True
) -> bytes:
    entries = [*good.entries(), (name, data)]
    return build(entries, truthful(good, entries if listed else good.entries()))


def slip_dots(rng: random.Random, good: Good) -> bytes:
    prefix = rng.choice(
        ["../", "../../", "../../../", "attachments/../../", "attachments/./../../../"]
    )
    return _with_extra(good, prefix + "outside/" + token(rng), b"planted")


def slip_absolute(rng: random.Random, good: Good) -> bytes:
    name = rng.choice([str(good.outside / token(rng)), "/" + str(good.outside / token(rng))])
    return _with_extra(good, name, b"planted")


def slip_backslash(rng: random.Random, good: Good) -> bytes:
    name = rng.choice(
        ["attachments\\..\\..\\outside\\", "..\\outside\\", "attachments/..\\..\\outside\\"]
    ) + token(rng)
    return _with_extra(good, name, b"planted")


def slip_drive(rng: random.Random, good: Good) -> bytes:
    name = rng.choice(
        ["C:\\outside\\", "C:/outside/", "attachments/C:", "attachments/x:y/"]
    ) + token(rng)
    return _with_extra(good, name, b"planted")


def unlisted(rng: random.Random, good: Good) -> bytes:
    name = rng.choice(["attachments/", "../", ""]) + token(rng)
    return _with_extra(good, name, b"planted", listed=False)


def duplicate(rng: random.Random, good: Good) -> bytes:
    twice = rng.choice(sorted(good.members))
    other = good.members[twice][: rng.randrange(1, len(good.members[twice]) + 1)] + b"x"
    entries = good.entries()
    second = (twice, other)
    if twice == backup.MANIFEST:
        entries.append((twice, json.dumps({**good.manifest, "counts": {}}).encode()))
        return build(entries, good.manifest)
    entries.insert(rng.randrange(len(entries) + 1), second)
    return build(entries, truthful(good, [e for e in entries if e is not second]))


def _bad_manifests(good: Good) -> list[bytes]:
    manifest = good.manifest
    files = manifest["files"]
    return [
        b"",
        b"{not json",
        b"\xff\xfe not utf-8",
        b"[]",
        b"null",
        json.dumps([manifest]).encode(),
        json.dumps({**manifest, "format": "zip"}).encode(),
        json.dumps({**manifest, "format_version": 2}).encode(),
        json.dumps({**manifest, "files": 3}).encode(),
        json.dumps(
            {**manifest, "files": {k: v for k, v in files.items() if k != backup.DATABASE}}
        ).encode(),
        json.dumps({**manifest, "files": {k: {"md5": "0"} for k in files}}).encode(),
        json.dumps({**manifest, "counts": {"donations": "many"}}).encode(),
        json.dumps({**manifest, "counts": []}).encode(),
        json.dumps({**manifest, "protected": "yes"}).encode(),
        json.dumps({**manifest, "protected": True}).encode(),
        json.dumps({**manifest, "created_at": "yesterday"}).encode(),
        json.dumps({**manifest, "schema_revision": "9999"}).encode(),
        json.dumps({k: v for k, v in manifest.items() if k != "app_version"}).encode(),
        b"[" * 100_000 + b"]" * 100_000,
        json.dumps(
            {
                **manifest,
                "files": {backup.DATABASE: files[backup.DATABASE]}
                | {f"attachments/{n}": {"sha256": "0" * 64} for n in range(2000)},
            }
        ).encode(),
    ]


def bad_manifest(rng: random.Random, good: Good) -> bytes:
    manifest = rng.choice(_bad_manifests(good))
    return build(good.entries(), manifest)


def missing_manifest(rng: random.Random, good: Good) -> bytes:
    return build(good.entries(), None, seal=rng.random() < 0.8)


def lying_sums(rng: random.Random, good: Good) -> bytes:
    entries = good.entries()
    manifest = truthful(good, entries)
    liar = rng.choice(sorted(manifest["files"]))
    others = [v["sha256"] for k, v in manifest["files"].items() if k != liar]
    lie = rng.choice([f"{rng.randrange(16**64):064x}", "0" * 64, *others, ""])
    manifest["files"][liar] = {"sha256": lie}
    return build(entries, manifest)


def symlink_then_write(rng: random.Random, good: Good) -> bytes:
    """A symlink entry pointing outside, then a file written "through" it."""
    link = zipfile.ZipInfo(f"attachments/{token(rng)}")
    link.create_system = 3  # Unix, so the mode in external_attr counts
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    target = rng.choice([str(good.outside), "../../outside", "/etc"]).encode()
    entries = [*good.entries(), (link, target), (f"{link.filename}/payload", b"planted")]
    return build(entries, truthful(good, entries))


def broken_deflate(good: Good) -> bytes:
    """The database's compressed data starting with a reserved block type (zlib's "invalid
    block type"), the seal made valid again."""
    with zipfile.ZipFile(io.BytesIO(good.data)) as archive:
        info = archive.getinfo(backup.DATABASE)
    assert info.compress_type == zipfile.ZIP_DEFLATED
    name_length, extra_length = struct.unpack(
        "<HH", good.data[info.header_offset + 26 : info.header_offset + 30]
    )
    start = info.header_offset + 30 + name_length + extra_length
    return sealed(good.data[:start] + b"\xff" + good.data[start + 1 :])


def lone_symlink(good: Good, target: str) -> bytes:
    link = zipfile.ZipInfo("attachments/link")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    entries = [*good.entries(), (link, target.encode())]
    return build(entries, truthful(good, entries))


HUGE = 1 << 30  # the tests give the database's folder less free space than this


def huge_size(rng: random.Random, good: Good) -> bytes:
    """A member's size in the central directory changed (the seal made valid again): a huge
    one (past the ratio a real database has, or past :data:`HUGE`, more than the free space the
    test leaves) or one smaller than the data."""
    data = build(good.entries(), good.manifest, seal=False)
    name = rng.choice([n for n in good.members if n != backup.MANIFEST])
    encoded = name.encode()
    at = data.index(b"PK\x01\x02")
    while data[at + 46 : at + 46 + len(encoded)] != encoded:
        at = data.index(b"PK\x01\x02", at + 4)
    real = struct.unpack("<I", data[at + 24 : at + 28])[0]
    floor = RATIO_FLOOR + 1 if name == backup.DATABASE else HUGE
    size = rng.choice(
        [rng.randrange(floor, 1 << 32), 0xFFFFFFFE, max(0, real - rng.randint(1, 4096))]
    )
    return sealed(data[: at + 24] + struct.pack("<I", size) + data[at + 28 :])


PLANTS = [
    BUMP,
    "CREATE TRIGGER wipe AFTER INSERT ON donations BEGIN DELETE FROM audit_events; END",
    "CREATE VIEW everyone AS SELECT name, phone FROM contacts",
    "CREATE TABLE stolen (data)",
    "CREATE INDEX ix_planted ON donations (amount_minor)",
    "DROP INDEX ix_contacts_name",
    "UPDATE alembic_version SET version_num = 'ffff'",
    "PRAGMA application_id = 1",
    "PRAGMA user_version = 77; CREATE TABLE x (y)",
]


def planted_database(rng: random.Random, good: Good) -> bytes:
    """The database with a schema object our migrations never make (or another program's id,
    or a newer revision), its sums truthful: as a bundle, or as a bare database copy."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "planted.sqlite3"
        path.write_bytes(good.members[backup.DATABASE])
        conn = sqlite3.connect(path)
        try:
            conn.executescript(rng.choice(PLANTS))
            conn.commit()
        finally:
            conn.close()
        database = path.read_bytes()
    if rng.random() < 0.3:
        return database  # restored as an automatic copy (restore tells them apart by content)
    entries = [(n, database if n == backup.DATABASE else d) for n, d in good.entries()]
    return build(entries, truthful(good, entries))


ATTACKS: dict[str, Callable[[random.Random, Good], bytes]] = {
    "zip-slip ../": slip_dots,
    "zip-slip absolute path": slip_absolute,
    "zip-slip backslashes": slip_backslash,
    "zip-slip drive letter": slip_drive,
    "an entry the manifest does not list": unlisted,
    "a duplicate entry": duplicate,
    "a bad manifest": bad_manifest,
    "no manifest": missing_manifest,
    "sums that lie": lying_sums,
    "a symlink, then a file through it": symlink_then_write,
    "a huge or false declared size": huge_size,
    "a planted schema object": planted_database,
}
