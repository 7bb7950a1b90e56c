"""A text too long for one post, split into a numbered thread (X), instead of only shortened.

Parts are cut where a reader pauses: between paragraphs if a whole paragraph fits, else between
lines, else between sentences, else between words. A word, a hashtag, a link or an emoji is never
cut, except a single word longer than a whole part (there is no other way), and then only between
grapheme clusters. Each part ends with its number " 1/3": at the end of the last line, which is
where it reads last in Arabic too (Latin digits and "/" stay together as one left-to-right run).

The hashtag line goes with the **first** part: X's search and hashtag pages show the one post
that carries the tag, and a reader who lands on "1/3" reads the thread from its start, whereas a
tag on the last part would bring them to its end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import regex

from assocdesk.posts import counting
from assocdesk.posts.fitting import render
from assocdesk.posts.platforms import Platform
from assocdesk.posts.templates import Line

PARAGRAPH, LINE, SENTENCE, WORD = 3, 2, 1, 0
_SEPARATORS = {PARAGRAPH: "\n\n", LINE: "\n", SENTENCE: " ", WORD: " "}
_SENTENCE_END = regex.compile(r"[.!?؟…۔]+[\"'»”’)\]]*$")
_TAG = regex.compile(r"^[#＃]\S+$")


@dataclass(frozen=True)
class _Token:
    text: str
    level: int  # the strength of the boundary before this token


def thread_for(
    lines: list[Line],
    tags: list[str],
    platform: Platform,
    finish: Callable[[str], str] = str,
) -> list[str]:
    """The post as a numbered thread when ``platform`` offers one and it is too long, else [].

    ``finish`` is the last pass over the whole text before it is cut (the privacy guard): it must
    see a name whole, never half of it in one part and half in the next.
    """
    full = finish(render(lines, tags))

    def measure(text: str) -> int:
        return counting.count(text, platform.count)

    if not platform.thread or measure(full) <= platform.limit:
        return []
    return split_thread(full, platform.limit, measure)


def split_thread(text: str, limit: int, measure: Callable[[str], int]) -> list[str]:
    """``text`` in parts each within ``limit`` by ``measure``, numbering " k/n" included.

    A text that fits is returned whole, without a number. Raises ValueError when ``limit`` is too
    small for even one grapheme and its number.
    """
    text = text.strip()
    if measure(text) <= limit:
        return [text]
    body, tags = _split_tags(text)
    total = 2
    for _attempt in range(8):
        suffix = f" {total}/{total}"
        kept_tags = _affordable_tags(tags, limit, measure, suffix)
        parts = _pack(_tokens(body), limit, measure, suffix, kept_tags)
        if len(parts) <= total:  # " k/n" is then no wider than the room kept for it
            break
        total = len(parts)
    count = len(parts)
    numbered = [f"{part} {k}/{count}" for k, part in enumerate(parts, start=1)]
    if any(measure(part) > limit for part in numbered):  # a measure that is not monotonic
        raise ValueError("limit too small for a numbered thread")
    return numbered


def _split_tags(text: str) -> tuple[str, str]:
    """The text and its closing hashtag line (the last paragraph, when it holds only tags)."""
    head, _sep, last = text.rpartition("\n\n")
    words = last.split()
    if head.strip() and words and all(_TAG.match(word) for word in words):
        return head.strip(), " ".join(words)
    return text, ""


def _affordable_tags(tags: str, limit: int, measure: Callable[[str], int], suffix: str) -> str:
    """The hashtag line, shortened from its end until it leaves half a part for the text."""
    words = tags.split()
    while words and measure(" ".join(words) + suffix) > limit // 2:
        words.pop()
    return " ".join(words)


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for p, paragraph in enumerate(regex.split(r"\n\s*\n", text)):
        for n, line in enumerate(paragraph.split("\n")):
            for w, word in enumerate(line.split()):
                if w:
                    ends = _SENTENCE_END.search(tokens[-1].text)
                    level = SENTENCE if ends else WORD
                else:
                    level = PARAGRAPH if n == 0 and p else LINE
                tokens.append(_Token(word, level))
    return tokens


def _units(tokens: list[_Token], level: int) -> list[list[_Token]]:
    """``tokens`` cut before every boundary at ``level`` or above."""
    units: list[list[_Token]] = []
    for i, token in enumerate(tokens):
        if i == 0 or token.level >= level:
            units.append([token])
        else:
            units[-1].append(token)
    return units


def _join(tokens: list[_Token]) -> str:
    return "".join((_SEPARATORS[t.level] if i else "") + t.text for i, t in enumerate(tokens))


class _Packer:
    """Greedy filling of parts: whole units first, smaller ones where a whole one cannot fit."""

    def __init__(self, limit: int, measure: Callable[[str], int], suffix: str, tags: str) -> None:
        self.limit, self.measure, self.suffix, self.tags = limit, measure, suffix, tags
        self.parts: list[str] = []
        self.current = ""

    def fits(self, text: str, first: bool, limit: int | None = None) -> bool:
        if first and self.tags:
            text = f"{text}\n\n{self.tags}" if text else self.tags
        return self.measure(text + self.suffix) <= (self.limit if limit is None else limit)

    def place(self, unit: str, separator: str, divisible: bool) -> bool:
        """Put ``unit`` whole in the current part, or whole in a new one; False: cut it.

        A part less than half full is not closed for a paragraph or a line that can be cut
        between its lines or sentences: it is cut instead, so no part is a lone title. A
        sentence that fits a part is never cut into words for that.
        """
        first = not self.parts
        if not self.current:
            if self.fits(unit, first):
                self.current = unit
                return True
            return False
        if self.fits(self.current + separator + unit, first):
            self.current += separator + unit
            return True
        if divisible and self.fits(self.current, first, self.limit // 2):
            return False
        if self.fits(unit, False):
            self.flush()
            self.current = unit
            return True
        return False

    def flush(self) -> None:
        if self.current:
            first = not self.parts
            self.parts.append(
                f"{self.current}\n\n{self.tags}" if first and self.tags else self.current
            )
            self.current = ""

    def add(self, tokens: list[_Token], level: int) -> None:
        separator = _SEPARATORS[tokens[0].level] if self.current else ""
        divisible = level > SENTENCE and len(tokens) > 1  # never a sentence into words
        if self.place(_join(tokens), separator, divisible):
            return
        if level > WORD:
            for unit in _units(tokens, level - 1):
                self.add(unit, level - 1)
            return
        self.add_clusters(tokens[0].text, separator)

    def add_clusters(self, word: str, separator: str) -> None:
        """A word longer than a part, cut between grapheme clusters (nothing else can be done)."""
        for cluster in counting.grapheme_clusters(word):
            if self.current and self.fits(self.current + separator + cluster, not self.parts):
                self.current += separator + cluster
            else:
                self.flush()
                if not self.fits(cluster, not self.parts):
                    raise ValueError("limit too small for a numbered thread")
                self.current = cluster
            separator = ""


def _pack(
    tokens: list[_Token], limit: int, measure: Callable[[str], int], suffix: str, tags: str
) -> list[str]:
    """The parts, unnumbered. The tags join the first part, unless its first word cannot sit
    beside them (a word of half a part): then they close the last part rather than cut it."""
    lead = tokens[0].text if tokens else ""
    tags_first = not tags or measure(f"{lead}\n\n{tags}{suffix}") <= limit
    packer = _Packer(limit, measure, suffix, tags if tags_first else "")
    for paragraph in _units(tokens, PARAGRAPH):
        packer.add(paragraph, PARAGRAPH)
    packer.flush()
    parts = packer.parts
    if tags and not tags_first:
        if parts and measure(f"{parts[-1]}\n\n{tags}{suffix}") <= limit:
            parts[-1] = f"{parts[-1]}\n\n{tags}"
        else:
            parts.append(tags)
    elif not parts and tags:
        parts.append(tags)
    return parts
