"""What every document shares: language and direction, fonts, the association's letterhead,
page numbers "page 2 of 3", and the big VOID mark.

Documents are built with ``invariant=1`` so the same data gives the same bytes on the same
day: a reprint differs from the original only where the document says so (the duplicate
mark). Their metadata (real creation date, title, language, author) and fonts: see pdf_info.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer

from assocdesk.i18n import LANGUAGES, is_rtl, translate_in
from assocdesk.models import AssociationProfile
from assocdesk.reports import document_text
from assocdesk.reports.bidi_text import (
    starts_right_to_left,
    visual,
    visual_lines,
    visual_numbered,
)
from assocdesk.reports.flowables import BidiParagraph, DrawnOnce, data_table
from assocdesk.reports.fonts import FontPair, document_fonts
from assocdesk.reports.letterhead import SEPARATOR, Letterhead
from assocdesk.reports.pdf_info import DocumentCanvas, describe, metadata_text
from assocdesk.text.civility import signer_title
from assocdesk.text.locales import babel_locale, format_date, format_number
from assocdesk.text.money import format_money

log = logging.getLogger(__name__)
ACCENT = colors.HexColor("#1f4e79")
MUTED = colors.HexColor("#555555")
VOID_RED = colors.HexColor("#c0392b")
PAGE_SIZES = {"A4": A4, "A5": A5}


@dataclass(frozen=True)
class Setup:
    """Language, direction, formats and fonts of one document."""

    language: str
    locale: str
    fonts: FontPair
    letterhead: Letterhead
    page_size: tuple[float, float] = A4
    country: str = ""
    # Arabic-Indic digits (٠١٢٣) on everything this Arabic document draws but identifiers
    # (see document_text): set once here, from the association's setting.
    indic: bool = False

    @classmethod
    def for_language(
        cls, language: str, profile: AssociationProfile | None, paper: str = "A4"
    ) -> Setup:
        language = language if language in LANGUAGES else "fr"
        country = profile.country if profile else ""
        fonts = document_fonts(profile.document_font if profile else "")
        indic = bool(profile and language == "ar" and profile.arabic_digits == "arabic-indic")
        return cls(
            language,
            babel_locale(language, country),
            fonts,
            Letterhead.of(profile, language),
            PAGE_SIZES.get(paper, A4),
            (country or "").upper(),
            indic,
        )

    @property
    def rtl(self) -> bool:
        return is_rtl(self.language)

    @property
    def small(self) -> bool:
        return self.page_size == A5

    def t(self, message: str) -> str:
        """The message in the document's language, in the region's words (document_text)."""
        regional = document_text.regional(message, self.language, self.country)
        return regional if regional is not None else translate_in(self.language, message)

    def shown(self, text: str) -> str:
        """``text`` with the document's digits (identifiers fenced by keep_ltr excepted)."""
        return document_text.indic_digits(text) if self.indic else text

    def money(self, minor: int, currency: str) -> str:
        text = format_money(minor, currency, self.locale)
        return document_text.indic_number(text, self.locale) if self.indic else text

    def number(self, value: int | float) -> str:
        text = format_number(value, self.locale)
        return document_text.indic_number(text, self.locale) if self.indic else text

    def date(self, value: date | None) -> str:
        return self.shown(format_date(value, self.locale))

    def signer(self, role: str) -> Callable[[str], str]:
        """The title ``role`` ("president", "treasurer") signs under, agreeing with the
        signer's gender set in Settings, as a function of the language (signature_block)."""
        gender = {
            "president": self.letterhead.president_gender,
            "treasurer": self.letterhead.treasurer_gender,
        }.get(role)
        return partial(signer_title, role, gender)

    def signature(self, issued_on: date, role: str, name: str) -> list[Flowable]:
        """ "Issued in <city> on <date>", the signer's role (translated) and name, at the end.

        The same closing on receipts, statements and certificates; the caller adds the space
        and the line to sign on that its document needs.
        """
        t, day = self.t, self.date(issued_on)
        place = self.letterhead.city
        issued = (
            t("Issued in {place} on {date}").format(place=place, date=day)
            if place
            else t("Issued on {date}").format(date=day)
        )
        lines = [
            self.text(issued, 10, align="end"),
            self.text(role, 10, bold=True, align="end"),
        ]
        if name:
            lines.append(self.text(name, 10, align="end"))
        return lines

    # -- flowables -----------------------------------------------------------------------
    def text(
        self,
        text: str,
        size: float = 10,
        *,
        bold: bool = False,
        align: str = "start",
        color: colors.Color = colors.black,
        space_after: float = 3,
    ) -> BidiParagraph:
        font = self.fonts.bold if bold else self.fonts.regular
        return BidiParagraph(
            self.shown(text),
            font,
            size,
            rtl=self.rtl,
            align=align,
            color=color,
            space_after=space_after,
        )

    def title(self, text: str) -> BidiParagraph:
        return self.text(
            text, 13 if self.small else 17, bold=True, align="center", color=ACCENT, space_after=4
        )

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        numeric: Sequence[int] = (),
        *,
        total_row: bool = False,
        size: float = 9,
    ) -> Flowable:
        if self.indic:
            rows = [[self.shown(v) if isinstance(v, str) else v for v in row] for row in rows]
        return data_table(
            header,
            rows,
            widths,
            font=self.fonts.regular,
            bold=self.fonts.bold,
            size=size,
            rtl=self.rtl,
            numeric=numeric,
            total_row=total_row,
        )

    def heading(self) -> list[Flowable]:
        """The letterhead at the top of the first page: name, logo, address, contacts."""
        head = self.letterhead
        items: list[Flowable] = [LogoAndName(self)]
        for line in (*head.address_lines, head.registration, head.contact_line):
            if line:
                items.append(self.text(line, 8.5 if self.small else 9, color=MUTED, space_after=0))
        items.append(Rule())
        # A digest, not hash(): the same letterhead must give the same bytes in every run.
        digest = hashlib.sha1(repr((self.language, self.page_size, head)).encode()).hexdigest()
        return [DrawnOnce(f"letterhead_{digest[:12]}", items)]

    @property
    def frame_width(self) -> float:
        """Width flowables get: the page less margins and the frame's own 6 pt paddings."""
        return self.page_size[0] - 2 * self.margin - 12

    @property
    def margin(self) -> float:
        return 12 * mm if self.small else 18 * mm


