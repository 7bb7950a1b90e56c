"""assocdesk-cli import / export: counts, row errors, dry run, JSON, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from assocdesk.cli import main
from assocdesk.i18n import translate_in
from assocdesk.services import stats
from assocdesk.spreadsheets.export_records import SHEET_TITLES
from assocdesk.storage.opening import open_database


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSOCDESK_LANG", "en")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def table_counts(path: Path) -> dict:
    database = open_database(path)
    try:
        with database.reading() as session:
            return stats.table_counts(session)
    finally:
        database.close()


def test_import_prints_counts_and_row_errors(db_path: Path, tmp_path: Path, capsys) -> None:
    source = tmp_path / "members.csv"
    text = "الاسم;الهاتف;تاريخ الانخراط\r\nأحمد بنعلي;0612345678;21/11/2025\r\n;0611;32/13/2025\r\n"
    source.write_bytes(text.encode("cp1256"))
    code, out, _err = run(
        capsys, "--db", str(db_path), "import", "members", str(source), "--dry-run"
    )
    assert code == 0 and "Dry run" in out and "Created: 1, merged: 0, skipped: 1." in out
    assert table_counts(db_path)["members"] == 0

    code, out, err = run(capsys, "--db", str(db_path), "import", "members", str(source))
    assert code == 0 and "Created: 1, merged: 0, skipped: 1." in out
    assert "Row 3, column “الاسم”: This field is required." in err
    assert table_counts(db_path)["members"] == 1

    code, out, _err = run(capsys, "--db", str(db_path), "import", "members", str(source), "--json")
    report = json.loads(out)
    assert (report["created"], report["merged"], report["skipped"]) == (0, 0, 2)
    assert report["mapping"] == {"الاسم": "name", "الهاتف": "phone", "تاريخ الانخراط": "joined_on"}
    assert {(e["row"], e["column"]) for e in report["errors"]} == {
        (3, "الاسم"),
        (3, "الهاتف"),
        (3, "تاريخ الانخراط"),
    }
    assert code == 1  # the good row was already there, the bad one still is: nothing imported

    clean = tmp_path / "clean.csv"
    clean.write_text("Nom\nأحمد بنعلي\n", encoding="utf-8")
    code, out, _err = run(capsys, "--db", str(db_path), "import", "contacts", str(clean))
    assert code == 0 and "skipped: 1" in out  # all already there and no error: a success


def test_import_exits_non_zero_when_nothing_could_be_imported(
    db_path: Path, tmp_path: Path, capsys
) -> None:
    source = tmp_path / "bad.csv"
    source.write_text("Nom,Montant,Date\n,abc,21/11/2025\nAli,,31/02/2025\n", encoding="utf-8")
    code, _out, err = run(capsys, "--db", str(db_path), "import", "donations", str(source))
    assert code == 1 and "Nothing could be imported." in err
    assert table_counts(db_path)["donations"] == 0
    code, _out, err = run(
        capsys, "--db", str(db_path), "import", "donations", str(tmp_path / "absent.csv")
    )
    assert code == 1 and "cannot be read" in err


def test_import_with_a_mapping_file_and_a_sheet(db_path: Path, tmp_path: Path, capsys) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Intro"
    sheet = workbook.create_sheet("Dons")
    sheet.append(["A", "B", "C"])
    sheet.append(["Sara Amrani", 250, "2025-06-01"])
    path = tmp_path / "dons.xlsx"
    workbook.save(path)
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"A": "name", "B": "amount", "C": "donated_on"}))
    code, out, err = run(
        capsys,
        "--db",
        str(db_path),
        "import",
        "donations",
        str(path),
        "--sheet",
        "Dons",
        "--mapping",
        str(mapping),
    )
    assert code == 0, err
    assert "Created: 1" in out
    assert (
        table_counts(db_path)["donations_total"] == {"MAD": [1, 25000]}
        or table_counts(db_path)["donations"] == 1
    )
    mapping.write_text(json.dumps({"A": "shoe size"}))
    code, _out, err = run(
        capsys,
        "--db",
        str(db_path),
        "import",
        "donations",
        str(path),
        "--sheet",
        "Dons",
        "--mapping",
        str(mapping),
    )
    assert code == 1 and "shoe size" in err


def test_export_each_kind_and_everything(db_path: Path, tmp_path: Path, capsys) -> None:
    assert run(capsys, "--db", str(db_path), "demo", "--size", "small")[0] == 0
    for kind in ("contacts", "members", "volunteers", "donations", "activities", "campaigns"):
        target = tmp_path / f"{kind}.csv"
        code, out, err = run(
            capsys, "--db", str(db_path), "export", kind, "-o", str(target), "--lang", "ar"
        )
        assert code == 0, err
        assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
        rows = int(out.split()[0])
        assert (
            rows > 0
            and len(target.read_text(encoding="utf-8-sig").strip().splitlines()) >= rows + 1
        )
    everything = tmp_path / "all.xlsx"
    code, out, err = run(
        capsys, "--db", str(db_path), "export", "all", "-o", str(everything), "--lang", "fr"
    )
    assert code == 0, err
    workbook = load_workbook(everything, read_only=True)
    titles = [translate_in("fr", t) for t in SHEET_TITLES.values()]
    assert workbook.sheetnames == titles and "Adhérents" in titles and "Dons" in titles
    counts = table_counts(db_path)
    assert sum(1 for _row in workbook[titles[0]].iter_rows()) == counts["contacts"] + 1
    assert sum(1 for _row in workbook["Dons"].iter_rows()) == counts["donations"] + 1
    workbook.close()
    code, _out, err = run(
        capsys, "--db", str(db_path), "export", "all", "-o", str(tmp_path / "all.csv")
    )
    assert code == 1 and ".xlsx" in err
