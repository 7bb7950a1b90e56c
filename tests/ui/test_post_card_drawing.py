"""The picture card: every text fits its box both ways, no emoji box (tofu), every size, and
the alt text in the studio's platform card.

Widths are measured independently with QFontMetricsF on the lines the plan draws (draw_card
paints exactly the plan)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF, QImage, QRawFont, QTextLayout
from PySide6.QtWidgets import QApplication

from assocdesk.posts.card import CARD_SIZES, CardContent, Figure, alt_text
from assocdesk.posts.compose import Post
from assocdesk.posts.formatting import money
from assocdesk.posts.platforms import get_platform
from ui.posts.card import draw_card, plan_card, render_png
from ui.posts.card_text import PlacedText, fit_text
from ui.widgets.post_card import PostCard

NBSP = "\u00a0"
LONG_NAME_FR = (
    "Association Al Amal pour le développement humain, la solidarité et la culture de "
    "Sidi Bernoussi, Casablanca"
)
LONG_NAME_AR = "جمعية الأمل للتنمية البشرية والتضامن والثقافة بسيدي البرنوصي الدار البيضاء"


def amount(language: str) -> str:
    return money(11_195_000, "MAD", "ar_MA" if language == "ar" else "fr_MA")


def contents() -> list[CardContent]:
    fr_figures = [
        Figure("264", "bénéficiaires"),
        Figure("12", "bénévoles"),
        Figure(amount("fr"), "collectés"),
    ]
    ar_figures = [
        Figure("264", "مستفيدًا"),
        Figure("12", "متطوعًا"),
        Figure(amount("ar"), "تم جمعها"),
    ]
    return [
        CardContent("fr", LONG_NAME_FR, "Distribution de paniers", "12 mars 2025", fr_figures),
        CardContent(
            "fr",
            "Association Al Amal",
            "Caravane médicale pluridisciplinaire et anticonstitutionnellement "
            "interminable dans les douars enclavés du Haut Atlas, avec dépistage",
            "12 mars 2025",
            [
                Figure(amount("fr") + " + " + money(250_000, "EUR", "fr_MA"), "collectés"),
                *fr_figures[:2],
            ],
            hashtag="#AssociationAlAmalSidiBernoussiCasablanca",
        ),
        CardContent(
            "fr",
            "Al Amal",
            "Intergénérationnellement",
            "2025",
            [
                Figure("1 234 567 890 MAD", "dons"),
                Figure("9 999 999", "heures"),
                Figure("8 888 888", "bénéficiaires"),
            ],
        ),
        CardContent("ar", LONG_NAME_AR, "توزيع القفف", "12 مارس 2025", ar_figures),
        CardContent(
            "ar",
            "جمعية الأمل",
            "قافلة طبية متعددة التخصصات لفائدة ساكنة الدواوير المعزولة بالأطلس الكبير "
            "مع حملة للكشف المبكر عن أمراض السكري وارتفاع ضغط الدم",
            "12 مارس 2025",
            ar_figures,
            hashtag="#جمعية_الأمل_للتنمية_البشرية",
        ),
    ]


def all_cases() -> list[tuple[CardContent, str]]:
    return [(content, size) for content in contents() for size in CARD_SIZES]


def advance(placed: PlacedText, line: str) -> float:
    return QFontMetricsF(placed.font).horizontalAdvance(line)


@pytest.mark.parametrize(("content", "size"), all_cases())
def test_every_text_fits_its_box_in_width_and_in_the_card(
    qapp: QApplication, content: CardContent, size: str
) -> None:
    width, height = CARD_SIZES[size]
    plan = plan_card(content, size)
    assert plan.texts
    for placed in plan.texts:
        rect = placed.rect
        for line in placed.lines():
            assert advance(placed, line) <= rect.width() + 0.5, (size, line, rect.width())
        assert placed.widest() <= rect.width() + 0.5
        assert rect.left() >= 0 and rect.right() <= width + 0.5, (size, placed.text)
        assert rect.top() >= 0 and rect.bottom() <= height + 0.5, (size, placed.text)
    for box in plan.boxes:  # each figure's value and label stay inside its box
        inside = [p for p in plan.texts if box.contains(p.rect.center())]
        assert len(inside) == 2
        for placed in inside:
            assert box.contains(placed.rect), (size, placed.text)


@pytest.mark.parametrize(("content", "size"), all_cases())
def test_figures_are_drawn_whole_on_one_line(
    qapp: QApplication, content: CardContent, size: str
) -> None:
    """Numbers and amounts are never broken across lines nor cut short."""
    plan = plan_card(content, size)
    drawn = [line for placed in plan.texts for line in placed.lines()]
    for figure in content.figures:
        for part in figure.value.split(" + "):
            expected = part.replace(" ", NBSP)
            assert any(expected in line for line in drawn), (size, expected, drawn)


def test_a_large_amount_in_a_narrow_box_is_not_clipped(qapp: QApplication) -> None:
    """Regression: «111 950 MAD» in the square's figure box was drawn «1 950 MA»: the font
    shrank only until the wrapped height fitted, and the overlong word ran past the box."""
    placed = fit_text(amount("fr"), 246, 126, 72, min_pixels=26, bold=True, align="centre")
    assert placed.lines() == [f"111{NBSP}950{NBSP}MAD"]
    assert advance(placed, placed.lines()[0]) <= 246
    assert placed.pixels < 72  # it had to shrink for the width, not the height
    plain = fit_text("111 950 MAD", 246, 400, 72, min_pixels=26, bold=True)
    assert plain.lines()[0].startswith(f"111{NBSP}950")  # digit groups typed with plain spaces


def test_a_word_longer_than_the_box_shrinks_the_font(qapp: QApplication) -> None:
    placed = fit_text("Anticonstitutionnellement", 200, 500, 84, min_pixels=34, bold=True)
    assert placed.lines() == ["Anticonstitutionnellement"]
    assert advance(placed, placed.lines()[0]) <= 200
    assert placed.pixels < 34  # below the height minimum: width is never given up


def test_a_text_too_long_for_the_height_ends_with_an_ellipsis(qapp: QApplication) -> None:
    placed = fit_text("mot " * 200, 300, 120, 40, min_pixels=30)
    assert placed.text.endswith("…") and placed.rect.height() <= 120


EMOJI_CARDS = [
    CardContent(
        "fr", "Association Al Amal 🌿", "🎉 Bravo à nos bénévoles 👍🏽 ! 1️⃣ 🇲🇦 👨‍👩‍👧 ❤️ ❤",
        "12 mars 2025 ✨", [Figure("264 🙌", "bénéficiaires 😊")], hashtag="#AlAmal🎉",
    ),
    CardContent(
        "ar", "جمعية الأمل 🌿", "🎉 شكرًا لمتطوعينا ❤️ 👏🏽", "12 مارس 2025",
        [Figure("264", "مستفيدًا 🙏")], hashtag="#الأمل",
    ),
]  # fmt: skip


@pytest.mark.parametrize("content", EMOJI_CARDS)
@pytest.mark.parametrize("size", list(CARD_SIZES))
def test_no_emoji_is_drawn_as_a_box(qapp: QApplication, content: CardContent, size: str) -> None:
    plan = plan_card(content, size)
    titles = [p for p in plan.texts if "Bravo" in p.text or "شكرًا" in p.text]
    assert titles, "the title is drawn"
    for placed in plan.texts:
        raw = QRawFont.fromFont(placed.font)
        assert raw.familyName() == "Amiri"
        for character in placed.text:
            assert raw.supportsCharacter(ord(character)), (size, hex(ord(character)))
        glyphs = [g for run in placed.layout.glyphRuns() for g in run.glyphIndexes()]
        assert glyphs and 0 not in glyphs, (size, placed.text)  # glyph 0: the "missing" box
    title = titles[0].text
    assert "  " not in title and title == title.strip()


def test_the_emoji_test_itself_sees_a_box(qapp: QApplication) -> None:
    """The check above would catch tofu: a character no font draws is laid out as glyph 0.

    (Not an emoji: where a colour-emoji font is installed, Qt falls back to it; a private-use
    character has no glyph anywhere.)
    """
    placed = fit_text("x", 300, 300, 40, min_pixels=20)
    layout = QTextLayout("\U000f0000", placed.font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    assert 0 in [g for run in layout.glyphRuns() for g in run.glyphIndexes()]
    assert not QRawFont.fromFont(placed.font).supportsCharacter(ord("🎉"))  # not Amiri's


@pytest.mark.parametrize("size", list(CARD_SIZES))
def test_every_size_renders_at_its_pixel_size(
    qapp: QApplication, size: str, tmp_path: Path
) -> None:
    content = contents()[3]
    assert draw_card(content, size).size().toTuple() == CARD_SIZES[size]
    image = QImage.fromData(render_png(content, size), "PNG")
    assert (image.width(), image.height()) == CARD_SIZES[size]
    image.save(str(tmp_path / f"card-{size}.png"))


@pytest.mark.parametrize("content", contents()[:1] + contents()[3:4])
@pytest.mark.parametrize("size", list(CARD_SIZES))
def test_the_layout_uses_the_height_and_nothing_overlaps(
    qapp: QApplication, content: CardContent, size: str
) -> None:
    """A story has much more height: no empty band of more than a fifth of the card."""
    _width, height = CARD_SIZES[size]
    plan = plan_card(content, size)
    bands = [plan.band] + ([plan.closing_band] if plan.closing_band is not None else [])
    rects = bands + plan.boxes + [p.rect for p in plan.texts]
    covered = 0.0
    for rect in sorted(rects, key=lambda r: r.top()):
        assert rect.top() - covered < height / 5, (size, rect.top(), covered)
        covered = max(covered, rect.bottom())
    assert height - covered < height / 5
    title, date = plan.texts[1], plan.texts[2]
    assert title.rect.bottom() <= date.rect.top()
    for box in plan.boxes:
        assert not box.intersects(title.rect) and not box.intersects(date.rect)
    for first, second in zip(plan.boxes, plan.boxes[1:], strict=False):
        assert not first.intersects(second)


@dataclasses.dataclass(frozen=True)
class PostWithAlt(Post):
    """A Post carrying its alt text, as compose will once Post has the field."""

    alt_text: str = ""


def make_post(language: str, content: CardContent) -> PostWithAlt:
    return PostWithAlt(
        occasion="activity-report", record_id=1, platform=get_platform("facebook"),
        language=language, text="…", length=1, limit=63206, omitted=[], card=content,
        key_figures=[], alt_text=alt_text(content),
    )  # fmt: skip


@pytest.mark.parametrize("content", [contents()[0], contents()[3]])
def test_the_platform_card_shows_and_copies_the_alt_text(
    qtbot, qapp: QApplication, content: CardContent, tmp_path: Path
) -> None:
    card = PostCard(get_platform("facebook"))
    qtbot.addWidget(card)
    post = make_post(content.language, content)
    card.show_post(post)
    card.resize(700, 420)
    card.show()
    assert card.alt_row.isVisibleTo(card)
    assert card.alt_text.text() == post.alt_text and content.title in post.alt_text
    assert card.alt_text.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    expected = (
        Qt.AlignmentFlag.AlignRight if content.language == "ar" else Qt.AlignmentFlag.AlignLeft
    )
    assert card.alt_text.alignment() & expected
    with qtbot.waitSignal(card.alt_text_copied) as signal:
        qtbot.mouseClick(card.copy_alt_button, Qt.MouseButton.LeftButton)
    assert signal.args == ["facebook"]
    assert QApplication.clipboard().text() == post.alt_text
    card.grab().save(str(tmp_path / f"post-card-{content.language}.png"))

    card.show_post(dataclasses.replace(post, alt_text=""))  # a post without one: no empty row
    assert not card.alt_row.isVisibleTo(card)
