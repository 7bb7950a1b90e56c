"""Plain values across the line: the UI reads frozen dataclasses, never a database record that
outlives its session; AppContext.read refuses one, so every UI test keeps the rule."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from assocdesk.services import activities, campaigns, contacts, donations, members, volunteers
from assocdesk.storage.engine import Database
from assocdesk.usecases import erasing, receipts
from tests.ui.donors import add_donor, add_member, give
from ui import commands
from ui.context import AppContext, refuse_records
from ui.preferences import Preferences


@pytest.fixture
def context(qapp: QApplication, db: Database, tmp_path: Path) -> AppContext:
    return AppContext(db, Preferences(tmp_path / "preferences.ini"))


@pytest.fixture
def contact_id(context: AppContext) -> int:
    return commands.write(
        context, lambda s: contacts.create(s, contacts.ContactInput(name="Amina Tazi")).id
    )


@dataclasses.dataclass(frozen=True)
class Holder:
    value: object


@pytest.mark.parametrize(
    "wrap",
    [
        lambda record: record,
        lambda record: [record],
        lambda record: (1, record),
        lambda record: {"record": record},
        lambda record: {record},
        lambda record: Holder([record]),
    ],
    ids=["record", "list", "tuple", "dict", "set", "dataclass"],
)
def test_read_refuses_a_record(context: AppContext, contact_id: int, wrap) -> None:
    with pytest.raises(TypeError, match="Contact is a database record"):
        context.read(lambda s: wrap(contacts.get(s, contact_id)))


def test_read_gives_plain_values(context: AppContext, contact_id: int) -> None:
    found = context.read(lambda s: contacts.details(s, contact_id))
    assert found.name == "Amina Tazi"
    assert context.read(lambda s: [contacts.details(s, contact_id)])[0] == found
    assert context.read(contacts.count) == 1
    assert context.read(lambda s: None) is None
    refuse_records(contacts.Contact)  # a mapped class is a plain value, not a record


def test_use_cases_return_plain_values(context: AppContext, contact_id: int) -> None:
    """What the window gets back from the core's use cases holds no record either."""
    gift = donations.DonationInput("50", "MAD", date.today(), contact_id=contact_id)
    gift_id = commands.write(context, lambda s: donations.record(s, gift).id)
    receipt = receipts.Receipt(receipts.Book.DONATIONS, gift_id)
    state = context.read(lambda s: receipts.receipt_state(s, receipt))
    assert not state.issued
    erased = commands.write(context, lambda s: erasing.erase_person(s, contact_id))
    refuse_records(erased)
    assert erased.contact_id == contact_id


def reads_of(desk, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every value the UI gets from ``desk.context.read`` from now on."""
    seen: list[object] = []
    real = AppContext.read

    def read(self, query):  # type: ignore[no-untyped-def]
        result = real(self, query)
        seen.append(result)
        return result

    monkeypatch.setattr(AppContext, "read", read)
    return seen


def _parts(value: object) -> list[object]:
    """What a read returned, one level down: a tuple's items, a dataclass's fields."""
    if isinstance(value, tuple):
        return list(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [getattr(value, field.name) for field in dataclasses.fields(value)]
    return []


def got(seen: list[object], kind: type) -> object:
    found = [value for value in seen if isinstance(value, kind)]
    found += [item for value in seen for item in _parts(value) if isinstance(item, kind)]
    assert found, f"no {kind.__name__} among what the dialog read"
    assert dataclasses.fields(found[0]) and type(found[0]).__dataclass_params__.frozen
    return found[0]


def test_edit_dialogs_get_a_dataclass_and_fill_their_fields(desk, monkeypatch) -> None:
    donor = add_donor(desk, "Karim Ouazzani", city="Tanger")
    gift = give(desk, donor, "1500")
    membership_id, _contact = add_member(desk, "Salma Idrissi")
    profile_data = volunteers.VolunteerInput(
        contacts.ContactInput(name="Nadia"), skills=["Cooking"]
    )
    profile_id = commands.write(desk.context, lambda s: volunteers.create(s, profile_data).id)
    campaign_data = campaigns.CampaignInput("Ramadan", "MAD", goal="2000")
    campaign_id = commands.write(desk.context, lambda s: campaigns.create(s, campaign_data).id)
    activity_data = activities.ActivityInput(
        "Iftar", datetime(2025, 3, 10, 17, tzinfo=UTC), "MAD", campaign_id=campaign_id
    )
    activity_id = commands.write(desk.context, lambda s: activities.create(s, activity_data).id)
    seen = reads_of(desk, monkeypatch)

    def opened(page_key: str, record_id: int):  # type: ignore[no-untyped-def]
        page = desk.window.show_page(page_key)
        page.select_id(record_id)
        seen.clear()
        return page.open_selected()

    dialog = opened("contacts", donor)
    assert got(seen, contacts.ContactDetails).values.city == "Tanger"
    assert dialog.contact.city.text() == "Tanger"
    dialog.reject()

    dialog = opened("donations", gift)
    assert got(seen, donations.DonationDetails).donor_name == "Karim Ouazzani"
    assert dialog.donor.contact_id == donor and dialog.amount.text().startswith("1")
    dialog.reject()

    dialog = opened("members", membership_id)
    assert got(seen, members.MemberDetails).number == "0042"
    assert (dialog.number.text(), dialog.contact.name.text()) == ("0042", "Salma Idrissi")
    dialog.reject()

    dialog = opened("volunteers", profile_id)
    assert got(seen, volunteers.VolunteerDetails).skills == ("Cooking",)
    assert dialog.skills.tags() == ["Cooking"] and dialog.contact.name.text() == "Nadia"
    dialog.reject()

    dialog = opened("campaigns", campaign_id)
    assert got(seen, campaigns.CampaignDetails).goal_minor == 200000
    assert dialog.name.text() == "Ramadan"
    dialog.reject()

    dialog = opened("activities", activity_id)
    assert got(seen, activities.ActivityDetails).campaign_name == "Ramadan"
    assert dialog.title.text() == "Iftar" and dialog.campaign.currentData() == campaign_id
    dialog.reject()
