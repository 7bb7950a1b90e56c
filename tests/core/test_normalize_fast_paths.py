"""The search key's short cuts (ASCII, plain Arabic letters, words split at spaces) give exactly
what its general definition gives: NFKD, combining marks dropped, the letter map, casefold."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from assocdesk.text import normalize
from assocdesk.text.normalize import digits_only, normalize_for_search


def reference_key(text: str) -> str:
    """The search key as first defined, without any short cut."""
    text = normalize._REMOVE.sub("", text.translate(normalize._TRANSLATION))
    decomposed = unicodedata.normalize("NFKD", text)
    decomposed = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = decomposed.translate(normalize._TRANSLATION).casefold()
    return " ".join(filter(None, re.split(r"[\W_]+", folded)))


def reference_digits(text: str) -> str:
    return re.sub(r"[^0-9]+", "", text.translate(normalize._TRANSLATION))


# Every character of the scripts people type here, and their neighbours.
CHARACTERS = [
    chr(code)
    for code in [*range(0x0000, 0x0800), *range(0x1E00, 0x2100), *range(0xFB50, 0xFF00)]
    if not 0xD800 <= code <= 0xDFFF
]


@pytest.mark.parametrize("context", ["{}", "ab{}", "{}9", "06 12 {}", "أحمد{}", "é {} x"])
def test_every_character_gets_the_key_of_the_definition(context: str) -> None:
    for ch in CHARACTERS:
        text = context.format(ch)
        assert normalize._normalized(text) == reference_key(text), hex(ord(ch))
        assert digits_only(text) == reference_digits(text), hex(ord(ch))


def test_mixed_random_texts_get_the_key_of_the_definition() -> None:
    rng = random.Random(6)
    alphabet = CHARACTERS + list("أإآىةیک ٠١٢٣ -_.@,'") * 20 + list("Ahmed Benali 0612 ") * 20
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24)))
        assert normalize_for_search(text) == reference_key(text), text


def test_the_plain_characters_need_no_decomposition_and_have_no_case_beyond_ascii() -> None:
    """Why the short cut is right: what it lets through is unchanged by every general step."""
    plain = [ch for ch in map(chr, range(0x800)) if normalize._PLAIN.fullmatch(ch)]
    assert {"a", "Z", "@", " ", "ا", "ب", "ه", "ي", "ء"} <= set(plain)
    assert not {"أ", "ة", "ى", "é", "\t", "ـ"} & set(plain)
    for ch in plain:
        assert unicodedata.normalize("NFKD", ch) == ch
        assert not unicodedata.combining(ch)
        assert ch.casefold() == ch.lower()
        assert ch.translate(normalize._TRANSLATION) == ch


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Ahmed  BENALI 12", "ahmed benali 12"),
        ("p12@Exemple.MA", "p12 exemple ma"),
        ("أَحْمَد بنعلي ١٢", "احمد بنعلي 12"),
        ("فاطمة", "فاطمه"),
        ("Éloïse Dupré", "eloise dupre"),
        ("a_b\tc", "a b c"),
        ("ﺃﺣﻤﺪ", "احمد"),
    ],
)
def test_usual_texts(text: str, key: str) -> None:
    assert normalize_for_search(text) == key


def test_the_keys_kept_are_emptied_when_full_and_stay_right(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(normalize, "_KEYS", {})
    monkeypatch.setattr(normalize, "_KEYS_HELD", 3)
    texts = ["Ahmed", "أحمد", "Hélène", "ahmed", "إحمد", "Ahmed"]
    assert [normalize_for_search(t) for t in texts] == [reference_key(t) for t in texts]
    assert len(normalize._KEYS) <= 3
