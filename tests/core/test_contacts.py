"""Contacts: validation, cleaning, archive, audit, and Arabic-aware search through the index."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from sqlalchemy import func, select, text

from assocdesk.models import AuditEvent, Contact
from assocdesk.services import contacts
from assocdesk.services.common import ListQuery, has_visible_character
from assocdesk.services.contacts import ContactInput
from assocdesk.services.errors import NotFound, ValidationError
from assocdesk.storage.engine import Database


def add(db: Database, name: str, **fields: object) -> int:
    with db.transaction() as session:
        contact = contacts.create(session, ContactInput(name=name, **fields))  # type: ignore[arg-type]
        session.flush()
        return contact.id


def names(db: Database, query: ListQuery = ListQuery(), **paging: int) -> list[str]:
    with db.reading() as session:
        return [row.name for row in contacts.list_contacts(session, query, **paging).rows]


def found(db: Database, search: str, **options: bool) -> list[str]:
    return names(db, ListQuery(search=search, **options))


def invalid(db: Database, data: ContactInput) -> ValidationError:
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        contacts.create(session, data)
    return caught.value


def test_create_get_update(db: Database) -> None:
    contact_id = add(
        db, "  Karim   Benali ", phone="06 12", email="k@example.org", city="Fès", country="ma"
    )
    with db.transaction() as session:
        contact = contacts.get(session, contact_id)
        assert (contact.name, contact.country, contact.kind) == ("Karim Benali", "MA", "person")
        assert contact.search_text == "karim benali k example org fes 0612 #K~R~M# #B~N~L#"
        data = ContactInput.from_contact(contact)
        data.name, data.consent_contact = "Karim Ben Ali", True
        contacts.update(session, contact_id, data)
    with db.reading() as session:
        contact = contacts.get(session, contact_id)
        assert contact.name == "Karim Ben Ali"
        assert contact.consent_contact is True
        assert contact.uuid and contact.created_at and contact.updated_at


def test_get_unknown_id_raises_not_found(db: Database) -> None:
    with db.reading() as session, pytest.raises(NotFound):
        contacts.get(session, 12345)
    with db.transaction() as session, pytest.raises(NotFound):
        contacts.update(session, 12345, ContactInput(name="x"))


@pytest.mark.parametrize("name", ["", None, "   ", "\t\n", "\x01\x7f", "\u202e\u202c", "\u200d"])
def test_empty_name_is_refused(db: Database, name: str) -> None:
    error = invalid(db, ContactInput(name=name))
    assert error.field == "name"
    assert "name" in error.errors


def test_visible_characters_are_letters_digits_punctuation_and_symbols() -> None:
    # Every ASCII character on its own and among blanks (ASCII takes a short cut), and others.
    for code in [*range(128), 0x661, 0x64E, 0x200D, 0x202E, 0xA0, 0x20AC]:
        visible = unicodedata.category(chr(code))[0] in "LNPS"
        assert has_visible_character(chr(code)) is visible, hex(code)
        assert has_visible_character(f" {chr(code)}\x01") is visible, hex(code)


@pytest.mark.parametrize(
    "email", ["karim", "karim@", "@example.org", "karim@example", "a b@example.org", "a@@b.org"]
)
def test_malformed_email_is_refused(db: Database, email: str) -> None:
    error = invalid(db, ContactInput(name="Karim", email=email))
    assert error.field == "email"
    assert set(error.errors) == {"email"}


def test_valid_emails_are_kept(db: Database) -> None:
    contact_id = add(db, "Karim", email=" karim.benali+asso@mail.example.ma ")
    with db.reading() as session:
        assert contacts.get(session, contact_id).email == "karim.benali+asso@mail.example.ma"


def test_every_problem_is_reported_at_once(db: Database) -> None:
    error = invalid(
        db,
        ContactInput(name="", email="x", phone="no digits", kind="robot", preferred_language="de"),
    )
    assert error.field == "name"
    assert set(error.errors) == {"name", "email", "phone", "kind", "preferred_language"}


def test_too_long_name_is_refused(db: Database) -> None:
    assert invalid(db, ContactInput(name="x" * 201)).field == "name"


def test_bidi_controls_are_stripped_from_stored_names(db: Database) -> None:
    contact_id = add(db, "\u202eأحمد\u202c \u2067Karim\u2069", notes="line\u202e one\nline two")
    with db.reading() as session:
        contact = contacts.get(session, contact_id)
        assert contact.name == "أحمد Karim"
        assert contact.notes == "line one\nline two"
        assert not any(
            0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in contact.name
        )


def test_failed_validation_writes_nothing(db: Database) -> None:
    with db.transaction() as session:
        with pytest.raises(ValidationError):
            contacts.create(session, ContactInput(name="Karim", email="nope"))
        session.flush()
        assert session.scalar(select(func.count()).select_from(Contact)) == 0
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_archive_hides_and_restore_shows(db: Database, audit_events) -> None:
    karim, leila = add(db, "Karim"), add(db, "Leila")
    with db.transaction() as session:
        assert contacts.set_archived(session, karim).archived
    assert names(db) == ["Leila"]
    assert names(db, ListQuery(include_archived=True)) == ["Karim", "Leila"]
    assert found(db, "karim") == []
    assert found(db, "karim", include_archived=True) == ["Karim"]
    with db.reading() as session:
        assert contacts.count(session) == 1
        rows = contacts.list_contacts(session, ListQuery(include_archived=True)).rows
        assert [r.archived for r in rows] == [True, False]
    with db.transaction() as session:
        contacts.set_archived(session, karim, archived=False)
        contacts.set_archived(session, karim, archived=False)  # already active: no new event
    assert names(db) == ["Karim", "Leila"]
    with db.reading() as session:
        actions = [action for action, _ in audit_events(session, "contacts", karim)]
        assert actions == ["create", "archive", "restore"]
        assert [action for action, _ in audit_events(session, "contacts", leila)] == ["create"]


def test_audit_keeps_only_changed_fields(db: Database, audit_events) -> None:
    contact_id = add(db, "Karim", city="Fès")
    with db.transaction() as session:
        data = ContactInput.from_contact(contacts.get(session, contact_id))
        data.city = "Rabat"
        contacts.update(session, contact_id, data)
        contacts.set_archived(session, contact_id)
    with db.reading() as session:
        (_, created), (_, updated), (_, archived) = audit_events(session, "contacts", contact_id)
    assert created["before"] is None
    assert created["after"]["name"] == "Karim"
    assert "search_text" not in created["after"]
    assert updated == {"before": {"city": "Fès"}, "after": {"city": "Rabat"}}
    assert archived["before"] == {"archived_at": None}
    assert archived["after"]["archived_at"]


@pytest.fixture
def people(db: Database) -> dict[str, int]:
    return {
        "ahmed": add(db, "أحمد بنعلي", phone="06 12 34 56 78", city="Fès"),
        "fatima": add(db, "فاطمة الزهراء", email="fz@example.org"),
        "karim": add(db, "BENALI Karim", city="Rabat"),
        "mustafa": add(db, "مُصْطَفَى العلوي"),
        "helene": add(db, "Hélène Dupont", kind="person", country="fr"),
    }


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("احمد", ["أحمد بنعلي"]),
        ("إحمد", ["أحمد بنعلي"]),
        ("فاطمه", ["فاطمة الزهراء"]),
        ("مصطفي", ["مُصْطَفَى العلوي"]),
        ("Benali", ["BENALI Karim", "أحمد بنعلي"]),  # the Arabic spelling by its key
        ("bénali karim", ["BENALI Karim"]),
        ("helene", ["Hélène Dupont"]),
        ("٠٦١٢", ["أحمد بنعلي"]),
        ("0612345678", ["أحمد بنعلي"]),
        ("fz@example", ["فاطمة الزهراء"]),
        ("rabat", ["BENALI Karim"]),
        ("احمد بنعلي", ["أحمد بنعلي"]),
        ("بنعلي احمد", ["أحمد بنعلي"]),  # words in any order
        ("احمد karim", []),  # every word must match the same contact
        ("ka", ["BENALI Karim"]),  # two letters
        ("K", ["BENALI Karim"]),  # one letter
        ("ز", ["فاطمة الزهراء"]),
        ("ة", ["فاطمة الزهراء"]),  # one letter, normalized (ة → ه) as the long words are
        ("06", ["أحمد بنعلي"]),  # two digits
        ("ka rabat", ["BENALI Karim"]),  # a short word and a long one, both required
        ("ka fès", []),
        ("zzz", []),
        ("%", ["BENALI Karim", "Hélène Dupont", "أحمد بنعلي", "فاطمة الزهراء", "مُصْطَفَى العلوي"]),
    ],
)
def test_search_finds_every_spelling(
    db: Database, people: dict[str, int], search: str, expected: list[str]
) -> None:
    assert sorted(found(db, search)) == sorted(expected)


def test_search_follows_edits(db: Database, people: dict[str, int]) -> None:
    with db.transaction() as session:
        data = ContactInput.from_contact(contacts.get(session, people["karim"]))
        data.name = "Youssef Amrani"
        contacts.update(session, people["karim"], data)
    assert found(db, "benali") == ["أحمد بنعلي"]  # only the Arabic spelling, by key
    assert found(db, "youssef") == ["Youssef Amrani"]


def test_sort_and_paging(db: Database) -> None:
    for name in ["Charlie", "alice", "Bob", "dave", "Émile"]:
        add(db, name, phone=f"0{len(name)}")
    ascending = names(db, ListQuery(sort="name"))
    assert ascending == ["alice", "Bob", "Charlie", "dave", "Émile"]
    assert names(db, ListQuery(sort="name", descending=True)) == ascending[::-1]
    assert names(db, ListQuery(sort="phone")) != names(db, ListQuery(sort="phone", descending=True))
    with db.reading() as session:
        page = contacts.list_contacts(session, ListQuery(sort="name"), offset=1, limit=2)
        assert [r.name for r in page.rows] == ["Bob", "Charlie"]
        assert (page.total, page.offset) == (5, 1)
        last = contacts.list_contacts(session, ListQuery(sort="name"), offset=4, limit=2)
        assert [r.name for r in last.rows] == ["Émile"]
        beyond = contacts.list_contacts(session, ListQuery(), offset=10, limit=2)
        assert (beyond.rows, beyond.total) == ([], 5)
        searched = contacts.list_contacts(session, ListQuery(search="a"), limit=1)
        assert searched.total == 3  # alice, Charlie, dave
        assert len(searched.rows) == 1


def test_rows_say_who_is_member_or_volunteer(db: Database) -> None:
    from assocdesk.services import members, volunteers

    with db.transaction() as session:
        members.create(session, members.MemberInput(ContactInput(name="Member"), number="1"))
        volunteers.create(session, volunteers.VolunteerInput(ContactInput(name="Volunteer")))
        contacts.create(session, ContactInput(name="Donor"))
    with db.reading() as session:
        rows = {r.name: r for r in contacts.list_contacts(session).rows}
    assert (rows["Member"].is_member, rows["Member"].is_volunteer) == (True, False)
    assert (rows["Volunteer"].is_member, rows["Volunteer"].is_volunteer) == (False, True)
    assert (rows["Donor"].is_member, rows["Donor"].is_volunteer) == (False, False)


@pytest.mark.sqlite_only  # SQLite's query planner; PostgreSQL's is the test below
def test_the_list_and_short_searches_read_the_search_index_in_order(db: Database) -> None:
    for name in ["Charlie", "alice", "Bob"]:
        add(db, name)
    with db.reading() as session:
        for search in ("", "b", "al"):
            statement = contacts.filtered(select(Contact.id), ListQuery(search=search)).order_by(
                Contact.search_text, Contact.id
            )
            compiled = statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
            plan = " / ".join(
                row[3] for row in session.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))
            )
            assert "COVERING INDEX ix_contacts_search" in plan, (search, plan)
            assert "TEMP B-TREE FOR ORDER BY" not in plan, (search, plan)  # no sort of all rows


def test_on_a_server_the_list_and_short_searches_read_the_search_index_in_order(
    server_db: Database,
) -> None:
    """A page of the list (and of a one- or two-letter search) is read from ix_contacts_search
    in order, and stops after the page: no sort of every contact."""
    from assocdesk.spreadsheets.importer import run_import
    from assocdesk.spreadsheets.reading import Table

    rows = [(n + 2, [f"Personne {n:05d}"]) for n in range(20_000)]
    run_import(server_db, Table(["Nom"], rows), "contacts", ["name"])
    with server_db.reading() as session:
        session.execute(text("ANALYZE contacts"))
        for search in ("", "b", "al"):
            statement = (
                contacts.filtered(select(Contact.id), ListQuery(search=search))
                .order_by(Contact.search_text, Contact.id)
                .limit(100)
            )
            compiled = statement.compile(session.get_bind())
            found = session.connection().exec_driver_sql(f"EXPLAIN {compiled}", compiled.params)
            plan = "\n".join(row[0] for row in found)
            assert "Index Scan using ix_contacts_search on contacts" in plan, (search, plan)
            assert "\n  ->  Sort" not in plan, (search, plan)  # an incremental sort at most


# --- date of birth and minors (issue 15) -----------------------------------------------------


def test_date_of_birth_is_kept_and_makes_a_minor_on_a_given_day(db: Database) -> None:
    contact_id = add(db, "Naima Cherkaoui", date_of_birth=date(2016, 5, 3))
    with db.reading() as session:
        contact = session.get(Contact, contact_id)
        assert contact is not None
        assert contact.date_of_birth == date(2016, 5, 3)
        assert contact.is_minor_on(date(2025, 6, 1))
        assert contact.is_minor_on(date(2034, 5, 2))  # the day before her 18th birthday
        assert not contact.is_minor_on(date(2034, 5, 3))
        assert not contact.is_minor  # the flag is for those without a date


def test_the_minor_flag_protects_without_a_date_of_birth(db: Database) -> None:
    contact_id = add(db, "Sara", is_minor=True)
    with db.reading() as session:
        contact = session.get(Contact, contact_id)
        assert contact is not None and contact.is_minor_on(date(2060, 1, 1))


def test_a_birthday_on_29_february_counts_from_1_march() -> None:
    from assocdesk.models.contact import is_under_age

    assert is_under_age(date(2008, 2, 29), date(2026, 2, 28))
    assert not is_under_age(date(2008, 2, 29), date(2026, 3, 1))
    assert not is_under_age(None, date(2026, 3, 1))


@pytest.mark.parametrize(
    ("born", "message"),
    [
        (date(2150, 1, 1), "This date is in the future."),
        (date(1899, 12, 31), "Enter a date between 1900 and 2199."),
        ("2001-01-01", "This is not a date."),
    ],
)
def test_an_impossible_date_of_birth_is_refused_beside_the_field(
    db: Database, born: object, message: str
) -> None:
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        contacts.create(session, ContactInput(name="Ali", date_of_birth=born))  # type: ignore[arg-type]
    assert caught.value.errors == {"date_of_birth": message}


def test_lists_find_minors_in_sql_as_is_minor_on_does(db: Database) -> None:
    """The people lists' "Minors only" and their mark, in one query, agree with is_minor_on."""
    from assocdesk.models import Membership
    from assocdesk.services import members

    day = date(2026, 6, 15)
    born = {
        "Salma": date(2014, 6, 16),
        "Karim": date(2008, 6, 15),  # 18 that day
        "Hind": date(2008, 6, 16),  # 18 the next day
        "Leap": date(2008, 2, 29),
        "Omar": None,
    }
    ids = {name: add(db, name, date_of_birth=when) for name, when in born.items()}
    ids["Nadia"] = add(db, "Nadia", is_minor=True)
    with db.transaction() as session:
        membership = members.create(
            session,
            members.MemberInput(contact=ContactInput(name="Lina", is_minor=True), number="1"),
        )
        session.flush()
        membership_id = membership.id
    with db.reading() as session:
        everyone = session.scalars(select(Contact)).all()
        for check_day in (day, date(2026, 2, 28), date(2026, 3, 1), date(2028, 2, 29)):
            expected = {c.id for c in everyone if c.is_minor_on(check_day)}
            assert contacts.minor_ids(session, check_day) == expected, check_day
        assert contacts.minor_ids(session, day) == {ids["Salma"], ids["Hind"], ids["Nadia"]} | {
            c.id for c in everyone if c.name == "Lina"
        }
        via = contacts.minor_ids(session, day, Membership.id, Membership.contact_id)
        assert via == {membership_id}
        found = contacts.protection_of(session, [ids["Salma"], ids["Nadia"], ids["Omar"]])
        assert found[ids["Salma"]] == contacts.Protection(False, date(2014, 6, 16))
        assert found[ids["Nadia"]] == contacts.Protection(True, None)
        assert contacts.protection_of(session, []) == {}
        rows = {r.name: r for r in contacts.list_contacts(session).rows}
        assert (rows["Salma"].is_minor, rows["Salma"].date_of_birth) == (False, date(2014, 6, 16))
        assert rows["Nadia"].is_minor
    assert contacts.age_on(date(2014, 6, 16), day) == 11
    assert contacts.age_on(date(2014, 6, 15), day) == 12
    assert contacts.born_after_is_minor(date(2028, 2, 29)) == date(2010, 2, 28)


