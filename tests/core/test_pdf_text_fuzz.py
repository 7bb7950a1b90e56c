"""Printing cannot crash on text (issue 16, point 6): random Unicode in every text field of
every document, in Arabic, French and English, and a PDF always comes out.

Regression: an isolate (U+2066–U+2069) inside Arabic text stopped printing with
``AssertionError: RLI not allowed here`` (python-bidi's older algorithm knows no isolates).

The records are made through the services; the fuzzed text is then written into them with
plain SQL, past the input cleaning (assocdesk.text.clean), as a database from an older
version, a restored backup or an import would hold it. Lone surrogates cannot be stored in
SQLite at all: they go straight to the shared layer (the letterhead, paragraphs, tables,
footer, VOID mark and metadata of ``layout.build``), together with everything else.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from assocdesk.reports.bidi_text import isolate, keep_ltr, visual, visual_lines
from assocdesk.reports.layout import Setup, build
from assocdesk.reports.neutral import neutralize
from assocdesk.storage.engine import Database
from tests import pdfcheck
from tests.core.pdf_helpers import (
    Everything,
    filled_database,
    render_everything,
    unsaved_profile,
)

LANGUAGES = ("ar", "fr", "en")
CONTROLS = (
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # bidi
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u034f\ufe0f"  # zero-width, joiners, selectors
    "\x00\x01\x07\x08\t\n\x0b\x0c\r\x1b\x1f\x7f\x85\x9f\u2028\u2029"  # C0, C1, separators
    "\ufffe\uffff\ufdd0\ue000\U000e0001\U0010fffd"  # noncharacters, private use, tags
)
PIECES = (
    *CONTROLS,
    "محمد",
    "بنعلي",
    "جمعية الأمل",
    "(أحمد)",
    "١٢٣",
    "Ahmed",
    "BENALI",
    "Saisie en double",
    "12",
    "1 000",
    "06 12 34 56 78",
    "a@b.ma",
    "漢字",
    "한국",
    "हिन्दी",
    "שלום",
    "😀",
    "👨\u200d👩\u200d👧",
    "🇲🇦",
    "e\u0301",
    "\u064b\u0651",
    "\u20dd",
    "&amp;",
    "<b>",
    "</para>",
    "{name}",
    "%s",
    "\\",
    "«",
    "»",
    " ",
    "  ",
)
# Everything Unicode has (surrogates aside: SQLite cannot store them), weighted towards the
# pieces that have broken text layout before.
field = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=30),
    st.lists(st.sampled_from(PIECES), max_size=12).map("".join),
    st.text(st.sampled_from("مرحباabc漢😀\u0651"), min_size=120, max_size=260),  # no space
    st.sampled_from(["", " ", "   ", "\n", "\u2067", "\u202e1000\u202c"]),
)
with_surrogates = st.one_of(
    st.text(st.characters(codec=None, categories=None, exclude_categories=[]), max_size=40),
    st.lists(st.sampled_from((*PIECES, "\ud800", "\udfff", "\ud83d\ude00")), max_size=12).map(
        "".join
    ),
)

# Text columns of the records documents print, by table.
COLUMNS = {
    "association_profile": (
        "name_ar",
        "name_fr",
        "name_en",
        "address",
        "city",
        "registration_number",
        "phone",
        "email",
        "website",
        "treasurer_name",
        "president_name",
        "legal_status_detail",
        "purpose",
    ),
    "contacts": ("name", "address", "city", "phone", "email", "notes", "id_number"),
    "donations": (
        "in_kind_description",
        "void_reason",
        "notes",
        "cheque_number",
        "bank",
        "valued_by",
    ),
    "campaigns": ("name", "description"),
    "activities": ("title", "place", "description"),
    "volunteer_assignments": ("role",),
    "dues_payments": ("void_reason", "notes"),
}
FIELDS_KEYS = [f"{table}.{column}" for table, columns in COLUMNS.items() for column in columns]
FIELDS = st.fixed_dictionaries({key: field for key in FIELDS_KEYS})


@pytest.fixture(scope="module")
def records(
    template_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Database, Everything]]:
    with filled_database(template_db, tmp_path_factory.mktemp("fuzz")) as filled:
        yield filled


def overwrite(db: Database, values: dict[str, str], language: str) -> None:
    """Every listed column of every row set to the fuzzed text, as raw SQL."""
    with db.transaction() as session:
        for table, columns in COLUMNS.items():
            assignments = ", ".join(f"{column} = :{column}" for column in columns)
            params = {column: values[f"{table}.{column}"] for column in columns}
            session.execute(text(f"UPDATE {table} SET {assignments}"), params)
        session.execute(text("UPDATE contacts SET preferred_language = :l"), {"l": language})


def assert_drawn(name: str, pdf: bytes) -> None:
    assert pdf.startswith(b"%PDF"), name
    assert pdfcheck.page_count(pdf) >= 1, name
    # A character the font lacks would have been drawn as an empty box, which reads back as
    # NUL: the neutralizer draws a placeholder instead.
    assert "\x00" not in pdfcheck.text(pdf), name


@pytest.mark.parametrize("language", LANGUAGES)
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(values=FIELDS)
def test_every_document_prints_whatever_its_text(
    records: tuple[Database, Everything], language: str, values: dict[str, str]
) -> None:
    db, everything = records
    overwrite(db, values, language)
    pdfs = render_everything(db, everything, language)
    assert len(pdfs) >= 14
    for name, pdf in pdfs.items():
        assert_drawn(name, pdf)


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_isolate_inside_arabic_text_prints(
    records: tuple[Database, Everything], language: str
) -> None:
    """The reported crash: "RLI not allowed here"."""
    db, everything = records
    values = {key: "محمد \u2067بنعلي\u2069 \u2066Ahmed\u2069 \u2068١٢٣" for key in FIELDS_KEYS}
    overwrite(db, values, language)
    pdfs = render_everything(db, everything, language)
    for name, pdf in pdfs.items():
        assert_drawn(name, pdf)
    assert "Ahmed" in pdfcheck.text(pdfs["receipt march"])


@settings(max_examples=25, deadline=None, derandomize=True)
@given(value=with_surrogates, language=st.sampled_from(LANGUAGES))
def test_the_shared_layer_draws_any_string(value: str, language: str) -> None:
    """Letterhead, title, paragraph, table, footer, VOID mark and metadata, surrogates too."""
    profile = unsaved_profile(
        name_ar=value, name_fr=value, name_en=value, address=value, city=value, phone=value
    )
    setup = Setup.for_language(language, profile)
    width = setup.frame_width
    story = [
        *setup.heading(),
        setup.title(value),
        setup.text(value),
        setup.text(isolate(value, setup.rtl) + " " + keep_ltr(value)),
        setup.table([value, "x"], [[value, keep_ltr(value)]], [width * 0.3, width * 0.7]),
        *setup.signature(date(2026, 1, 10), value, value),
    ]
    pdf = build(setup, story, title=value, footer=value, void_mark=value)
    assert_drawn("shared layer", pdf)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(value=with_surrogates)
def test_what_is_drawn_is_only_what_the_font_has(value: str) -> None:
    from reportlab.pdfbase.pdfmetrics import getFont

    from assocdesk.reports.fonts import document_fonts

    font = document_fonts().regular
    has = getFont(font).face.charToGlyph
    lines = [visual(value, font), *visual_lines(value, 120, font, 10)]
    for line in lines:
        for ch in line:
            assert ord(ch) in has or unicodedata.category(ch) == "Zs", repr(ch)
    # The neutralizer is idempotent and leaves no control the older bidi algorithm stops on.
    once = neutralize(value)
    assert neutralize(once) == once
    assert not any(unicodedata.category(ch) in ("Cc", "Cs") and ch != "\n" for ch in once) and not (
        set(once) & set("\u202b\u202d\u202e\u2066\u2067\u2068\u2069\u061c")
    )
    for paragraph in once.split("\n"):
        assert paragraph.count("\u202a") == paragraph.count("\u202c")  # LRE…PDF balanced
