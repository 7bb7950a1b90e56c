"""Activity photos: stored once by content, with the flags a post checks before using one.

A photo's content is kept once under its SHA-256 by the database's file store
(assocdesk/storage/file_store.py): beside an SQLite file, in its own folder
(``<name>-files/photos/ab/abcdef….jpg``); on a shared server, in its ``stored_files`` table, with
a checked copy in this computer's cache for what needs a file. The same picture attached twice,
or to two activities, is one content, and a file renamed or deleted by the user elsewhere does
not break the activity. Only pictures are accepted, recognised by their first bytes (JPEG, PNG,
WebP, GIF), not by their name.

Removing a photo deletes its content only once no other photo record uses it: on a server in the
same transaction (a rollback keeps it), and a file only after the removal is committed, so a
rolled-back removal never leaves a record without its content.

The functions that touch contents take the open :class:`Database` (it knows whether it is a file
or a server); a ``Path`` to an SQLite file is still accepted, for its folder.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assocdesk.i18n import _, is_rtl
from assocdesk.models import ActivityPhoto
from assocdesk.services import activities
from assocdesk.services.audit import add_event, record_event, snapshot
from assocdesk.services.common import text_field
from assocdesk.services.errors import Errors, NotFound, ValidationError
from assocdesk.storage.engine import Database
from assocdesk.storage.file_store import FileStore, folder_store, store_for
from assocdesk.storage.paths import display_path
from assocdesk.text.bidi import isolate_auto

MAX_PHOTO_BYTES = 40 * 1024 * 1024


def image_extension(head: bytes) -> str | None:
    """The picture format of a file from its first bytes, or None when it is not a picture."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    return None


def shown_file_name(name: str) -> str:
    """A file name inside a message: a Latin name kept whole and in order in Arabic text."""
    return isolate_auto(name) if is_rtl() else name


# The open database (file or server), or the path of an SQLite file (its folder).
Where = Database | Path


def file_store(where: Where) -> FileStore:
    """The store of the photos' contents of ``where``."""
    if isinstance(where, Database):
        return store_for(where)
    if where is None:  # database.path of a server: the caller must hand the Database in
        raise TypeError("photos need the open Database on a shared server, not its path (None)")
    return folder_store(Path(where))


def stored_path(where: Where, sha256: str, extension: str) -> Path:
    """A file on this computer with a content: in an SQLite file's folder, or fetched from a
    server into the cache (through a connection of its own: :func:`photo_file` reads in the
    caller's session). The path does not exist when the content is lost."""
    return file_store(where).local_path(None, sha256, extension)


@dataclass(frozen=True)
class PhotoInfo:
    id: int
    activity_id: int
    file_name: str
    caption: str
    shows_minors: bool
    consent_obtained: bool
    path: Path

    @property
    def publishable(self) -> bool:
        return self.consent_obtained and not self.shows_minors


def _info(photo: ActivityPhoto, path: Path) -> PhotoInfo:
    return PhotoInfo(
        photo.id,
        photo.activity_id,
        photo.file_name,
        photo.caption,
        photo.shows_minors,
        photo.consent_obtained,
        path,
    )


def attach(
    session: Session,
    where: Where,
    activity_id: int,
    source_file: Path,
    caption: str = "",
    shows_minors: bool = False,
    consent_obtained: bool = False,
) -> ActivityPhoto:
    """Keep ``source_file``'s content in the database's file store (once) and attach it.

    The same picture attached again to the same activity returns the existing photo.
    """
    activities.get(session, activity_id)
    errors = Errors()
    caption = text_field(errors, "caption", caption, max_length=500, multiline=True)
    errors.raise_if_any()
    source_file = Path(source_file)
    try:
        if source_file.stat().st_size > MAX_PHOTO_BYTES:
            raise ValidationError("file", _("This picture is too large (more than 40 MB)."))
        data = source_file.read_bytes()
    except OSError as exc:
        raise ValidationError(
            "file",
            _("Cannot read {path}: {error}").format(
                path=display_path(source_file), error=exc.strerror or exc
            ),
        ) from exc
    extension = image_extension(data[:16])
    if extension is None:
        raise ValidationError(
            "file",
            _("{name} is not a picture: choose a JPEG, PNG, WebP or GIF file.").format(
                name=shown_file_name(source_file.name)
            ),
        )
    digest = hashlib.sha256(data).hexdigest()
    existing = session.scalar(
        select(ActivityPhoto).where(
            ActivityPhoto.activity_id == activity_id, ActivityPhoto.sha256 == digest
        )
    )
    if existing is not None:
        return existing
    file_store(where).save(session, digest, extension, data)
    photo = ActivityPhoto(
        activity_id=activity_id,
        sha256=digest,
        file_name=source_file.name[:255],
        extension=extension,
        caption=caption,
        shows_minors=shows_minors,
        consent_obtained=consent_obtained,
    )
    session.add(photo)
    record_event(session, "create", photo)
    return photo


def get(session: Session, photo_id: int) -> ActivityPhoto:
    photo = session.get(ActivityPhoto, photo_id)
    if photo is None:
        raise NotFound(_("There is no photo number {id}.").format(id=photo_id))
    return photo


def set_flags(
    session: Session,
    photo_id: int,
    *,
    shows_minors: bool | None = None,
    consent_obtained: bool | None = None,
    caption: str | None = None,
) -> ActivityPhoto:
    """Change what is known about a photo: who it shows, whether they agreed, its caption."""
    photo = get(session, photo_id)
    before = snapshot(photo)
    if shows_minors is not None:
        photo.shows_minors = shows_minors
    if consent_obtained is not None:
        photo.consent_obtained = consent_obtained
    if caption is not None:
        errors = Errors()
        photo.caption = text_field(errors, "caption", caption, max_length=500, multiline=True)
        errors.raise_if_any()
    record_event(session, "update", photo, before)
    return photo


