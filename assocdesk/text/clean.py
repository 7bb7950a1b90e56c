"""Cleaning of what people type or paste before it is stored.

Bidi controls (U+202A–U+202E, U+2066–U+2069) pasted into a name can reorder what a printed receipt
shows, so that it lies about who paid or how much; other control characters corrupt exports. They
are removed here, on input, for every stored text.
"""

from __future__ import annotations

import re
import unicodedata

_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
# Invisible characters that no name or note needs: lone surrogates (cannot even be stored),
# byte-order mark, word joiner and invisible operators, interlinear annotations, noncharacters.
_INVISIBLE = "\ud800-\udfff\ufeff\u2060-\u2064\ufff9-\ufffb\ufffe\uffff"
# C0/C1 controls except tab and newline (kept only in multi-line text), plus bidi controls.
_CONTROL_SINGLE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI_CONTROLS}{_INVISIBLE}]")
_CONTROL_MULTI = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI_CONTROLS}{_INVISIBLE}]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
# Line and page breaks of every kind; in one-line text each becomes a space (before the control
# characters are removed, or "a<TAB>b" would become "ab").
_BREAKS_SINGLE = re.compile("\r\n|[\t\n\v\f\r\x85\u2028\u2029]")
_BREAKS_MULTI = re.compile("\r\n|[\r\x85\u2028\u2029]")


def clean_single_line(text: str | None) -> str:
    """Return ``text`` as one line: NFC, controls removed, runs of spaces folded, trimmed."""
    if not text:
        return ""
    if text.isprintable() and unicodedata.is_normalized("NFC", text):
        # Fast path (an import cleans millions of cells): no control, bidi or special space
        # character can be in a printable text, so only runs of plain spaces are left to fold.
        return " ".join(text.split())
    text = unicodedata.normalize("NFC", text)
    text = _BREAKS_SINGLE.sub(" ", text)
    return _SPACES.sub(" ", _CONTROL_SINGLE.sub("", text)).strip()


def clean_multiline(text: str | None) -> str:
    """Like :func:`clean_single_line` but keeps line breaks (notes, descriptions, addresses)."""
    if not text:
        return ""
    text = _BREAKS_MULTI.sub("\n", unicodedata.normalize("NFC", text))
    text = _CONTROL_MULTI.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()
