"""Issue 18's import attacks: each gives one line (never a traceback), writes nothing when it
fails, and never reads a value wrongly in silence."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from assocdesk.cli import main
from assocdesk.services import stats
from assocdesk.spreadsheets import reading
from assocdesk.spreadsheets.mapping import remembered
from assocdesk.spreadsheets.plan import build_plan
from assocdesk.spreadsheets.reading import ReadError, read_csv_bytes, read_table
from assocdesk.spreadsheets.values import ValueProblem, parse_money
from assocdesk.storage.engine import Database
from assocdesk.storage.opening import open_database

DTD = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSOCDESK_LANG", "en")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line(err: str) -> str:
    """The one line an error prints (no traceback), without its "Error: " prefix."""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0].removeprefix("Error: ")


def workbook(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def with_dtd(source: Path, member: str, target: Path) -> Path:
    """``source`` with a DTD (entities) planted before ``member``'s root element."""
    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts[member]
    if xml.startswith(b"<?xml"):
        xml = xml[xml.index(b"?>") + 2 :]
    parts[member] = DTD + xml.replace(b"<t>Ali</t>", b"<t>&b;</t>")
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_an_xlsx_with_a_dtd_is_refused_in_one_line(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], member: str
) -> None:
    clean = workbook(tmp_path / "clean.xlsx", [["Name", "Phone"], ["Ali", "0612345678"]])
    assert read_table(clean).rows == [(2, ["Ali", "0612345678"])]
    attack = with_dtd(clean, member, tmp_path / "attack.xlsx")
    with pytest.raises(ReadError, match=r"contains constructs AssocDesk does not read \(a DTD\)"):
        read_table(attack)
    code, _out, err = run(capsys, "--db", str(db_path), "import", "contacts", str(attack))
    assert code != 0
    assert one_line(err) == "This Excel file contains constructs AssocDesk does not read (a DTD)."


def test_a_sheet_past_the_row_cap_stops_early_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [["Name"]] + [[f"Person {n}"] for n in range(50)]
    path = workbook(tmp_path / "many.xlsx", rows)
    seen: list[int] = []
    original = reading._check_row

    def counting(line: int, count: int, row: list[object]) -> None:
        seen.append(count)
        original(line, count, row)

    monkeypatch.setattr(reading, "_check_row", counting)
    monkeypatch.setattr(reading, "MAX_ROWS", 10)
    with pytest.raises(ReadError, match="more than 10 rows"):
        read_table(path)
    assert max(seen) == 11  # streamed: stopped at the first row past the cap, not at the end
    csv_data = ("Name\r\n" + "".join(f"P{n}\r\n" for n in range(50))).encode()
    with pytest.raises(ReadError, match="more than 10 rows"):
        read_csv_bytes(csv_data)


