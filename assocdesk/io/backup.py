"""Backup bundles ("Back up to…", "Restore from…") and putting a verified copy in place.

A bundle is one ``.assocdesk-backup`` file, a zip holding:

- ``database.sqlite3``: a copy made with SQLite's online backup API (consistent even while the
  app writes);
- ``attachments/…``: the database's files folder (see :func:`assocdesk.db.attachments_dir`);
- ``manifest.json``: app version, schema revision, creation time, records per table, whether
  the database copy is protected by a password (never the password itself), and the SHA-256 of
  every other member.

A password-protected database gives a protected copy (same password): the bundle is then no
easier to read than the database. Restoring it needs the password; a bundle says it is
protected before anything is extracted, so the person is asked first.

The zip's comment seals the whole file: the SHA-256 of every byte before the digest. A single
flipped byte anywhere (data, headers, central directory) is therefore caught, not only inside
the members, before anything is extracted.

Restoring never trusts the file: the seal, the manifest, every member's sum, SQLite's full
``integrity_check`` of the extracted database and its schema revision are checked first; only
then is the current database kept as a copy in the backups folder and replaced by a rename (a
step that cannot be left half-done). What cannot be verified is refused with a message saying
why, and nothing is changed (putting a verified copy in place: :mod:`assocdesk.io.restore`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from assocdesk import __version__
from assocdesk.db import (
    APPLICATION_ID,
    DRIVER_DATABASE_ERRORS,
    DRIVER_ERRORS,
    HEAD_REVISION,
    DatabaseError,
    attachments_dir,
    create_sqlite_engine,
    problem_lines,
)
from assocdesk.i18n import N_, _
from assocdesk.io.files import remove_leftovers
from assocdesk.io.sqlite_file import (
    CopyCancelled,
    Summary,
    connect_read_only,
    fsync_file,
    fsync_folder,
    is_plain,
    is_protected,
    schema_revision,
    snapshot,
    table_counts,
)

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

# Temporary names of our own (``<token>``: 8 hex digits), which an earlier run killed half-way
# may have left: a bundle's database copy and partial zip beside the bundle, the folder a bundle
# is unpacked into and a copy being restored beside the database.
_BUNDLE_LEFTOVER = re.compile(
    r"\..+" + re.escape(SUFFIX) + r"\.[0-9a-f]{8}\.(?:snapshot(?:-journal|-wal|-shm)?|part)"
)

Progress = Callable[[int, int], bool]


class BackupError(Exception):
    """A backup cannot be written, or a file cannot be verified; the message says which and why."""


class BackupCancelled(Exception):
    """Cancel was pressed; no file was left behind."""


class BackupPasswordError(BackupError):
    """The backup is protected and the password is missing or wrong: ask for it, try again."""


class BackupPasswordRequired(BackupPasswordError):
    pass


class BackupWrongPassword(BackupPasswordError):
    pass


def _password_required() -> BackupPasswordRequired:
    return BackupPasswordRequired(
        _(
            "This backup is protected by a password: give the password the database had "
            "when the backup was made."
        )
    )


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


def _attachment_files(database_path: Path) -> list[tuple[str, Path]]:
    folder = attachments_dir(database_path)
    if not folder.is_dir():
        return []
    return [
        (f"{ATTACHMENTS}/{path.relative_to(folder).as_posix()}", path)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    ]


# -- writing a bundle -------------------------------------------------------------------------
def create_bundle(
    database_path: Path,
    out: Path,
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
    password: str | None = None,
) -> Manifest:
    """Write ``out`` (a ``.assocdesk-backup``) whole or not at all; raise BackupError/Cancelled.

    ``progress(done, total)`` counts the database copy's pages plus one per attached file.
    ``password``: the one the database was opened with; a protected database gives a copy
    protected by the same password (the manifest says so, without the password).
    """
    now = now or datetime.now(UTC)
    started = time.time()
    files = _attachment_files(database_path)
    out = out.expanduser()
    remove_leftovers(out.parent, _BUNDLE_LEFTOVER, started)
    token = secrets.token_hex(4)
    work = out.with_name(f".{out.name}.{token}.snapshot")
    partial = out.with_name(f".{out.name}.{token}.part")
    # Units of progress: the copy's pages, the same again for compressing it, one per file.
    pages = [1]

    def report(done: int) -> None:
        if progress is not None and not progress(done, 2 * pages[0] + len(files)):
            raise BackupCancelled

    def copying(done: int, total: int) -> bool:
        pages[0] = max(total, 1)
        return progress is None or progress(done, 2 * pages[0] + len(files))

    try:
        protected = is_protected(database_path, password)
        snapshot(database_path, work, copying, password=password)
        conn = connect_read_only(work, password)
        try:
            revision, counts = schema_revision(conn), table_counts(conn)
        finally:
            conn.close()
        with zipfile.ZipFile(partial, "x", zipfile.ZIP_DEFLATED, compresslevel=6) as bundle:
            bundle.comment = SEAL_PREFIX + b"0" * SEAL_LENGTH
            size = max(work.stat().st_size, 1)
            sums = {
                DATABASE: _add_member(
                    bundle, work, DATABASE, lambda n: report(pages[0] + pages[0] * n // size)
                )
            }
            for done, (name, path) in enumerate(files, start=1):
                # Photos and PDFs are compressed already: storing them is as small and faster.
                sums[name] = _add_member(bundle, path, name, stored=True)
                report(2 * pages[0] + done)
            manifest = Manifest(__version__, revision or "", now, counts, sums, protected)
            bundle.writestr(MANIFEST, manifest.to_json())
        _seal(partial)
        fsync_file(partial)
        os.replace(partial, out)
        fsync_folder(out.parent)
        return manifest
    except CopyCancelled as exc:
        raise BackupCancelled from exc
    except (OSError, DatabaseError, *DRIVER_ERRORS) as exc:
        raise BackupError(
            _("The backup could not be written to {path}: {error}").format(
                path=out, error=getattr(exc, "strerror", None) or exc
            )
        ) from exc
    finally:
        for leftover in (work, partial, *(work.with_name(work.name + s) for s in _SIDE_FILES)):
            with contextlib.suppress(OSError):  # the folder may be what failed
                leftover.unlink(missing_ok=True)


_SIDE_FILES = ("-journal", "-wal", "-shm")


def remove_restore_leftovers(database_path: Path, started: float) -> list[Path]:
    """Remove what an interrupted restore of this database left beside it (folders a bundle
    was unpacked into, copies being put in place), made before ``started``; the caller holds
    the database's lock, so no other restore of it is running."""
    stem, name = re.escape(database_path.stem), re.escape(database_path.name)
    pattern = re.compile(
        rf"\.{stem}-restore-[0-9a-f]{{8}}|\.{name}\.[0-9a-f]{{8}}\.restore(?:-journal|-wal|-shm)?"
    )
    return remove_leftovers(database_path.parent, pattern, started)


