"""Finding a person's name in free text however it was typed, for the privacy guard.

A secretary types "Hommage à Mustapha Aït Ahmed" for a contact recorded as "Mustapha AIT AHMED",
«تكريم الطفل مصطفى الادريسي» for «مصطفى الإدريسي», "AIT AHMED, Mustapha" in a list, or "Naima C."
for short. Names are compared as search compares them (``normalize_for_search``: hamza, taa
marbuta, alif maqsura, vowel marks, Latin case and accents), word by word, whole words only, in
any order. An Arabic word may carry a leading و ف ب ل ك («لمصطفى»), which is not part of the name.

A first name next to an age ("Naima, 9 ans", «مصطفى، 12 سنة», "Sara (8)") is found by its shape
alone, whoever it is: it tells the reader a child's name and age.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import regex

from assocdesk.text import normalize_for_search

# A word: letters, their marks and digits (the underscore joins words in a hashtag: it separates).
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")
# What may stand between two words of one name: spaces, a hyphen, an apostrophe, a comma
# ("AIT AHMED, Mustapha"), a full stop after an initial ("M. Aït Ahmed") and the tatweel.
_JOINER = regex.compile(r"^[\s\-‐'’ʼ`,،.\u0640_]*$")
# Leading Arabic particles written joined to the next word: and, so, with, for, like.
_CLITICS = (
    "وال",
    "فال",
    "بال",
    "كال",
    "ولل",
    "فلل",
    "وب",
    "ول",
    "فب",
    "فل",
    "وك",
    "و",
    "ف",
    "ب",
    "ل",
    "ك",
)
_ARTICLE = "ال"


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int
    keys: frozenset[str]  # the normalized word, and the word without a leading particle


def word_keys(word: str) -> frozenset[str]:
    """The search keys a written word may stand for («لمصطفى» → {لمصطفي, مصطفي}).

    Only Arabic words lose a particle; «للإدريسي» (لـ + الـ) also stands for «الادريسي».
    """
    key = normalize_for_search(word)
    keys = {key}
    if key and not key.isascii():
        for clitic in _CLITICS:
            if key.startswith(clitic) and len(key) - len(clitic) >= 2:
                keys.add(key[len(clitic) :])
        for joined_article in ("ولل", "فلل", "لل"):
            if key.startswith(joined_article) and len(key) - len(joined_article) >= 2:
                keys.add(_ARTICLE + key[len(joined_article) :])
                break
    return frozenset(k for k in keys if k)


def words(text: str) -> list[Word]:
    return [Word(m.group(), m.start(), m.end(), word_keys(m.group())) for m in _WORD.finditer(text)]


def joined(text: str, before: Word, after: Word) -> bool:
    """Whether two words sit next to each other as parts of one name."""
    return _JOINER.match(text[before.end : after.start]) is not None


@dataclass(frozen=True)
class NamePattern:
    """The search keys of one name's words, in the order they were recorded."""

    keys: tuple[str, ...]

    @classmethod
    def of(cls, name: str) -> NamePattern:
        return cls(tuple(normalize_for_search(name).split()))

    def matches(self, run: list[Word]) -> bool:
        """Whether ``run`` is this name in any order, with at most all-but-one words initials.

        "Naima C." and "C. Naima" are Naima Cherkaoui; "N. C." alone is not (initials alone
        are what the guard writes instead of a name).
        """
        if len(run) != len(self.keys):
            return False
        wanted = Counter(self.keys)
        whole = 0
        pending: list[Word] = []
        for word in run:
            found = next((k for k in word.keys if wanted[k] > 0), None)
            if found is not None:
                wanted[found] -= 1
                whole += 1
            else:
                pending.append(word)
        for word in pending:  # an initial: one letter standing for a remaining word
            letter = normalize_for_search(word.text)
            if len(letter) != 1:
                return False
            found = next((k for k in wanted if wanted[k] > 0 and initial_key(k) == letter), None)
            if found is None:
                return False
            wanted[found] -= 1
        return whole >= 1

    @property
    def short_forms(self) -> list[NamePattern]:
        """First and last words of a longer name ("Fatima Benali" for "Fatima Zahra Benali")."""
        if len(self.keys) < 3:
            return []
        return [NamePattern((self.keys[0], self.keys[-1]))]


def initial_key(key: str) -> str:
    """The letter an initial stands for: the first after the Arabic article («الادريسي» → «ا»)."""
    body = key[len(_ARTICLE) :] if key.startswith(_ARTICLE) and len(key) > 3 else key
    return body[:1]


def initials(name: str) -> str:
    """ "Mustapha AIT AHMED" → "M. A. A."; «مصطفى الإدريسي» → «م. إ.» (the article is skipped)."""
    parts = []
    for word in _WORD.findall(name):
        body = word[2:] if word.startswith(_ARTICLE) and len(word) > 3 else word
        letter = body[:1]
        parts.append((letter.upper() if letter.isascii() else letter) + ".")
    return " ".join(parts)


def find_runs(text_words: list[Word], text: str, pattern: NamePattern) -> Iterator[Span]:
    """Where ``pattern`` stands in the text: runs of adjacent words forming the name."""
    size = len(pattern.keys)
    for first in range(len(text_words) - size + 1):
        run = text_words[first : first + size]
        if all(joined(text, a, b) for a, b in itertools.pairwise(run)) and (pattern.matches(run)):
            yield Span(run[0].start + particle_length(run[0].text, pattern.keys), run[-1].end)


