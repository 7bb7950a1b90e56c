"""What Qt really draws: the characters of a line in their on-screen order, left to right.

The text is laid out with Qt's own engine (QTextLayout, as labels, line edits, item views and the
status bar do) and the drawn glyphs are read back in the order of their x positions. A phone number
that Qt draws reversed in Arabic text («92 34 57 89 5 213+») reads reversed here too. Glyphs that
are not one of the text's characters on their own (joined Arabic letters, isolates) come back as
``?``: compare the left-to-right values, not the Arabic words. Spaces are left out (Qt draws
the isolates with the space's glyph, at no width), so compare with :func:`compact` values.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication

# Drawn with no width: isolates, embeddings and marks.
INVISIBLE = "\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e\u200e\u200f"


def drawn(text: str, direction: Qt.LayoutDirection, font: QFont | None = None) -> str:
    """``text`` as drawn in a paragraph of ``direction``, read from left to right."""
    layout = QTextLayout(text, font or QApplication.font())
    option = QTextOption()
    option.setTextDirection(direction)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(100_000)
    layout.endLayout()
    glyphs: list[tuple[float, int, str]] = []
    for run in layout.glyphRuns():
        font_of_run = run.rawFont()
        names: dict[int, str] = {}
        for character in set(text) - set(INVISIBLE + " "):
            indexes = font_of_run.glyphIndexesForString(character)
            if len(indexes) == 1 and indexes[0]:
                names.setdefault(indexes[0], character)
        invisible = set(font_of_run.glyphIndexesForString(INVISIBLE + " "))
        for index, position in zip(run.glyphIndexes(), run.positions(), strict=True):
            if index not in invisible:
                glyphs.append((position.x(), len(glyphs), names.get(index, "?")))
    return "".join(character for _x, _order, character in sorted(glyphs))


def compact(text: str) -> str:
    """``text`` without spaces, to compare with what :func:`drawn` reads."""
    return "".join(text.split())


def drawn_right_to_left(text: str, font: QFont | None = None) -> str:
    return drawn(text, Qt.LayoutDirection.RightToLeft, font)
