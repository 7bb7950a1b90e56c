"""A key that a name shares with its spelling in the other script: «بنعلي» and "Benali".

In the Maghreb one person's name is written in Arabic on one form and in French letters on the
next; in the Mashreq in English letters. Romanization libraries (anyascii, unidecode) spell
Arabic letter by letter (ش → "sh", ع → "'"), which still leaves "Chaoui" ≠ "shawi"; what both
scripts share is the consonant skeleton. Each name word is reduced to consonant classes, and
both scripts are reduced to the same classes:

* vowels are dropped: Arabic writes no short vowels, Latin spellings disagree on them
  ("Mustapha", "Moustapha", "Mostafa"); so are the letters that stand for vowels or for
  nothing a French reader hears (ا أ إ آ ء ع و ي, Latin w and y);
* one class per sound however spelled: ch/sh/ش, kh/gh/k/q/g/c/ق/ك/خ/غ, dj/j/ج, ph/v/f/ف,
  c before e/i/y and ç/s/ص/س, dh/d/ض, th/ط/ت, and doubled letters count once;
* a final vowel sound "a" (Latin final a, Arabic final ة ى ا اء) is kept as "A": Samir and
  Samira, Fatima and Fatiha stay apart, Mustapha and «مصطفى» come together;
* the article and the particles ben, bin, ibn, ait, ould, abd, abou, bou are joined to the word
  that follows ("Ben Ali" = "Benali" = «بن علي» = «بنعلي»; "Abd El Kader" = «عبد القادر»).

Some letters are heard two ways (ث: t in the Maghreb, th or s elsewhere; the article's l is
silent before ر س ش …; a final ه is "a" or "h"), so a word has a few keys: two names match
when any keys agree. A handful of names that the skeleton cannot tell apart (Omar/Amr,
Hassan/Hussein, Mohamed/Mahmoud) are listed in ``_EXCEPTIONS``; others still share a key
(Said/Saad, Karim/Akram: they differ only by a long vowel).

The key is for ranking a search and proposing a duplicate, never for deciding one: a match is
only "probably the same name".
"""

from __future__ import annotations

import re
import unicodedata
from itertools import product
from typing import NamedTuple

from assocdesk.text.normalize import normalize_for_search

MAX_VARIANTS = 6  # keys kept per word group: the first ones, the commonest readings

# Arabic letters → the consonant classes; a tuple lists readings (the first is the usual one).
_ARABIC: dict[str, str | tuple[str, ...]] = {
    "ب": "b",
    "پ": "b",
    "ت": "t",
    "ث": ("t", "th", "s"),
    "ج": "j",
    "چ": "x",
    "ح": "h",
    "خ": "k",
    "د": "d",
    "ذ": ("d", "z"),
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "x",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": ("z", "d"),
    "غ": "k",
    "ف": "f",
    "ڤ": "f",
    "ق": "k",
    "ك": "k",
    "گ": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
}
_FINAL_A = {"ة", "ى", "ا"}
# Hamza forms, tatweel and the Persian forms keyboards produce, before anything else.
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ی": "ي", "ک": "ك"})
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")

# Latin spellings, longest first where one is the start of another.
_LATIN_GROUPS = (
    ("sch", "x"),
    ("ch", "x"),
    ("sh", "x"),
    ("kh", "k"),
    ("gh", "k"),
    ("ck", "k"),
    ("dj", "j"),
    ("dh", "d"),
    ("ph", "f"),
)
_LATIN = {
    "b": "b",
    "p": "b",
    "d": "d",
    "f": "f",
    "v": "f",
    "g": "k",
    "h": "h",
    "j": "j",
    "k": "k",
    "q": "k",
    "l": "l",
    "m": "m",
    "n": "n",
    "r": "r",
    "s": "s",
    "t": "t",
    "x": "ks",
    "z": "z",
}
_VOWELS = set("aeiouwy")

# Names the skeleton merges with another name (the Arabic spelling differs by a long vowel).
_EXCEPTIONS = {
    **dict.fromkeys(("amr", "amrou", "amro", "amru", "عمرو"), "mrw"),
    **dict.fromkeys(
        (
            "hussein",
            "houssein",
            "husein",
            "hussain",
            "husain",
            "houcine",
            "hocine",
            "hossein",
            "houssine",
            "hussine",
            "حسين",
        ),
        "hsyn",
    ),
    **dict.fromkeys(("mahmoud", "mahmud", "mahmood", "محمود"), "mhmwd"),
    **dict.fromkeys(("taha", "طه"), "thA"),
}

