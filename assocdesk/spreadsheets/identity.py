"""Reading a contact's title and identity document from a file (issue 16).

Titles as people type them ("M.", "Mme", "Mrs", «السيدة», "F" …) become Contact.gender; kinds of
document by code or by their name in any language; a kind written before the number ("CIN:
BK123456") or named by the column's header ("CIN", «رقم جواز السفر») is recognized.
"""

from __future__ import annotations

import re

from assocdesk.i18n import _
from assocdesk.spreadsheets.values import ValueProblem, cell_text
from assocdesk.text.clean import clean_single_line
from assocdesk.text.normalize import normalize_for_search

# Titles as files write them, for Contact.gender (normalized as search does: case, accents,
# dots, hamza). «اللقب» is not among the headers: in the Maghreb it is the family name.
_MALE_TITLES = {"m", "mr", "mister", "monsieur", "homme", "h", "male", "man", "السيد", "سيد", "ذكر"}
_FEMALE_TITLES = {
    "mme", "mrs", "ms", "miss", "mlle", "madame", "mademoiselle", "femme", "f", "female",
    "woman", "السيدة", "سيدة", "الانسة", "انسة", "انثى",
}  # fmt: skip
_GENDER_WORDS = {
    **{normalize_for_search(word): "male" for word in _MALE_TITLES},
    **{normalize_for_search(word): "female" for word in _FEMALE_TITLES},
}


def parse_gender(value: object) -> str | None:
    """ "M.", "Mme", "Mr", "Mrs", «السيد», «السيدة», "H"/"F" … → "male" / "female"; blank → None."""
    key = normalize_for_search(clean_single_line(cell_text(value)))
    if not key:
        return None
    if key in _GENDER_WORDS:
        return _GENDER_WORDS[key]
    raise ValueProblem(_("Write M. or Mme (Mr, Mrs, السيد, السيدة)."))


def _id_kind_names() -> dict[str, str]:
    """Every way a kind of document is named: its code, and its label in each language."""
    from assocdesk.i18n import LANGUAGES, translate_in
    from assocdesk.services.contacts import ID_KINDS

    names: dict[str, str] = {}
    for code, label in ID_KINDS.items():
        names[normalize_for_search(code)] = code
        for language in LANGUAGES:
            names[normalize_for_search(translate_in(language, label))] = code
    names.update({normalize_for_search(w): c for w, c in _HEADER_KINDS if len(w.split()) == 1})
    return names


# Words in a header or before a number that say which document it is from.
_HEADER_KINDS = (
    ("cin", "CIN"), ("ice", "ICE"), ("nif", "NIF"), ("nin", "NIN"), ("siren", "SIREN"),
    ("rna", "RNA"), ("rc", "RC"), ("if", "IF"), ("passport", "passport"),
    ("passeport", "passport"), ("جواز", "passport"), ("iqama", "iqama"), ("الاقامة", "iqama"),
    ("البطاقة الوطنية", "CIN"), ("بطاقة التعريف", "CIN"), ("القومي", "national_id"),
    ("الهوية الوطنية", "national_id"), ("matricule fiscal", "MF"),
)  # fmt: skip


def parse_id_kind(value: object) -> str:
    """A kind of document as a file names it ("CIN", "Passeport", «جواز السفر») → its code."""
    key = normalize_for_search(clean_single_line(cell_text(value)))
    if not key:
        return ""
    names = _id_kind_names()
    if key in names:
        return names[key]
    found = id_kind_in(key)
    if found:
        return found
    raise ValueProblem(_("Unknown kind of document: write CIN, ICE, NIF, SIREN, passport …"))


def id_kind_in(text: str) -> str:
    """The kind of document a header or a prefix names ("N° CIN" → "CIN"), or ""."""
    words = f" {normalize_for_search(text)} "
    for name, code in _HEADER_KINDS:
        if f" {normalize_for_search(name)} " in words:
            return code
    return ""


# "CIN: BK123456", "ICE 0015…", "N° SIREN - 552…" : a kind's code, a separator, then a number.
_KIND_PREFIX = re.compile(r"^(?:N\s*°\s*)?([A-Za-z]{2,5})(?:\s*[:°.\-]\s*|\s+)(?=\S*\d)")


def split_identifier(text: str) -> tuple[str, str]:
    """ "CIN: BK123456" → ("CIN", "BK123456"); "BK123456" → ("", "BK123456")."""
    text = clean_single_line(text)
    match = _KIND_PREFIX.match(text)
    if match:
        kind = id_kind_in(match.group(1))
        if kind:
            return kind, text[match.end() :].strip()
    return "", text
