"""One neutralizer for every string that reaches ReportLab.

Text is cleaned when it is typed (assocdesk.text.clean), but a document also draws text that was
never typed in this version of the application: rows from an old database or a restored backup,
imported files, translations, Babel's formats. Whatever comes, printing must not stop and must
not lie. bidi_text calls :func:`neutralize` on every string before shaping it, and
:func:`drawable` once it knows the font; nothing else is needed from the documents.

What is done, and why:

- Direction controls. The older bidi algorithm that bidi_text uses (see there) knows
  embeddings and marks, and stops on isolates with ``AssertionError: RLI not allowed here``.
  The application's own fences are a left-to-right embedding (``keep_ltr``: LRE…PDF) and
  marks (``isolate``: LRM, RLM; Babel's formats too). Those are kept; every other control is
  dropped, with the closer that goes with it: an override (LRO, RLO) would print "0001" as
  "1000", and a right-to-left embedding or isolate prints "1 000" as "000 1" in an Arabic
  line, so a receipt could lie about an amount. The Arabic letter mark becomes RLM. Each
  paragraph ends with its embeddings closed and a closer without an opener is dropped, so a
  pasted control cannot reach past the value it came with.
- Unpaired surrogates (which cannot even be encoded in a PDF) become U+FFFD; a pair of them
  is joined into the character it stands for.
- Control characters: line and paragraph separators of every kind become "\\n" (a line break
  is kept where one is meant), tabs become spaces, other C0/C1 controls, noncharacters and
  invisible format characters (zero-width space, word joiner, BOM, soft hyphen, variation
  selectors, tags…) are dropped; joiners (ZWJ, ZWNJ) are kept for Arabic shaping.
- Characters the document's font cannot draw (Chinese in Amiri, emoji) would print as an
  empty box and come back as NUL from the PDF's text: :func:`drawable` puts a visible
  placeholder (U+FFFD, or "?" when the font lacks that too) in their place, drops combining
  marks and invisible characters it cannot draw, and draws a space for a space.
- ReportLab markup: none. Documents draw with ``canvas.drawString`` (BidiParagraph, table
  cells as plain strings), which takes text literally, so "&", "<" and ">" must *not* be
  escaped (an escaped "&amp;" would print as such). Were a ``reportlab.platypus.Paragraph``
  ever used, its text would need ``xml.sax.saxutils.escape`` after this function.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
LRM, RLM, ALM = "\u200e", "\u200f", "\u061c"
ZWNJ, ZWJ = "\u200c", "\u200d"
REPLACEMENT = "\ufffd"
MAX_DEPTH = 16  # deeper nesting is never meant; the older algorithm allows 61 levels

_BREAKS = re.compile("\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
_OPENERS = frozenset((LRE, RLE, LRO, RLO, LRI, RLI))
_DIRECTION_CONTROLS = _OPENERS | {FSI, PDF, PDI, ALM}
# Visible format characters (Arabic number signs, end of ayah …): drawn if the font can.
_VISIBLE_FORMAT = frozenset("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u08e2")
_KEPT_FORMAT = frozenset((LRM, RLM, ZWNJ, ZWJ)) | _VISIBLE_FORMAT
_ALL_DIRECTION = _DIRECTION_CONTROLS | {LRM, RLM}


def neutralize(text: str) -> str:
    """``text`` made safe for bidi_text and ReportLab (see the module's docstring).

    Idempotent, and the identity on ordinary text (a fast path: documents draw thousands of
    plain labels). Keeps "\\n"; the caller decides whether a line break is a line break.
    """
    if not text:
        return ""
    if text.isprintable():
        # No control, format, surrogate, separator or unassigned character: nothing to do.
        return text
    return _neutralize(text)


@lru_cache(maxsize=8192)
def _neutralize(text: str) -> str:
    text = _join_surrogates(text)
    text = _BREAKS.sub("\n", text).replace("\t", " ")
    kept = "".join(ch for ch in text if _keep(ch))
    return "\n".join(_balance(paragraph) for paragraph in kept.split("\n"))


def _join_surrogates(text: str) -> str:
    """A surrogate pair becomes its character, a lone surrogate U+FFFD."""
    if not any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _keep(ch: str) -> bool:
    if ch == "\n" or ch in _DIRECTION_CONTROLS or ch in _KEPT_FORMAT:
        return True
    category = unicodedata.category(ch)
    if category in ("Cc", "Cf", "Cs"):
        return False
    code = ord(ch)
    # Noncharacters (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF) and variation selectors FE00–FE0F
    # (Mn, but emoji presentation selectors that no document font draws).
    return not (0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE or 0xFE00 <= code <= 0xFE0F)


def _balance(paragraph: str) -> str:
    """One paragraph with only the controls the application itself uses, LRE…PDF balanced.

    Everything that could turn a right-to-left run over left-to-right text is dropped with
    its closer: overrides, right-to-left embeddings and isolates ("1 000" inside any of them
    prints "000 1" in an Arabic line). A left-to-right embedding cannot reorder digits or
    Latin letters, and it is what ``keep_ltr`` is made of: it is kept when it is closed, and
    closed at the end of the paragraph when it is not.
    """
    if not any(ch in _DIRECTION_CONTROLS for ch in paragraph):
        return paragraph
    out: list[str] = []
    # One entry per opener seen: (is an isolate?, emitted as LRE?)
    stack: list[tuple[bool, bool]] = []
    emitted_depth = 0
    for ch in paragraph:
        if ch == ALM:
            out.append(RLM)
        elif ch in _OPENERS or ch == FSI:
            emitted = ch == LRE and emitted_depth < MAX_DEPTH
            stack.append((ch in (LRI, RLI, FSI), emitted))
            if emitted:
                emitted_depth += 1
                out.append(LRE)
        elif ch == PDF:
            # Closes the last embedding or override, never an isolate (as in UAX #9).
            if stack and not stack[-1][0] and stack.pop()[1]:
                emitted_depth -= 1
                out.append(PDF)
        elif ch == PDI:
            # Closes the last isolate and whatever was opened inside it.
            while any(is_isolate for is_isolate, _emitted in stack):
                is_isolate, emitted = stack.pop()
                if emitted:
                    emitted_depth -= 1
                    out.append(PDF)
                if is_isolate:
                    break
        else:
            out.append(ch)
    out.append(PDF * emitted_depth)
    return "".join(out)


def bare(text: str) -> str:
    """``text`` neutralized, with no direction control left at all.

    For a value the application is about to fence with its own marks (``isolate``,
    ``keep_ltr``): the value's own controls would have nothing to say there.
    """
    return "".join(ch for ch in neutralize(text) if ch not in _ALL_DIRECTION)


def carry_embeddings(lines: list[str]) -> list[str]:
    """Lines of one paragraph, each with the embeddings still open at its start reopened and
    all of them closed at its end: each line is reordered on its own (see bidi_text), and an
    embedding cut by a line break must go on in the next line and not run past its own."""
    if not any(LRE in line or RLE in line for line in lines):
        return lines
    still_open: list[str] = []
    out: list[str] = []
    for line in lines:
        prefix = "".join(still_open)
        for ch in line:
            if ch in (LRE, RLE):
                still_open.append(ch)
            elif ch == PDF and still_open:
                still_open.pop()
        out.append(prefix + line + PDF * len(still_open))
    return out


@lru_cache(maxsize=16384)
def drawable(text: str, font: str) -> str:
    """``text`` with what ``font`` (a registered ReportLab font name; "" for none: ``text``
    as it is) cannot draw replaced.

    Run after shaping (the font must have the joined Arabic forms the reshaper chose). A
    letter, digit or symbol the font lacks becomes a visible placeholder, so that a name
    in a script the font does not have shows that something is missing instead of vanishing;
    a missing space becomes a space, and a missing mark or invisible character is dropped.
    """
    available = _characters(font) if font else None
    if available is None or all(ord(ch) in available or ch == "\n" for ch in text):
        return text
    placeholder = REPLACEMENT if ord(REPLACEMENT) in available else "?"
    out: list[str] = []
    for ch in text:
        if ord(ch) in available or ch == "\n" or ch in _DIRECTION_CONTROLS or ch in (LRM, RLM):
            out.append(ch)
            continue
        category = unicodedata.category(ch)
        if category == "Zs":
            out.append(" ")
        elif category not in ("Mn", "Me", "Cf"):
            out.append(placeholder)
    return "".join(out)


@lru_cache(maxsize=32)
def _characters(font: str) -> frozenset[int] | None:
    """The code points ``font`` maps to a glyph (None for a standard font: not ours)."""
    from reportlab.pdfbase.pdfmetrics import getFont

    face = getattr(getFont(font), "face", None)
    mapping = getattr(face, "charToGlyph", None)
    return frozenset(mapping) if mapping else None
