"""ReportLab building blocks that draw Arabic and mixed text correctly in either direction."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table, TableStyle

from assocdesk.reports.bidi_text import visual, visual_lines
from assocdesk.reports.neutral import neutralize

HEADER_BACKGROUND = colors.HexColor("#e8eef5")
GRID = colors.HexColor("#9aa5b1")


class BidiParagraph(Flowable):
    """A paragraph broken into lines by bidi_text; "start" is the right edge in Arabic."""

    def __init__(
        self,
        text: str,
        font: str,
        size: float,
        *,
        rtl: bool,
        align: str = "start",
        leading: float | None = None,
        color: colors.Color = colors.black,
        space_after: float = 0,
    ) -> None:
        super().__init__()
        self.text, self.font, self.size, self.rtl = text, font, size, rtl
        self.align, self.color = align, color
        self.leading = leading or size * 1.45
        self.spaceAfter = space_after
        self._lines: tuple[str, ...] = ()

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        self.width = available_width
        self._lines = visual_lines(self.text, available_width, self.font, self.size)
        self.height = self.leading * len(self._lines)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        fits = int(available_height // self.leading)
        if fits <= 0 or fits >= len(self._lines):
            return [] if fits <= 0 else [self]
        first, rest = _Lines(self, self._lines[:fits]), _Lines(self, self._lines[fits:])
        return [first, rest]

    def draw(self) -> None:
        _draw_lines(self, self._lines)


class _Lines(Flowable):
    """Part of a BidiParagraph split across pages (lines already in visual order)."""

    def __init__(self, paragraph: BidiParagraph, lines: tuple[str, ...]) -> None:
        super().__init__()
        self.p, self.lines = paragraph, lines

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.p.leading * len(self.lines)

    def draw(self) -> None:
        _draw_lines(self.p, self.lines, width=self.width)


def _draw_lines(p: BidiParagraph, lines: tuple[str, ...], width: float | None = None) -> None:
    canvas = p.canv
    width = p.width if width is None else width
    canvas.setFont(p.font, p.size)
    canvas.setFillColor(p.color)
    y = p.leading * len(lines) - p.size
    right = (p.align == "start") == p.rtl
    for line in lines:
        if p.align == "center":
            canvas.drawCentredString(width / 2, y, line)
        elif right:
            canvas.drawRightString(width, y, line)
        else:
            canvas.drawString(0, y, line)
        y -= p.leading


def cell(text: str, width: float, font: str, size: float, rtl: bool) -> str | BidiParagraph:
    """A table cell: a plain string when it fits on one line (fast), else a wrapped paragraph.

    Either way the text goes through bidi_text, which neutralizes it (a raw string in a
    ReportLab table would be drawn as it is: isolates, controls and all).
    """
    drawn = _one_line(text, width, font, size)
    return drawn if drawn is not None else BidiParagraph(text, font, size, rtl=rtl)


@lru_cache(maxsize=16384)
def _one_line(text: str, width: float, font: str, size: float) -> str | None:
    """``text`` as drawn on one line, or None when it needs more than one."""
    if "\n" in neutralize(text):
        return None
    drawn = visual(text, font)
    return drawn if stringWidth(drawn, font, size) <= width - 8 else None


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    font: str,
    bold: str,
    size: float,
    rtl: bool,
    numeric: Sequence[int] = (),
    total_row: bool = False,
) -> Table:
    """A ruled table with a header row, mirrored for right-to-left documents.

    ``numeric`` columns are aligned to the end (right in a left-to-right document); text
    columns to the start. In Arabic the columns run from right to left.
    """

    def laid_out(values: Sequence[object], font_name: str) -> list[object]:
        cells = [
            cell(str(v), w, font_name, size, rtl) if not isinstance(v, Flowable) else v
            for v, w in zip(values, widths, strict=True)
        ]
        return cells[::-1] if rtl else cells

    data = [laid_out(header, bold)] + [laid_out(r, font) for r in rows]
    col_widths = list(widths)[::-1] if rtl else list(widths)
    style = _table_style(font, bold, size, rtl, len(widths), tuple(numeric), total_row)
    table = Table(data, colWidths=col_widths, repeatRows=1, hAlign="RIGHT" if rtl else "LEFT")
    table.setStyle(style)
    return table


@lru_cache(maxsize=64)
def _table_style(
    font: str,
    bold: str,
    size: float,
    rtl: bool,
    count: int,
    numeric: tuple[int, ...],
    total_row: bool,
) -> TableStyle:
    """One style object per table shape: a batch makes thousands of alike tables."""
    style = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTNAME", (0, 0), (-1, 0), bold),
        ("FONTSIZE", (0, 0), (-1, -1), size),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BACKGROUND),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, GRID),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, GRID),
        ("BOX", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    for column in range(count):
        shown = count - 1 - column if rtl else column
        toward_right = (column in numeric) != rtl  # numbers to the end, text to the start
        align = "RIGHT" if toward_right else "LEFT"
        style.append(("ALIGN", (shown, 0), (shown, -1), align))
    if total_row:
        style += [
            ("FONTNAME", (0, -1), (-1, -1), bold),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, GRID),
        ]
    return TableStyle(style)


class Stack(Flowable):
    """Flowables laid one under the other as a single block that does not split.

    For the parts of a document that belong together and always fit on a page (a statement's
    opening lines, its signature): one flowable for ReportLab to place instead of six, which
    matters when a batch lays out hundreds of thousands of them. Spacing is kept: the block
    takes the space before its first item and the space after its last.
    """

    def __init__(self, items: Sequence[Flowable]) -> None:
        super().__init__()
        self.items = list(items)
        self._placed: list[tuple[Flowable, float]] = []
        if self.items:
            self.spaceBefore = self.items[0].getSpaceBefore()
            self.spaceAfter = self.items[-1].getSpaceAfter()

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, y, placed = available_width, 0.0, []
        for index, item in enumerate(self.items):
            if index:
                y += self.items[index - 1].getSpaceAfter() + item.getSpaceBefore()
            _w, height = item.wrap(available_width, available_height)
            y += height
            placed.append((item, y))
        self.height = y
        self._placed = placed
        return self.width, self.height

    def draw(self) -> None:
        for item, bottom in self._placed:
            item.drawOn(self.canv, 0, self.height - bottom)


class DrawnOnce(Stack):
    """A Stack drawn once per PDF and stamped wherever it recurs.

    A batch of statements repeats the same letterhead on thousands of pages. Drawing it anew
    each time costs a tenth of the batch; a PDF form XObject holds it once, and each page
    says "draw that form here" (the text stays selectable and extractable). ``key`` must
    change whenever the content does: the first block drawn under a key is what every
    later one shows.
    """

    def __init__(self, key: str, items: Sequence[Flowable]) -> None:
        super().__init__(items)
        self.key = "".join(ch if ch.isalnum() else "_" for ch in key)

    def draw(self) -> None:
        canvas = self.canv
        name = f"{self.key}_{round(self.width)}_{round(self.height)}"
        if not canvas.hasForm(name):
            # The bounding box clips: leave room for Arabic descenders below the last line.
            canvas.beginForm(name, -4, -12, self.width + 4, self.height + 12)
            for item, bottom in self._placed:
                item.drawOn(canvas, 0, self.height - bottom)
            canvas.endForm()
        canvas.doForm(name)
