"""The closing of a signed document: place and date, the signer, a line to sign on, a stamp box.

"Fait à Casablanca, le 1er janvier 2025" / «حرر بالدار البيضاء في 19 يناير 2025», then the
signer's title and name above a line to sign on, and beside them a box for the association's
stamp. The date is the long form legal documents use (:func:`format_long_date_legal`), never
the short one of tables. The signer's column stands at the end of the line (right in French,
left in Arabic), the stamp box at the start.

The block never splits, and a caller keeps it with what is above it (:class:`KeepEnd`, or
``KeepTogether`` with the last lines): a signature alone at the top of a page certifies nothing.

The title is given by the caller, as text or as a function of the document's language, so that
titles agreeing with the signer's gender (``assocdesk.text.civility.signer_title``) plug in
without touching this module; :func:`signer_title` is the default.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from assocdesk.i18n import N_, translate_in
from assocdesk.reports.bidi_text import isolate, starts_right_to_left, visual
from assocdesk.reports.flowables import Stack
from assocdesk.reports.layout import MUTED, Setup
from assocdesk.text.locales import format_long_date_legal

# The signer's title when nothing more is known (gender-neutral wording comes with civility).
ROLE_TITLES = {"treasurer": N_("The treasurer"), "president": N_("The president")}
Title = str | Callable[[str], str]  # the title, or language → title
STAMP_BORDER = colors.HexColor("#9aa5b1")


def signer_title(role: str, gender: str | None, language: str) -> str:
    """The title under which ``role`` signs in ``language``: the translated role.

    Same signature as ``assocdesk.text.civility.signer_title``, which makes the title agree
    with ``gender``; documents call this one through a parameter, so either can be used.
    """
    del gender  # agreement is civility's job; this fallback keeps the existing titles
    return translate_in(language, ROLE_TITLES[role])


def place_and_date(setup: Setup, issued_on: date, place: str | None = None) -> str:
    """ "Fait à Casablanca, le 19 janvier 2025", «حرر بالدار البيضاء في 19 يناير 2025».

    Arabic glues «ب» to an Arabic place name; a place written in Latin letters gets «في» and
    «بتاريخ» instead («حُرّر في Casablanca بتاريخ …»), since «بCasablanca» cannot be read.
    """
    t, day = setup.t, format_long_date_legal(issued_on, setup.locale)
    place = setup.letterhead.city if place is None else place
    if not place:
        return t("Issued on {date}").format(date=day)
    if setup.rtl and not starts_right_to_left(place):
        return t("Issued in {place} on {date}").format(place=isolate(place, True), date=day)
    if setup.rtl:  # an Arabic place joins «ب»: an isolate's marks would break the joining
        return t("Done at {place} on {date}").format(place=place, date=day)
    return t("Done at {place} on {date}").format(place=isolate(place, setup.rtl), date=day)


class _SignLine(Flowable):
    """A line to sign on, the width of the signer's column, with "Signature" under it."""

    def __init__(self, setup: Setup, width: float, height: float = 16 * mm) -> None:
        super().__init__()
        self.setup, self.line_width, self.line_height = setup, width, height
        self.label = visual(setup.t("Signature"))

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = self.line_height
        return self.width, self.height

    def draw(self) -> None:
        canvas, setup = self.canv, self.setup
        left = 0.0 if setup.rtl else self.width - self.line_width
        canvas.setStrokeColor(MUTED)
        canvas.setLineWidth(0.6)
        canvas.line(left, 9, left + self.line_width, 9)
        canvas.setFont(setup.fonts.regular, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawCentredString(left + self.line_width / 2, 1, self.label)


class _StampBox(Flowable):
    """A dashed box at the start of the line for the association's stamp, labelled inside."""

    def __init__(self, setup: Setup, width: float = 46 * mm, height: float = 28 * mm) -> None:
        super().__init__()
        self.setup, self.box_width, self.box_height = setup, width, height
        self.label = visual(setup.t("Stamp of the association"))

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, self.box_height
        return self.width, self.height

    def draw(self) -> None:
        canvas, setup = self.canv, self.setup
        left = self.width - self.box_width if setup.rtl else 0.0
        canvas.saveState()
        canvas.setStrokeColor(STAMP_BORDER)
        canvas.setLineWidth(0.6)
        canvas.setDash(3, 2)
        canvas.rect(left, 0, self.box_width, self.box_height)
        canvas.restoreState()
        canvas.setFont(setup.fonts.regular, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawCentredString(left + self.box_width / 2, self.box_height - 10, self.label)


class _Beside(Flowable):
    """The stamp box and the signer's column side by side, top-aligned."""

    def __init__(self, stamp: Flowable | None, signer: Stack) -> None:
        super().__init__()
        self.stamp, self.signer = stamp, signer

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        _w, signer_height = self.signer.wrap(available_width, available_height)
        stamp_height = self.stamp.wrap(available_width, available_height)[1] if self.stamp else 0
        self.height = max(signer_height, stamp_height)
        return self.width, self.height

    def draw(self) -> None:
        if self.stamp is not None:
            self.stamp.drawOn(self.canv, 0, self.height - self.stamp.height)
        self.signer.drawOn(self.canv, 0, self.height - self.signer.height)


def signature_block(
    setup: Setup,
    issued_on: date,
    title: Title,
    name: str = "",
    *,
    place: str | None = None,
    stamp: bool = True,
    space_before: float = 6 * mm,
) -> Flowable:
    """Place and date, the signer (title, name, a line to sign on) and a stamp box, as one
    block that does not split. ``place`` defaults to the association's city; ``title`` is the
    signer's title or a function of the document's language that gives it."""
    shown_title = title(setup.language) if callable(title) else title
    column = min(70 * mm, setup.frame_width * 0.45)
    signer_items: list[Flowable] = [
        setup.text(shown_title, 10, bold=True, align="end", space_after=0)
    ]
    if name:
        signer_items.append(setup.text(name, 10, align="end", space_after=0))
    signer_items.append(_SignLine(setup, column))
    beside = _Beside(_StampBox(setup) if stamp else None, Stack(signer_items))
    dated = setup.text(place_and_date(setup, issued_on, place), 10, align="end", space_after=4)
    block = Stack([dated, beside])
    block.spaceBefore = space_before
    block.keepTogether = True
    return block
