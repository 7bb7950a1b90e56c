"""One translation system for the core and the UI: gettext catalogs under resources/locale.

The catalogs are read from their ``.po`` source (Babel parses them), so there is no compiled file
that can fall behind its source. ``_`` translates into the current language; ``N_`` only marks a
constant for extraction, to be translated where it is used (the language may change meanwhile).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

LANGUAGES = ("ar", "fr", "en")
RTL_LANGUAGES = frozenset({"ar"})
LOCALE_DIR = Path(__file__).resolve().parent.parent / "resources" / "locale"
DOMAIN = "assocdesk"

_state: dict[str, object] = {"language": "en", "catalog": {}}


@cache
def load_catalog(language: str) -> dict[str, str]:
    """msgid → translation for ``language``; untranslated and fuzzy entries are left out."""
    po_file = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == "en" or not po_file.exists():
        return {}
    from babel.messages.pofile import read_po

    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    return {
        str(message.id): str(message.string)
        for message in catalog
        if message.id and message.string and not message.fuzzy and isinstance(message.id, str)
    }


def set_language(language: str) -> None:
    if language not in LANGUAGES:
        language = "en"
    _state["language"] = language
    _state["catalog"] = load_catalog(language)


def current_language() -> str:
    return str(_state["language"])


def is_rtl(language: str | None = None) -> bool:
    return (language or current_language()) in RTL_LANGUAGES


def list_separator(language: str | None = None) -> str:
    """What joins items of a list: the Arabic comma in Arabic."""
    return "، " if (language or current_language()) == "ar" else ", "


def _(message: str) -> str:
    catalog: dict[str, str] = _state["catalog"]  # type: ignore[assignment]
    return catalog.get(message, message)


def N_(message: str) -> str:
    return message


def translate_in(language: str, message: str) -> str:
    """Translate into a given language without changing the current one (documents, posts)."""
    return load_catalog(language).get(message, message) if language in LANGUAGES else message
