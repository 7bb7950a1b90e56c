"""Export for the accountant: CSV and XLSX files that read back exactly, in every language,
safe against formula injection, streamed with progress and cancel, never left half-written.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from assocdesk import i18n
from assocdesk.demo import fill
from assocdesk.models import Contact, Donation, DonationStatus
from assocdesk.services import contacts, donations, members, volunteers
from assocdesk.services.donations import DonationInput
from assocdesk.spreadsheets import tabular
from assocdesk.spreadsheets.export import (
    CONTACT_COLUMNS,
    DONATION_COLUMNS,
    ExportCancelled,
    ExportError,
    UnsupportedFormat,
    export_contacts,
    export_donations,
)
from assocdesk.storage.engine import Database
from assocdesk.text.money import from_minor

# The small demo's gifts: 400 seasonal ones and 26 to the two campaigns running today.
DEMO_DONATIONS = 426

DANGEROUS = (
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\tx",
    "\rx",
)


# --- helpers -------------------------------------------------------------------------------


@pytest.fixture
def demo(db: Database) -> Database:
    fill(db, "small")
    return db


def read_csv(path: Path) -> tuple[str, list[list[str]]]:
    """(delimiter, rows) of an exported CSV, checking its BOM and CRLF line ends on the way."""
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.endswith("\r\n")
    header = text.split("\r\n", 1)[0]
    # Exactly one delimiter splits the header into one of the exports' numbers of columns.
    widths = {len(DONATION_COLUMNS), len(CONTACT_COLUMNS)}
    (delimiter,) = [d for d in ";,\t" if len(next(csv.reader([header], delimiter=d))) in widths]
    return delimiter, list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


def stored_donations(db: Database, *clauses: object) -> dict[str, tuple[int, str, str]]:
    """receipt number → (amount_minor, currency, status), straight from the database."""
    with db.reading() as session:
        rows = session.execute(
            select(
                Donation.receipt_number, Donation.amount_minor, Donation.currency, Donation.status
            ).where(*clauses)
        )
        return {number: (minor, currency, status) for number, minor, currency, status in rows}


def record_gift(db: Database, contact_id: int | None, amount: str = "100", **fields) -> str:
    fields.setdefault("donated_on", date(2025, 3, 14))
    fields.setdefault("currency", "MAD")
    with db.transaction() as session:
        gift = donations.record(
            session,
            DonationInput(
                amount=amount, contact_id=contact_id, anonymous=contact_id is None, **fields
            ),
        )
        session.flush()
        return gift.receipt_number


def raw_contact(db: Database, name: str, **fields) -> int:
    """A contact stored without the service's cleaning: imported or older data may look so."""
    with db.transaction() as session:
        contact = Contact(name=name, **fields)
        session.add(contact)
        session.flush()
        return contact.id


def no_leftovers(folder: Path, *keep: str) -> bool:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep) == []


# --- CSV ---------------------------------------------------------------------------------


def test_csv_in_french_reads_back_exactly(demo: Database, tmp_path: Path) -> None:
    target = tmp_path / "out" / "dons.csv"
    target.parent.mkdir()
    with demo.reading() as session:
        written = export_donations(session, target, language="fr")
    stored = stored_donations(demo)
    delimiter, rows = read_csv(target)
    assert delimiter == ";"  # what Excel on French Windows splits at
    header, body = rows[0], rows[1:]
    assert header[:3] == ["N° de reçu", "Date", "Donateur"]
    assert "Montant" in header and "Mode de versement" in header
    assert written == len(body) == len(stored) == DEMO_DONATIONS
    amount_at, currency_at = header.index("Montant"), header.index("Devise")
    for row in body:
        minor, currency, _status = stored[row[0]]
        assert row[currency_at] == currency
        assert Decimal(row[amount_at]) == from_minor(minor, currency)
        assert "," not in row[amount_at] and " " not in row[amount_at]
        date.fromisoformat(row[1])
    donors = {row[2] for row in body}
    assert any("\u0600" <= ch <= "\u06ff" for name in donors for ch in name)  # Arabic intact
    assert "Donateur anonyme" in donors


