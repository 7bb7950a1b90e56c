"""The typed import plan (issue 19): one kind enum read from one table, one frozen value per
kind of record, and the CLI's words unchanged."""

from __future__ import annotations

import argparse
import dataclasses
from datetime import date

import pytest

from assocdesk.cli.transfer import IMPORT_KINDS, add_commands
from assocdesk.services.activities import ActivityInput
from assocdesk.spreadsheets import plan as plan_module
from assocdesk.spreadsheets.importer import merged
from assocdesk.spreadsheets.kinds import RULES, Entry, ImportKind
from assocdesk.spreadsheets.mapping import KIND_FIELDS, fields_of
from assocdesk.spreadsheets.plan import BAD, CREATE, MERGE, MappingProblem, build_plan
from assocdesk.spreadsheets.planned import (
    ActivityValues,
    ContactValues,
    DonationValues,
    MembershipPart,
    VolunteerPart,
    check_mapping,
)
from assocdesk.spreadsheets.reading import read_csv_bytes
from assocdesk.storage.engine import Database


def test_every_kind_has_its_rules_fields_and_planner() -> None:
    assert set(RULES) == set(KIND_FIELDS) == set(ImportKind)
    assert set(plan_module._PLANNERS) == set(Entry)
    # The words are the CLI's and the remembered mappings': they never change.
    assert [kind.value for kind in ImportKind] == [
        "contacts",
        "members",
        "volunteers",
        "donations",
        "activities",
    ]
    assert fields_of("donations") == fields_of(ImportKind.DONATIONS)


def test_the_cli_takes_the_same_words() -> None:
    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["import", "donations", "dons.csv"])
    assert ImportKind(args.kind) is ImportKind.DONATIONS
    assert tuple(kind.value for kind in ImportKind) == IMPORT_KINDS
    with pytest.raises(SystemExit):
        parser.parse_args(["import", "campaigns", "x.csv"])


@pytest.mark.parametrize(
    ("kind", "mapping", "message"),
    [
        ("contacts", ["city"], "Choose the column that holds the names."),
        ("donations", ["city"], "Choose the column that holds the names."),
        ("donations", ["name", "donated_on"], "Choose the column of the amounts."),
        ("donations", ["last_name", "amount"], "Choose the column of the dates."),
        ("activities", ["place"], "Choose the column of the activity's title."),
        ("activities", ["title"], "Choose the column of the activity's date."),
    ],
)
def test_each_kind_asks_for_its_own_columns(kind: str, mapping: list, message: str) -> None:
    with pytest.raises(MappingProblem) as refused:
        check_mapping(kind, mapping)
    assert str(refused.value) == message


def test_activities_need_no_name_column() -> None:
    check_mapping(ImportKind.ACTIVITIES, ["title", "starts_at"])  # does not raise


def test_each_kind_plans_its_own_frozen_values(db: Database) -> None:
    people = read_csv_bytes(
        "Nom;N° adhérent;Compétences\nAmina;12;cuisine, couture\nKarim;;\n".encode()
    )
    gifts = read_csv_bytes(b"Nom;Date;Montant;Campagne\nAmina;2025-01-02;100;Hiver\n")
    events = read_csv_bytes(b"Titre;Date;Lieu\nCollecte;2025-01-02;Rabat\n")
    with db.reading() as session:
        people_plan = build_plan(session, people, "contacts", ["name", "number", "skills"])
        members = build_plan(session, people, "members", ["name", "number", None])
        donations = build_plan(session, gifts, "donations", ["name", "donated_on", "amount"])
        activities = build_plan(session, events, "activities", ["title", "starts_at", "place"])
    amina, karim = (row.values for row in people_plan.rows)
    assert isinstance(amina, ContactValues) and isinstance(karim, ContactValues)
    assert amina.contact["name"] == "Amina"
    assert amina.membership == MembershipPart("12", "", None)
    assert amina.volunteer == VolunteerPart(("cuisine", "couture"), None)
    assert karim.membership is None and karim.volunteer is None  # a plain contact
    # Imported as members, everyone is one: Karim is numbered when written.
    assert members.kind is ImportKind.MEMBERS
    member_karim = members.rows[1].values
    assert isinstance(member_karim, ContactValues)
    assert member_karim.membership == MembershipPart("", "", None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        amina.membership = None  # type: ignore[misc]
    (gift,) = (row.values for row in donations.rows)
    assert isinstance(gift, DonationValues)
    assert (gift.donated_on, gift.amount_minor, gift.currency) == (date(2025, 1, 2), 10000, "MAD")
    assert gift.contact is not None and gift.contact["name"] == "Amina"
    assert gift.campaign == ""  # the campaign column was not mapped
    (event,) = (row.values for row in activities.rows)
    assert isinstance(event, ActivityValues) and isinstance(event.activity, ActivityInput)
    assert (event.activity.title, event.activity.place) == ("Collecte", "Rabat")


def test_a_bad_row_has_no_values_but_keeps_what_was_read(db: Database) -> None:
    table = read_csv_bytes(b"Nom;Date;Montant\nAmina;2025-01-02;beaucoup\n")
    with db.reading() as session:
        plan = build_plan(session, table, "donations", ["name", "donated_on", "amount"])
    (row,) = plan.rows
    assert row.action is BAD and row.values is None
    assert row.read["name"] == "Amina" and row.read["amount"] == "beaucoup"


def test_two_rows_of_one_person_merge_into_the_first(db: Database) -> None:
    table = read_csv_bytes(
        "Nom;Téléphone;Ville;Compétences\n"
        "Amina Tazi;0612345678;;cuisine\n"
        "Amina Tazi;0612345678;Rabat;couture, cuisine\n".encode()
    )
    with db.reading() as session:
        plan = build_plan(session, table, "volunteers", ["name", "phone", "city", "skills"])
    first, second = plan.rows
    assert (first.action, second.action, second.match_row) == (CREATE, MERGE, 0)
    assert isinstance(first.values, ContactValues) and isinstance(second.values, ContactValues)
    both = merged(first.values, second.values)
    assert both.contact["city"] == "Rabat"
    assert "rabat" in both.contact["search_text"]
    assert both.volunteer == VolunteerPart(("cuisine", "couture"), None)
    assert first.values.contact["city"] == ""  # the plan's values are left as they were
