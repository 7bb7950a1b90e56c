"""Human names of stored codes (donation methods, statuses, activity types …), in any language.

Shared by the app, the documents and the posts, so a method is called the same everywhere.
"""

from __future__ import annotations

from assocdesk.i18n import N_, _, translate_in
from assocdesk.models import (
    ActivityStatus,
    ActivityType,
    BeneficiaryGroup,
    ContactKind,
    DonationMethod,
    DonationStatus,
)

LABELS: dict[str, dict[str, str]] = {
    "contact_kind": {
        ContactKind.PERSON: N_("Person"),
        ContactKind.ORGANIZATION: N_("Organization"),
    },
    "donation_method": {
        DonationMethod.CASH: N_("Cash"),
        DonationMethod.CHEQUE: N_("Cheque"),
        DonationMethod.TRANSFER: N_("Bank transfer"),
        DonationMethod.MOBILE_MONEY: N_("Mobile money"),
        DonationMethod.IN_KIND: N_("In-kind donation"),
    },
    "donation_status": {
        DonationStatus.RECORDED: N_("Recorded"),
        DonationStatus.VOID: N_("Voided"),
    },
    "activity_type": {
        ActivityType.FOOD_BASKETS: N_("Food baskets"),
        ActivityType.SCHOOL_KITS: N_("School kits"),
        ActivityType.TRAINING: N_("Training"),
        ActivityType.HEALTH: N_("Health"),
        ActivityType.AWARENESS: N_("Awareness"),
        ActivityType.CLEAN_UP: N_("Clean-up"),
        ActivityType.CULTURAL: N_("Culture and leisure"),
        ActivityType.MEETING: N_("Meeting"),
        ActivityType.OTHER: N_("Other"),
    },
    "activity_status": {
        ActivityStatus.PLANNED: N_("Planned"),
        ActivityStatus.DONE: N_("Done"),
        ActivityStatus.CANCELLED: N_("Cancelled"),
    },
    "beneficiary_group": {
        BeneficiaryGroup.CHILDREN: N_("Children"),
        BeneficiaryGroup.WOMEN: N_("Women"),
        BeneficiaryGroup.ELDERLY: N_("Elderly people"),
        BeneficiaryGroup.FAMILIES: N_("Families"),
        BeneficiaryGroup.DISABILITIES: N_("People with disabilities"),
        BeneficiaryGroup.OTHER: N_("Other"),
    },
}


def label(kind: str, code: str, language: str | None = None) -> str:
    """The name of ``code`` in the current language (or ``language``); the code if unknown."""
    text = LABELS[kind].get(code, code)
    return translate_in(language, text) if language else _(text)


def choices(kind: str) -> list[tuple[str, str]]:
    """(code, translated name) pairs for a combo box, in declaration order."""
    return [(code, _(text)) for code, text in LABELS[kind].items()]
