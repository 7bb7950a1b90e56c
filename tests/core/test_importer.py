"""Importing files whole or not at all, with the right values, and never twice the same person."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from assocdesk.models import (
    AuditEvent,
    Campaign,
    Contact,
    Donation,
    Membership,
    ReceiptCounter,
    VolunteerProfile,
)
from assocdesk.services import activities, contacts, donations, members
from assocdesk.services.common import ListQuery
from assocdesk.spreadsheets.importer import ImportCancelled, ImportRefused, run_import
from assocdesk.spreadsheets.mapping import guess_mapping, initial_mapping, remembered
from assocdesk.spreadsheets.plan import BAD, CREATE, MERGE, SKIP, MappingProblem, build_plan
from assocdesk.spreadsheets.planned import ContactValues
from assocdesk.spreadsheets.reading import Table, read_csv_bytes, read_table
from assocdesk.storage.engine import Database

ROOT = Path(__file__).resolve().parents[2]


def csv_file(
    path: Path, rows: list[list[str]], encoding: str = "utf-8-sig", delimiter: str = ";"
) -> Path:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def import_file(db: Database, path: Path, kind: str, **options) -> tuple:
    table = read_table(path)
    mapping = guess_mapping(table.header, [cells for _l, cells in table.rows[:50]], kind)
    return run_import(db, table, kind, mapping, **options), mapping


def counts(db: Database) -> dict[str, int]:
    with db.reading() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (Contact, Membership, VolunteerProfile, Donation, AuditEvent, Campaign)
        }


MEMBERS_AR = [
    ["الاسم", "الهاتف", "البريد الإلكتروني", "المدينة", "رقم الانخراط", "تاريخ الانخراط", "الفئة"],
    ["أحمد بنعلي", "06 12 34 56 78", "Ahmed@Example.ma", "الرباط", "101", "21/11/2025", "نشيط"],
    ["فاطمة الزهراء العلوي", "+212 6 11 22 33 44", "", "سلا", "", "2024-01-05", ""],
    ["يوسف الإدريسي", "00212 6 55 44 33 22", "", "فاس", "103", "5 مارس 2023", ""],
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1256", "utf-16"])
def test_members_with_arabic_headers_import_with_the_right_values(
    db: Database, tmp_path: Path, encoding: str
) -> None:
    path = csv_file(tmp_path / "members.csv", MEMBERS_AR, encoding, ";")
    result, _mapping = import_file(db, path, "members")
    assert (result.created, result.merged, result.skipped, result.errors) == (3, 0, 0, [])
    with db.reading() as session:
        rows = {r.name: r for r in members.list_members(session).rows}
        ahmed = rows["أحمد بنعلي"]
        assert (ahmed.number, ahmed.category, ahmed.joined_on) == (
            "101",
            "نشيط",
            date(2025, 11, 21),
        )
        assert ahmed.phone == "06 12 34 56 78" and ahmed.city == "الرباط"
        fatima = rows["فاطمة الزهراء العلوي"]
        assert fatima.number == "104"  # the next free number after those of the file
        assert fatima.joined_on == date(2024, 1, 5)
        assert rows["يوسف الإدريسي"].joined_on == date(2023, 3, 5)
        contact = contacts.get(session, ahmed.contact_id)
        assert contact.email == "ahmed@example.ma"
        # Found by search in any spelling (the search index was filled).
        assert contacts.list_contacts(session, ListQuery(search="احمد بنعلى")).total == 1
        assert contacts.list_contacts(session, ListQuery(search="0655443322")).total == 0
        assert contacts.list_contacts(session, ListQuery(search="655443322")).total == 1


DONATIONS_FR = [
    ["Nom", "Prénom", "Téléphone", "Date du don", "Montant", "Mode de paiement", "Campagne"],
    ["BENALI", "Ahmed", "06 12 34 56 78", "21/11/2025", "1 500,50 DH", "Espèces", "Ramadan"],
    ["Lefèvre", "Hélène", "", "2025-03-02", "1.200,00", "Virement", ""],
    ["BENALI", "Ahmed", "06.12.34.56.78", "3 novembre 2025", "د.م. 200", "chèque", "Ramadan"],
    ["Anonyme", "", "", "45000", "١٥٠٠", "", ""],
]


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("cp1252", ";"), ("utf-8", ","), ("utf-16", "\t")]
)
def test_donations_with_french_headers(
    db: Database, tmp_path: Path, encoding: str, delimiter: str
) -> None:
    rows = (
        [
            [c.replace("د.م. 200", "200 MAD").replace("١٥٠٠", "1500") for c in r]
            for r in DONATIONS_FR
        ]
        if encoding == "cp1252"
        else DONATIONS_FR
    )
    path = csv_file(tmp_path / "dons.csv", rows, encoding, delimiter)
    result, _mapping = import_file(db, path, "donations")
    assert result.errors == []
    assert (result.created, result.merged) == (4, 1)  # the second gift of Ahmed: a known donor
    with db.reading() as session:
        gifts = session.scalars(select(Donation).order_by(Donation.id)).all()
        assert [(g.amount_minor, g.currency, g.method) for g in gifts] == [
            (150050, "MAD", "cash"),
            (120000, "MAD", "transfer"),
            (20000, "MAD", "cheque"),
            (150000, "MAD", "cash"),
        ]
        assert [g.donated_on for g in gifts] == [
            date(2025, 11, 21),
            date(2025, 3, 2),
            date(2025, 11, 3),
            date(2023, 3, 15),
        ]
        assert gifts[0].contact_id == gifts[2].contact_id is not None
        assert gifts[0].contact.name == "Ahmed BENALI"
        assert gifts[3].contact_id is None  # anonymous
        assert gifts[0].campaign.name == "Ramadan" and gifts[2].campaign_id == gifts[0].campaign_id
        numbers = [g.receipt_number for g in gifts]
        assert numbers == ["R-2025-0001", "R-2025-0002", "R-2025-0003", "R-2023-0001"]
        assert session.get(ReceiptCounter, 2025).last_number == 3
    # The counters carry on from the import: the next gift gets the next number.
    with db.transaction() as session:
        later = donations.record(
            session,
            donations.DonationInput(
                amount="10", currency="MAD", donated_on=date(2025, 12, 1), anonymous=True
            ),
        )
        assert later.receipt_number == "R-2025-0004"


def test_reimporting_the_same_file_creates_nothing(db: Database, tmp_path: Path) -> None:
    members_file = csv_file(tmp_path / "members.csv", MEMBERS_AR)
    gifts_file = csv_file(tmp_path / "dons.csv", DONATIONS_FR)
    import_file(db, members_file, "members")
    import_file(db, gifts_file, "donations")
    before = counts(db)
    again, _m = import_file(db, members_file, "members")
    assert (again.created, again.merged, again.skipped) == (0, 0, 3)
    again, _m = import_file(db, gifts_file, "donations")
    assert (again.created, again.skipped) == (0, 4)
    assert counts(db) == before


def test_rows_of_one_person_are_merged_and_existing_contacts_completed(
    db: Database, tmp_path: Path
) -> None:
    with db.transaction() as session:
        existing = contacts.create(
            session, contacts.ContactInput(name="Sara Amrani", phone="0677889900")
        )
        session.flush()
        existing_id = existing.id
        contacts.create(session, contacts.ContactInput(name="Karim Tazi", phone="0600000001"))
    rows = [
        ["Nom complet", "GSM", "Email", "Ville"],
        ["AMRANI Sara", "+212 677 88 99 00", "sara@x.ma", "Tanger"],  # existing: completed
        ["Karim Tazi", "0699999999", "", ""],  # same name, another phone: another person
        ["Omar Alami", "", "", "Fès"],
        ["omar ALAMI", "0611111111", "", ""],  # same file, same person: merged into the row above
    ]
    result, _m = import_file(db, csv_file(tmp_path / "c.csv", rows, delimiter=","), "contacts")
    assert (result.created, result.merged, result.skipped) == (2, 2, 0)
    with db.reading() as session:
        sara = contacts.get(session, existing_id)
        assert (sara.email, sara.city, sara.phone) == ("sara@x.ma", "Tanger", "0677889900")
        names = session.scalars(select(Contact.name).order_by(Contact.id)).all()
        assert names == ["Sara Amrani", "Karim Tazi", "Karim Tazi", "Omar Alami"]
        omar = session.scalar(select(Contact).where(Contact.name == "Omar Alami"))
        assert (omar.city, omar.phone) == ("Fès", "0611111111")
        actions = session.scalars(
            select(AuditEvent.action).where(
                AuditEvent.entity_id == existing_id, AuditEvent.entity_type == "contacts"
            )
        ).all()
        assert actions == ["create", "update"]


BAD_ROWS = [
    ["Nom", "Téléphone", "Date du don", "Montant"],
    ["Ahmed Benali", "0612345678", "21/11/2025", "150"],
    ["", "0612345679", "21/11/2025", "150"],  # empty name
    ["Sara Amrani", "", "21/11/2025", "cent dirhams"],  # text in an amount
    ["Omar Alami", "", "31/02/2025", "100"],  # impossible date
    ["X" * 100_000, "", "21/11/2025", "100"],  # a 100 000-character cell
    ["\x00\x01\x02garbage\x7f", "", "21/11/2025", "100"],  # binary garbage
    ["Karim Tazi", "", "01/01/2099", "100"],  # in the future
]


def test_bad_rows_are_reported_row_by_row_and_nothing_is_half_imported(
    db: Database, tmp_path: Path
) -> None:
    path = csv_file(tmp_path / "bad.csv", BAD_ROWS, "utf-8", ";")
    with path.open("ab") as handle:  # damaged bytes, as in a file cut by a bad copy
        handle.write(b"Nadia \xff\xfe\x00 Idrissi;;21/11/2025;100\r\n")
    table = read_table(path)
    assert table.encoding == "utf-8"
    mapping = guess_mapping(table.header, [], "donations")
    before = counts(db)
    with pytest.raises(ImportRefused) as refused:
        run_import(db, table, "donations", mapping)
    assert counts(db) == before
    problems = {(e.line, e.column): e.message for e in refused.value.plan.errors}
    assert problems == {
        (3, "Nom"): "This field is required.",
        (4, "Montant"): "This is not an amount (example: 1500 or 1500.50).",
        (5, "Date du don"): "This date does not exist.",
        (6, "Nom"): "This cell is far too long.",
        (7, "Nom"): "This cell holds unreadable characters (damaged or binary data).",
        (8, "Date du don"): "This date is in the future.",
        (9, "Nom"): "This cell holds unreadable characters (damaged or binary data).",
    }
    assert all(len(e.value) <= 81 for e in refused.value.plan.errors)
    # Skipping them imports the good row only.
    result = run_import(db, table, "donations", mapping, skip_bad_rows=True)
    assert (result.created, result.skipped) == (1, 7)
    assert counts(db)["donations"] == 1


def test_errors_are_in_the_users_language(db: Database) -> None:
    from assocdesk import i18n

    i18n.set_language("fr")
    table = read_csv_bytes(b"Nom;Montant;Date\nAli;beaucoup;21/11/2025\n")
    with db.reading() as session:
        plan = build_plan(session, table, "donations", ["name", "amount", "donated_on"])
    assert plan.errors[0].message != "This is not an amount (example: 1500 or 1500.50)."
    assert "1500" in plan.errors[0].message


def test_cancel_rolls_everything_back(db: Database, tmp_path: Path) -> None:
    rows = [["Nom", "Ville"]] + [[f"Personne {i}", "Rabat"] for i in range(1200)]
    table = read_table(csv_file(tmp_path / "many.csv", rows))
    before = counts(db)
    calls = []

    def progress(done: int, total: int) -> bool:
        calls.append(done)
        return done < 1000

    with pytest.raises(ImportCancelled):
        run_import(db, table, "contacts", ["name", "city"], progress=progress)
    assert calls[0] == 0 and calls[-1] == 1000
    assert counts(db) == before
    with db.reading() as session:  # the paused search trigger is back
        created = contacts.create(session, contacts.ContactInput(name="Après annulation"))
        session.flush()
        assert list(contacts.ids(session, ListQuery(search="annulation"))) == [created.id]


def test_mapping_is_remembered_per_layout(db: Database, tmp_path: Path) -> None:
    table = read_table(csv_file(tmp_path / "c.csv", [["Col A", "Col B"], ["Ali", "Fès"]]))
    chosen = ["name", "city"]
    with db.reading() as session:
        assert remembered(session, table.header, "contacts") is None
        assert initial_mapping(session, table.header, [], "contacts") == [None, None]
    run_import(db, table, "contacts", chosen)
    with db.reading() as session:
        assert initial_mapping(session, ["col a", "COL B"], [], "contacts") == chosen
        assert remembered(session, table.header, "members") is None


def test_a_mapping_without_names_is_refused(db: Database) -> None:
    table = Table(header=["Ville"], rows=[(2, ["Fès"])])
    with db.reading() as session, pytest.raises(MappingProblem):
        build_plan(session, table, "contacts", ["city"])


def test_volunteers_and_activities(db: Database, tmp_path: Path) -> None:
    volunteers_file = csv_file(
        tmp_path / "v.csv",
        [
            ["الاسم", "الهاتف", "المهارات"],
            ["سارة", "0611223344", "طبخ، إسعافات أولية"],
            ["Ali", "", "cuisine, Cuisine"],
        ],
    )
    result, _m = import_file(db, volunteers_file, "volunteers")
    assert result.created == 2
    activities_file = csv_file(
        tmp_path / "a.csv",
        [
            ["النشاط", "التاريخ", "المكان", "عدد المستفيدين", "التكلفة"],
            ["قفة رمضان", "01/03/2025", "الرباط", "120", "5 000"],
        ],
    )
    result, _m = import_file(db, activities_file, "activities")
    assert result.created == 1
    with db.reading() as session:
        profiles = session.scalars(select(VolunteerProfile).order_by(VolunteerProfile.id)).all()
        assert [[s.name for s in p.skills] for p in profiles] == [
            ["إسعافات أولية", "طبخ"],
            ["cuisine"],
        ]
        row = activities.list_activities(session).rows[0]
        assert (row.title, row.place, row.beneficiaries_count, row.status) == (
            "قفة رمضان",
            "الرباط",
            120,
            "done",
        )
        assert activities.get(session, row.id).cost_minor == 500000
    again, _m = import_file(db, activities_file, "activities")
    assert (again.created, again.skipped) == (0, 1)


def test_preview_plan_shows_what_will_happen(db: Database) -> None:
    with db.transaction() as session:
        contacts.create(session, contacts.ContactInput(name="Ahmed Benali", phone="0612345678"))
    table = read_csv_bytes("Nom;GSM\nBENALI Ahmed;+212612345678\nSara;\n;\u00a0x\n".encode())
    with db.reading() as session:
        plan = build_plan(session, table, "contacts", ["name", "phone"])
    assert [r.action for r in plan.rows] == [SKIP, CREATE, BAD]
    assert plan.rows[0].match_name == "Ahmed Benali"
    assert isinstance(plan.rows[1].values, ContactValues)
    assert plan.rows[1].values.contact["name"] == "Sara"
    with db.reading() as session:
        plan = build_plan(
            session,
            read_csv_bytes(b"Nom;Ville\nAhmed Benali;Rabat\n"),
            "contacts",
            ["name", "city"],
        )
    assert [r.action for r in plan.rows] == [MERGE]


KILLED_IMPORT = """
import sys
from pathlib import Path
from assocdesk.storage.opening import open_database
from assocdesk.spreadsheets.importer import run_import
from assocdesk.spreadsheets.reading import read_table

