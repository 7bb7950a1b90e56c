"""The subject-access document: everything held about one person, as a PDF they can read.

The same content as the JSON export (assocdesk.services.privacy.subject_access), laid out with the
shared document foundation (letterhead, mirrored tables, shaped Arabic) in the app's current
language, since field names and values are written out by assocdesk.journal_labels, as on the
Journal page.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from assocdesk import journal_labels
from assocdesk.i18n import current_language
from assocdesk.reports.bidi_text import isolate
from assocdesk.reports.layout import MUTED, Setup, build, gap
from assocdesk.services import association, contacts, journal, privacy
from assocdesk.text.locales import format_date, format_datetime, format_number
from assocdesk.text.money import to_minor

CONTACT_FIELDS = (
    "kind",
    "name",
    "phone",
    "email",
    "address",
    "city",
    "country",
    "preferred_language",
    "is_minor",
    "date_of_birth",
    "gender",
    "id_kind",
    "id_number",
    "consent_publish_name",
    "consent_publish_name_at",
    "consent_publish_photo",
    "consent_publish_photo_at",
    "consent_contact",
    "consent_contact_at",
    "notes",
    "archived_at",
)


def render_subject_access(session: Session, contact_id: int, now: datetime | None = None) -> bytes:
    now = now or datetime.now(UTC)
    data = privacy.subject_access(session, contact_id, now)
    setup = Setup.for_language(current_language(), association.get(session))
    t, locale = setup.t, setup.locale
    name = contacts.display_name(contacts.get(session, contact_id))
    width = setup.frame_width

    def value(entity_type: str, field: str, raw: Any) -> str:
        return journal_labels.value_text(entity_type, field, raw, locale=locale)

    def fields_table(entity_type: str, values: dict[str, Any], fields: tuple[str, ...]) -> Flowable:
        rows = [
            [
                journal_labels.field_label(f),
                isolate(value(entity_type, f, values.get(f)), setup.rtl),
            ]
            for f in fields
            if f in values
        ]
        return setup.table([t("Field"), t("Value")], rows, [width * 0.38, width * 0.62])

    def section(title: str) -> list[Flowable]:
        return [gap(4 * mm), setup.text(title, 12.5, bold=True, space_after=2)]

    title = t("Personal data held about {name}").format(name=name)
    story: list[Flowable] = [*setup.heading(), gap(3 * mm), setup.title(title)]
    story.append(
        setup.text(
            t("Produced on {date} at the person's request (right of access).").format(
                date=format_date(journal_labels.as_local(now).date(), locale)
            ),
            9.5,
            align="center",
            color=MUTED,
        )
    )
    story += section(t("Contact"))
    story.append(fields_table("contacts", data["contact"], CONTACT_FIELDS))

    if data["membership"]:
        story += section(t("Membership"))
        story.append(
            fields_table(
                "memberships", data["membership"], ("number", "category", "joined_on", "left_on")
            )
        )
        if data["dues"]:
            rows = [
                [
                    str(d["year"]),
                    setup.money(to_minor(Decimal(d["amount"]), d["currency"]), d["currency"]),
                    value("dues", "paid_on", d["paid_on"]),
                ]
                for d in data["dues"]
            ]
            story.append(gap(2 * mm))
            story.append(setup.table([t("Dues"), t("Amount"), t("Date")], rows, [width / 3] * 3))

    if data["volunteer"]:
        story += section(t("Volunteer"))
        story.append(
            fields_table(
                "volunteer_profiles", data["volunteer"], ("skills", "availability", "since")
            )
        )
        if data["assignments"]:
            rows = [
                [
                    a["activity"] or "—",
                    value("activities", "starts_at", a["starts_at"]),
                    a["role"] or "—",
                    format_number(a["minutes"], locale),
                ]
                for a in data["assignments"]
            ]
            story.append(gap(2 * mm))
            story.append(
                setup.table(
                    [t("Activity"), t("Starts at"), t("Role"), t("Minutes")],
                    rows,
                    [width * 0.4, width * 0.25, width * 0.2, width * 0.15],
                    (3,),
                )
            )

    story += section(t("Donations"))
    if data["donations"]:
        rows = [
            [
                d["receipt_number"],
                value("donations", "donated_on", d["donated_on"]),
                setup.money(to_minor(Decimal(d["amount"]), d["currency"]), d["currency"]),
                value("donations", "method", d["method"]),
                d["campaign"] or "—",
                value("donations", "status", d["status"]),
            ]
            for d in data["donations"]
        ]
        widths = [0.18, 0.15, 0.19, 0.16, 0.18, 0.14]
        story.append(
            setup.table(
                [t("Receipt"), t("Date"), t("Amount"), t("Method"), t("Campaign"), t("Status")],
                rows,
                [width * w for w in widths],
                (2,),
                size=8.5,
            )
        )
    else:
        story.append(setup.text(t("No donations."), 10))

    story += section(t("Journal"))
    events = journal.rows(session, privacy.event_ids(session, contact_id), current_language())
    rows = []
    for event in events:
        when = format_datetime(journal_labels.as_local(event.occurred_at), locale)
        what = journal_labels.action_label(event.action)
        record = journal_labels.record_type_label(event.entity_type)
        changes = journal.changes(event, locale) or [None]
        for number, change in enumerate(changes):  # a line per field: no arrow (not in Amiri)
            event_cells = [when, what, record] if number == 0 else ["", "", ""]
            if change is None:
                rows.append([*event_cells, "—", "—", "—"])
            else:
                rows.append([*event_cells, change.label, change.before, change.after])
    story.append(
        setup.table(
            [t("When"), t("Action"), t("Record"), t("Field"), t("Before"), t("After")],
            rows,
            [width * w for w in (0.17, 0.11, 0.13, 0.19, 0.2, 0.2)],
            size=7.5,
        )
    )
    return build(setup, story, title=title, footer=title)
