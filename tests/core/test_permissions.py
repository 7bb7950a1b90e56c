"""What the window offers each role (services/permissions), kept in step with the server's grants
(storage/server_roles): a role offered an action is granted what the action writes, and a role
refused one is not. No database here: both are tables."""

from __future__ import annotations

import pytest

from assocdesk import i18n
from assocdesk.services import permissions
from assocdesk.services.permissions import ACTIONS, can, role_label, why_not
from assocdesk.storage.server_roles import NO_ROLE, OWNER, PRIVILEGES, ROLES, VOIDING_ROLE

# action → (table, privilege) the server must grant a role that may do it
WRITES = {
    "edit_contacts": ("contacts", "UPDATE"),
    "merge_contacts": ("contacts", "DELETE"),
    "erase_person": ("audit_events", "UPDATE"),
    "edit_activities": ("activities", "INSERT"),
    "edit_volunteers": ("volunteer_profiles", "INSERT"),
    "edit_campaigns": ("campaigns", "INSERT"),
    "record_donation": ("donations", "INSERT"),
    "record_dues": ("dues_payments", "INSERT"),
    "print_receipt": ("receipt_chain_links", "INSERT"),
    "see_amounts": ("donations", "SELECT"),
    "print_documents": ("donations", "SELECT"),
    "export": ("donations", "SELECT"),
    "back_up": ("donations", "SELECT"),
    "import": ("import_mappings", "INSERT"),
    "write_posts": ("post_history", "INSERT"),
}


@pytest.mark.parametrize("role", ROLES)
def test_the_window_offers_what_the_server_grants(role: str) -> None:
    for action, (table, privilege) in WRITES.items():
        granted = privilege in PRIVILEGES[table].get(role, ())
        assert can(role, action) is granted, (role, action)
    assert can(role, "void_receipt") is (role == VOIDING_ROLE)
    # The settings are the administrator's: no role may write the profile.
    assert PRIVILEGES["association_profile"][role] == ("SELECT",)
    assert not can(role, "edit_settings") and not can(role, "manage_officers")


def test_a_file_and_the_administrator_may_do_everything_a_login_without_role_nothing() -> None:
    assert set(WRITES) | {"void_receipt", "edit_settings", "manage_officers", "restore"} == set(
        ACTIONS
    )
    for action in ACTIONS:
        assert can(None, action) and why_not(None, action) == ""
        assert can(OWNER, action) and why_not(OWNER, action) == ""
        assert not can(NO_ROLE, action)
        assert "no role" in why_not(NO_ROLE, action)


def test_the_roles_as_the_issue_says() -> None:
    assert [a for a in ACTIONS if can("board", a)] == [
        "see_amounts",
        "print_documents",
        "export",
        "back_up",
    ]
    assert not can("data_entry", "see_amounts") and can("data_entry", "edit_activities")
    assert can("secretary", "record_donation") and not can("secretary", "void_receipt")
    assert can("treasurer", "void_receipt") and not can("treasurer", "edit_activities")


def test_why_not_says_who_may_and_who_you_are() -> None:
    assert why_not("treasurer", "void_receipt") == ""
    words = why_not("secretary", "void_receipt")
    assert words.startswith("Only the treasurer") and words.endswith("signed in as: Secretary.")
    with pytest.raises(KeyError):
        can("secretary", "launch_rockets")


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_every_reason_and_role_is_translated(language: str) -> None:
    i18n.set_language(language)
    try:
        for role in (*ROLES, NO_ROLE):
            label = role_label(role)
            assert label and label not in ("Secretary", "Treasurer", "Board member", "No role")
            for action in ACTIONS:
                words = why_not(role, action)
                assert (words == "") is can(role, action)
                assert "Only the" not in words and "signed in" not in words
        for rule in permissions.RULES.values():
            assert i18n._(rule.who) != rule.who
    finally:
        i18n.set_language("en")
