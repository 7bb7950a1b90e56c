"""The volunteering certificate: a volunteer's activities and hours of one year, signed by the
president.

Its language is the one asked for, else the volunteer's preferred language, else the
association's (the receipt's rule). Only activities the volunteer came to count, in the calendar
year they started (services.hours); a year without any is refused, since a certificate of nothing
is not one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from assocdesk.i18n import _
from assocdesk.reports.bidi_text import isolate
from assocdesk.reports.layout import MUTED, Setup, build, fold_gaps, gap
from assocdesk.reports.receipt import document_language
from assocdesk.services import association, contacts, hours
from assocdesk.services.errors import ValidationError
from assocdesk.services.hours import VolunteeredActivity
from assocdesk.text.locales import format_number


@dataclass(frozen=True)
class CertificateData:
    name: str
    preferred_language: str | None
    year: int
    lines: tuple[VolunteeredActivity, ...]

    @property
    def minutes(self) -> int:
        return sum(line.minutes for line in self.lines)


def certificate_data(session: Session, contact_id: int, year: int) -> CertificateData:
    """What the certificate states; refused (ValidationError on "year") for an empty year."""
    contact = contacts.get(session, contact_id)
    lines = tuple(hours.volunteered_in(session, contact_id, year))
    name = contacts.display_name(contact)
    if not lines:
        raise ValidationError(
            "year",
            _("{name} has no volunteering recorded in {year}.").format(name=name, year=year),
        )
    return CertificateData(name, contact.preferred_language, year, lines)


def render_certificate(
    session: Session,
    contact_id: int,
    year: int,
    *,
    language: str | None = None,
    issued_on: date | None = None,
) -> bytes:
    data = certificate_data(session, contact_id, year)
    profile = association.get(session)
    setup = Setup.for_language(
        document_language(language, data.preferred_language, profile), profile
    )
    president = profile.president_name if profile else ""
    return certificate_pdf(setup, data, president, issued_on or date.today())


def certificate_title(setup: Setup, data: CertificateData) -> str:
    return setup.t("Volunteering certificate {year}").format(year=data.year)


def certificate_pdf(setup: Setup, data: CertificateData, president: str, issued_on: date) -> bytes:
    title = certificate_title(setup, data)
    return build(
        setup,
        certificate_story(setup, data, president, issued_on),
        title=f"{title} — {data.name}",
        footer=f"{setup.letterhead.name} — {title}",
    )


def _hours(setup: Setup, minutes: int) -> str:
    return format_number(hours.as_hours(minutes), setup.locale)


def certificate_story(
    setup: Setup, data: CertificateData, president: str, issued_on: date
) -> list[Flowable]:
    t, rtl = setup.t, setup.rtl
    story: list[Flowable] = [
        *setup.heading(),
        gap(8 * mm),
        setup.title(certificate_title(setup, data)),
        gap(8 * mm),
    ]
    association_name = setup.letterhead.name or t("The association")
    statement = (
        t(
            "{association} certifies that {name} volunteered with the association in {year}, "
            "taking part in one activity for a total of {hours} hours."
        )
        if len(data.lines) == 1  # no "1 activities" (the catalogs have no plural forms)
        else t(
            "{association} certifies that {name} volunteered with the association in {year}, "
            "taking part in {count} activities for a total of {hours} hours."
        )
    ).format(
        association=isolate(association_name, rtl),
        name=isolate(data.name, rtl),
        year=data.year,
        count=format_number(len(data.lines), setup.locale),
        hours=_hours(setup, data.minutes),
    )
    story += [setup.text(statement, 11.5, space_after=8), gap(2 * mm)]
    width = setup.frame_width
    rows = [
        (
            setup.date(line.starts_at.date()),
            line.title,
            line.role,
            _hours(setup, line.minutes),
        )
        for line in data.lines
    ]
    rows.append(("", t("Total"), "", _hours(setup, data.minutes)))
    story.append(
        setup.table(
            (t("Date"), t("Activity"), t("Role"), t("Hours")),
            rows,
            (width * 0.17, width * 0.47, width * 0.22, width * 0.14),
            numeric=(3,),
            total_row=True,
        )
    )
    story += [
        gap(6 * mm),
        setup.text(t("We thank them warmly for the time and care they gave to others."), 10.5),
    ]
    story += _signature(setup, president, issued_on)
    return fold_gaps(story)


def _signature(setup: Setup, president: str, issued_on: date) -> list[Flowable]:
    t = setup.t
    story: list[Flowable] = [
        gap(10 * mm),
        *setup.signature(issued_on, t("The president"), president),
    ]
    story.append(gap(18 * mm))
    story.append(setup.text(t("Signature and stamp"), 8.5, color=MUTED, align="end"))
    return story