def _add_member(
    bundle: zipfile.ZipFile,
    path: Path,
    name: str,
    written: Callable[[int], None] | None = None,
    *,
    stored: bool = False,
) -> str:
    """Copy ``path`` into the zip as ``name`` in chunks, hashing what goes in; its SHA-256."""
    info = zipfile.ZipInfo.from_file(path, name)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    digest = hashlib.sha256()
    done = 0
    with path.open("rb") as source, bundle.open(info, "w", force_zip64=True) as member:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            member.write(chunk)
            done += len(chunk)
            if written is not None:
                written(done)
    return digest.hexdigest()


def _seal(path: Path) -> None:
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


def _seal_is_intact(path: Path) -> bool:
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


# -- verifying --------------------------------------------------------------------------------
def verify_database_file(path: Path, password: str | None = None) -> Summary:
    """Refuse a database copy that SQLite finds damaged, that is not AssocDesk's, or that a
    newer AssocDesk wrote (it could not be opened here). Its revision and counts otherwise.

    A protected copy needs ``password`` (BackupPasswordRequired without it, BackupWrongPassword
    when it does not open the copy); a plain copy ignores it.
    """
    from assocdesk import encryption
    from assocdesk.migrations import runner

    protected = not is_plain(path) and (password is not None or _looks_protected(path))
    if protected and password is None:
        raise _password_required()
    try:
        conn = connect_read_only(path, password if protected else None)
        try:
            rows = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
            if rows != ["ok"]:
                raise BackupError(
                    _("The database in this backup is damaged ({details}).").format(
                        details="; ".join(problem_lines(rows)[:3])
                    )
                )
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                raise BackupError(_("This file is not an AssocDesk database."))
            revision, counts = schema_revision(conn), table_counts(conn)
            if revision is not None and (revision == HEAD_REVISION or runner.is_known(revision)):
                check_schema(conn, revision)
        finally:
            conn.close()
    except encryption.EncryptionError as exc:  # SQLCipher is not installed here
        raise BackupError(str(exc)) from exc
    except DRIVER_DATABASE_ERRORS as exc:
        if protected and encryption.is_wrong_key(exc):
            raise BackupWrongPassword(
                _("The password is not right for this backup (or the backup is damaged).")
            ) from exc
        raise BackupError(
            _("The database in this backup cannot be read ({error}).").format(error=exc)
        ) from exc
    if revision is None:
        raise BackupError(
            _(
                "The database in this backup has no schema version: it was not made by "
                "AssocDesk, or it was altered. Nothing was restored."
            )
        )
    if revision != HEAD_REVISION and not runner.is_known(revision):
        raise BackupError(
            _(
                "This backup was made by a newer version of AssocDesk (schema {revision}). "
                "Install that version to restore it."
            ).format(revision=revision)
        )
    return Summary(revision, counts, protected)


