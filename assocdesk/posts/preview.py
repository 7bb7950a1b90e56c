"""Where each platform folds a post behind its "See more", so the studio can show the post as
the feed will show it, and the secretary sees which words the reader meets first.

The platforms publish none of these numbers; they are what their feeds did when checked (see
``checked_on``), measured on a desktop feed, and they change: edit them here. A feed folds on
whichever comes first, a number of characters or a number of lines; a line break is a line, an
empty line too.

- Facebook: about 477 characters, five lines, then "… See more" (the mobile app folds sooner).
- Instagram: a caption shows about 125 characters, two lines, then "… more".
- LinkedIn: about 210 characters, three lines, then "… more".
- YouTube: a description shows about 150 characters, three lines, then "… more".
- X (280 a post, longer as a thread), Threads (500), Bluesky (300) and WhatsApp (the studio
  keeps its messages under 700) show the whole text.

Characters are counted as a reader sees them (grapheme clusters: an emoji or an Arabic letter
with its vowel marks is one), and a cut never falls inside a word unless the word alone is
longer than half of what is shown, as the feeds do.
"""

from __future__ import annotations

from dataclasses import dataclass

from assocdesk.i18n import LANGUAGES, N_, translate_in
from assocdesk.posts import counting

CHECKED_ON = "2026-12-07"
ELLIPSIS = "…"
SEE_MORE = N_("See more")  # Facebook's own words
MORE = N_("more")  # Instagram, LinkedIn, YouTube: "… more"


@dataclass(frozen=True)
class Fold:
    """How much of a post a platform's feed shows before its "more" link (None: no limit)."""

    characters: int | None
    lines: int | None
    more: str = MORE  # untranslated (N_): the link's words

    @property
    def folds(self) -> bool:
        return self.characters is not None or self.lines is not None


NO_FOLD = Fold(None, None, "")
FOLDS: dict[str, Fold] = {
    "facebook": Fold(477, 5, SEE_MORE),
    "instagram": Fold(125, 2),
    "linkedin": Fold(210, 3),
    "youtube": Fold(150, 3),
}


@dataclass(frozen=True)
class Preview:
    """The text as the feed first shows it.

    ``shown``: the words before the fold (the whole text when nothing is folded); ``cut_at``:
    where in the text the fold falls (None: nothing hidden); ``more``: "See more" in the post's
    language, "" when nothing is hidden.
    """

    shown: str
    cut_at: int | None
    more: str

    @property
    def folded(self) -> bool:
        return self.cut_at is not None


def fold_for(platform_key: str) -> Fold:
    """The platform's fold (NO_FOLD for a platform that shows its posts whole)."""
    return FOLDS.get(platform_key, NO_FOLD)


def _line_end(text: str, lines: int) -> int:
    """Where the ``lines``-th line of ``text`` ends (its length when it has no more lines)."""
    end = -1
    for _number in range(lines):
        end = text.find("\n", end + 1)
        if end < 0:
            return len(text)
    return end


def _character_end(text: str, characters: int) -> int:
    """Where the first ``characters`` visible characters of ``text`` end, moved back to the
    last space when that falls inside a word (kept whole unless the word is very long)."""
    clusters = counting.grapheme_clusters(text)
    if len(clusters) <= characters:
        return len(text)
    end = sum(len(cluster) for cluster in clusters[:characters])
    if text[end].isspace() or text[end - 1].isspace():
        return end
    space = max(text.rfind(" ", 0, end), text.rfind("\n", 0, end))
    shown = len(counting.grapheme_clusters(text[:space])) if space > 0 else 0
    return space if shown >= characters // 2 else end


def cut_position(text: str, fold: Fold) -> int | None:
    """Where ``fold`` cuts ``text``: the index of the first character hidden, or None when the
    feed shows it whole (only spaces would be hidden)."""
    if not fold.folds:
        return None
    end = len(text)
    if fold.lines is not None:
        end = min(end, _line_end(text, fold.lines))
    if fold.characters is not None:
        end = min(end, _character_end(text, fold.characters))
    if not text[end:].strip():
        return None
    return len(text[:end].rstrip())


def see_more(fold: Fold, language: str) -> str:
    """The fold's link in ``language`` (the first of a bilingual post: its readers' language)."""
    first = language.split("+")[0]
    return translate_in(first if first in LANGUAGES else "en", fold.more) if fold.more else ""


def preview(text: str, platform_key: str, language: str) -> Preview:
    """``text`` as ``platform_key``'s feed first shows it to a reader of ``language``."""
    text = text.rstrip()
    fold = fold_for(platform_key)
    cut = cut_position(text, fold)
    if cut is None:
        return Preview(text, None, "")
    return Preview(text[:cut], cut, see_more(fold, language))
