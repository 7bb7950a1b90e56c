"""Fitting a post into a platform's limit by rules that keep the essentials.

In order, until the text fits (measured by the platform's own count):
1. extra hashtags go, the last first (the association's own hashtag stays);
2. optional lines go, ``[1]`` first, then ``[2]`` … (the last of a rank first);
3. the longest essential line that holds no key figure (usually a long title) is shortened
   word by word and ends with "…";
4. only if that is not enough: the other lines, then the association's hashtag, the same way.

Text is only ever cut between whitespace-separated tokens, so a word, a hashtag, a link or an
emoji (a whole grapheme cluster, joiners and skin tones included) is kept whole or left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from assocdesk.posts.templates import Line

ELLIPSIS = "…"
_TRAILING = re.compile(r"[\s,;:،؛\-–—|/·(]+$")


@dataclass
class Draft:
    """What a post is made of before fitting: its lines, its hashtags and its key figures."""

    lines: list[Line]
    tags: list[str] = field(default_factory=list)  # tags[0]: the association's, kept longest
    key_figures: list[str] = field(default_factory=list)


def render(lines: list[Line], tags: list[str]) -> str:
    """Lines as paragraphs (blank runs folded), then the hashtags on their own last line."""
    out: list[str] = []
    for line in lines:
        if line.text:
            out.append(line.text)
        elif out and out[-1] != "":
            out.append("")
    while out and out[-1] == "":
        out.pop()
    text = "\n".join(out)
    if tags:
        text = f"{text}\n\n{' '.join(tags)}" if text else " ".join(tags)
    return text


def shorten_words(text: str, fits: Callable[[str], bool]) -> str:
    """``text`` cut after whole tokens, with "…", until ``fits``; "" when no token fits."""
    if fits(text):
        return text
    tokens = text.split()
    while tokens:
        tokens.pop()
        candidate = _TRAILING.sub("", " ".join(tokens))
        if candidate and fits(candidate + ELLIPSIS):
            return candidate + ELLIPSIS
    return ""


def fit(draft: Draft, limit: int, measure: Callable[[str], int]) -> str:
    """The draft rendered within ``limit`` by ``measure`` (the platform's own count)."""
    lines = list(draft.lines)
    tags = list(draft.tags)

    def length() -> int:
        return measure(render(lines, tags))

    while length() > limit and len(tags) > 1:
        tags.pop()
    while length() > limit:
        optional = [i for i, line in enumerate(lines) if line.text and line.rank > 0]
        if not optional:
            break
        lowest = min(lines[i].rank for i in optional)
        del lines[max(i for i in optional if lines[i].rank == lowest)]

    def holds_figure(line: Line) -> bool:
        return any(figure and figure in line.text for figure in draft.key_figures)

    for spare_figures in (True, False):
        while length() > limit:
            candidates = [
                i
                for i, line in enumerate(lines)
                if line.text and not (spare_figures and holds_figure(line))
            ]
            if not candidates:
                break
            index = max(candidates, key=lambda i: measure(lines[i].text))
            _shorten_line(lines, tags, index, limit, measure)
    while length() > limit and tags:
        tags.pop()
    if length() > limit:  # a single token longer than the limit: nothing sensible is left
        return shorten_words(render(lines, tags), lambda t: measure(t) <= limit)
    return render(lines, tags)


def _shorten_line(
    lines: list[Line], tags: list[str], index: int, limit: int, measure: Callable[[str], int]
) -> None:
    """Shorten line ``index`` word by word until the whole text fits; drop it if nothing fits."""
    original = lines[index]

    def fits(candidate: str) -> bool:
        trial = [*lines[:index], Line(candidate, original.rank), *lines[index + 1 :]]
        return measure(render(trial, tags)) <= limit

    shortened = shorten_words(original.text, fits)
    if shortened and shortened != original.text:
        lines[index] = Line(shortened, original.rank)
    else:
        del lines[index]
