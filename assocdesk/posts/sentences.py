"""Where a description's sentences begin and end, for the privacy guard and for short posts.

A sentence ends at . ! ? ؟ or … followed by a space or the end, and at every line break (a
secretary's "Programme:\\n- atelier\\n- goûter" is a list, each line its own part). A full stop
after an initial ("M. Aït Ahmed", "Naima C.") or a title ("M.", "Mme", "Dr") ends nothing, and no
sentence ends inside a span the caller keeps whole (a name the guard found).
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

_END = regex.compile(r"[.!?؟…]+(?=\s|$)|\n")
# What a full stop may follow without ending a sentence: one capital (or Arabic) letter, or a
# title ("M.", "Mme.", "Dr.", "Pr.", "St.", "Me.", "Mr.", "Mrs.", "Ms.").
_NOT_AN_END = regex.compile(
    r"(?:^|[\s(«\"'’])(?:\p{Lu}|\p{Arabic}|M|Mme|Mlle|Dr|Pr|St|Me|Mr|Mrs|Ms)\.$"
)


def sentence_spans(text: str, whole: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """(start, end) of each sentence, its closing marks and following spaces included."""
    kept = list(whole)
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        end = match.end()
        if match.group() != "\n" and _NOT_AN_END.search(text[max(0, start) : end]):
            continue
        if any(a < match.start() < b for a, b in kept):
            continue
        while end < len(text) and text[end] in " \t":
            end += 1
        if end > start:
            spans.append((start, end))
        start = end
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def first_sentence(text: str, at_most: int = 200) -> str:
    """The first sentence of ``text`` ("" if longer than ``at_most``): a short post's summary."""
    spans = sentence_spans(text.strip())
    sentence = text.strip()[spans[0][0] : spans[0][1]].strip() if spans else ""
    return sentence if len(sentence) <= at_most else ""
