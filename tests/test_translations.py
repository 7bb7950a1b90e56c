"""Every string shown to people has its Arabic and French translation, placeholders intact.

Messages are extracted from the code itself (the same way `pybabel extract` does, with the
keywords _, N_ and t — documents translate with ``setup.t("…")`` into their own language),
so a new string without translations fails here, not in front of a user.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from assocdesk.i18n import LOCALE_DIR

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"{\w*}")


@cache
def code_messages() -> frozenset[str]:
    found: set[str] = set()
    for package in ("assocdesk", "ui"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / package,
            method_map=[("**.py", "python")],
            keywords={"_": None, "N_": None, "t": None},  # t: documents' setup.t("…")
        ):
            if isinstance(message, str) and message:
                found.add(message)
    return frozenset(found)


def catalog(language: str) -> dict[str, str]:
    path = LOCALE_DIR / language / "LC_MESSAGES" / "assocdesk.po"
    with path.open("rb") as handle:
        return {
            str(m.id): str(m.string)
            for m in read_po(handle, locale=language)
            if m.id and m.string and not m.fuzzy
        }


def test_extraction_finds_the_strings() -> None:
    messages = code_messages()
    assert "Members" in messages  # an N_() constant
    assert "This field is required." in messages  # a _() call in a service
    assert len(messages) > 150


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_every_string_is_translated(language: str) -> None:
    translations = catalog(language)
    missing = sorted(code_messages() - translations.keys())
    assert not missing, f"{len(missing)} strings lack a {language} translation: {missing[:20]}"


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_placeholders_survive_translation(language: str) -> None:
    broken = {
        msgid: text
        for msgid, text in catalog(language).items()
        if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(text))
    }
    assert not broken


def test_arabic_catalog_is_arabic() -> None:
    arabic = catalog("ar")
    assert re.search("[\u0600-\u06ff]", arabic["Members"])
    assert arabic["Members"] != "Members"


def test_no_message_hides_inside_an_f_string() -> None:
    """Extraction cannot see _("…") written inside an f-string: such a message would never be
    translated. Every literal used that way must also be extracted from somewhere else."""
    pattern = re.compile(r"""\{(?:_|t|setup\.t)\((["'])(.+?)\1\)""")
    hidden = []
    for package in ("assocdesk", "ui"):
        for path in (ROOT / package).rglob("*.py"):
            for match in pattern.finditer(path.read_text(encoding="utf-8")):
                if match.group(2) not in code_messages():
                    hidden.append(f"{path.relative_to(ROOT)}: {match.group(2)}")
    assert not hidden
