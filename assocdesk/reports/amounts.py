"""Columns of amounts aligned on their decimal mark, in every language and direction.

A right-aligned string is not enough: "1 500,00 MAD" and "200,00 €" end with symbols of
different widths, so their commas do not line up, and an Arabic column aligned to its start
(the left, once mirrored) lines up the currency signs instead of the numbers. Each amount is
therefore drawn in three parts, measured over the whole column: the integer part right-aligned
against the decimal mark, the decimals, and the currency symbol in its own slot — at the right
of the number in French, at its left in English and in Arabic (where «1.500,00 د.م.» reads right
to left: the number at the right, the sign at its left). Every amount has its currency's number
of decimals (Babel's format). Digits are tabular in the bundled fonts (Amiri, DejaVu Sans); a
font chosen in Settings whose digits differ in width gets each digit drawn in a fixed slot.
An Arabic document set to Arabic-Indic digits gets them here too, with «٫» and «٬» as marks
(the parts are drawn directly, not through Setup.text).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from assocdesk.reports.bidi_text import starts_right_to_left, visual
from assocdesk.reports.document_text import (
    ARABIC_DECIMAL,
    INDIC_DIGITS,
    indic_digits,
    indic_number,
)
from assocdesk.reports.layout import Setup
from assocdesk.text.money import AmountParts, amount_parts, format_money

DIGITS = "0123456789"
ANY_DIGIT = DIGITS + INDIC_DIGITS


def _indic_parts(parts: AmountParts, locale: str) -> AmountParts:
    """The parts in Arabic-Indic digits: «١٬٥٠٠» and «٫٥٠»."""
    fraction = parts.fraction
    if fraction:
        fraction = ARABIC_DECIMAL + indic_digits(fraction[1:])
    return AmountParts(
        indic_number(parts.whole, locale), fraction, parts.symbol, parts.symbol_first
    )


@lru_cache(maxsize=64)
def _digit_width(font: str, size: float) -> tuple[float, bool]:
    """The widest digit, and whether every digit has that width (tabular figures)."""
    widths = {stringWidth(d, font, size) for d in DIGITS}
    return max(widths), len(widths) == 1


def number_width(text: str, font: str, size: float) -> float:
    """Width of a number as drawn: digits in equal slots."""
    digit, tabular = _digit_width(font, size)
    if tabular:
        return stringWidth(text, font, size)
    return sum(digit if ch in ANY_DIGIT else stringWidth(ch, font, size) for ch in text)


class _Column:
    """What the cells of one column share: the widest integer part, decimals and symbol."""

    def __init__(self, parts: Sequence[AmountParts], fonts: Sequence[str], size: float) -> None:
        self.size = size
        self.whole = max(
            (number_width(p.whole, f, size) for p, f in zip(parts, fonts, strict=True)), default=0
        )
        self.fraction = max(
            (number_width(p.fraction, f, size) for p, f in zip(parts, fonts, strict=True)),
            default=0,
        )
        self.symbol = max(
            (stringWidth(visual(p.symbol), f, size) for p, f in zip(parts, fonts, strict=True)),
            default=0,
        )
        self.gap = stringWidth("\u00a0", fonts[0] if fonts else "Helvetica", size)

    @property
    def width(self) -> float:
        return self.whole + self.fraction + self.gap + self.symbol


class AmountCell(Flowable):
    """One amount of a column, drawn decimal-aligned at the end of its cell.

    ``symbol_left`` is where the symbol stands on the page (not in reading order). The cell
    takes the width it is offered, so the table's own alignment does not move it.
    """

    def __init__(
        self,
        parts: AmountParts,
        column: _Column,
        font: str,
        *,
        symbol_left: bool,
        at_left: bool = False,
    ) -> None:
        super().__init__()
        self.parts, self.column, self.font = parts, column, font
        self.symbol_left, self.at_left = symbol_left, at_left
        self.size = column.size

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = self.size * 1.2
        return self.width, self.height

    def draw(self) -> None:
        canvas, column, size, font = self.canv, self.column, self.size, self.font
        canvas.setFont(font, size)
        y = self.size * 0.2  # where the table puts the baseline of a one-line string
        symbol = visual(self.parts.symbol)
        # The column's amounts as one block at the end of the cell (its left in Arabic, where
        # the header stands too), aligned on the decimal mark inside it.
        end = min(column.width, self.width) if self.at_left else self.width
        if self.symbol_left:
            mark = end - column.fraction
        else:
            mark = end - column.symbol - column.gap - column.fraction
        whole_width = number_width(self.parts.whole, font, size)
        if self.symbol_left:  # drawn in reading order of the page, so copied text reads right
            canvas.drawRightString(mark - whole_width - column.gap, y, symbol)
        self._number(mark - whole_width, y, self.parts.whole + self.parts.fraction)
        if not self.symbol_left:
            canvas.drawString(mark + column.fraction + column.gap, y, symbol)

    def _number(self, x: float, y: float, text: str) -> None:
        if not text:
            return
        digit, tabular = _digit_width(self.font, self.size)
        if tabular:
            self.canv.drawString(x, y, text)
            return
        for ch in text:  # a font with proportional digits: each digit centred in its slot
            width = stringWidth(ch, self.font, self.size)
            slot = digit if ch in ANY_DIGIT else width
            self.canv.drawString(x + (slot - width) / 2, y, ch)
            x += slot


def amount_column(
    amounts: Sequence[tuple[int, str]],
    locale: str,
    font: str,
    size: float,
    *,
    bold: str | None = None,
    bold_rows: Sequence[int] = (),
    rtl: bool = False,
    indic: bool = False,
) -> list[AmountCell]:
    """Cells for ``amounts`` (minor units, currency) of one column, aligned on the decimal mark.

    ``bold_rows`` (indexes into ``amounts``, e.g. the total at the end) are drawn in ``bold``;
    ``rtl``: the table is mirrored, its amounts stand at the left of their cells; ``indic``:
    in Arabic-Indic digits.
    """
    parts = [amount_parts(minor, currency, locale) for minor, currency in amounts]
    if indic:
        parts = [_indic_parts(part, locale) for part in parts]
    fonts = [(bold or font) if index in bold_rows else font for index in range(len(amounts))]
    column = _Column(parts, fonts, size)
    cells = []
    for (minor, currency), part, cell_font in zip(amounts, parts, fonts, strict=True):
        right_to_left = starts_right_to_left(format_money(minor, currency, locale))
        cells.append(
            AmountCell(
                part,
                column,
                cell_font,
                symbol_left=part.symbol_first != right_to_left,
                at_left=rtl,
            )
        )
    return cells


def column_width(cells: Sequence[AmountCell]) -> float:
    """The width the widest amount of the column needs (without the table's paddings)."""
    return cells[0].column.width if cells else 0.0


def setup_amounts(
    setup: Setup,
    amounts: Sequence[tuple[int, str]],
    size: float = 9,
    *,
    bold_rows: Sequence[int] = (),
) -> list[AmountCell]:
    """:func:`amount_column` in the document's locale, fonts and direction."""
    return amount_column(
        amounts,
        setup.locale,
        setup.fonts.regular,
        size,
        bold=setup.fonts.bold,
        bold_rows=bold_rows,
        rtl=setup.rtl,
        indic=setup.indic,
    )
