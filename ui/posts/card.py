"""The image card of a post, drawn with Qt: 1080×1080 for a post, 1200×630 for a link preview.

Qt shapes Arabic (joined letters, right to left) and mixes scripts on one line, which a plain
image library does not. The content comes from the core (assocdesk.posts.card.CardContent); this
module only lays it out. It needs a QGuiApplication (fonts); ``render_png`` makes an offscreen one
when the caller (the command line) has none.
"""

from __future__ import annotations

import os
from functools import cache

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QTextOption,
)

from assocdesk.posts.card import CARD_SIZES, CardContent
from assocdesk.reports.fonts import BUNDLED

ACCENT = QColor("#0f766e")  # a calm teal: reads well on phones, in light and dark feeds
INK = QColor("#1f2933")
MUTED = QColor("#52606d")
PAPER = QColor("#f7f5f0")


def ensure_gui_application() -> QGuiApplication:
    """The running Qt application, or an offscreen one for headless use (the CLI).

    A QApplication (not a bare QGuiApplication): a process has one application object for good,
    and one without widgets would make any later window (a test after a CLI test) abort.
    """
    from PySide6.QtWidgets import QApplication

    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([])
    return app  # type: ignore[return-value]


@cache
def _family() -> str:
    """Amiri (bundled): Arabic and Latin in one face, the same on every machine."""
    family = ""
    for name in ("Amiri-Regular.ttf", "Amiri-Bold.ttf"):
        font_id = QFontDatabase.addApplicationFont(str(BUNDLED / name))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        family = family or (families[0] if families else "")
    return family or QFont().family()


def _font(pixels: float, bold: bool = False) -> QFont:
    font = QFont(_family())
    font.setPixelSize(max(8, round(pixels)))
    font.setBold(bold)
    return font