class LogoAndName(Flowable):
    """The association's name (and logo, at the other end of the line) at the top of page 1.

    A long name ("Association … pour le développement et la solidarité") never runs under the
    logo: it is set smaller, then on two lines, within the width the logo leaves.
    """

    SIZES = (16, 14, 12)  # points tried in turn (A5: two points less)

    def __init__(self, setup: Setup) -> None:
        super().__init__()
        self.setup = setup
        self.logo_height = 14 * mm if setup.small else 18 * mm
        self.logo_width = self.logo_height * 1.6
        self.size = 0.0
        self.lines: tuple[str, ...] = ()

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        setup = self.setup
        self.width = available_width
        room = available_width - (self.logo_width + 4 * mm if setup.letterhead.logo else 0)
        for size in (s - 2 if setup.small else s for s in self.SIZES):
            self.size = size
            name = setup.shown(setup.letterhead.name)
            self.lines = visual_lines(name, room, setup.fonts.bold, size)
            if len(self.lines) == 1:
                break
        text_height = len(self.lines) * self.size * 1.3 + self.size * 0.35
        self.height = max(self.logo_height if setup.letterhead.logo else 9 * mm, text_height)
        return self.width, self.height

    def draw(self) -> None:
        setup, canvas = self.setup, self.canv
        canvas.setFont(setup.fonts.bold, self.size)
        canvas.setFillColor(ACCENT)
        # With a logo the name stands at the top; without one, on a 9 mm line whose baseline
        # sits a third of the size up, so Arabic descenders (deep in Amiri) clear the address.
        if setup.letterhead.logo or len(self.lines) > 1:
            y = self.height - self.size - 2
        else:
            y = self.size * 0.35
        for line in self.lines:
            if setup.rtl:
                canvas.drawRightString(self.width, y, line)
            else:
                canvas.drawString(0, y, line)
            y -= self.size * 1.3
        logo = setup.letterhead.logo
        if logo is not None:
            x = 0 if setup.rtl else self.width - self.logo_width
            try:
                canvas.drawImage(
                    str(logo),
                    x,
                    self.height - self.logo_height,
                    width=self.logo_width,
                    height=self.logo_height,
                    preserveAspectRatio=True,
                    anchor="w" if setup.rtl else "e",
                    mask="auto",
                )
            except OSError:  # an unreadable logo must not stop a receipt, but is said
                log.warning("logo %s could not be drawn", logo, exc_info=True)