given = sys.argv[1]
database = open_database(given if "://" in given else Path(given))
table = read_table(Path(sys.argv[2]))
started = Path(sys.argv[3])

def progress(done, total):
    if done >= 2000:
        started.write_text("writing")
        import time
        time.sleep(60)  # killed here, in the middle of the transaction
    return True

run_import(database, table, "members", ["name", "phone", "city"], progress=progress)
"""


def test_killed_mid_import_leaves_the_database_unchanged(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    with db.transaction() as session:
        contacts.create(session, contacts.ContactInput(name="Déjà là"))
    before = counts(db)
    given = db.server.text if db.server is not None else str(db_path)
    db.close()
    rows = [["Nom", "Téléphone", "Ville"]] + [
        [f"Membre {i}", f"06{i:08d}", "Rabat"] for i in range(5000)
    ]
    path = csv_file(tmp_path / "big.csv", rows)
    script = tmp_path / "killed.py"
    script.write_text(KILLED_IMPORT)
    marker = tmp_path / "started"
    process = subprocess.Popen(
        [sys.executable, str(script), given, str(path), str(marker)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        for _ in range(1200):
            if marker.exists() or process.poll() is not None:
                break
            time.sleep(0.05)
        assert marker.exists(), "the import did not start writing"
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    if db.server is None:
        conn = sqlite3.connect(db_path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            triggers = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
            }
            assert "contacts_fts_insert" in triggers
            # The indexes the import set aside while writing (it doubles the table) are back.
            names = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")
            }
            assert {"ix_contacts_name", "ix_contacts_search", "ix_audit_entity"} <= names
        finally:
            conn.close()
    from assocdesk.storage.opening import open_database

    # The server ends the dead client's transaction when its connection drops.
    reopened = open_database(given if db.server is not None else db_path)
    try:
        assert counts(reopened) == before
        with reopened.reading() as session:
            assert (
                json.loads(session.scalar(select(AuditEvent.changes)))["after"]["name"] == "Déjà là"
            )
    finally:
        reopened.close()


def test_imported_rows_are_stored_as_the_orm_stores_them(db: Database, db_path: Path) -> None:
    """Regression: bulk rows once had "+00:00" timestamps the ORM never writes."""
    with db.transaction() as session:
        contacts.create(session, contacts.ContactInput(name="Par le formulaire"))
    run_import(db, read_csv_bytes(b"Nom\nPar l'import\n"), "contacts", ["name"])
    with db.reading() as session:
        typed, imported = session.execute(
            select(
                Contact.created_at, Contact.updated_at, Contact.is_minor, Contact.archived_at
            ).order_by(Contact.id)
        ).all()
        stamps = session.scalars(select(AuditEvent.occurred_at)).all()
    assert [type(value) for value in typed] == [type(value) for value in imported]
    assert imported.is_minor is False and imported.archived_at is None
    assert {stamp.tzinfo is None for stamp in stamps} == {typed.created_at.tzinfo is None}
    if db.server is not None:
        return  # the columns are typed: no text form to compare
    conn = sqlite3.connect(db_path)
    try:
        shapes = conn.execute(
            "SELECT length(created_at), typeof(created_at), length(updated_at),"
            " typeof(is_minor), is_minor, typeof(archived_at) FROM contacts ORDER BY id"
        ).fetchall()
        events = conn.execute("SELECT length(occurred_at) FROM audit_events").fetchall()
    finally:
        conn.close()
    assert shapes[0] == shapes[1] == (26, "text", 26, "integer", 0, "null")
    assert {length for (length,) in events} == {26}


# Every value form of the issue, in every encoding and delimiter, with Arabic or French headers.
HEADERS = {
    "ar": ["الاسم", "الهاتف", "تاريخ التبرع", "المبلغ"],
    "fr": ["Nom complet", "Téléphone", "Date du don", "Montant"],
}
SERIAL = str((date(2025, 11, 21) - date(1899, 12, 30)).days)
VALUE_FORMS = [
    # (name, phone, date, amount) as typed → (stored name, phone, amount_minor, currency)
    (
        ["BENALI Ahmed", "06 12 34 56 78", "21/11/2025", "1 500,50"],
        ("Ahmed BENALI", "06 12 34 56 78", 150050, "MAD"),
    ),
    (
        ["Benali, Sara", "+212 6 11 22 33 44", "2025-11-21", "1.500,50 DH"],
        ("Sara Benali", "+212 6 11 22 33 44", 150050, "MAD"),
    ),
    (
        ["Omar Tazi", "00212612345678", "21-11-25", "1,500.50 MAD"],
        ("Omar Tazi", "+212612345678", 150050, "MAD"),
    ),
    (
        ["Karim Alami", "06.99.88.77.66", SERIAL, "150 DA"],
        ("Karim Alami", "06 99 88 77 66", 15000, "DZD"),
    ),
    (
        ["Hélène Lefèvre", "0033612345678", "21 novembre 2025", "20 €"],
        ("Hélène Lefèvre", "+33612345678", 2000, "EUR"),
    ),
    (
        ["أحمد العلوي", "0611223344", "21 نوفمبر 2025", "د.م. 1 500"],
        ("أحمد العلوي", "0611223344", 150000, "MAD"),
    ),
    (
        ["فاطمة الزهراء", "0622334455", "21 نونبر 2025", "١٥٠٠"],
        ("فاطمة الزهراء", "0622334455", 150000, "MAD"),
    ),
    (["يوسف", "٠٦٣٣٤٤٥٥٦٦", "٢١/١١/٢٠٢٥", "٢٠٠٠ دج"], ("يوسف", "0633445566", 200000, "DZD")),
]


def encodable(row: list[str], encoding: str) -> bool:
    try:
        ";".join(row).encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize("headers", ["ar", "fr"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "cp1256", "cp1252", "latin-1", "utf-16"]
)
def test_every_value_form_in_every_encoding_and_delimiter(
    db: Database, tmp_path: Path, encoding: str, delimiter: str, headers: str
) -> None:
    header = HEADERS[headers]
    if not encodable(header, encoding):
        pytest.skip(f"{encoding} cannot hold {headers} headers")
    forms = [(row, stored) for row, stored in VALUE_FORMS if encodable(row, encoding)]
    assert len(forms) >= 4
    path = csv_file(
        tmp_path / "dons.csv", [header] + [row for row, _s in forms], encoding, delimiter
    )
    result, mapping = import_file(db, path, "donations")
    assert mapping == ["name", "phone", "donated_on", "amount"]
    assert result.errors == [] and result.created == len(forms)
    with db.reading() as session:
        gifts = session.scalars(select(Donation).order_by(Donation.id)).all()
        assert [(g.contact.name, g.contact.phone, g.amount_minor, g.currency) for g in gifts] == [
            stored for _row, stored in forms
        ]
        assert {g.donated_on for g in gifts} == {date(2025, 11, 21)}


@pytest.mark.parametrize(
    ("language", "bad", "expected"),
    [
        ("en", 1, "1 row has problems; nothing was imported. Fix the file, or skip it."),
        ("en", 2, "2 rows have problems; nothing was imported. Fix the file, or skip them."),
        ("fr", 1, "1 ligne a des problèmes ; rien n'a été importé. Corrigez le fichier ou "
                  "ignorez-la."),
        ("fr", 4, "4 lignes ont des problèmes ; rien n'a été importé. Corrigez le fichier ou "
                  "ignorez-les."),
        ("ar", 1, "صف واحد به مشاكل؛ لم يُستورد أي شيء. صحّح الملف أو تجاهله."),
        ("ar", 2, "صفان بهما مشاكل؛ لم يُستورد أي شيء. صحّح الملف أو تجاهلهما."),
        ("ar", 4, "4 صفوف بها مشاكل؛ لم يُستورد أي شيء. صحّح الملف أو تجاهلها."),
        ("ar", 12, "12 صفًا بها مشاكل؛ لم يُستورد أي شيء. صحّح الملف أو تجاهلها."),
    ],
)  # fmt: skip
def test_the_refusal_counts_the_bad_rows_in_each_language(
    db: Database, language: str, bad: int, expected: str
) -> None:
    """Issue 15: "1 rows have problems": the count agrees with its noun in every language."""
    from assocdesk import i18n

    i18n.set_language(language)
    lines = ["Nom;Montant;Date", "Ali;100;21/11/2025"] + [
        f"Sara {n};beaucoup;21/11/2025" for n in range(bad)
    ]
    table = read_csv_bytes("\n".join(lines).encode())
    with pytest.raises(ImportRefused) as refused:
        run_import(db, table, "donations", ["name", "amount", "donated_on"])
    assert str(refused.value) == expected
    assert counts(db)["donations"] == 0
