"""How the journal (audit trail) reads to a person: names of record types, actions and fields,
and stored values written out (amounts with their currency, dates, yes/no, coded values).

Kept apart from the queries (services.journal) so documents such as the subject-access export can
describe an event the same way the Journal page does.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from assocdesk import labels
from assocdesk.i18n import N_, _, list_separator
from assocdesk.text.locales import format_date, format_datetime, format_number
from assocdesk.text.money import format_money

RECORD_TYPES: dict[str, str] = {
    "contacts": N_("Contact"),
    "memberships": N_("Membership"),
    "volunteer_profiles": N_("Volunteer"),
    "volunteer_assignments": N_("Volunteer on an activity"),
    "donations": N_("Donation"),
    "campaigns": N_("Campaign"),
    "activities": N_("Activity"),
    "activity_photos": N_("Activity photo"),
    "association_profile": N_("Association"),
    "skills": N_("Skill"),
    "dues_payments": N_("Dues payment"),
    "dues_fees": N_("Dues fee"),
}

ACTIONS: dict[str, str] = {
    "create": N_("Created"),
    "update": N_("Changed"),
    "archive": N_("Archived"),
    "restore": N_("Restored"),
    "void": N_("Voided"),
    "print": N_("Receipt printed"),
    "issue": N_("Receipt issued (not printed here)"),
    "anonymize": N_("Made anonymous"),
    "erase": N_("Personal data erased"),
    "delete": N_("Removed"),
    "import": N_("Imported"),
    "merge": N_("Merged"),
}

FIELDS: dict[str, str] = {
    # contacts
    "kind": N_("Person or organization"),
    "name": N_("Name"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "address": N_("Address"),
    "city": N_("City"),
    "country": N_("Country code"),
    "preferred_language": N_("Preferred language"),
    "is_minor": N_("Minor (under 18)"),
    "date_of_birth": N_("Date of birth"),
    "gender": N_("Title (Mr, Mrs)"),
    "id_kind": N_("Identity document"),
    "id_number": N_("Identity number"),
    "cheque_number": N_("Cheque number"),
    "bank": N_("Bank"),
    "valued_by": N_("Valued by"),
    "gift_form": N_("Form of the gift"),
    "consent_publish_name": N_("Agrees to have their name published"),
    "consent_publish_photo": N_("Agrees to have their photo published"),
    "consent_contact": N_("May be contacted (messages, reminders)"),
    "consent_publish_name_at": N_("Consent to publish the name, dated"),
    "consent_publish_photo_at": N_("Consent to publish the photo, dated"),
    "consent_contact_at": N_("Consent to be contacted, dated"),
    "notes": N_("Notes"),
    "archived_at": N_("Archived on"),
    "erased_at": N_("Erased on"),
    # memberships, volunteers
    "contact_id": N_("Contact"),
    "number": N_("Membership no."),
    "category": N_("Category"),
    "joined_on": N_("Joined on"),
    "left_on": N_("Left on"),
    "availability": N_("Available on"),
    "since": N_("Volunteer since"),
    "skills": N_("Skills"),
    "activity_id": N_("Activity"),
    "role": N_("Role"),
    "minutes": N_("Minutes"),
    "attended": N_("Came"),
    "skill_id": N_("Role filled"),
    "languages": N_("Languages spoken"),
    "preferred_types": N_("Preferred activities"),
    "merged": N_("Merged skill"),
    # donations
    "donated_on": N_("Date"),
    "amount_minor": N_("Amount"),
    "currency": N_("Currency"),
    "method": N_("Method"),
    "in_kind_description": N_("What was given"),
    "campaign_id": N_("Campaign"),
    "receipt_year": N_("Receipt year"),
    "receipt_seq": N_("Receipt sequence"),
    "receipt_number": N_("Receipt no."),
    "status": N_("Status"),
    "void_reason": N_("Reason for voiding"),
    "voided_at": N_("Voided on"),
    "receipt_issued_at": N_("Receipt issued on"),
    "receipt_prints": N_("Prints of the receipt"),
    "replaces_id": N_("Replaces donation"),
    # dues
    "membership_id": N_("Member"),
    "period_year": N_("Dues for the year"),
    "paid_on": N_("Date of payment"),
    "year": N_("Year"),
    # campaigns, activities
    "description": N_("Description"),
    "goal_minor": N_("Goal"),
    "starts_on": N_("Starts on"),
    "ends_on": N_("Ends on"),
    "title": N_("Title"),
    "type": N_("Type"),
    "starts_at": N_("Starts at"),
    "ends_at": N_("Ends at"),
    "place": N_("Place"),
    "beneficiaries_count": N_("Beneficiaries"),
    "beneficiary_groups": N_("Beneficiary groups"),
    "cost_minor": N_("Cost"),
    "hashtags": N_("Hashtags"),
    # activity photos
    "file_name": N_("File name"),
    "caption": N_("Caption"),
    "shows_minors": N_("Shows minors (under 18)"),
    "consent_obtained": N_("Consent to publish obtained"),
    "sha256": N_("Content fingerprint"),
    "extension": N_("File type"),
    "roles": N_("Roles needed"),
    # association profile
    "name_ar": N_("Name in Arabic"),
    "name_fr": N_("Name in French"),
    "name_en": N_("Name in English"),
    "registration_number": N_("Registration number"),
    "website": N_("Website"),
    "logo_path": N_("Logo"),
    "default_currency": N_("Default currency"),
    "default_language": N_("Default language"),
    "fiscal_year_start_month": N_("First month of the financial year"),
    "receipt_prefix": N_("Receipt prefix"),
    "receipt_paper": N_("Receipt paper"),
    "document_font": N_("Document font"),
    "treasurer_name": N_("Treasurer"),
    "president_name": N_("President"),
}

AMOUNT_FIELDS = frozenset({"amount_minor", "goal_minor", "cost_minor"})
CODED_FIELDS = {
    "kind": "contact_kind",
    "method": "donation_method",
    "type": "activity_type",
}
STATUS_KIND = {
    "donations": "donation_status",
    "activities": "activity_status",
    "dues_payments": "donation_status",  # recorded / voided, the same words
}
LINKED = {
    "contact_id": "contacts",
    "campaign_id": "campaigns",
    "activity_id": "activities",
    "membership_id": "memberships",
}
PLAIN_NUMBERS = frozenset(
    {"receipt_year", "receipt_seq", "fiscal_year_start_month", "period_year", "year"}
)
LANGUAGE_NAMES = {"ar": "العربية", "fr": "Français", "en": "English"}
EMPTY = "—"
MAX_SHOWN = 120  # characters of a long text shown in one table cell


def record_type_label(entity_type: str) -> str:
    return _(RECORD_TYPES.get(entity_type, entity_type))


def action_label(action: str) -> str:
    return _(ACTIONS.get(action, action))


def field_label(field: str) -> str:
    return _(FIELDS.get(field, field))


# Moments the app stamps in UTC (SQLite gives them back without a time zone). Activities'
# starts_at/ends_at are wall-clock times as typed and are shown as they are.
UTC_MOMENTS = frozenset(
    {
        "archived_at",
        "erased_at",
        "voided_at",
        "receipt_issued_at",
        "consent_publish_name_at",
        "consent_publish_photo_at",
        "consent_contact_at",
    }
)


def as_local(moment: datetime) -> datetime:
    """A stored UTC moment (naive or not) on this computer's clock."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone()


