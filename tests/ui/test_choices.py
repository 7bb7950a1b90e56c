"""Choices, not typing (issue 20, point 7): the member's category from the fee schedule (with
"New category…"), the activity type, the campaign and the country, each proposing the last one
used on a new record."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from assocdesk.models import ActivityType
from assocdesk.services import activities, campaigns, contacts, donations, dues, members
from tests.ui.donors import give
from ui import commands
from ui.dialogs.activity_dialog import ActivityDialog
from ui.dialogs.category_dialog import NewCategoryDialog
from ui.dialogs.contact_dialog import ContactDialog
from ui.dialogs.donation_dialog import DonationDialog
from ui.dialogs.member_dialog import NEW_CATEGORY, MemberDialog
from ui.widgets.fields import select_data


def set_fee(desk, category: str, year: int, amount: str) -> None:
    commands.write(
        desk.context,
        lambda s: dues.set_fee(s, category=category, year=year, amount=amount, currency="MAD"),
    )


def add_member(desk, number: str, category: str) -> int:
    data = members.MemberInput(
        contact=contacts.ContactInput(name=f"Member {number}"),
        number=number,
        category=category,
        joined_on=date(2025, 1, 1),
    )
    return commands.write(desk.context, lambda s: members.create(s, data)).id


def offered(box) -> list[object]:
    return [box.itemData(i) for i in range(box.count())]


def stored_category(desk, membership_id: int) -> str:
    return desk.context.read(lambda s: members.details(s, membership_id).category)


@pytest.fixture
def schedule(desk) -> None:
    set_fee(desk, "Actif", 2025, "300")
    set_fee(desk, "Honoraire", 2025, "100")
    set_fee(desk, "Jeune", 2024, "50")  # an earlier year's category is still offered


def test_category_is_chosen_from_the_schedule(desk, schedule) -> None:
    """Regression: the category was typed, so "Actf" made a category that owes no dues."""
    add_member(desk, "0001", "Actf")  # such a typo, entered before
    form = MemberDialog(desk.context)
    assert not form.category.isEditable()
    assert offered(form.category) == ["", "Actif", "Honoraire", "Jeune", NEW_CATEGORY]
    assert form.category.itemText(form.category.count() - 1) == "New category…"


def test_new_member_starts_in_the_last_members_category(desk, schedule) -> None:
    form = MemberDialog(desk.context)
    assert form.category.currentData() == ""  # nobody yet: no category
    form.close()
    add_member(desk, "0001", "Actif")
    add_member(desk, "0002", "Honoraire")
    form = MemberDialog(desk.context)
    assert form.category.currentData() == "Honoraire"
    assert form.value().category == "Honoraire"


def test_a_category_outside_the_schedule_shows_and_saves_unchanged(desk, schedule) -> None:
    membership_id = add_member(desk, "0001", "Actf")
    form = MemberDialog(desk.context, membership_id)
    assert form.category.currentText() == "Actf"
    assert "Actf" in offered(form.category)
    form.accept()
    assert form.result() == form.DialogCode.Accepted
    assert stored_category(desk, membership_id) == "Actf"
    # It is not offered to anyone else.
    assert "Actf" not in offered(MemberDialog(desk.context).category)


def fill_new_category(desk, known: list[str], name: str, amount: str) -> NewCategoryDialog:
    dialog = NewCategoryDialog(desk.context, known)
    dialog.name.setText(name)
    dialog.amount.setText(amount)
    dialog.accept()
    return dialog


def test_new_category_adds_it_to_the_schedule_and_chooses_it(desk, schedule) -> None:
    form = MemberDialog(desk.context)
    asked: list[list[str]] = []

    def ask() -> str | None:  # the real dialog, filled in as a person would
        asked.append(form.categories())
        dialog = fill_new_category(desk, form.categories(), "Bienfaiteur", "1000")
        return dialog.category if dialog.result() == dialog.DialogCode.Accepted else None

    form.ask_new_category = ask
    form.category.activated.emit(form.category.findData(NEW_CATEGORY))  # as a click does
    assert asked == [["Actif", "Honoraire", "Jeune"]]
    assert form.category.currentData() == "Bienfaiteur"
    assert offered(form.category)[-1] == NEW_CATEGORY  # still last, for the next one
    fees = desk.context.read(lambda s: dues.fees(s, date.today().year))
    assert [(f.category, f.amount_minor, f.currency) for f in fees if f.category] == [
        ("Bienfaiteur", 100000, "MAD")
    ]
    form.contact.name.setText("Nadia Tazi")
    saved_ids: list[int] = []
    form.saved.connect(saved_ids.append)
    form.accept()
    assert form.result() == form.DialogCode.Accepted
    assert stored_category(desk, saved_ids[0]) == "Bienfaiteur"


def test_cancelled_new_category_keeps_the_previous_choice(desk, schedule) -> None:
    form = MemberDialog(desk.context)
    select_data(form.category, "Jeune")
    form.category.activated.emit(form.category.currentIndex())
    form.ask_new_category = lambda: None
    new_index = form.category.findData(NEW_CATEGORY)
    form.category.setCurrentIndex(new_index)  # what the click on the entry shows at first
    form.category.activated.emit(new_index)
    assert form.category.currentData() == "Jeune"
    assert form.value().category == "Jeune"


def test_new_category_refuses_an_empty_or_existing_name(desk, schedule) -> None:
    known = ["Actif", "Honoraire", "Jeune"]
    empty = fill_new_category(desk, known, "  ", "100")
    assert empty.result() != empty.DialogCode.Accepted
    assert empty.error_text("category")
    twice = fill_new_category(desk, known, "actif", "999")
    assert twice.result() != twice.DialogCode.Accepted
    assert "Actif" in twice.error_text("category")
    no_dues = fill_new_category(desk, known, "Étudiant", "")
    assert no_dues.error_text("amount")
    fees = desk.context.read(dues.fees)
    assert sorted((f.category, f.amount_minor) for f in fees) == [
        ("Actif", 30000),
        ("Honoraire", 10000),
        ("Jeune", 5000),
    ]  # nothing changed: "actif" did not overwrite Actif's dues


def test_activity_type_and_campaign_follow_the_last_activity(desk) -> None:
    form = ActivityDialog(desk.context)
    assert form.type.currentData() == ActivityType.OTHER  # nothing entered yet
    assert not form.type.isEditable() and not form.campaign.isEditable()
    form.close()
    campaign_id = commands.write(
        desk.context,
        lambda s: campaigns.create(s, campaigns.CampaignInput(name="قفة رمضان", currency="MAD")),
    ).id
    data = activities.ActivityInput(
        title="توزيع القفف",
        starts_at=datetime(2025, 3, 1, 10),
        currency="MAD",
        type=ActivityType.FOOD_BASKETS,
        campaign_id=campaign_id,
    )
    activity_id = commands.write(desk.context, lambda s: activities.create(s, data)).id
    form = ActivityDialog(desk.context)
    assert form.type.currentData() == ActivityType.FOOD_BASKETS
    assert form.campaign.currentData() == campaign_id
    form.close()
    # An activity being edited shows its own, not the last one's.
    other = activities.ActivityInput(
        title="Réunion", starts_at=datetime(2025, 3, 2, 10), currency="MAD", type="meeting"
    )
    commands.write(desk.context, lambda s: activities.create(s, other))
    form = ActivityDialog(desk.context, activity_id)
    assert form.type.currentData() == ActivityType.FOOD_BASKETS
    assert form.campaign.currentData() == campaign_id


def test_donation_campaign_follows_the_last_donation(desk) -> None:
    ramadan = commands.write(
        desk.context,
        lambda s: campaigns.create(s, campaigns.CampaignInput(name="Ramadan", currency="MAD")),
    ).id
    assert DonationDialog(desk.context).campaign.currentData() is None
    donation_id = give(desk, None, "100", date(2025, 3, 1))
    data = donations.DonationInput(
        amount="200",
        currency="MAD",
        donated_on=date(2025, 3, 2),
        anonymous=True,
        campaign_id=ramadan,
    )
    commands.write(desk.context, lambda s: donations.record(s, data))
    form = DonationDialog(desk.context)
    assert form.campaign.currentData() == ramadan
    assert form.value().campaign_id == ramadan
    assert DonationDialog(desk.context, donation_id).campaign.currentData() is None
    # An archived campaign is not proposed any more.
    commands.write(desk.context, lambda s: campaigns.set_archived(s, ramadan))
    assert DonationDialog(desk.context).campaign.currentData() is None


@pytest.mark.parametrize(
    ("desk", "morocco", "algeria"),
    [("ar", "المغرب", "الجزائر"), ("fr", "Maroc", "Algérie"), ("en", "Morocco", "Algeria")],
    indirect=["desk"],
)
def test_country_is_chosen_by_name(desk, morocco: str, algeria: str, tmp_path: Path) -> None:
    form = ContactDialog(desk.context)
    country = form.contact.country
    assert country.currentText() == morocco  # the association's country (MA), nobody yet
    assert country.value() == "MA"
    assert country.count() > 200 and country.itemText(country.findData("DZ")) == algeria
    assert country.completer().filterMode() == country.completer().filterMode().MatchContains
    country.setEditText(algeria.lower())  # typed, not picked from the list
    assert country.value() == "DZ"
    country.setEditText("fr")  # the code itself
    assert country.value() == "FR"
    select_data(country, "DZ")
    assert [form.contact.id_kind.itemData(i) for i in range(form.contact.id_kind.count())] == [
        "",
        *contacts.id_kinds_for("DZ"),
    ]
    form.contact.name.setText("Amine Belkacem")
    form.grab().save(str(tmp_path / f"contact-{desk.context.language}.png"))
    saved_ids: list[int] = []
    form.saved.connect(saved_ids.append)
    form.accept()
    assert form.result() == form.DialogCode.Accepted
    saved = desk.context.read(lambda s: contacts.details(s, saved_ids[0]))
    assert saved.values.country == "DZ"
    assert ContactDialog(desk.context).contact.country.value() == "DZ"  # the last one used


def test_an_unknown_stored_country_saves_unchanged(desk) -> None:
    contact_id = commands.write(
        desk.context,
        lambda s: contacts.create(s, contacts.ContactInput(name="Old import", country="QZ")),
    ).id
    form = ContactDialog(desk.context, contact_id)
    assert form.contact.country.currentText() == "QZ"
    form.accept()
    assert desk.context.read(lambda s: contacts.details(s, contact_id).values.country) == "QZ"


@pytest.mark.parametrize(
    ("language", "typed", "code"),
    [("fr", "algerie", "DZ"), ("fr", "ALGÉRIE", "DZ"), ("en", "morocco", "MA"), ("fr", "ma", "MA")],
)
def test_a_country_typed_without_its_accents_is_found(qtbot, language, typed, code) -> None:
    """Typed and not picked from the list: "algerie" is Algérie, not a two-letter error."""
    from ui.widgets.fields import country_box

    box = country_box(language=language)
    qtbot.addWidget(box)
    box.setEditText(typed)
    assert box.value() == code
