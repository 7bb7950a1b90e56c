"""The counted nouns, written by hand in each language and each form a count asks for.

Arabic morphology (broken plurals, duals of an idafa such as «جهتا اتصال», the accusative
tanween) cannot be generated reliably, so every form is spelled out here and read by a native
reader once. Adding a noun means adding one row per language; plurals.py does the choosing.

Arabic columns, named after the CLDR category that uses them:
    one, one_acc   «متطوع واحد» / «متطوعًا واحدًا»: the number in words, agreeing in gender and case
                   (the genitive is written as the nominative once vowels are left out)
    two, two_obl   «متطوعان» / «متطوعَيْن»: the dual alone means two. The oblique dual of a noun
                   whose sound plural ends in «ين» carries its vowels, so it cannot be read as the
                   plural «متطوعين»
    few            genitive plural after 3–10 (and 103–110 …): «5 متطوعين»
    many           accusative singular after 11–99: «25 متطوعًا», «11 ساعة»
    other          genitive singular after 100, 1000 … and 0: «100 متطوع»
    label          plural heading for a card under a big number: «متطوعون»
    singular       the bare noun (one, nominative), «متطوع»
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ArabicNoun:
    gender: str  # "m" or "f": what «واحد/واحدة» agree with
    singular: str
    one: str
    one_acc: str
    two: str
    two_obl: str
    few: str
    many: str
    other: str
    label: str


@dataclass(frozen=True)
class FrenchNoun:
    gender: str  # "m" → «un», "f" → «une»
    singular: str
    plural: str
    elides: bool = False  # «d’heures» rather than «de heures» (1 000 000 d’heures)


@dataclass(frozen=True)
class EnglishNoun:
    singular: str
    plural: str


def _ar(gender: str, *forms: str) -> ArabicNoun:
    return ArabicNoun(gender, *forms)


# singular, one, one_acc, two, two_obl, few, many, other, label
ARABIC: dict[str, ArabicNoun] = {
    "volunteer": _ar(
        "m", "متطوع", "متطوع واحد", "متطوعًا واحدًا", "متطوعان", "متطوعَيْن",
        "متطوعين", "متطوعًا", "متطوع", "متطوعون",
    ),
    "beneficiary": _ar(
        "m", "مستفيد", "مستفيد واحد", "مستفيدًا واحدًا", "مستفيدان", "مستفيدَيْن",
        "مستفيدين", "مستفيدًا", "مستفيد", "مستفيدون",
    ),
    "hour": _ar(
        "f", "ساعة", "ساعة واحدة", "ساعة واحدة", "ساعتان", "ساعتين",
        "ساعات", "ساعة", "ساعة", "ساعات",
    ),
    "activity": _ar(
        "m", "نشاط", "نشاط واحد", "نشاطًا واحدًا", "نشاطان", "نشاطين",
        "أنشطة", "نشاطًا", "نشاط", "أنشطة",
    ),
    # An action in French posts; the same «نشاط» in Arabic.
    "action": _ar(
        "m", "نشاط", "نشاط واحد", "نشاطًا واحدًا", "نشاطان", "نشاطين",
        "أنشطة", "نشاطًا", "نشاط", "أنشطة",
    ),
    # Posts thank donors as «المحسنين»; the UI's «متبرع» stays in the catalogs.
    "donor": _ar(
        "m", "محسن", "محسن واحد", "محسنًا واحدًا", "محسنان", "محسنَيْن",
        "محسنين", "محسنًا", "محسن", "محسنون",
    ),
    "donation": _ar(
        "m", "تبرع", "تبرع واحد", "تبرعًا واحدًا", "تبرعان", "تبرعين",
        "تبرعات", "تبرعًا", "تبرع", "تبرعات",
    ),
    "member": _ar(
        "m", "منخرط", "منخرط واحد", "منخرطًا واحدًا", "منخرطان", "منخرطَيْن",
        "منخرطين", "منخرطًا", "منخرط", "منخرطون",
    ),
    "person": _ar(
        "m", "شخص", "شخص واحد", "شخصًا واحدًا", "شخصان", "شخصين",
        "أشخاص", "شخصًا", "شخص", "أشخاص",
    ),
    "campaign": _ar(
        "f", "حملة", "حملة واحدة", "حملة واحدة", "حملتان", "حملتين",
        "حملات", "حملة", "حملة", "حملات",
    ),
    "photo": _ar(
        "f", "صورة", "صورة واحدة", "صورة واحدة", "صورتان", "صورتين",
        "صور", "صورة", "صورة", "صور",
    ),
    "year": _ar(
        "f", "سنة", "سنة واحدة", "سنة واحدة", "سنتان", "سنتين",
        "سنوات", "سنة", "سنة", "سنوات",
    ),
    "day": _ar(
        "m", "يوم", "يوم واحد", "يومًا واحدًا", "يومان", "يومين",
        "أيام", "يومًا", "يوم", "أيام",
    ),
    "contact": _ar(
        "f", "جهة اتصال", "جهة اتصال واحدة", "جهة اتصال واحدة", "جهتا اتصال", "جهتي اتصال",
        "جهات اتصال", "جهة اتصال", "جهة اتصال", "جهات الاتصال",
    ),
    "row": _ar(
        "m", "سطر", "سطر واحد", "سطرًا واحدًا", "سطران", "سطرين",
        "أسطر", "سطرًا", "سطر", "أسطر",
    ),
    "receipt": _ar(
        "m", "وصل", "وصل واحد", "وصلًا واحدًا", "وصلان", "وصلين",
        "وصولات", "وصلًا", "وصل", "وصولات",
    ),
    "partner": _ar(
        "m", "شريك", "شريك واحد", "شريكًا واحدًا", "شريكان", "شريكين",
        "شركاء", "شريكًا", "شريك", "شركاء",
    ),
    "family": _ar(
        "f", "أسرة", "أسرة واحدة", "أسرة واحدة", "أسرتان", "أسرتين",
        "أسر", "أسرة", "أسرة", "أسر",
    ),
    "child": _ar(
        "m", "طفل", "طفل واحد", "طفلًا واحدًا", "طفلان", "طفلين",
        "أطفال", "طفلًا", "طفل", "أطفال",
    ),
}  # fmt: skip

FRENCH: dict[str, FrenchNoun] = {
    "volunteer": FrenchNoun("m", "bénévole", "bénévoles"),
    "beneficiary": FrenchNoun("m", "bénéficiaire", "bénéficiaires"),
    "hour": FrenchNoun("f", "heure", "heures", elides=True),
    "activity": FrenchNoun("f", "activité", "activités", elides=True),
    "action": FrenchNoun("f", "action", "actions", elides=True),
    "donor": FrenchNoun("m", "donateur", "donateurs"),
    "donation": FrenchNoun("m", "don", "dons"),
    "member": FrenchNoun("m", "adhérent", "adhérents", elides=True),
    "person": FrenchNoun("f", "personne", "personnes"),
    "campaign": FrenchNoun("f", "campagne", "campagnes"),
    "photo": FrenchNoun("f", "photo", "photos"),
    "year": FrenchNoun("m", "an", "ans", elides=True),
    "day": FrenchNoun("m", "jour", "jours"),
    "contact": FrenchNoun("m", "contact", "contacts"),
    "row": FrenchNoun("f", "ligne", "lignes"),
    "receipt": FrenchNoun("m", "reçu", "reçus"),
    "partner": FrenchNoun("m", "partenaire", "partenaires"),
    "family": FrenchNoun("f", "famille", "familles"),
    "child": FrenchNoun("m", "enfant", "enfants", elides=True),
}

ENGLISH: dict[str, EnglishNoun] = {
    "volunteer": EnglishNoun("volunteer", "volunteers"),
    "beneficiary": EnglishNoun("beneficiary", "beneficiaries"),
    "hour": EnglishNoun("hour", "hours"),
    "activity": EnglishNoun("activity", "activities"),
    "action": EnglishNoun("action", "actions"),
    "donor": EnglishNoun("donor", "donors"),
    "donation": EnglishNoun("donation", "donations"),
    "member": EnglishNoun("member", "members"),
    "person": EnglishNoun("person", "people"),
    "campaign": EnglishNoun("campaign", "campaigns"),
    "photo": EnglishNoun("photo", "photos"),
    "year": EnglishNoun("year", "years"),
    "day": EnglishNoun("day", "days"),
    "contact": EnglishNoun("contact", "contacts"),
    "row": EnglishNoun("row", "rows"),
    "receipt": EnglishNoun("receipt", "receipts"),
    "partner": EnglishNoun("partner", "partners"),
    "family": EnglishNoun("family", "families"),
    "child": EnglishNoun("child", "children"),
}

NOUNS: frozenset[str] = frozenset(ENGLISH)
