"""Words that change with what they tell: counts, the association's article, joined Arabic «و».

Templates are written once per language; what must agree with a number or a name is given to
them ready-made, so no template writes "1 bénévoles" or «8 ساعة»:

- every count comes as a phrase with its noun (``assocdesk.text.plurals``): ``{volunteers}``
  «5 متطوعين», «متطوعان», "un bénévole". Arabic changes one and two with the phrase's case, so
  each count also comes as ``{…_acc}`` (an object: «أنجزنا نشاطًا واحدًا») and ``{…_gen}`` (after
  a preposition: «بفضل محسنَيْن»). In French and English the three are the same;
- ``{our_volunteers}``: «متطوعنا» / «متطوعَيْنا» / «متطوعينا», "notre bénévole" / "nos bénévoles",
  by how many are thanked by name;
- ``{the_association}`` and ``{of_association}``: French takes an article before a name that
  starts with a common noun ("l'Association Al Amal", "de la Fondation Nour", "du Club …") and
  none before a proper name ("d'Al Amal"); the other languages use the name as it is.
"""

from __future__ import annotations

import regex

from assocdesk.posts import formatting as fmt
from assocdesk.text.plurals import count_phrase

CASE_SUFFIXES = {"": "nominative", "_acc": "accusative", "_gen": "genitive"}


def count_names(names: list[str]) -> list[str]:
    """The placeholders a count gives: ``volunteers``, ``volunteers_acc``, ``volunteers_gen``."""
    return [name + suffix for name in names for suffix in CASE_SUFFIXES]


def counts(language: str, locale: str, numbers: dict[str, tuple[int, str]]) -> dict[str, str]:
    """Placeholder → counted phrase, for each ``name: (n, noun)``; "" for zero (no line)."""
    values: dict[str, str] = {}
    for name, (n, noun) in numbers.items():
        for suffix, case in CASE_SUFFIXES.items():
            values[name + suffix] = (
                count_phrase(n, noun, language, number=fmt.number(n, locale), case=case)
                if n
                else ""
            )
    return values


def our_volunteers(named: int, language: str) -> str:
    """ "our volunteer(s)", agreeing with how many are thanked by name ("" for none)."""
    if not named:
        return ""
    if language == "ar":
        return {1: "متطوعنا", 2: "متطوعَيْنا"}.get(named, "متطوعينا")
    if language == "fr":
        return "notre bénévole" if named == 1 else "nos bénévoles"
    return "our volunteer" if named == 1 else "our volunteers"


# French: the article a name takes when it starts with a common noun (by that noun).
_FRENCH_ARTICLES = {
    **dict.fromkeys(
        ("association", "amicale", "organisation", "union", "œuvre", "oeuvre", "entraide", "école"),
        "l'",
    ),
    **dict.fromkeys(
        ("fondation", "ligue", "fédération", "federation", "maison", "coopérative", "cooperative"),
        "la ",
    ),
    **dict.fromkeys(
        ("club", "collectif", "comité", "comite", "centre", "foyer", "réseau", "groupe", "cercle"),
        "le ",
    ),
}
_VOWEL_START = regex.compile(r"^[aeiouyàâäéèêëîïôöûüœh]", regex.IGNORECASE)


def association_forms(name: str, language: str) -> dict[str, str]:
    """``the_association`` and ``of_association`` for a template (see the module's note)."""
    if language != "fr" or not name:
        return {"the_association": name, "of_association": name}
    first = name.split()[0].casefold()
    article = _FRENCH_ARTICLES.get(first, "")
    the = f"{article}{name}"
    if article == "le ":
        of = f"du {name}"
    elif article:
        of = f"de {the}"
    else:
        of = f"d'{name}" if _VOWEL_START.match(name) else f"de {name}"
    return {"the_association": the, "of_association": of}


# «و» written before a Latin word gets a space: «ووNabil» reads as one Arabic word.
_AND_BEFORE_LATIN = regex.compile(r"(?<=^|\s)و(?=\p{Latin})", regex.MULTILINE)
# French: «de un» and «que une» elide («d'un bénévole», «qu'une action»).
_FRENCH_ELISION = regex.compile(r"\b(de|que|jusque) (une?)\b")


def agree(text: str, language: str) -> str:
    """The last touches that depend on the words a value brought into a sentence."""
    if language == "ar":
        return _AND_BEFORE_LATIN.sub("و ", text)
    if language == "fr":
        return _FRENCH_ELISION.sub(lambda m: f"{m.group(1)[:-1]}'{m.group(2)}", text)
    return text


_SENTENCE_END = regex.compile(r"(?<=[.!?؟…])\s+")


def first_sentence(text: str, at_most: int = 200) -> str:
    """The description's first sentence, for short posts ("" if it is longer than ``at_most``)."""
    line = text.strip().split("\n", 1)[0].strip()
    sentence = _SENTENCE_END.split(line, maxsplit=1)[0].strip()
    return sentence if len(sentence) <= at_most else ""
