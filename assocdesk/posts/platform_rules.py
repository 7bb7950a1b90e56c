"""Each platform's own rules, applied to a post's lines before fitting and to a title.

The limits and switches come from platforms.json (through :class:`Platform`); this module only
knows how to obey them:

- **links** — a platform that shows no link (Instagram: a caption's links are not clickable)
  gets none; one that caps them (Threads: 5) keeps the first, so the last go first. A link is
  what X's own extractor calls one: "https://…", "www.…" and bare domains such as
  "assoc.ma/dons", but not "د.م." or "3.5". What stood before a removed link only to point at it
  ("Faites un don : ", "👉", "🌐") goes with it; a line left with no word is dropped.
- **link in bio** — where links were removed (or the association has a website the caption
  cannot show), one line in the post's language says where to find it.
- **hashtags typed in the text** count towards the platform's cap together with the studio's
  own tag line: beyond the cap, the last ones lose their "#" and stay as words, so nothing is
  lost and the platform does not refuse the post (Threads takes one tag, Instagram five).
- **forbidden characters** — YouTube refuses "<" and ">" in a title or a description. They
  become the look-alikes "‹" and "›" ("<<" and ">>" the guillemets « », "->" an arrow) rather
  than disappearing: "moins de <12 ans" keeps its meaning, and a secretary's "<<Titre>>" reads
  as the quotation it was meant to be.
- **one emoji at a line's start** — "✅ 🎉 Fête" reads as clutter; the template's first emoji
  stays, the others at the start of that line go (emoji inside a sentence are left alone).
"""

from __future__ import annotations

import regex

from assocdesk.i18n import LANGUAGES, N_, translate_in
from assocdesk.posts import counting
from assocdesk.posts.fitting import shorten_words
from assocdesk.posts.platforms import Platform
from assocdesk.posts.templates import Line

LINK_IN_BIO = N_("Link in bio")
LINK_IN_BIO_EMOJI = "🔗"

# Longest first: "<<" must become « before "<" becomes ‹.
_LOOK_ALIKES = (
    ("<<", "«"),
    (">>", "»"),
    ("<=", "≤"),
    (">=", "≥"),
    ("<-", "←"),
    ("->", "→"),
    ("=>", "⇒"),
    ("<", "‹"),
    (">", "›"),
)
# What points at a link and means nothing once the link is gone.
_POINTER = r"[\s:：=|·\-–—→⇒➡⬅👉👈👇🔗🌐\ufe0f]*"
_EMPTY_BRACKETS = regex.compile(r"\(\s*\)|\[\s*\]|«\s*»|\"\s*\"|“\s*”")
_SPACES = regex.compile(r"[ \t\u00a0]{2,}")
_LINE_BREAKS = regex.compile(r"[ \t]*[\r\n]+[ \t]*|[ \t]{2,}")  # no-break spaces stay
_SPACE_BEFORE_COMMA = regex.compile(r"\s+([,،.])")
_WORD = regex.compile(r"[\p{L}\p{N}]")
_HASHTAG = regex.compile(
    r"(?<![\p{L}\p{N}\p{M}_&/#＃])[#＃]([\p{L}\p{N}\p{M}_]*\p{L}[\p{L}\p{N}\p{M}_]*)"
)


def prepare_lines(
    lines: list[Line],
    platform: Platform,
    language: str,
    *,
    website: str = "",
    tags: int | None = None,
) -> list[Line]:
    """``lines`` as ``platform`` accepts them, ready for fitting.

    ``website``: the association's site, which a platform without links cannot show (a "link in
    bio" line is added then); ``tags``: how many hashtags the studio adds after the text (by
    default the platform's cap), so that tags typed in the text leave room for them.
    """
    out, removed = cap_links(lines, link_cap(platform))
    if platform.max_hashtags is not None:
        studio_tags = platform.hashtag_cap if tags is None else tags
        out = cap_inline_hashtags(out, max(0, platform.max_hashtags - studio_tags))
    out = [Line(clean_text(line.text, platform), line.rank) for line in out]
    if platform.link_in_bio and (removed or website.strip()):
        out = [*out, Line(""), Line(link_in_bio(language))]
    return out