def test_csv_in_english_and_arabic_is_comma_separated(demo: Database, tmp_path: Path) -> None:
    with demo.reading() as session:
        export_donations(session, tmp_path / "en.csv", language="en")
        export_donations(session, tmp_path / "ar.csv", language="ar")
        export_donations(session, tmp_path / "tab.csv", language="fr", delimiter="\t")
    delimiter, rows = read_csv(tmp_path / "en.csv")
    assert delimiter == ","
    assert rows[0][:3] == ["Receipt", "Date", "Donor"]
    delimiter, rows = read_csv(tmp_path / "ar.csv")
    assert delimiter == ","
    assert rows[0][:3] == ["رقم الوصل", "التاريخ", "المتبرع"]
    assert "متبرع مجهول" in {row[2] for row in rows[1:]}
    delimiter, rows = read_csv(tmp_path / "tab.csv")
    assert delimiter == "\t" and rows[0][0] == "N° de reçu"


def test_exact_amounts_in_minor_units_of_each_currency(db: Database, tmp_path: Path) -> None:
    with db.transaction() as session:
        person = contacts.create(session, contacts.ContactInput(name="Samira"))
        session.flush()
        person_id = person.id
    mad = record_gift(db, person_id, "1500.50")
    tnd = record_gift(db, person_id, "12.345", currency="TND")
    big = record_gift(db, person_id, "1234567890123.45")
    with db.reading() as session:
        export_donations(session, tmp_path / "a.csv", language="en")
        export_donations(session, tmp_path / "a.xlsx", language="en")
    _delimiter, rows = read_csv(tmp_path / "a.csv")
    amounts = {row[0]: row[6] for row in rows[1:]}
    assert amounts == {mad: "1500.50", tnd: "12.345", big: "1234567890123.45"}
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx").active
    cells = {row[0].value: row[6] for row in sheet.iter_rows(min_row=2)}
    assert cells[mad].data_type == "n" and cells[mad].number_format == "#,##0.00"
    assert Decimal(str(cells[mad].value)) == Decimal("1500.50")
    assert cells[tnd].number_format == "#,##0.000"
    assert Decimal(str(cells[tnd].value)) == Decimal("12.345")
    assert Decimal(str(cells[big].value)).quantize(Decimal("0.01")) == Decimal("1234567890123.45")


# --- XLSX --------------------------------------------------------------------------------


def test_xlsx_in_arabic_reads_back_exactly(demo: Database, tmp_path: Path) -> None:
    target = tmp_path / "التبرعات.xlsx"
    with demo.reading() as session:
        written = export_donations(session, target, language="ar")
    stored = stored_donations(demo)
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["التبرعات"]
    sheet = book.active
    assert sheet.sheet_view.rightToLeft is True
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert header == [i18n.translate_in("ar", column.title) for column in DONATION_COLUMNS]
    assert header[:3] == ["رقم الوصل", "التاريخ", "المتبرع"]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.column_dimensions["C"].width >= 20
    body = list(sheet.iter_rows(min_row=2))
    assert written == len(body) == len(stored) == sheet.max_row - 1
    for row in body:
        minor, currency, status = stored[row[0].value]
        assert isinstance(row[1].value, datetime)  # a real date cell
        assert row[1].is_date and row[1].number_format == "dd/mm/yyyy"
        assert row[6].data_type == "n"
        assert Decimal(str(row[6].value)).quantize(Decimal("0.01")) == from_minor(minor, currency)
        assert row[7].value == currency
        expected = "ملغى" if status == DonationStatus.VOID else "مسجَّل"
        assert row[11].value == expected
    assert any("\u0600" <= ch <= "\u06ff" for row in body if row[2].value for ch in row[2].value)
    assert "<f>" not in sheet_xml(target) and "<f " not in sheet_xml(target)


def test_xlsx_in_french_is_left_to_right(demo: Database, tmp_path: Path) -> None:
    with demo.reading() as session:
        export_donations(session, tmp_path / "dons.xlsx", language="fr")
        export_contacts(session, tmp_path / "contacts.xlsx", language="en")
    book = openpyxl.load_workbook(tmp_path / "dons.xlsx")
    assert book.sheetnames == ["Dons"]
    assert not book.active.sheet_view.rightToLeft
    assert book.active["B2"].number_format == "dd/mm/yyyy"
    contacts_book = openpyxl.load_workbook(tmp_path / "contacts.xlsx")
    assert contacts_book.sheetnames == ["Contacts"]
    assert contacts_book.active["A1"].value == "Name"


# --- formula injection -------------------------------------------------------------------