# --- title (gender) and identifier (issue 16) ---------------------------------------------------


def stored(db: Database, contact_id: int) -> tuple[object, str, str]:
    with db.reading() as session:
        contact = contacts.get(session, contact_id)
        return contact.gender, contact.id_kind, contact.id_number


@pytest.mark.parametrize(("gender", "kept"), [("female", "female"), ("male", "male"), ("", None)])
def test_a_person_keeps_a_title_and_an_identifier(db: Database, gender: str, kept: str) -> None:
    contact_id = add(db, "Bouchra Belkacem", gender=gender, id_kind="CIN", id_number=" BK  12345 ")
    assert stored(db, contact_id) == (kept, "CIN", "BK 12345")
    with db.transaction() as session:
        data = ContactInput.from_contact(contacts.get(session, contact_id))
        assert (data.gender, data.id_kind, data.id_number) == (kept, "CIN", "BK 12345")
        data.gender, data.id_number = None, ""
        contacts.update(session, contact_id, data)
    # No number: the kind alone identifies nobody and is dropped too.
    assert stored(db, contact_id) == (None, "", "")


def test_an_organization_has_no_title(db: Database) -> None:
    contact_id = add(
        db, "Atlas SARL", kind="organization", gender="male", id_kind="ICE",
        id_number="001 234 567 000 089",
    )  # fmt: skip
    assert stored(db, contact_id) == (None, "ICE", "001 234 567 000 089")


