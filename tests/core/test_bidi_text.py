"""The text pipeline of documents: shape, wrap, reorder each line (DESIGN.md §4)."""

from __future__ import annotations

import unicodedata

import pytest

from assocdesk.i18n import translate_in
from assocdesk.reports.bidi_text import (
    keep_ltr,
    shape,
    starts_right_to_left,
    visual,
    visual_lines,
    visual_numbered,
)
from assocdesk.reports.fonts import document_fonts

PRESENTATION_FORMS = range(0xFB50, 0xFF00)


def logical(drawn_line: str) -> str:
    """Back from a drawn Arabic line to typed order (reverse first: a ligature is one char)."""
    return unicodedata.normalize("NFKC", drawn_line[::-1])


def is_shaped(text: str) -> bool:
    return any(ord(ch) in PRESENTATION_FORMS for ch in text)


def test_arabic_is_joined_and_reversed() -> None:
    line = visual("وصل تبرع")
    assert is_shaped(line)
    # Drawn left to right, the last word typed comes first on the page.
    assert line.split(" ")[0] == shape("تبرع")[::-1]
    assert logical(line) == "وصل تبرع"


def test_brackets_are_mirrored() -> None:
    # Typed "(أحمد)": in a right-to-left line the bracket that opens on the right is drawn ")"
    # mirrored into "(" — so the drawn string still starts with "(" and ends with ")".
    line = visual("المتبرع (أحمد)")
    assert line.startswith("(") and line.count("(") == 1 and line.count(")") == 1
    assert line.index("(") < line.index(")")


def test_latin_inside_arabic_keeps_its_order() -> None:
    line = visual("المتبرع: Mohamed BENALI (2026)")
    assert "Mohamed BENALI" in line
    assert "2026" in line


def test_direction_by_first_strong_letter() -> None:
    assert starts_right_to_left("أحمد Ahmed")
    assert not starts_right_to_left("12, rue Ibn Battouta")
    assert not starts_right_to_left("06 12 34 56 78")  # no letter: left to right
    assert starts_right_to_left("\u200f11/04/2025")  # Babel's Arabic date mark
    # A Latin address in an Arabic document is not scrambled.
    assert visual("12, rue Ibn Battouta") == "12, rue Ibn Battouta"


def test_phone_keeps_its_digit_groups_in_an_arabic_line() -> None:
    assert "06 12 34 56 78" not in visual("الهاتف: 06 12 34 56 78")  # the trap
    assert "06 12 34 56 78" in visual("الهاتف: " + keep_ltr("06 12 34 56 78"))
    assert "\u202a" not in visual("الهاتف: " + keep_ltr("06"))  # no invisible marks left


def test_wrapped_paragraph_keeps_its_line_order() -> None:
    fonts = document_fonts()
    words = "الأولى الثانية الثالثة الرابعة الخامسة السادسة السابعة الثامنة التاسعة العاشرة"
    lines = visual_lines(words, 120, fonts.regular, 12)
    assert len(lines) >= 3
    # The first line holds the first words typed (reordering the whole paragraph at once
    # would have put them on the last line).
    assert logical(lines[0]).startswith("الأولى")
    assert logical(lines[-1]).endswith("العاشرة")


def test_wrapping_cuts_a_word_longer_than_the_line() -> None:
    fonts = document_fonts()
    lines = visual_lines("x" * 400, 100, fonts.regular, 10)
    assert len(lines) > 3 and "".join(lines) == "x" * 400


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
@pytest.mark.parametrize(("page", "total"), [(1, 1), (3, 17078), (12, 9), (100, 2000)])
def test_numbered_line_is_the_line_drawn_in_full(language: str, page: int, total: int) -> None:
    """The page footer's shortcut (words placed once, numbers put in) changes no glyph."""
    label = translate_in(language, "Page {page} of {total}")
    expected = visual(label.format(page=page, total=total))
    assert visual_numbered(label, page=page, total=total) == expected


def test_numbered_line_in_a_sentence_with_latin_and_brackets() -> None:
    template = "الوصل {number} (AML) من أصل {count}"
    expected = visual(template.format(number=7, count=250))
    assert visual_numbered(template, number=7, count=250) == expected