class Rule(Flowable):
    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, 4 * mm

    def draw(self) -> None:
        self.canv.setStrokeColor(ACCENT)
        self.canv.setLineWidth(1.2)
        self.canv.line(0, 2 * mm, self.width, 2 * mm)


def _numbered_canvas(
    setup: Setup, footer: str, void_mark: str, info: dict[str, object]
) -> type[Canvas]:
    """A canvas that knows the page count when it draws "page n of N" on each page, and
    says what the document is (pdf_info.describe)."""

    page_label = setup.t("Page {page} of {total}")
    footer_drawn = visual(setup.shown(footer), setup.fonts.regular)
    rtl = starts_right_to_left(footer) if footer else setup.rtl

    class NumberedCanvas(DocumentCanvas):
        fonts = setup.fonts

        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []
            describe(self, **info)  # type: ignore[arg-type]

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, _height = setup.page_size
            page = setup.shown(visual_numbered(page_label, page=self._pageNumber, total=total))
            self.setFont(setup.fonts.regular, 7.5)
            self.setFillColor(MUTED)
            if not footer:
                self.drawCentredString(width / 2, 8 * mm, page)
            else:
                # "footer — page n of N": the footer is shaped once, not on each page;
                # the paragraph's direction says which part is on the right.
                parts = (page, SEPARATOR, footer_drawn) if rtl else (footer_drawn, SEPARATOR, page)
                widths = [self.stringWidth(part) for part in parts]
                x = (width - sum(widths)) / 2
                for part, part_width in zip(parts, widths, strict=True):
                    self.drawString(x, 8 * mm, part)
                    x += part_width
            if void_mark:
                self.saveState()
                self.setFillColor(VOID_RED, alpha=0.22)
                self.setFont(setup.fonts.bold, 96 if not setup.small else 64)
                self.translate(width / 2, setup.page_size[1] / 2)
                self.rotate(35)
                self.drawCentredString(0, 0, visual(void_mark, setup.fonts.bold))
                self.restoreState()

    return NumberedCanvas


def build(
    setup: Setup,
    story: list[Flowable],
    *,
    title: str,
    footer: str = "",
    void_mark: str = "",
    progress: Callable[[], None] | None = None,
    created: date | datetime | None = None,
) -> bytes:
    """Lay out ``story`` on pages with the letterhead's margins; return the PDF's bytes.

    ``created`` is the PDF's creation date (today when None; see :func:`pdf_date`).
    """
    buffer = io.BytesIO()
    info = {"title": title, "author": setup.letterhead.name, "created": created}
    document = SimpleDocTemplate(
        buffer,
        pagesize=setup.page_size,
        leftMargin=setup.margin,
        rightMargin=setup.margin,
        topMargin=setup.margin * 0.8,
        bottomMargin=16 * mm,
        title=metadata_text(title),
        author=metadata_text(setup.letterhead.name),
        creator="AssocDesk",
        subject="",  # not ReportLab's "(unspecified)"
        invariant=1,
        lang=setup.language,
        initialFontName=setup.fonts.regular,
    )
    callback = (lambda _canvas, _doc: progress()) if progress else (lambda _c, _d: None)
    document.build(
        story,
        onFirstPage=callback,
        onLaterPages=callback,
        canvasmaker=_numbered_canvas(setup, footer, void_mark, info),
    )
    return buffer.getvalue()


def gap(points: float) -> Spacer:
    return Spacer(1, points)


def fold_gaps(story: list[Flowable]) -> list[Flowable]:
    """The story with each gap made the space before the flowable that follows it.

    Same look, fewer flowables: ReportLab's layout costs about the same for a spacer as for
    a paragraph, and a batch of statements lays out hundreds of thousands of them. (A space
    before is also dropped at the top of a page, where a spacer would push the text down.)
    """
    folded: list[Flowable] = []
    pending = 0.0
    for item in story:
        if type(item) is Spacer:
            pending += item.height
            continue
        if pending:
            item.spaceBefore = item.getSpaceBefore() + pending
            pending = 0.0
        folded.append(item)
    if pending:
        folded.append(gap(pending))
    return folded
