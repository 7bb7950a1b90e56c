"""Hashtags written the way platforms read them, in any script.

A platform ends a hashtag at the first space or punctuation mark, so "#جمعية الأمل" tags only
"جمعية" and "#Aïn-Diab" only "Aïn". Words are therefore joined with underscores and punctuation
is dropped; Arabic vowel marks and the tatweel are dropped too (people search without them, and
some apps end the tag at them). A tag of digits only is no tag at all.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import regex

_NOT_TAG = regex.compile(r"[^\p{L}\p{N}\p{M}_]+")
_ARABIC_MARKS = regex.compile("[\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_SEPARATORS = regex.compile(r"[\s\-–—/·.,،:;!?؟'’\"«»()\[\]]+")


def make_hashtag(text: str) -> str:
    """ "Aïn Diab" → "#Aïn_Diab", "جمعية الأمل!" → "#جمعية_الأمل"; "" when nothing is left."""
    text = unicodedata.normalize("NFC", text.strip().lstrip("#＃"))
    text = _ARABIC_MARKS.sub("", text)
    words = [_NOT_TAG.sub("", word) for word in _SEPARATORS.split(text)]
    body = "_".join(word for word in words if word).strip("_")
    while "__" in body:
        body = body.replace("__", "_")
    if not body or body.replace("_", "").isdigit():
        return ""
    return "#" + body


def split_tags(text: str) -> list[str]:
    """The tags of a stored hashtag field ("#a #b_c, d" → ["#a", "#b_c", "#d"])."""
    return [tag for raw in regex.split(r"[\s,،]+", text) if (tag := make_hashtag(raw))]


def tag_key(tag: str) -> str:
    return tag.casefold()


def collect(*groups: Iterable[str]) -> list[str]:
    """Hashtags from several sources (already tags or plain phrases), in order, without repeats."""
    seen: set[str] = set()
    tags: list[str] = []
    for group in groups:
        for raw in group:
            tag = make_hashtag(raw)
            if tag and tag_key(tag) not in seen:
                seen.add(tag_key(tag))
                tags.append(tag)
    return tags