# -- the schema ------------------------------------------------------------------------------
SchemaObjects = dict[tuple[str, str], tuple[str, str]]  # (type, name) → (tbl_name, sql)
_KINDS = {"table": N_("table"), "index": N_("index"), "trigger": N_("trigger"), "view": N_("view")}
_reference_schemas: dict[str, SchemaObjects] = {}


def _normalized(sql: str | None) -> str:
    """SQL as SQLite keeps it, blind to layout and to the order of a table's constraints only:
    SQLAlchemy versions lay out the same statement with other line breaks, and Alembic's batch
    mode writes a rebuilt table's constraints in an order that changes from run to run."""
    text = re.sub(r"\s*([(),])\s*", r"\1", " ".join((sql or "").split()))
    start = text.find("(")
    if not text.upper().startswith("CREATE TABLE") or start < 0 or not text.endswith(")"):
        return text
    items, depth, quote, current = [], 0, "", ""
    for char in text[start + 1 : -1]:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"`[":
            quote = "]" if char == "[" else char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(current)
            current = ""
            continue
        current += char
    items.append(current)
    keywords = ("CONSTRAINT ", "PRIMARY KEY", "UNIQUE", "FOREIGN KEY", "CHECK")
    columns = [item for item in items if not item.upper().startswith(keywords)]
    constraints = sorted(item for item in items if item.upper().startswith(keywords))
    return text[: start + 1] + ",".join(columns + constraints) + ")"