@pytest.mark.parametrize(
    ("fields", "field", "message_part"),
    [
        ({"gender": "Mme"}, "gender", "Mr, Mrs"),
        ({"gender": "f"}, "gender", "Mr, Mrs"),
        ({"id_kind": "driving"}, "id_kind", "from the list"),
        ({"id_kind": "", "id_number": "BK 1"}, "id_kind", "kind of document"),
        ({"id_kind": "CIN", "id_number": "B" * 41}, "id_number", "at most 40"),
        ({"id_kind": "ICE", "id_number": "00123456700008"}, "id_number", "15 digits"),
        ({"id_kind": "ICE", "id_number": "00123456700008X"}, "id_number", "15 digits"),
        ({"id_kind": "SIREN", "id_number": "552 100 55"}, "id_number", "9 digits"),
    ],
)
def test_bad_title_or_identifier_is_refused_beside_its_field(
    db: Database, fields: dict[str, str], field: str, message_part: str
) -> None:
    error = invalid(db, ContactInput(name="Karim", **fields))  # type: ignore[arg-type]
    assert set(error.errors) == {field}
    assert message_part in error.errors[field]


def test_identifier_message_is_translated(db: Database) -> None:
    from assocdesk.i18n import set_language

    set_language("fr")
    try:
        error = invalid(db, ContactInput(name="Karim", id_kind="SIREN", id_number="12"))
        assert error.errors["id_number"] == "Un numéro SIREN compte 9 chiffres."
        error = invalid(db, ContactInput(name="Karim", gender="x"))
        assert error.errors["gender"] == "Choisissez M., Mme ou aucune civilité."
    finally:
        set_language("en")


