"""Statements for every donor: one file each (safe names) or one file, all or nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assocdesk.reports import batch
from assocdesk.reports.batch import (
    BatchCancelled,
    safe_filename,
    statement_filename,
    statements_for_year,
)
from assocdesk.services import contacts, donations
from assocdesk.services.donations import DonationInput
from assocdesk.storage.engine import Database
from tests.core.pdf_helpers import (
    Scenario,
    all_text,
    fill_scenario,
    has_arabic_drawn,
    pages_text,
    save_png,
)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(donations, "_today", lambda: date(2026, 10, 1))


@pytest.fixture
def scenario(db: Database) -> Scenario:
    """The shared scenario, with donors named to trouble file systems and two left out."""
    made = fill_scenario(db)
    with db.transaction() as session:
        for name, city in (("CON", "Rabat"), ('a/b:c*?"<>|', "Oujda"), ("Sans Adresse", "")):
            who = contacts.create(session, contacts.ContactInput(name=name, city=city))
            session.flush()
            donations.record(
                session,
                DonationInput(
                    amount="25", currency="MAD", donated_on=date(2025, 4, 4), contact_id=who.id
                ),
            )
        voided = contacts.create(session, contacts.ContactInput(name="Tout Annulé", city="Fès"))
        session.flush()
        gift = donations.record(
            session,
            DonationInput(
                amount="60", currency="MAD", donated_on=date(2025, 10, 1), contact_id=voided.id
            ),
        )
        session.flush()
        donations.void(session, gift.id, "Chèque sans provision")
    return made


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("CON", "_CON.pdf"),
        ("con.backup", "_con.backup.pdf"),
        ("LPT1", "_LPT1.pdf"),
        ("CONSTANCE", "CONSTANCE.pdf"),
        ('a/b:c*?"<>|\\', "abc.pdf"),
        ("name. . ", "name.pdf"),
        ("tab\there\x00\x1f", "tab here.pdf"),
        ("photo\u202egpj.exe", "photogpj.exe.pdf"),  # a bidi override cannot fake the extension
        ("أحمد  بنعلي", "أحمد بنعلي.pdf"),
        ("...", "_.pdf"),
    ],
)
def test_safe_filename(stem: str, expected: str) -> None:
    assert safe_filename(stem) == expected


def test_statement_filename_is_readable_unique_and_short() -> None:
    assert statement_filename(2025, "أحمد بنعلي", 123) == "2025 - أحمد بنعلي - 123.pdf"
    assert statement_filename(2025, "CON", 7) == "2025 - CON - 7.pdf"
    assert statement_filename(2025, "a/b:c*?", 8) == "2025 - abc - 8.pdf"
    assert statement_filename(2025, "?*", 9) == "2025 - 9.pdf"
    long = statement_filename(2025, "جمعية " * 60, 12345)
    assert len(long) <= 150 and long.endswith(" - 12345.pdf") and " ." not in long


def test_one_file_per_donor(db: Database, scenario: Scenario, tmp_path: Path) -> None:
    out = tmp_path / "statements"
    calls: list[tuple[int, int]] = []
    result = statements_for_year(
        db, 2025, out=out, one_file=False, progress=lambda d, t: calls.append((d, t)) or True
    )
    names = sorted(p.name for p in out.iterdir())
    assert result.count == len(names) == 5  # Ahmed, أحمد, CON, a/b…, Sans Adresse
    assert sorted(p.name for p in result.paths) == names
    assert any(name.startswith("2025 - CON - ") for name in names)
    assert any(name.startswith("2025 - abc - ") for name in names)
    arabic = out / statement_filename(2025, "أحمد بنعلي", scenario.arabic_donor_id)
    assert arabic.is_file()
    text = all_text(arabic.read_bytes())
    assert has_arabic_drawn(text, "أحمد بنعلي") and scenario.numbers["arabic"] in text
    save_png(arabic.read_bytes(), tmp_path / "batch_ar.png")
    assert [name for _id, name, _reason in result.skipped] == ["Tout Annulé"]
    assert [name for _id, name, _reason in result.flagged] == ["Sans Adresse"]
    assert calls[0] == (0, 5) and calls[-1] == (5, 5)
    assert [d for d, _t in calls] == sorted(d for d, _t in calls)


def test_one_file_for_all(db: Database, scenario: Scenario, tmp_path: Path) -> None:
    out = tmp_path / "all" / "statements 2025.pdf"
    result = statements_for_year(db, 2025, out=out, one_file=True, language="en")
    assert result.paths == [out] and result.count == 5
    pages = pages_text(out.read_bytes())
    assert len(pages) >= 5
    assert f"Page 1 of {len(pages)}" in pages[0] and f"Page {len(pages)} of" in pages[-1]
    starts = [i for i, page in enumerate(pages) if "Yearly statement 2025" in page]
    assert len(starts) == 5  # each statement starts on its own page
    assert "Ahmed BENALI" in pages[starts[0]]
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary left


def test_one_file_draws_each_letterhead_once(
    db: Database, scenario: Scenario, tmp_path: Path
) -> None:
    """Thousands of statements share one letterhead object; each page still shows its text."""
    import pypdf

    out = tmp_path / "all.pdf"
    statements_for_year(db, 2025, out=out, one_file=True, language="fr")
    reader = pypdf.PdfReader(out)
    forms: set[int] = set()
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject", {})
        forms |= {
            ref.idnum
            for name, ref in xobjects.items()
            if "letterhead" in name and ref.get_object()["/Subtype"] == "/Form"
        }
    assert len(forms) == 1
    # The name is in every page's footer, and in the letterhead atop each of the 5 statements.
    pages = pages_text(out.read_bytes())
    assert all("Association Al Amal" in page for page in pages)
    assert sum(page.count("Association Al Amal") == 2 for page in pages) == 5


@pytest.mark.parametrize("one_file", [False, True])
def test_cancel_leaves_nothing(
    db: Database, scenario: Scenario, tmp_path: Path, one_file: bool
) -> None:
    out = tmp_path / "out" / ("all.pdf" if one_file else "folder")
    with pytest.raises(BatchCancelled):
        statements_for_year(db, 2025, out=out, one_file=one_file, progress=lambda d, t: d < 2)
    assert not (tmp_path / "out").exists()  # not even the folder it made


def test_cancel_keeps_an_existing_folder_as_it_was(
    db: Database, scenario: Scenario, tmp_path: Path
) -> None:
    out = tmp_path / "folder"
    out.mkdir()
    (out / "mine.txt").write_text("kept")
    with pytest.raises(BatchCancelled):
        statements_for_year(db, 2025, out=out, one_file=False, progress=lambda d, t: d < 3)
    assert [p.name for p in out.iterdir()] == ["mine.txt"]


def test_nothing_to_print(db: Database, scenario: Scenario, tmp_path: Path) -> None:
    result = statements_for_year(db, 2019, out=tmp_path / "none", one_file=False)
    assert (result.count, result.paths) == (0, []) and not (tmp_path / "none").exists()


def test_worker_processes_draw_the_same_files(
    db: Database, scenario: Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "PARALLEL_FROM", 1)
    monkeypatch.setattr(batch, "CHUNK", 2)
    alone = statements_for_year(db, 2025, out=tmp_path / "one", one_file=False, workers=1)
    shared = statements_for_year(db, 2025, out=tmp_path / "two", one_file=False, workers=2)
    assert [p.name for p in alone.paths] == [p.name for p in shared.paths]
    for first, second in zip(alone.paths, shared.paths, strict=True):
        assert first.read_bytes() == second.read_bytes()  # invariant documents
