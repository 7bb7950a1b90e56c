"""The image card of a post, drawn with Qt, in each of CARD_SIZES (square, portrait, story, wide).

Qt shapes Arabic (joined letters, right to left) and mixes scripts on one line, which a plain
image library does not. The content comes from the core (assocdesk.posts.card.CardContent); this
module only lays it out: ``plan_card`` places every text and box (tests measure the plan),
``draw_card`` paints exactly that plan. It needs a QGuiApplication (fonts); ``render_png`` makes
an offscreen one when the caller (the command line) has none.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QGuiApplication, QImage, QLinearGradient, QPainter

from assocdesk.posts.card import CARD_SIZES, CardContent, Figure
from ui.posts.card_text import PlacedText, drawable, fit_text, font, largest_fitting
from ui.theme import PostCardColours

# The association's design, the same whatever the system's scheme (ui/theme.py).
ACCENT, INK, MUTED = PostCardColours.ACCENT, PostCardColours.INK, PostCardColours.MUTED
PAPER, WHITE = PostCardColours.PAPER, PostCardColours.WHITE


@dataclass(frozen=True)
class Spec:
    """One size's proportions, in pixels of that size."""

    margin: float
    band: float  # the coloured band's height
    band_clear: float  # top of the band left empty (a story's own header covers it)
    name_px: float
    title_px: float
    title_share: float  # of the content's height, when there are figures
    date_px: float
    figures: str  # "row": boxes side by side; "stack": one row each; "side": a column
    figure_h: float  # a box's height (row) or a row's height (stack, side)
    value_px: float
    label_px: float
    footer: float
    bottom_clear: float  # bottom left empty (a story's reply bar covers it)
    tag_px: float
    gap: float
    closing_band: bool = False  # a band at the bottom too, holding the hashtag


SPECS: dict[str, Spec] = {
    "square": Spec(64, 150, 0, 44, 84, 0.45, 40, "row", 230, 72, 32, 90, 0, 36, 40),
    "portrait": Spec(72, 170, 0, 46, 92, 0.42, 42, "stack", 150, 80, 36, 100, 0, 38, 44),
    "story": Spec(80, 400, 210, 52, 112, 0.42, 50, "stack", 200, 100, 44, 130, 200, 44, 56, True),
    "wide": Spec(48, 100, 0, 34, 64, 1.0, 30, "side", 118, 56, 26, 70, 0, 28, 28),
}


@dataclass
class CardPlan:
    """Everything a card draws, placed."""

    width: int
    height: int
    on_photo: bool
    band: QRectF
    closing_band: QRectF | None = None
    texts: list[PlacedText] = field(default_factory=list)  # in drawing order
    boxes: list[QRectF] = field(default_factory=list)
    logo: tuple[QImage, QPointF] | None = None
    photo: QImage | None = None


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


_INNER_SPACE = re.compile(r"(?<![+]) (?![+])")


def _whole(value: str) -> str:
    """A figure's value held on one line ("1 234 MAD"), breakable only between the amounts
    of several currencies ("1 234 MAD + 500 EUR")."""
    return _INNER_SPACE.sub("\u00a0", value)


def _place(placed: PlacedText, x: float, y: float) -> PlacedText:
    placed.rect.moveTo(x, y)
    return placed


def _band(plan: CardPlan, content: CardContent, spec: Spec) -> None:
    """The coloured band: the logo and the association's name."""
    rtl = content.right_to_left
    zone_top = spec.band_clear
    zone = spec.band - zone_top
    left, width = spec.margin, plan.width - 2 * spec.margin
    logo = QImage(str(content.logo)) if content.logo else QImage()
    if not logo.isNull():
        side = round(zone - 0.27 * zone)
        logo = logo.scaled(
            side, side, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )  # fmt: skip
        x = plan.width - spec.margin - logo.width() if rtl else spec.margin
        plan.logo = (logo, QPointF(round(x), round(zone_top + (zone - logo.height()) / 2)))
        width -= logo.width() + spec.margin * 0.4
        if not rtl:
            left += logo.width() + spec.margin * 0.4
    name = fit_text(
        content.association, width, zone * 0.8, spec.name_px, min_pixels=spec.name_px * 0.5,
        bold=True, rtl=rtl, colour=WHITE,
    )  # fmt: skip
    plan.texts.append(_place(name, left, zone_top + (zone - name.rect.height()) / 2))


