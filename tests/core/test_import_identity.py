"""Import and export of a contact's title (gender) and identity document (issue 16).

Headers and values as people write them in Arabic, French and English ("Civilité", "M.",
«السيدة», "CIN", «رقم البطاقة الوطنية»); an export re-imports to the same values.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assocdesk import i18n
from assocdesk.models import Contact
from assocdesk.services import contacts
from assocdesk.spreadsheets import identity
from assocdesk.spreadsheets.export import export_contacts
from assocdesk.spreadsheets.importer import run_import
from assocdesk.spreadsheets.mapping import guess_from_header, guess_mapping
from assocdesk.spreadsheets.plan import build_plan
from assocdesk.spreadsheets.reading import Table, read_csv_bytes, read_table
from assocdesk.storage.engine import Database
from assocdesk.storage.opening import open_database


@pytest.mark.parametrize(
    ("cell", "gender"),
    [
        ("M.", "male"), ("M", "male"), ("Mr", "male"), ("Mr.", "male"), ("Monsieur", "male"),
        ("السيد", "male"), ("ذكر", "male"), ("H", "male"),
        ("Mme", "female"), ("MME", "female"), ("Mrs", "female"), ("Ms", "female"),
        ("Mlle", "female"), ("Madame", "female"), ("السيدة", "female"), ("الآنسة", "female"),
        ("أنثى", "female"), ("F", "female"),
        ("", None), ("  ", None), (None, None),
    ],
)  # fmt: skip
def test_titles_as_people_write_them(cell: object, gender: str | None) -> None:
    assert identity.parse_gender(cell) == gender


@pytest.mark.parametrize("cell", ["Dr", "Maître", "الدكتور", "x"])
def test_other_titles_are_reported(cell: str) -> None:
    with pytest.raises(identity.ValueProblem, match=r"M\. or Mme"):
        identity.parse_gender(cell)


@pytest.mark.parametrize(
    ("cell", "kind"),
    [
        ("CIN", "CIN"), ("cin", "CIN"), ("ICE", "ICE"), ("Passeport", "passport"),
        ("passport", "passport"), ("جواز السفر", "passport"), ("SIREN", "SIREN"),
        ("Carte nationale d'identité (CIN)", "CIN"), ("بطاقة التعريف الوطنية (CIN)", "CIN"),
        ("Identifiant commun de l'entreprise (ICE)", "ICE"), ("Matricule fiscal", "MF"),
        ("Residence permit (iqama)", "iqama"), ("national_id", "national_id"), ("", ""),
    ],
)  # fmt: skip
def test_kinds_of_document_by_code_or_name(cell: str, kind: str) -> None:
    assert identity.parse_id_kind(cell) == kind


def test_unknown_kind_of_document_is_reported() -> None:
    with pytest.raises(identity.ValueProblem, match="kind of document"):
        identity.parse_id_kind("Permis de conduire")


@pytest.mark.parametrize(
    ("text", "split"),
    [
        ("CIN: BK123456", ("CIN", "BK123456")),
        ("ICE 001528394000072", ("ICE", "001528394000072")),
        ("N° SIREN - 552 100 554", ("SIREN", "552 100 554")),
        ("BK123456", ("", "BK123456")),
        ("RC12345", ("", "RC12345")),  # no separator: a number that starts with letters
        ("AB 123", ("", "AB 123")),  # not a kind
        ("", ("", "")),
    ],
)
def test_a_kind_written_before_the_number(text: str, split: tuple[str, str]) -> None:
    assert identity.split_identifier(text) == split


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Civilité", "gender"), ("Title", "gender"), ("Mr/Mrs", "gender"),
        ("Civilité (M., Mme)", "gender"), ("اللقب (السيد، السيدة)", "gender"),
        ("Title (Mr, Mrs)", "gender"), ("الجنس", "gender"),
        ("CIN", "id_number"), ("N° CIN", "id_number"), ("ICE", "id_number"),
        ("N° d'identité", "id_number"), ("Numéro d'identité", "id_number"),
        ("رقم البطاقة الوطنية", "id_number"), ("رقم الهوية", "id_number"),
        ("Identity number", "id_number"), ("Pièce d'identité", "id_kind"),
        ("وثيقة الهوية", "id_kind"), ("Identity document", "id_kind"),
        # In the Maghreb «اللقب» alone is the family name, not a title.
        ("اللقب", "last_name"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("kind", ["contacts", "members", "volunteers", "donations"])
def test_headers_are_guessed(header: str, field: str, kind: str) -> None:
    assert guess_from_header(header, kind) == field


def imported(db: Database, text: str, kind: str = "contacts") -> dict[str, tuple]:
    table = read_csv_bytes(text.encode())
    mapping = guess_mapping(table.header, [cells for _l, cells in table.rows[:50]], kind)
    result = run_import(db, table, kind, mapping, skip_bad_rows=True)
    with db.reading() as session:
        return {
            c.name: (c.gender, c.id_kind, c.id_number)
            for c in session.query(Contact).order_by(Contact.id)
        } | {"errors": tuple((e.line, e.column, e.message) for e in result.errors)}


def test_a_french_file_with_civility_and_cin(db: Database) -> None:
    found = imported(
        db,
        "Nom complet;Civilité;CIN\n"
        "Bouchra Belkacem;Mme;BK 123456\n"
        "Karim Tazi;M.;\n"
        "Atlas;;ICE 001528394000072\n"
        "Nadia Berrada;Dr;A 1\n",
    )
    assert found["Bouchra Belkacem"] == ("female", "CIN", "BK 123456")
    assert found["Karim Tazi"] == ("male", "", "")
    assert found["Atlas"] == (None, "ICE", "001528394000072")  # the cell names its kind
    assert "Nadia Berrada" not in found
    assert found["errors"] == ((5, "Civilité", "Write M. or Mme (Mr, Mrs, السيد, السيدة)."),)


def test_an_arabic_file_with_a_kind_column_and_a_bad_ice(db: Database) -> None:
    found = imported(
        db,
        "الاسم الكامل,الجنس,وثيقة الهوية,رقم الهوية\n"
        "أمينة العلوي,السيدة,بطاقة التعريف الوطنية,C 445566\n"
        "مؤسسة الخير,,ICE,12345\n"
        "يوسف بنجلون,السيد,,778899\n",
    )
    assert found["أمينة العلوي"] == ("female", "CIN", "C 445566")
    assert found["يوسف بنجلون"] == ("male", "other", "778899")  # a number of unsaid kind
    assert "مؤسسة الخير" not in found
    ((line, column, message),) = found["errors"]
    assert (line, column) == (3, "رقم الهوية") and "15 digits" in message


@pytest.fixture
def second_db(template_db: Path, tmp_path: Path):
    path = tmp_path / "other.sqlite3"
    shutil.copyfile(template_db, path)
    database = open_database(path)
    yield database
    database.close()


PEOPLE = [
    contacts.ContactInput(name="سلمى الإدريسي", gender="female", id_kind="CIN", id_number="BE 1"),
    contacts.ContactInput(name="Karim Tazi", gender="male", id_kind="passport", id_number="X12"),
    contacts.ContactInput(name="Hind Amrani"),
    contacts.ContactInput(
        name="Atlas SARL", kind="organization", id_kind="ICE", id_number="001528394000072"
    ),
    contacts.ContactInput(name="Samir Haddad", id_kind="national_id", id_number="2900101"),
]


def identities(db: Database) -> dict[str, tuple]:
    with db.reading() as session:
        return {c.name: (c.gender, c.id_kind, c.id_number) for c in session.query(Contact)}


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_export_reimports_to_the_same_titles_and_documents(
    db: Database, second_db: Database, tmp_path: Path, language: str, suffix: str
) -> None:
    with db.transaction() as session:
        for person in PEOPLE:
            contacts.create(session, person)
    path = tmp_path / f"contacts{suffix}"
    with db.reading() as session:
        export_contacts(session, path, language=language)
    table: Table = read_table(path)
    mapping = guess_mapping(table.header, [cells for _l, cells in table.rows[:50]], "contacts")
    assert {"gender", "id_kind", "id_number"} <= set(mapping), (table.header, mapping)
    with second_db.reading() as session:
        assert build_plan(session, table, "contacts", mapping).errors == []
    run_import(second_db, table, "contacts", mapping)
    assert identities(second_db) == identities(db)
    assert identities(db)["Atlas SARL"] == (None, "ICE", "001528394000072")


def test_the_title_message_is_translated() -> None:
    i18n.set_language("fr")
    with pytest.raises(identity.ValueProblem) as caught:
        identity.parse_gender("Dr")
    assert str(caught.value) == "Écrivez M. ou Mme (Mr, Mrs, السيد, السيدة)."
