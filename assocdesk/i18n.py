"""One translation system for the core and the UI: gettext catalogs in assocdesk/resources/locale.

The catalogs are read from their ``.po`` source (Babel parses them), so there is no compiled file
that can fall behind its source. ``_`` translates into the current language; ``N_`` only marks a
constant for extraction, to be translated where it is used (the language may change meanwhile).

``ngettext`` picks a counted message's form with the catalog's own ``Plural-Forms`` (Arabic has
six: zero, one, two, few, many, other; French two), so «جهة اتصال واحدة», «جهتا اتصال»,
«3 جهات اتصال» and «11 جهة اتصال» each get their own sentence. A plural entry with a missing or
fuzzy form is not used: the English text is shown rather than a wrong form.

Parsing a catalog with Babel takes some 35 ms, at every start, for the same file. What it gives
is kept as JSON in the user's cache folder, under a digest of the ``.po`` file's bytes, the
package version and the cache's format: a catalog that changed in any way (an upgrade, a merge
of new translations) is parsed again, and a cache that cannot be read or does not hold what it
should is ignored. JSON rather than marshal or pickle: a damaged or planted file can only fail
to parse, never run or crash anything.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path

from assocdesk import __version__
from assocdesk.package_data import resource

LANGUAGES = ("ar", "fr", "en")
RTL_LANGUAGES = frozenset({"ar"})
LOCALE_DIR = resource("locale")
DOMAIN = "assocdesk"
CACHE_FORMAT = 1  # bump when ParsedCatalog or its JSON changes shape

_state: dict[str, object] = {"language": "en", "catalog": {}}

PluralForms = dict[tuple[str, str], tuple[str, ...]]


@dataclass(frozen=True)
class ParsedCatalog:
    """What the app uses of a ``.po`` file: complete, non-fuzzy entries only."""

    messages: dict[str, str]  # msgid → translation
    plural_expr: str  # the catalog's Plural-Forms expression, in C syntax
    plurals: PluralForms  # (singular, plural) → one text per form


def cache_folder() -> Path | None:
    """Where parsed catalogs are kept (None: do not keep them)."""
    from platformdirs import user_cache_path

    return user_cache_path("AssocDesk", appauthor=False) / "catalogs"


def parse_po(source: bytes, language: str) -> ParsedCatalog:
    """Babel's reading of a ``.po`` file, reduced to what ``_`` and ``ngettext`` use."""
    from io import BytesIO

    from babel.messages.pofile import read_po

    catalog = read_po(BytesIO(source), locale=language)
    messages = {
        str(message.id): str(message.string)
        for message in catalog
        if message.id and message.string and not message.fuzzy and isinstance(message.id, str)
    }
    plurals = {
        (str(message.id[0]), str(message.id[1])): tuple(str(text) for text in message.string)
        for message in catalog
        if isinstance(message.id, (tuple, list))
        and not message.fuzzy
        and len(message.string) == catalog.num_plurals
        and all(message.string)
    }
    return ParsedCatalog(messages, str(catalog.plural_expr), plurals)


def _cache_key(source: bytes, language: str) -> str:
    header = f"{CACHE_FORMAT}\0{__version__}\0{language}\0".encode()
    return hashlib.sha256(header + source).hexdigest()


def _from_json(data: object, key: str) -> ParsedCatalog | None:
    """The cached catalog if ``data`` is one for ``key``, in the expected shape; else None."""
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    messages, expr, plurals = data.get("messages"), data.get("plural_expr"), data.get("plurals")
    if not (isinstance(messages, dict) and isinstance(expr, str) and isinstance(plurals, list)):
        return None
    if not all(isinstance(text, str) for text in messages.values()):
        return None
    forms: PluralForms = {}
    for entry in plurals:
        if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[2], list)):
            return None
        singular, plural, texts = entry
        if not all(isinstance(text, str) for text in (singular, plural, *texts)):
            return None
        forms[(singular, plural)] = tuple(texts)
    return ParsedCatalog(messages, expr, forms)


def _store(path: Path, key: str, parsed: ParsedCatalog) -> None:
    """Write the cache whole or not at all: another start may be reading it."""
    data = {
        "key": key,
        "messages": parsed.messages,
        "plural_expr": parsed.plural_expr,
        "plurals": [[s, p, list(texts)] for (s, p), texts in parsed.plurals.items()],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, separators=(",", ":"))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_catalog(po_file: Traversable, language: str, folder: Path | None) -> ParsedCatalog:
    """``po_file`` parsed, from the cache in ``folder`` when it holds these very bytes."""
    source = po_file.read_bytes()
    key = _cache_key(source, language)
    path = folder / f"{DOMAIN}-{language}.json" if folder is not None else None
    if path is not None:
        try:
            cached = _from_json(json.loads(path.read_bytes()), key)
        except (OSError, ValueError, RecursionError):
            cached = None
        if cached is not None:
            return cached
    parsed = parse_po(source, language)
    if path is not None:
        with suppress(OSError):  # a read-only or full cache folder: parse again next time
            _store(path, key, parsed)
    return parsed


@cache
def _read_catalog(language: str) -> ParsedCatalog | None:
    po_file = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == "en" or not po_file.is_file():
        return None
    try:
        folder = cache_folder()
    except Exception:  # no cache folder is never a reason not to start
        folder = None
    return read_catalog(po_file, language, folder)


@cache
def load_catalog(language: str) -> dict[str, str]:
    """msgid → translation for ``language``; untranslated and fuzzy entries are left out."""
    catalog = _read_catalog(language)
    return {} if catalog is None else catalog.messages


def _english_plural(n: int) -> int:
    return 0 if n == 1 else 1


@cache
def load_plurals(language: str) -> tuple[Callable[[int], int], PluralForms]:
    """The catalog's form chooser and (singular, plural) → forms, complete entries only."""
    catalog = _read_catalog(language)
    if catalog is None:
        return _english_plural, {}
    import gettext

    return gettext.c2py(catalog.plural_expr), catalog.plurals


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
