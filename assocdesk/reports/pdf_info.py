"""What a PDF says about itself, and the fonts it names: the same for every document.

- The real creation date. Documents are built with ReportLab's ``invariant=1`` (same data,
  same bytes: a reprint differs from the original only where the document says so), and that
  mode dates every PDF 1 January 2000. The date is put back to the day (a time only when one
  is given), so that two prints of one day stay byte for byte alike.
- /Title, /Author (the association), /Creator (AssocDesk), and /Lang in the catalog (given to
  the canvas by whoever makes it).
- No standard font: a ReportLab canvas starts every page by selecting its initial font,
  Helvetica unless told otherwise, and names it in the page's resources without embedding
  it; ReportLab's charts and tables fall back on Helvetica wherever a font was not set.
  Canvases are made with the document's own font as initial font, and a
  :class:`DocumentCanvas` draws with the document's font whatever standard font it is asked
  for (the layout is measured with the standard font's widths: set the font, this is a net).
"""

from __future__ import annotations

import io
import os
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import standardFonts
from reportlab.pdfgen.canvas import Canvas

from assocdesk.reports.fonts import FontPair, document_fonts
from assocdesk.reports.neutral import bare

if TYPE_CHECKING:
    from assocdesk.reports.layout import Setup


def pdf_date(created: date | datetime | None = None) -> str:
    """``created`` as a PDF date: "D:20250611" for a day, "D:20250611143005+01'00'" for a time.

    None is today (or the moment SOURCE_DATE_EPOCH says, for reproducible builds).
    """
    if created is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        created = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else date.today()
    if not isinstance(created, datetime):
        return created.strftime("D:%Y%m%d")
    if created.tzinfo is None:
        created = created.astimezone()
    offset = created.strftime("%z") or "+0000"
    return created.strftime("D:%Y%m%d%H%M%S") + f"{offset[:3]}'{offset[3:]}'"


def metadata_text(text: str) -> str:
    """``text`` as a PDF's information dictionary shows it: one line, no control at all."""
    return " ".join(bare(text).split())


def describe(
    canvas: Canvas,
    *,
    title: str,
    author: str,
    created: date | datetime | None = None,
) -> None:
    """Title, author, creator and the real creation date of the PDF ``canvas`` will write."""
    canvas.setTitle(metadata_text(title))
    canvas.setAuthor(metadata_text(author))
    canvas.setCreator("AssocDesk")
    canvas.setSubject("")  # not ReportLab's "(unspecified)"
    stamp = pdf_date(created)
    canvas.setDateFormatter(lambda *_invariant_date: stamp)


class DocumentCanvas(Canvas):
    """A canvas that never names a standard (unembedded) font: see the module's docstring."""

    fonts: FontPair  # set by the subclass or the instance

    def setFont(self, psfontname: str, size: float, leading: float | None = None) -> None:
        if psfontname in standardFonts:
            psfontname = self.fonts.bold if "Bold" in psfontname else self.fonts.regular
        super().setFont(psfontname, size, leading)


def document_canvas(
    output: io.BytesIO,
    setup: Setup | None,
    *,
    title: str,
    pagesize: tuple[float, float] | None = None,
    created: date | datetime | None = None,
) -> DocumentCanvas:
    """A canvas for a document drawn by hand (member cards), as clean as :func:`build`'s.

    Its first font is the document's, not ReportLab's default Helvetica (which every page
    would otherwise name, unembedded); the catalog says the language.
    """
    fonts = setup.fonts if setup else document_fonts()
    canvas = DocumentCanvas(
        output,
        pagesize=pagesize or (setup.page_size if setup else A4),
        invariant=1,
        initialFontName=fonts.regular,
        lang=setup.language if setup else None,
    )
    canvas.fonts = fonts
    describe(canvas, title=title, author=setup.letterhead.name if setup else "", created=created)
    return canvas
