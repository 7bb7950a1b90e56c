"""Putting a post together: facts → template → hashtags → fitting, for one platform.

``compose`` is what the studio, the CLI and the tests call. The facts of a record are gathered
once (``occasions.gather``) and can be passed in, so composing for eight platforms reads the
database once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy.orm import Session

from assocdesk.i18n import _
from assocdesk.posts import counting
from assocdesk.posts.card import CardContent, Figure, alt_text
from assocdesk.posts.fitting import Draft, fit
from assocdesk.posts.formatting import tidy
from assocdesk.posts.hashtags import collect
from assocdesk.posts.occasions import Facts, gather
from assocdesk.posts.platform_rules import prepare_lines, prepare_title
from assocdesk.posts.platforms import Platform, UnknownPlatform, get_platform
from assocdesk.posts.privacy import Guard, Omission
from assocdesk.posts.templates import BILINGUAL_LANGUAGES, Line, fill
from assocdesk.posts.wording import agree
from assocdesk.posts.x_thread import thread_for
from assocdesk.services.posts import template_text


@dataclass(frozen=True)
class Post:
    occasion: str
    record_id: int
    platform: Platform
    language: str
    text: str
    length: int  # by the platform's own count
    limit: int
    omitted: list[Omission]
    card: CardContent
    key_figures: list[str]
    title: str | None = None  # YouTube: the video title
    title_length: int | None = None
    alt_text: str = ""  # the picture described, for screen readers (from the guarded card)
    thread: list[str] = field(default_factory=list)  # X: the text as a numbered thread, if too long

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "occasion": self.occasion,
            "record_id": self.record_id,
            "platform": self.platform.key,
            "language": self.language,
            "text": self.text,
            "length": self.length,
            "limit": self.limit,
            "omitted": [o.to_json() for o in self.omitted],
        }
        data["alt_text"] = self.alt_text
        if self.thread:
            data["thread"] = self.thread
        if self.title is not None:
            data.update(title=self.title, title_length=self.title_length)
            data["title_limit"] = self.platform.title_limit
        return data


def platform_values(facts: Facts, platform: Platform, *, website: bool = True) -> dict[str, str]:
    values = dict(facts.values)
    if not website or not platform.links or platform.max_links == 0:
        values["website"] = ""
    return values


def hashtags_for(facts: Facts, platform: Platform) -> list[str]:
    """The association's tags first, then the record's, without repeats, up to the cap."""
    return collect(facts.hashtags)[: platform.hashtag_cap]


def draft_for(
    template: str,
    facts: Facts,
    platform: Platform,
    *,
    tags: bool = True,
    website: bool = True,
    where: str = "",
) -> Draft:
    """The lines and tags of a post before fitting, cleaned by the platform's own rules.

    Each line passes the guard before anything is shortened: a name cut in half by fitting
    ("Mustapha Aït…") would no longer be recognised afterwards.
    """
    hashtags = hashtags_for(facts, platform)
    where = where or platform.name
    lines = [
        Line(facts.guard.output(agree(tidy(line.text), facts.language), where), line.rank)
        for line in fill(template, platform_values(facts, platform, website=website))
    ]
    lines = prepare_lines(
        lines,
        platform,
        facts.language,
        website=facts.values.get("website", "") if website else "",
        tags=len(hashtags),
    )
    return Draft(lines=lines, tags=hashtags if tags else [], key_figures=facts.key_figures)


def compose_text(
    template: str,
    facts: Facts,
    platform: Platform,
    *,
    limit: int | None = None,
    tags: bool = True,
    website: bool = True,
    where: str = "",
) -> str:
    draft = draft_for(template, facts, platform, tags=tags, website=website, where=where)
    return fit(draft, limit or platform.limit, lambda text: counting.count(text, platform.count))


def compose(
    session: Session,
    occasion: str,
    record_id: int,
    platform_key: str,
    language: str,
    *,
    database_path: Path | None = None,
    facts: Facts | None = None,
) -> Post:
    """The ready-to-post text of ``occasion`` for a record, on one platform, in one language
    or two ("ar+fr": see :func:`compose_bilingual`).

    Raises NotFound (unknown occasion or record) or UnknownPlatform, with a translated message.
    """
    platform = get_platform(platform_key)
    if "+" in language:
        return compose_bilingual(
            session, occasion, record_id, platform, language, database_path=database_path
        )
    if facts is None:
        facts = gather(session, occasion, record_id, language, database_path)
    text = compose_body(session, facts, platform)
    return replace(
        _post(session, facts, platform, language, text), thread=thread_of(session, facts, platform)
    )


def thread_of(session: Session, facts: Facts, platform: Platform) -> list[str]:
    """Where the platform offers it (X) and the text is too long: the numbered thread.

    The guard reads the whole text before it is cut, so no name slips through split in two.
    """
    if not platform.thread:
        return []
    body = template_text(session, facts.occasion, platform.style, facts.language, facts.variant)
    draft = draft_for(body, facts, platform)
    return thread_for(
        draft.lines,
        draft.tags,
        platform,
        finish=lambda full: facts.guard.output(full, platform.name),
    )


def compose_body(
    session: Session,
    facts: Facts,
    platform: Platform,
    *,
    limit: int | None = None,
    tags: bool = True,
    website: bool = True,
) -> str:
    """The text of one language, through the guard (the boundary: nothing leaves unguarded)."""
    body = template_text(session, facts.occasion, platform.style, facts.language, facts.variant)
    text = compose_text(body, facts, platform, limit=limit, tags=tags, website=website)
    return facts.guard.output(text, platform.name)


def compose_bilingual(
    session: Session,
    occasion: str,
    record_id: int,
    platform: Platform,
    languages: str,
    *,
    database_path: Path | None = None,
) -> Post:
    """One text in two languages, as many Maghreb associations post: each part written in its
    own language (not translated word for word), the second after a rule, the hashtags once at
    the end, the whole within the platform's limit by its own count.

    The first part takes what it needs of half the room; the second takes what is left.
    """
    if languages not in BILINGUAL_LANGUAGES:
        raise UnknownPlatform(_("Unknown language {name}.").format(name=languages))
    first_language, second_language = languages.split("+", 1)
    first = gather(session, occasion, record_id, first_language, database_path)
    second = gather(session, occasion, record_id, second_language, database_path)
    measure = lambda text: counting.count(text, platform.count)  # noqa: E731
    tags = " ".join(hashtags_for(first, platform))
    room = platform.limit - (measure(f"\n\n{tags}") if tags else 0) - measure(BILINGUAL_RULE)
    one = compose_body(session, first, platform, limit=room // 2, tags=False, website=False)
    two = compose_body(
        session, second, platform, limit=room - measure(one), tags=False, website=True
    )
    text = f"{one}{BILINGUAL_RULE}{two}" + (f"\n\n{tags}" if tags else "")
    return _post(session, first, platform, languages, text, second=second)


BILINGUAL_RULE = "\n\n———\n\n"


def _post(
    session: Session,
    facts: Facts,
    platform: Platform,
    language: str,
    text: str,
    *,
    second: Facts | None = None,
) -> Post:
    """The post around its text: the video title, the picture, what was left out and why."""
    guard = facts.guard
    title = title_length = None
    if platform.title_limit:  # in the first language: a record's title is the same in both
        title_template = template_text(
            session, facts.occasion, "title", facts.language, facts.variant
        )
        title = guard.output(
            prepare_title(
                compose_text(
                    title_template,
                    facts,
                    platform,
                    limit=platform.title_limit,
                    tags=False,
                    where=_("Video title"),
                ),
                platform,
            ),
            _("Video title"),
        )
        title_length = counting.characters(title)
    card = guarded_card(facts.card, guard)
    omitted = list(guard.omitted)
    if second is not None:
        omitted += [o for o in second.guard.omitted if o not in omitted]
    return Post(
        occasion=facts.occasion,
        record_id=facts.record_id,
        platform=platform,
        language=language,
        text=text,
        length=counting.count(text, platform.count),
        limit=platform.limit,
        omitted=omitted,
        card=card,
        key_figures=list(facts.key_figures) + (list(second.key_figures) if second else []),
        title=title,
        title_length=title_length,
        alt_text=guard.output(alt_text(card), _("Alt text")),
    )


def guarded_card(card: CardContent, guard: Guard) -> CardContent:
    """The picture's every text through the guard: what is drawn leaves as surely as a post."""
    where = _("Picture")
    return replace(
        card,
        association=guard.output(card.association, where),
        title=guard.output(card.title, where),
        date=guard.output(card.date, where),
        figures=[
            Figure(*(guard.output(text, where) for text in (f.value, f.label, f.phrase)))
            for f in card.figures
        ],
        hashtag=" ".join(guard.tags([card.hashtag], where)) if card.hashtag else "",
    )
