"""Keeping left-to-right values readable inside right-to-left text.

A phone number such as "07 02 15 42 44" has no strong letter; in an Arabic (right-to-left)
paragraph the Unicode bidi algorithm lays its digit groups out from right to left, and it reads
"44 42 15 02 07" — a wrong number. Wrapping it in a left-to-right isolate (LRI … PDI) keeps it whole
and in order, whatever surrounds it.
"""

from __future__ import annotations

LRI = "\u2066"  # left-to-right isolate
RLI = "\u2067"  # right-to-left isolate
PDI = "\u2069"  # pop directional isolate


def isolate_ltr(text: str) -> str:
    """``text`` as a left-to-right island for display (never for storage or export)."""
    return f"{LRI}{text}{PDI}" if text else text


def _has_right_to_left(text: str) -> bool:
    return any(
        "\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufefc" or ch == "\u200f" for ch in text
    )


def isolate_auto(text: str) -> str:
    """A cell of any content (an imported file's values): left-to-right values without a
    right-to-left letter (numbers, phones, Latin names) are isolated as in
    :func:`isolate_ltr`; Arabic text is left to the paragraph's own direction.

    (First-strong isolates, FSI, would say this in one character, but Qt's text layout lays a
    digits-only FSI island out right to left in a right-to-left cell.)
    """
    return text if _has_right_to_left(text) else isolate_ltr(text)


def isolate_name(text: str) -> str:
    """A name or title set inside a sentence of either direction, kept whole on its own side:
    "طبخ" in a French line no longer takes the ": 1" after it into its own run."""
    if not text:
        return text
    return f"{RLI if _has_right_to_left(text) else LRI}{text}{PDI}"
