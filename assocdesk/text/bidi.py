"""Keeping left-to-right values readable inside right-to-left text.

A phone number such as "07 02 15 42 44" has no strong letter; in an Arabic (right-to-left)
paragraph the Unicode bidi algorithm lays its digit groups out from right to left, and it reads
"44 42 15 02 07" — a wrong number. Wrapping it in a left-to-right isolate (LRI … PDI) keeps it whole
and in order, whatever surrounds it.
"""

from __future__ import annotations

LRI = "\u2066"  # left-to-right isolate
PDI = "\u2069"  # pop directional isolate


def isolate_ltr(text: str) -> str:
    """``text`` as a left-to-right island for display (never for storage or export)."""
    return f"{LRI}{text}{PDI}" if text else text
