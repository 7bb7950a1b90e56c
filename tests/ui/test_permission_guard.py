"""ui/permission_guard: what a role may not do is disabled with why, and stays so."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QListWidget, QListWidgetItem, QPushButton

from assocdesk import i18n
from ui.permission_guard import guard, guard_item, may_enable, set_enabled


def test_a_forbidden_button_is_disabled_with_why_and_stays_so(qapp: QApplication) -> None:
    void = QPushButton("Void")
    assert not guard(void, "secretary", "void_receipt")
    assert not void.isEnabled() and not may_enable(void)
    assert void.toolTip().startswith("Only the treasurer voids")
    assert void.toolTip().endswith("You are signed in as: Secretary.")
    set_enabled(void, True)  # a selection appeared: the role's refusal stays
    assert not void.isEnabled()


@pytest.mark.parametrize("role", [None, "owner", "treasurer"])
def test_an_allowed_action_is_left_alone(qapp: QApplication, role: str | None) -> None:
    void = QAction("Void")
    void.setToolTip("Void the selected donation's receipt")
    assert guard(void, role, "void_receipt")
    assert void.isEnabled() and may_enable(void)
    assert void.toolTip() == "Void the selected donation's receipt"
    set_enabled(void, False)
    assert not void.isEnabled()
    set_enabled(void, True)
    assert void.isEnabled()


def test_a_page_the_role_may_not_open(qapp: QApplication) -> None:
    navigation = QListWidget()
    donations = QListWidgetItem("Donations", navigation)
    contacts = QListWidgetItem("Contacts", navigation)
    assert not guard_item(donations, "data_entry", "see_amounts")
    assert guard_item(contacts, "data_entry", "edit_contacts")
    assert not donations.flags() & Qt.ItemFlag.ItemIsEnabled
    assert contacts.flags() & Qt.ItemFlag.ItemIsEnabled
    assert "see the amounts" in donations.toolTip()


def test_the_reason_is_in_the_persons_language(qapp: QApplication) -> None:
    i18n.set_language("fr")
    try:
        button = QPushButton()
        guard(button, "board", "record_donation")
        assert button.toolTip() == (
            "Seuls le secrétaire et le trésorier enregistrent et modifient les dons. "
            "Votre rôle : Membre du bureau."
        )
    finally:
        i18n.set_language("en")