def test_a_huge_cell_is_capped_and_reported_as_too_long(
    tmp_path: Path, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = "x" * 100_000
    table = read_csv_bytes(f"Name,Phone\r\n{huge},0612345678\r\nAli,0612345679\r\n".encode())
    assert len(table.rows[0][1][0]) == reading.MAX_CELL_CHARS + 1  # no more held in memory
    with db.reading() as session:
        plan = build_plan(session, table, "contacts", ["name", "phone"])
    assert (2, "This cell is far too long.") in [(e.line, e.message) for e in plan.errors]
    # XLSX cells too (openpyxl itself writes no more than 32 767 characters: a lower cap here).
    monkeypatch.setattr(reading, "MAX_CELL_CHARS", 20)
    path = workbook(tmp_path / "long.xlsx", [["Name", "Phone"], ["y" * 500, "0612345678"]])
    assert read_table(path).rows == [(2, ["y" * 21, "0612345678"])]


def test_a_delimiter_of_two_characters_is_one_line(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "c.csv"
    source.write_text("Name;Phone\r\nAli;0612345678\r\n", encoding="utf-8")
    code, _out, err = run(
        capsys, "--db", str(db_path), "import", "contacts", str(source), "--delimiter", "ab"
    )
    assert code != 0 and one_line(err) == "The delimiter must be one character."
    with pytest.raises(ReadError, match=r"The delimiter must be one character\."):
        read_csv_bytes(b"a;b\r\n", delimiter="ab")


@pytest.mark.parametrize(
    "content", ['{"Name": ["name"]}', '{"Name": 5}', "[1, 2]", '"name"', '[["name"], null]']
)
def test_a_mapping_file_of_the_wrong_shape_is_one_line(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    source = tmp_path / "c.csv"
    source.write_text("Name,Phone\r\nAli,0612345678\r\n", encoding="utf-8")
    mapping = tmp_path / "wrong.json"
    mapping.write_text(content, encoding="utf-8")
    argv = ["--db", str(db_path), "import", "contacts", str(source), "--mapping", str(mapping)]
    code, _out, err = run(capsys, *argv)
    assert code != 0
    assert one_line(err).startswith(f"The mapping file {mapping} is not a column mapping")


def test_a_failed_import_does_not_remember_its_mapping(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "c.csv"
    source.write_text("Name,Phone\r\nAli Benali,0612345678\r\n", encoding="utf-8")
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"Name": "phone", "Phone": "name"}), encoding="utf-8")
    argv = ["--db", str(db_path), "import", "contacts", str(source)]
    code, _out, err = run(capsys, *argv, "--mapping", str(wrong))
    assert code == 1 and "Nothing could be imported." in err
    database: Database = open_database(db_path)
    try:
        with database.reading() as session:
            assert remembered(session, ["Name", "Phone"], "contacts") is None
            assert stats.table_counts(session)["contacts"] == 0
    finally:
        database.close()
    # The next import guesses again and succeeds (the wrong mapping was not silently reused).
    code, out, _err = run(capsys, *argv)
    assert code == 0 and "Created: 1" in out


@pytest.mark.parametrize("text", ["0,500", "0.001", "-0,500", "0.500 DH"])
def test_an_amount_with_a_zero_thousands_group_is_refused(text: str) -> None:
    with pytest.raises(ValueProblem, match="too many decimals for MAD"):
        parse_money(text, "MAD")


def test_amounts_that_are_not_attacks_still_read() -> None:
    assert parse_money("1,500", "MAD")[0] == 1500
    assert parse_money("0,50", "MAD")[0] == parse_money("0.5", "MAD")[0]
    assert str(parse_money("0,500", "TND")[0]) == "0.500"  # three decimals: half a dinar


def test_a_zero_group_amount_is_a_row_error_beside_its_cell(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "d.csv"
    source.write_text(
        "Name,Amount,Date\r\nAli Benali,0,500,21/11/2025\r\n".replace("0,500", '"0,500"'),
        encoding="utf-8",
    )
    argv = ["--db", str(db_path), "import", "donations", str(source), "--currency", "MAD"]
    code, _out, err = run(capsys, *argv)
    assert code == 1
    assert "Row 2, column “Amount”: This amount has too many decimals for MAD" in err


def test_a_file_that_is_not_utf8_is_read_with_a_warning(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = read_csv_bytes(b"Name,Phone\r\nAli \xff Bad,0612345678\r\n")
    assert table.encoding == "cp1256"
    assert table.warnings == [
        "The file is not UTF-8; it was read as Windows Arabic (CP1256): check the names."
    ]
    assert read_csv_bytes("Name\r\nÉlodie\r\n".encode()).warnings == []
    assert read_csv_bytes(b"Name\r\nAli \xff\r\n", encoding="cp1256").warnings == []
    source = tmp_path / "c.csv"
    source.write_bytes(b"Name,Phone\r\nAli \xff Bad,0612345678\r\n")
    code, _out, err = run(capsys, "--db", str(db_path), "import", "contacts", str(source))
    assert code == 0 and "it was read as Windows Arabic (CP1256)" in err


def test_an_unclosed_quote_is_reported_with_its_row() -> None:
    lines = ["Name,Amount"] + [f"P{n},{n}" for n in range(2, 11)]
    data = "\r\n".join([*lines, 'Quote,"12', "Next,13", "Last,14"]) + "\r\n"
    with pytest.raises(ReadError) as caught:
        read_csv_bytes(data.encode())
    assert str(caught.value) == (
        "Row 11: a quote is not closed; the rows after it were read as one cell."
    )
    closed = read_csv_bytes(b'Name,Notes\r\nA,"two\r\nlines"\r\n')
    assert closed.rows == [(2, ["A", "two\r\nlines"])]
