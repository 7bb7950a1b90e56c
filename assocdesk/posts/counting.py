"""Counting a text the way each platform counts it, so "within the limit" means what it says.

- X: weighted characters (most scripts weigh 2, Latin and Arabic letters 1, every link 23, an
  emoji 2), computed by ``twitter-text-parser``, the port of X's own twitter-text library.
  Invisible marks such as U+200F weigh 2 there: posts keep them out (see formatting.py).
- Bluesky: graphemes (what a reader sees as one character: "👍🏽" or "é" is one).
- Threads: characters, except that an emoji counts as many as its UTF-8 bytes.
- YouTube's description: UTF-8 bytes (an Arabic letter is 2, most emoji 4); its title is
  counted in characters.
- The others: Unicode characters (code points).

Links are found the way X finds them (twitter-text's extractor, with its list of top-level
domains), so "assoc.ma/dons" is a link and "د.م." or "3.5" are not; the same finder serves the
platforms that cap or forbid links.
"""

from __future__ import annotations

import importlib
import importlib.resources
import sys
import threading
import types
from collections.abc import Callable
from typing import Any

import regex

_GRAPHEME = regex.compile(r"\X")
# A cluster is an emoji when it holds a pictograph, a regional indicator (flags) or a keycap.
_EMOJI = regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}\u20e3]")


def characters(text: str) -> int:
    return len(text)


def graphemes(text: str) -> int:
    return len(_GRAPHEME.findall(text))


def grapheme_clusters(text: str) -> list[str]:
    return _GRAPHEME.findall(text)


def is_emoji(cluster: str) -> bool:
    return _EMOJI.search(cluster) is not None


# A pictograph that is text by default ("©", "™", "➡") is an emoji only when asked to be one
# (U+FE0F) or when joined or toned; the rest of the time it reads as a letter.
_SHOWN_AS_EMOJI = regex.compile(r"[\p{Emoji_Presentation}\ufe0f\u200d\u20e3\p{Emoji_Modifier}]")


def shows_as_emoji(cluster: str) -> bool:
    """Whether a reader sees ``cluster`` (a grapheme) as an emoji picture."""
    return is_emoji(cluster) and _SHOWN_AS_EMOJI.search(cluster) is not None


def threads_length(text: str) -> int:
    """Characters, each emoji (a whole cluster, skin tone and joiners too) as its bytes."""
    total = 0
    for cluster in _GRAPHEME.findall(text):
        total += len(cluster.encode("utf-8")) if is_emoji(cluster) else len(cluster)
    return total


def utf8_bytes(text: str) -> int:
    return len(text.encode("utf-8"))


def emoji_count(text: str) -> int:
    """How many emoji a reader sees (a family or a flag is one)."""
    return sum(1 for cluster in _GRAPHEME.findall(text) if shows_as_emoji(cluster))


def line_start_emoji(text: str) -> list[int]:
    """For each line, how many emoji it starts with ("✅ 🎉 Fête" → 2), spaces between allowed."""
    return [len(leading_emoji(line)) for line in text.split("\n")]


def leading_emoji(line: str) -> list[str]:
    """The emoji clusters that open ``line``, before its first other visible character."""
    found: list[str] = []
    for cluster in _GRAPHEME.findall(line):
        if shows_as_emoji(cluster):
            found.append(cluster)
        elif not cluster.isspace():
            break
    return found


def x_weighted(text: str) -> int:
    return int(_parse_tweet()(text).weightedLength)


# What may follow a link without being part of it: sentence and closing punctuation.
_AFTER_LINK = regex.compile(r"[.,;:!?؟،؛…)\]}»\"'”’]+$")


def link_spans(text: str) -> list[tuple[int, int]]:
    """Where the links of ``text`` are (start, end), as X finds them.

    twitter-text stops a path at the first non-ASCII letter ("alamal.ma/ar/تبرع" → "alamal.ma/ar/");
    a link with a path therefore runs on to the next space, trailing punctuation excepted.
    """
    _parse_tweet()
    extract = sys.modules["twitter_text.parse_tweet"].extract_urls_with_indices
    spans: list[tuple[int, int]] = []
    for found in extract(text):
        start, end = found["indices"]
        if "/" in text[start:end].split("://", 1)[-1]:
            tail = regex.match(r"\S*", text[end:])
            rest = _AFTER_LINK.sub("", tail.group() if tail else "")
            end += len(rest)
        spans.append((start, end))
    return spans


def _parse_tweet() -> Callable[[str], Any]:
    """twitter-text-parser's ``parse_tweet``, imported without ``pkg_resources``.

    The library reads its emoji list with ``pkg_resources.resource_string`` when it is
    imported, and declares no dependency for it. ``pkg_resources`` left setuptools in 82.0
    (February 2026), and a fresh Python 3.12 environment has no setuptools at all: there the
    import fails and X could not be counted. Where it still exists, importing it costs 10 MB
    and 0.1 s for that one file. So for the time of that import only, ``pkg_resources`` is a
    module whose one function reads the file with importlib.resources.
    """
    module = "twitter_text.parse_tweet"
    with _IMPORTING:  # two first counts at once must not swap sys.modules over each other
        if module not in sys.modules:
            _import_without_pkg_resources(module)
    return sys.modules[module].parse_tweet


def _import_without_pkg_resources(module: str) -> None:
    stand_in = types.ModuleType("pkg_resources")
    stand_in.resource_string = _resource_string  # type: ignore[attr-defined]
    before = sys.modules.get("pkg_resources", _ABSENT)
    sys.modules["pkg_resources"] = stand_in
    try:
        importlib.import_module(module)
    finally:
        if before is _ABSENT:
            del sys.modules["pkg_resources"]
        else:
            sys.modules["pkg_resources"] = before


def _resource_string(module: str, name: str) -> bytes:
    """pkg_resources' reading of a file that sits beside ``module``."""
    package = sys.modules[module].__package__ or module
    return importlib.resources.files(package).joinpath(name).read_bytes()


_ABSENT = object()
_IMPORTING = threading.Lock()


COUNTERS: dict[str, Callable[[str], int]] = {
    "characters": characters,
    "graphemes": graphemes,
    "threads": threads_length,
    "x-weighted": x_weighted,
    "utf8-bytes": utf8_bytes,
}


def count(text: str, kind: str) -> int:
    """The length of ``text`` as a platform counting ``kind`` (see platforms.json) sees it."""
    return COUNTERS[kind](text)
