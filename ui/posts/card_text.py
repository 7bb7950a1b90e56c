"""Text on a picture card: a block that fits its box in width and in height, and never a box
(tofu) in place of a letter.

Qt's word wrap lets a word longer than the line run past it (a clipped «1 950 MA» for
«111 950 MAD»), so the font shrinks until the widest line fits as well as the height. Numbers
keep their no-break spaces (and plain spaces between digit groups become no-break), so an
amount is never split across lines. Lines are laid out with QTextLayout, so what the tests
measure is what is drawn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPainter, QTextLayout, QTextOption

from assocdesk.package_data import resource_path
from assocdesk.posts.card import card_text
from ui.theme import PostCardColours

_DIGIT_GROUP_SPACE = re.compile(r"(?<=\d)[ \u202f](?=\d{3}(?!\d))")
ELLIPSIS = "…"
FLOOR_PIXELS = 6.0  # below this nothing is legible; only a single absurdly long word gets here


@cache
def family() -> str:
    """Amiri (bundled): Arabic and Latin in one face, the same on every machine."""
    found = ""
    for name in ("Amiri-Regular.ttf", "Amiri-Bold.ttf"):
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        found = found or (families[0] if families else "")
    return found or QFont().family()


def font(pixels: float, bold: bool = False) -> QFont:
    chosen = QFont(family())
    chosen.setPixelSize(max(1, round(pixels)))
    chosen.setBold(bold)
    return chosen


@cache
def _has_glyph(character: str, bold: bool) -> bool:
    """Whether Qt draws ``character`` with a real glyph (Amiri's or a fallback font's)."""
    layout = QTextLayout(character, font(40, bold))
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return all(0 not in run.glyphIndexes() for run in layout.glyphRuns())


def drawable(text: str, bold: bool = False) -> str:
    """``text`` without emoji (see assocdesk.posts.card) and without any character that no
    installed font can draw, with digit groups held together."""
    cleaned = card_text(text)
    kept = "".join(c for c in cleaned if _has_glyph(c, bold))
    return _DIGIT_GROUP_SPACE.sub("\u00a0", " ".join(kept.split(" ")).strip())


def _metrics(pixels: float, rtl: bool) -> tuple[float, float, float]:
    """Room above the first baseline, from baseline to baseline, below the last baseline.

    Amiri's own ascent and descent (1.76 em together) leave Latin lines far apart; these
    measures hold Arabic's stacked marks (up to 1.01 em above the baseline) and descenders."""
    if rtl:
        return 1.05 * pixels, 1.5 * pixels, 0.45 * pixels
    return 0.98 * pixels, 1.28 * pixels, 0.32 * pixels


@dataclass
class PlacedText:
    """A text laid out in its box: the lines are final, only the box's position may move."""

    text: str
    rect: QRectF  # the box the text must stay in (width fixed; height: what it uses)
    font: QFont
    rtl: bool
    layout: QTextLayout
    colour: QColor
    pixels: float

    def lines(self) -> list[str]:
        return [
            self.text[line.textStart() : line.textStart() + line.textLength()].strip()
            for line in (self.layout.lineAt(i) for i in range(self.layout.lineCount()))
        ]

    def widest(self) -> float:
        return max(
            (self.layout.lineAt(i).naturalTextWidth() for i in range(self.layout.lineCount())),
            default=0.0,
        )

    def draw(self, painter: QPainter) -> None:
        painter.setPen(self.colour)
        self.layout.draw(painter, self.rect.topLeft())


def _align(align: str, rtl: bool) -> Qt.AlignmentFlag:
    """Absolute alignment: with a right-to-left direction Qt would mirror AlignRight back."""
    start, end = (Qt.AlignmentFlag.AlignRight, Qt.AlignmentFlag.AlignLeft)
    if not rtl:
        start, end = end, start
    chosen = {"start": start, "end": end, "centre": Qt.AlignmentFlag.AlignHCenter}[align]
    return chosen | Qt.AlignmentFlag.AlignAbsolute


def _lay_out(
    text: str, width: float, pixels: float, bold: bool, rtl: bool, align: str
) -> tuple[QTextLayout, QFont, float, float]:
    """The layout at ``pixels``, its height and its widest line."""
    chosen = font(pixels, bold)
    layout = QTextLayout(text, chosen)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    option.setTextDirection(
        Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    )
    option.setAlignment(_align(align, rtl))
    layout.setTextOption(option)
    top, step, bottom = _metrics(chosen.pixelSize(), rtl)
    widest = 0.0
    count = 0
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, top + count * step - line.ascent()))
        widest = max(widest, line.naturalTextWidth())
        count += 1
    layout.endLayout()
    height = top + (count - 1) * step + bottom if count and text else 0.0
    return layout, chosen, height, widest


def fit_text(
    text: str,
    width: float,
    max_height: float,
    pixels: float,
    *,
    min_pixels: float,
    bold: bool = False,
    rtl: bool = False,
    align: str = "start",
    colour: QColor | None = None,
) -> PlacedText:
    """``text`` in a box ``width`` wide and at most ``max_height`` high.

    The font shrinks (to ``min_pixels``) until every line fits both ways; a word or number
    still too wide shrinks it further (width is never given up); a text still too high at
    ``min_pixels`` loses its last words to an ellipsis."""
    text = drawable(text, bold)
    size = pixels

    def attempt() -> tuple[QTextLayout, QFont, float, float]:
        return _lay_out(text, width, size, bold, rtl, align)

    layout, chosen, height, widest = attempt()
    while (widest > width or height > max_height) and size > min_pixels:
        size = max(min_pixels, size * 0.94)
        layout, chosen, height, widest = attempt()
    while widest > width and size > FLOOR_PIXELS:
        size = max(FLOOR_PIXELS, size * 0.94)
        layout, chosen, height, widest = attempt()
    words = text.split(" ")
    while height > max_height and text:
        words.pop()
        text = " ".join(words).rstrip(" ,;:،؛-–—") + ELLIPSIS if words else ""
        layout, chosen, height, widest = attempt()
    return PlacedText(
        text=text,
        rect=QRectF(0, 0, width, height),
        font=chosen,
        rtl=rtl,
        layout=layout,
        colour=colour or PostCardColours.INK,
        pixels=size,
    )


def largest_fitting(texts: list[str], width: float, height: float, pixels: float, **kw) -> float:
    """The font size at which each of ``texts`` fits on its own (the smallest of them), so
    figures side by side share one size."""
    return min((fit_text(t, width, height, pixels, **kw).pixels for t in texts), default=pixels)
