"""Issue 16: a contact's title and identity document, and the association's "Documents and
tax" group in Settings (signers' titles, legal status, tax identifiers, purpose, reçu fiscal,
digits of Arabic documents). Forms are rendered in Arabic and French and must fit 1024×768."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QGroupBox

from assocdesk.i18n import translate_in
from assocdesk.services import association, contacts
from assocdesk.services.association import ProfileInput
from tests.ui.conftest import type_text
from ui.dialogs.contact_dialog import ContactDialog
from ui.dialogs.contact_fields import title_choices
from ui.widgets.fields import select_data

SCREEN = (1024, 768)


def items(box) -> list[str]:
    return [box.itemData(i) for i in range(box.count())]


def save_dialog(dialog: ContactDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_title_choices_write_each_language_ui_language_first() -> None:
    assert title_choices("fr") == [
        ("", "—"),
        ("male", "M. / السيد / Mr"),
        ("female", "Mme / السيدة / Mrs"),
    ]
    assert title_choices("ar")[2] == ("female", "السيدة / Mme / Mrs")


def test_contact_title_and_identifier_saved_and_loaded(desk) -> None:
    dialog = ContactDialog(desk.context)
    fields = dialog.contact
    type_text(fields.name, "Bouchra Belkacem")
    fields.country.set_value("MA")
    # A Moroccan person is offered the CIN and a passport; an organization its ICE, IF, RC.
    assert items(fields.id_kind) == ["", "CIN", "passport", "other"]
    select_data(fields.kind, "organization")
    assert items(fields.id_kind) == ["", "ICE", "IF", "RC", "other"]
    assert not fields.gender.parentWidget().isVisibleTo(dialog)  # no title for a company
    select_data(fields.kind, "person")
    assert fields.gender.parentWidget().isVisibleTo(dialog)
    select_data(fields.gender, "female")
    select_data(fields.id_kind, "CIN")
    type_text(fields.id_number, "BK 123456")
    save_dialog(dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    with desk.context.db.reading() as session:
        (contact,) = [c for c in [contacts.get(session, 1)]]
        assert (contact.gender, contact.id_kind, contact.id_number) == (
            "female",
            "CIN",
            "BK 123456",
        )
    again = ContactDialog(desk.context, 1)
    assert again.contact.gender.currentData() == "female"
    assert again.contact.id_kind.currentData() == "CIN"
    assert again.contact.id_number.text() == "BK 123456"


def test_stored_kind_from_another_country_stays_listed(desk) -> None:
    with desk.context.db.transaction() as session:
        contacts.create(
            session,
            contacts.ContactInput(
                name="Amal SARL", kind="organization", country="MA", id_kind="SIREN",
                id_number="552100554",
            ),
        )  # fmt: skip
    dialog = ContactDialog(desk.context, 1)
    assert dialog.contact.id_kind.currentData() == "SIREN"
    assert "SIREN" in items(dialog.contact.id_kind)
    assert dialog.contact.value().id_kind == "SIREN"  # saving changes nothing


def test_identifier_errors_show_under_the_identity_row(desk) -> None:
    dialog = ContactDialog(desk.context)
    type_text(dialog.contact.name, "Atlas")
    type_text(dialog.contact.id_number, "12345")  # a number without its kind
    save_dialog(dialog)
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "kind of document" in dialog.error_text("identity")
    dialog.contact.country.set_value("MA")
    select_data(dialog.contact.kind, "organization")
    select_data(dialog.contact.id_kind, "ICE")
    save_dialog(dialog)
    assert "15 digits" in dialog.error_text("identity")


@pytest.mark.parametrize("desk", ["ar", "fr"], indirect=True)
def test_contact_form_fits_the_screen(desk, tmp_path: Path) -> None:
    dialog = ContactDialog(desk.context)
    dialog.show()
    # Every row, unscrolled, with the buttons and a window's title bar, fits on the screen.
    body = dialog._fields_area.widget().sizeHint()
    needed = body.height() + dialog.buttons.sizeHint().height() + 60
    assert body.width() <= SCREEN[0] and needed <= SCREEN[1], body
    dialog.resize(max(body.width() + 60, dialog.width()), needed + 40)  # for the picture
    QApplication.processEvents()
    dialog.grab().save(str(tmp_path / f"contact-{desk.context.language}.png"))
    label = dialog.form.labelForField(dialog.contact.gender.parentWidget())
    assert label.text() == translate_in(desk.context.language, "Title (Mr, Mrs)")


def test_documents_and_tax_group_saves_and_loads(desk) -> None:
    page = desk.window.show_page("settings")
    form = page.form
    type_text(form.president_name, "Fatima Zahra El Alaoui")
    select_data(form.president_gender, "female")
    type_text(form.treasurer_name, "Karim Ouazzani")
    select_data(form.treasurer_gender, "male")
    select_data(form.legal_status, "public_utility")
    type_text(form.legal_status_detail, "Decret 2-13-456 du 12 juin 2013")
    form.tax_identifiers.setPlainText("ICE 001234567000089\nIF 12345678")
    form.purpose.setPlainText("Aide aux familles")
    form.tax_receipts.setChecked(True)
    assert form.arabic_digits.currentData() == "latin"  # Morocco
    assert page.save() is True
    with desk.context.db.reading() as session:
        p = association.get(session)
        assert (p.president_name, p.president_gender) == ("Fatima Zahra El Alaoui", "female")
        assert (p.treasurer_name, p.treasurer_gender) == ("Karim Ouazzani", "male")
        assert (p.legal_status, p.legal_status_detail) == (
            "public_utility",
            "Decret 2-13-456 du 12 juin 2013",
        )
        assert p.tax_identifiers == "ICE 001234567000089\nIF 12345678"
        assert (p.purpose, p.tax_receipts, p.arabic_digits) == ("Aide aux familles", True, "latin")
    form.load()  # what is stored reads back into the same widgets
    assert form.president_gender.currentData() == "female"
    assert form.legal_status.currentData() == "public_utility"
    assert form.tax_receipts.isChecked()


def test_digits_follow_the_typed_country_until_chosen(desk) -> None:
    form = desk.window.show_page("settings").form
    form.country.set_value("EG")
    assert form.arabic_digits.currentData() == "arabic-indic"
    form.country.set_value("MA")
    assert form.arabic_digits.currentData() == "latin"
    form.arabic_digits.activated.emit(1)  # as a click on a choice does
    form.country.set_value("DZ")
    assert form.arabic_digits.currentData() == "latin"  # the user chose: left alone


def test_signer_title_error_shown_beside_the_signer(desk, monkeypatch) -> None:
    page = desk.window.show_page("settings")
    form = page.form
    # A value the list cannot hold (as a damaged preferences file or a future code would).
    form.president_gender.addItem("?", "unknown")
    select_data(form.president_gender, "unknown")
    form.legal_status.addItem("?", "ngo")
    select_data(form.legal_status, "ngo")
    assert page.save() is False
    assert "Mr, Mrs" in form.error_text("president_name")
    assert "legal status" in form.error_text("legal_status")


@pytest.mark.parametrize("desk", ["ar", "fr"], indirect=True)
def test_documents_and_tax_group_rendered(desk, tmp_path: Path) -> None:
    with desk.context.db.transaction() as session:
        data = ProfileInput.from_profile(association.get(session))
        data.legal_status, data.president_gender = "ncnp_licensed", "female"
        association.save(session, data)
    page = desk.window.show_page("settings")
    desk.window.resize(*SCREEN)
    group = page.form.findChild(QGroupBox, "documents_and_tax")
    assert group is not None
    # One screen holds the whole group: it never needs scrolling within itself.
    assert group.sizeHint().height() < SCREEN[1] - 200, group.sizeHint()
    assert group.sizeHint().width() <= SCREEN[0] - 220, group.sizeHint()
    group.grab().save(str(tmp_path / f"documents-tax-{desk.context.language}.png"))
    language = desk.context.language
    assert group.title() == translate_in(language, "Documents and tax")
    shown = page.form.legal_status.currentText()
    assert translate_in(language, association.LEGAL_STATUSES["ncnp_licensed"]) in shown
    assert "(SA)" in shown
