"""Counting a text the way each platform counts it, so "within the limit" means what it says.

- X: weighted characters (most scripts weigh 2, Latin and Arabic letters 1, every link 23, an
  emoji 2), computed by ``twitter-text-parser``, the port of X's own twitter-text library.
  Invisible marks such as U+200F weigh 2 there: posts keep them out (see formatting.py).
- Bluesky: graphemes (what a reader sees as one character: "👍🏽" or "é" is one).
- Threads: characters, except that an emoji counts as many as its UTF-8 bytes.
- The others: Unicode characters (code points).
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


def threads_length(text: str) -> int:
    """Characters, each emoji (a whole cluster, skin tone and joiners too) as its bytes."""
    total = 0
    for cluster in _GRAPHEME.findall(text):
        total += len(cluster.encode("utf-8")) if is_emoji(cluster) else len(cluster)
    return total


def x_weighted(text: str) -> int:
    return int(_parse_tweet()(text).weightedLength)


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
}


def count(text: str, kind: str) -> int:
    """The length of ``text`` as a platform counting ``kind`` (see platforms.json) sees it."""
    return COUNTERS[kind](text)
