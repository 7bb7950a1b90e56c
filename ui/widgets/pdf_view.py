"""PDF pages on screen, drawn by PDFium (``pypdfium2``): a scrolling column of pages with zoom.

PDFium rather than Qt's QtPdf, which only ships in PySide6-Addons (a 59 MB download) while we
depend on PySide6-Essentials. Pages are drawn lazily, when they scroll into view, and only the
pages near the view keep their image: a year's register may have 80 pages, which would take
some 300 MB and several seconds if all were drawn at once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, QSizeF, Qt, QTimer
from PySide6.QtGui import QImage, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from assocdesk.i18n import _
from ui import theme

if TYPE_CHECKING:  # QtPrintSupport is loaded only when printing
    from PySide6.QtPrintSupport import QPrinter

_FORMATS = {
    "RGB": QImage.Format.Format_RGB888,
    "RGBA": QImage.Format.Format_RGBA8888,
    "RGBX": QImage.Format.Format_RGBX8888,
    "L": QImage.Format.Format_Grayscale8,
}
KEEP_RENDERED = 12  # pages kept drawn around the view; farther ones drop their image
# Printing draws each page as an image at the printer's resolution, capped: 300 dpi is sharp
# for text and keeps an A4 page near 25 MB in memory.
PRINT_DPI_MAX = 300


# PDFium must never run in two threads at once: a receipt is printed (painted) on the writer
# thread while the preview may draw its pages on the UI thread.
_PDFIUM = threading.RLock()


def _page_image(document, index: int, scale: float) -> QImage:
    with _PDFIUM:
        return _locked_page_image(document, index, scale)


def _close(document) -> None:
    with _PDFIUM:
        document.close()


def _locked_page_image(document, index: int, scale: float) -> QImage:
    page = document[index]
    try:
        bitmap = page.render(scale=scale, rev_byteorder=True)  # RGB byte order, as Qt reads it
        try:
            image = QImage(
                bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, _FORMATS[bitmap.mode]
            )
            return image.copy()  # detach from PDFium's buffer before it is freed
        finally:
            bitmap.close()
    finally:
        page.close()


def open_pdf(pdf: bytes):
    """A PDFium document over ``pdf`` (close it when done)."""
    import pypdfium2 as pdfium

    with _PDFIUM:
        return pdfium.PdfDocument(pdf)


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's (width, height) in points."""
    document = open_pdf(pdf)
    try:
        with _PDFIUM:
            return [tuple(document.get_page_size(i)) for i in range(len(document))]  # type: ignore[misc]
    finally:
        _close(document)


def render_pages(pdf: bytes, scale: float) -> Iterator[QImage]:
    """Each page as an image, ``scale`` pixels per point, one at a time (printing 40 pages must
    not hold 40 full-resolution pages in memory)."""
    document = open_pdf(pdf)
    try:
        for index in range(len(document)):
            yield _page_image(document, index, scale)
    finally:
        _close(document)