def test_identifier_kinds_offered_by_country_and_kind() -> None:
    assert contacts.id_kinds_for("MA") == ["CIN", "passport", "other"]
    assert contacts.id_kinds_for("ma", "organization") == ["ICE", "IF", "RC", "other"]
    assert contacts.id_kinds_for("FR", "organization") == ["SIREN", "RNA", "other"]
    assert contacts.id_kinds_for("SA") == ["national_id", "iqama", "passport", "other"]
    assert contacts.id_kinds_for("DZ", "organization") == ["NIF", "RC", "other"]
    assert contacts.id_kinds_for("TN", "organization") == ["MF", "RC", "other"]
    assert contacts.id_kinds_for("EG") == ["national_id", "passport", "other"]
    # A country without a list (or none given) is offered every kind of its contact kind.
    assert contacts.id_kinds_for("") == [*contacts.PERSON_ID_KINDS, "other"]
    everyone = contacts.id_kinds_for("BE", "organization")
    assert "ICE" in everyone and "SIREN" in everyone and "CIN" not in everyone
    # Every code offered anywhere is a known code that fits the column.
    for codes in contacts.ID_KINDS_BY_COUNTRY.values():
        assert set(codes) <= set(contacts.ID_KINDS)
    assert all(len(code) <= 12 for code in contacts.ID_KINDS)
    assert contacts.id_kind_label("CIN") == "National identity card (CIN)"
    assert contacts.id_kind_label("XYZ") == "XYZ"
