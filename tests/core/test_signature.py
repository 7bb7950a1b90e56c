"""The signature block (place, long date, signer, line, stamp box) and decimal-aligned amounts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pypdfium2
import pytest

from assocdesk.models import AssociationProfile
from assocdesk.reports.amounts import setup_amounts
from assocdesk.reports.bidi_text import shape
from assocdesk.reports.layout import Setup, build
from assocdesk.reports.signature import place_and_date, signature_block, signer_title
from tests.core.pdf_helpers import all_text, fold, save_png


def _setup(language: str, city: str = "Casablanca") -> Setup:
    profile = AssociationProfile(
        name_fr="Association Al Amal",
        name_ar="جمعية الأمل",
        name_en="Al Amal Association",
        city=city,
        country="MA",
        treasurer_name="Karima Alaoui",
        address="",
        registration_number="",
        phone="",
        email="",
        website="",
        logo_path="",
        document_font="",
    )
    return Setup.for_language(language, profile)


@pytest.mark.parametrize(
    ("language", "city", "day", "written"),
    [
        ("fr", "Casablanca", date(2026, 1, 1), "Fait à Casablanca, le 1er janvier 2026"),
        ("fr", "Rabat", date(2025, 1, 19), "Fait à Rabat, le 19 janvier 2025"),
        ("en", "Casablanca", date(2025, 1, 19), "Done at Casablanca on January 19, 2025"),
        ("ar", "الدار البيضاء", date(2025, 1, 19), "حرر بالدار البيضاء في 19 يناير 2025"),
        ("ar", "Casablanca", date(2025, 7, 3), "حُرّر في Casablanca بتاريخ 3 يوليوز 2025"),
        ("fr", "", date(2025, 1, 19), "Fait le 19 janvier 2025"),
    ],
)
def test_place_and_long_date(language: str, city: str, day: date, written: str) -> None:
    text = place_and_date(_setup(language, city), day)
    assert "".join(ch for ch in text if ch not in "\u200e\u200f") == written


def test_the_block_has_title_name_line_and_stamp_box(tmp_path: Path) -> None:
    for language, title, line, stamp in (
        ("fr", "Le trésorier", "Signature", "Cachet de l'association"),
        ("en", "The treasurer", "Signature", "Stamp of the association"),
        ("ar", "أمين المال", "التوقيع", "ختم الجمعية"),
    ):
        setup = _setup(language)
        block = signature_block(
            setup, date(2026, 1, 1), signer_title("treasurer", None, language), "Karima Alaoui"
        )
        assert getattr(block, "keepTogether", False)
        pdf = build(setup, [block], title="signature")
        save_png(pdf, tmp_path / f"signature_{language}.png")
        text = all_text(pdf)
        for words in (title, line, stamp, "Karima Alaoui"):
            assert (fold(shape(words)) if language == "ar" else words) in text


def test_the_title_can_be_given_by_a_function_of_the_language() -> None:
    """The hook for titles that agree with the signer's gender (civility.signer_title)."""
    setup = _setup("fr")
    seen: list[str] = []

    def title(language: str) -> str:
        seen.append(language)
        return "La trésorière"

    pdf = build(
        setup, [signature_block(setup, date(2026, 1, 1), title, "Karima Alaoui")], title="x"
    )
    assert seen == ["fr"] and "La trésorière" in all_text(pdf)


def _decimal_marks(pdf: bytes, mark: str) -> list[float]:
    """x of each decimal mark followed by two digits (the amounts' decimals) on page 1."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        text = document[0].get_textpage()
        chars = text.get_text_range()
        found = []
        for index, ch in enumerate(chars):
            after = chars[index + 1 : index + 3]
            if ch == mark and len(after) == 2 and after.isdigit() and chars[index - 1].isdigit():
                found.append(round(text.get_charbox(index)[0], 1))
        return found
    finally:
        document.close()


@pytest.mark.parametrize(("language", "mark"), [("fr", ","), ("en", "."), ("ar", ",")])
def test_amounts_line_up_on_their_decimal_mark(tmp_path: Path, language: str, mark: str) -> None:
    """Regression: in Arabic the column lined up the currency signs, not the numbers; in
    French "200,00 €" and "1 500,00 MAD" ended at the same place with their commas apart."""
    setup = _setup(language)
    amounts = [(150_000, "MAD"), (20_000, "EUR"), (123_456_789, "MAD"), (5, "DZD"), (99_900, "USD")]
    cells = setup_amounts(setup, amounts, bold_rows=(4,))
    width = setup.frame_width
    table = setup.table(
        ("Receipt", "Amount"),
        [(f"AML-{i}", cell) for i, cell in enumerate(cells)],  # type: ignore[misc]
        (width * 0.6, width * 0.4),
        numeric=(1,),
    )
    pdf = build(setup, [table], title="amounts")
    save_png(pdf, tmp_path / f"amounts_{language}.png")
    marks = _decimal_marks(pdf, mark)
    assert len(marks) == len(amounts)
    assert max(marks) - min(marks) < 0.6, marks