def paint(printer: QPrinter, pdf: bytes) -> None:
    """Draw each page of ``pdf`` fitted to the sheet and centred, one page per sheet.

    Raises if the printer refused; the job is then aborted, not left half-sent.
    """
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(_("The printer could not be opened."))
    dpi = min(printer.resolution(), PRINT_DPI_MAX)
    try:
        sheet = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
        for number, image in enumerate(render_pages(pdf, dpi / 72)):
            if number and not printer.newPage():
                raise OSError(_("The printer refused a new page."))
            size = QSizeF(image.size()).scaled(sheet.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(sheet.topLeft(), size)
            target.moveCenter(sheet.center())
            painter.drawImage(target, image)
    except BaseException:
        printer.abort()
        painter.end()
        raise
    painter.end()


def _close_all(documents: list) -> None:
    while documents:
        _close(documents.pop())


class PdfView(QScrollArea):
    """Shows one PDF; :meth:`set_pdf` replaces it, :attr:`zoom` 1.0 is the paper's real size."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zoom = 1.0
        self.page_labels: list[QLabel] = []
        self.sizes: list[tuple[float, float]] = []
        self._open: list = []  # the open PDFium document, closed with this widget at the latest
        self._drawn: set[int] = set()
        self.pages = QWidget()
        self.pages.setObjectName("pages")
        theme.style(self.pages, theme.Style.BACKDROP)
        self._layout = QVBoxLayout(self.pages)
        self._layout.setSpacing(12)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setWidget(self.pages)
        self.setWidgetResizable(True)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self._draw_timer = QTimer(self, singleShot=True, interval=0)
        self._draw_timer.timeout.connect(self.draw_visible)
        self.verticalScrollBar().valueChanged.connect(lambda _value: self._draw_timer.start())
        self.destroyed.connect(lambda *_args, held=self._open: _close_all(held))

    def set_pdf(self, pdf: bytes) -> None:
        self.close_document()
        self.sizes = page_sizes(pdf)
        self._open.append(open_pdf(pdf))
        self.relayout()

    def close_document(self) -> None:
        _close_all(self._open)

    def set_zoom(self, zoom: float) -> None:
        self.zoom = zoom
        self.relayout()

    def fit_width_zoom(self, width: int) -> float:
        """The zoom at which the first page is ``width`` pixels wide."""
        if not self.sizes:
            return 1.0
        return width / (self.sizes[0][0] / 72 * self.logicalDpiX())

    def relayout(self) -> None:
        """One empty frame per page, at the page's size; images come in draw_visible()."""
        for label in self.page_labels:
            self._layout.removeWidget(label)
            label.hide()  # at once: deleted later, it would cover the new page until then
            label.deleteLater()
        self.page_labels = []
        self._drawn = set()
        pixels_per_point = self.zoom * self.logicalDpiX() / 72
        for number, (width, height) in enumerate(self.sizes, start=1):
            label = QLabel()
            label.setObjectName(f"page_{number}")
            theme.style(label, theme.Style.PAPER)
            label.setFixedSize(
                QSize(round(width * pixels_per_point) + 2, round(height * pixels_per_point) + 2)
            )
            self._layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        # Regression: pages were judged visible by their labels' positions, all 0 before
        # layout, so a 58-page batch was drawn whole (2 GB at 300 % zoom).
        self.draw_visible(at_least=1)
        self._draw_timer.start()

    def visible_pages(self) -> list[int]:
        """Pages in view, from the pages' fixed sizes and the layout's spacing — not from the
        labels' positions, which are all 0 until Qt has laid them out."""
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        y = self._layout.contentsMargins().top()
        spacing = max(self._layout.spacing(), 0)
        visible = []
        for index, label in enumerate(self.page_labels):
            height = label.maximumHeight()  # fixed size: known before layout
            if y < bottom and y + height > top:
                visible.append(index)
            elif y >= bottom:
                break
            y += height + spacing
        return visible

    def draw_visible(self, at_least: int = 0) -> None:
        """Draw the pages in view (and the first ``at_least``); forget the far ones."""
        self._draw(set(self.visible_pages()) | set(range(min(at_least, len(self.page_labels)))))

    def _draw(self, wanted: set[int]) -> None:
        if not self._open:
            return
        document = self._open[0]
        ratio = self.devicePixelRatioF()
        scale = self.zoom * self.logicalDpiX() / 72 * ratio
        for index in sorted(wanted - self._drawn):
            pixmap = QPixmap.fromImage(_page_image(document, index, scale))
            pixmap.setDevicePixelRatio(ratio)
            self.page_labels[index].setPixmap(pixmap)
            self._drawn.add(index)
        if len(self._drawn) > KEEP_RENDERED and wanted:
            centre = sum(wanted) / len(wanted)
            for index in sorted(self._drawn, key=lambda i: -abs(i - centre))[
                : len(self._drawn) - KEEP_RENDERED
            ]:
                self.page_labels[index].clear()
                self._drawn.discard(index)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._draw_timer.start()
