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
_FRENCH_NOUNS = {
    "la ": ("fondation", "fédération", "federation", "coopérative", "cooperative", "ligue",
            "maison", "caravane", "chorale", "troupe", "société", "societe", "mutuelle"),
    "le ": ("centre", "club", "collectif", "comité", "comite", "cercle", "foyer", "groupe",
            "groupement", "réseau", "reseau", "mouvement", "conseil", "secours"),
    "l'": ("association", "amicale", "union", "organisation", "alliance", "entente",
           "initiative", "espace", "institut", "observatoire", "atelier", "école", "ecole",
           "œuvre", "oeuvre", "entraide"),
}  # fmt: skip
_VOWEL_START = regex.compile(r"^[aeiouyàâäéèêëîïôöûüœh]", regex.IGNORECASE)


def association_forms(name: str, language: str) -> dict[str, str]:
    """``the_association`` and ``of_association`` for a template (see the module's note)."""
    if language != "fr" or not name:
        return {"the_association": name, "of_association": name}
    return {"the_association": french_the(name), "of_association": french_of(name)}


def french_the(name: str) -> str:
    """The name with the article it needs: "l'Association Al Amal", "la Fondation Nour", "le Club
    …"; a name that has its article ("Les Amis de Tiznit") or is a proper name stays as it is."""
    first = name.split(" ", 1)[0].casefold()
    for article, nouns in _FRENCH_NOUNS.items():
        if first in nouns:
            return article + name
    return name


def french_of(name: str) -> str:
    """«de» before the name, contracted as French does: "de l'Association …", "du Club …",
    "des Amis de Tiznit" (for "Les Amis …"), "de la Fondation …", "d'Al Amal", "de Nour"."""
    first, _, rest = name.partition(" ")
    lowered = first.casefold()
    the = french_the(name)
    if the.startswith("le "):
        return "du " + name
    if the != name:
        return "de " + the
    if lowered in ("les", "le") and rest:
        return ("des " if lowered == "les" else "du ") + rest
    if (lowered in ("la", "l'", "l’") and rest) or lowered.startswith(("l'", "l’")):
        return "de " + name
    return ("d'" if _VOWEL_START.match(name) else "de ") + name


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
