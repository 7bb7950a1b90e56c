"""Post studio data: the user's own templates, and the history of what was posted where."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from assocdesk.i18n import LANGUAGES, _
from assocdesk.models import Activity, Campaign, PostRecord, PostTemplate
from assocdesk.posts.platforms import get_platform
from assocdesk.posts.templates import OCCASIONS, RECORD_KIND, TEMPLATE_STYLES, default_template
from assocdesk.services import conflicts
from assocdesk.services.audit import add_event, record_event, snapshot
from assocdesk.services.common import too_long
from assocdesk.services.errors import EditConflict, ValidationError

MAX_TEMPLATE_LENGTH = 10_000
CURRENT, ARCHIVED, DELETED = "current", "archived", "deleted"  # a Subject's state


@dataclass(frozen=True)
class Subject:
    """What a post was about, as the database knows it today.

    ``kind``: "activity", "campaign" or "year"; ``title``: the activity's title, the campaign's
    name or the year ("" once deleted); ``day``: the activity's date, the campaign's start (None
    for a year or a campaign without dates); ``state``: CURRENT, ARCHIVED or DELETED.
    """

    kind: str
    title: str
    day: date | None = None
    state: str = CURRENT


@dataclass(frozen=True)
class HistoryRow:
    id: int
    occasion: str
    record_id: int
    platform: str
    language: str
    text: str
    posted_at: datetime
    # What it was about, as the database knows it now (see assocdesk.posts.history).
    subject: Subject | None = None


def _check_key(occasion: str, style: str, language: str) -> None:
    if occasion not in OCCASIONS or style not in TEMPLATE_STYLES or language not in LANGUAGES:
        raise ValidationError("template", _("Unknown template."))


def _override(session: Session, occasion: str, style: str, language: str) -> PostTemplate | None:
    return session.scalar(
        select(PostTemplate).where(
            PostTemplate.occasion == occasion,
            PostTemplate.style == style,
            PostTemplate.language == language,
        )
    )


def template_text(
    session: Session, occasion: str, style: str, language: str, variant: str = ""
) -> str:
    """The template in use: the user's version if there is one, else the built-in one (in the
    record's variant, such as a meeting's wording, where there is one)."""
    override = _override(session, occasion, style, language)
    return override.body if override else default_template(occasion, style, language, variant)


def is_customized(session: Session, occasion: str, style: str, language: str) -> bool:
    return _override(session, occasion, style, language) is not None


def template_version(session: Session, occasion: str, style: str, language: str) -> int:
    """The version of the text the editor opens on, sent back by save_template: the user's
    template's, or 0 for the built-in text."""
    template = _override(session, occasion, style, language)
    return 0 if template is None else template.version


def _check_template_version(
    session: Session, template: PostTemplate | None, version: int | None
) -> None:
    """Refuse a save over a template changed, made or restored since the editor opened it."""
    if version is None:
        return
    if template is not None:
        conflicts.check_version(session, template, version, "post_templates")
    elif template is None and version != 0:  # restored to the built-in text meanwhile
        raise EditConflict(conflicts.conflict_message([], (), None), 0)


def save_template(
    session: Session,
    occasion: str,
    style: str,
    language: str,
    body: str,
    version: int | None = None,
) -> PostTemplate | None:
    """Keep the user's version of a template; the built-in text itself removes the override.

    ``version`` (template_version's, when the editor opened): a template someone else changed
    meanwhile is not overwritten (EditConflict); None checks nothing."""
    _check_key(occasion, style, language)
    _check_template_version(session, _override(session, occasion, style, language), version)
    body = body.replace("\r\n", "\n").strip("\n")
    if not body.strip():
        raise ValidationError("body", _("The template is empty. Write it, or restore the default."))
    if len(body) > MAX_TEMPLATE_LENGTH:
        raise ValidationError("body", too_long(MAX_TEMPLATE_LENGTH))
    if body == default_template(occasion, style, language):
        restore_template(session, occasion, style, language)
        return None
    template = _override(session, occasion, style, language)
    before = snapshot(template) if template else None
    if template is None:
        template = PostTemplate(occasion=occasion, style=style, language=language, body=body)
        session.add(template)
    template.body = body
    record_event(session, "update" if before else "create", template, before)
    return template


