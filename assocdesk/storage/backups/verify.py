"""Verifying a backup before anything is replaced: a bundle (its seal, its table of contents,
every member's sum, the sizes it would unpack to) and the database file it holds (SQLite's full
``integrity_check``, AssocDesk's, a revision this version knows, the schema our migrations
make). The first phase of a restore; :mod:`.restore` installs what passed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import shutil
import stat
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from assocdesk.i18n import _
from assocdesk.progress import Progress
from assocdesk.storage import migrations, pending_restore
from assocdesk.storage.backups.manifest import (
    ATTACHMENTS,
    CHUNK,
    DATABASE,
    MANIFEST,
    MAX_DATABASE_RATIO,
    RATIO_FLOOR,
    SPACE_MARGIN,
    Manifest,
    seal_is_intact,
)
from assocdesk.storage.backups.schema import check_schema
from assocdesk.storage.cipher import is_wrong_key
from assocdesk.storage.errors import (
    DRIVER_DATABASE_ERRORS,
    BackupCancelled,
    BackupError,
    BackupPasswordRequired,
    BackupWrongPassword,
    EncryptionError,
)
from assocdesk.storage.files import remove_leftovers
from assocdesk.storage.migrations import runner
from assocdesk.storage.paths import BEFORE_RESTORE, DAMAGED, backups_dir
from assocdesk.storage.sqlite_file import (
    APPLICATION_ID,
    Summary,
    connect_read_only,
    is_plain,
    looks_encrypted,
    problem_lines,
    schema_revision,
    table_counts,
)


def _password_required() -> BackupPasswordRequired:
    return BackupPasswordRequired(
        _(
            "This backup is protected by a password: give the password the database had "
            "when the backup was made."
        )
    )


def remove_restore_leftovers(database_path: Path, started: float) -> list[Path]:
    """Finish (or undo) a restore of this database that was killed between its two renames,
    then remove what interrupted restores left beside it (folders a bundle was unpacked into,
    copies being put in place, the marker's part) and in its backups folder (copies of the
    database it replaced, killed half-way), made before ``started``. The caller holds the
    database's lock, so no other restore of it is running.

    What cannot be finished or removed now is left for the next time (a restore must not fail
    for an old leftover); the folder a pending restore still needs is always spared.
    """
    with contextlib.suppress(OSError):
        pending_restore.finish_interrupted(database_path)
    try:
        needed = pending_restore.pending_folder(database_path)
    except OSError:
        needed = None
    spared = rf"(?!{re.escape(needed.name)}$)" if needed is not None else ""
    stem, name = re.escape(database_path.stem), re.escape(database_path.name)
    marker = re.escape(pending_restore.marker_path(database_path).name)
    beside = re.compile(
        rf"{spared}(?:\.{stem}-restore-[0-9a-f]{{8}}"
        rf"|\.{name}\.[0-9a-f]{{8}}\.restore(?:-journal|-wal|-shm)?"
        rf"|\.{marker}\.[0-9a-f]{{8}}\.part)"
    )
    kinds = f"(?:{re.escape(BEFORE_RESTORE)}|{re.escape(DAMAGED)})"
    kept = re.compile(rf"\.{stem}-{kinds}-\d{{8}}-\d{{6}}\.sqlite3(?:-wal)?\.part(?:-journal)?")
    return [
        *remove_leftovers(database_path.parent, beside, started),
        *remove_leftovers(backups_dir(database_path), kept, started),
    ]


def verify_database_file(path: Path, password: str | None = None) -> Summary:
    """Refuse a database copy that SQLite finds damaged, that is not AssocDesk's, or that a
    newer AssocDesk wrote (it could not be opened here). Its revision and counts otherwise.

    A protected copy needs ``password`` (BackupPasswordRequired without it, BackupWrongPassword
    when it does not open the copy); a plain copy ignores it.
    """
    protected = not is_plain(path) and (password is not None or looks_encrypted(path))
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
            head = migrations.HEAD_REVISION
            if revision is not None and (revision == head or runner.is_known(revision)):
                check_schema(conn, revision)
        finally:
            conn.close()
    except EncryptionError as exc:  # SQLCipher is not installed here
        raise BackupError(str(exc)) from exc
    except DRIVER_DATABASE_ERRORS as exc:
        if protected and is_wrong_key(exc):
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
    if revision != migrations.HEAD_REVISION and not runner.is_known(revision):
        raise BackupError(
            _(
                "This backup was made by a newer version of AssocDesk (schema {revision}). "
                "Install that version to restore it."
            ).format(revision=revision)
        )
    return Summary(revision, counts, protected)


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
        """Remove the extracted copy, unless a restore killed (or failed) half-way still needs
        its files: the next one to take the lock finishes it, then removes the folder."""
        with contextlib.suppress(OSError):
            for marker in self.folder.parent.glob(".*.restore-pending"):
                database_path = marker.parent / marker.name[1 : -len(".restore-pending")]
                if pending_restore.pending_folder(database_path) == self.folder:
                    return
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
        if not seal_is_intact(bundle):
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
            _refuse_special_entries(archive, bundle)
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
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError) as exc:
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


def _refuse_special_entries(archive: zipfile.ZipFile, bundle: Path) -> None:
    """Refuse links and device or pipe entries: AssocDesk writes plain files only (a link would
    be unpacked as a plain file holding its target, or, by another tool, lead elsewhere)."""
    for info in archive.infolist():
        kind = stat.S_IFMT(info.external_attr >> 16)
        allowed = (0, stat.S_IFDIR) if info.is_dir() else (0, stat.S_IFREG)
        if kind not in allowed:
            raise _unreadable(
                bundle,
                _("{name} is a link or a special file, which a backup never holds").format(
                    name=info.filename
                ),
            )


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