def schema_objects(conn: sqlite3.Connection) -> SchemaObjects:
    """Every table, index, trigger and view of the database, as ``sqlite_master`` has it."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {(kind, name): (table, _normalized(sql)) for kind, name, table, sql in rows}


def reference_schema(revision: str) -> SchemaObjects:
    """The schema our migrations make at ``revision``: a new database migrated to it, once per
    revision and process (a second or so)."""
    from assocdesk.migrations import runner

    cached = _reference_schemas.get(revision)
    if cached is None:
        with tempfile.TemporaryDirectory(prefix="assocdesk-schema-") as folder:
            path = Path(folder) / "reference.sqlite3"
            engine = create_sqlite_engine(path)
            try:
                runner.upgrade(engine, revision)
            finally:
                engine.dispose()
            conn = sqlite3.connect(path)
            try:
                cached = schema_objects(conn)
            finally:
                conn.close()
        _reference_schemas[revision] = cached
    return cached


def check_schema(conn: sqlite3.Connection, revision: str) -> None:
    """Refuse a database whose schema is not exactly the one our migrations make at its
    revision: a planted trigger (one that skips receipt numbers or wipes the journal), a view,
    an index changed or missing would otherwise come in with a restore and act from then on.
    The first difference found is named."""
    found, expected = schema_objects(conn), reference_schema(revision)
    # What was added first (the likely attack), then what was changed, then what is missing.
    for key in sorted(
        found.keys() | expected.keys(), key=lambda k: (k in expected, k not in found, k)
    ):
        kind, name = key
        what = {"kind": _(_KINDS.get(kind, kind)), "name": name}
        if key not in expected:
            message = _("The backup holds an object AssocDesk never creates ({kind} “{name}”).")
        elif key not in found:
            message = _("The backup lacks an object AssocDesk creates ({kind} “{name}”).")
        elif found[key] != expected[key]:
            message = _(
                "The backup holds an object unlike the one AssocDesk creates ({kind} “{name}”)."
            )
        else:
            continue
        raise BackupError(message.format(**what) + " " + _("It is refused; nothing was changed."))


def _looks_protected(path: Path) -> bool:
    from assocdesk import encryption

    return encryption.looks_encrypted(path)


@dataclass
class VerifiedBackup:
    """A bundle whose every check passed, extracted into ``folder`` (beside the database, so
    putting it in place is a rename). Call :meth:`discard` if it is not installed."""

    source: Path
    folder: Path
    manifest: Manifest
    summary: Summary

    @property
    def database(self) -> Path:
        return self.folder / DATABASE

    @property
    def attachments(self) -> Path:
        return self.folder / ATTACHMENTS

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _unreadable(bundle: Path, error: object) -> BackupError:
    return BackupError(
        _(
            "{path} is not an AssocDesk backup, or it is damaged ({error}). Nothing was changed."
        ).format(path=bundle, error=error)
    )


def verify_bundle(
    bundle: Path,
    database_path: Path,
    progress: Progress | None = None,
    *,
    password: str | None = None,
) -> VerifiedBackup:
    """Check everything in ``bundle`` and extract it beside ``database_path``; or BackupError.

    The current database is not touched. ``progress`` counts the members extracted. A
    protected bundle needs ``password``: without it BackupPasswordRequired is raised before
    anything is extracted; a wrong one gives BackupWrongPassword.
    """
    try:
        if not _seal_is_intact(bundle):
            raise _unreadable(bundle, _("its check sum does not match: the file was changed"))
    except OSError as exc:
        raise _unreadable(bundle, exc.strerror or exc) from exc
    started = time.time()
    folder = database_path.parent / f".{database_path.stem}-restore-{secrets.token_hex(4)}"
    try:
        with zipfile.ZipFile(bundle) as archive:
            try:
                manifest = Manifest.from_json(archive.read(MANIFEST))
            except KeyError as exc:
                raise _unreadable(bundle, _("no table of contents")) from exc
            if manifest.protected and password is None:
                raise _password_required()
            names = archive.namelist()
            members = set(names) - {MANIFEST}
            if len(names) != len(set(names)) or members != set(manifest.sha256):
                raise _unreadable(bundle, _("its files differ from its table of contents"))
            _check_sizes(archive, bundle, database_path)
            remove_restore_leftovers(database_path, started)
            folder.mkdir(parents=True)
            for done, name in enumerate(sorted(members), start=1):
                _extract_checked(archive, name, manifest.sha256[name], folder)
                if progress is not None and not progress(done, len(members)):
                    raise BackupCancelled
        if not manifest.protected and not is_plain(folder / DATABASE):
            raise _unreadable(bundle, _("its database does not match its table of contents"))
        summary = verify_database_file(folder / DATABASE, password if manifest.protected else None)
        if summary.revision != manifest.schema_revision or summary.protected != manifest.protected:
            raise _unreadable(bundle, _("its database does not match its table of contents"))
        return VerifiedBackup(bundle, folder, manifest, summary)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise _unreadable(bundle, exc) from exc
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise BackupError(
            _("The backup could not be unpacked beside the database: {error}").format(
                error=exc.strerror or exc
            )
        ) from exc
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _megabytes(size: int) -> str:
    return str(max(1, -(-size // 1_000_000)))


def _check_sizes(archive: zipfile.ZipFile, bundle: Path, database_path: Path) -> None:
    """Refuse, before anything is extracted, a bundle that would unpack to more than the disk
    can take or than a real database compresses to (see SPACE_MARGIN and MAX_DATABASE_RATIO)."""
    database = archive.getinfo(DATABASE)
    if database.file_size > RATIO_FLOOR and database.file_size > MAX_DATABASE_RATIO * max(
        database.compress_size, 1
    ):
        raise _unreadable(
            bundle,
            _(
                "its database would unpack from {packed} MB to {size} MB: no real database does"
            ).format(
                packed=_megabytes(database.compress_size), size=_megabytes(database.file_size)
            ),
        )
    needed = sum(info.file_size for info in archive.infolist())
    for suffix in ("", "-wal"):  # the current database is kept as a copy before it is replaced
        current = database_path.with_name(database_path.name + suffix)
        with contextlib.suppress(OSError):
            needed += current.stat().st_size
    existing = database_path.parent
    while not existing.exists() and existing != existing.parent:  # made by the restore
        existing = existing.parent
    free = shutil.disk_usage(existing).free
    if needed > free - SPACE_MARGIN:
        raise BackupError(
            _(
                "Restoring this backup needs {needed} MB of free space beside the database, "
                "and only {free} MB is free. Nothing was changed."
            ).format(needed=_megabytes(needed + SPACE_MARGIN), free=_megabytes(max(free, 0)))
        )


def _extract_checked(archive: zipfile.ZipFile, name: str, expected: str, folder: Path) -> None:
    target = folder.joinpath(*PurePosixPath(name).parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    limit, written = archive.getinfo(name).file_size, 0
    with archive.open(name) as member, target.open("xb") as out:
        while chunk := member.read(CHUNK):
            written += len(chunk)
            if written > limit:  # never more than the size checked up front
                raise _unreadable(
                    Path(archive.filename or name), _("a file is larger than it says")
                )
            digest.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    if digest.hexdigest() != expected:
        raise BackupError(
            _("The file {name} in the backup is damaged (its check sum does not match).").format(
                name=name
            )
        )
