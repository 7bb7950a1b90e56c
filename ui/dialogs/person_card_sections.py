"""The tabs of the person card, each built from a read PersonStory (plain values, no database).

Kept apart from the window (ui.dialogs.person_card), which loads the story, offers the documents
and keeps one card per person: these functions only turn values into widgets, in the app's
language and locale, every name, number and amount isolated so it reads whole in either
direction.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from assocdesk import journal_labels, labels
from assocdesk.i18n import N_, _, current_language, list_separator, ngettext
from assocdesk.posts.history import excerpt
from assocdesk.posts.occasions import OCCASION_LABELS
from assocdesk.posts.platforms import UnknownPlatform, get_platform
from assocdesk.services import dues_status
from assocdesk.services.contacts import id_kind_label
from assocdesk.services.hours import as_hours
from assocdesk.services.person_story import Bounded, PersonStory
from assocdesk.text.bidi import format_isolated, isolate, isolate_auto, isolate_ltr
from assocdesk.text.locales import country_names, format_date, format_datetime, format_number
from assocdesk.text.money import format_money
from ui import theme
from ui.dialogs.contact_fields import consent_date_text
from ui.issuing import prints_label
from ui.widgets.screen_fit import FittingScrollArea
from ui.widgets.tables import table_item

# The contact form's own words for each consent (ui.dialogs.contact_fields).
CONSENT_LABELS = {
    "consent_publish_name": N_("Agrees to have their name published"),
    "consent_publish_photo": N_("Agrees to have their photo published"),
    "consent_contact": N_("May be contacted (messages, reminders)"),
}


def leading(label: QLabel) -> QLabel:
    """Set at the start of the line in the window's direction, whatever the text's: a Latin
    name or a phone number in an Arabic card starts on the right, as the Arabic lines do (Qt
    would align a label's text by its own first letter)."""
    side = QStyle.visualAlignment(QGuiApplication.layoutDirection(), Qt.AlignmentFlag.AlignLeft)
    label.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)
    return label


def muted(text: str) -> QLabel:
    label = leading(QLabel(text))
    label.setWordWrap(True)
    theme.style(label, theme.Style.MUTED)
    return label


def make_table(
    name: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[int] = (),
    stretch: int = -1,
) -> QTableWidget:
    """A read-only table of text cells, column ``stretch`` (the last) taking what room is left."""
    table = QTableWidget(len(rows), len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    for row, cells in enumerate(rows):
        for column, text in enumerate(cells):
            item = table_item(text, numeric=column in numeric)
            item.setToolTip(text)
            table.setItem(row, column, item)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch % len(headers), QHeaderView.ResizeMode.Stretch)
    return table


def bounded_note(lines: Bounded, nothing: str) -> QLabel | None:
    """What a list leaves out ("the latest 50 of 82"), or says when it is empty."""
    if lines.total == 0:
        return muted(nothing)
    if lines.more > 0:
        return muted(
            _("The latest {shown} of {total}.").format(
                shown=isolate(len(lines.lines)), total=isolate(lines.total)
            )
        )
    return None


def tab(*parts: QWidget | None) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    for part in parts:
        if part is not None:
            layout.addWidget(part)
    if not any(isinstance(part, QTableWidget) for part in parts):
        layout.addStretch(1)
    return page


# -- the person ---------------------------------------------------------------------------------
def roles_text(story: PersonStory, locale: str) -> list[str]:
    """One line per role: member (number, category, dates), volunteer (skills), donor."""
    lines = []
    if story.member is not None:
        member = story.member
        line = format_isolated(
            _("Member no. {number}, since {date}"),
            number=member.number,
            date=format_date(member.joined_on, locale),
        )
        if member.category:
            line += " · " + isolate(member.category)
        if member.left_on is not None:
            line += " · " + format_isolated(
                _("left on {date}"), date=format_date(member.left_on, locale)
            )
        lines.append(line)
    if story.volunteer is not None:
        volunteer = story.volunteer
        line = _("Volunteer")
        if volunteer.since is not None:
            line = format_isolated(
                _("Volunteer since {date}"), date=format_date(volunteer.since, locale)
            )
        if volunteer.skills:
            line += " · " + list_separator().join(isolate(s) for s in volunteer.skills)
        lines.append(line)
    if story.is_donor:
        count = story.donations.total
        lines.append(
            ngettext("Donor: {count} gift", "Donor: {count} gifts", count).format(
                count=isolate(count)
            )
        )
    return lines