def _date_text(field: str, value: str, locale: str) -> str:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return value
    if len(value) <= 10:
        return format_date(date(parsed.year, parsed.month, parsed.day), locale)
    if field in UTC_MOMENTS:
        parsed = as_local(parsed)
    return format_datetime(parsed, locale)


def value_text(
    entity_type: str,
    field: str,
    value: Any,
    *,
    locale: str,
    currency: str | None = None,
    names: dict[tuple[str, int], str] | None = None,
) -> str:
    """One stored value as a person reads it; ``names`` resolves linked records' ids."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field in AMOUNT_FIELDS and isinstance(value, int) and currency:
        return format_money(value, currency, locale)
    if field in CODED_FIELDS and isinstance(value, str):
        return labels.label(CODED_FIELDS[field], value)
    if field == "status" and entity_type in STATUS_KIND and isinstance(value, str):
        return labels.label(STATUS_KIND[entity_type], value)
    if field in ("preferred_language", "default_language"):
        return LANGUAGE_NAMES.get(str(value), str(value))
    if field == "availability" and isinstance(value, int):
        from assocdesk.services.volunteers import Availability

        return Availability.from_bits(value).summary() or EMPTY
    if field == "skills" and isinstance(value, list):
        return list_separator().join(map(str, value))
    if field == "beneficiary_groups" and isinstance(value, dict):
        return list_separator().join(
            f"{labels.label('beneficiary_group', code)}: {format_number(count, locale)}"
            for code, count in value.items()
        )
    if field == "roles" and isinstance(value, dict):  # an activity's volunteers wanted, by skill
        return list_separator().join(
            f"{name}: {format_number(count, locale)}" for name, count in value.items()
        )
    if field.endswith("_id") and isinstance(value, int):
        target = LINKED.get(field, "")
        found = (names or {}).get((target, value))
        return found if found else f"#{value}"
    if isinstance(value, str) and (field.endswith(("_on", "_at")) or field == "since"):
        return _date_text(field, value, locale)
    if isinstance(value, int):  # years and sequence numbers are not quantities: no grouping
        return str(value) if field in PLAIN_NUMBERS else format_number(value, locale)
    text = str(value).replace("\n", " ")
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"
