"""Unit names for writing amounts in words, per currency and language, with their grammar.

Why our own table instead of CLDR's: CLDR (through Babel) has no subunit names at all (centime,
millime, qirsh, halala, fils), and its main-unit names carry the nationality adjective
("درهم مغربي", "dirhams marocains") that a Moroccan or Egyptian receipt does not write.
Which form follows which number is decided in ``amount_words`` (Arabic by its own rule, French
by CLDR's plural rules). Every currency the donation form offers (``COMMON_CURRENCIES`` in
``ui/widgets/fields.py``) is here; others are still written, with Babel's names (see
``amount_words._fallback``).

The subunit's size is not stored: it is ``10 ** currency_decimals(code)`` (100, or 1000 for TND,
KWD and JOD).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ArabicNoun:
    """The forms an Arabic counted noun takes, named after CLDR's plural categories.

    All four are needed because Arabic counts with three cases and two numbers, and a noun with
    an adjective keeps it in agreement ("دولار كندي", "دولاران كنديان", "دولارات كندية").

    ``one``: singular, used after 1 ("درهم واحد") and as the genitive after 100, 1000 … ("مائة
    درهم"); ``two``: the dual, which stands alone for 2 ("درهمان") — ``None`` when unknown;
    ``few``: the plural after 3–10 ("ثلاثة دراهم"); ``many``: the accusative singular after 11–99
    ("خمسة عشر درهمًا"). ``feminine`` sets the gender of the numbers: 1, 2, 11, 12 agree ("هللة
    واحدة", "إحدى عشرة هللةً"), 3–10 take the opposite one ("ثلاث هللات").
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
    """The main unit and the subunit (1/100 or 1/1000 of it) of one currency in one language.

    ``minor`` is None for a currency whose subunit is not in use (the Lebanese piastre, the CFA
    centime, the ouguiya's khoums, which is a fifth): a fraction, if any, is written in digits.
    """

    major: ArabicNoun | LatinNoun
    minor: ArabicNoun | LatinNoun | None


def _ar(one: str, two: str, few: str, many: str, *, feminine: bool = False) -> ArabicNoun:
    return ArabicNoun(one, two, few, many, feminine)


def _units(major: ArabicNoun | LatinNoun, minor: ArabicNoun | LatinNoun | None = None) -> Units:
    return Units(major, minor)


def _latin(one: str, other: str | None = None, *, feminine: bool = False) -> LatinNoun:
    return LatinNoun(one, other or one + "s", feminine)


# Masculine: درهم دينار ريال جنيه دولار فرنك يورو، سنتيم سنت فلس قرش مليم بنس؛ feminine: ليرة
# أوقية هللة. A noun with its adjective keeps the adjective in agreement in every form; the plural
# of a thing takes a feminine singular adjective ("دولارات كندية").
_AR_DIRHAM = _ar("درهم", "درهمان", "دراهم", "درهمًا")
_AR_DINAR = _ar("دينار", "ديناران", "دنانير", "دينارًا")
_AR_RIYAL = _ar("ريال", "ريالان", "ريالات", "ريالًا")
_AR_CENTIME = _ar("سنتيم", "سنتيمان", "سنتيمات", "سنتيمًا")
_AR_CENT = _ar("سنت", "سنتان", "سنتات", "سنتًا")
_AR_FILS = _ar("فلس", "فلسان", "فلوس", "فلسًا")

# "يورو" does not decline: "ثلاثة يورو", "خمسة عشر يورو"; its dual "يوروان" is what is said for 2
# ("اثنان يورو" would put a number word where Arabic uses the dual alone).
_AR_EURO = _ar("يورو", "يوروان", "يورو", "يورو")

_FR_DIRHAM = _latin("dirham")
_FR_DINAR = _latin("dinar")
_FR_RIYAL = _latin("riyal")
_FILS = _latin("fils", "fils")
_CENT = _latin("cent")
_CENTIME = _latin("centime")

# A country's own currency is named as its receipts name it, without the nationality ("درهم",
# "جنيه", "ليرة"); French and English add it where the bare word means another currency
# (livre, pound), and Arabic where the word is another country's (جنيه, دولار, فرنك).
CURRENCY_UNITS: dict[str, dict[str, Units]] = {
    "MAD": {
        "ar": _units(_AR_DIRHAM, _AR_CENTIME),
        "fr": _units(_FR_DIRHAM, _CENTIME),
        "en": _units(_FR_DIRHAM, _CENTIME),
    },
    "DZD": {
        "ar": _units(_AR_DINAR, _AR_CENTIME),
        "fr": _units(_FR_DINAR, _CENTIME),
        "en": _units(_FR_DINAR, _CENTIME),
    },
    "TND": {
        "ar": _units(_AR_DINAR, _ar("مليم", "مليمان", "مليمات", "مليمًا")),
        "fr": _units(_FR_DINAR, _latin("millime")),
        "en": _units(_FR_DINAR, _latin("millime")),
    },
    "EGP": {
        "ar": _units(_ar("جنيه", "جنيهان", "جنيهات", "جنيهًا"), _ar("قرش", "قرشان", "قروش", "قرشًا")),
        "fr": _units(
            _latin("livre égyptienne", "livres égyptiennes", feminine=True),
            _latin("piastre", feminine=True),
        ),
        "en": _units(_latin("Egyptian pound"), _latin("piastre")),
    },
    "SAR": {
        "ar": _units(_AR_RIYAL, _ar("هللة", "هللتان", "هللات", "هللةً", feminine=True)),
        # French follows the Arabic gender of the loanword: "une halala".
        "fr": _units(_FR_RIYAL, _latin("halala", feminine=True)),
        "en": _units(_FR_RIYAL, _latin("halala")),
    },
    "AED": {
        "ar": _units(_AR_DIRHAM, _AR_FILS),
        "fr": _units(_FR_DIRHAM, _FILS),
        "en": _units(_FR_DIRHAM, _FILS),
    },
    # The Qatari riyal is divided into 100 dirhams.
    "QAR": {
        "ar": _units(_AR_RIYAL, _AR_DIRHAM),
        "fr": _units(_FR_RIYAL, _FR_DIRHAM),
        "en": _units(_FR_RIYAL, _FR_DIRHAM),
    },
    # Kuwaiti and Jordanian dinars: three decimals, 1000 fils.
    "KWD": {
        "ar": _units(_AR_DINAR, _AR_FILS),
        "fr": _units(_FR_DINAR, _FILS),
        "en": _units(_FR_DINAR, _FILS),
    },
    "JOD": {
        "ar": _units(_AR_DINAR, _AR_FILS),
        "fr": _units(_FR_DINAR, _FILS),
        "en": _units(_FR_DINAR, _FILS),
    },
    # No decimals in CLDR: the piastre is no longer in use.
    "LBP": {
        "ar": _units(_ar("ليرة", "ليرتان", "ليرات", "ليرةً", feminine=True)),
        "fr": _units(_latin("livre libanaise", "livres libanaises", feminine=True)),
        "en": _units(_latin("Lebanese pound")),
    },
    # The khoums is a fifth of an ouguiya, so a CLDR hundredth has no name: digits.
    "MRU": {
        "ar": _units(_ar("أوقية", "أوقيتان", "أوقيات", "أوقيةً", feminine=True)),
        "fr": _units(_latin("ouguiya", feminine=True)),
        "en": _units(_latin("ouguiya")),
    },
    "XOF": {
        "ar": _units(_ar("فرنك إفريقي", "فرنكان إفريقيان", "فرنكات إفريقية", "فرنكًا إفريقيًا")),
        "fr": _units(_latin("franc CFA", "francs CFA")),
        "en": _units(_latin("CFA franc")),
    },
    "EUR": {
        "ar": _units(_AR_EURO, _AR_CENT),
        "fr": _units(_latin("euro"), _CENTIME),
        "en": _units(_latin("euro"), _CENT),
    },
    "USD": {
        "ar": _units(_ar("دولار", "دولاران", "دولارات", "دولارًا"), _AR_CENT),
        "fr": _units(_latin("dollar"), _CENT),
        "en": _units(_latin("dollar"), _CENT),
    },
    "GBP": {
        "ar": _units(
            _ar("جنيه إسترليني", "جنيهان إسترلينيان", "جنيهات إسترلينية", "جنيهًا إسترلينيًا"),
            _ar("بنس", "بنسان", "بنسات", "بنسًا"),
        ),
        "fr": _units(
            _latin("livre sterling", "livres sterling", feminine=True), _latin("penny", "pence")
        ),
        "en": _units(_latin("pound sterling", "pounds sterling"), _latin("penny", "pence")),
    },
    "CAD": {
        "ar": _units(
            _ar("دولار كندي", "دولاران كنديان", "دولارات كندية", "دولارًا كنديًا"), _AR_CENT
        ),
        "fr": _units(_latin("dollar canadien", "dollars canadiens"), _CENT),
        "en": _units(_latin("Canadian dollar"), _CENT),
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
