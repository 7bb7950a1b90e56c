"""The parsed catalogs kept in the user's cache folder (assocdesk/i18n.py): a start reads the
cache instead of parsing the ``.po`` file with Babel, but only while the cache holds exactly
that file's reading; a changed file is parsed again, a damaged cache is ignored."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from assocdesk import i18n

PO = """\
msgid ""
msgstr ""
"Language: ar\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 \
: n%100>=11 ? 4 : 5);\\n"

msgid "Save"
msgstr "{save}"

#, fuzzy
msgid "Close"
msgstr "أغلق"

msgid "{{count}} file"
msgid_plural "{{count}} files"
msgstr[0] "لا ملف"
msgstr[1] "ملف واحد"
msgstr[2] "ملفان"
msgstr[3] "{{count}} ملفات"
msgstr[4] "{{count}} ملفا"
msgstr[5] "{{count}} ملف"
"""


def write_po(folder: Path, save: str = "احفظ") -> Path:
    path = folder / "assocdesk.po"
    path.write_text(PO.format(save=save), encoding="utf-8")
    return path


def test_a_second_read_comes_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    po = write_po(tmp_path)
    cache = tmp_path / "cache"
    first = i18n.read_catalog(po, "ar", cache)
    assert first.messages == {"Save": "احفظ"}  # the fuzzy entry is left out
    assert first.plurals[("{count} file", "{count} files")][2] == "ملفان"
    monkeypatch.setattr(i18n, "parse_po", lambda *_: pytest.fail("parsed again"))
    assert i18n.read_catalog(po, "ar", cache) == first


def test_a_changed_po_file_is_read_again(tmp_path: Path) -> None:
    po = write_po(tmp_path)
    cache = tmp_path / "cache"
    assert i18n.read_catalog(po, "ar", cache).messages["Save"] == "احفظ"
    stat = po.stat()
    # Same size and same modification time: only the bytes tell the change.
    write_po(tmp_path, save="اخزن")
    os.utime(po, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert po.stat().st_size == stat.st_size
    assert i18n.read_catalog(po, "ar", cache).messages["Save"] == "اخزن"


def test_another_version_of_the_app_parses_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    po = write_po(tmp_path)
    cache = tmp_path / "cache"
    i18n.read_catalog(po, "ar", cache)
    monkeypatch.setattr(i18n, "__version__", "99.0")
    calls: list[str] = []
    parse = i18n.parse_po

    def counting(source: bytes, language: str) -> i18n.ParsedCatalog:
        calls.append(language)
        return parse(source, language)

    monkeypatch.setattr(i18n, "parse_po", counting)
    i18n.read_catalog(po, "ar", cache)
    assert calls == ["ar"]


@pytest.mark.parametrize(
    "damage",
    [
        b"\x00\xff garbage",
        b'{"key": "',  # cut short
        b"[]",
        b"null",
        b"[" * 100_000 + b"]" * 100_000,  # too deep for the JSON reader
    ],
)
def test_a_corrupt_cache_is_ignored_and_replaced(tmp_path: Path, damage: bytes) -> None:
    po = write_po(tmp_path)
    cache = tmp_path / "cache"
    expected = i18n.read_catalog(po, "ar", cache)
    (cached,) = cache.glob("*.json")
    cached.write_bytes(damage)
    assert i18n.read_catalog(po, "ar", cache) == expected
    assert json.loads(cached.read_bytes())["messages"] == {"Save": "احفظ"}  # written again


def test_a_cache_of_the_wrong_shape_is_ignored(tmp_path: Path) -> None:
    """The right key over wrong values (a planted or half-edited file) is not believed."""
    po = write_po(tmp_path)
    cache = tmp_path / "cache"
    i18n.read_catalog(po, "ar", cache)
    (cached,) = cache.glob("*.json")
    data = json.loads(cached.read_bytes())
    for field, wrong in (("messages", {"Save": 3}), ("plurals", [["a", "b", [1]]])):
        cached.write_text(json.dumps({**data, field: wrong}), encoding="utf-8")
        assert i18n.read_catalog(po, "ar", cache).messages == {"Save": "احفظ"}


def test_no_cache_folder_still_reads_the_catalog(tmp_path: Path) -> None:
    po = write_po(tmp_path)
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    assert i18n.read_catalog(po, "ar", blocked / "cache").messages == {"Save": "احفظ"}
    assert i18n.read_catalog(po, "ar", None).messages == {"Save": "احفظ"}


@pytest.fixture
def fresh_catalogs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app's own catalogs read anew, with their cache in ``tmp_path``."""
    folder = tmp_path / "cache"
    monkeypatch.setattr(i18n, "cache_folder", lambda: folder)
    caches = (i18n._read_catalog, i18n.load_catalog, i18n.load_plurals)
    for cached in caches:
        cached.cache_clear()
    yield folder
    for cached in caches:
        cached.cache_clear()


def test_the_cached_catalog_translates_as_the_parsed_one(
    fresh_catalogs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = i18n.load_catalog("ar")
    forms = [
        i18n.ngettext_in("ar", "At most {count} skill.", "At most {count} skills.", n)
        for n in range(12)
    ]
    assert sorted(path.name for path in fresh_catalogs.iterdir()) == ["assocdesk-ar.json"]
    for cached in (i18n._read_catalog, i18n.load_catalog, i18n.load_plurals):
        cached.cache_clear()
    monkeypatch.setattr(i18n, "parse_po", lambda *_: pytest.fail("parsed again"))
    assert i18n.load_catalog("ar") == parsed
    assert i18n.translate_in("ar", "Home") != "Home"
    again = [
        i18n.ngettext_in("ar", "At most {count} skill.", "At most {count} skills.", n)
        for n in range(12)
    ]
    assert again == forms
    assert len(set(forms)) >= 4  # Arabic's forms, not the English fallback