def _figure(
    plan: CardPlan, figure: Figure, box: QRectF, value_px: float, spec: Spec, rtl: bool,
    colours: tuple[QColor, QColor], value_share: float | None,
) -> None:  # fmt: skip
    """One figure in its box: value over label (value_share None), or value beside label."""
    value_colour, label_colour = colours
    pad = spec.gap * 0.6
    if value_share is None:
        inner = box.width() - 2 * pad
        value = fit_text(
            figure.value, inner, box.height() * 0.55, value_px, min_pixels=value_px,
            bold=True, rtl=rtl, align="centre", colour=value_colour,
        )  # fmt: skip
        label = fit_text(
            figure.label, inner, box.height() * 0.4 - pad, spec.label_px,
            min_pixels=spec.label_px * 0.5, rtl=rtl, align="centre", colour=label_colour,
        )  # fmt: skip
        top = box.top() + (box.height() - value.rect.height() - label.rect.height()) / 2
        plan.texts.append(_place(value, box.left() + pad, top))
        plan.texts.append(_place(label, box.left() + pad, top + value.rect.height()))
        return
    value_w = box.width() * value_share - pad * 1.5
    label_w = box.width() - value_w - pad * 3
    value = fit_text(
        figure.value, value_w, box.height() - pad, value_px, min_pixels=value_px, bold=True,
        rtl=rtl, align="end", colour=value_colour,
    )  # fmt: skip
    label = fit_text(
        figure.label, label_w, box.height() - pad, spec.label_px,
        min_pixels=spec.label_px * 0.5, rtl=rtl, colour=label_colour,
    )  # fmt: skip
    value_x = box.right() - pad - value_w if rtl else box.left() + pad
    label_x = box.left() + pad if rtl else box.right() - pad - label_w
    plan.texts.append(_place(value, value_x, box.center().y() - value.rect.height() / 2))
    plan.texts.append(_place(label, label_x, box.center().y() - label.rect.height() / 2))


def _value_share(figures: list[Figure], width: float, spec: Spec) -> float:
    """How much of a row the values take: room for the widest at full size, within reason."""
    metrics = QFontMetricsF(font(spec.value_px, bold=True))
    widest = max(metrics.horizontalAdvance(drawable(f.value, True)) for f in figures)
    return min(0.62, max(0.3, (widest + spec.gap * 2) / width))


def _row_widths(
    figures: list[Figure], room: float, pad: float, spec: Spec
) -> tuple[list[float], float]:
    """Boxes side by side as wide as each figure needs (a long amount gets more), the spare
    room shared out, and the value size at which they all fit that way."""
    labels = QFontMetricsF(font(spec.label_px))
    label_needs = [
        min(labels.horizontalAdvance(drawable(f.label)), room / len(figures)) for f in figures
    ]
    pixels = spec.value_px
    while True:
        values = QFontMetricsF(font(pixels, bold=True))
        needs = [
            max(values.horizontalAdvance(drawable(f.value, True)), label) + 2 * pad
            for f, label in zip(figures, label_needs, strict=True)
        ]
        spare = room - sum(needs)
        if spare >= 0 or pixels <= spec.value_px * 0.45:
            break
        pixels *= 0.94
    if spare < 0:
        return [room / len(figures)] * len(figures), pixels
    return [need + spare / len(figures) for need in needs], pixels


