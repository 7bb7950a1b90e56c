"""Translation chores for developers: refresh the catalogs from the code, then merge translations.

    python tools/l10n.py refresh            # extract messages, update ar/fr catalogs
    python tools/l10n.py missing ar         # print msgids still lacking an Arabic translation
    python tools/l10n.py merge FILE.json…   # FILE: {"ar": {msgid: text}, "fr": {...}}

Merging never overwrites an existing, non-fuzzy translation, so several people can each bring the
translations of their own new messages without stepping on each other.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "resources" / "locale"
LANGUAGES = ("ar", "fr")


def _catalog_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "assocdesk.po"


def refresh() -> None:
    pot = LOCALE / "assocdesk.pot"
    subprocess.run(
        ["pybabel", "extract", "-F", str(LOCALE / "babel.cfg"), "-k", "N_", "-k", "t",
         "--no-location", "--sort-output", "-o", str(pot), "."],
        cwd=ROOT, check=True,
    )
    subprocess.run(
        ["pybabel", "update", "--no-fuzzy-matching", "--ignore-obsolete", "-i", str(pot),
         "-d", str(LOCALE), "-D", "assocdesk"],
        cwd=ROOT, check=True,
    )


def missing(language: str) -> None:
    with _catalog_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=language)
    for message in catalog:
        if message.id and (not message.string or message.fuzzy):
            print(json.dumps(message.id, ensure_ascii=False))


def merge(sources: list[str]) -> None:
    for language in LANGUAGES:
        path = _catalog_path(language)
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        added = 0
        for source in sources:
            for msgid, text in json.loads(Path(source).read_text("utf-8"))[language].items():
                message = catalog.get(msgid)
                if message is None:
                    catalog.add(msgid, string=text)
                elif not message.string or message.fuzzy:
                    message.string = text
                    message.flags.discard("fuzzy")
                else:
                    continue
                added += 1
        with path.open("wb") as out:
            write_po(out, catalog, width=100, sort_output=True, no_location=True)
        print(language, "added", added)


if __name__ == "__main__":
    command, *rest = sys.argv[1:] or ["help"]
    if command == "refresh":
        refresh()
    elif command == "missing" and rest:
        missing(rest[0])
    elif command == "merge" and rest:
        merge(rest)
    else:
        print(__doc__)
        sys.exit(2)
