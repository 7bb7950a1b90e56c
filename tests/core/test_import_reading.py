"""Reading spreadsheets as Excel saves them on Arabic and French Windows, and values as typed."""

from __future__ import annotations

import codecs
import csv
import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from assocdesk.spreadsheets import values
from assocdesk.spreadsheets.mapping import guess_mapping, layout_key
from assocdesk.spreadsheets.reading import (
    ReadError,
    detect_delimiter,
    detect_encoding,
    read_csv_bytes,
    read_table,
    read_xlsx,
    sheet_names,
)

ARABIC_ROWS = [
    ["الاسم", "الهاتف", "المدينة", "المبلغ"],
    ["أحمد بنعلي", "06 12 34 56 78", "الرباط", "1 500,50"],
    ["فاطمة الزهراء", "+212 6 11 22 33 44", "سلا", "1500 د.م."],  # cp1256 has no ١
]
FRENCH_ROWS = [
    ["Nom", "Prénom", "Téléphone", "Ville", "Montant"],
    ["BENALI", "Ahmed", "06.12.34.56.78", "Salé", "1.500,50 DH"],
    ["Lefèvre", "Hélène", "+33 6 12 34 56 78", "Béziers", "2 000 €"],
]


def csv_bytes(rows: list[list[str]], encoding: str, delimiter: str) -> bytes:
    """As Excel writes it: quotes only around cells holding the delimiter, CRLF line ends."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


ENCODINGS = [
    ("utf-8", ARABIC_ROWS, "utf-8"),
    ("utf-8-sig", ARABIC_ROWS, "utf-8-sig"),
    ("cp1256", ARABIC_ROWS, "cp1256"),
    ("utf-16", ARABIC_ROWS, "utf-16"),
    ("utf-8", FRENCH_ROWS, "utf-8"),
    ("cp1252", FRENCH_ROWS, "cp1252"),
    (
        "latin-1",
        [[c.replace("€", "EUR") for c in r] for r in FRENCH_ROWS],
        "cp1252",
    ),  # Latin-1 bytes of French text read the same in cp1252
    ("utf-16", FRENCH_ROWS, "utf-16"),
    ("cp1256", [["Nom", "Ville"], ["Hélène", "Béziers"], ["أحمد", "الرباط"]], "cp1256"),
]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize(("encoding", "rows", "detected"), ENCODINGS)
def test_every_encoding_and_delimiter_is_detected_and_read_right(
    encoding: str, rows: list[list[str]], detected: str, delimiter: str, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes(rows, encoding, delimiter))
    table = read_table(path)
    assert table.encoding == detected
    assert table.delimiter == delimiter
    assert table.header == rows[0]
    assert [cells for _line, cells in table.rows] == rows[1:]
    assert [line for line, _cells in table.rows] == [2, 3]


def test_utf16_without_bom_is_still_recognized() -> None:
    data = "\t".join(ARABIC_ROWS[0]).encode("utf-16-le")
    assert detect_encoding(data) == "utf-16-le"


def test_cp1252_and_cp1256_are_told_apart_by_what_the_bytes_become() -> None:
    assert detect_encoding("Hélène à Béziers, ça va".encode("cp1252")) == "cp1252"
    assert detect_encoding("جمعية الأمل للتنمية".encode("cp1256")) == "cp1256"


def test_the_person_can_correct_encoding_and_delimiter() -> None:
    data = csv_bytes(FRENCH_ROWS, "cp1252", ";")
    forced = read_csv_bytes(data, encoding="latin-1", delimiter=",")
    assert forced.encoding == "latin-1" and forced.delimiter == ","
    assert forced.header == [";".join(FRENCH_ROWS[0])]
    with pytest.raises(ReadError):
        read_csv_bytes("جمعية".encode("cp1256"), encoding="utf-8")


def test_quoted_cells_with_delimiters_and_newlines() -> None:
    text = 'Nom;Adresse\n"Benali";"12, rue X; appt 3\nRabat"\n'
    assert detect_delimiter(text) == ";"
    table = read_csv_bytes(text.encode("utf-8"))
    assert table.rows == [(2, ["Benali", "12, rue X; appt 3\nRabat"])]


def test_empty_rows_are_dropped_and_an_empty_file_refused(tmp_path: Path) -> None:
    table = read_csv_bytes(b"\n\nName,City\n,\nAli,Fes\n")
    assert table.header == ["Name", "City"]
    assert table.rows == [(5, ["Ali", "Fes"])]
    with pytest.raises(ReadError):
        read_csv_bytes(b"\n ,\n")
    with pytest.raises(ReadError):
        read_table(tmp_path / "notes.pdf")


def make_workbook(path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    first = workbook.active
    first.title = "Notes"
    first.append(["nothing to import here"])
    members = workbook.create_sheet("المنخرطون")
    members.append(["الاسم", "تاريخ الانخراط", "المبلغ"])
    members.append(["أحمد بنعلي", datetime(2026, 11, 21), 1500.5])
    members.append(["سارة", 46347, 200])
    workbook.save(path)


def test_xlsx_with_several_sheets(tmp_path: Path) -> None:
    path = tmp_path / "members.xlsx"
    make_workbook(path)
    assert sheet_names(path) == ["Notes", "المنخرطون"]
    assert read_table(path).sheet == "Notes"
    table = read_xlsx(path, "المنخرطون")
    assert table.header == ["الاسم", "تاريخ الانخراط", "المبلغ"]
    assert table.rows[0] == (2, ["أحمد بنعلي", datetime(2026, 11, 21), 1500.5])
    assert values.parse_date(table.rows[1][1][1]) == date(2026, 11, 21)
    with pytest.raises(ReadError):
        read_xlsx(path, "Absent")


def test_a_broken_workbook_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ReadError):
        read_table(path)


# --- values as typed -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "21/11/2026",
        "2026-11-21",
        "21-11-26",
        "21.11.2026",
        "46347",
        46347,
        46347.0,
        datetime(2026, 11, 21, 0, 0),
        "21 نوفمبر 2026",
        "21 نونبر 2026",
        "٢١ نونبر ٢٠٢٦",
        "21 تشرين الثاني 2026",
        "21 novembre 2026",
        "21 Nov 2026",
        "٢١/١١/٢٠٢٦",
    ],
)
def test_dates_in_every_form(typed: object) -> None:
    assert values.parse_date(typed) == date(2026, 11, 21)


def test_mashreq_january_is_not_december() -> None:
    assert values.parse_date("3 كانون الثاني 2024") == date(2024, 1, 3)
    assert values.parse_date("3 كانون الأول 2024") == date(2024, 12, 3)
    assert values.parse_date("1er mars 2025") == date(2025, 3, 1)


@pytest.mark.parametrize("typed", ["31/02/2026", "2026-13-01", "hier", "12", "99999", ""])
def test_impossible_dates_are_problems(typed: str) -> None:
    with pytest.raises(values.ValueProblem):
        values.parse_date(typed)


@pytest.mark.parametrize(
    ("typed", "amount", "currency"),
    [
        ("1 500,50", Decimal("1500.50"), None),
        ("1.500,50", Decimal("1500.50"), None),
        ("1,500.50", Decimal("1500.50"), None),
        ("1,500", Decimal("1500"), None),
        ("12,5", Decimal("12.5"), None),
        ("١٥٠٠", Decimal("1500"), None),
        ("١٬٥٠٠٫٥٠", Decimal("1500.50"), None),
        ("1500 د.م.", Decimal("1500"), "MAD"),
        ("د.م. 1 500", Decimal("1500"), "MAD"),
        ("1500 DH", Decimal("1500"), "MAD"),
        ("1500 MAD", Decimal("1500"), "MAD"),
        ("2 000 DA", Decimal("2000"), "DZD"),
        ("2000 دج", Decimal("2000"), "DZD"),
        ("1.500,50 €", Decimal("1500.50"), "EUR"),
        ("€ 20", Decimal("20"), "EUR"),
        (1500, Decimal("1500"), None),
        (1500.5, Decimal("1500.5"), None),
    ],
)
def test_amounts_in_every_form(typed: object, amount: Decimal, currency: str | None) -> None:
    assert values.parse_money(typed, "MAD") == (amount, currency)


@pytest.mark.parametrize("typed", ["mille", "12abc", "1500 XYZ", "1..5", True])
def test_text_in_an_amount_is_a_problem(typed: object) -> None:
    with pytest.raises(values.ValueProblem):
        values.parse_money(typed, "MAD")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("06 12 34 56 78", "06 12 34 56 78"),
        ("06.12.34.56.78", "06 12 34 56 78"),
        ("+212 6 12 34 56 78", "+212 6 12 34 56 78"),
        ("00212612345678", "+212612345678"),
        ("٠٦١٢٣٤٥٦٧٨", "0612345678"),
        (612345678.0, "612345678"),
    ],
)
def test_phone_numbers(typed: object, stored: str) -> None:
    assert values.parse_phone(typed) == stored


def test_names_last_first_and_two_columns() -> None:
    assert values.person_name("BENALI Ahmed") == "Ahmed BENALI"
    assert values.person_name("EL AMRANI Fatima Zahra") == "Fatima Zahra EL AMRANI"
    assert values.person_name("Benali, Ahmed") == "Ahmed Benali"
    assert values.person_name("Ahmed Benali") == "Ahmed Benali"
    assert values.person_name("أحمد بنعلي") == "أحمد بنعلي"
    assert values.person_name("UNICEF") == "UNICEF"
    assert values.full_name("Ahmed", "BENALI") == "Ahmed BENALI"


# --- mapping guesses -------------------------------------------------------------------------


def test_arabic_headers_are_mapped() -> None:
    header = ["الاسم", "الهاتف", "البريد الإلكتروني", "المدينة", "رقم الانخراط", "تاريخ الانخراط"]
    assert guess_mapping(header, [], "members") == [
        "name",
        "phone",
        "email",
        "city",
        "number",
        "joined_on",
    ]


def test_french_headers_with_first_and_last_name() -> None:
    header = ["N°", "Nom", "Prénom", "Téléphone", "E-mail", "Date du don", "Montant", "Mode"]
    assert guess_mapping(header, [], "donations") == [
        None,
        "last_name",
        "first_name",
        "phone",
        "email",
        "donated_on",
        "amount",
        "method",
    ]
    assert guess_mapping(["Nom", "Ville"], [], "contacts") == ["name", "city"]
    assert guess_mapping(["الاسم", "النسب"], [], "contacts") == ["first_name", "last_name"]


def test_unnamed_columns_are_guessed_from_their_values() -> None:
    header = ["Nom", "Col1", "Col2"]
    sample = [["Ali", "ali@x.ma", "+212 6 12 34 56 78"], ["Sara", "s@y.fr", "06 11 22 33 44"]]
    assert guess_mapping(header, sample, "contacts") == ["name", "email", "phone"]


def test_layout_key_ignores_spelling_but_not_kind() -> None:
    assert layout_key(["Téléphone", "NOM"], "contacts") == layout_key(
        ["telephone", "nom"], "contacts"
    )
    assert layout_key(["Nom"], "contacts") != layout_key(["Nom"], "members")


def test_a_bom_only_prefix_does_not_leak_into_the_first_header() -> None:
    table = read_csv_bytes(codecs.BOM_UTF8 + "Nom,Ville\nAli,Fès\n".encode())
    assert table.header == ["Nom", "Ville"]
