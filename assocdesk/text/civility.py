"""How documents address a person and name a signer, agreeing with the person's gender.

Written by hand per language (like amount_words), not through the UI catalogs: a receipt in
French printed from an Arabic screen must say "Mme", whatever the interface speaks.

``gender`` is what Contact.gender and AssociationProfile.*_gender store: "female", "male" or
None (unknown). Unknown never guesses:

- a civility is left out ("" — "Mme Fatima" or "Fatima", never "M. Fatima");
- a signer's title takes the wording that fits anyone:
  French: "Le/La président(e)", the parenthesized form the French State's own forms use
  ("Je soussigné(e)" on every Cerfa), which a French reader accepts on a legal document;
  "Présidence" or "Trésorerie" would name an office (la Trésorerie is also the Treasury), not
  the person who signs.
  Arabic: the masculine title, the generic name of the office in Arabic legal and
  administrative writing (the law on associations says «الرئيس» of whoever holds the post);
  «عن الرئاسة» means "on behalf of the presidency", a signature by delegation, which would
  misstate who signed.
  English titles have no gender.

``language`` may be a language ("fr") or a locale ("fr_MA", "ar-EG"); anything else reads as
English.
"""

from __future__ import annotations

FEMALE, MALE = "female", "male"
GENDERS = (FEMALE, MALE)
ROLES = ("president", "treasurer", "secretary")

_CIVILITY: dict[str, dict[str, str]] = {
    "ar": {MALE: "السيد", FEMALE: "السيدة"},
    "fr": {MALE: "M.", FEMALE: "Mme"},
    "en": {MALE: "Mr", FEMALE: "Mrs"},
}

# role → (male, female, unknown) per language.
_TITLES: dict[str, dict[str, tuple[str, str, str]]] = {
    "ar": {
        "president": ("الرئيس", "الرئيسة", "الرئيس"),
        "treasurer": ("أمين المال", "أمينة المال", "أمين المال"),
        "secretary": ("الكاتب العام", "الكاتبة العامة", "الكاتب العام"),
    },
    "fr": {
        "president": ("Le président", "La présidente", "Le/La président(e)"),
        "treasurer": ("Le trésorier", "La trésorière", "Le/La trésorier(ère)"),
        "secretary": (
            "Le secrétaire général",
            "La secrétaire générale",
            "Le/La secrétaire général(e)",
        ),
    },
    "en": {
        "president": ("President", "President", "President"),
        "treasurer": ("Treasurer", "Treasurer", "Treasurer"),
        "secretary": ("Secretary", "Secretary", "Secretary"),
    },
}


def base_language(language: str | None) -> str:
    """ "fr_MA" → "fr"; a language the documents do not write → "en"."""
    code = (language or "").replace("-", "_").split("_")[0].lower()
    return code if code in _CIVILITY else "en"


def civility(gender: str | None, language: str | None) -> str:
    """«السيدة», "Mme", "Mrs" …; "" when the gender is unknown (no title beats a wrong one)."""
    return _CIVILITY[base_language(language)].get(gender or "", "")


def with_civility(name: str, gender: str | None, language: str | None) -> str:
    """ "Mme Fatima Zahra El Idrissi", «السيد أحمد بنعلي»; the bare name when unknown."""
    title = civility(gender, language)
    return f"{title} {name}" if title and name else name


def signer_title(role: str, gender: str | None, language: str | None) -> str:
    """The title a signer signs under: «الرئيسة», "Le trésorier", "Le/La président(e)" …

    Raises ValueError for a role outside ROLES (a programming slip, not a user's).
    """
    titles = _TITLES[base_language(language)]
    if role not in titles:
        raise ValueError(f"Unknown signer role {role!r}; expected one of {ROLES}.")
    male, female, neutral = titles[role]
    return {MALE: male, FEMALE: female}.get(gender or "", neutral)