@pytest.fixture
def dangerous(db: Database) -> Database:
    for index, name in enumerate(DANGEROUS):
        contact_id = raw_contact(db, name, phone="+212 6 12 34 56 78", city="#N/A")
        record_gift(db, contact_id, str(100 + index), notes="=1+2")
    return db


def test_csv_neutralizes_formulas_in_text_cells(dangerous: Database, tmp_path: Path) -> None:
    with dangerous.reading() as session:
        export_donations(session, tmp_path / "d.csv", language="en")
        export_contacts(session, tmp_path / "c.csv", language="en")
    _delimiter, rows = read_csv(tmp_path / "d.csv")
    body = rows[1:]
    assert sorted(row[2] for row in body) == sorted("'" + name for name in DANGEROUS)
    for row in body:
        assert row[4] == "'+212 6 12 34 56 78"  # the standard trade-off for phone numbers
        assert row[13] == "'=1+2"
        assert not row[6].startswith("'")  # amounts are numbers, not text
    _delimiter, rows = read_csv(tmp_path / "c.csv")
    assert sorted(row[0] for row in rows[1:]) == sorted("'" + name for name in DANGEROUS)


def test_xlsx_stores_formula_like_text_as_strings(dangerous: Database, tmp_path: Path) -> None:
    with dangerous.reading() as session:
        export_donations(session, tmp_path / "d.xlsx", language="fr")
        export_contacts(session, tmp_path / "c.xlsx", language="fr")
    for name, donor_column in (("d.xlsx", 2), ("c.xlsx", 0)):
        xml = sheet_xml(tmp_path / name)
        assert "<f>" not in xml and "<f " not in xml
        assert 't="e"' not in xml and 't="str"' not in xml
        sheet = openpyxl.load_workbook(tmp_path / name).active
        names = [row[donor_column] for row in sheet.iter_rows(min_row=2)]
        # Exactly as stored, but for XML's end-of-line handling, which reads a CR back as LF.
        assert sorted(cell.value for cell in names) == sorted(
            name.replace("\r", "\n") for name in DANGEROUS
        )
        for row in sheet.iter_rows(min_row=2):
            assert all(cell.data_type in ("s", "n", "d") for cell in row)
    sheet = openpyxl.load_workbook(tmp_path / "d.xlsx").active
    assert {row[4].value for row in sheet.iter_rows(min_row=2)} == {"+212 6 12 34 56 78"}
    assert {row[13].value for row in sheet.iter_rows(min_row=2)} == {"=1+2"}
    assert {row[5].value for row in sheet.iter_rows(min_row=2)} == {"#N/A"}


def test_csv_text_rule() -> None:
    assert tabular.csv_text("=1+2") == "'=1+2"
    assert tabular.csv_text("Amina = ok") == "Amina = ok"
    assert tabular.csv_text("") == ""
    assert tabular.csv_text("'already") == "'already"


# --- filters -----------------------------------------------------------------------------


def test_year_and_date_filters(demo: Database, tmp_path: Path) -> None:
    in_2025 = stored_donations(
        demo, Donation.donated_on >= date(2025, 1, 1), Donation.donated_on <= date(2025, 12, 31)
    )
    assert 0 < len(in_2025) < 400
    with demo.reading() as session:
        written = export_donations(session, tmp_path / "y.csv", year=2025)
        spring = export_donations(
            session,
            tmp_path / "s.xlsx",
            date_from=date(2025, 3, 1),
            date_to=date(2025, 5, 31),
        )
        nothing = export_donations(
            session, tmp_path / "n.csv", year=2025, date_from=date(2026, 1, 1)
        )
    _delimiter, rows = read_csv(tmp_path / "y.csv")
    assert written == len(rows) - 1 == len(in_2025)
    assert {row[0] for row in rows[1:]} == set(in_2025)
    assert all(row[1].startswith("2025-") for row in rows[1:])
    sheet = openpyxl.load_workbook(tmp_path / "s.xlsx").active
    dates = [row[1].value.date() for row in sheet.iter_rows(min_row=2)]
    assert spring == len(dates) > 0
    assert all(date(2025, 3, 1) <= d <= date(2025, 5, 31) for d in dates)
    assert nothing == 0
    assert len(read_csv(tmp_path / "n.csv")[1]) == 1  # the header alone


