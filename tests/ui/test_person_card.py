"""The person card (issue 21, point 2): one window with a contact's whole story, opened from
anywhere with open_person_card, one per person, its documents a click away."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QLabel, QTableWidget

from assocdesk.services import activities, contacts, donations, dues, members, posts, volunteers
from assocdesk.services.contacts import ContactInput
from assocdesk.text.bidi import strip_isolates
from assocdesk.text.locales import format_date
from assocdesk.text.money import format_money
from assocdesk.usecases import erasing
from tests.pdfcheck import has_words
from ui import commands
from ui.dialogs.person_card import PersonCard
from ui.person_cards import open_person_card
from ui.widgets import screen_fit

THIS_YEAR = date.today().year
LAST_YEAR = THIS_YEAR - 1
SCREEN = QSize(1024, 768)


def fatima(app) -> tuple[int, int]:
    """A member since last year (fee 100 MAD, last year paid), volunteer on a done activity,
    donor of two gifts, named in a post: (contact id, membership id)."""

    def create(session) -> tuple[int, int]:
        for year in (LAST_YEAR, THIS_YEAR):
            dues.set_fee(session, category="", year=year, amount="100", currency="MAD")
        member = members.create(
            session,
            members.MemberInput(
                contact=ContactInput(
                    name="Fatima Zahra Benali",
                    phone="0612345678",
                    consent_publish_name=True,
                    preferred_language="fr",
                ),
                number="0042",
                joined_on=date(LAST_YEAR, 3, 1),
            ),
        )
        session.flush()
        volunteers.create(
            session,
            volunteers.VolunteerInput(ContactInput(name="x"), skills=["Cuisine"]),
            contact_id=member.contact_id,
        )
        dues.record(
            session,
            dues.PaymentInput(member.id, LAST_YEAR, "100", "MAD", date(LAST_YEAR, 3, 2)),
        )
        activity = activities.create(
            session,
            activities.ActivityInput(
                title="Paniers du Ramadan",
                starts_at=datetime(LAST_YEAR, 3, 10, 9, 0),
                currency="MAD",
                status="done",
            ),
        )
        session.flush()
        activities.assign(session, activity.id, member.contact_id, "Cuisine", 150, attended=True)
        for amount, day in (("250", date(LAST_YEAR, 5, 1)), ("50", date(LAST_YEAR, 6, 1))):
            donations.record(
                session,
                donations.DonationInput(
                    amount=amount, currency="MAD", donated_on=day, contact_id=member.contact_id
                ),
            )
        posts.mark_posted(
            session,
            "activity-report",
            activity.id,
            "facebook",
            "fr",
            "Merci à Fatima Zahra Benali !",
        )
        return member.contact_id, member.id

    return commands.write(app.context, create)


def plain_contact(app, name: str = "Partenaire Atlas") -> int:
    return commands.write(app.context, lambda s: contacts.create(s, ContactInput(name=name)).id)


def opened(qtbot, app, contact_id: int) -> PersonCard:
    card = open_person_card(app.context, contact_id, app.window)
    qtbot.waitUntil(lambda: not card.loading, timeout=10_000)
    return card


def table(card: PersonCard, name: str) -> list[list[str]]:
    found = card.findChild(QTableWidget, name)
    assert found is not None, name
    return [
        [strip_isolates(found.item(r, c).text()) for c in range(found.columnCount())]
        for r in range(found.rowCount())
    ]


def label(card: PersonCard, name: str) -> str:
    found = card.findChild(QLabel, name)
    assert found is not None, name
    return strip_isolates(found.text())


def shot(card: PersonCard, tmp_path: Path, name: str) -> None:
    folder = Path(os.environ.get("SHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(card.tabs.count()):
        card.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        card.grab().save(str(folder / f"{name}-{index}.png"))
    card.tabs.setCurrentIndex(0)


@pytest.mark.parametrize("desk", ["ar", "fr"], indirect=True)
def test_a_member_volunteer_donor_in_one_window(
    qtbot, desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        screen_fit, "available_geometry", lambda _w: QRect(0, 0, SCREEN.width(), SCREEN.height())
    )
    contact_id, _membership = fatima(desk)
    locale = desk.context.locale
    card = opened(qtbot, desk, contact_id)
    assert card.isVisible() and not card.isModal()
    assert strip_isolates(card.heading.text()) == "Fatima Zahra Benali"
    assert "Fatima Zahra Benali" in strip_isolates(card.windowTitle())
    roles = strip_isolates(card.roles.text())
    assert "0042" in roles and "Cuisine" in roles and "2" in roles  # member, volunteer, donor
    assert card.tabs.count() == 6
    if desk.context.language == "ar":
        assert card.layoutDirection() == Qt.LayoutDirection.RightToLeft
    # The person and their consents, dated.
    assert label(card, "phone") == "0612345678"
    consent = label(card, "consent_publish_name")
    assert consent.startswith("نعم" if desk.context.language == "ar" else "Oui")
    assert format_date(date.today(), locale) in consent
    # Donations with their receipt numbers, newest first, amounts in the locale.
    gifts = table(card, "donations")
    assert len(gifts) == 2 and all(row[0] for row in gifts)
    assert gifts[0][2] == strip_isolates(format_money(5000, "MAD", locale))
    assert strip_isolates(format_money(30000, "MAD", locale)) in label(card, "donation_total")
    # Dues by year: this year owed, last year paid.
    years = table(card, "dues_years")
    assert [row[0] for row in years] == [str(THIS_YEAR), str(LAST_YEAR)]
    assert years[0][4] == strip_isolates(format_money(10000, "MAD", locale))
    assert years[1][4] == ""
    assert len(table(card, "dues_payments")) == 1
    # Activities and hours, the post that named her, the journal.
    assert table(card, "activities")[0][1] == "Paniers du Ramadan"
    assert str(LAST_YEAR) in label(card, "hours_by_year")
    assert "Merci à Fatima Zahra Benali" in table(card, "posts")[0][3]
    assert len(table(card, "journal")) >= 5
    # Every document this person has is offered.
    buttons = (card.statement_button, card.certificate_button, card.card_button)
    assert all(button.isEnabled() for button in buttons)
    assert screen_fit.fits_on_screen(card, SCREEN)
    minimum = card.minimumSizeHint()
    assert minimum.width() < SCREEN.width() and minimum.height() < SCREEN.height()
    shot(card, tmp_path, f"person-card-{desk.context.language}")


def test_the_same_person_again_raises_the_card_already_open(qtbot, desk) -> None:
    contact_id = plain_contact(desk)
    other = plain_contact(desk, "Karim Ouazzani")
    card = opened(qtbot, desk, contact_id)
    assert open_person_card(desk.context, contact_id, desk.window) is card
    second = opened(qtbot, desk, other)
    assert second is not card
    card.close()
    QApplication.processEvents()
    again = opened(qtbot, desk, contact_id)
    assert again is not second and again.contact_id == contact_id and again.isVisible()


def test_a_contact_who_is_none_of_member_volunteer_donor(qtbot, desk) -> None:
    card = opened(qtbot, desk, plain_contact(desk))
    assert strip_isolates(card.roles.text()) == "Neither a member, a volunteer nor a donor."
    assert not card.statement_button.isEnabled()
    assert not card.certificate_button.isEnabled()
    assert not card.card_button.isEnabled()
    assert card.edit_button.isEnabled() and card.data_button.isEnabled()
    assert card.findChild(QTableWidget, "donations") is None
    assert card.banner.isHidden()


def test_documents_open_in_their_previews(qtbot, desk, no_dialogs) -> None:
    contact_id, _membership = fatima(desk)
    card = opened(qtbot, desk, contact_id)
    card.ask_statement_options = lambda: (LAST_YEAR, None)
    card.statement_button.click()
    assert card.preview is not None and card.preview.isVisible()
    assert has_words(card.preview.pdf, "Fatima Zahra Benali")
    card.preview.close()

    card.ask_certificate_options = lambda: (LAST_YEAR, "fr")
    card.certificate_button.click()
    assert card.preview is not None and has_words(card.preview.pdf, "Paniers du Ramadan")
    card.preview.close()

    card.card_button.click()
    assert card.preview is not None and has_words(card.preview.pdf, "0042")
    card.preview.close()

    card.data_button.click()
    assert card.preview is not None and has_words(card.preview.pdf, "0612345678")
    assert no_dialogs == []


def test_without_documents_the_card_offers_none(qtbot, desk) -> None:
    contact_id, _membership = fatima(desk)
    card = PersonCard(desk.context, contact_id, desk.window)
    card.show()
    qtbot.waitUntil(lambda: not card.loading, timeout=10_000)
    assert card.edit_button.isVisible() and not card.statement_button.isVisible()
    assert card.yearly_statement() is None and card.member_card() is None


def test_a_cancelled_year_opens_nothing(qtbot, desk) -> None:
    contact_id, _membership = fatima(desk)
    card = opened(qtbot, desk, contact_id)
    card.ask_statement_options = lambda: None
    assert card.yearly_statement() is None and card.preview is None


def test_edit_opens_the_persons_own_form(qtbot, desk) -> None:
    from ui.dialogs.contact_dialog import ContactDialog
    from ui.dialogs.member_dialog import MemberDialog

    contact_id, membership_id = fatima(desk)
    card = opened(qtbot, desk, contact_id)
    form = card.edit()
    assert isinstance(form, MemberDialog) and form.membership_id == membership_id
    form.close()
    plain = opened(qtbot, desk, plain_contact(desk))
    form = plain.edit()
    assert isinstance(form, ContactDialog) and form.contact_id == plain.contact_id


def test_the_card_follows_what_is_saved_elsewhere(qtbot, desk) -> None:
    contact_id = plain_contact(desk)
    card = opened(qtbot, desk, contact_id)
    data = donations.DonationInput(
        amount="75", currency="MAD", donated_on=date.today(), contact_id=contact_id
    )
    commands.write(desk.context, lambda s: donations.record(s, data))
    qtbot.waitUntil(lambda: not card.loading and card.story.is_donor, timeout=10_000)
    assert len(table(card, "donations")) == 1
    assert card.statement_button.isEnabled()


def test_an_archived_then_erased_person(qtbot, desk) -> None:
    contact_id, _membership = fatima(desk)
    commands.write(desk.context, lambda s: contacts.set_archived(s, contact_id))
    card = opened(qtbot, desk, contact_id)
    assert card.banner.isVisibleTo(card) and "Archived" in card.banner.text()
    commands.write(desk.context, lambda s: erasing.erase_person(s, contact_id))
    qtbot.waitUntil(lambda: not card.loading and card.story.identity.erased, timeout=10_000)
    assert "erased" in card.banner.text()
    assert not card.edit_button.isEnabled() and card.edit() is None
    assert not card.certificate_button.isEnabled() and not card.card_button.isEnabled()
    assert card.findChild(QTableWidget, "posts") is None
