"""The text pipeline of documents: shape, wrap, reorder each line (DESIGN.md §4)."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest

from assocdesk.i18n import translate_in
from assocdesk.reports.bidi_text import (
    isolate,
    keep_ltr,
    shape,
    starts_right_to_left,
    visual,
    visual_lines,
    visual_numbered,
)
from assocdesk.reports.flowables import BidiParagraph
from assocdesk.reports.fonts import document_fonts
from assocdesk.reports.neutral import drawable, neutralize

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


# -- the neutralizer (issue 16, point 6): whatever the text, it is drawn and does not lie ------


def test_an_isolate_inside_arabic_text_no_longer_stops_printing() -> None:
    """Regression: ``AssertionError: RLI not allowed here`` from python-bidi."""
    for control in ("\u2066", "\u2067", "\u2068", "\u2069"):
        line = visual(f"المتبرع {control}أحمد\u2069 Ahmed {control}")
        assert "Ahmed" in line and control not in line
    assert visual_lines("محمد \u2067بنعلي", 200, document_fonts().regular, 10)


@pytest.mark.parametrize(
    "pasted",
    [
        "\u202e0001\u202c",  # right-to-left override: would print 1000
        "\u202b1 000\u202c",  # right-to-left embedding: would print 000 1
        "\u20671 000\u2069",  # right-to-left isolate: the same
        "\u20681 000",  # first-strong isolate, never closed
    ],
)
def test_a_pasted_direction_control_cannot_reorder_an_amount(pasted: str) -> None:
    digits = pasted.strip("\u202e\u202c\u202b\u2067\u2069\u2068")
    assert digits in visual("Montant : " + pasted + " MAD")
    assert digits in visual("المبلغ " + isolate(pasted, rtl=True) + " درهم")
    assert not set(neutralize(pasted)) & set("\u202b\u202d\u202e\u2066\u2067\u2068\u2069")


def test_the_applications_own_fences_still_work() -> None:
    # keep_ltr inside isolate, as the register writes receipt numbers.
    line = visual("أول وصل: " + isolate(keep_ltr("AML-2025-0001"), rtl=True))
    assert "AML-2025-0001" in line
    # A phone number cut by a line break keeps its groups in order on each line.
    fonts = document_fonts()
    phone = keep_ltr("06 12 34 56 78 90 11 22")
    lines = visual_lines(f"هاتف الجمعية {phone} للاتصال", 90, fonts.regular, 10)
    assert len(lines) >= 2
    digits = " ".join(pair for line in lines for pair in re.findall(r"\d\d", line))
    assert digits == "06 12 34 56 78 90 11 22"
    assert not any(set(line) & set("\u202a\u202b\u202c\u200e\u200f") for line in lines)


def test_control_characters_surrogates_and_breaks() -> None:
    assert neutralize("a\tb\x00c\x1b\x7fd\x85e") == "a bcd\ne"
    assert neutralize("a\r\nb\u2028c\u2029d\rx") == "a\nb\nc\nd\nx"
    assert neutralize("\ud83d\ude00") == "😀"  # a pair of surrogates is its character
    assert neutralize("a\ud800b") == "a\ufffdb"  # a lone one cannot be encoded
    assert neutralize("x\u200b\u2060\ufeff\u00ady\ufffe") == "xy"  # zero-width, BOM, soft hyphen
    assert neutralize("\u061c١٢") == "\u200f١٢"  # the Arabic letter mark, as RLM
    assert neutralize("لا\u200cمي") == "لا\u200cمي"  # a joiner matters to Arabic shaping
    assert visual_lines("أ\r\nب\u2028c", 300, document_fonts().regular, 10)[2] == "c"
    assert visual("a\nb") == "a b"


def test_a_character_the_font_cannot_draw_shows_a_placeholder() -> None:
    fonts = document_fonts()
    line = visual("Li 李 😀 x", fonts.regular)
    placeholder = drawable("李", fonts.regular)
    assert placeholder in ("\ufffd", "?")
    assert line == f"Li {placeholder} {placeholder} x"
    assert drawable("e\U000e0001\u20dd\u3000", fonts.regular) in ("e ", "e\u3000")


def test_markup_is_drawn_as_typed() -> None:
    """Documents draw with drawString, which takes text literally: nothing to escape."""
    from reportlab.platypus import SimpleDocTemplate

    from tests import pdfcheck

    fonts = document_fonts()
    buffer = io.BytesIO()
    paragraph = BidiParagraph("<b>Dupont & Fils</b> &amp; <para>", fonts.regular, 10, rtl=False)
    SimpleDocTemplate(buffer, initialFontName=fonts.regular).build([paragraph])
    assert "<b>Dupont & Fils</b> &amp; <para>" in pdfcheck.text(buffer.getvalue())