def _figures(
    plan: CardPlan, figures: list[Figure], area: QRectF, arrangement: str, spec: Spec,
    rtl: bool, colours: tuple[QColor, QColor],
) -> None:  # fmt: skip
    """Key figures in boxes, in reading order (from the right in Arabic in a row)."""
    count = len(figures)
    if arrangement == "row":
        share = None
        pad = spec.gap * 0.6
        widths, row_px = _row_widths(figures, area.width() - spec.gap * (count - 1), pad, spec)
        boxes, x = [], area.left()
        for width in reversed(widths) if rtl else widths:
            boxes.append(QRectF(x, area.top(), width, area.height()))
            x += width + spec.gap
        if rtl:
            boxes.reverse()
        value_px = min(
            largest_fitting(
                [f.value],
                box.width() - 2 * pad,
                area.height() * 0.55,
                row_px,
                min_pixels=spec.value_px * 0.45,
                bold=True,
                rtl=rtl,
            )
            for f, box in zip(figures, boxes, strict=True)
        )
    else:
        row = (area.height() - spec.gap * 0.6 * (count - 1)) / count
        boxes = [
            QRectF(area.left(), area.top() + i * (row + spec.gap * 0.6), area.width(), row)
            for i in range(count)
        ]
        share = _value_share(figures, area.width(), spec)
        value_px = largest_fitting(
            [f.value for f in figures], area.width() * share - spec.gap * 0.9, row - spec.gap,
            min(spec.value_px, row * 0.62), min_pixels=spec.value_px * 0.45, bold=True,
            rtl=rtl,
        )  # fmt: skip
    for figure, box in zip(figures, boxes, strict=True):
        plan.boxes.append(box)
        _figure(plan, figure, box, value_px, spec, rtl, colours, share)


def _crowded(figures: list[Figure], width: float, spec: Spec, room: float) -> bool:
    """Whether values side by side would be drawn much smaller than they should (several long
    amounts), while one row each fits in the height left."""
    pad = spec.gap * 0.6
    _widths, pixels = _row_widths(figures, width - spec.gap * (len(figures) - 1), pad, spec)
    stacked = len(figures) * spec.figure_h * 0.55 + (len(figures) - 1) * spec.gap * 0.6
    return pixels < spec.value_px * 0.6 and stacked <= room


def _natural_height(count: int, arrangement: str, spec: Spec) -> float:
    if arrangement == "row":
        return spec.figure_h
    return count * spec.figure_h + (count - 1) * spec.gap * 0.6


def _figures_height(count: int, arrangement: str, room: float, spec: Spec) -> float:
    if not count:
        return 0.0
    natural = _natural_height(count, arrangement, spec)
    spare = room - natural
    # Spare height (a short title) goes partly to the figures: bigger boxes, bigger numbers.
    return natural + min(spare * 0.4, natural * 0.3) if spare > 0 else room


