"""Counting a text the way each platform counts it, so "within the limit" means what it says.

- X: weighted characters (most scripts weigh 2, Latin and Arabic letters 1, every link 23, an
  emoji 2), computed by ``twitter-text-parser``, the port of X's own twitter-text library.
  Invisible marks such as U+200F weigh 2 there: posts keep them out (see formatting.py).
- Bluesky: graphemes (what a reader sees as one character: "👍🏽" or "é" is one).
- Threads: characters, except that an emoji counts as many as its UTF-8 bytes.
- The others: Unicode characters (code points).
"""

from __future__ import annotations

from collections.abc import Callable

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


def threads_length(text: str) -> int:
    """Characters, each emoji (a whole cluster, skin tone and joiners too) as its bytes."""
    total = 0
    for cluster in _GRAPHEME.findall(text):
        total += len(cluster.encode("utf-8")) if is_emoji(cluster) else len(cluster)
    return total


def x_weighted(text: str) -> int:
    from twitter_text import parse_tweet

    return int(parse_tweet(text).weightedLength)


COUNTERS: dict[str, Callable[[str], int]] = {
    "characters": characters,
    "graphemes": graphemes,
    "threads": threads_length,
    "x-weighted": x_weighted,
}


def count(text: str, kind: str) -> int:
    """The length of ``text`` as a platform counting ``kind`` (see platforms.json) sees it."""
    return COUNTERS[kind](text)