def _fit_text(
    rect: QRectF, text: str, pixels: float, bold: bool, rtl: bool, centred: bool, min_pixels: float
) -> tuple[QFont, float, QTextOption]:
    """The font (shrunk until ``text`` fits ``rect``), the text's height, and its layout."""
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    option.setTextDirection(
        Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    )
    # Absolute: with a right-to-left direction Qt would mirror AlignRight back to the left.
    horizontal = (
        Qt.AlignmentFlag.AlignHCenter
        if centred
        else (Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
    ) | Qt.AlignmentFlag.AlignAbsolute
    option.setAlignment(horizontal | Qt.AlignmentFlag.AlignTop)
    size = pixels
    while True:
        font = _font(size, bold)
        bounds = QFontMetricsF(font).boundingRect(
            rect, int(Qt.TextFlag.TextWordWrap) | int(horizontal.value), text
        )
        if bounds.height() <= rect.height() or size <= min_pixels:
            return font, min(bounds.height(), rect.height()), option
        size *= 0.92


def _draw_text(
    painter: QPainter,
    rect: QRectF,
    text: str,
    pixels: float,
    *,
    bold: bool = False,
    colour: QColor = INK,
    rtl: bool = False,
    centred: bool = False,
    min_pixels: float = 18,
) -> float:
    """Draw ``text`` wrapped in ``rect``, shrinking the font until it fits; its height."""
    font, height, option = _fit_text(rect, text, pixels, bold, rtl, centred, min_pixels)
    painter.setFont(font)
    painter.setPen(colour)
    painter.drawText(rect, text, option)
    return height


def _draw_photo(painter: QPainter, image: QImage, width: int, height: int) -> None:
    """The photo covering the card (cropped, never stretched), darkened so text stays legible."""
    scaled = image.scaled(
        width,
        height,
        Qt.AspectRatioMode.KeepAspectRatioByExpanding,
        Qt.TransformationMode.SmoothTransformation,
    )
    painter.drawImage(
        QRectF(0, 0, width, height),
        scaled,
        QRectF((scaled.width() - width) / 2, (scaled.height() - height) / 2, width, height),
    )
    shade = QLinearGradient(0, 0, 0, height)
    shade.setColorAt(0, QColor(0, 0, 0, 90))
    shade.setColorAt(1, QColor(0, 0, 0, 200))
    painter.fillRect(QRectF(0, 0, width, height), shade)


def draw_card(content: CardContent, size: str = "square") -> QImage:
    """The card as an image of CARD_SIZES[size] pixels."""
    ensure_gui_application()
    width, height = CARD_SIZES[size]
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(PAPER)
    painter = QPainter(image)
    painter.setRenderHints(
        QPainter.RenderHint.Antialiasing
        | QPainter.RenderHint.TextAntialiasing
        | QPainter.RenderHint.SmoothPixmapTransform
    )
    rtl = content.right_to_left
    unit = min(width, height) / 1080  # every measure scales with the card
    margin = 64 * unit
    photo = QImage(str(content.photo)) if content.photo else QImage()
    on_photo = not photo.isNull()
    if on_photo:
        _draw_photo(painter, photo, width, height)
    text_colour = QColor("white") if on_photo else INK
    soft_colour = QColor(255, 255, 255, 220) if on_photo else MUTED

    # Band: logo and the association's name.
    band = 150 * unit
    painter.fillRect(QRectF(0, 0, width, band), ACCENT)
    name_left = margin
    name_width = width - 2 * margin
    logo = QImage(str(content.logo)) if content.logo else QImage()
    if not logo.isNull():
        side = band - 40 * unit
        logo = logo.scaled(
            round(side), round(side), Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )  # fmt: skip
        x = width - margin - logo.width() if rtl else margin
        painter.drawImage(round(x), round((band - logo.height()) / 2), logo)
        name_width -= logo.width() + 24 * unit
        if not rtl:
            name_left += logo.width() + 24 * unit
    _draw_text(
        painter, QRectF(name_left, 30 * unit, name_width, band - 50 * unit), content.association,
        44 * unit, bold=True, colour=QColor("white"), rtl=rtl, min_pixels=22 * unit,
    )  # fmt: skip

    # Title, date and key figures as one block, centred between the band and the footer.
    inner = width - 2 * margin
    footer = 90 * unit
    figures = content.figures[:3]
    gap = 24 * unit
    box_height = 230 * unit if figures else 0
    room = height - band - footer - 2 * 40 * unit
    title_box = QRectF(margin, 0, inner, room * (0.5 if figures else 0.8))
    _title_font, title_height, _layout = _fit_text(
        title_box, content.title, 84 * unit, True, rtl, False, 34 * unit
    )
    date_height = 70 * unit if content.date else 0
    block = title_height + 18 * unit + date_height + (48 * unit + box_height if figures else 0)
    top = band + 40 * unit + max(0.0, (room - block) / 2)
    title_box.moveTop(top)
    top += _draw_text(
        painter, title_box, content.title, 84 * unit, bold=True, colour=text_colour, rtl=rtl,
        min_pixels=34 * unit,
    )  # fmt: skip
    top += 18 * unit
    if content.date:
        _draw_text(
            painter, QRectF(margin, top, inner, date_height), content.date, 40 * unit,
            colour=soft_colour, rtl=rtl,
        )  # fmt: skip
        top += date_height

    # Key figures in boxes, in reading order (from the right in Arabic).
    if figures:
        box_height = min(box_height, height - footer - top - 48 * unit)
        box_width = (inner - gap * (len(figures) - 1)) / len(figures)
        y = top + 48 * unit
        for index, figure in enumerate(figures):
            slot = len(figures) - 1 - index if rtl else index
            x = margin + slot * (box_width + gap)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(255, 255, 255, 40) if on_photo else QColor("white"))
            painter.drawRoundedRect(QRectF(x, y, box_width, box_height), 24 * unit, 24 * unit)
            pad = 18 * unit
            value_box = QRectF(x + pad, y + pad, box_width - 2 * pad, box_height * 0.55)
            _draw_text(
                painter, value_box, figure.value, 72 * unit, bold=True,
                colour=QColor("white") if on_photo else ACCENT, rtl=rtl, centred=True,
                min_pixels=26 * unit,
            )  # fmt: skip
            label_box = QRectF(
                x + pad, y + pad + box_height * 0.55, box_width - 2 * pad, box_height * 0.4 - pad
            )
            _draw_text(
                painter, label_box, figure.label, 32 * unit, colour=soft_colour, rtl=rtl,
                centred=True, min_pixels=16 * unit,
            )  # fmt: skip
    if content.hashtag:
        _draw_text(
            painter, QRectF(margin, height - footer + 16 * unit, inner, footer - 24 * unit),
            content.hashtag, 36 * unit, bold=True, colour=QColor("white") if on_photo else ACCENT,
            rtl=rtl,
        )  # fmt: skip
    painter.end()
    return image


def render_png(content: CardContent, size: str = "square") -> bytes:
    """The card as PNG bytes (to write whole, or to put on the clipboard)."""
    image = draw_card(content, size)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError("PNG encoding failed")
    buffer.close()
    return bytes(data.data())
