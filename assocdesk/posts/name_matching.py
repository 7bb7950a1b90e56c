"""Finding a person's name in free text however it was typed, for the privacy guard.

A secretary types "Hommage à Mustapha Aït Ahmed" for a contact recorded as "Mustapha AIT AHMED",
«تكريم الطفل مصطفى الادريسي» for «مصطفى الإدريسي», "AIT AHMED, Mustapha" in a list, "Naima C."
for short, "Nadia Ben Ali" for "Nadia BENALI", "#MustaphaAitAhmed" as a tag. Names are compared
as search compares them (``normalize_for_search``: hamza, taa marbuta, alif maqsura, vowel
marks, Latin case and accents), word by word, whole words only, in any order; two or more words
of a longer name are enough ("Fatima Ben Ali" for "Fatima Zahra Ben Ali"); words may be written
joined or apart. An Arabic word may carry a leading و ف ب ل ك («لمصطفى»), not part of the name.

A first name next to an age ("Naima, 9 ans", «مصطفى، 12 سنة», "Sara (8)") is found by its shape
alone, whoever it is: it tells the reader a child's name and age.

Not covered: a name written in another script than recorded ("Mustapha El Idrissi" for
«مصطفى الإدريسي»): transliteration has too many spellings to guess safely.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

import regex

from assocdesk.text import normalize_for_search

Owner = TypeVar("Owner")

# A word: letters, their marks and digits (the underscore joins words in a hashtag: it separates).
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")
# What may stand between two words of one name: spaces, hyphens, apostrophes, a comma ("AIT
# AHMED, Mustapha"), a full stop after an initial, brackets and quotes ("Mustapha (Aït Ahmed)"),
# the tatweel, soft hyphens and zero-width joiners, and "#" between two tags.
_JOINER = regex.compile(r"^[\s\-‐‑'’ʼ`,،.()«»\"“”/#\u0640\u00ad\u200b-\u200d_]*$")
# Leading Arabic particles written joined to the next word: and, so, with, for, like.
_CLITICS = (
    *("وال", "فال", "بال", "كال", "ولل", "فلل"),
    *("وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك"),
)
_ARTICLE = "ال"
# Subsets of a long name's words are indexed; a name longer than this is indexed whole and by
# its first and last words only (the count of subsets doubles with every word).
_MOST_WORDS_SPLIT = 6
# How many written words a name joined or split otherwise may span ("Ben Ali" for "Benali").
_MOST_WORDS_JOINED = 6


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
    initial: bool  # one capital letter (or one Arabic letter) followed by a full stop


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
    found = []
    for match in _WORD.finditer(text):
        word = match.group()
        dotted = text[match.end() : match.end() + 1] == "."
        one_letter = len(word) == 1 and (word.isupper() or word.lower() == word.upper())
        found.append(Word(word, match.start(), match.end(), word_keys(word), dotted and one_letter))
    return found


def joined(text: str, before: Word, after: Word) -> bool:
    """Whether two words sit next to each other as parts of one name."""
    return _JOINER.match(text[before.end : after.start]) is not None


@dataclass(frozen=True)
class NamePattern:
    """The search keys of a name's words (or of some of them), in the order they were recorded."""

    keys: tuple[str, ...]

    @classmethod
    def of(cls, name: str) -> NamePattern:
        """A name's words; numbers are not part of it ("Yassine Amrani 2" is Yassine Amrani)."""
        return cls(tuple(k for k in normalize_for_search(name).split() if not k.isdigit()))

    def matches(self, run: list[Word]) -> bool:
        """Whether ``run`` is this name in any order, with at most all-but-one words initials.

        "Naima C." and "C. Naima" are Naima Cherkaoui; "N. C." alone is not (initials alone
        are what the guard writes instead of a name), and "à" or "y" are no initials.
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
        for word in pending:
            letter = normalize_for_search(word.text)
            found = next((k for k in wanted if wanted[k] > 0 and initial_key(k) == letter), None)
            if not word.initial or found is None:
                return False
            wanted[found] -= 1
        return whole >= 1

    def forms(self) -> list[NamePattern]:
        """The name, and every two or more of its words when it has three or more.

        "Fatima Ben Ali", "Zahra Ben Ali" and "Ben Ali" all name "Fatima Zahra Ben Ali": safe
        rather than sorry, a namesake's surname is withheld too.
        """
        if len(self.keys) < 3:
            return [self]
        if len(self.keys) > _MOST_WORDS_SPLIT:
            return [self, NamePattern((self.keys[0], self.keys[-1]))]
        subsets = {
            tuple(self.keys[i] for i in chosen)
            for size in range(2, len(self.keys) + 1)
            for chosen in itertools.combinations(range(len(self.keys)), size)
        }
        return [NamePattern(keys) for keys in sorted(subsets, key=len, reverse=True)]


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
        if all(joined(text, a, b) for a, b in itertools.pairwise(run)) and pattern.matches(run):
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


class NameIndex(Generic[Owner]):
    """Many names, looked up by their words: a text is read once, not once per name."""

    def __init__(self) -> None:
        self._by_key: dict[str, list[tuple[NamePattern, Owner]]] = {}
        # Each name's words run together ("mustaphaaitahmed"): found however the words were
        # split or joined ("Mustapha AitAhmed", "#MustaphaAitAhmed", "Nadia Ben Ali").
        self._joined: dict[str, list[Owner]] = {}

    def add(self, name: str, owner: Owner) -> None:
        pattern = NamePattern.of(name)
        if not pattern.keys:
            return
        for form in pattern.forms():
            for key in set(form.keys):
                self._by_key.setdefault(key, []).append((form, owner))
        if len(pattern.keys) > 1:
            self._joined.setdefault("".join(pattern.keys), []).append(owner)

    def __bool__(self) -> bool:
        return bool(self._by_key)

    def owners_of(self, name: str) -> list[Owner]:
        """Who bears exactly this name (the same words, in any order)."""
        pattern = NamePattern.of(name)
        found: list[Owner] = []
        for key in set(pattern.keys):
            for form, owner in self._by_key.get(key, []):
                if Counter(form.keys) == Counter(pattern.keys) and owner not in found:
                    found.append(owner)
        return found

    def search(self, text: str) -> list[tuple[Span, Owner]]:
        """Every name found in ``text`` with its owner; longer matches win over overlapping ones."""
        text_words = words(text)
        candidates: dict[int, tuple[NamePattern, Owner]] = {}
        for word in text_words:
            for key in word.keys:
                for form, owner in self._by_key.get(key, []):
                    candidates.setdefault(id(form), (form, owner))
        found: list[tuple[Span, Owner]] = []
        for form, owner in candidates.values():
            found.extend((span, owner) for span in find_runs(text_words, text, form))
        found.extend(self._joined_runs(text_words, text))
        return non_overlapping(found)

    def _joined_runs(self, text_words: list[Word], text: str) -> Iterator[tuple[Span, Owner]]:
        if not self._joined:
            return
        for first, word in enumerate(text_words):
            together = ""
            for last in range(first, min(first + _MOST_WORDS_JOINED, len(text_words))):
                if last > first and not joined(text, text_words[last - 1], text_words[last]):
                    break
                together += normalize_for_search(text_words[last].text).replace(" ", "")
                for owner in self._joined.get(together, []):
                    yield Span(word.start, text_words[last].end), owner


def non_overlapping(found: Iterable[tuple[Span, Owner]]) -> list[tuple[Span, Owner]]:
    """The longest matches first, then in reading order, without overlaps."""
    kept: list[tuple[Span, Owner]] = []
    for span, owner in sorted(found, key=lambda f: (f[0].start - f[0].end, f[0].start)):
        if all(span.end <= k.start or span.start >= k.end for k, _ in kept):
            kept.append((span, owner))
    return sorted(kept, key=lambda f: f[0].start)


# --- a first name next to an age --------------------------------------------------------------

_AGE_UNITS = r"(?:ans?|years?(?:\s+old)?|yrs?|y/?o|سنوات|سنة|سنين|عامًا|عاما|عام|أعوام|اعوام)"
_DIGITS = r"[0-9\u0660-\u0669\u06f0-\u06f9]{1,2}"
# What may come between a name and its age: "âgée de", "aged", «عمرها», «البالغ من العمر».
_AGED = (
    r"(?:âgée?s?\s+de\s+|agée?s?\s+de\s+|aged\s+|age\s+|عمره\s+|عمرها\s+|"
    r"البالغة?\s+من\s+العمر\s+)?"
)
# "Naima, 9 ans", "Naima (9 ans)", "Sara (8)", «مصطفى، 12 سنة», "Naima, âgée de 9 ans".
_AGE_AFTER = regex.compile(
    rf"(?P<sep>\s*[,،]\s*|\s*\(\s*|\s+){_AGED}(?P<age>{_DIGITS})(?:\s*{_AGE_UNITS})?(?:\s*\))?"
    rf"(?![\p{{L}}\p{{N}}])",
    regex.IGNORECASE,
)
_UNIT = regex.compile(_AGE_UNITS, regex.IGNORECASE)
# Words that introduce a child but are not their name («الطفل مصطفى», "la petite Naima").
_NOT_NAMES = frozenset(
    normalize_for_search(w)
    for w in (  # noqa: SIM905 (a sentence of words reads better than a column of them)
        "la le les petit petite petits petites jeune jeunes notre nos our little young the "
        "bravo merci à a au aux de du des pour avec et and to for with thanks élève eleve élèves "
        "pupil pupils student students enfant enfants child children kid kids fille garçon "
        "girl boy groupe group classe class "
        "الطفل الطفلة الصغير الصغيرة التلميذ التلميذة ابننا ابنتنا بطلنا بطلتنا شكرا تهنئة "
        "تحية برافو للطفل للطفلة الى إلى ل مع و في من عن الأطفال اطفال"
    ).split()
)
# How many words before an age may be the child's name ("Mustapha Aït-Ahmed (12 ans)").
_MOST_NAME_WORDS = 4


def age_mentions(text: str) -> list[tuple[Span, str, int]]:
    """(span of the name, the name as written, the age) for each "first name, age" under 18.

    The name is up to four words before the age that look like one (see _looks_like_name).
    The age needs a unit ("9 ans", «12 سنة»), except a bracketed number after a capitalised
    word ("Sara (8)"): Arabic has no capitals to tell «مسنون (52)» from a child.
    """
    found: list[tuple[Span, str, int]] = []
    text_words = words(text)
    for index, word in enumerate(text_words):
        after = _AGE_AFTER.match(text, word.end)
        if after is None or not word.text[:1].isalpha():
            continue
        age = int(normalize_for_search(after.group("age")))
        bracketed = (
            after.group().rstrip().endswith(")")
            and "(" in after.group("sep")
            and word.text[:1].isupper()
        )
        if age >= 18 or not (bracketed or _UNIT.search(after.group())):
            continue
        name_words: list[Word] = []
        for candidate in reversed(text_words[max(0, index - _MOST_NAME_WORDS + 1) : index + 1]):
            if not _looks_like_name(candidate) or (
                name_words and not joined(text, candidate, name_words[-1])
            ):
                break
            name_words.append(candidate)
        if name_words:
            first, last = name_words[-1], name_words[0]
            found.append((Span(first.start, last.end), text[first.start : last.end], age))
    return found


def _looks_like_name(word: Word) -> bool:
    """Not a word that introduces a child; capitalised where the script has capitals.

    "Atelier lecture, 8 ans et plus" names nobody: a lower-case Latin word is not taken for a
    name (a name typed in lower case next to an age is the price of not mangling such titles).
    """
    first = word.text[:1]
    if normalize_for_search(word.text) in _NOT_NAMES or not first.isalpha():
        return False
    return first.isupper() or first.lower() == first.upper()
