"""Why two contacts may be one person, in words: shown by the finder (ui.dialogs) and by the
hint under a contact form (ui.widgets), so it lives below both."""

from __future__ import annotations

from assocdesk.i18n import N_, _, list_separator

REASONS = {
    "name": N_("Same name"),
    "script": N_("Same name in another script"),
    "phone": N_("Same phone"),
    "email": N_("Same e-mail"),
}


def reasons_text(reasons: tuple[str, ...]) -> str:
    return list_separator().join(_(REASONS[r]) for r in reasons)
