"""Settings edits the association's profile and switches the language at once; first run asks
the association's name, language and currency."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from assocdesk.i18n import translate_in
from assocdesk.services import association
from tests.ui.conftest import type_text
from ui.app import Application
from ui.preferences import Preferences
from ui.widgets.fields import select_data


def test_profile_saved_and_errors_shown(desk) -> None:
    page = desk.window.show_page("settings")
    form = page.form
    assert form.name_ar.text() == "جمعية الأمل"
    form.registration_number.setText("RC-2019-778")
    form.email.setText("not-an-email")
    assert page.save() is False
    assert "valid e-mail" in form.error_text("email")
    form.email.setText("contact@alamal.ma")
    assert page.save() is True
    assert form.error_text("email") == ""
    with desk.context.db.reading() as session:
        profile = association.get(session)
        assert profile.registration_number == "RC-2019-778"
        assert profile.email == "contact@alamal.ma"


def test_language_switch_applies_at_once(qtbot, desk) -> None:
    old_window = desk.window
    page = desk.window.show_page("settings")
    select_data(page.form.ui_language, "ar")
    assert page.save()
    assert desk.window is not old_window
    assert desk.qt_app.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert desk.window.navigation.item(1).text() == translate_in("ar", "Members")
    assert desk.preferences.language == "ar"
    assert desk.window.stack.currentWidget() is desk.window.pages["settings"]

    page = desk.window.pages["settings"]
    select_data(page.form.ui_language, "fr")
    assert page.save()
    assert desk.qt_app.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert desk.window.navigation.item(1).text() == translate_in("fr", "Members")


def test_first_run_asks_name_language_currency(qapp, db, tmp_path: Path) -> None:
    from ui.dialogs.first_run import FirstRunDialog

    app = Application(qapp, db, Preferences(tmp_path / "prefs.ini"))
    dialog = FirstRunDialog(app.context)
    select_data(dialog.language, "fr")
    assert dialog.windowTitle() == translate_in("fr", "Welcome to AssocDesk")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.error_text("name")  # a name is required
    type_text(dialog.name, "Association Nour")
    select_data(dialog.country, "DZ")
    assert dialog.currency.currentText() == "DZD"  # suggested from the country
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.result() == dialog.DialogCode.Accepted
    with db.reading() as session:
        profile = association.get(session)
        assert profile.name_fr == "Association Nour"
        assert profile.default_currency == "DZD"
        assert profile.default_language == "fr"
    assert app.preferences.language == "fr"


def test_arabic_loads_qt_own_translation(desk) -> None:
    """Standard dialogs (file chooser, message boxes) speak Arabic too: qtbase_ar is installed."""
    from PySide6.QtCore import QCoreApplication

    desk.apply_language("ar")
    try:
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") != "Cancel"
        assert desk.qt_app.layoutDirection() == Qt.LayoutDirection.RightToLeft
    finally:
        desk.apply_language("en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_first_run_in_egypt_gives_arabic_indic_digits(qapp, db, tmp_path: Path) -> None:
    """Issue 16: Egypt, Saudi Arabia and the Gulf write ١٢٣; the profile starts so, and the
    Settings form shows it (the user may choose Latin digits there)."""
    from ui.dialogs.first_run import FirstRunDialog

    app = Application(qapp, db, Preferences(tmp_path / "prefs.ini"))
    dialog = FirstRunDialog(app.context)
    select_data(dialog.language, "ar")
    type_text(dialog.name, "جمعية رسالة")
    select_data(dialog.country, "EG")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.result() == dialog.DialogCode.Accepted
    with db.reading() as session:
        assert association.get(session).arabic_digits == "arabic-indic"
    from ui.pages.settings import ProfileForm

    form = ProfileForm(app.context)
    assert form.arabic_digits.currentData() == "arabic-indic"
    assert form.value().arabic_digits == "arabic-indic"