def prepare_title(title: str, platform: Platform) -> str:
    """A video title as the platform takes it: one line, no forbidden character, in its limit."""
    text = clean_text(_LINE_BREAKS.sub(" ", title).strip(), platform)
    if platform.title_limit is None:
        return text
    limit = platform.title_limit
    return shorten_words(text, lambda t: counting.count(t, platform.title_count) <= limit)


def link_cap(platform: Platform) -> int | None:
    """How many links a post keeps on ``platform`` (None: as many as it has)."""
    return 0 if not platform.links else platform.max_links


def link_in_bio(language: str) -> str:
    """The "link in bio" line in ``language`` ("ar+fr": both, for a bilingual post)."""
    parts = [part for part in language.split("+") if part in LANGUAGES] or ["en"]
    words = " | ".join(dict.fromkeys(translate_in(part, LINK_IN_BIO) for part in parts))
    return f"{LINK_IN_BIO_EMOJI} {words}"


def clean_text(text: str, platform: Platform) -> str:
    """One line with the platform's forbidden characters replaced and one emoji at its start."""
    return one_leading_emoji(replace_forbidden(text, platform.forbidden))


def replace_forbidden(text: str, forbidden: str) -> str:
    """``text`` without the characters in ``forbidden``: look-alikes where there are, else gone."""
    if not forbidden or not any(char in text for char in forbidden):
        return text
    for source, target in _LOOK_ALIKES:
        if any(char in forbidden for char in source):
            text = text.replace(source, target)
    return "".join(char for char in text if char not in forbidden)


def one_leading_emoji(text: str) -> str:
    """``text`` with at most one emoji before its first word ("✅ 🎉 Fête" → "✅ Fête")."""
    leading = counting.leading_emoji(text)
    if len(leading) < 2:
        return text
    indent = text[: len(text) - len(text.lstrip())]
    rest = counting.grapheme_clusters(text.lstrip())
    while rest and (rest[0].isspace() or counting.shows_as_emoji(rest[0])):
        rest.pop(0)
    body = "".join(rest)
    return f"{indent}{leading[0]} {body}" if body else f"{indent}{leading[0]}"


def cap_links(lines: list[Line], keep: int | None) -> tuple[list[Line], int]:
    """The lines with at most ``keep`` links (the first ones), and how many were removed."""
    if keep is None:
        return list(lines), 0
    out: list[Line] = []
    seen = removed = 0
    for line in lines:
        spans = counting.link_spans(line.text)
        if not spans:
            out.append(line)
            continue
        drop = spans[max(0, keep - seen) :]
        seen += len(spans)
        if not drop:
            out.append(line)
            continue
        removed += len(drop)
        text = remove_spans(line.text, drop)
        if _WORD.search(text):
            out.append(Line(text, line.rank))
    return out, removed


def remove_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` without the links at ``spans``, nor what only pointed at them, tidied."""
    for start, end in sorted(spans, reverse=True):
        before = regex.search(_POINTER + r"$", text[:start])
        cut = before.start() if before else start
        joint = " " if cut > 0 and end < len(text) and not text[end].isspace() else ""
        text = text[:cut] + joint + text[end:]
    text = _EMPTY_BRACKETS.sub("", text)
    text = _SPACE_BEFORE_COMMA.sub(r"\1", text)
    text = _SPACES.sub(" ", text).strip()
    return regex.sub(r"^[,،.;:؛\s]+", "", text)


def cap_inline_hashtags(lines: list[Line], keep: int) -> list[Line]:
    """Hashtags typed in the text beyond the first ``keep`` become plain words (the "#" goes)."""
    out: list[Line] = []
    seen = 0
    for line in lines:
        pieces: list[str] = []
        done = 0
        for match in _tag_matches(line.text):
            seen += 1
            if seen > keep:
                pieces += [line.text[done : match.start()], match.group(1).replace("_", " ")]
                done = match.end()
        out.append(Line("".join(pieces) + line.text[done:], line.rank) if done else line)
    return out


def _tag_matches(text: str) -> list[regex.Match[str]]:
    """The hashtags of ``text`` outside its links (a link's "#section" is no tag)."""
    if "#" not in text and "＃" not in text:
        return []
    links = counting.link_spans(text)
    return [
        m
        for m in _HASHTAG.finditer(text)
        if not any(start <= m.start() < end for start, end in links)
    ]


def inline_hashtags(text: str) -> list[str]:
    """The hashtags of ``text`` outside its links, in order."""
    return [m.group() for m in _tag_matches(text)]
