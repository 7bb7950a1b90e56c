"""The association's profile: set up at first run, edited in Settings."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from assocdesk.i18n import LANGUAGES, N_, _
from assocdesk.models import AssociationProfile
from assocdesk.services import conflicts
from assocdesk.services.activities import normalize_hashtags
from assocdesk.services.audit import record_event, snapshot
from assocdesk.services.common import currency_field, email_field, text_field
from assocdesk.services.errors import Errors
from assocdesk.services.identifiers import (
    GENDERS,
    ID_KINDS,
    ID_KINDS_BY_COUNTRY,
    PERSON_ID_KINDS,
    id_kind_label,
    id_kinds_for,
)
from assocdesk.services.profile_basics import ProfileBasics, basics, is_configured

PAPER_SIZES = ("A4", "A5")

# The association's legal status, as a receipt states it after the name: code (stored in
# AssociationProfile.legal_status) → label, a phrase that reads on a document as it is. Its
# particulars (decree, licence or registration number and date) are in legal_status_detail.
LEGAL_STATUSES: dict[str, str] = {
    "": N_("Legal status not stated"),
    "declared": N_("Declared association"),
    "public_utility": N_("Association recognized as being of public utility"),
    "general_interest": N_("Association of general interest"),
    "ncnp_licensed": N_(
        "Association licensed by the National Center for the Development of the Non-Profit Sector"
    ),
    "mss_registered": N_("Association registered with the Ministry of Social Solidarity"),
}
# Statuses that exist in one country's law only (the form names the country beside them).
LEGAL_STATUS_COUNTRY = {"general_interest": "FR", "ncnp_licensed": "SA", "mss_registered": "EG"}

ARABIC_DIGITS = ("latin", "arabic-indic")
# Egypt, Saudi Arabia and the Gulf write ١٢٣ in Arabic; the Maghreb writes 123.
ARABIC_INDIC_COUNTRIES = frozenset({"EG", "SA", "AE", "QA", "KW", "BH", "OM"})

__all__ = [  # the identifier lists live with the contacts (their validation), shown here too
    "ARABIC_DIGITS",
    "ARABIC_INDIC_COUNTRIES",
    "ID_KINDS",
    "ID_KINDS_BY_COUNTRY",
    "LEGAL_STATUSES",
    "LEGAL_STATUS_COUNTRY",
    "PAPER_SIZES",
    "PERSON_ID_KINDS",
    "ProfileDetails",
    "ProfileInput",
    "default_arabic_digits",
    "details",
    "get",
    "id_kind_label",
    "id_kinds_for",
    "is_configured",
    "legal_status_label",
    "save",
]


def default_arabic_digits(country: str | None) -> str:
    """ "arabic-indic" for Egypt, Saudi Arabia and the Gulf, "latin" elsewhere."""
    return "arabic-indic" if (country or "").upper() in ARABIC_INDIC_COUNTRIES else "latin"


def legal_status_label(code: str) -> str:
    """The translated legal status; an unknown code is shown as stored."""
    return _(LEGAL_STATUSES[code]) if code in LEGAL_STATUSES else code


@dataclass
class ProfileInput:
    name_ar: str = ""
    name_fr: str = ""
    name_en: str = ""
    address: str = ""
    city: str = ""
    country: str = ""
    registration_number: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    logo_path: str = ""
    default_currency: str = "MAD"
    default_language: str = "ar"
    fiscal_year_start_month: int = 1
    receipt_prefix: str = "R"
    hashtags: str = ""
    receipt_paper: str = "A4"
    document_font: str = ""
    treasurer_name: str = ""
    president_name: str = ""
    president_gender: str | None = None  # "female", "male" or None (unknown)
    treasurer_gender: str | None = None
    legal_status: str = ""  # a code of LEGAL_STATUSES
    legal_status_detail: str = ""  # "Décret n° 2-13-456 du 12 juin 2013"
    tax_identifiers: str = ""  # one per line: "ICE 001234567000089\nIF 12345678"
    purpose: str = ""
    tax_receipts: bool = False  # France: receipts are reçus fiscaux
    # "latin" or "arabic-indic"; None: the country's (default_arabic_digits), also when the
    # country changes later and the digits were left at the old country's default.
    arabic_digits: str | None = None
    # The profile's version Settings opened on (None: the first run, or no form): a save over a
    # profile another desk changed meanwhile is refused (services.conflicts).
    version: int | None = None

    @classmethod
    def from_profile(cls, profile: AssociationProfile) -> ProfileInput:
        return cls(**{f.name: getattr(profile, f.name) for f in fields(cls)})


@dataclass(frozen=True)
class ProfileDetails:
    """The profile as the UI reads it: ``values`` is what Settings edits and sends back."""

    id: int
    values: ProfileInput

    def name_in(self, language: str) -> str:
        """The name in ``language``, falling back to any name the association has."""
        names = {"ar": self.values.name_ar, "fr": self.values.name_fr, "en": self.values.name_en}
        return names.get(language) or self.values.name_ar or self.values.name_fr or names["en"]


def details(session: Session) -> ProfileDetails | None:
    """The profile's values, or None before the first-run set-up."""
    profile = get(session)
    return (
        None if profile is None else ProfileDetails(profile.id, ProfileInput.from_profile(profile))
    )


def get(session: Session) -> AssociationProfile | None:
    """The profile, or None before the first-run set-up."""
    return session.scalar(select(AssociationProfile).order_by(AssociationProfile.id).limit(1))


