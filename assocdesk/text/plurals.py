"""Counts that agree with their noun: «متطوع واحد», «متطوعان», «5 متطوعين», «264 مستفيدًا».

The category of a number comes from CLDR through Babel, never from a rule of our own: Arabic has
zero, one, two, few (n % 100 in 3..10), many (n % 100 in 11..99) and other (100, 101, 1000 …);
French one (0 and 1), many (exact millions: «1 000 000 de bénévoles») and other; English one and
other. The words themselves are a hand-written table (nouns.py).

Arabic writes one and two in words («ساعة واحدة», «ساعتان»), and these are the only forms where
the case of the phrase in its sentence changes the spelling; after another number the noun's case
is fixed by the number. French and English write 1 in words too («une action», "one volunteer"):
in a post, a lone "1" next to words reads like a typo, and "un/une" carries the gender.

Language codes may carry a territory ("ar_MA", "fr-FR"); an unknown language is written in
English, while an unknown noun is a programming error (KeyError).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from assocdesk.text.nouns import ARABIC, ENGLISH, FRENCH, NOUNS

CASES = ("nominative", "accusative", "genitive")
Number = int | float | Decimal


def base_language(language: str) -> str:
    """ "ar_MA" → "ar"; anything we have no words for → "en"."""
    base = (language or "en").replace("-", "_").split("_")[0].lower()
    return base if base in ("ar", "fr", "en") else "en"


@cache
def _plural_rule(language: str):  # type: ignore[no-untyped-def]
    from babel import Locale

    return Locale.parse(language).plural_form


def plural_category(n: Number, language: str) -> str:
    """CLDR category of ``n``: "zero", "one", "two", "few", "many" or "other"."""
    return str(_plural_rule(base_language(language))(n))


def _check(noun: str, case: str) -> None:
    if noun not in NOUNS:
        raise KeyError(f"no counted noun {noun!r}: add it to assocdesk/text/nouns.py")
    if case not in CASES:
        raise ValueError(f"case must be one of {CASES}, not {case!r}")


def counted_noun(n: Number, noun: str, language: str, *, case: str = "nominative") -> str:
    """The noun alone, in the form the number ``n`` asks for (the number is written by the caller).

    Arabic one and two give the bare singular and the dual: «متطوع», «متطوعَيْن».
    """
    _check(noun, case)
    language = base_language(language)
    category = plural_category(n, language)
    if language == "ar":
        word = ARABIC[noun]
        oblique = case != "nominative"
        if category == "one":
            return word.many if case == "accusative" else word.singular
        if category == "two":
            return word.two_obl if oblique else word.two
        if category == "few":
            return word.few
        if category == "many":
            return word.many
        return word.other  # zero, other
    if language == "fr":
        french = FRENCH[noun]
        return french.singular if category == "one" else french.plural
    english = ENGLISH[noun]
    return english.singular if category == "one" else english.plural


def count_phrase(
    n: Number,
    noun: str,
    language: str,
    *,
    number: str | None = None,
    case: str = "nominative",
) -> str:
    """``n`` and its noun as a reader expects them: «8 ساعات», «une action», "5 volunteers".

    ``number`` is ``n`` already formatted for the locale ("1 200", "١٢٠٠"); by default str(n).
    ``case`` is the phrase's case in its Arabic sentence; it only changes one and two
    («شكرًا لمتطوعَيْن», «قدّم متطوعًا واحدًا»).
    """
    _check(noun, case)
    language = base_language(language)
    category = plural_category(n, language)
    shown = str(n) if number is None else number
    if language == "ar":
        word = ARABIC[noun]
        if category == "one":
            return word.one_acc if case == "accusative" else word.one
        if category == "two":
            return word.two if case == "nominative" else word.two_obl
        form = {"few": word.few, "many": word.many}.get(category, word.other)
        return f"{shown} {form}"
    if language == "fr":
        french = FRENCH[noun]
        if n == 1:
            return f"{'une' if french.gender == 'f' else 'un'} {french.singular}"
        if category == "one":  # 0, 0.5, 1.5: a number, and the singular
            return f"{shown} {french.singular}"
        if category == "many":  # exact millions take «de»: «1 000 000 de bénévoles»
            article = "d'" if french.elides else "de "
            return f"{shown} {article}{french.plural}"
        return f"{shown} {french.plural}"
    english = ENGLISH[noun]
    if n == 1:
        return f"one {english.singular}"
    return f"{shown} {english.plural}"


def noun_label(noun: str, language: str) -> str:
    """The plural heading of a noun, as under a number on a card: «مستفيدون», "bénéficiaires"."""
    _check(noun, "nominative")
    language = base_language(language)
    if language == "ar":
        return ARABIC[noun].label
    if language == "fr":
        return FRENCH[noun].plural
    return ENGLISH[noun].plural
