"""The bundle's format: its members, its table of contents (the manifest) and its seal.

Shared by writing a bundle (:mod:`.bundle`) and verifying one (:mod:`.verify`). The zip's
comment seals the whole file: the SHA-256 of every byte before the digest, so a single flipped
byte anywhere (data, headers, central directory) is caught before anything is extracted.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from assocdesk.i18n import _
from assocdesk.storage.errors import BackupError

SUFFIX = ".assocdesk-backup"
FORMAT = "assocdesk-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database.sqlite3"
ATTACHMENTS = "attachments"
SEAL_PREFIX = b"assocdesk-sha256:"
SEAL_LENGTH = 64  # hex digits of a SHA-256
CHUNK = 1 << 20

# What a bundle may unpack. A zip states each member's size before anything is extracted, and
# Python's zipfile never inflates a member past its stated size, so both caps are checked on
# the stated sizes, up front:
# - everything unpacked, plus the copy of the current database kept before a restore, must fit
#   in the free space of the database's folder with SPACE_MARGIN to spare (a full disk would
#   otherwise stop the restore half-way, or the app after it);
# - the database may not claim more than MAX_DATABASE_RATIO times its compressed size once it
#   is above RATIO_FLOOR: a real database compresses some 3 to 20 times, runs of zeros some
#   1000 times (a "zip bomb": 1.2 MB unpacking to 1 GiB). Small databases are left out, since
#   a new one, mostly empty pages, compresses far better than a lived-in one.
SPACE_MARGIN = 64 << 20
MAX_DATABASE_RATIO = 200
RATIO_FLOOR = 64 << 20


@dataclass(frozen=True)
class Manifest:
    app_version: str
    schema_revision: str
    created_at: datetime
    counts: dict[str, int]
    sha256: dict[str, str]  # member name → hex digest
    protected: bool = False  # the database copy opens with a password only

    def to_json(self) -> bytes:
        return json.dumps(
            {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "app_version": self.app_version,
                "schema_revision": self.schema_revision,
                "created_at": self.created_at.isoformat(),
                "counts": self.counts,
                "protected": self.protected,
                "files": {name: {"sha256": digest} for name, digest in self.sha256.items()},
            },
            ensure_ascii=False,
            indent=2,
            sort_keys=True,
        ).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        """Parse and check every field's type; a BackupError names what is wrong."""
        try:
            raw = json.loads(data.decode("utf-8"))
            if not isinstance(raw, dict) or raw.get("format") != FORMAT:
                raise ValueError("format")
            if raw.get("format_version") != FORMAT_VERSION:
                raise ValueError("format_version")
            files = raw["files"]
            counts = raw["counts"]
            protected = raw.get("protected", False)  # absent: written before protection existed
            if not isinstance(protected, bool):
                raise ValueError("protected")
            manifest = cls(
                app_version=str(raw["app_version"]),
                schema_revision=str(raw["schema_revision"]),
                created_at=datetime.fromisoformat(raw["created_at"]),
                counts={str(k): int(v) for k, v in counts.items()},
                sha256={str(name): str(entry["sha256"]) for name, entry in files.items()},
                protected=protected,
            )
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
            raise BackupError(
                _("The backup's table of contents is damaged or not AssocDesk's ({error}).").format(
                    error=exc
                )
            ) from exc
        if DATABASE not in manifest.sha256:
            raise BackupError(_("The backup's table of contents lists no database."))
        for name in manifest.sha256:
            _check_member_name(name)
        return manifest


def _check_member_name(name: str) -> None:
    """Members are ours and stay inside the folder they are extracted to (no ``..``, no ``/x``)."""
    pure = PurePosixPath(name)
    safe = name == DATABASE or (
        len(pure.parts) > 1
        and pure.parts[0] == ATTACHMENTS
        and not pure.is_absolute()
        and ".." not in pure.parts
        and "\\" not in name
        and ":" not in name
    )
    if not safe:
        raise BackupError(
            _("The backup holds a file it should not ({name}); it was not opened.").format(
                name=name
            )
        )


def seal(path: Path) -> None:
    """Replace the placeholder digest at the very end of the zip by the digest of all before it."""
    with path.open("r+b") as handle:
        handle.seek(0, os.SEEK_END)
        body_length = handle.tell() - SEAL_LENGTH
        handle.seek(0)
        digest = hashlib.sha256()
        remaining = body_length
        while remaining:
            chunk = handle.read(min(CHUNK, remaining))
            digest.update(chunk)
            remaining -= len(chunk)
        handle.seek(body_length)
        handle.write(digest.hexdigest().encode("ascii"))


def seal_is_intact(path: Path) -> bool:
    with path.open("rb") as handle:
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        if size < SEAL_LENGTH + len(SEAL_PREFIX):
            return False
        handle.seek(size - SEAL_LENGTH - len(SEAL_PREFIX))
        if handle.read(len(SEAL_PREFIX)) != SEAL_PREFIX:
            return False
        expected = handle.read(SEAL_LENGTH)
        handle.seek(0)
        digest = hashlib.sha256()
        remaining = size - SEAL_LENGTH
        while remaining:
            chunk = handle.read(min(CHUNK, remaining))
            digest.update(chunk)
            remaining -= len(chunk)
    return digest.hexdigest().encode("ascii") == expected
