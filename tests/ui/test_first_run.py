"""Issue 17, point 5: the first start chooses the language, fills the association's profile
(errors beside the fields, nothing typed lost), or opens the demo association in a file of its
own while the real database stays empty."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from assocdesk import demo
from assocdesk.i18n import translate_in
from assocdesk.services import association
from assocdesk.storage.backups import rotation
from assocdesk.storage.engine import Database
from assocdesk.storage.lock import DatabaseLock
from assocdesk.storage.opening import open_database
from tests.ui.conftest import type_text
from ui.app import Application
from ui.dialogs.first_run import DEMO, FirstRunDialog, suggested_prefix
from ui.preferences import Preferences
from ui.widgets.fields import select_data


@pytest.fixture
def app(qapp, db: Database, tmp_path: Path) -> Application:
    return Application(qapp, db, Preferences(tmp_path / "prefs.ini"))


def start(dialog: FirstRunDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def label_of(dialog: FirstRunDialog, row: int) -> str:
    label = dialog.form.itemAt(row, dialog.form.ItemRole.LabelRole).widget()
    assert isinstance(label, QLabel)
    return label.text()


def test_fills_the_profile_in_french(app: Application, db: Database, tmp_path: Path) -> None:
    dialog = FirstRunDialog(app.context)
    select_data(dialog.language, "fr")
    assert dialog.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert label_of(dialog, 3) == translate_in("fr", "Country") == "Pays"
    assert dialog.country.itemText(dialog.country.findData("DZ")) == "Algérie"
    type_text(dialog.name, "Association des Amis de Nour")
    assert dialog.receipt_prefix.text() == "AAN"  # from the name's initials
    type_text(dialog.city, "Lyon")
    select_data(dialog.country, "FR")
    assert dialog.currency.currentText() == "EUR"  # suggested from the country
    grab = dialog.grab()
    assert grab.save(str(tmp_path / "first-run-fr.png"))
    assert grab.width() <= 1024 and grab.height() <= 768
    start(dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    with db.reading() as session:
        profile = association.get(session)
        assert profile.name_fr == "Association des Amis de Nour"
        assert (profile.city, profile.country) == ("Lyon", "FR")
        assert (profile.default_currency, profile.receipt_prefix) == ("EUR", "AAN")
        assert profile.default_language == "fr"
        assert association.is_configured(session)
    assert app.preferences.language == "fr"


def test_fills_the_profile_in_arabic(app: Application, db: Database, tmp_path: Path) -> None:
    dialog = FirstRunDialog(app.context)
    select_data(dialog.language, "fr")
    select_data(dialog.language, "ar")  # back to Arabic: right to left, Arabic names
    assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert dialog.windowTitle() == translate_in("ar", "Welcome to AssocDesk")
    assert label_of(dialog, 3) == translate_in("ar", "Country")
    assert dialog.country.itemText(dialog.country.findData("MA")) == "المغرب"
    type_text(dialog.name, "جمعية الأمل للتنمية")
    assert dialog.receipt_prefix.text() == "R"  # no Latin initials to take
    type_text(dialog.receipt_prefix, "AML")
    type_text(dialog.city, "وجدة")
    select_data(dialog.country, "DZ")
    assert dialog.currency.currentText() == "DZD"
    type_text(dialog.name, " بوجدة")
    assert dialog.receipt_prefix.text() == "RAML"  # typed by the person: kept as typed
    assert dialog.grab().save(str(tmp_path / "first-run-ar.png"))
    start(dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    with db.reading() as session:
        profile = association.get(session)
        assert profile.name_ar == "جمعية الأمل للتنمية بوجدة"
        assert (profile.city, profile.country, profile.default_currency) == ("وجدة", "DZ", "DZD")
        assert profile.receipt_prefix == "RAML"
        assert profile.default_language == "ar"
    assert app.preferences.language == "ar"


def test_an_invalid_field_shows_its_error_beside_it_and_keeps_what_was_typed(
    app: Application, db: Database
) -> None:
    dialog = FirstRunDialog(app.context)
    select_data(dialog.language, "fr")
    start(dialog)
    assert dialog.error_text("name")  # a name is required
    type_text(dialog.name, "Association Nour")
    dialog.receipt_prefix.clear()
    type_text(dialog.receipt_prefix, "AN/2")
    dialog.currency.setCurrentText("XYZ")
    start(dialog)
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.error_text("name") == ""
    assert dialog.error_text("receipt_prefix") == translate_in("fr", "Use letters and digits only.")
    assert "XYZ" in dialog.error_text("default_currency")
    assert (dialog.name.text(), dialog.receipt_prefix.text()) == ("Association Nour", "AN/2")
    assert dialog.currency.currentText() == "XYZ"
    assert db.path.exists() and app.context.read(association.details) is None  # nothing written
    dialog.receipt_prefix.setText("AN")
    dialog.currency.setCurrentText("MAD")
    start(dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert app.context.read(association.details).values.receipt_prefix == "AN"


def test_try_with_demo_data_opens_a_separate_file_and_leaves_the_real_one_empty(
    qtbot, app: Application, db: Database, tmp_path: Path
) -> None:
    real = db.path
    dialog = FirstRunDialog(app.context)
    select_data(dialog.language, "fr")
    type_text(dialog.name, "Nour")  # typed, then the person chose to look first
    dialog.demo_button.click()
    assert not dialog.demo_button.isEnabled() and not dialog.demo_progress.isHidden()
    qtbot.waitUntil(lambda: dialog.result() == DEMO, timeout=30_000)
    session = dialog.demo
    assert session is not None
    assert session.database.path == real.with_name("assocdesk-demo.sqlite3")
    assert session.real == real
    assert app.preferences.language == "fr"
    with session.database.reading() as reading:
        assert not demo.is_empty(reading)
        assert association.is_configured(reading)
    app.open_demo(session)
    app.apply_language("fr")
    app.show_main_window()
    window = app.window
    assert window.windowTitle().endswith(" — " + translate_in("fr", "Demo file"))
    note = window.findChild(QLabel, "demo_notice")
    assert note is not None and note.isVisible()
    assert "assocdesk-demo.sqlite3" in note.text() and str(real) in note.text()
    assert "relancez-le" in note.text()  # how to go back to the real one
    assert window.grab().save(str(tmp_path / "demo-window-fr.png"))
    app.shutdown()
    assert app.demo is None
    DatabaseLock(session.database.path).acquire().release()  # the demo's lock was let go
    assert not rotation.list_backups(session.database.path)  # examples get no backups
    reopened = open_database(real)
    try:
        with reopened.reading() as reading:
            assert demo.is_empty(reading)
            assert not association.is_configured(reading)
    finally:
        reopened.close()
    app.apply_language("en")


def test_suggested_prefix() -> None:
    assert suggested_prefix("Association Nour") == "AN"
    assert suggested_prefix("Les Amis de l'École du Quartier") == "AEQ"
    assert suggested_prefix("Nour") == "NOU"
    assert suggested_prefix("جمعية الأمل") == "R"
    assert suggested_prefix("") == "R"