def person_tab(story: PersonStory, locale: str) -> QWidget:
    person = story.identity
    body = QWidget()
    form = QFormLayout(body)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)

    def add(label: str, value: str, name: str) -> None:
        if value:
            shown = leading(QLabel(value))
            shown.setObjectName(name)
            shown.setWordWrap(True)
            form.addRow(label, shown)

    add(_("Person or organization"), labels.label("contact_kind", person.kind), "kind")
    add(_("Phone"), isolate_ltr(person.phone), "phone")
    add(_("E-mail"), isolate_ltr(person.email), "email")
    add(_("Address"), person.address, "address")
    add(_("City"), person.city, "city")
    # The country by its name in the window's language, as the contact form shows it.
    add(
        _("Country"),
        country_names(current_language()).get(person.country, person.country),
        "country",
    )
    born = format_date(person.date_of_birth, locale) if person.date_of_birth else ""
    add(_("Date of birth"), born, "date_of_birth")
    add(_("Minor"), _("Yes") if person.is_minor else "", "minor")
    if person.id_number:
        document = f"{id_kind_label(person.id_kind)} {isolate_ltr(person.id_number)}".strip()
        add(_("Identity document"), document, "identity_document")
    add(_("Notes"), person.notes, "notes")
    for consent in person.consents:
        answer = _("Yes") if consent.given else _("No")
        dated = consent_date_text(consent.given, consent.at, locale)
        add(_(CONSENT_LABELS[consent.key]), f"{answer} — {dated}" if dated else answer, consent.key)
    area = FittingScrollArea()
    area.setObjectName("person_area")
    area.setWidget(body)
    return tab(area)


# -- money ------------------------------------------------------------------------------------
def donation_status(status: str, prints: int) -> str:
    if status != "recorded":
        return labels.label("donation_status", status)
    return prints_label(prints) if prints else _("Receipt not printed")


def donations_tab(story: PersonStory, locale: str) -> QWidget:
    rows = [
        (
            isolate_ltr(line.receipt_number),
            format_date(line.donated_on, locale),
            format_money(line.amount_minor, line.currency, locale),
            labels.label("donation_method", line.method),
            line.campaign or "",
            donation_status(line.status, line.receipt_prints),
        )
        for line in story.donations.lines
    ]
    headers = (_("Receipt no."), _("Date"), _("Amount"), _("Method"), _("Campaign"), _("Status"))
    table = make_table("donations", headers, rows, numeric=(2,), stretch=4) if rows else None
    total = None
    if story.donation_totals:
        money = " + ".join(
            format_money(minor, currency, locale) for currency, minor in story.donation_totals
        )
        total = leading(QLabel(_("Total given (void gifts left out): {total}").format(total=money)))
        total.setObjectName("donation_total")
    return tab(total, table, bounded_note(story.donations, _("No donations recorded.")))