def particle_length(word: str, keys: tuple[str, ...]) -> int:
    """How many leading letters of ``word`` are a joined particle, not the name («لمصطفى»: 1).

    The particle stays in the text («شكرًا لـم. إ.» would lose the «ل» otherwise).
    """
    if normalize_for_search(word) in keys:
        return 0
    for cut in range(1, 4):
        rest = word[cut:]
        if normalize_for_search(rest) in keys or normalize_for_search(_ARTICLE[0] + rest) in keys:
            return cut
    return 0


class NameIndex:
    """Many names, looked up by their words: a text is read once, not once per name."""

    def __init__(self) -> None:
        self._by_key: dict[str, list[tuple[NamePattern, object]]] = {}

    def add(self, name: str, owner: object) -> None:
        pattern = NamePattern.of(name)
        if not pattern.keys:
            return
        for form in (pattern, *pattern.short_forms):
            for key in set(form.keys):
                self._by_key.setdefault(key, []).append((form, owner))

    def __bool__(self) -> bool:
        return bool(self._by_key)

    def owners_of(self, name: str) -> list[object]:
        """Who bears exactly this name (the same words, in any order)."""
        pattern = NamePattern.of(name)
        found = []
        for key in set(pattern.keys):
            for form, owner in self._by_key.get(key, []):
                if Counter(form.keys) == Counter(pattern.keys) and owner not in found:
                    found.append(owner)
        return found

    def search(self, text: str) -> list[tuple[Span, object]]:
        """Every name found in ``text`` with its owner; longer matches win over overlapping ones."""
        text_words = words(text)
        candidates: dict[int, tuple[NamePattern, object]] = {}
        for word in text_words:
            for key in word.keys:
                for form, owner in self._by_key.get(key, []):
                    candidates.setdefault(id(form), (form, owner))
        found: list[tuple[Span, object]] = []
        for form, owner in candidates.values():
            found.extend((span, owner) for span in find_runs(text_words, text, form))
        return non_overlapping(found)


def non_overlapping(found: Iterable[tuple[Span, object]]) -> list[tuple[Span, object]]:
    """The longest matches first, then in reading order, without overlaps."""
    kept: list[tuple[Span, object]] = []
    for span, owner in sorted(found, key=lambda f: (f[0].start - f[0].end, f[0].start)):
        if all(span.end <= k.start or span.start >= k.end for k, _ in kept):
            kept.append((span, owner))
    return sorted(kept, key=lambda f: f[0].start)


# --- a first name next to an age --------------------------------------------------------------

_AGE_UNITS = r"(?:ans?|years?(?:\s+old)?|yrs?|y/?o|سنوات|سنة|سنين|عامًا|عاما|عام|أعوام|اعوام)"
_DIGITS = r"[0-9\u0660-\u0669\u06f0-\u06f9]{1,2}"
# "Naima, 9 ans", "Naima (9 ans)", "Sara (8)", «مصطفى، 12 سنة», "Naima 9 ans".
_AGE_AFTER = regex.compile(
    rf"(?P<sep>\s*[,،]\s*|\s*\(\s*|\s+)(?P<age>{_DIGITS})(?:\s*{_AGE_UNITS})?(?:\s*\))?"
    rf"(?![\p{{L}}\p{{N}}])",
)
# Words that introduce a child but are not their name («الطفل مصطفى», "la petite Naima").
_NOT_NAMES = frozenset(
    normalize_for_search(w)
    for w in (  # noqa: SIM905 (a sentence of words reads better than a column of them)
        "la le les petit petite jeune notre nos our little young the bravo merci à a de du "
        "pour avec et and to for with thanks élève eleve pupil student enfant child kid "
        "الطفل الطفلة الصغير الصغيرة التلميذ التلميذة ابننا ابنتنا بطلنا بطلتنا شكرا تهنئة "
        "تحية برافو للطفل للطفلة الى إلى ل مع و في من عن"
    ).split()
)


def age_mentions(text: str) -> list[tuple[Span, str, int]]:
    """(span of the name, the name as written, the age) for each "first name, age" under 18.

    The name is the one or two words before the age that are not in _NOT_NAMES; in Latin script
    only capitalised words count ("à 9 ans" or "group 8" is no name).
    """
    found: list[tuple[Span, str, int]] = []
    text_words = words(text)
    for index, word in enumerate(text_words):
        after = _AGE_AFTER.match(text, word.end)
        if after is None or not word.text[:1].isalpha():
            continue
        age = int(normalize_for_search(after.group("age")))
        # "Sara (8)" is an age; «مسنون (52)» or «الأربعاء، 4 فبراير» is not: without a unit, only
        # a bracketed number after a capitalised word counts (Arabic has no capitals to tell).
        bracketed = (
            after.group().rstrip().endswith(")")
            and "(" in after.group("sep")
            and word.text[:1].isupper()
        )
        if age >= 18 or not (bracketed or _has_unit(after.group())):
            continue
        name_words = []
        for candidate in reversed(text_words[max(0, index - 1) : index + 1]):
            if not _looks_like_name(candidate) or (
                name_words and not joined(text, candidate, name_words[-1])
            ):
                break
            name_words.append(candidate)
        if name_words:
            first, last = name_words[-1], name_words[0]
            found.append((Span(first.start, last.end), text[first.start : last.end], age))
    return found


def _has_unit(text: str) -> bool:
    return regex.search(_AGE_UNITS, text) is not None


def _looks_like_name(word: Word) -> bool:
    """Not a word that introduces a child; capitalised where the script has capitals."""
    first = word.text[:1]
    if normalize_for_search(word.text) in _NOT_NAMES or not first.isalpha():
        return False
    return first.isupper() or first.lower() == first.upper()
