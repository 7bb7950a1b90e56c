"""Member cards: credit-card size (ID-1, 85.6 × 54 mm), ten to an A4 sheet, with cutting marks.

Each card is in its member's language (else the association's): an Arabic card runs right to
left with its letters joined, a French one left to right, on the same sheet. The cards touch
one another so one straight cut separates two; the marks outside the grid show where to cut.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from assocdesk.i18n import _
from assocdesk.models import AssociationProfile, Contact, Membership
from assocdesk.reports.bidi_text import keep_ltr, visual
from assocdesk.reports.layout import ACCENT, MUTED, Setup
from assocdesk.reports.pdf_info import document_canvas
from assocdesk.services import association, members

log = logging.getLogger(__name__)
CARD_WIDTH, CARD_HEIGHT = 85.6 * mm, 54 * mm
COLUMNS, ROWS = 2, 5
MARK_LENGTH, MARK_GAP = 5 * mm, 1.5 * mm
BAND_HEIGHT = 13 * mm


@dataclass(frozen=True)
class CardFacts:
    name: str
    number: str
    category: str
    year: int
    language: str


def card_facts(
    session: Session, membership_id: int, year: int, profile: AssociationProfile | None
) -> CardFacts:
    membership = members.get(session, membership_id)
    contact = membership.contact
    language = contact.preferred_language or (profile.default_language if profile else "fr")
    return CardFacts(contact.name, membership.number, membership.category, year, language)


def members_of_year(session: Session, year: int) -> list[int]:
    """Membership ids of everyone who is a member during ``year`` (not archived or erased),
    by membership number: the batch of cards printed at the start of a year."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    statement = (
        select(Membership.id)
        .join(Membership.contact)
        .where(
            Contact.archived_at.is_(None),
            Contact.erased_at.is_(None),
            Membership.joined_on <= end,
            or_(Membership.left_on.is_(None), and_(Membership.left_on >= start)),
        )
        .order_by(Membership.number, Membership.id)
    )
    return list(session.scalars(statement))


def render_cards(session: Session, membership_ids: list[int], year: int) -> bytes:
    """The cards of ``membership_ids`` for ``year`` as PDF bytes (nothing is written)."""
    profile = association.get(session)
    cards = [card_facts(session, i, year, profile) for i in membership_ids]
    setups: dict[str, Setup] = {}
    for card in cards:
        if card.language not in setups:
            setups[card.language] = Setup.for_language(card.language, profile)
    return cards_pdf(cards, setups)


def cards_pdf(cards: list[CardFacts], setups: dict[str, Setup]) -> bytes:
    buffer = io.BytesIO()
    any_setup = next(iter(setups.values()), None)
    title = any_setup.t("Member cards") if any_setup else _("Member cards")
    canvas = document_canvas(buffer, any_setup, title=title, pagesize=A4)
    page_width, page_height = A4
    left = (page_width - COLUMNS * CARD_WIDTH) / 2
    top = page_height - (page_height - ROWS * CARD_HEIGHT) / 2
    per_page = COLUMNS * ROWS
    for start in range(0, max(len(cards), 1), per_page):
        page_cards = cards[start : start + per_page]
        for index, card in enumerate(page_cards):
            row, column = divmod(index, COLUMNS)
            x = left + column * CARD_WIDTH
            y = top - (row + 1) * CARD_HEIGHT
            _draw_card(canvas, setups[card.language], card, x, y)
        used_rows = (len(page_cards) + COLUMNS - 1) // COLUMNS
        _cutting_marks(canvas, left, top, used_rows)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _cutting_marks(canvas: Canvas, left: float, top: float, rows: int) -> None:
    """Short lines outside the grid, in line with every edge between and around the cards."""
    if rows == 0:
        return
    canvas.setStrokeColor(colors.black)
    canvas.setLineWidth(0.3)
    bottom = top - rows * CARD_HEIGHT
    right = left + COLUMNS * CARD_WIDTH
    for column in range(COLUMNS + 1):
        x = left + column * CARD_WIDTH
        canvas.line(x, top + MARK_GAP, x, top + MARK_GAP + MARK_LENGTH)
        canvas.line(x, bottom - MARK_GAP, x, bottom - MARK_GAP - MARK_LENGTH)
    for row in range(rows + 1):
        y = top - row * CARD_HEIGHT
        canvas.line(left - MARK_GAP, y, left - MARK_GAP - MARK_LENGTH, y)
        canvas.line(right + MARK_GAP, y, right + MARK_GAP + MARK_LENGTH, y)


