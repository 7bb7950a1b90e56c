"""Search keys that match however a name was spelled.

People type the same Arabic name several ways (أحمد / احمد / إحمد, فاطمة / فاطمه, مصطفى / مصطفي),
with or without vowel marks, and Latin names in any case. Both the stored shadow column and the
query go through :func:`normalize_for_search`, so one plain substring query finds every spelling.
SQLite's own FTS5 ``remove_diacritics`` cannot do this: it splits Arabic words at vowel marks.
"""

from __future__ import annotations

import re
import unicodedata

# Every hamza-carrying alif and the wasla alif become a bare alif; hamza on waw/yaa becomes the
# carrier letter; alif maqsura becomes yaa; taa marbuta becomes haa.
_LETTER_MAP = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ؤ": "و",
    "ئ": "ي",
    "ى": "ي",
    "ة": "ه",
    "ی": "ي",  # Persian yeh, common from some keyboards
    "ک": "ك",  # Persian keheh
}

# Arabic-Indic (U+0660–0669) and Extended Arabic-Indic (U+06F0–06F9) digits to ASCII.
_DIGIT_MAP = {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}

_TRANSLATION = str.maketrans(_LETTER_MAP | _DIGIT_MAP)
# The same map as a list indexed by code point: str.translate is twice as fast with it (a code
# point past its end is left as it is, as with the dict). Only text holding one of the mapped
# characters needs it at all.
_TABLE: list[int | str] = list(range(max(_TRANSLATION) + 1))
for _code, _replacement in _TRANSLATION.items():
    _TABLE[_code] = _replacement
_MAPPED = re.compile("[" + "".join(chr(code) for code in _TRANSLATION) + "]")

# Tashkeel (U+064B–U+065F), superscript alif (U+0670), Quranic marks, and tatweel (U+0640).
_REMOVE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# Anything that is not a letter or digit separates words (punctuation, symbols, LIKE wildcards).
_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)
_NOT_ASCII_DIGIT = re.compile(r"[^0-9]+")
# Text made only of these (once mapped) has nothing to decompose, no combining mark and no letter
# case beyond ASCII's: printable ASCII and the Arabic letters the map leaves (not آ أ ؤ إ ئ ة ى).
# Most names, e-mails and cities are such text; they skip the Unicode decomposition below.
_PLAIN = re.compile("[ -~\u0621\u0627\u0628\u062a-\u063a\u0641-\u0648\u064a]*")


def normalize_for_search(text: str | None) -> str:
    """Return the search key of ``text``: one space between words, no marks, unified letters.

    Latin letters are case-folded and stripped of accents (é → e), so "Benali", "BENALI" and
    "bénali" share one key.
    """
    if not text:
        return ""
    found = _KEYS.get(text)
    if found is None:
        if len(_KEYS) >= _KEYS_HELD:
            _KEYS.clear()
        found = _KEYS[text] = _normalized(text)
    return found


# Keys already worked out: an import of 200 000 rows normalizes the same cities again and again,
# and each name twice (its search key, then its duplicate key). A plain dict emptied when full
# rather than functools.lru_cache: most names and e-mails are met once or twice, and keeping an
# LRU order up to date on every miss cost more than the hits saved.
_KEYS: dict[str, str] = {}
_KEYS_HELD = 65_536


def _normalized(text: str) -> str:
    """ASCII text and plain Arabic letters take short cuts (an import normalizes every name and
    e-mail of the file once); they give exactly what the general path below gives.
    """
    if text.isascii():  # nothing to map, remove or decompose
        return _words(text.lower())
    if _MAPPED.search(text):
        text = text.translate(_TABLE)
    text = _REMOVE.sub("", text)
    if _PLAIN.fullmatch(text):
        return _words(text.lower())
    # NFKD splits Latin accents (and Arabic presentation forms) into base + mark; drop the marks.
    decomposed = unicodedata.normalize("NFKD", text)
    if not decomposed.isascii():
        decomposed = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # NFKD of a hamza letter gives a bare letter + U+0654/U+0655 (combining): already gone above.
    folded = decomposed.translate(_TRANSLATION).casefold()
    return _words(folded)


def _words(folded: str) -> str:
    """The words of ``folded`` (runs of letters and digits) joined by one space."""
    if folded.replace(" ", "").isalnum():  # only spaces between words (the usual case)
        return " ".join(folded.split())
    return " ".join(filter(None, _SEPARATORS.split(folded)))


def digits_only(text: str | None) -> str:
    """Phone numbers are searched by their digits, whatever spaces, dashes or digit script."""
    if not text:
        return ""
    if text.isascii():
        packed = text.replace(" ", "")
        if packed.isdigit():  # "06 12 34 56 78": ASCII digits and spaces only
            return packed
    elif _MAPPED.search(text):
        text = text.translate(_TABLE)
    return _NOT_ASCII_DIGIT.sub("", text)
