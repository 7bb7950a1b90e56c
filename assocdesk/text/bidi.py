"""Keeping left-to-right values readable inside right-to-left text.

A phone number such as "07 02 15 42 44" has no strong letter; in an Arabic (right-to-left)
paragraph the Unicode bidi algorithm lays its digit groups out from right to left, and it reads
"44 42 15 02 07" — a wrong number. Wrapping it in a left-to-right isolate (LRI … PDI) keeps it whole
and in order, whatever surrounds it.
"""

from __future__ import annotations

from decimal import Decimal
from os import PathLike

LRI = "\u2066"  # left-to-right isolate
RLI = "\u2067"  # right-to-left isolate
PDI = "\u2069"  # pop directional isolate
ISOLATES = (LRI, RLI, PDI, "\u2068")


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


def isolate_path(path: str | PathLike[str]) -> str:
    """A file or folder path, left to right even when a folder has an Arabic name (a path is
    read from its root: «/home/علي/demo.sqlite3» must not become «demo.sqlite3/علي/home/»)."""
    return isolate_ltr(str(path))


def isolate(value: object) -> str:
    """Any value set inside a sentence, kept whole and in its own order whatever surrounds it.

    Paths and numbers are left-to-right islands; text (a phone, an e-mail, a URL, a receipt
    number, a name in any script) takes the direction of its letters, as :func:`isolate_name`.
    """
    if isinstance(value, PathLike):
        return isolate_path(value)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return isolate_ltr(str(value))
    return isolate_name(str(value))


def format_isolated(message: str, /, **values: object) -> str:
    """``message.format(**values)`` with every value isolated (see :func:`isolate`): the one
    call for a translated sentence that names a path, phone, e-mail, URL, number or name.

    For display only: the result carries invisible isolate characters, never store or export it.
    """
    return message.format(**{name: isolate(value) for name, value in values.items()})


def strip_isolates(text: str) -> str:
    """The text without the isolates added for display (a completion copied into a field)."""
    return text.translate({ord(ch): None for ch in ISOLATES})