# Joined to the next word (with an article in between: "Abd El Kader").
_PARTICLES = frozenset(
    {
        *("ben", "bin", "ibn", "bent", "bint", "ait", "ould", "abd", "abdel", "abdal"),
        *("abdul", "abdoul", "abdou", "abou", "abu", "bou"),
        *("بن", "ابن", "بنت", "ايت", "ولد", "عبد", "ابو", "بو"),
    }
)
# The Arabic article written apart in Latin letters, assimilated or not (es-Seddiki).
_ARTICLES = frozenset(
    {"el", "al", "ad", "ed", "an", "en", "ar", "er", "as", "es", "at", "et", "az", "ez", "ach"}
    | {"ech"}
)
_APOSTROPHES = re.compile("['\u2019\u02bc\u02bb`\u00b4]")
_SPLIT = re.compile("[^\\w'\u2019\u02bc\u02bb`\u00b4]+|_+")
_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")
_LATIN_LETTER = re.compile("[a-z]")


class Term(NamedTuple):
    """Words of a name that go together: ``words`` as search normalizes them (each must match
    literally), ``keys`` the group's transliteration keys (one must match by key)."""

    words: tuple[str, ...]
    keys: tuple[str, ...]


def name_terms(text: str | None) -> list[Term]:
    """The name's word groups with their keys, in the order written."""
    if not text:
        return []
    found = _TERMS.get(text)
    if found is None:
        if len(_TERMS) >= _HELD:
            _TERMS.clear()
        found = _TERMS[text] = tuple(_terms(text))
    return list(found)


# Names and words already worked out (an import or the duplicate finder meets the same first
# and family names again and again); emptied when full, as normalize_for_search's keys are.
_TERMS: dict[str, tuple[Term, ...]] = {}
_READINGS: dict[tuple[str, bool], tuple[str, ...]] = {}
_HELD = 65_536


def _terms(text: str) -> list[Term]:
    if not text.isascii():  # composed accents, no vowel marks: a word is not split at them
        text = _MARKS.sub("", unicodedata.normalize("NFC", text))
    typed = [token for token in map(_token, _SPLIT.split(text)) if token.folded]
    if not any(token.joins for token in typed):  # most names: each word its own group
        return [token.term for token in typed]
    terms: list[Term] = []
    i = 0
    while i < len(typed):
        group = [typed[i].folded]
        # Particles and articles take the following word (several: "abd el kader").
        while typed[i + len(group) - 1].joins and i + len(group) < len(typed):
            group.append(typed[i + len(group)].folded)
        if len(group) == 1:
            terms.append(typed[i].term)
        else:
            words = tuple(w for token in typed[i : i + len(group)] for w in token.term.words)
            terms.append(Term(words, _group_keys(tuple(group))))
        i += len(group)
    return terms


def name_keys(text: str | None) -> list[str]:
    """Every key of every word group of ``text``, without repeats (what the shadow stores)."""
    seen: dict[str, None] = {}
    for term in name_terms(text):
        seen.update(dict.fromkeys(term.keys))
    return list(seen)


def same_name(first: str | None, second: str | None) -> bool:
    """Whether two names have the same word groups by key, in any order (none left over)."""
    a, b = name_terms(first), name_terms(second)
    a = [t for t in a if t.keys]
    b = [t for t in b if t.keys]
    if not a or len(a) != len(b):
        return False
    remaining = list(b)
    for term in a:
        found = next((t for t in remaining if set(t.keys) & set(term.keys)), None)
        if found is None:
            return False
        remaining.remove(found)
    return True


def name_signatures(text: str | None, limit: int = 16) -> list[str]:
    """Order-free strings, one per reading of the whole name: two names share one when
    :func:`same_name` is likely (used to block the duplicate finder's comparisons)."""
    groups = [t.keys for t in name_terms(text) if t.keys]
    if not groups:
        return []
    found: dict[str, None] = {}
    for combination in product(*groups):
        found[" ".join(sorted(combination))] = None
        if len(found) >= limit:
            break
    return list(found)


def scripts_of(text: str | None) -> frozenset[str]:
    """ "arabic" and/or "latin": the scripts a name is written in."""
    folded = normalize_for_search(text)
    found = set()
    if _ARABIC_LETTER.search(folded):
        found.add("arabic")
    if _LATIN_LETTER.search(folded):
        found.add("latin")
    return frozenset(found)


# --- one word ----------------------------------------------------------------------------------


class _Token(NamedTuple):
    folded: str  # the word as the key reads it: "said" for "Sa'id"
    joins: bool  # a particle or an article, grouped with the next word
    term: Term  # the word as a group of its own: its words as search has them ("sa id")


def _token(raw: str) -> _Token:
    found = _TOKENS.get(raw)
    if found is None:
        if len(_TOKENS) >= _HELD:
            _TOKENS.clear()
        if raw.isascii() and raw.isdigit():  # a number in a name ("Client 12"): no key
            return _Token(raw, False, Term((raw,), ()))
        folded = _fold(raw)
        words = tuple(normalize_for_search(raw).split())
        lone_article = folded in _ARTICLES  # "el" typed alone: its "l" would match every Ali
        keys = () if lone_article or not folded else _group_keys((folded,))
        joins = folded in _PARTICLES or lone_article
        found = _TOKENS[raw] = _Token(folded, joins, Term(words, keys))
    return found


_TOKENS: dict[str, _Token] = {}


