"""Arabic and mixed text for ReportLab: shape, wrap, then reorder each line.

ReportLab draws characters one by one from left to right. Arabic needs its letters joined
(arabic_reshaper turns them into presentation forms) and right-to-left runs reversed
(python-bidi). The order matters: reshape first (joined forms have their own widths; joining
never crosses a space, so a shaped text can still be broken at spaces), wrap on the logical
order, and only then reorder **each line**: reordering a whole paragraph would put its first
line at the bottom. ``bidi.algorithm.get_display`` is the older implementation on purpose: the
newer ``bidi.get_display`` does not mirror brackets, so "(أحمد)" would print ")أحمد(".

Every string is neutralized first (assocdesk.reports.neutral): whatever it holds (isolates,
overrides, control characters, lone surrogates, characters the font lacks), it is drawn, and
printing does not stop. ``visual``, ``visual_lines`` and ``visual_numbered`` are the only ways
text reaches ReportLab in documents, so this is the one place where it is done.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from arabic_reshaper import ArabicReshaper
from bidi.algorithm import get_display

from assocdesk.reports.neutral import bare, carry_embeddings, drawable, neutralize

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_reshaper = ArabicReshaper(configuration={"delete_harakat": False, "support_ligatures": True})
# Left-to-right embedding: the older bidi algorithm knows LRE/PDF (not the newer isolates),
# and removes them itself (rule X9), so nothing invisible reaches the PDF.
LRE, RLE, PDF = "\u202a", "\u202b", "\u202c"
_EMBEDDING = re.compile(f"[{LRE}{RLE}]")
_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def has_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text))


def keep_ltr(text: str) -> str:
    """Mark a phone number, e-mail or code so a right-to-left line does not reverse its parts
    ("06 12 34 56 78" would print "78 56 34 12 06"). The value's own direction controls
    are dropped: inside the fence they could only undo it."""
    text = bare(text)
    return f"{LRE}{text}{PDF}" if text else text


RLM, LRM = "\u200f", "\u200e"


def isolate(value: str, rtl: bool) -> str:
    """``value`` fenced so it stays one block inside a sentence of direction ``rtl``.

    The older bidi algorithm (see bidi_text) knows no isolates: a Latin void reason in
    brackets inside an Arabic sentence would take the brackets into its own run
    ("(AML-1 (Saisie en double"), and an Arabic description that starts with digits would
    lose them to a French sentence. Marks of the sentence's direction outside and of the
    value's own direction inside do what U+2068/U+2069 would; bidi_text drops them all.
    The value is neutralized first, so its own embeddings (a ``keep_ltr`` number) close
    inside the fence.
    """
    value = neutralize(value)
    if not value:
        return value
    outer = RLM if rtl else LRM
    inner = RLM if starts_right_to_left(value) else LRM
    return f"{outer}{inner}{value}{inner}{outer}"


@lru_cache(maxsize=16384)
def shape(text: str) -> str:
    """Join Arabic letters (cached: labels, headings and names repeat across documents)."""
    return _reshaper.reshape(text) if has_arabic(text) else text


def starts_right_to_left(text: str) -> bool:
    """The paragraph direction of ``text`` by its first strong character (like dir="auto").

    An Arabic sentence runs right to left even in a French document, and a Latin address left
    to right even in an Arabic one; text with no letter at all (a phone number, an amount)
    runs left to right. Babel marks Arabic dates and amounts with U+200F, which counts as a
    right-to-left letter here, so "11/04/2025" in an Arabic date reads as Arabic readers expect.
    """
    for ch in text:
        if ch == "\u200f" or _ARABIC.match(ch):
            return True
        if ch.isalpha() or ch == "\u200e":
            return False
    return False


def order(shaped_line: str, rtl: bool) -> str:
    """Reorder one shaped line into drawing (visual) order, in a paragraph of direction rtl."""
    if not rtl and not has_arabic(shaped_line) and not _EMBEDDING.search(shaped_line):
        # Still drop marks: an Arabic-locale date in a Latin line carries U+200F.
        return _CONTROLS.sub("", shaped_line)
    return _CONTROLS.sub("", get_display(shaped_line, base_dir="R" if rtl else "L"))


@lru_cache(maxsize=8192)
def visual(text: str, font: str = "") -> str:
    """One line as ReportLab must draw it (a line break in ``text`` is drawn as a space).

    A character ``font`` cannot draw is replaced (see neutral.drawable); without ``font``,
    the default document font is assumed (a font chosen in Settings has at least the
    characters every document needs: see fonts.REQUIRED).
    """
    text = " ".join(neutralize(text).split("\n"))
    if not text:
        return text
    shaped = drawable(shape(text), font or _default_font())
    return order(carry_embeddings([shaped])[0], starts_right_to_left(text))


def _default_font() -> str:
    from assocdesk.reports.fonts import FontError, document_fonts

    try:
        return document_fonts().regular
    except FontError:  # said where the document is made; here, draw what can be drawn
        return ""


# Digits only, so they take the bidi class of any number (European digits, EN); long and odd
# enough never to occur in a message.
_NUMBER_STANDS_IN = "7319502864{}"


@lru_cache(maxsize=256)
def _visual_template(template: str, names: tuple[str, ...]) -> str:
    stand_ins = {name: _NUMBER_STANDS_IN.format(i) for i, name in enumerate(names)}
    return visual(template.format(**stand_ins))


def visual_numbered(template: str, **numbers: int) -> str:
    """``visual(template.format(**numbers))`` for whole numbers, at the cost of a replace.

    "Page 3 of 120" is drawn on every page of a batch; shaping and reordering it each time
    costs a twentieth of the batch. Every run of digits gets the same bidi class whatever
    its value, so the words are shaped and placed once, with stand-in numbers, and the real
    numbers are put in their place.
    """
    names = tuple(sorted(numbers))
    drawn = _visual_template(template, names)
    for i, name in enumerate(names):
        drawn = drawn.replace(_NUMBER_STANDS_IN.format(i), str(numbers[name]))
    return drawn


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Greedy line breaking at spaces and line breaks; a word longer than a line is cut.

    Each word is measured once and widths are added up (a space's width between words), so a
    long paragraph costs one measure per word, not one per word per line.
    """
    space = measure(" ")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current, current_width = "", 0.0
        for word in paragraph.split(" "):
            word_width = measure(word)
            if current and current_width + space + word_width <= width:
                current, current_width = f"{current} {word}", current_width + space + word_width
                continue
            if current:
                lines.append(current)
            current, current_width = word, word_width
            while len(current) > 1 and current_width > width:
                cut = _longest_prefix(current, width, measure)
                lines.append(current[:cut])
                current = current[cut:]
                current_width = measure(current)
        lines.append(current)
    return lines


def _longest_prefix(text: str, width: float, measure: Callable[[str], float]) -> int:
    low, high = 1, len(text) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if measure(text[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return low


@lru_cache(maxsize=8192)
def visual_lines(text: str, width: float, font: str, size: float) -> tuple[str, ...]:
    """``text`` broken into lines of at most ``width`` points, each ready to draw.

    Each paragraph (text between line breaks) keeps one direction on all its lines. Cached: a
    batch of statements draws the same letterhead and headings thousands of times.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def measure(s: str) -> float:
        return stringWidth(_CONTROLS.sub("", s), font, size)

    lines: list[str] = []
    for paragraph in neutralize(text).split("\n"):
        rtl = starts_right_to_left(paragraph)
        wrapped = wrap(drawable(shape(paragraph), font), width, measure)
        lines += [order(line, rtl) for line in carry_embeddings(wrapped)]
    return tuple(lines)
