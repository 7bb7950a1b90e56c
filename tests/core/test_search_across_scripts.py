"""Search across scripts (issue 21, point 5): "benali" finds «أحمد بنعلي», «بنعلي» finds
"BENALI", literal matches ranked first; in every list that finds people by name, in the
duplicate finder and the typing hint, and in databases made before the keys (migration 0012)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from assocdesk.models import Contact
from assocdesk.services import contacts, donations, duplicates, members, volunteers
from assocdesk.services.common import ListQuery
from assocdesk.services.contact_search import encode_key, key_shadow
from assocdesk.spreadsheets.importer import run_import
from assocdesk.spreadsheets.reading import Table
from assocdesk.storage.engine import Database, create_sqlite_engine
from assocdesk.storage.migrations import runner


def add(db: Database, name: str, **fields: object) -> int:
    with db.transaction() as session:
        contact = contacts.create(session, contacts.ContactInput(name=name, **fields))  # type: ignore[arg-type]
        session.flush()
        return contact.id


def found(db: Database, search: str, **query: object) -> list[str]:
    with db.reading() as session:
        page = contacts.list_contacts(session, ListQuery(search=search, **query))  # type: ignore[arg-type]
        return [row.name for row in page.rows]


def test_the_shadow_ends_with_the_name_keys(db: Database) -> None:
    contact_id = add(db, "أحمد بنعلي", phone="06 12", city="Fès")
    with db.reading() as session:
        shadow = contacts.get(session, contact_id).search_text
    assert shadow == "احمد بنعلي fes 0612 #H~M~D# #B~N~L#"
    assert key_shadow("Ahmed Benali") == "#H~M~D# #B~N~L#" == key_shadow("أحمد بن علي")
    assert encode_key("mstfA") == "#M~S~T~F~A#"


def test_latin_finds_arabic_and_arabic_finds_latin(db: Database) -> None:
    add(db, "أحمد بنعلي")
    add(db, "BENALI Karim")
    add(db, "مصطفى الإدريسي")
    add(db, "Moustapha El Idrissi")
    add(db, "Fatiha Tazi")
    assert found(db, "benali") == ["BENALI Karim", "أحمد بنعلي"]  # the literal match first
    assert found(db, "بنعلي") == ["أحمد بنعلي", "BENALI Karim"]
    assert found(db, "ben ali") == ["BENALI Karim", "أحمد بنعلي"]
    assert found(db, "ahmed benali") == ["أحمد بنعلي"]
    assert found(db, "احمد benali") == ["أحمد بنعلي"]  # one word literal, one by key
    assert found(db, "Mostafa") == ["Moustapha El Idrissi", "مصطفى الإدريسي"]
    assert found(db, "الإدريسي") == ["مصطفى الإدريسي", "Moustapha El Idrissi"]
    assert found(db, "idrissi mustapha") == ["Moustapha El Idrissi", "مصطفى الإدريسي"]
    assert found(db, "فاطمة") == []  # Fatima is not Fatiha
    assert found(db, "فتيحة") == ["Fatiha Tazi"]


def test_literal_matches_come_first_whatever_the_sort(db: Database) -> None:
    add(db, "أحمد بنعلي", phone="0600000001")
    add(db, "Zineb Benali", phone="0600000009")
    add(db, "Ahmed Benalioua", phone="0600000005")
    for descending in (False, True):
        listed = found(db, "benali", sort="phone", descending=descending)
        assert listed[-1] == "أحمد بنعلي"
        assert set(listed[:2]) == {"Zineb Benali", "Ahmed Benalioua"}


def test_a_key_matches_whole_not_inside_another_name(db: Database) -> None:
    add(db, "محمد العلمي")
    add(db, "أحمد العلمي")
    assert found(db, "ahmed") == ["أحمد العلمي"]  # «محمد» holds the letters of Ahmed
    assert found(db, "mohamed") == ["محمد العلمي"]
    # One letter is matched literally only, never inside a key ("#H~M~D#").
    assert found(db, "H") == [] and found(db, "m") == []
    assert found(db, "hmd") == ["أحمد العلمي"]  # a skeleton typed as such matches by key


def test_short_first_keystrokes_stay_literal(db: Database) -> None:
    add(db, "بنعلي")
    add(db, "Benali")
    assert found(db, "b") == ["Benali"]
    assert found(db, "be") == ["Benali"]
    assert found(db, "ben") == ["Benali"]  # "bn" is not the whole key of «بنعلي»
    assert found(db, "benal") == ["Benali", "بنعلي"]


def test_archived_contacts_stay_hidden_from_key_matches(db: Database) -> None:
    contact_id = add(db, "أحمد بنعلي")
    with db.transaction() as session:
        contacts.set_archived(session, contact_id)
    assert found(db, "benali") == []
    assert found(db, "benali", include_archived=True) == ["أحمد بنعلي"]


def test_members_volunteers_and_donations_find_across_scripts(db: Database) -> None:
    with db.transaction() as session:
        members.create(
            session, members.MemberInput(contacts.ContactInput(name="أحمد بنعلي"), number="0001")
        )
        members.create(
            session, members.MemberInput(contacts.ContactInput(name="Karim Benali"), number="0002")
        )
        volunteers.create(session, volunteers.VolunteerInput(contacts.ContactInput(name="يوسف")))
        volunteers.create(
            session, volunteers.VolunteerInput(contacts.ContactInput(name="Youssef Tazi"))
        )
        donor = contacts.create(session, contacts.ContactInput(name="خديجة الشاوي"))
        other = contacts.create(session, contacts.ContactInput(name="Khadija Chaoui"))
        session.flush()
        gifts = {}
        for person in (donor, other):
            gift = donations.record(
                session,
                donations.DonationInput(
                    amount="100", currency="MAD", donated_on=date(2025, 3, 1), contact_id=person.id
                ),
            )
            session.flush()
            gifts[person.name] = gift.id
    with db.reading() as session:
        listed = members.list_members(session, ListQuery(search="benali")).rows
        assert [row.name for row in listed] == ["Karim Benali", "أحمد بنعلي"]
        listed = volunteers.list_volunteers(session, ListQuery(search="youcef")).rows
        assert [row.name for row in listed] == ["Youssef Tazi", "يوسف"]  # both by key: by name
        listed = volunteers.list_volunteers(session, ListQuery(search="يوسف")).rows
        assert [row.name for row in listed] == ["يوسف", "Youssef Tazi"]
        ids = donations.ids(session, ListQuery(search="khadidja chaoui"))
        assert list(ids) == [gifts["Khadija Chaoui"], gifts["خديجة الشاوي"]]  # newest first
        ids = donations.ids(session, ListQuery(search="الشاوي"))
        assert list(ids) == [gifts["خديجة الشاوي"], gifts["Khadija Chaoui"]]


def test_the_duplicate_finder_proposes_the_same_name_in_another_script(db: Database) -> None:
    with db.transaction() as session:
        arabic = contacts.create(session, contacts.ContactInput(name="أحمد بنعلي"))
        latin = contacts.create(session, contacts.ContactInput(name="BENALI Ahmed"))
        contacts.create(session, contacts.ContactInput(name="فتيحة التازي"))
        contacts.create(session, contacts.ContactInput(name="Fatima Tazi"))  # not Fatiha
        omar = contacts.create(session, contacts.ContactInput(name="Omar Alaoui"))
        contacts.create(session, contacts.ContactInput(name="عمرو العلوي"))  # Amr, not Omar
        twin = contacts.create(session, contacts.ContactInput(name="Omar Alaoui"))
        session.flush()
        ids = (arabic.id, latin.id, omar.id, twin.id)
    with db.reading() as session:
        pairs = duplicates.find_duplicates(session)
    reasons = {(p.first.id, p.second.id): p.reasons for p in pairs}
    assert reasons == {(ids[0], ids[1]): ("script",), (ids[2], ids[3]): ("name",)}


def test_a_phone_that_disagrees_keeps_two_scripts_apart(db: Database) -> None:
    with db.transaction() as session:
        contacts.create(session, contacts.ContactInput(name="أحمد بنعلي", phone="0612345678"))
        contacts.create(session, contacts.ContactInput(name="Ahmed Benali", phone="0698765432"))
    with db.reading() as session:
        assert duplicates.find_duplicates(session) == []


def test_the_typing_hint_finds_the_other_script(db: Database) -> None:
    contact_id = add(db, "مصطفى الإدريسي", phone="0612345678")
    with db.reading() as session:
        hint = duplicates.likely_duplicates(session, "Mustapha Idrissi")
        assert [(p.second.id, p.reasons) for p in hint] == [(contact_id, ("script",))]
        both = duplicates.likely_duplicates(session, "Mostafa El Idrissi", "06 12 34 56 78")
        assert [(p.second.id, p.reasons) for p in both] == [(contact_id, ("script", "phone"))]
        assert duplicates.likely_duplicates(session, "Mustapha Alaoui") == []


# --- migration 0012 -----------------------------------------------------------------------------


def test_upgrade_from_0011_fills_the_keys_of_existing_contacts(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = create_sqlite_engine(path)
    runner.upgrade(engine, "0011")
    names = ["أحمد بنعلي", "Moustapha El Idrissi", "Hélène Dupont"] + [
        f"Client {n}"
        for n in range(2500)  # more than one batch
    ]
    with engine.begin() as conn:
        for number, name in enumerate(names):
            # The shadow as 0011 wrote it: the normalized values, no keys.
            shadow = contacts.search_key_of(name, "", "", "").split(" #")[0]
            conn.execute(
                text(
                    "INSERT INTO contacts (uuid, created_at, updated_at, kind, name, phone, "
                    "email, address, city, country, is_minor, id_kind, id_number, "
                    "consent_publish_name, consent_publish_photo, consent_contact, notes, "
                    "search_text) VALUES (:uuid, '2025-01-01', '2025-01-01', 'person', :name, "
                    "'', '', '', '', '', 0, '', '', 0, 0, 0, '', :shadow)"
                ),
                {"uuid": f"00000000-0000-0000-0000-{number:012d}", "name": name, "shadow": shadow},
            )
        before = conn.execute(text("SELECT search_text FROM contacts WHERE id = 1")).scalar()
    assert before == "احمد بنعلي"
    runner.upgrade(engine, "head")
    conn = sqlite3.connect(path)
    try:
        rows = dict(conn.execute("SELECT name, search_text FROM contacts").fetchall())
        by_index = conn.execute(
            "SELECT rowid FROM contacts_fts WHERE search_text LIKE '%#B~N~L#%'"
        ).fetchall()
        (version,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        conn.close()
    assert version == runner.head_revision()
    assert rows["أحمد بنعلي"] == "احمد بنعلي #H~M~D# #B~N~L#"
    assert rows["Client 2499"] == "client 2499 #K~L~N~T#"
    assert all(shadow == contacts.search_key_of(n, "", "", "") for n, shadow in rows.items())
    assert by_index == [(1,)]  # the search index was updated with the rows
    engine.dispose()


# --- the same search on both backends (issue 22, point 2) ------------------------------------
SAME_PEOPLE = [
    ("أحمد بنعلي", {"phone": "06 12 34 56 78", "city": "Fès"}),
    ("فاطمة الزهراء", {"email": "fz@example.org"}),
    ("BENALI Karim", {"city": "Rabat"}),
    ("مُصْطَفَى العلوي", {}),
    ("Hélène Dupont", {"city": "Kénitra"}),
    ("Élodie Ménard", {}),
    ("Zineb Kaddouri", {}),
    ("Moustapha El Idrissi", {}),
]
SAME_SEARCHES = [
    "احمد",
    "إحمد",
    "بنعلي",
    "ة",
    "ز",
    "benali",
    "ben ali",
    "helene",
    "HÉLÈNE",
    "kénitra",
    "e",
    "é",
    "K",
    "ka",
    "06",
    "0612",
    "mostafa",
    "fes",
    "idrissi mustapha",
    "zzz",
]


def test_both_backends_find_the_same_people_in_the_same_order(
    sqlite_db: Database, server_db: Database
) -> None:
    """FTS5 on the file, pg_trgm and strpos on the server: the same rows, in the same order,
    for Arabic, French accents, keys, and one- and two-letter first keystrokes."""
    for database in (sqlite_db, server_db):
        for name, fields in SAME_PEOPLE:
            add(database, name, **fields)
    for search in SAME_SEARCHES:
        assert found(sqlite_db, search) == found(server_db, search), search
    # One letter is matched case-sensitively: the keys (upper case) do not answer it.
    assert "مُصْطَفَى العلوي" not in found(server_db, "m")  # its key is #M~S~T~F#
    assert "Moustapha El Idrissi" in found(server_db, "m")


def plan_of(session: Session, search: str) -> str:
    """PostgreSQL's plan for the contacts a search finds."""
    statement = contacts.filtered(select(Contact.id), ListQuery(search=search))
    compiled = statement.compile(session.get_bind())
    rows = session.connection().exec_driver_sql(f"EXPLAIN {compiled}", compiled.params)
    return "\n".join(row[0] for row in rows)


def test_on_a_server_a_word_is_looked_up_in_the_trigram_index(server_db: Database) -> None:
    """Each word of three letters or more, and each key, is one scan of the GIN index, right
    after an import too (its pending list merged: else the planner reads the whole table)."""
    rows = [(n + 2, [f"Personne {n:05d}", "Rabat"]) for n in range(20_000)]
    rows += [(20_002, ["Karim Zerhouni", "Fès"]), (20_003, ["كريم الزرهوني", "فاس"])]
    run_import(server_db, Table(["Nom", "Ville"], rows), "contacts", ["name", "city"])
    with server_db.reading() as session:
        session.execute(text("ANALYZE contacts"))
        for search in ("zerhouni", "الزرهوني", "zerhouni karim", "personne 00012"):
            assert "Bitmap Index Scan on ix_contacts_search_trgm" in plan_of(session, search), (
                search
            )
        # One or two letters have no trigram: the column is read row by row, not the index.
        assert "ix_contacts_search_trgm" not in plan_of(session, "z")
        page = contacts.list_contacts(session, ListQuery(search="الزرهوني"))
        assert [row.name for row in page.rows] == ["كريم الزرهوني", "Karim Zerhouni"]