def _fold(word: str) -> str:
    word = _APOSTROPHES.sub("", word)
    if word.isascii():
        return word.lower()
    word = word.replace("ç", "s").replace("Ç", "s")
    decomposed = unicodedata.normalize("NFKD", word)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", plain).translate(_ARABIC_FOLD).casefold()


def _group_keys(group: tuple[str, ...]) -> tuple[str, ...]:
    """Keys of words written as one: each word's readings, concatenated."""
    found = _GROUPS.get(group)
    if found is None:
        if len(_GROUPS) >= _HELD:
            _GROUPS.clear()
        found = _GROUPS[group] = _keys_of_group(group)
    return found


_GROUPS: dict[tuple[str, ...], tuple[str, ...]] = {}


def _keys_of_group(group: tuple[str, ...]) -> tuple[str, ...]:
    parts = [_word_readings(word, first=i == 0) for i, word in enumerate(group)]
    keys: dict[str, None] = {}
    for combination in product(*parts):
        key = _squeeze("".join(combination))
        if key:
            keys[key] = None
        if len(keys) >= MAX_VARIANTS:
            break
    return tuple(keys)


def _word_readings(word: str, first: bool) -> tuple[str, ...]:
    """The readings of one word; an article alone reads "l" or nothing."""
    found = _READINGS.get((word, first))
    if found is None:
        if len(_READINGS) >= _HELD:
            _READINGS.clear()
        found = _READINGS[word, first] = _readings(word, first)
    return found


def _readings(word: str, first: bool) -> tuple[str, ...]:
    if word.isdigit():
        return ("",)
    if word in _EXCEPTIONS:
        return (_EXCEPTIONS[word],)
    if word in _ARTICLES:
        return ("", "l") if first else ("l", "")
    if _ARABIC_LETTER.search(word):
        return _arabic_readings(word)
    return _latin_readings(word)


def _arabic_readings(word: str) -> tuple[str, ...]:
    article = word.startswith("ال") and len(word) > 3
    body = word[2:] if article else word
    if body in _EXCEPTIONS:
        readings: list[str] = [_EXCEPTIONS[body]]
    else:
        readings = _arabic_body(body)
    if article:  # "El Alami" / "Alami", "Abderrahmane" / "Abdel Rahman": with and without l
        readings = [r for reading in readings for r in ("l" + reading, reading)]
    return tuple(readings[:MAX_VARIANTS])


def _arabic_body(word: str) -> list[str]:
    last = len(word) - 1
    parts: list[tuple[str, ...]] = []
    for i, ch in enumerate(word):
        if i == last and (ch in _FINAL_A or (ch == "ء" and i > 0 and word[i - 1] == "ا")):
            parts.append(("A",))
        elif i == last and ch == "ه" and i >= 2:  # فاطمه typed for فاطمة; or a real h
            parts.append(("A", "h"))
        elif i == last - 1 and ch == "ا" and word[last] == "ء":
            continue
        else:
            value = _ARABIC.get(ch, "")
            parts.append(value if isinstance(value, tuple) else (value,))
    return ["".join(p) for p in product(*parts)][:MAX_VARIANTS]


def _latin_readings(word: str) -> tuple[str, ...]:
    if len(word) > 3 and word.endswith("ae"):  # Moroccan spelling of a final اء: Asmae, Sanae
        word = word[:-1]
    readings = [_latin_body(word)]
    if len(word) > 4 and word[:2] in ("el", "al"):  # "Elidrissi" = «الإدريسي» = "Idrissi"
        readings.append(_latin_body(word[2:]))
    if len(word) > 3 and word.endswith(("ah", "eh")):  # Abdallah (ه) as well as Salah (ح)
        readings += [r[:-1] + "A" for r in readings if r.endswith("h")]
    if len(word) > 3 and word.endswith("at"):  # Najat «نجاة» as well as Farhat «فرحات»
        readings += [r[:-1] + "A" for r in readings if r.endswith("t")]
    return tuple(dict.fromkeys(readings))


def _latin_body(word: str) -> str:
    """Spellings to classes: digraphs first, c by what follows, a final a as "A"."""
    body = _LATIN_SPELLING.sub(_latin_class, word[:-1] if word.endswith("a") else word)
    return body + "A" if word.endswith("a") and len(word) > 1 else body


def _latin_class(match: re.Match[str]) -> str:
    return _LATIN_CLASSES.get(match.group(), "")


# Longest spellings first; "c" before e, i, y is an s ("Youcef"), else a k ("Belkacem").
_LATIN_CLASSES = dict(_LATIN_GROUPS) | _LATIN | {"ce": "s", "ci": "s", "cy": "s", "c": "k"}
_LATIN_SPELLING = re.compile(
    "|".join(sorted((s for s in _LATIN_CLASSES if len(s) > 1), key=len, reverse=True)) + "|.",
    re.DOTALL,
)


def _squeeze(key: str) -> str:
    """Doubled consonants count once ("Mohammed", "Idrissi", «مأمون» read m-m-n)."""
    out: list[str] = []
    for ch in key:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)