# Re-exported: what the window reads before its first page, without the ORM classes.
__all__ = ["ProfileBasics", "basics", "is_configured"]


def _is_font_file(path: str) -> bool:
    try:
        return Path(path).is_file() and Path(path).suffix.lower() in (".ttf", ".otf")
    except (OSError, ValueError):  # a name too long for the file system, a NUL byte
        return False


def _validated(data: ProfileInput) -> dict[str, object]:
    errors = Errors()
    values: dict[str, object] = {}
    for name in ("name_ar", "name_fr", "name_en"):
        values[name] = text_field(errors, name, getattr(data, name), max_length=200)
    if not any(values[name] for name in ("name_ar", "name_fr", "name_en")):
        errors.add("name_ar", _("Give the association's name in at least one language."))
    values["address"] = text_field(errors, "address", data.address, max_length=500, multiline=True)
    values["city"] = text_field(errors, "city", data.city, max_length=100)
    values["country"] = text_field(errors, "country", data.country, max_length=2).upper()
    if values["country"] and not re.fullmatch("[A-Z]{2}", str(values["country"])):
        errors.add("country", _("Use the two-letter country code (MA, DZ, TN …)."))
    values["registration_number"] = text_field(
        errors, "registration_number", data.registration_number, max_length=80
    )
    values["phone"] = text_field(errors, "phone", data.phone, max_length=40)
    values["email"] = email_field(errors, "email", data.email)
    values["website"] = text_field(errors, "website", data.website, max_length=200)
    values["logo_path"] = text_field(errors, "logo_path", data.logo_path, max_length=1000)
    values["default_currency"] = currency_field(errors, "default_currency", data.default_currency)
    if data.default_language not in LANGUAGES:
        errors.add("default_language", _("Unknown language."))
    values["default_language"] = data.default_language
    month = data.fiscal_year_start_month
    if not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= 12:
        errors.add("fiscal_year_start_month", _("Choose a month."))
    values["fiscal_year_start_month"] = month
    prefix = text_field(errors, "receipt_prefix", data.receipt_prefix, max_length=12, required=True)
    if prefix and not prefix.replace("-", "").isalnum():
        errors.add("receipt_prefix", _("Use letters and digits only."))
    values["receipt_prefix"] = prefix
    values["hashtags"] = normalize_hashtags(
        text_field(errors, "hashtags", data.hashtags, max_length=500)
    )
    if data.receipt_paper not in PAPER_SIZES:
        errors.add("receipt_paper", _("Choose A4 or A5."))
    values["receipt_paper"] = data.receipt_paper
    font = text_field(errors, "document_font", data.document_font, max_length=1000)
    if font and not _is_font_file(font):
        errors.add("document_font", _("Choose a font file (.ttf) that exists on this computer."))
    values["document_font"] = font
    values["treasurer_name"] = text_field(
        errors, "treasurer_name", data.treasurer_name, max_length=200
    )
    values["president_name"] = text_field(
        errors, "president_name", data.president_name, max_length=200
    )
    _validate_mentions(data, errors, values)
    errors.raise_if_any()
    return values


def _validate_mentions(data: ProfileInput, errors: Errors, values: dict[str, object]) -> None:
    """The signers' gender and what a tax office asks a receipt to state."""
    for name in ("president_gender", "treasurer_gender"):
        gender = getattr(data, name)
        if gender not in (None, "", *GENDERS):
            errors.add(name, _("Choose Mr, Mrs or no title."))
        values[name] = gender or None
    if data.legal_status not in LEGAL_STATUSES:
        errors.add("legal_status", _("Choose a legal status from the list."))
    values["legal_status"] = data.legal_status
    values["legal_status_detail"] = text_field(
        errors, "legal_status_detail", data.legal_status_detail, max_length=300
    )
    identifiers = text_field(
        errors, "tax_identifiers", data.tax_identifiers, max_length=500, multiline=True
    )
    values["tax_identifiers"] = "\n".join(line for line in identifiers.split("\n") if line)
    values["purpose"] = text_field(errors, "purpose", data.purpose, max_length=1000, multiline=True)
    values["tax_receipts"] = bool(data.tax_receipts)
    if data.arabic_digits not in (None, *ARABIC_DIGITS):
        errors.add("arabic_digits", _("Choose Latin or Arabic-Indic digits."))
    values["arabic_digits"] = data.arabic_digits


def save(session: Session, data: ProfileInput) -> AssociationProfile:
    """Create the profile at first run, or update it."""
    profile = get(session)
    if profile is not None:
        conflicts.check_version(session, profile, data.version, "association_profile")
    values = _validated(data)
    values["arabic_digits"] = _digits(profile, values)
    before = snapshot(profile) if profile else None
    if profile is None:
        profile = AssociationProfile()
        session.add(profile)
    for key, value in values.items():
        setattr(profile, key, value)
    record_event(session, "update" if before else "create", profile, before)
    return profile


def _digits(profile: AssociationProfile | None, values: dict[str, object]) -> str:
    """The digits to store: the country's default unless the user chose otherwise.

    Nothing records whether a value was chosen, so digits still at the old country's default
    when the country changes are taken as never chosen and follow the new country.
    """
    given, country = values["arabic_digits"], str(values["country"])
    if given is None:
        return default_arabic_digits(country)
    if (
        profile is not None
        and profile.country != country
        and given == profile.arabic_digits == default_arabic_digits(profile.country)
    ):
        return default_arabic_digits(country)
    return str(given)