def restore_template(session: Session, occasion: str, style: str, language: str) -> None:
    """Go back to the built-in template."""
    _check_key(occasion, style, language)
    template = _override(session, occasion, style, language)
    if template is not None:
        add_event(session, "delete", template, {"before": snapshot(template), "after": None})
        session.delete(template)


def mark_posted(
    session: Session,
    occasion: str,
    record_id: int,
    platform: str,
    language: str,
    text: str,
    posted_at: datetime | None = None,
) -> PostRecord:
    """Remember that this news went out on ``platform`` (so it is not posted twice)."""
    get_platform(platform)
    for part in language.split("+", 1):  # "ar+fr": a post in two languages
        _check_key(occasion, "long", part)
    record = PostRecord(
        occasion=occasion,
        record_id=record_id,
        platform=platform,
        language=language,
        text=text,
        posted_at=posted_at or datetime.now(UTC),
    )
    session.add(record)
    record_event(session, "create", record)
    return record


def _row(record: PostRecord, subject: Subject | None = None) -> HistoryRow:
    return HistoryRow(
        record.id,
        record.occasion,
        record.record_id,
        record.platform,
        record.language,
        record.text,
        record.posted_at,
        subject,
    )


def _subjects(session: Session, records: list[PostRecord]) -> dict[tuple[str, int], Subject]:
    """What each post was about, read in one query per kind of record (not one per row)."""
    wanted: dict[str, set[int]] = {"activity": set(), "campaign": set()}
    for record in records:
        kind = RECORD_KIND.get(record.occasion, "")
        if kind in wanted:
            wanted[kind].add(record.record_id)
    found: dict[tuple[str, int], Subject] = {}
    if wanted["activity"]:
        rows = session.execute(
            select(Activity.id, Activity.title, Activity.starts_at, Activity.archived_at).where(
                Activity.id.in_(wanted["activity"])
            )
        )
        for record_id, title, starts_at, archived_at in rows:
            state = ARCHIVED if archived_at is not None else CURRENT
            found["activity", record_id] = Subject("activity", title, starts_at.date(), state)
    if wanted["campaign"]:
        rows = session.execute(
            select(
                Campaign.id,
                Campaign.name,
                Campaign.starts_on,
                Campaign.ends_on,
                Campaign.archived_at,
            ).where(Campaign.id.in_(wanted["campaign"]))
        )
        for record_id, name, starts_on, ends_on, archived_at in rows:
            state = ARCHIVED if archived_at is not None else CURRENT
            found["campaign", record_id] = Subject("campaign", name, starts_on or ends_on, state)
    return found


def _subject(record: PostRecord, found: dict[tuple[str, int], Subject]) -> Subject:
    kind = RECORD_KIND.get(record.occasion, "")
    if kind == "year":
        return Subject("year", str(record.record_id))
    return found.get((kind, record.record_id)) or Subject(kind, "", None, DELETED)


def history(
    session: Session,
    occasion: str | None = None,
    record_id: int | None = None,
    platform: str | None = None,
    limit: int = 200,
) -> list[HistoryRow]:
    """What was posted, newest first, optionally for one news item and one platform; each row
    names its record as it is now (title and date, archived, or deleted)."""
    statement = select(PostRecord)
    if occasion is not None:
        statement = statement.where(PostRecord.occasion == occasion)
    if record_id is not None:
        statement = statement.where(PostRecord.record_id == record_id)
    if platform is not None:
        statement = statement.where(PostRecord.platform == platform)
    statement = statement.order_by(PostRecord.posted_at.desc(), PostRecord.id.desc()).limit(limit)
    records = list(session.scalars(statement))
    found = _subjects(session, records)
    return [_row(record, _subject(record, found)) for record in records]
