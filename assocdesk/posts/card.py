"""What an image card shows, as plain data; the UI draws it with Qt (ui/posts/card.py).

The drawing needs Qt's text shaper (Arabic letters join only when shaped), so it lives in the UI;
the core decides the content, so the CLI, the studio and tests agree on what a card says, and
what its alt text tells a screen reader.

Emoji stay in the post's text but are left out of the card: the only colour-emoji font under a
free licence that Qt draws everywhere (Noto Color Emoji) weighs about 10 MB, ten times all the
other bundled fonts, and each platform draws colour bitmaps differently; without it they come out
as boxes. A card's look comes from its colours and type, not from emoji.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import regex

from assocdesk.i18n import N_, list_separator, translate_in
from assocdesk.posts.wording import french_of

# (width, height) in pixels.
CARD_SIZES: dict[str, tuple[int, int]] = {
    "square": (1080, 1080),  # a feed post
    "portrait": (1080, 1350),  # a feed post that takes more of the screen (Instagram, Facebook)
    "story": (1080, 1920),  # stories and WhatsApp status
    "wide": (1200, 630),  # a link preview (Open Graph)
}
CARD_SIZE_LABELS: dict[str, str] = {
    "square": N_("Square 1080×1080"),
    "portrait": N_("Portrait 1080×1350"),
    "story": N_("Story / status 1080×1920"),
    "wide": N_("Link preview 1200×630"),
}


@dataclass(frozen=True)
class Figure:
    value: str  # "264", "15 000 MAD"
    label: str  # "beneficiaries", in the post's language
    # The count as a sentence says it, where it differs from value + label: «متطوع واحد», not
    # «1 متطوع» (the alt text is read as a sentence; the card shows the number big).
    phrase: str = ""


@dataclass(frozen=True)
class CardContent:
    language: str
    association: str
    title: str
    date: str  # the date (or period, or year) under the title
    figures: list[Figure] = field(default_factory=list)
    hashtag: str = ""
    logo: Path | None = None
    photo: Path | None = None  # only a publishable photo (see privacy.Guard.photo_allowed)

    @property
    def right_to_left(self) -> bool:
        return self.language == "ar"


# A grapheme cluster is an emoji when it holds a pictograph drawn as emoji by default, a
# presentation selector, a keycap, a skin tone, a flag letter or a tag (subdivision flags).
_EMOJI_PART = regex.compile(
    r"[\p{Emoji_Presentation}\p{Emoji_Modifier}\p{Regional_Indicator}"
    r"\uFE0F\u20E3\U000E0020-\U000E007F]"
)
_PICTOGRAPH = regex.compile(r"\p{Extended_Pictographic}")
_TYPOGRAPHIC = frozenset("©®™‼⁉")  # pictographic by Unicode, but ordinary signs in text fonts
_CLUSTER = regex.compile(r"\X")
_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_CLOSE = re.compile(r"[ \t]+(?=[,.،)\]])")


def _is_emoji(cluster: str) -> bool:
    if _EMOJI_PART.search(cluster):
        return True
    return any(_PICTOGRAPH.match(c) and c not in _TYPOGRAPHIC for c in cluster)


def card_text(text: str) -> str:
    """``text`` as the card draws it: without emoji (whole clusters, with their joiners and
    selectors) and without the doubled or dangling spaces they leave behind."""
    kept = "".join(c for c in _CLUSTER.findall(text) if not _is_emoji(c))
    kept = kept.replace("\ufe0e", "").replace("\u200d", "")
    lines = [
        _SPACE_BEFORE_CLOSE.sub("", _SPACES.sub(" ", line)).strip() for line in kept.split("\n")
    ]
    return "\n".join(lines).strip()


_END = re.compile(r"[.!?…؟][\s”»\"’)]*$")  # a sentence already ended, inside quotes too


def alt_text(content: CardContent) -> str:
    """The card described for a screen reader, in the card's language: who, what, when, and its
    figures. Short on purpose; empty fields are left out, and no stop is doubled."""
    language = content.language

    def t(message: str) -> str:
        return translate_in(language, message)

    association = _inner(content.association)
    title = card_text(content.title)  # quoted: its own punctuation stays
    date = _inner(content.date)
    if association and language == "fr":
        head = t(N_("Post picture")) + " " + french_of(association)
    elif association:
        head = t(N_("Picture by {association}")).format(association=association)
    else:
        head = t(N_("Post picture"))
    sentence = head
    if title:
        quoted = t(N_("“{title}”")).format(title=title)
        sentence = t(N_("{picture}: {title}")).format(picture=sentence, title=quoted)
    if date:
        sentence = t(N_("{text}, {date}")).format(text=sentence, date=date)
    figures = [
        _inner(f.phrase)
        or t(N_("{value} {label}")).format(value=card_text(f.value), label=_inner(f.label)).strip()
        for f in content.figures
        if f.phrase or f.value or f.label
    ]
    parts = [_sentence(sentence)]
    if figures:
        parts.append(_sentence(list_separator(language).join(figures)))
    return " ".join(parts)


def _inner(text: str) -> str:
    """A piece inside a sentence: without the stop it may end with ("Al Amal." + ", 2025")."""
    return card_text(text).rstrip(" .,;:،؛")


def _sentence(text: str) -> str:
    """``text`` ending with one full stop, unless it already ends a sentence (or "د.م.")."""
    text = text.strip().rstrip(",،;؛:").rstrip()
    return text if _END.search(text) else text + "."
