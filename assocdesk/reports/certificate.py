"""The volunteering certificate: a volunteer's activities and hours of one year, signed by the
president.

Its language is the one asked for, else the volunteer's preferred language, else the
association's (the receipt's rule). Only activities the volunteer came to count, in the calendar
year they started (services.hours); a year without any is refused, since a certificate of nothing
is not one.

The volunteer is named with their title (Mme, السيدة) when their gender is known. Arabic verbs
agree with it («تطوّعت … وشاركت», «تطوّع … وشارك»); unknown, the sentence is built on verbal
nouns («تشهد الجمعية بتطوّع فلان … بالمشاركة في …») so that no word agrees with the volunteer
and none can be wrong. These Arabic sentences are written here by hand, per gender (like
text.civility), since the catalog has one message per English sentence; French and English
are already neutral there ("a été bénévole … en participant à"). The president signs under a
title agreeing with her or his gender (Setup.signer), beside a stamp box.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from assocdesk.i18n import _
from assocdesk.posts.wording import french_the
from assocdesk.reports.bidi_text import isolate
from assocdesk.reports.layout import Setup, build, fold_gaps, gap
from assocdesk.reports.page_flow import KeepEnd
from assocdesk.reports.receipt import document_language
from assocdesk.reports.signature import signature_block
from assocdesk.services import association, contacts, hours
from assocdesk.services.errors import ValidationError
from assocdesk.services.hours import VolunteeredActivity
from assocdesk.text.civility import FEMALE, MALE, with_civility

# The Arabic statement by the volunteer's gender (None: unknown) and by one activity or more.
# The counts are written «عددها {count}» and «بلغ {hours}» so that no noun agrees with a number.
ARABIC_STATEMENTS: dict[str | None, tuple[str, str]] = {
    FEMALE: (
        "تشهد {association} بأن {name} تطوّعت في الجمعية خلال سنة {year}، وشاركت في نشاط واحد، "
        "بمجموع ساعات بلغ {hours}.",
        "تشهد {association} بأن {name} تطوّعت في الجمعية خلال سنة {year}، وشاركت في أنشطة "
        "عددها {count}، بمجموع ساعات بلغ {hours}.",
    ),
    MALE: (
        "تشهد {association} بأن {name} تطوّع في الجمعية خلال سنة {year}، وشارك في نشاط واحد، "
        "بمجموع ساعات بلغ {hours}.",
        "تشهد {association} بأن {name} تطوّع في الجمعية خلال سنة {year}، وشارك في أنشطة "
        "عددها {count}، بمجموع ساعات بلغ {hours}.",
    ),
    None: (
        "تشهد {association} بتطوّع {name} في الجمعية خلال سنة {year}، بالمشاركة في نشاط واحد، "
        "بمجموع ساعات بلغ {hours}.",
        "تشهد {association} بتطوّع {name} في الجمعية خلال سنة {year}، بالمشاركة في أنشطة "
        "عددها {count}، بمجموع ساعات بلغ {hours}.",
    ),
}


@dataclass(frozen=True)
class CertificateData:
    name: str
    preferred_language: str | None
    year: int
    lines: tuple[VolunteeredActivity, ...]
    gender: str | None = None

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
    gender = contact.gender if contact.gender in (FEMALE, MALE) else None
    return CertificateData(name, contact.preferred_language, year, lines, gender)


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
    return setup.number(hours.as_hours(minutes))


def statement_template(setup: Setup, data: CertificateData) -> str:
    """The certifying sentence with its blanks, agreeing with the volunteer in Arabic."""
    one = len(data.lines) == 1  # no "1 activities" (the catalogs have no plural forms)
    if setup.language == "ar":
        return ARABIC_STATEMENTS[data.gender][0 if one else 1]
    t = setup.t
    return (
        t(
            "{association} certifies that {name} volunteered with the association in {year}, "
            "taking part in one activity for a total of {hours} hours."
        )
        if one
        else t(
            "{association} certifies that {name} volunteered with the association in {year}, "
            "taking part in {count} activities for a total of {hours} hours."
        )
    )


def association_subject(setup: Setup) -> str:
    """The association as the subject opening a sentence: "L'Association Al Amal" in French."""
    name = setup.letterhead.name
    if not name:
        return setup.t("The association")
    if setup.language == "fr":
        name = french_the(name)
        return name[:1].upper() + name[1:]
    return name


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
    name = with_civility(data.name, data.gender, setup.language)
    statement = statement_template(setup, data).format(
        association=isolate(association_subject(setup), rtl),
        name=isolate(name, rtl),
        year=data.year,
        count=setup.number(len(data.lines)),
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
    table = setup.table(
        (t("Date"), t("Activity"), t("Role"), t("Hours")),
        rows,
        (width * 0.17, width * 0.47, width * 0.22, width * 0.14),
        numeric=(3,),
        total_row=True,
    )
    thanks = setup.text(t("We thank them warmly for the time and care they gave to others."), 10.5)
    thanks.spaceBefore = 6 * mm
    # The total, the thanks and the signature never start a page alone.
    tail = [thanks, *_signature(setup, president, issued_on)]
    return [*fold_gaps(story), KeepEnd(table, tail)]


def _signature(setup: Setup, president: str, issued_on: date) -> list[Flowable]:
    """The president's signature block (title agreeing with the president's gender)."""
    return [
        signature_block(
            setup, issued_on, setup.signer("president"), president, space_before=10 * mm
        )
    ]
