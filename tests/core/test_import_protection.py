"""Import and export of what protects people: date of birth, the "minor" mark, the consents.

Issue 15, point 2: the contacts, members and volunteers import reads them under headers in
Arabic, French and English, with yes/no as people type them; the export writes the same columns,
so a file exported re-imports to the same values.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from assocdesk import i18n
from assocdesk.models import Contact
from assocdesk.services import contacts, members, volunteers
from assocdesk.spreadsheets import values
from assocdesk.spreadsheets.export import export_contacts
from assocdesk.spreadsheets.export_records import export_kind
from assocdesk.spreadsheets.importer import ImportRefused, run_import
from assocdesk.spreadsheets.mapping import guess_from_header, guess_mapping
from assocdesk.spreadsheets.plan import BAD, MERGE, SKIP, build_plan
from assocdesk.spreadsheets.reading import Table, read_csv_bytes, read_table
from assocdesk.storage.engine import Database
from assocdesk.storage.opening import open_database

PROTECTION = (
    "date_of_birth",
    "is_minor",
    "consent_publish_name",
    "consent_publish_photo",
    "consent_contact",
)

HEADERS = {
    "date_of_birth": [
        "Date of birth",
        "Birth date",
        "DOB",
        "D.O.B.",
        "Date de naissance",
        "Né(e) le",
        "Née le",
        "تاريخ الازدياد",
        "تاريخ الإزدياد",
        "تاريخ الميلاد",
    ],
    "is_minor": ["Minor", "MINOR", "Mineur", "Mineur(e)", "قاصر", "Minor (under 18)"],
    "consent_publish_name": [
        "Consent to publish name",
        "Publish name",
        "Accord publication du nom",
        "Accepte que son nom soit publié",
        "الموافقة على نشر الاسم",
        "الموافقه علي نشر الإسم",  # taa marbuta, alif maqsura and hamza typed otherwise
    ],
    "consent_publish_photo": [
        "Consent to publish photo",
        "Publish photo",
        "Accord publication photo",
        "Droit à l'image",
        "الموافقة على نشر الصورة",
    ],
    "consent_contact": [
        "May be contacted",
        "Consent to contact",
        "Accepte d'être contacté",
        "Accepte d’être contactée",
        "الموافقة على التواصل",
    ],
}


@pytest.mark.parametrize("kind", ["contacts", "members", "volunteers"])
@pytest.mark.parametrize(
    ("header", "field"), [(h, field) for field, spellings in HEADERS.items() for h in spellings]
)
def test_headers_are_guessed_in_three_languages(header: str, field: str, kind: str) -> None:
    assert guess_from_header(header, kind) == field


def test_places_of_birth_and_plain_words_are_not_taken_for_these_fields() -> None:
    for header in ("Lieu de naissance", "مكان الازدياد", "Place of birth", "Photo", "Contact"):
        assert guess_from_header(header, "contacts") not in PROTECTION, header
    # Beside them, the name columns are still found.
    header = ["Nom", "Prénom", "Date de naissance", "Mineur", "Accord publication du nom"]
    assert guess_mapping(header, [], "members") == [
        "last_name",
        "first_name",
        "date_of_birth",
        "is_minor",
        "consent_publish_name",
    ]


YES = ["oui", "Oui", "OUI", "o", "O", "yes", "Yes", "y", "Y", "true", "TRUE", "vrai", "Vrai"]
YES += ["نعم", "1", "١", "x", "X", "✓", "✔", "✔️", " oui "]
NO = ["non", "Non", "n", "N", "no", "No", "false", "False", "faux", "FAUX", "لا", "0", "٠"]


@pytest.mark.parametrize(("typed", "expected"), [(t, True) for t in YES] + [(t, False) for t in NO])
def test_each_yes_no_spelling(typed: str, expected: bool) -> None:
    assert values.parse_yes_no(typed) is expected


@pytest.mark.parametrize("typed", ["peut-être", "maybe", "2", "-", "?", "oui non", "✗", "ok"])
def test_anything_else_is_not_a_yes_or_a_no(typed: str) -> None:
    with pytest.raises(values.ValueProblem):
        values.parse_yes_no(typed)


def test_typed_spreadsheet_cells_are_yes_or_no() -> None:
    assert [values.parse_yes_no(v) for v in (True, False, 1, 0, 1.0, 0.0)] == [
        True,
        False,
        True,
        False,
        True,
        False,
    ]
    with pytest.raises(values.ValueProblem):
        values.parse_yes_no(0.5)


def test_dates_of_birth_in_every_form_the_importer_reads() -> None:
    assert values.parse_birth_date("04/03/2012") == date(2012, 3, 4)
    assert values.parse_birth_date("2012-03-04") == date(2012, 3, 4)
    assert values.parse_birth_date("4 mars 2012") == date(2012, 3, 4)
    assert values.parse_birth_date("٠٤/٠٣/٢٠١٢") == date(2012, 3, 4)
    assert values.parse_birth_date(datetime(2012, 3, 4)) == date(2012, 3, 4)
    # Excel serials, older ones too (a 1940 birth is serial 14 611, not read as other dates).
    assert values.parse_birth_date(14611) == date(1940, 1, 1)
    assert values.parse_birth_date("14611") == date(1940, 1, 1)
    assert values.parse_birth_date((date(2012, 3, 4) - values.EXCEL_EPOCH).days) == date(2012, 3, 4)
    # A two-digit year is the latest past one: nobody is born in the future.
    this_year = date.today().year % 100
    later = f"{(this_year + 3) % 100:02d}"
    assert values.parse_birth_date(f"01/01/{later}").year == date.today().year + 3 - 100
    assert values.parse_date(f"01/01/{later}").year == date.today().year + 3  # other dates
    with pytest.raises(values.ValueProblem):
        values.parse_birth_date("31/02/2012")


# --- importing --------------------------------------------------------------------------------


def plan_of(db: Database, table: Table, kind: str = "contacts"):
    mapping = guess_mapping(table.header, [cells for _l, cells in table.rows[:50]], kind)
    with db.reading() as session:
        return build_plan(session, table, kind, mapping), mapping


FRENCH = (
    "Nom;Date de naissance;Mineur;Accord publication du nom;Accord publication photo;"
    "Accepte d'être contacté\n"
    "Salma Idrissi;04/03/2012;oui;non;non;oui\n"
    "Karim Tazi;1990-07-15;;o;x;✓\n"
    "Nadia Alaoui;;X;faux;vrai;n\n"
    "Youssef Amrani;;;;;\n"
)


@pytest.mark.parametrize("kind", ["contacts", "members", "volunteers"])
def test_import_reads_birth_minor_and_consents_through_the_bulk_path(
    db: Database, kind: str
) -> None:
    table = read_csv_bytes(FRENCH.encode())
    plan, mapping = plan_of(db, table, kind)
    assert mapping == ["name", *PROTECTION]
    assert plan.errors == []
    run_import(db, table, kind, mapping)
    with db.reading() as session:
        found = {
            c.name: (
                c.date_of_birth,
                c.is_minor,
                c.consent_publish_name,
                c.consent_publish_photo,
                c.consent_contact,
            )
            for c in session.scalars(select(Contact))
        }
        karim = session.scalar(select(Contact).where(Contact.name == "Karim Tazi"))
        youssef = session.scalar(select(Contact).where(Contact.name == "Youssef Amrani"))
        salma = session.scalar(select(Contact).where(Contact.name == "Salma Idrissi"))
        # A consent given in the file is dated, as the form dates it; none given, none dated.
        assert karim.consent_publish_name_at is not None
        assert youssef.consent_publish_name_at is None
        assert salma.consent_publish_name_at is None and salma.consent_contact_at is not None
        assert salma.is_minor_on(date(2026, 1, 1))
        assert not karim.is_minor_on(date(2026, 1, 1))
    assert found == {
        "Salma Idrissi": (date(2012, 3, 4), True, False, False, True),
        "Karim Tazi": (date(1990, 7, 15), False, True, True, True),
        "Nadia Alaoui": (None, True, False, True, False),
        "Youssef Amrani": (None, False, False, False, False),
    }


def test_the_same_columns_read_from_a_spreadsheet_with_typed_cells(db: Database) -> None:
    """XLSX gives dates, booleans and numbers, not text."""
    header = ["Name", "Date of birth", "Minor", "Publish name", "Publish photo", "May be contacted"]
    table = Table(
        header,
        [
            (2, ["Lina Berrada", datetime(2015, 6, 1), True, False, 0, 1.0]),
            (3, ["Omar Kettani", 33000, None, True, 1, None]),
        ],
    )
    plan, mapping = plan_of(db, table)
    assert plan.errors == []
    run_import(db, table, "contacts", mapping)
    with db.reading() as session:
        lina = session.scalar(select(Contact).where(Contact.name == "Lina Berrada"))
        omar = session.scalar(select(Contact).where(Contact.name == "Omar Kettani"))
        assert (lina.date_of_birth, lina.is_minor, lina.consent_contact) == (
            date(2015, 6, 1),
            True,
            True,
        )
        assert omar.date_of_birth == date(1990, 5, 7)  # Excel's serial 33 000
        assert omar.consent_publish_photo and not omar.is_minor


def test_bad_values_are_errors_on_their_row_and_cell(db: Database) -> None:
    future = date(date.today().year + 1, 1, 1).strftime("%d/%m/%Y")
    text = (
        "الاسم;تاريخ الازدياد;قاصر;الموافقة على نشر الاسم;الموافقة على نشر الصورة;"
        "الموافقة على التواصل\n"
        "سلمى الإدريسي;04/03/2012;نعم;لا;لا;نعم\n"
        f"كريم التازي;{future};لا;نعم;نعم;نعم\n"
        "نادية العلوي;12/05/1899;لا;لا;لا;لا\n"
        "يوسف العمراني;30/02/2010;ربما;لا;لا;لا\n"
        "هدى بناني;01/01/2001;لا;peut-être;2;لا\n"
    )
    table = read_csv_bytes(text.encode())
    plan, mapping = plan_of(db, table)
    problems = {(e.line, e.column, e.value): e.message for e in plan.errors}
    yes_no = "Write yes or no (oui/non, نعم/لا, 1/0, x)."
    assert problems == {
        # Checked dates are shown as read (ISO), like other checked values.
        (3, "تاريخ الازدياد", date(date.today().year + 1, 1, 1).isoformat()): (
            "This date is in the future."
        ),
        (4, "تاريخ الازدياد", "1899-05-12"): "Enter a date between 1900 and 2199.",
        (5, "تاريخ الازدياد", "30/02/2010"): "This date does not exist.",
        (5, "قاصر", "ربما"): yes_no,
        (6, "الموافقة على نشر الاسم", "peut-être"): yes_no,
        (6, "الموافقة على نشر الصورة", "2"): yes_no,
    }
    by_line = {e.line: e for e in plan.errors}
    assert by_line[3].message == "This date is in the future."
    assert by_line[3].column == "تاريخ الازدياد"
    assert by_line[4].message == "Enter a date between 1900 and 2199."
    assert {(e.column, e.value) for e in plan.errors if e.line == 6} == {
        ("الموافقة على نشر الاسم", "peut-être"),
        ("الموافقة على نشر الصورة", "2"),
    }
    assert [row.action for row in plan.rows] == ["create", BAD, BAD, BAD, BAD]
    with pytest.raises(ImportRefused):
        run_import(db, table, "contacts", mapping)
    result = run_import(db, table, "contacts", mapping, skip_bad_rows=True)
    assert (result.created, result.skipped) == (1, 4)


def test_messages_of_bad_cells_are_translated(db: Database) -> None:
    i18n.set_language("ar")
    table = read_csv_bytes("Nom;Mineur\nAli;peut-être\n".encode())
    plan, _mapping = plan_of(db, table)
    (error,) = plan.errors
    assert error.message == i18n._("Write yes or no (oui/non, نعم/لا, 1/0, x).")
    assert error.message != "Write yes or no (oui/non, نعم/لا, 1/0, x)."
    i18n.set_language("fr")
    assert i18n._("Write yes or no (oui/non, نعم/لا, 1/0, x).").startswith("Écrivez")


def test_known_people_are_protected_rather_than_exposed(db: Database) -> None:
    """A row about someone recorded: a date of birth fills a gap, "minor" marks but never
    clears, a "yes" is taken only from someone who never decided, a "no" withdraws."""
    with db.transaction() as session:
        decided = contacts.create(
            session,
            contacts.ContactInput(
                name="Amal Fassi", phone="0611223344", consent_publish_name=True, is_minor=True
            ),
        )
        blank = contacts.create(session, contacts.ContactInput(name="Rachid Naciri"))
        dated = contacts.create(
            session, contacts.ContactInput(name="Hind Sefrioui", date_of_birth=date(2010, 1, 1))
        )
        withdrawn = contacts.create(
            session, contacts.ContactInput(name="Said Berrada", consent_publish_photo=True)
        )
        session.flush()
        contacts.update(
            session,
            withdrawn.id,
            contacts.ContactInput(name="Said Berrada", consent_publish_photo=False),
        )
        ids = [decided.id, blank.id, dated.id, withdrawn.id]
    text = (
        "Name;Date of birth;Minor;Publish name;Publish photo;May be contacted\n"
        "Amal Fassi;;no;no;;\n"  # withdraws the name; "no" never clears the minor mark
        "Rachid Naciri;2011-09-09;yes;yes;yes;\n"  # never decided: takes all
        "Hind Sefrioui;2001-01-01;;;;\n"  # a known date of birth is kept
        "Said Berrada;;;;yes;\n"  # withdrew the photo: the old file does not give it back
    )
    table = read_csv_bytes(text.encode())
    plan, mapping = plan_of(db, table)
    assert [row.action for row in plan.rows] == [MERGE, MERGE, SKIP, SKIP]
    run_import(db, table, "contacts", mapping)
    with db.reading() as session:
        amal, rachid, hind, said = (contacts.get(session, i) for i in ids)
        assert (amal.is_minor, amal.consent_publish_name) == (True, False)
        assert amal.consent_publish_name_at is not None
        assert (rachid.date_of_birth, rachid.is_minor) == (date(2011, 9, 9), True)
        assert rachid.consent_publish_name and rachid.consent_publish_photo
        assert not rachid.consent_contact
        assert hind.date_of_birth == date(2010, 1, 1)
        assert not said.consent_publish_photo


def test_a_later_row_of_the_same_person_completes_the_first(db: Database) -> None:
    text = (
        "Nom;Téléphone;Date de naissance;Mineur\n"
        "Leila Chraibi;0611223344;;\n"
        "Leila Chraibi;;2014-02-02;x\n"
    )
    table = read_csv_bytes(text.encode())
    _plan, mapping = plan_of(db, table)
    run_import(db, table, "contacts", mapping)
    with db.reading() as session:
        (leila,) = session.scalars(select(Contact)).all()
        assert (leila.date_of_birth, leila.is_minor) == (date(2014, 2, 2), True)


# --- export, then import again ------------------------------------------------------------------


@pytest.fixture
def second_db(template_db: Path, tmp_path: Path):
    path = tmp_path / "other.sqlite3"
    shutil.copyfile(template_db, path)
    database = open_database(path)
    yield database
    database.close()


PEOPLE = [
    contacts.ContactInput(
        name="سلمى الإدريسي",
        phone="0611000001",
        date_of_birth=date(2012, 3, 4),
        consent_contact=True,
    ),
    contacts.ContactInput(
        name="Karim Tazi",
        phone="0611000002",
        date_of_birth=date(1941, 12, 31),
        consent_publish_name=True,
        consent_publish_photo=True,
    ),
    contacts.ContactInput(name="Nadia Alaoui", phone="0611000003", is_minor=True),
    contacts.ContactInput(name="Youssef Amrani", phone="0611000004"),
]


def protection_of(database: Database) -> dict[str, tuple]:
    with database.reading() as session:
        return {
            c.name: tuple(getattr(c, key) for key in PROTECTION)
            for c in session.scalars(select(Contact))
        }


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("kind", ["contacts", "members", "volunteers"])
def test_an_export_reimports_to_the_same_values(
    db: Database, second_db: Database, tmp_path: Path, language: str, suffix: str, kind: str
) -> None:
    with db.transaction() as session:
        for number, person in enumerate(PEOPLE, start=1):
            if kind == "members":
                members.create(session, members.MemberInput(contact=person, number=str(number)))
            elif kind == "volunteers":
                volunteers.create(session, volunteers.VolunteerInput(contact=person))
            else:
                contacts.create(session, person)
    path = tmp_path / f"{kind}{suffix}"
    with db.reading() as session:
        if kind == "contacts":
            export_contacts(session, path, language=language)
        else:
            export_kind(session, kind, path, language=language)
    table = read_table(path)
    mapping = guess_mapping(table.header, [cells for _l, cells in table.rows[:50]], kind)
    assert set(PROTECTION) <= set(mapping), (table.header, mapping)
    result = run_import(second_db, table, kind, mapping)
    assert (result.created, result.errors) == (len(PEOPLE), [])
    assert protection_of(second_db) == protection_of(db)
    # And once more into the first database: the same people, nothing changes.
    again = run_import(db, table, kind, mapping)
    assert (again.created, again.merged) == (0, 0)