def test_void_donations_are_marked_or_left_out(db: Database, tmp_path: Path) -> None:
    kept = record_gift(db, None, "50")
    voided = record_gift(db, None, "70")
    with db.transaction() as session:
        gift = session.scalar(select(Donation).where(Donation.receipt_number == voided))
        donations.void(session, gift.id, "Erreur de saisie")
    with db.reading() as session:
        everything = export_donations(session, tmp_path / "all.csv", language="fr")
        recorded = export_donations(session, tmp_path / "rec.csv", include_void=False)
    assert (everything, recorded) == (2, 1)
    _delimiter, rows = read_csv(tmp_path / "all.csv")
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number[voided][11:13] == ["Annulé", "Erreur de saisie"]
    assert by_number[kept][11:13] == ["Enregistré", ""]
    assert [row[0] for row in read_csv(tmp_path / "rec.csv")[1][1:]] == [kept]


# --- contacts ----------------------------------------------------------------------------


def test_contacts_export(db: Database, tmp_path: Path) -> None:
    amina = contacts.ContactInput(
        name="أمينة العلوي",
        phone="06 11 22 33 44",
        email="amina@example.org",
        address="12, rue des Orangers\nHay Salam",
        city="فاس",
        country="ma",
        preferred_language="fr",
        consent_publish_name=True,
        consent_contact=True,
        gender="female",
        id_kind="CIN",
        id_number="C 445566",
    )
    with db.transaction() as session:
        member = members.create(session, members.MemberInput(contact=amina, number="0042"))
        session.flush()
        volunteers.create(session, volunteers.VolunteerInput(contact=amina), member.contact_id)
        contacts.create(
            session,
            contacts.ContactInput(
                name="Atlas SARL", kind="organization", id_kind="ICE", id_number="001528394000072"
            ),
        )
        gone = contacts.create(session, contacts.ContactInput(name="Zineb Archived"))
        session.flush()
        contacts.set_archived(session, gone.id)
    with db.reading() as session:
        assert export_contacts(session, tmp_path / "c.csv", language="fr") == 2
        assert (
            export_contacts(session, tmp_path / "a.xlsx", language="ar", include_archived=True) == 3
        )
    _delimiter, rows = read_csv(tmp_path / "c.csv")
    assert rows[0] == [i18n.translate_in("fr", column.title) for column in CONTACT_COLUMNS]
    assert rows[0][11] == "Bénévole" and rows[0][15] == "Archivé"
    assert rows[0][8:10] == ["Date de naissance", "Mineur (moins de 18 ans)"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["أمينة العلوي"] == [
        "أمينة العلوي",
        "Personne",
        "06 11 22 33 44",
        "amina@example.org",
        "12, rue des Orangers\nHay Salam",
        "فاس",
        "MA",
        "Français",
        "",
        "Non",
        "0042",
        "Oui",
        "Oui",
        "Non",
        "Oui",
        "Non",
        "Mme",
        "Carte nationale d'identité (CIN)",
        "C 445566",
    ]
    assert by_name["Atlas SARL"][1] == "Organisme"
    assert by_name["Atlas SARL"][16:] == ["", "Identifiant commun de l'entreprise (ICE)",
                                          "001528394000072"]  # fmt: skip
    assert by_name["Atlas SARL"][7:12] == ["", "", "Non", "", "Non"]
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx").active
    assert sheet.sheet_view.rightToLeft is True
    header = [cell.value for cell in sheet[1]]
    assert header[0] == "الاسم" and header[11] == "متطوع" and header[15] == "مؤرشف"
    rows_ar = {row[0].value: [cell.value for cell in row] for row in sheet.iter_rows(min_row=2)}
    assert rows_ar["Zineb Archived"][15] == "نعم"
    assert rows_ar["أمينة العلوي"][7] == "الفرنسية"
    assert header[16:] == ["اللقب (السيد، السيدة)", "وثيقة الهوية", "رقم الهوية"]
    assert rows_ar["أمينة العلوي"][16:] == ["السيدة", "بطاقة التعريف الوطنية (CIN)", "C 445566"]


# --- progress, cancel, errors ------------------------------------------------------------


def test_progress_is_reported_and_cancel_leaves_no_file(demo: Database, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    with demo.reading() as session:
        export_donations(session, tmp_path / "ok.xlsx", progress=lambda d, t: calls.append((d, t)))
    assert calls == [(0, DEMO_DONATIONS), (DEMO_DONATIONS, DEMO_DONATIONS)]

    folder = tmp_path / "cancel"
    folder.mkdir()
    (folder / "old.csv").write_text("keep me")
    last = DEMO_DONATIONS
    for name, stop_at in (("a.csv", 0), ("b.xlsx", 0), ("old.csv", last), ("c.xlsx", last)):
        with pytest.raises(ExportCancelled), demo.reading() as session:
            export_donations(session, folder / name, progress=lambda d, _t, s=stop_at: d < s)
    assert sorted(p.name for p in folder.iterdir()) == ["old.csv"]  # no temporary file either
    assert (folder / "old.csv").read_text() == "keep me"  # an existing file stays as it was


def test_progress_every_thousand_rows_and_cancel_midway() -> None:
    calls: list[tuple[int, int]] = []
    rows = tabular._reported(iter(range(2500)), 2500, lambda d, t: calls.append((d, t)))
    assert sum(1 for _ in rows) == 2500
    assert calls == [(0, 2500), (1000, 2500), (2000, 2500), (2500, 2500)]
    seen: list[int] = []
    with pytest.raises(ExportCancelled):
        for row in tabular._reported(iter(range(2500)), 2500, lambda d, _t: d < 1000):
            seen.append(row)
    assert len(seen) == 1000


def test_cancelled_xlsx_removes_openpyxl_temporary_file(demo: Database, tmp_path: Path) -> None:
    from openpyxl.worksheet import _writer

    before = set(_writer.ALL_TEMP_FILES)
    with pytest.raises(ExportCancelled), demo.reading() as session:
        export_donations(session, tmp_path / "x.xlsx", progress=lambda d, _t: d == 0)
    assert set(_writer.ALL_TEMP_FILES) == before


def test_unsupported_format_is_a_translated_value_error(db: Database, tmp_path: Path) -> None:
    i18n.set_language("fr")
    for name in ("dons.pdf", "dons", "dons.xls"):
        with pytest.raises(ValueError) as caught, db.reading() as session:
            export_donations(session, tmp_path / name)
        assert isinstance(caught.value, UnsupportedFormat | ExportError)
        assert "doit se terminer par .csv ou .xlsx" in str(caught.value)
    with db.reading() as session:
        assert export_donations(session, tmp_path / "DONS.CSV") == 0
    assert no_leftovers(
        tmp_path, "DONS.CSV", "assocdesk.sqlite3", "assocdesk.sqlite3-wal", "assocdesk.sqlite3-shm"
    )


def test_unwritable_paths_raise_export_error(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    i18n.set_language("fr")
    with db.reading() as session:
        with pytest.raises(ExportError, match="n'existe pas"):
            export_donations(session, tmp_path / "missing" / "dons.csv")
        (tmp_path / "folder.xlsx").mkdir()
        with pytest.raises(ExportError, match="est un dossier"):
            export_donations(session, tmp_path / "folder.xlsx")

        # Windows refuses to replace a file that Excel holds open: PermissionError.
        folder = tmp_path / "locked"
        folder.mkdir()

        def refuse(*_args: object) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(tabular.os, "replace", refuse)
        for name in ("dons.csv", "dons.xlsx"):
            with pytest.raises(ExportError, match="ouvert dans un autre programme"):
                export_donations(session, folder / name)
    assert list(folder.iterdir()) == []


def test_disk_errors_while_writing_leave_nothing(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_gift(db, None)
    for writer in ("_write_csv", "_write_xlsx"):
        real = getattr(tabular, writer)

        def full(target: Path, *args: object, real=real, **kwargs: object) -> int:
            real(target, *args, **kwargs)  # the rows are on disk…
            raise OSError(28, "No space left on device")  # …when the disk fills up

        monkeypatch.setattr(tabular, writer, full)
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.xlsx").write_bytes(b"previous export")
    for name in ("x.csv", "old.xlsx"):
        with pytest.raises(ExportError, match="No space left"), db.reading() as session:
            export_donations(session, out / name)
    assert sorted(p.name for p in out.iterdir()) == ["old.xlsx"]
    assert (out / "old.xlsx").read_bytes() == b"previous export"


def test_export_counts_match_the_database(demo: Database, tmp_path: Path) -> None:
    with demo.reading() as session:
        total = session.scalar(select(func.count()).select_from(Contact)) or 0
        active = session.scalar(
            select(func.count()).select_from(Contact).where(Contact.archived_at.is_(None))
        )
        assert export_contacts(session, tmp_path / "all.csv", include_archived=True) == total
        assert export_contacts(session, tmp_path / "active.csv") == active
