"""An age in words, for forms and lists alike (kept out of the UI's dialogs so a list model can
use it without importing a dialog)."""

from __future__ import annotations

from assocdesk.i18n import _, current_language
from assocdesk.text.plurals import count_phrase


def age_text(years: int, language: str | None = None) -> str:
    """An age in words that agree with it: «سنة واحدة», «سنتان», «3 سنوات», «12 سنة»; "12 ans"."""
    if years < 1:
        return _("less than a year")
    return count_phrase(years, "year", language or current_language())
