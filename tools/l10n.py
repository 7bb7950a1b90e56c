"""Translation chores for developers: refresh the catalogs from the code, then merge translations.

    python tools/l10n.py refresh            # extract messages, update ar/fr catalogs
    python tools/l10n.py missing ar         # print msgids still lacking an Arabic translation
    python tools/l10n.py merge FILE.json…   # FILE: {"ar": {msgid: text}, "fr": {...}}
    python tools/l10n.py headers            # set each catalog's Plural-Forms (merge does it too)

Merging never overwrites an existing, non-fuzzy translation, so several people can each bring the
translations of their own new messages without stepping on each other.

Counted messages (``ngettext("{count} contact", "{count} contacts", n)``) are keyed by their
singular msgid; the value gives the English plural and every form of the language, in the order of
the catalog's Plural-Forms (Arabic: zero, one, two, few, many, other; French: one (0, 1), other):

    {"ar": {"{count} contact": {"plural": "{count} contacts",
                                "forms": ["لا توجد أي جهة اتصال", "جهة اتصال واحدة", "جهتا اتصال",
                                          "{count} جهات اتصال", "{count} جهة اتصال",
                                          "{count} جهة اتصال"]}},
     "fr": {"{count} contact": {"plural": "{count} contacts",
                                "forms": ["{count} contact", "{count} contacts"]}}}

A plain list of forms is accepted when the catalog already holds the entry (after ``refresh``).
A plural entry with the wrong number of forms or an empty one stops the merge before anything is
written. An existing singular entry with the same msgid (the code moved from _ to ngettext) is
replaced by the plural one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "assocdesk" / "resources" / "locale"  # the source tree's catalogs, edited here
LANGUAGES = ("ar", "fr")
# The CLDR categories as gettext expressions, forms in CLDR order. Babel's Arabic expression puts
# 100–102 ("other") at index 4, where translators write "many" (11–99), and a catalog keeps the
# header it was created with, so we set it.
PLURAL_FORMS = {
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 ? 4 : 5);",
    "fr": "nplurals=2; plural=(n > 1);",
}


def _catalog_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "assocdesk.po"


def refresh() -> None:
    pot = LOCALE / "assocdesk.pot"
    subprocess.run(
        [
            "pybabel",
            "extract",
            "-F",
            str(LOCALE / "babel.cfg"),
            "-k",
            "N_",
            "-k",
            "t",
            "-k",
            "ngettext_in:2,3",
            "--no-location",
            "--sort-output",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    subprocess.run(
        [
            "pybabel",
            "update",
            "--no-fuzzy-matching",
            "--ignore-obsolete",
            "-i",
            str(pot),
            "-d",
            str(LOCALE),
            "-D",
            "assocdesk",
        ],
        cwd=ROOT,
        check=True,
    )
    headers()


def _read(language: str) -> Catalog:
    with _catalog_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=language)
    catalog.mime_headers = [("Plural-Forms", PLURAL_FORMS[language])]
    return catalog


def _write(language: str, catalog: Catalog) -> None:
    with _catalog_path(language).open("wb") as out:
        write_po(out, catalog, width=100, sort_output=True, no_location=True)


def headers() -> None:
    for language in LANGUAGES:
        _write(language, _read(language))


def _plural_entry(
    catalog: Catalog, msgid: str, value: dict | list, language: str
) -> tuple[tuple[str, str], tuple[str, ...]]:
    """(singular, plural) and the forms of a counted message, checked before anything is written."""
    if isinstance(value, dict):
        plural, forms = value["plural"], value["forms"]
    else:
        known = catalog.get(msgid)
        if known is None or not isinstance(known.id, (tuple, list)):
            sys.exit(f"{language}: {msgid!r} is not yet a plural entry; give its English plural")
        plural, forms = known.id[1], value
    if len(forms) != catalog.num_plurals or not all(forms):
        sys.exit(f"{language}: {msgid!r} needs {catalog.num_plurals} non-empty forms")
    return (msgid, str(plural)), tuple(str(form) for form in forms)


def _is_done(message: object, plural: bool, num_plurals: int) -> bool:
    """A translation merge must not overwrite: present, not fuzzy, of the same kind."""
    strings = message.string  # type: ignore[attr-defined]
    if message.fuzzy or not strings:  # type: ignore[attr-defined]
        return False
    if plural:
        is_plural = isinstance(message.id, (tuple, list))  # type: ignore[attr-defined]
        return is_plural and len(strings) == num_plurals and all(strings)
    return isinstance(strings, str)


def missing(language: str) -> None:
    catalog = _read(language)
    for message in catalog:
        if message.id and not _is_done(
            message, isinstance(message.id, (tuple, list)), catalog.num_plurals
        ):
            print(json.dumps(message.id, ensure_ascii=False))


def merge(sources: list[str]) -> None:
    for language in LANGUAGES:
        catalog = _read(language)
        added = 0
        for source in sources:
            for msgid, text in json.loads(Path(source).read_text("utf-8"))[language].items():
                message = catalog.get(msgid)
                plural = not isinstance(text, str)
                if message is not None and _is_done(message, plural, catalog.num_plurals):
                    continue
                if plural:
                    ids, forms = _plural_entry(catalog, msgid, text, language)
                    if message is not None:
                        catalog.delete(msgid)
                    catalog.add(ids, string=forms)
                elif message is None or isinstance(message.id, (tuple, list)):
                    if message is not None:
                        catalog.delete(msgid)
                    catalog.add(msgid, string=text)
                else:
                    message.string = text
                    message.flags.discard("fuzzy")
                added += 1
        _write(language, catalog)
        print(language, "added", added)


if __name__ == "__main__":
    command, *rest = sys.argv[1:] or ["help"]
    if command == "refresh":
        refresh()
    elif command == "missing" and rest:
        missing(rest[0])
    elif command == "merge" and rest:
        merge(rest)
    elif command == "headers":
        headers()
    else:
        print(__doc__)
        sys.exit(2)
