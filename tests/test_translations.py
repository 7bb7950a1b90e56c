"""Every string shown to people has its Arabic and French translation, placeholders intact.

Messages are extracted from the code itself (the same way `pybabel extract` does, with the
keywords _, N_ and t — documents translate with ``setup.t("…")`` into their own language),
so a new string without translations fails here, not in front of a user.

Counted messages (``ngettext``, ``ngettext_in``) need every form of the language: six in Arabic
(zero, one, two, few, many, other), two in French. Each form keeps the message's placeholders,
except that the Arabic forms for exactly 0, 1 and 2 may leave out ``{count}`` («جهتا اتصال»).
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
PLURAL_KEYWORDS = {"ngettext": (1, 2), "ngettext_in": (2, 3)}
FORMS = {"ar": 6, "fr": 2}
SINGLE_NUMBER_FORMS = {"ar": (0, 1, 2), "fr": ()}  # forms that may write the count in words


@cache
def _extracted() -> tuple[tuple[str | tuple[str, ...], str], ...]:
    found = []
    for package in ("assocdesk", "ui"):
        for file, line, message, _comments, _context in extract_from_dir(
            ROOT / package,
            method_map=[("**.py", "python")],
            # t: documents' setup.t("…")
            keywords={"_": None, "N_": None, "t": None, **PLURAL_KEYWORDS},
        ):
            found.append((message, f"{package}/{file}:{line}"))
    return tuple(found)


@cache
def code_messages() -> frozenset[str]:
    return frozenset(m for m, _where in _extracted() if isinstance(m, str) and m)


@cache
def code_plurals() -> dict[tuple[str, str], str]:
    """(singular, plural) → where it is used, for every ngettext call with literal messages."""
    return {
        (m[0], m[1]): where
        for m, where in _extracted()
        if isinstance(m, tuple) and len(m) == 2 and all(isinstance(p, str) and p for p in m)
    }


def plural_catalog(language: str) -> dict[tuple[str, str], tuple[str, ...]]:
    path = LOCALE_DIR / language / "LC_MESSAGES" / "assocdesk.po"
    with path.open("rb") as handle:
        return {
            (str(m.id[0]), str(m.id[1])): tuple(str(s) for s in m.string)
            for m in read_po(handle, locale=language)
            if isinstance(m.id, (tuple, list)) and not m.fuzzy
        }


def catalog(language: str) -> dict[str, str]:
    path = LOCALE_DIR / language / "LC_MESSAGES" / "assocdesk.po"
    with path.open("rb") as handle:
        return {
            str(m.id): str(m.string)
            for m in read_po(handle, locale=language)
            if m.id and m.string and not m.fuzzy and isinstance(m.id, str)
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


def test_extraction_finds_the_counted_messages() -> None:
    plurals = code_plurals()
    assert ("{count} row", "{count} rows") in plurals  # ngettext in a page
    assert all("{count}" in singular and "{count}" in plural for singular, plural in plurals), [
        where for (s, p), where in plurals.items() if "{count}" not in s + p
    ]


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_every_counted_message_has_all_its_forms(language: str) -> None:
    translations = plural_catalog(language)
    lacking = {
        where: key
        for key, where in code_plurals().items()
        if len(translations.get(key, ())) != FORMS[language] or not all(translations[key])
    }
    assert not lacking, f"{len(lacking)} counted messages lack {language} forms: {lacking}"


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_counted_forms_keep_their_placeholders(language: str) -> None:
    broken = []
    for (singular, plural), forms in plural_catalog(language).items():
        expected = set(PLACEHOLDER.findall(singular)) | set(PLACEHOLDER.findall(plural))
        for index, form in enumerate(forms):
            found = set(PLACEHOLDER.findall(form))
            allowed = expected - {"{count}"} if index in SINGLE_NUMBER_FORMS[language] else expected
            if not allowed <= found <= expected:
                broken.append((singular, index, form))
    assert not broken


def test_catalogs_count_with_the_cldr_categories() -> None:
    for language, header in {
        "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
        "n%100>=11 ? 4 : 5);",
        "fr": "nplurals=2; plural=(n > 1);",
    }.items():
        path = LOCALE_DIR / language / "LC_MESSAGES" / "assocdesk.po"
        with path.open("rb") as handle:
            assert read_po(handle, locale=language).plural_forms == header