def plan_card(content: CardContent, size: str = "square") -> CardPlan:
    """Where each text and box of the card goes, at CARD_SIZES[size] pixels."""
    ensure_gui_application()
    width, height = CARD_SIZES[size]
    rtl = content.right_to_left
    spec = SPECS[size]
    if rtl:  # Amiri's Arabic reads smaller than its Latin at one pixel size
        spec = replace(spec, label_px=spec.label_px * 1.15)
    photo = QImage(str(content.photo)) if content.photo else QImage()
    plan = CardPlan(width, height, not photo.isNull(), QRectF(0, 0, width, spec.band))
    plan.photo = None if photo.isNull() else photo
    text_colour = WHITE if plan.on_photo else INK
    soft_colour = PostCardColours.SOFT_ON_PHOTO if plan.on_photo else MUTED
    colours = (WHITE if plan.on_photo else ACCENT, soft_colour)
    _band(plan, content, spec)

    margin, gap = spec.margin, spec.gap
    top = spec.band + gap * 1.2
    footer = spec.footer if content.hashtag or spec.closing_band else spec.gap
    bottom = height - spec.bottom_clear - footer
    figures = [
        Figure(_whole(f.value), f.label)
        for f in content.figures[:3]
        if drawable(f.value, True) or f.label
    ]
    side = spec.figures == "side" and bool(figures)
    inner = width - 2 * margin
    column = inner * 0.56 if side else inner
    room = bottom - top - gap * 0.5
    title_room = room * (spec.title_share if figures and not side else 0.8)
    title = fit_text(
        content.title, column, title_room, spec.title_px * 1.2, min_pixels=spec.title_px * 0.4,
        bold=True, rtl=rtl, colour=text_colour,
    )  # fmt: skip
    date = fit_text(
        content.date, column, spec.date_px * 2.2, spec.date_px, min_pixels=spec.date_px * 0.6,
        rtl=rtl, colour=soft_colour,
    )  # fmt: skip
    words = title.rect.height() + (gap * 0.4 + date.rect.height() if date.text else 0)
    column_x = width - margin - column if rtl else margin
    if side:
        y = top + max(0.0, (room - words) / 2)
        figure_h = _figures_height(len(figures), "stack", room, spec)
        x = margin if rtl else width - margin - (inner - column - gap)
        area = QRectF(x, top + (room - figure_h) / 2, inner - column - gap, figure_h)
    else:
        figures_room = room - words - gap * 1.2
        if figures and spec.figures == "row" and _crowded(figures, inner, spec, figures_room):
            spec = replace(spec, figures="stack", figure_h=spec.figure_h * 0.55)
        figure_h = _figures_height(len(figures), spec.figures, figures_room, spec)
        block = words + (gap * 1.2 + figure_h if figures else 0)
        y = top + max(0.0, (room - block) / 2)
        area = QRectF(margin, y + words + gap * 1.2, inner, figure_h)
    plan.texts.append(_place(title, column_x, y))
    if date.text:
        plan.texts.append(_place(date, column_x, y + title.rect.height() + gap * 0.4))
    if figures:
        arrangement = "stack" if side else spec.figures
        grown = min(1.3, figure_h / _natural_height(len(figures), arrangement, spec))
        scaled = replace(spec, value_px=spec.value_px * grown, label_px=spec.label_px * grown)
        _figures(plan, figures, area, arrangement, scaled, rtl, colours)
    if spec.closing_band:
        plan.closing_band = QRectF(0, bottom, width, height - bottom)
    if content.hashtag:
        tag = fit_text(
            content.hashtag, inner, spec.footer * 0.8, spec.tag_px, min_pixels=spec.tag_px * 0.6,
            bold=True, rtl=rtl, colour=WHITE if spec.closing_band else colours[0],
        )  # fmt: skip
        plan.texts.append(_place(tag, margin, bottom + (spec.footer - tag.rect.height()) / 2))
    return plan


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
    shade.setColorAt(0, PostCardColours.SHADE_TOP)
    shade.setColorAt(1, PostCardColours.SHADE_BOTTOM)
    painter.fillRect(QRectF(0, 0, width, height), shade)


def paint_plan(plan: CardPlan) -> QImage:
    image = QImage(plan.width, plan.height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(PAPER)
    painter = QPainter(image)
    painter.setRenderHints(
        QPainter.RenderHint.Antialiasing
        | QPainter.RenderHint.TextAntialiasing
        | QPainter.RenderHint.SmoothPixmapTransform
    )
    if plan.photo is not None:
        _draw_photo(painter, plan.photo, plan.width, plan.height)
    painter.fillRect(plan.band, ACCENT)
    if plan.closing_band is not None:
        painter.fillRect(plan.closing_band, ACCENT)
    if plan.logo is not None:
        painter.drawImage(plan.logo[1], plan.logo[0])
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(PostCardColours.BOX_ON_PHOTO if plan.on_photo else WHITE)
    radius = min(plan.width, plan.height) / 45
    for box in plan.boxes:
        painter.drawRoundedRect(box, radius, radius)
    for text in plan.texts:
        text.draw(painter)
    painter.end()
    return image


def draw_card(content: CardContent, size: str = "square") -> QImage:
    """The card as an image of CARD_SIZES[size] pixels."""
    return paint_plan(plan_card(content, size))


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