def _fitted(canvas: Canvas, text: str, font: str, size: float, width: float) -> float:
    """The largest size up to ``size`` at which ``text`` fits ``width`` (down to 6 pt)."""
    while size > 6 and canvas.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _draw_text(
    canvas: Canvas, setup: Setup, text: str, y: float, x0: float, x1: float, font: str, size: float
) -> None:
    drawn = visual(text)
    size = _fitted(canvas, drawn, font, size, x1 - x0)
    canvas.setFont(font, size)
    if setup.rtl:
        canvas.drawRightString(x1, y, drawn)
    else:
        canvas.drawString(x0, y, drawn)


def _draw_card(canvas: Canvas, setup: Setup, card: CardFacts, x: float, y: float) -> None:
    t = setup.t
    pad = 4 * mm
    canvas.saveState()
    canvas.setStrokeColor(colors.HexColor("#c8c8c8"))
    canvas.setLineWidth(0.4)
    canvas.rect(x, y, CARD_WIDTH, CARD_HEIGHT, stroke=1, fill=0)
    # The band: the association's name (and logo at the other end), white on the accent colour.
    band_y = y + CARD_HEIGHT - BAND_HEIGHT
    canvas.setFillColor(ACCENT)
    canvas.rect(x, band_y, CARD_WIDTH, BAND_HEIGHT, stroke=0, fill=1)
    logo = setup.letterhead.logo
    logo_size = BAND_HEIGHT - 3 * mm
    name_x0, name_x1 = x + pad, x + CARD_WIDTH - pad
    if logo is not None:
        logo_x = x + pad if setup.rtl else x + CARD_WIDTH - pad - logo_size
        try:
            canvas.drawImage(
                str(logo), logo_x, band_y + 1.5 * mm, logo_size, logo_size,
                preserveAspectRatio=True, mask="auto",
            )  # fmt: skip
            if setup.rtl:
                name_x0 += logo_size + 2 * mm
            else:
                name_x1 -= logo_size + 2 * mm
        except OSError:
            log.warning("logo %s could not be drawn on a card", logo, exc_info=True)
    canvas.setFillColor(colors.white)
    _draw_text(
        canvas, setup, setup.letterhead.name, band_y + 4.6 * mm, name_x0, name_x1,
        setup.fonts.bold, 11,
    )  # fmt: skip
    # The body: what the card says, then the member's name, number, category and year.
    x0, x1 = x + pad, x + CARD_WIDTH - pad
    canvas.setFillColor(ACCENT)
    _draw_text(canvas, setup, t("Membership card"), band_y - 6 * mm, x0, x1, setup.fonts.bold, 9)
    canvas.setFillColor(colors.black)
    _draw_text(canvas, setup, card.name, band_y - 14 * mm, x0, x1, setup.fonts.bold, 14)
    lines = [t("Membership no.: {number}").format(number=keep_ltr(card.number))]
    if card.category:
        lines.append(t("Category: {category}").format(category=card.category))
    line_y = band_y - 21 * mm
    for line in lines:
        _draw_text(canvas, setup, line, line_y, x0, x1, setup.fonts.regular, 9.5)
        line_y -= 5 * mm
    # The year stands out in the corner opposite the text's start: it is what a door checks.
    canvas.setFillColor(ACCENT)
    valid = t("Valid for {year}").format(year=card.year)
    drawn = visual(valid)
    canvas.setFont(setup.fonts.bold, 10)
    if setup.rtl:
        canvas.drawString(x0, y + 4 * mm, drawn)
    else:
        canvas.drawRightString(x1, y + 4 * mm, drawn)
    canvas.setFillColor(MUTED)
    contact = setup.letterhead.contact_line.split(" · ")[0] if setup.letterhead.contact_line else ""
    if contact:
        canvas.setFont(setup.fonts.regular, 7)
        if setup.rtl:
            canvas.drawRightString(x1, y + 4 * mm, visual(contact))
        else:
            canvas.drawString(x0, y + 4 * mm, visual(contact))
    canvas.restoreState()
