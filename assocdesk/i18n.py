"""One translation system for the core and the UI: gettext catalogs in assocdesk/resources/locale.

The catalogs are read from their ``.po`` source (Babel parses them), so there is no compiled file
that can fall behind its source. ``_`` translates into the current language; ``N_`` only marks a
constant for extraction, to be translated where it is used (the language may change meanwhile).

``ngettext`` picks a counted message's form with the catalog's own ``Plural-Forms`` (Arabic has
six: zero, one, two, few, many, other; French two), so «جهة اتصال واحدة», «جهتا اتصال»,
«3 جهات اتصال» and «11 جهة اتصال» each get their own sentence. A plural entry with a missing or
fuzzy form is not used: the English text is shown rather than a wrong form.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from assocdesk.package_data import resource

LANGUAGES = ("ar", "fr", "en")
RTL_LANGUAGES = frozenset({"ar"})
LOCALE_DIR = resource("locale")
DOMAIN = "assocdesk"

_state: dict[str, object] = {"language": "en", "catalog": {}}


@cache
def _read_catalog(language: str):  # type: ignore[no-untyped-def]
    po_file = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == "en" or not po_file.is_file():
        return None
    from babel.messages.pofile import read_po

    with po_file.open("rb") as handle:
        return read_po(handle, locale=language)


@cache
def load_catalog(language: str) -> dict[str, str]:
    """msgid → translation for ``language``; untranslated and fuzzy entries are left out."""
    catalog = _read_catalog(language)
    if catalog is None:
        return {}
    return {
        str(message.id): str(message.string)
        for message in catalog
        if message.id and message.string and not message.fuzzy and isinstance(message.id, str)
    }


def _english_plural(n: int) -> int:
    return 0 if n == 1 else 1


@cache
def load_plurals(
    language: str,
) -> tuple[Callable[[int], int], dict[tuple[str, str], tuple[str, ...]]]:
    """The catalog's form chooser and (singular, plural) → forms, complete entries only."""
    catalog = _read_catalog(language)
    if catalog is None:
        return _english_plural, {}
    import gettext

    choose = gettext.c2py(catalog.plural_expr)
    forms = {
        (str(message.id[0]), str(message.id[1])): tuple(str(text) for text in message.string)
        for message in catalog
        if isinstance(message.id, (tuple, list))
        and not message.fuzzy
        and len(message.string) == catalog.num_plurals
        and all(message.string)
    }
    return choose, forms


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


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted message for ``n`` in the current language; format it yourself:
    ``ngettext("{count} contact", "{count} contacts", n).format(count=n)``."""
    return ngettext_in(current_language(), singular, plural, n)


def ngettext_in(language: str, singular: str, plural: str, n: int) -> str:
    """``ngettext`` in a given language without changing the current one."""
    choose, catalog = load_plurals(language) if language in LANGUAGES else (_english_plural, {})
    forms = catalog.get((singular, plural))
    index = choose(int(n))
    if forms is None or index >= len(forms):
        return singular if _english_plural(int(n)) == 0 else plural
    return forms[index]


def translate_in(language: str, message: str) -> str:
    """Translate into a given language without changing the current one (documents, posts)."""
    return load_catalog(language).get(message, message) if language in LANGUAGES else message
