"""Post templates: natural text per occasion, style and language, with {placeholders}.

The built-in templates live in assocdesk/resources/posts/templates/<language>.json, written for each
language (not translated word for word); the user's own versions are stored in the database
(services.posts) and replace them. A template is plain text, one part per line:

- ``{title}``, ``{date}`` … are replaced by the facts of the record (see occasions.PLACEHOLDERS);
  a line whose facts are all empty (no place, no names that may be published) is left out;
- a line starting with ``[1]``, ``[2]`` … is optional: when the text is too long for a platform,
  optional lines go first ``[1]``, then ``[2]`` …; lines without a mark are the essentials;
- an empty line separates paragraphs. The hashtags are added by the studio, after the text.
"""

from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass
from functools import cache

from assocdesk.package_data import resource

TEMPLATES_DIR = resource("posts", "templates")
# Each occasion, and what it is about: an activity, a campaign or a year.
RECORD_KIND = {
    "activity-report": "activity",
    "activity-announcement": "activity",
    "volunteer-call": "activity",
    "activity-cancelled": "activity",
    "campaign-progress": "campaign",
    "donor-thanks": "campaign",
    "year-impact": "year",
}
OCCASIONS = tuple(RECORD_KIND)
# Wordings for one kind of record, used instead of the occasion's own when the record is of
# that kind ("activity-report:meeting" for a meeting) and the user has not written their own.
VARIANTS = ("meeting", "exceeded", "so-far")
# Posts in two languages, one text (compose.compose_bilingual): Arabic first, as posted in the
# Maghreb, then French or English.
BILINGUAL_LANGUAGES = ("ar+fr", "ar+en")
TEMPLATE_STYLES = ("long", "short", "professional", "title")
_RANK = re.compile(r"^\s*\[(\d{1,2})\]\s?")


@dataclass(frozen=True)
class Line:
    """One filled line of a post: its text and its drop rank (0: essential; 1 goes first)."""

    text: str
    rank: int = 0


@cache
def _defaults(language: str) -> dict[str, dict[str, str]]:
    path = TEMPLATES_DIR / f"{language}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        occasion: {
            style: "\n".join(body) if isinstance(body, list) else str(body)
            for style, body in styles.items()
        }
        for occasion, styles in data.items()
        if not occasion.startswith("_")
    }


def default_template(occasion: str, style: str, language: str, variant: str = "") -> str:
    """The built-in template ("" if there is none), in the record's variant if it has one."""
    defaults = _defaults(language)
    if variant and (text := defaults.get(f"{occasion}:{variant}", {}).get(style, "")):
        return text
    return defaults.get(occasion, {}).get(style, "")


def placeholders(template: str) -> list[str]:
    """The names of the {placeholders} a template uses, in order of first use."""
    names: list[str] = []
    for _literal, name, _spec, _conversion in string.Formatter().parse(template):
        if name and name not in names:
            names.append(name)
    return names


def _fill(text: str, values: dict[str, str]) -> tuple[str, bool]:
    """``text`` with its placeholders filled; False when a known placeholder is empty.

    An unknown placeholder (a typo in a user's template) stays as written, so it shows.
    """
    out: list[str] = []
    complete = True
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:  # an unmatched brace: show the line as written
        return text, True
    for literal, name, _spec, _conversion in parsed:
        out.append(literal)
        if name is None:
            continue
        if name not in values:
            out.append("{" + name + "}")
        elif values[name]:
            out.append(values[name])
        else:
            complete = False
    return "".join(out), complete


def fill(template: str, values: dict[str, str]) -> list[Line]:
    """The lines of a filled template; lines whose facts are missing are left out.

    Blank lines come back as ``Line("")`` (paragraph breaks); runs of them are folded later.
    """
    lines: list[Line] = []
    for raw in template.splitlines():
        match = _RANK.match(raw)
        rank = int(match.group(1)) if match else 0
        body = raw[match.end() :] if match else raw
        if not body.strip():
            lines.append(Line(""))
            continue
        text, complete = _fill(body, values)
        if complete and text.strip():
            lines.append(Line(text.strip(), rank))
    return lines
