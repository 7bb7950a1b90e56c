"""The pieces a Cerfa is drawn with: ticked boxes, ruled sections, "label : value" fields.

Apart from the reçu fiscal (assocdesk.reports.tax_receipt) because they are the model's
drawing, not its facts: the fields left empty print the model's dots, as a form filled by hand
leaves them.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from assocdesk.reports.bidi_text import visual
from assocdesk.reports.flowables import Stack
from assocdesk.reports.layout import ACCENT, MUTED, Setup

DOTS = "…"  # what the model shows where a field is not known


class CheckList(Flowable):
    """Boxes with their labels, one after the other on as many lines as needed (or one a line
    with ``stacked``); a ticked box has an X in it."""

    BOX = 7.0

    def __init__(
        self, setup: Setup, options: Sequence[tuple[str, bool]], *, stacked: bool = False
    ) -> None:
        super().__init__()
        self.setup, self.options, self.stacked = setup, list(options), stacked
        self.size, self.leading = (7.5, 9.6) if stacked else (8.5, 11.5)
        self._placed: list[tuple[float, int, str, bool]] = []

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        font, size = self.setup.fonts.regular, self.size
        x, line, placed = 0.0, 0, []
        label_room = available_width - self.BOX - 4
        for label, ticked in self.options:
            pieces = wrap_words(label, label_room, font, size) if self.stacked else [label]
            width = self.BOX + 4 + stringWidth(pieces[0], font, size) + 14
            if x and (self.stacked or x + width > available_width):
                x, line = 0.0, line + 1
            placed.append((x, line, pieces[0], ticked))
            for more in pieces[1:]:
                line += 1
                placed.append((x + self.BOX + 4, line, more, None))
            x += width
        self._placed = placed
        self.width = available_width
        self.height = (line + 1) * self.leading
        return self.width, self.height

    def draw(self) -> None:
        canvas, font, size = self.canv, self.setup.fonts.regular, self.size
        canvas.setFont(font, size)
        for x, line, text, ticked in self._placed:
            y = self.height - (line + 1) * self.leading + 3
            if ticked is None:  # a continuation line of a long label
                canvas.setFillColor(colors.black)
                canvas.drawString(x, y, visual(text, font))
                continue
            canvas.setStrokeColor(colors.black)
            canvas.setLineWidth(0.6)
            canvas.rect(x, y - 1, self.BOX, self.BOX)
            canvas.setFillColor(colors.black)
            if ticked:
                canvas.setFont(self.setup.fonts.bold, size)
                canvas.drawCentredString(x + self.BOX / 2, y, "X")
                canvas.setFont(font, size)
            canvas.drawString(x + self.BOX + 4, y, visual(text, font))


def wrap_words(text: str, width: float, font: str, size: float) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and stringWidth(trial, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current] if current else lines or [""]


class Boxed(Stack):
    """A section of the form: its title on a band, its fields in a ruled frame."""

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setStrokeColor(MUTED)
        self.canv.setLineWidth(0.6)
        self.canv.rect(-3, -3, self.width + 6, self.height + 3)
        self.canv.restoreState()
        super().draw()


def field(setup: Setup, label: str, value: str, size: float = 9) -> Flowable:
    return setup.text(f"{label} : {value or DOTS}", size, space_after=0.5)


def fields(setup: Setup, pairs: Sequence[tuple[str, str]]) -> Flowable:
    """Short fields of one line of the model ("Code postal … Commune …")."""
    text = "    ".join(f"{label} : {value or DOTS}" for label, value in pairs)
    return setup.text(text, 9, space_after=0.5)


def section(setup: Setup, title: str, items: list[Flowable]) -> Flowable:
    heading = setup.text(title, 10, bold=True, color=ACCENT, space_after=1.5)
    section = Boxed([heading, *items])
    section.spaceBefore = 3 * mm
    section.keepTogether = True
    return section
