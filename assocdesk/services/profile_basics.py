"""What the window needs of the association's profile before its first page is shown.

Read with one SQL statement and no ORM class: importing the 22 mapped classes (~70 ms) and
configuring them at the first ORM query (~40 ms) is left to the Home page's figures, read in the
background once the window is shown (issue 19, point 9). The column names are the
``association_profile`` table's (assocdesk/models/association.py); a test reads both ways.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

_READ = text(
    "SELECT country, default_currency, default_language, name_ar, name_fr, name_en "
    "FROM association_profile ORDER BY id LIMIT 1"
)


@dataclass(frozen=True)
class ProfileBasics:
    """The locale's parts, the language of a first start, and the names for the title."""

    country: str
    default_currency: str
    default_language: str
    name_ar: str
    name_fr: str
    name_en: str

    def name_in(self, language: str) -> str:
        """The name in ``language``, falling back to any name the association has."""
        names = {"ar": self.name_ar, "fr": self.name_fr, "en": self.name_en}
        return names.get(language) or self.name_ar or self.name_fr or self.name_en


def basics(session: Session) -> ProfileBasics | None:
    """The profile's basics, or None before the first-run set-up."""
    row = session.execute(_READ).first()
    if row is None:
        return None
    return ProfileBasics(
        country=row.country or "",
        default_currency=row.default_currency or "MAD",
        default_language=row.default_language or "ar",
        name_ar=row.name_ar or "",
        name_fr=row.name_fr or "",
        name_en=row.name_en or "",
    )


def is_configured(session: Session) -> bool:
    """The first-run set-up is done: the association has a name."""
    found = basics(session)
    return found is not None and bool(found.name_in("ar"))
