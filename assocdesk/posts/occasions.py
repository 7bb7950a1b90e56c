"""The facts of each occasion, gathered from the records and formatted for the post's language.

An occasion is a kind of news about one record: an activity (report, announcement, call for
volunteers), a campaign (progress, thanks to donors) or a year (impact summary). Its facts are
the values of the template placeholders (see PLACEHOLDERS), the key figures a post must keep,
the record's own hashtags and the content of its image card. Names pass through the privacy
guard; numbers, money and dates are formatted for the language without invisible marks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from babel.lists import format_list
from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from assocdesk.i18n import N_, _, translate_in
from assocdesk.labels import label
from assocdesk.models import (
    Activity,
    ActivityPhoto,
    ActivityStatus,
    ActivityType,
    AssociationProfile,
    Contact,
    Donation,
    DonationStatus,
    VolunteerAssignment,
)
from assocdesk.posts import formatting as fmt
from assocdesk.posts.card import CardContent, Figure
from assocdesk.posts.hashtags import split_tags
from assocdesk.posts.privacy import Guard
from assocdesk.posts.sentences import first_sentence
from assocdesk.posts.templates import OCCASIONS, RECORD_KIND
from assocdesk.posts.wording import association_forms, count_names, counts
from assocdesk.posts.wording import our_volunteers as our_volunteers_phrase
from assocdesk.services import activities, association, campaigns
from assocdesk.services.errors import NotFound
from assocdesk.storage.sql_functions import int_sum
from assocdesk.text.locales import babel_locale
from assocdesk.text.plurals import count_phrase, counted_noun

OCCASION_LABELS = {
    "activity-report": N_("Activity report"),
    "activity-announcement": N_("Activity announcement"),
    "volunteer-call": N_("Call for volunteers"),
    "activity-cancelled": N_("Cancellation notice"),
    "campaign-progress": N_("Campaign progress"),
    "donor-thanks": N_("Thank-you to donors"),
    "year-impact": N_("Yearly impact summary"),
}
_COMMON = ["association", "the_association", "of_association", "website", "phone", "email"]
_ACTIVITY = [
    "title", "date", "day", "time", "place", "description", "summary", "groups",
    "volunteer_names", "our_volunteers", "roles", "campaign", "donor_names",
    *count_names(["beneficiaries", "volunteers", "hours"]),
]  # fmt: skip
_CAMPAIGN = [
    "campaign", "description", "raised", "goal", "percent", "remaining", "gifts_count",
    "donor_names", "ends", *count_names(["donors", "gifts", "activities", "beneficiaries"]),
]  # fmt: skip
_YEAR = [
    "year",
    "raised",
    *count_names(["activities", "beneficiaries", "volunteers", "hours", "donors"]),
]
PLACEHOLDERS: dict[str, list[str]] = {
    occasion: [*{"activity": _ACTIVITY, "campaign": _CAMPAIGN, "year": _YEAR}[kind], *_COMMON]
    for occasion, kind in RECORD_KIND.items()
}


@dataclass
class Facts:
    occasion: str
    record_id: int
    language: str
    values: dict[str, str]
    key_figures: list[str]
    hashtags: list[str]  # the association's first (its own tag is tags[0]), then the record's
    guard: Guard
    card: CardContent
    record_title: str = ""
    omitted_photos: list[str] = field(default_factory=list)
    variant: str = ""  # the record's own wording, if any (templates.VARIANTS)


class _Context:
    """What every occasion needs: the profile, the locale, the guard, a translator."""

    def __init__(self, session: Session, language: str) -> None:
        self.session = session
        self.language = language
        self.profile: AssociationProfile | None = association.get(session)
        country = self.profile.country if self.profile else ""
        self.locale = babel_locale(language, country)
        self.guard = Guard()  # replaced by the record's own, on the record's date
        self.currency = self.profile.default_currency if self.profile else "MAD"

    @property
    def own_names(self) -> list[str]:
        """The association's names: never taken for a person's, whoever bears one of its words."""
        profile = self.profile
        return [profile.name_ar, profile.name_fr, profile.name_en] if profile else []

    def t(self, message: str) -> str:
        return translate_in(self.language, message)

    def number(self, value: int) -> str:
        """A count, or "" for zero (a line about nothing is left out)."""
        return fmt.number(value, self.locale) if value else ""

    def counts(self, **numbers: tuple[int, str]) -> dict[str, str]:
        """Each ``name=(n, noun)`` as counted phrases in every case (see wording.counts)."""
        return counts(self.language, self.locale, numbers)

    def figure(self, n: int, noun: str) -> Figure:
        """A number on the picture, with its noun agreeing («264» over «مستفيدًا»)."""
        phrase = count_phrase(n, noun, self.language, number=self.number(n))
        return Figure(self.number(n), counted_noun(n, noun, self.language), phrase)

    def names(self, names: list[str]) -> str:
        return fmt.post_safe(format_list(names, locale=self.locale)) if names else ""

    def common(self) -> dict[str, str]:
        profile = self.profile
        name = profile.name_in(self.language) if profile else ""
        return {
            "association": name,
            **association_forms(name, self.language),
            "website": profile.website if profile else "",
            "phone": profile.phone if profile else "",
            "email": profile.email if profile else "",
        }

    def tags(self, record_tags: str = "") -> list[str]:
        return [
            *split_tags(self.profile.hashtags if self.profile else ""),
            *split_tags(record_tags),
        ]

    def card(self, title: str, when: str, figures: list[Figure], photo: Path | None) -> CardContent:
        profile = self.profile
        tags = self.tags()
        logo = Path(profile.logo_path) if profile and profile.logo_path else None
        return CardContent(
            language=self.language,
            association=self.common()["association"],
            title=title,
            date=when,
            figures=figures,
            hashtag=tags[0] if tags else "",
            logo=logo if logo and logo.is_file() else None,
            photo=photo,
        )


def _donors(session: Session, campaign_id: int | None) -> list[Contact]:
    """Named donors of a campaign (recorded gifts), in the order of their first gift."""
    if campaign_id is None:
        return []
    first_gift = (
        select(Donation.contact_id, func.min(Donation.donated_on).label("first"))
        .where(Donation.campaign_id == campaign_id, Donation.status == DonationStatus.RECORDED)
        .where(Donation.contact_id.is_not(None))
        .group_by(Donation.contact_id)
        .subquery()
    )
    return list(
        session.scalars(
            select(Contact)
            .join(first_gift, first_gift.c.contact_id == Contact.id)
            .order_by(first_gift.c.first, Contact.id)
        )
    )


def _photo(ctx: _Context, activity_id: int, database_path: Path | None) -> Path | None:
    """The first photo of the activity that may be published; the others are reported."""
    from assocdesk.services.photos import stored_path

    chosen = None
    photos = ctx.session.scalars(
        select(ActivityPhoto)
        .where(ActivityPhoto.activity_id == activity_id)
        .order_by(ActivityPhoto.id)
    )
    for photo in photos:
        allowed = ctx.guard.photo_allowed(
            photo.file_name, photo.shows_minors, photo.consent_obtained
        )
        if allowed and chosen is None and database_path is not None:
            path = stored_path(database_path, photo.sha256, photo.extension)
            chosen = path if path.is_file() else None
    return chosen


def _activity(ctx: _Context, occasion: str, activity_id: int, database_path: Path | None) -> Facts:
    session = ctx.session
    activity: Activity = activities.get(session, activity_id)
    ctx.guard = guard = Guard.from_database(session, activity.starts_at.date(), ctx.own_names)
    assignments = list(
        session.scalars(
            select(VolunteerAssignment)
            .where(VolunteerAssignment.activity_id == activity_id)
            .order_by(VolunteerAssignment.id)
        )
    )
    volunteer_names = guard.names([a.contact for a in assignments], _("Volunteer"))
    donor_names = guard.names(_donors(session, activity.campaign_id), _("Donor"))
    volunteer_names = guard.without_homonyms(volunteer_names)
    donor_names = guard.without_homonyms(donor_names)
    minutes = sum(a.minutes for a in assignments)
    roles = list(dict.fromkeys(guard.short_text(a.role, _("Roles")) for a in assignments if a.role))
    groups = [
        (label("beneficiary_group", g.group_code, ctx.language), g.count)
        for g in activity.beneficiary_groups
        if g.count
    ]
    lower = (lambda s: s) if ctx.language == "ar" else str.lower
    date_text = fmt.long_date(activity.starts_at, ctx.locale)
    description = guard.long_text(activity.description, _("Description"))
    numbers = {
        "beneficiaries": (activity.beneficiaries_count, "beneficiary"),
        "volunteers": (len(assignments), "volunteer"),
        "hours": (round(minutes / 60), "hour"),
    }
    values = {
        **ctx.common(),
        "title": guard.short_text(activity.title, _("Title")),
        "date": date_text,
        "day": fmt.long_date(activity.starts_at, ctx.locale, weekday=True),
        "time": fmt.time_of_day(activity.starts_at, ctx.locale),
        "place": guard.short_text(activity.place, _("Place")),
        "description": description,
        "summary": first_sentence(description),
        "groups": ctx.names([f"{lower(name)} ({fmt.number(n, ctx.locale)})" for name, n in groups])
        if len(groups) > 1
        else "",
        **ctx.counts(**numbers),
        "volunteer_names": ctx.names(volunteer_names),
        "our_volunteers": our_volunteers_phrase(len(volunteer_names), ctx.language),
        "roles": ctx.names([lower(r) for r in roles]),
        "campaign": guard.short_text(activity.campaign.name, _("Campaign"))
        if activity.campaign
        else "",
        "donor_names": ctx.names(donor_names),
    }
    report = occasion == "activity-report"
    # A report keeps how many benefited (or its date); an announcement, the day it happens.
    key = [values["beneficiaries_gen"] or date_text] if report else [values["day"]]
    if report:
        figures = [ctx.figure(n, noun) for n, noun in numbers.values() if n]
    else:
        figures = [Figure(values["time"], values["place"] or values["association"])]
    photo = _photo(ctx, activity_id, database_path) if report else None
    when = date_text if report else values["day"]
    return Facts(
        occasion, activity_id, ctx.language, values, key,
        guard.tags(ctx.tags(activity.hashtags), _("Hashtags")), guard,
        ctx.card(values["title"], when, figures, photo), values["title"],
        variant="meeting" if activity.type == ActivityType.MEETING else "",
    )  # fmt: skip


def _campaign(ctx: _Context, occasion: str, campaign_id: int) -> Facts:
    session, t = ctx.session, ctx.t
    campaign = campaigns.get(session, campaign_id)
    ctx.guard = Guard.from_database(session, campaign.starts_on or date.today(), ctx.own_names)
    row = campaigns.rows(session, [campaign_id])[0]
    gifts = session.execute(
        select(
            func.count(distinct(Donation.contact_id)),
            func.count().filter(Donation.contact_id.is_(None)),
        ).where(Donation.campaign_id == campaign_id, Donation.status == DonationStatus.RECORDED)
    ).one()
    donors_count = int(gifts[0] or 0) + int(gifts[1] or 0)
    funded = session.execute(
        select(func.count(), func.coalesce(func.sum(Activity.beneficiaries_count), 0)).where(
            Activity.campaign_id == campaign_id, Activity.status == ActivityStatus.DONE
        )
    ).one()
    donor_names = ctx.guard.without_homonyms(
        ctx.guard.names(_donors(session, campaign_id), _("Donor"))
    )
    currency = campaign.currency
    raised = fmt.money(row.raised_minor, currency, ctx.locale)
    goal = fmt.money(campaign.goal_minor, currency, ctx.locale) if campaign.goal_minor else ""
    percent = (
        fmt.percent(row.raised_minor, campaign.goal_minor, ctx.locale)
        if campaign.goal_minor
        else ""
    )
    left = (campaign.goal_minor or 0) - row.raised_minor
    numbers = {
        "donors": (donors_count, "donor"),
        "gifts": (row.donations, "donation"),
        "activities": (int(funded[0]), "activity"),
        "beneficiaries": (int(funded[1]), "beneficiary"),
    }
    values = {
        **ctx.common(),
        "campaign": ctx.guard.short_text(campaign.name, _("Campaign")),
        "description": ctx.guard.long_text(campaign.description, _("Description")),
        "raised": raised,
        "goal": goal,
        "percent": percent,
        "remaining": fmt.money(left, currency, ctx.locale) if goal and left > 0 else "",
        **ctx.counts(**numbers),
        "gifts_count": ctx.number(row.donations),
        "donor_names": ctx.names(donor_names),
        "ends": fmt.long_date(campaign.ends_on, ctx.locale) if campaign.ends_on else "",
    }
    key = [raised]
    if occasion == "campaign-progress" and percent:
        key.append(percent)
    if occasion == "donor-thanks" and values["donors_gen"]:
        key.append(values["donors_gen"])
    figures = [Figure(raised, t(N_("raised")))]
    if percent:
        figures.append(Figure(percent, t(N_("of the goal"))))
    if donors_count:
        figures.append(ctx.figure(donors_count, "donor"))
    period = " – ".join(
        fmt.long_date(d, ctx.locale) for d in (campaign.starts_on, campaign.ends_on) if d
    )
    exceeded = bool(campaign.goal_minor) and left <= 0
    return Facts(
        occasion, campaign_id, ctx.language, values, key,
        ctx.guard.tags(ctx.tags(), _("Hashtags")), ctx.guard,
        ctx.card(values["campaign"], period, figures, None), values["campaign"],
        variant="exceeded" if exceeded and occasion == "campaign-progress" else "",
    )  # fmt: skip


def _year(ctx: _Context, occasion: str, year: int) -> Facts:
    session, t = ctx.session, ctx.t
    if not 1900 <= year <= 2200:
        raise NotFound(_("{year} is not a year.").format(year=year))
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    ctx.guard = Guard.from_database(session, start, ctx.own_names)
    done = (
        Activity.status == ActivityStatus.DONE,
        Activity.starts_at >= start,
        Activity.starts_at < end,
    )
    activities_count, beneficiaries = session.execute(
        select(func.count(), func.coalesce(func.sum(Activity.beneficiaries_count), 0)).where(*done)
    ).one()
    volunteers, minutes = session.execute(
        select(
            func.count(distinct(VolunteerAssignment.contact_id)),
            func.coalesce(func.sum(VolunteerAssignment.minutes), 0),
        )
        .join(Activity, Activity.id == VolunteerAssignment.activity_id)
        .where(*done)
    ).one()
    in_year = (
        Donation.status == DonationStatus.RECORDED,
        Donation.donated_on >= start,
        Donation.donated_on < end,
    )
    totals = dict(
        session.execute(
            select(Donation.currency, int_sum(Donation.amount_minor))
            .where(*in_year)
            .group_by(Donation.currency)
        ).all()
    )
    donors = session.execute(
        select(
            func.count(distinct(Donation.contact_id)),
            func.count().filter(Donation.contact_id.is_(None)),
        ).where(*in_year)
    ).one()
    if not activities_count and not totals:
        raise NotFound(_("There are no activities or donations in {year}.").format(year=year))
    # The association's own currency first; amounts in two currencies never add up.
    order = sorted(totals, key=lambda c: (c != ctx.currency, c))
    raised = " + ".join(fmt.money(int(totals[c]), c, ctx.locale) for c in order)
    numbers = {
        "activities": (int(activities_count), "activity"),
        "beneficiaries": (int(beneficiaries), "beneficiary"),
        "volunteers": (int(volunteers), "volunteer"),
        "hours": (round(int(minutes) / 60), "hour"),
        "donors": (int(donors[0] or 0) + int(donors[1] or 0), "donor"),
    }
    values = {**ctx.common(), "year": str(year), "raised": raised, **ctx.counts(**numbers)}
    key = [v for v in (values["activities_acc"], values["beneficiaries_gen"], raised) if v]
    figures = [
        ctx.figure(n, noun) for n, noun in (numbers["activities"], numbers["beneficiaries"]) if n
    ]
    if raised:
        phrase = t(N_("{amount} in donations")).format(amount=raised)
        figures.append(Figure(raised, t(N_("donated")), phrase))
    title = t(N_("Our year {year}")).format(year=year)
    return Facts(
        occasion, year, ctx.language, values, key, ctx.tags(), ctx.guard,
        ctx.card(title, "", figures, None), title,
        variant="so-far" if year == date.today().year else "",
    )  # fmt: skip


def gather(
    session: Session,
    occasion: str,
    record_id: int,
    language: str,
    database_path: Path | None = None,
) -> Facts:
    """The facts of ``occasion`` for its record; NotFound when the record does not exist.

    ``database_path`` locates the activity photos (only a report's card uses one).
    """
    if occasion not in OCCASIONS:
        raise NotFound(
            _("Unknown occasion {name}; choose one of: {known}.").format(
                name=occasion, known=", ".join(OCCASIONS)
            )
        )
    ctx = _Context(session, language)
    builders: dict[str, Callable[[], Facts]] = {
        "activity": lambda: _activity(ctx, occasion, record_id, database_path),
        "campaign": lambda: _campaign(ctx, occasion, record_id),
        "year": lambda: _year(ctx, occasion, record_id),
    }
    return builders[RECORD_KIND[occasion]]()
