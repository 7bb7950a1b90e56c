"""Activity photos: stored once by content, with the flags a post checks before using one.

A photo file is copied into the database's own folder (db.attachments_dir) under its SHA-256,
``photos/ab/abcdef….jpg``: the same picture attached twice, or to two activities, is one file, and
a file renamed or deleted by the user elsewhere does not break the activity. Only pictures are
accepted, recognised by their first bytes (JPEG, PNG, WebP, GIF), not by their name.

Removing a photo deletes its file only once no other photo record uses the same content, and only
after the removal is committed: a rolled-back removal never leaves a record without its file.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from assocdesk.i18n import _, is_rtl
from assocdesk.models import ActivityPhoto
from assocdesk.services import activities
from assocdesk.services.audit import add_event, record_event, snapshot
from assocdesk.services.common import text_field
from assocdesk.services.errors import Errors, NotFound, ValidationError
from assocdesk.storage.engine import Database
from assocdesk.storage.files import write_whole
from assocdesk.storage.paths import attachments_dir, display_path
from assocdesk.text.bidi import isolate_auto

log = logging.getLogger(__name__)

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


def stored_path(database_path: Path, sha256: str, extension: str) -> Path:
    return attachments_dir(database_path) / "photos" / sha256[:2] / f"{sha256}.{extension}"


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


def _info(photo: ActivityPhoto, database_path: Path) -> PhotoInfo:
    return PhotoInfo(
        photo.id,
        photo.activity_id,
        photo.file_name,
        photo.caption,
        photo.shows_minors,
        photo.consent_obtained,
        stored_path(database_path, photo.sha256, photo.extension),
    )


def attach(
    session: Session,
    database_path: Path,
    activity_id: int,
    source_file: Path,
    caption: str = "",
    shows_minors: bool = False,
    consent_obtained: bool = False,
) -> ActivityPhoto:
    """Copy ``source_file`` into the database's folder (once per content) and attach it.

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
    target = stored_path(database_path, digest, extension)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        write_whole(target, data)
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


def list_for_activity(session: Session, database_path: Path, activity_id: int) -> list[PhotoInfo]:
    photos = session.scalars(
        select(ActivityPhoto)
        .where(ActivityPhoto.activity_id == activity_id)
        .order_by(ActivityPhoto.id)
    )
    return [_info(photo, database_path) for photo in photos]


def remove(session: Session, database_path: Path, photo_id: int) -> bool:
    """Take a photo off its activity; True when its file will be deleted with it.

    The file stays while another photo record (of this or another activity) uses the same
    content. It is deleted after the commit, so a removal that is rolled back keeps it.
    """
    photo = get(session, photo_id)
    path = stored_path(database_path, photo.sha256, photo.extension)
    others = session.scalar(
        select(func.count())
        .select_from(ActivityPhoto)
        .where(ActivityPhoto.sha256 == photo.sha256, ActivityPhoto.id != photo.id)
    )
    add_event(session, "delete", photo, {"before": snapshot(photo), "after": None})
    session.delete(photo)
    session.flush()
    if others:
        return False
    event.listen(session, "after_commit", lambda _session: _delete_file(path), once=True)
    return True


def _delete_file(path: Path) -> None:
    """After a committed removal. A file that cannot be deleted only wastes space: logged."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        log.warning("could not delete the unused photo file %s", path, exc_info=True)


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
                photo = attach(session, database.path, activity_id, source)
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
