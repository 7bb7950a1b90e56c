"""PDF hygiene (issue 16, point 7): every document, in Arabic, French and English, says when it
was made (today, not ReportLab's invariant 1 January 2000), what it is (/Title), in which
language (/Lang), whose it is (/Author) and what made it (/Creator); and every font it names
is embedded (no Helvetica from ReportLab's defaults)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text

from assocdesk.reports.layout import Setup, build
from assocdesk.reports.pdf_info import document_canvas, pdf_date
from assocdesk.storage.engine import Database
from tests import pdfcheck
from tests.core.pdf_helpers import (
    Everything,
    filled_database,
    render_everything,
    unsaved_profile,
)

ASSOCIATION = {"ar": "جمعية الأمل", "fr": "Association Al Amal", "en": "Al Amal Association"}


@pytest.fixture(scope="module")
def records(
    template_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Database, Everything]]:
    with filled_database(template_db, tmp_path_factory.mktemp("hygiene")) as filled:
        yield filled


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_every_document_says_what_it_is_and_embeds_its_fonts(
    records: tuple[Database, Everything], language: str
) -> None:
    db, everything = records
    with db.transaction() as session:  # member cards are in each member's language
        session.execute(text("UPDATE contacts SET preferred_language = :l"), {"l": language})
    pdfs = render_everything(db, everything, language)
    assert len(pdfs) >= 14
    problems = {name: hygiene_problems(pdf, language) for name, pdf in pdfs.items()}
    assert not {name: found for name, found in problems.items() if found}


def hygiene_problems(pdf: bytes, language: str) -> list[str]:
    """What is wrong with ``pdf``'s metadata and fonts ([] when nothing is)."""
    info = pdfcheck.info(pdf)
    problems = []
    if info["created"] is None or info["created"].date() != date.today():
        problems.append(f"created {info['created']}")
    if not str(info["title"] or "").strip():
        problems.append("no title")
    if info["lang"] != language:
        problems.append(f"lang {info['lang']}")
    if info["author"] != ASSOCIATION[language]:
        problems.append(f"author {info['author']}")
    if info["creator"] != "AssocDesk":
        problems.append(f"creator {info['creator']}")
    fonts = pdfcheck.fonts(pdf)
    problems += [f"font {name} not embedded" for name, embedded in fonts.items() if not embedded]
    if not fonts:
        problems.append("no font")
    return problems


def test_a_reprint_of_the_same_day_is_the_same_file(records: tuple[Database, Everything]) -> None:
    """The real date did not cost the invariant documents their promise (layout's docstring)."""
    db, everything = records
    first = render_everything(db, everything, "fr")
    again = render_everything(db, everything, "fr")
    assert first["receipt march"] == again["receipt march"]
    assert (
        first["statement " + str(everything.scenario.donor_id)]
        == (again["statement " + str(everything.scenario.donor_id)])
    )


def test_pdf_dates() -> None:
    assert pdf_date(date(2026, 3, 2)) == "D:20260302"
    morocco = timezone(timedelta(hours=1))
    assert pdf_date(datetime(2026, 3, 2, 14, 5, 9, tzinfo=morocco)) == "D:20260302140509+01'00'"
    assert pdf_date(datetime(2026, 3, 2, 14, 5, 9, tzinfo=UTC)) == "D:20260302140509+00'00'"
    assert pdf_date() == date.today().strftime("D:%Y%m%d")


def test_source_date_epoch_gives_reproducible_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC
    assert pdf_date() == "D:20260101000000+00'00'"


def test_a_given_creation_time_is_written() -> None:
    setup = Setup.for_language("fr", unsaved_profile(name_fr="Les Amis"))
    when = datetime(2026, 3, 2, 14, 5, 9, tzinfo=UTC)
    pdf = build(setup, [setup.text("x")], title="Reçu", created=when)
    assert pdfcheck.info(pdf)["created"] == when


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_hand_drawn_document_canvas_is_as_clean(language: str) -> None:
    """document_canvas, for documents drawn without layout.build (member cards)."""
    import io

    setup = Setup.for_language(language, unsaved_profile(name_ar="جمعية", name_fr="Amis"))
    buffer = io.BytesIO()
    canvas = document_canvas(buffer, setup, title="Cartes\u2067 \n")
    canvas.setFont("Helvetica-Bold", 12)  # a forgotten default is drawn in the document font
    canvas.drawString(40, 700, "Carte")
    canvas.save()
    info = pdfcheck.info(buffer.getvalue())
    assert info["title"] == "Cartes" and info["lang"] == language
    assert info["created"].date() == date.today()
    fonts = pdfcheck.fonts(buffer.getvalue())
    assert fonts and all(fonts.values()) and not any("Helvetica" in f for f in fonts)
