"""The association as a document names it: its name, address, contacts, signers and the
legal mentions a receipt states, in the document's language.

Apart from the page machinery (assocdesk.reports.layout) because it is read from the
profile, not drawn: the letterhead's drawing (``LogoAndName``) stays with the layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assocdesk.i18n import translate_in
from assocdesk.models import AssociationProfile
from assocdesk.reports.bidi_text import keep_ltr
from assocdesk.text.locales import arabic_commas

SEPARATOR = " — "


@dataclass(frozen=True)
class Letterhead:
    """The association as a document shows it, in the document's language.

    ``mentions`` are what a receipt states about the association besides its address: its
    legal status with its particulars (decree, licence) and its tax identifiers, one a line.
    The signers' genders make their titles agree (:meth:`Setup.signer`).
    """

    name: str
    address_lines: tuple[str, ...]
    registration: str
    contact_line: str
    logo: Path | None
    city: str
    treasurer: str
    president: str = ""
    treasurer_gender: str | None = None
    president_gender: str | None = None
    mentions: tuple[str, ...] = ()

    @classmethod
    def of(cls, profile: AssociationProfile | None, language: str) -> Letterhead:
        if profile is None:
            return cls("", (), "", "", None, "", "")
        t = lambda s: translate_in(language, s)  # noqa: E731
        contacts = [keep_ltr(v) for v in (profile.phone, profile.email, profile.website) if v]
        logo = Path(profile.logo_path) if profile.logo_path else None
        address = [line.strip() for line in profile.address.split("\n") if line.strip()]
        if profile.city:
            address.append(profile.city)
        # «زنقة 33 رقم 22، المحمدية», not a Latin comma (only commas inside Arabic wording).
        address = [arabic_commas(line) for line in address]
        registration = (
            t("Registration no. {number}").format(number=keep_ltr(profile.registration_number))
            if profile.registration_number
            else ""
        )
        return cls(
            profile.name_in(language),
            tuple(address),
            registration,
            " · ".join(contacts),
            logo if logo and logo.is_file() else None,
            profile.city,
            profile.treasurer_name,
            profile.president_name,
            profile.treasurer_gender,
            profile.president_gender,
            _mentions(profile, language),
        )


def _mentions(profile: AssociationProfile, language: str) -> tuple[str, ...]:
    """The legal status («Association reconnue d'utilité publique — décret du …») and the
    tax identifiers as typed in Settings, each fenced so its digits stay as written."""
    from assocdesk.services.association import LEGAL_STATUSES

    lines = []
    status = profile.legal_status or ""
    if status in LEGAL_STATUSES and status:
        label = translate_in(language, LEGAL_STATUSES[status])
        detail = (profile.legal_status_detail or "").strip()
        lines.append(f"{label}{SEPARATOR}{detail}" if detail else label)
    elif (profile.legal_status_detail or "").strip():
        lines.append(profile.legal_status_detail.strip())
    lines += [
        keep_ltr(line.strip())
        for line in (profile.tax_identifiers or "").split("\n")
        if line.strip()
    ]
    return tuple(lines)