def list_for_activity(session: Session, where: Where, activity_id: int) -> list[PhotoInfo]:
    """The activity's photos, each with a file on this computer (fetched from a server into
    the cache when needed; a path that does not exist when the content is lost)."""
    store = file_store(where)
    photos = session.scalars(
        select(ActivityPhoto)
        .where(ActivityPhoto.activity_id == activity_id)
        .order_by(ActivityPhoto.id)
    )
    return [
        _info(photo, store.local_path(session, photo.sha256, photo.extension)) for photo in photos
    ]


def photo_file(session: Session, where: Where, photo: ActivityPhoto) -> Path | None:
    """A file on this computer with the photo's content (for a post's card, a PDF), or None
    when its content is lost."""
    path = file_store(where).local_path(session, photo.sha256, photo.extension)
    return path if path.is_file() else None


def remove(session: Session, where: Where, photo_id: int) -> bool:
    """Take a photo off its activity; True when its content will be deleted with it.

    The content stays while another photo record (of this or another activity) uses it. On a
    server its row goes in this transaction; a file goes after the commit; a removal that is
    rolled back keeps both.
    """
    photo = get(session, photo_id)
    sha256, extension, own_id = photo.sha256, photo.extension, photo.id
    add_event(session, "delete", photo, {"before": snapshot(photo), "after": None})
    session.delete(photo)
    session.flush()

    def still_used() -> bool:
        others = session.scalar(
            select(func.count())
            .select_from(ActivityPhoto)
            .where(ActivityPhoto.sha256 == sha256, ActivityPhoto.id != own_id)
        )
        return bool(others)

    return file_store(where).release(session, sha256, extension, still_used)


@dataclass
class AttachResult:
    """What became of each chosen file: attached, already there, or refused (and why)."""

    attached: list[int] = field(default_factory=list)  # new photo ids
    already_there: list[str] = field(default_factory=list)  # file names
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file name, message)
    cancelled: bool = False


def attach_files(
    database: Database,
    activity_id: int,
    files: Sequence[Path],
    progress: Callable[[int, int], bool] | None = None,
) -> AttachResult:
    """Attach several files, one transaction each: a bad file is reported and the others go in.

    ``progress(done, total)`` may answer False to stop; what was attached until then stays.
    """
    result = AttachResult()
    total = len(files)
    for done, source in enumerate(files):
        if progress is not None and not progress(done, total):
            result.cancelled = True
            return result
        source = Path(source)
        try:
            with database.transaction() as session:
                known = set(
                    session.scalars(
                        select(ActivityPhoto.id).where(ActivityPhoto.activity_id == activity_id)
                    )
                )
                photo = attach(session, database, activity_id, source)
                session.flush()
                photo_id = photo.id
        except ValidationError as exc:
            result.refused.append((source.name, exc.message))
            continue
        if photo_id in known:
            result.already_there.append(source.name)
        else:
            result.attached.append(photo_id)
    if progress is not None:
        progress(total, total)
    return result


@dataclass
class CopiedContents:
    """What :func:`copy_contents` did: contents stored at the target, and those the source
    had lost or holds damaged (their photo records were copied; their pictures could not be)."""

    copied: int = 0
    missing: list[str] = field(default_factory=list)  # the photos' file names


def copy_contents(
    source: Database, target: Database, progress: Callable[[int, int], bool] | None = None
) -> CopiedContents:
    """Copy every photo's content from ``source``'s store into ``target``'s, in one transaction
    on the target: after the records were copied (storage.transfer), a move from a file to a
    server, or back, brings the pictures along. Each content is checked against its hash.

    ``progress(done, total)`` may answer False: TransferCancelled, nothing stored at the target.
    """
    from assocdesk.storage.transfer import TransferCancelled

    with source.reading() as session:
        rows = session.execute(
            select(ActivityPhoto.sha256, ActivityPhoto.extension, func.min(ActivityPhoto.file_name))
            .group_by(ActivityPhoto.sha256, ActivityPhoto.extension)
            .order_by(ActivityPhoto.sha256)
        ).all()
    reading, writing = file_store(source), file_store(target)
    result = CopiedContents()
    with target.transaction() as session:
        for done, (sha256, extension, file_name) in enumerate(rows):
            if progress is not None and not progress(done, len(rows)):
                raise TransferCancelled
            data = reading.read(None, sha256, extension)
            if data is None or hashlib.sha256(data).hexdigest() != sha256:
                result.missing.append(file_name)
                continue
            writing.save(session, sha256, extension, data)
            result.copied += 1
    if progress is not None:
        progress(len(rows), len(rows))
    return result


def bundle_files(database: Database) -> list[tuple[str, Path]]:
    """The photos of a shared database as a backup bundle holds them (``attachments/photos/…``,
    the layout of the files folder beside an SQLite file), each a local file fetched from the
    server's store, so the bundle restores onto either backend. A content lost on the server is
    left out (``check`` names it)."""
    store = file_store(database)
    with database.reading() as session:
        contents = session.execute(
            select(ActivityPhoto.sha256, ActivityPhoto.extension)
            .group_by(ActivityPhoto.sha256, ActivityPhoto.extension)
            .order_by(ActivityPhoto.sha256)
        ).all()
        files = []
        for sha256, extension in contents:
            path = store.local_path(session, sha256, extension)
            if path.is_file():
                relative = path.relative_to(store.root).as_posix()
                files.append((f"attachments/{relative}", path))
    return files