def dues_tab(story: PersonStory, locale: str) -> QWidget:
    if story.member is None:
        return tab(muted(_("Not a member: no dues.")))

    def money(minor: int | None, currency: str | None) -> str:
        return format_money(minor, currency, locale) if minor is not None and currency else "—"

    years = make_table(
        "dues_years",
        (_("Year"), _("Status"), _("Fee"), _("Paid"), _("Still due")),
        [
            (
                isolate(y.year),
                dues_status.status_label(y.status),
                money(y.fee_minor, y.currency),
                money(y.paid_minor, y.currency),
                money(y.due_minor, y.currency) if y.due_minor else "",
            )
            for y in story.dues_years
        ],
        numeric=(2, 3, 4),
        stretch=1,
    )
    payments = make_table(
        "dues_payments",
        (_("Receipt no."), _("Year"), _("Date"), _("Amount"), _("Status")),
        [
            (
                isolate_ltr(p.receipt_number),
                isolate(p.period_year),
                format_date(p.paid_on, locale),
                format_money(p.amount_minor, p.currency, locale),
                donation_status(p.status, p.receipt_prints),
            )
            for p in story.payments.lines
        ],
        numeric=(3,),
        stretch=4,
    )
    note = bounded_note(story.payments, _("No dues payment recorded."))
    return tab(years, leading(QLabel(_("Payments"))), payments, note)


# -- time given, posts, journal ---------------------------------------------------------------
def platform_name(key: str) -> str:
    try:
        return get_platform(key).name
    except UnknownPlatform:  # a platform this version no longer knows: its key, as stored
        return key


def hours_text(minutes: int, locale: str) -> str:
    return format_number(as_hours(minutes), locale)


def came(status: str, attended: bool) -> str:
    """Yes / No once the activity took place; nothing to say before, or if it was cancelled."""
    if status != "done":
        return "—"
    return _("Yes") if attended else _("No")


def activities_tab(story: PersonStory, locale: str) -> QWidget:
    by_year = None
    if story.hours_by_year:
        by_year = leading(
            QLabel(
                " · ".join(
                    format_isolated(
                        ngettext(
                            "{year}: {hours} h in {count} activity",
                            "{year}: {hours} h in {count} activities",
                            y.activities,
                        ),
                        year=y.year,
                        hours=hours_text(y.minutes, locale),
                        count=y.activities,
                    )
                    for y in story.hours_by_year
                )
            )
        )
        by_year.setObjectName("hours_by_year")
        by_year.setWordWrap(True)
    rows = [
        (
            format_date(line.starts_at.date(), locale),
            line.title,
            labels.label("activity_status", line.status),
            line.role,
            came(line.status, line.attended),
            hours_text(line.minutes, locale) if line.attended else "",
        )
        for line in story.activities.lines
    ]
    headers = (_("Date"), _("Activity"), _("Status"), _("Role"), _("Came"), _("Hours"))
    table = make_table("activities", headers, rows, numeric=(5,), stretch=1) if rows else None
    return tab(by_year, table, bounded_note(story.activities, _("No activities.")))


def posts_tab(story: PersonStory, locale: str) -> QWidget:
    rows = [
        (
            format_date(post.posted_at.astimezone().date(), locale),
            platform_name(post.platform),
            _(OCCASION_LABELS.get(post.occasion, post.occasion)),
            isolate_auto(excerpt(post.text)),
        )
        for post in story.posts.lines
    ]
    headers = (_("Date"), _("Platform"), _("Occasion"), _("Text"))
    table = make_table("posts", headers, rows) if rows else None  # the text takes the room
    why = _(
        "Posts whose text names this person in full, as they went out (a post keeps no list "
        "of the people it names)."
    )
    return tab(muted(why), table, bounded_note(story.posts, _("No post named them.")))


def journal_tab(story: PersonStory, locale: str) -> QWidget:
    rows = [
        (
            format_datetime(journal_labels.as_local(line.occurred_at), locale),
            journal_labels.action_label(line.action),
            f"{journal_labels.record_type_label(line.entity_type)} {isolate(line.record)}",
            line.summary,
        )
        for line in story.journal.lines
    ]
    headers = (_("When"), _("Action"), _("Record"), _("Changes"))
    table = make_table("journal", headers, rows) if rows else None
    return tab(table, bounded_note(story.journal, _("Nothing in the journal about them.")))
