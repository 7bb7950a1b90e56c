"""The association's profile: set up at first run, edited in Settings."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from assocdesk.i18n import LANGUAGES, _
from assocdesk.models import AssociationProfile
from assocdesk.services.activities import normalize_hashtags
from assocdesk.services.audit import record_event, snapshot
from assocdesk.services.common import currency_field, email_field, text_field
from assocdesk.services.errors import Errors

PAPER_SIZES = ("A4", "A5")


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

    @classmethod
    def from_profile(cls, profile: AssociationProfile) -> ProfileInput:
        return cls(**{f.name: getattr(profile, f.name) for f in fields(cls)})


def get(session: Session) -> AssociationProfile | None:
    """The profile, or None before the first-run set-up."""
    return session.scalar(select(AssociationProfile).order_by(AssociationProfile.id).limit(1))


def is_configured(session: Session) -> bool:
    profile = get(session)
    return profile is not None and bool(profile.name_in("ar"))


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
    errors.raise_if_any()
    return values


def save(session: Session, data: ProfileInput) -> AssociationProfile:
    """Create the profile at first run, or update it."""
    values = _validated(data)
    profile = get(session)
    before = snapshot(profile) if profile else None
    if profile is None:
        profile = AssociationProfile()
        session.add(profile)
    for key, value in values.items():
        setattr(profile, key, value)
    record_event(session, "update" if before else "create", profile, before)
    return profile
