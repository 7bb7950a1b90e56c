"""A contact's title (gender) and identity document: the lists and their validation.

What a receipt may state about a donor (issue 16): "Mme" / «السيدة» from the gender, and an
identifier (CIN, ICE, NIF, SIREN …) whose kinds depend on the country and on whether the
contact is a person or an organization.
"""

from __future__ import annotations

import re

from assocdesk.i18n import N_, _, ngettext
from assocdesk.models import ContactKind
from assocdesk.services.common import text_field
from assocdesk.services.errors import Errors

GENDERS = ("female", "male")

# Identifiers a receipt may state for a donor: code (stored in Contact.id_kind) → label. The
# codes are what the donor's papers print (CIN, ICE …), so they read the same in every language.
ID_KINDS: dict[str, str] = {
    "CIN": N_("National identity card (CIN)"),
    "NIN": N_("National identification number (NIN)"),
    "national_id": N_("National ID number"),
    "iqama": N_("Residence permit (iqama)"),
    "passport": N_("Passport"),
    "ICE": N_("Common company identifier (ICE)"),
    "IF": N_("Tax identifier (IF)"),
    "RC": N_("Commercial register (RC / CR)"),
    "NIF": N_("Tax identification number (NIF)"),
    "MF": N_("Tax registration number (matricule fiscal)"),
    "SIREN": N_("SIREN number"),
    "RNA": N_("Association register number (RNA)"),
    "other": N_("Other document"),
}
PERSON_ID_KINDS = ("CIN", "NIN", "national_id", "iqama", "passport")
# Which identifiers each country uses, persons' first; a country not listed is offered all.
ID_KINDS_BY_COUNTRY: dict[str, tuple[str, ...]] = {
    "MA": ("CIN", "passport", "ICE", "IF", "RC"),
    "DZ": ("NIN", "passport", "NIF", "RC"),
    "TN": ("CIN", "passport", "MF", "RC"),
    "FR": ("passport", "SIREN", "RNA"),
    "EG": ("national_id", "passport", "RC"),
    "SA": ("national_id", "iqama", "passport", "RC"),
}
# Numbers whose shape is fixed by law, checked so a slip is caught before it is printed on a
# receipt: Morocco's ICE has 15 digits, France's SIREN 9 (spaces are allowed between groups).
ID_DIGITS = {"ICE": 15, "SIREN": 9}
ID_NUMBER_MAX = 40


def id_kinds_for(country: str, kind: str = ContactKind.PERSON) -> list[str]:
    """The identifier codes to offer for a contact of ``kind`` in ``country``, "other" last."""
    offered = ID_KINDS_BY_COUNTRY.get((country or "").upper(), tuple(ID_KINDS))
    person = kind == ContactKind.PERSON
    return [code for code in offered if code != "other" and (code in PERSON_ID_KINDS) == person] + [
        "other"
    ]


def id_kind_label(code: str) -> str:
    """The translated name of an identifier code; an unknown code is shown as stored."""
    return _(ID_KINDS[code]) if code in ID_KINDS else code


def gender_field(errors: Errors, name: str, value: object, kind: str) -> str | None:
    """ "female", "male" or None; an organization has none (documents give it no title)."""
    if value in (None, ""):
        return None
    if value not in GENDERS:
        errors.add(name, _("Choose Mr, Mrs or no title."))
        return None
    return str(value) if kind == ContactKind.PERSON else None


def identifier_fields(
    errors: Errors, prefix: str, kind: object, number: str | None
) -> dict[str, str]:
    """The identifier's kind and number. A kind without a number identifies nobody: dropped."""
    name = prefix + "id_number"
    cleaned = text_field(errors, name, number, max_length=ID_NUMBER_MAX)
    if kind not in ("", None, *ID_KINDS):
        errors.add(prefix + "id_kind", _("Choose a kind of document from the list."))
        return {"id_kind": "", "id_number": cleaned}
    if not cleaned:
        return {"id_kind": "", "id_number": ""}
    if not kind:
        errors.add(prefix + "id_kind", _("Choose the kind of document this number is from."))
        return {"id_kind": "", "id_number": cleaned}
    digits = ID_DIGITS.get(str(kind))
    shape = rf"[0-9]{{{digits}}}"
    if digits and not re.fullmatch(shape, cleaned.replace(" ", "")) and name not in errors:
        message = ngettext(
            "A {kind} number has {count} digit.", "A {kind} number has {count} digits.", digits
        )
        errors.add(name, message.format(kind=kind, count=digits))
    return {"id_kind": str(kind), "id_number": cleaned}
