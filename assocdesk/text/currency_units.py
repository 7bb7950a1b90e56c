"""Unit names for writing amounts in words, per currency and language, with their grammar.

Why our own table instead of CLDR's: CLDR (through Babel) has no subunit names at all (centime,
millime, qirsh, halala, fils), and its main-unit names carry the nationality adjective ("درهم
مغربي", "dirhams marocains") that a Moroccan or Egyptian receipt does not write. The forms follow
CLDR's plural categories, which Babel computes for us (see ``amount_words``). Currencies missing
here are still written, with Babel's names (see ``amount_words._fallback``).

The subunit's size is not stored: it is ``10 ** currency_decimals(code)`` (100, or 1000 for TND).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ArabicNoun:
    """The forms an Arabic counted noun takes, named after CLDR's plural categories.

    ``one``: singular, used after 1 ("درهم واحد") and as the genitive after 100, 1000 … ("مائة
    درهم"); ``two``: the dual, which stands alone for 2 ("درهمان") — ``None`` when unknown;
    ``few``: the plural after 3–10 ("ثلاثة دراهم"); ``many``: the accusative singular after 11–99
    ("خمسة عشر درهمًا"). ``feminine`` flips the gender of the numbers 1, 2 and 3–19 ("ثلاث هللات").
    """

    one: str
    two: str | None
    few: str
    many: str
    feminine: bool = False


@dataclass(frozen=True)
class LatinNoun:
    """Singular and plural of a French or English unit; ``feminine`` makes French write "une"."""

    one: str
    other: str
    feminine: bool = False


@dataclass(frozen=True)
class Units:
    """The main unit and the subunit (1/100 or 1/1000 of it) of one currency in one language."""

    major: ArabicNoun | LatinNoun
    minor: ArabicNoun | LatinNoun


def _ar(one: str, two: str, few: str, many: str, *, feminine: bool = False) -> ArabicNoun:
    return ArabicNoun(one, two, few, many, feminine)


_AR_DIRHAM = _ar("درهم", "درهمان", "دراهم", "درهمًا")
_AR_DINAR = _ar("دينار", "ديناران", "دنانير", "دينارًا")
_AR_CENTIME = _ar("سنتيم", "سنتيمان", "سنتيمات", "سنتيمًا")
_AR_CENT = _ar("سنت", "سنتان", "سنتات", "سنتًا")

# "يورو" does not decline: "ثلاثة يورو", "خمسة عشر يورو"; its dual "يوروان" is what is said for 2
# ("اثنان يورو" would put a number word where Arabic uses the dual alone).
_AR_EURO = _ar("يورو", "يوروان", "يورو", "يورو")

CURRENCY_UNITS: dict[str, dict[str, Units]] = {
    "MAD": {
        "ar": Units(_AR_DIRHAM, _AR_CENTIME),
        "fr": Units(LatinNoun("dirham", "dirhams"), LatinNoun("centime", "centimes")),
        "en": Units(LatinNoun("dirham", "dirhams"), LatinNoun("centime", "centimes")),
    },
    "DZD": {
        "ar": Units(_AR_DINAR, _AR_CENTIME),
        "fr": Units(LatinNoun("dinar", "dinars"), LatinNoun("centime", "centimes")),
        "en": Units(LatinNoun("dinar", "dinars"), LatinNoun("centime", "centimes")),
    },
    "TND": {
        "ar": Units(_AR_DINAR, _ar("مليم", "مليمان", "مليمات", "مليمًا")),
        "fr": Units(LatinNoun("dinar", "dinars"), LatinNoun("millime", "millimes")),
        "en": Units(LatinNoun("dinar", "dinars"), LatinNoun("millime", "millimes")),
    },
    "EGP": {
        # "جنيه" alone is what Egyptians write; French and English need the adjective, or the
        # reader thinks of the pound sterling.
        "ar": Units(
            _ar("جنيه", "جنيهان", "جنيهات", "جنيهًا"),
            _ar("قرش", "قرشان", "قروش", "قرشًا"),
        ),
        "fr": Units(
            LatinNoun("livre égyptienne", "livres égyptiennes", feminine=True),
            LatinNoun("piastre", "piastres", feminine=True),
        ),
        "en": Units(
            LatinNoun("Egyptian pound", "Egyptian pounds"), LatinNoun("piastre", "piastres")
        ),
    },
    "SAR": {
        "ar": Units(
            _ar("ريال", "ريالان", "ريالات", "ريالًا"),
            _ar("هللة", "هللتان", "هللات", "هللةً", feminine=True),
        ),
        # French follows the Arabic gender of the loanword: "une halala".
        "fr": Units(LatinNoun("riyal", "riyals"), LatinNoun("halala", "halalas", feminine=True)),
        "en": Units(LatinNoun("riyal", "riyals"), LatinNoun("halala", "halalas")),
    },
    "AED": {
        "ar": Units(_AR_DIRHAM, _ar("فلس", "فلسان", "فلوس", "فلسًا")),
        "fr": Units(LatinNoun("dirham", "dirhams"), LatinNoun("fils", "fils")),
        "en": Units(LatinNoun("dirham", "dirhams"), LatinNoun("fils", "fils")),
    },
    "EUR": {
        "ar": Units(_AR_EURO, _AR_CENT),
        "fr": Units(LatinNoun("euro", "euros"), LatinNoun("centime", "centimes")),
        "en": Units(LatinNoun("euro", "euros"), LatinNoun("cent", "cents")),
    },
    "USD": {
        "ar": Units(_ar("دولار", "دولاران", "دولارات", "دولارًا"), _AR_CENT),
        "fr": Units(LatinNoun("dollar", "dollars"), LatinNoun("cent", "cents")),
        "en": Units(LatinNoun("dollar", "dollars"), LatinNoun("cent", "cents")),
    },
}

# Arabic scale words are counted like masculine nouns ("ثلاثة آلاف", "أحد عشر ألفًا"); one of
# them alone needs no number word ("ألف", not "ألف واحد").
AR_SCALES: tuple[ArabicNoun, ...] = (
    _ar("ألف", "ألفان", "آلاف", "ألفًا"),
    _ar("مليون", "مليونان", "ملايين", "مليونًا"),
    _ar("مليار", "ملياران", "مليارات", "مليارًا"),
    _ar("تريليون", "تريليونان", "تريليونات", "تريليونًا"),
    _ar("كوادريليون", "كوادريليونان", "كوادريليونات", "كوادريليونًا"),
)
