"""assocdesk-cli document commands: files written whole, clear errors, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assocdesk.cli import main
from assocdesk.services import donations
from assocdesk.storage.opening import open_database
from tests import pdfcheck


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSOCDESK_LANG", "en")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.sqlite3"
    assert main(["--db", str(path), "demo", "--size", "small"]) == 0
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def first_donation(path: Path) -> tuple[int, str, int, int]:
    """(id, receipt number, year, donor id) of a recorded donation with a donor."""
    database = open_database(path)
    try:
        with database.reading() as session:
            page = donations.list_donations(session, limit=400)
            row = next(r for r in page.rows if r.donor and r.status == "recorded")
            donation = donations.get(session, row.id)
            return donation.id, donation.receipt_number, donation.receipt_year, donation.contact_id
    finally:
        database.close()


def test_receipt_original_then_duplicate(demo: Path, tmp_path: Path, capsys) -> None:
    donation_id, number, _year, _donor = first_donation(demo)
    out = tmp_path / "r.pdf"
    code, text, _err = run(
        capsys, "--db", str(demo), "receipt", str(donation_id), "-o", str(out), "--lang", "fr"
    )
    assert code == 0 and number in text and "original" in text
    assert number in pdfcheck.plain(out.read_bytes())
    code, text, _err = run(
        capsys,
        "--db",
        str(demo),
        "receipt",
        str(donation_id),
        "-o",
        str(tmp_path / "r2.pdf"),
        "--lang",
        "fr",
    )
    assert code == 0 and "duplicate" in text
    assert "Duplicata" in pdfcheck.plain((tmp_path / "r2.pdf").read_bytes())


def test_failed_write_does_not_count_a_print(demo: Path, tmp_path: Path, capsys) -> None:
    donation_id, _number, _year, _donor = first_donation(demo)
    database = open_database(demo)
    with database.reading() as session:
        before = donations.get(session, donation_id).receipt_prints
    database.close()
    code, out, err = run(
        capsys,
        "--db",
        str(demo),
        "receipt",
        str(donation_id),
        "-o",
        str(tmp_path / "missing" / "r.pdf"),
    )
    assert code == 1 and out == "" and err.startswith("Error: Cannot write")
    assert err.count("\n") == 1
    database = open_database(demo)
    with database.reading() as session:
        assert donations.get(session, donation_id).receipt_prints == before
    database.close()


def test_statement_and_errors(demo: Path, tmp_path: Path, capsys) -> None:
    _id, _number, year, donor = first_donation(demo)
    out = tmp_path / "s.pdf"
    code, _text, err = run(
        capsys,
        "--db",
        str(demo),
        "statement",
        str(donor),
        "--year",
        str(year),
        "-o",
        str(out),
        "--lang",
        "ar",
    )
    assert code == 0, err
    assert pdfcheck.is_shaped(out.read_bytes())
    code, _out, err = run(
        capsys, "--db", str(demo), "statement", "999999", "--year", str(year), "-o", str(out)
    )
    assert code == 1 and "999999" in err
    code, _out, err = run(
        capsys, "--db", str(demo), "statement", str(donor), "--year", "1990", "-o", str(out)
    )
    assert code == 1 and "1990" in err


def test_statements_for_all_donors(demo: Path, tmp_path: Path, capsys) -> None:
    _id, _number, year, _donor = first_donation(demo)
    folder = tmp_path / "statements"
    code, text, err = run(
        capsys, "--db", str(demo), "statements", "--year", str(year), "--out-dir", str(folder)
    )
    assert code == 0, err
    files = sorted(folder.glob("*.pdf"))
    assert files and f"{len(files)} statements" in text
    code, _out, err = run(
        capsys,
        "--db",
        str(demo),
        "statements",
        "--year",
        "1990",
        "--out-dir",
        str(tmp_path / "empty"),
    )
    assert code == 1 and "1990" in err


def test_summary_and_register(demo: Path, tmp_path: Path, capsys) -> None:
    _id, number, year, _donor = first_donation(demo)
    out = tmp_path / "summary.pdf"
    code, _text, err = run(
        capsys,
        "--db",
        str(demo),
        "summary",
        "--from",
        f"{year}-01-01",
        "--to",
        f"{year}-12-31",
        "-o",
        str(out),
        "--lang",
        "fr",
    )
    assert code == 0, err
    assert pdfcheck.page_count(out.read_bytes()) >= 1
    code, _out, err = run(
        capsys,
        "--db",
        str(demo),
        "summary",
        "--from",
        "1990-01-01",
        "--to",
        "1990-12-31",
        "-o",
        str(out),
    )
    assert code == 1 and "1990" in err
    code, text, err = run(capsys, "--db", str(demo), "register", "--year", str(year), "--json")
    assert code == 0, err
    register = json.loads(text)
    assert number in [r["number"] for r in register["receipts"]]
    assert register["gaps"] == []
    code, _text, err = run(
        capsys,
        "--db",
        str(demo),
        "register",
        "--year",
        str(year),
        "-o",
        str(tmp_path / "register.pdf"),
    )
    assert code == 0, err
    code, _out, err = run(capsys, "--db", str(demo), "register", "--year", "1990", "--json")
    assert code == 1 and "1990" in err


def test_bad_date_is_one_line(demo: Path, tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(
            [
                "--db",
                str(demo),
                "summary",
                "--from",
                "21/11/2026",
                "--to",
                "2026-12-31",
                "-o",
                str(tmp_path / "x.pdf"),
            ]
        )
    assert exit_info.value.code == 2
    assert "not a date" in capsys.readouterr().err
