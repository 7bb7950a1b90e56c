"""Demo campaigns, activities and donations, drawn from the people already made.

Dates follow the seasons a real association lives by: gifts and food-basket drives gather in the
weeks before Ramadan and the Eid, school kits in September, blankets in winter. Past activities
are mostly done (some cancelled); a few are planned in the weeks after today, so the Home page
has something to show.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate

from assocdesk.demo import names as N
from assocdesk.demo.people import People, Row, random_day, to_minor
from assocdesk.models import ActivityStatus, DonationMethod, DonationStatus
from assocdesk.services.activities import normalize_hashtags
from assocdesk.text import normalize_for_search

FIRST_DAY = date(2024, 1, 1)  # donations and activities cover 2024 up to the reference date
BENEFICIARIES = {
    "families": (20, 150),
    "children": (30, 300),
    "women": (10, 60),
    "elderly": (10, 80),
    "disabilities": (5, 30),
    "other": (10, 50),
}
# Unit cost in MAD per beneficiary, where the activity's cost follows from its size.
UNIT_COST = {"food_baskets": 350, "school_kits": 150}
METHODS = {  # who gives → (method, weight)
    "organization": [("transfer", 40), ("cheque", 30), ("in_kind", 25), ("cash", 5)],
    "person": [("cash", 45), ("transfer", 15), ("cheque", 8), ("mobile_money", 17),
               ("in_kind", 15)],
    "anonymous": [("cash", 80), ("mobile_money", 15), ("in_kind", 5)],
}  # fmt: skip
# The same, ready for rng.choices: drawn 200 000 times in the large demo.
_METHOD_DRAWS = {
    giver: ([method for method, _w in pairs], list(accumulate(w for _m, w in pairs)))
    for giver, pairs in METHODS.items()
}
_IN_KIND, _MOBILE = DonationMethod.IN_KIND.value, DonationMethod.MOBILE_MONEY.value
_RECORDED, _VOID = DonationStatus.RECORDED.value, DonationStatus.VOID.value


def campaign_window(theme: str, year: int) -> tuple[date, date]:
    """When a campaign of ``theme`` runs in ``year`` (the feasts move eleven days a year)."""
    if theme == "ramadan":
        return N.RAMADAN[year] - timedelta(days=30), N.RAMADAN[year] + timedelta(days=29)
    if theme == "eid":
        return N.EID_ADHA[year] - timedelta(days=40), N.EID_ADHA[year]
    if theme == "school":
        return date(year, 8, 1), date(year, 9, 30)
    if theme == "winter":
        return date(year, 12, 1), date(year + 1, 2, 28)
    return date(year, 4, 1), date(year, 5, 31)


@dataclass
class Events:
    """Draws campaigns, activities and donations; ``today`` only places the upcoming activities."""

    rng: random.Random
    people: People
    reference: date
    today: date
    receipt_prefix: str
    hashtag: str
    windows: list[tuple[int, str, date, date]] = field(default_factory=list)
    showcase_campaign: int | None = None  # see _privacy_case

    def __post_init__(self) -> None:
        # A clock set before 2025 still gets a year of history, all of it in its past.
        self.first_day = min(FIRST_DAY, self.reference - timedelta(days=365))

    def _past_windows(self) -> list[tuple[int, str, date, date]]:
        """Campaign windows clipped to the past, for gifts and activities dated inside them."""
        clipped = [
            (cid, theme, max(start, self.first_day), min(end, self.reference))
            for cid, theme, start, end in self.windows
        ]
        return [w for w in clipped if w[2] <= w[3]]

    def campaigns(self, count: int) -> list[Row]:
        """Campaigns around the feasts and seasons; goals grow with the number of gifts."""
        scale = max(1, round(self.people.plan.donations * 5 / (400 * max(1, count))))
        keys = N.FIRST_CAMPAIGNS + [
            (theme, year)
            for year in (2026, 2025, 2024)
            for theme in N.CAMPAIGN_THEMES
            if (theme, year) not in N.FIRST_CAMPAIGNS
        ]
        rows: list[Row] = []
        for campaign_id, (theme, year) in enumerate(keys[:count], 1):
            template, goal, description = N.CAMPAIGN_THEMES[theme]
            start, end = campaign_window(theme, year)
            name = template.format(year=year)
            rows.append(
                {
                    "id": campaign_id,
                    "name": name,
                    "description": description,
                    "goal_minor": to_minor(goal * scale, "MAD"),
                    "currency": "MAD",
                    "starts_on": start,
                    "ends_on": end,
                    "search_text": normalize_for_search(name),
                }
            )
            self.windows.append((campaign_id, theme, start, end))
        return rows

    # --- activities -----------------------------------------------------------------------------

    def _activity_day(self, index: int, future: int) -> tuple[date, tuple, int | None]:
        """Day, template and campaign of activity ``index`` (the last ``future`` are upcoming)."""
        rng = self.rng
        windows = self._past_windows()
        upcoming = index - (self.people.plan.activities - future)
        if upcoming >= 0:
            start = max(self.reference, self.today) + timedelta(days=2)
            day = random_day(rng, start, start + timedelta(days=18 if upcoming < 3 else 120))
            template = rng.choice([a for a in N.ACTIVITIES if not a[5]])
        elif windows and rng.random() < 0.35:
            _campaign, theme, start, end = rng.choice(windows)
            day = random_day(rng, start, end)
            template = rng.choice([a for a in N.ACTIVITIES if a[5] == theme] or N.ACTIVITIES)
        else:
            day = random_day(rng, self.first_day, self.reference)
            template = rng.choice([a for a in N.ACTIVITIES if not a[5]])
        campaign = next(
            (cid for cid, theme, start, end in self.windows
             if theme == template[5] and start <= day <= end),
            None,
        )  # fmt: skip
        return day, template, campaign

    def activities(self) -> tuple[list[Row], list[Row], list[Row]]:
        """Activities, their beneficiary groups and their volunteers, oldest first."""
        rng, plan = self.rng, self.people.plan
        future = min(plan.activities, max(5, plan.activities // 10))
        drawn = sorted(
            (self._activity_day(i, future) for i in range(plan.activities)), key=lambda d: d[0]
        )
        activities: list[Row] = []
        groups: list[Row] = []
        assignments: list[Row] = []
        for activity_id, (day, template, campaign_id) in enumerate(drawn, 1):
            kind, title, description, group_codes, tags, _theme, place = template
            place = place or rng.choice(N.PLACES)
            starts_at = datetime.combine(day, time(rng.choice([9, 10, 14, 15, 17]), 0))
            hours = rng.randint(2, 6)
            if day > self.reference:
                status = ActivityStatus.PLANNED
            else:
                status = ActivityStatus.CANCELLED if rng.random() < 0.12 else ActivityStatus.DONE
            counts = {}
            if status != ActivityStatus.CANCELLED:
                counts = {code: rng.randint(*BENEFICIARIES[code]) for code in group_codes}
            for code, number in counts.items():
                groups.append({"activity_id": activity_id, "group_code": code, "count": number})
            cost = None
            if kind in UNIT_COST and counts:
                cost = to_minor(UNIT_COST[kind] * max(counts.values()), "MAD")
            elif status != ActivityStatus.CANCELLED and rng.random() < 0.5:
                cost = to_minor(rng.randint(5, 60) * 100, "MAD")
            activities.append(
                {
                    "id": activity_id,
                    "title": title,
                    "type": kind,
                    "starts_at": starts_at,
                    "ends_at": starts_at + timedelta(hours=hours) if rng.random() < 0.85 else None,
                    "place": place,
                    "description": description,
                    "beneficiaries_count": sum(counts.values()),
                    "cost_minor": cost,
                    "currency": "MAD",
                    "campaign_id": campaign_id,
                    "status": status.value,
                    "hashtags": normalize_hashtags(f"{tags} {self.hashtag}"),
                    "search_text": normalize_for_search(f"{title} {place}"),
                }
            )
            assignments += self._helpers(activity_id, status, hours)
        self._privacy_case(activities, assignments)
        for index, row in enumerate(groups, 1):
            row["id"] = index
        for index, row in enumerate(assignments, 1):
            row["id"] = index
        return activities, groups, assignments

    def _privacy_case(self, activities: list[Row], assignments: list[Row]) -> None:
        """Make sure the demo shows what the privacy guard of posts must handle, whatever the
        seed: the first done activity paid by a campaign has a minor among its volunteers (one
        marked so, beside any known by a date of birth) and an adult who agreed to be named (its
        campaign's donors are seen to in donations()).
        Deterministic and drawing nothing, so the rest of the demo stays as the seed made it.
        """
        done = [a for a in activities if a["status"] == ActivityStatus.DONE and a["campaign_id"]]
        if not done or not self.people.minors:
            return
        showcase = done[0]
        self.showcase_campaign = showcase["campaign_id"]
        helpers = {a["contact_id"] for a in assignments if a["activity_id"] == showcase["id"]}
        people = self.people
        marked = people.marked_minors
        wanted = [marked[0]] if marked and not helpers & set(marked) else []
        if not any(people.publish_name.get(c) and c not in people.minors for c in helpers):
            wanted += [
                c
                for c in people.volunteers
                if people.publish_name.get(c) and c not in people.minors
            ][:1]
        for contact_id in wanted:
            if contact_id not in helpers:
                assignments.append(
                    {"activity_id": showcase["id"], "contact_id": contact_id,
                     "role": N.ROLES[0], "minutes": 180,
                     "attended": True}
                )  # fmt: skip

    def _privacy_donors(self, rows: list[Row]) -> None:
        """The showcase campaign has a named donor who refused publication and one who agreed."""
        campaign_id, people = self.showcase_campaign, self.people
        if campaign_id is None:
            return
        gifts = [
            r for r in rows
            if r["campaign_id"] == campaign_id and r["status"] == _RECORDED and r["contact_id"]
        ]  # fmt: skip
        givers = {r["contact_id"] for r in gifts}
        adults = [
            c for c in sorted(people.kind)
            if c not in people.minors and people.country[c] != "DZ"
            and people.kind[c] == "person"
        ]  # fmt: skip
        for consent in (False, True):
            if any(people.publish_name.get(c) == consent for c in givers):
                continue
            donor = next((c for c in adults if people.publish_name.get(c) == consent), None)
            spare = next((r for r in gifts if r["contact_id"] in givers), None)
            if donor is None or spare is None or len(gifts) < 2:
                return
            spare["contact_id"] = donor
            gifts.remove(spare)

    def _helpers(self, activity_id: int, status: str, hours: int) -> list[Row]:
        """Volunteers on an activity; only a done activity has given time (preparation too)."""
        rng, volunteers = self.rng, self.people.volunteers
        if status == ActivityStatus.CANCELLED or not volunteers:
            return []
        most = min(len(volunteers), 8 if status == ActivityStatus.DONE else 5)
        chosen = rng.sample(volunteers, rng.randint(min(2, most), most))
        return [
            {
                "activity_id": activity_id,
                "contact_id": contact_id,
                "role": rng.choice(N.ROLES),
                "minutes": hours * 60 + 30 * rng.randint(0, 2)
                if status == ActivityStatus.DONE
                else 0,
                "attended": status == ActivityStatus.DONE,
            }
            for contact_id in chosen
        ]

    # --- donations ------------------------------------------------------------------------------

    def donations(self, extra: Sequence[Row] = ()) -> tuple[list[Row], list[Row]]:
        """Donations in date order with gapless receipt numbers per year, and the counters.

        ``extra`` are gifts drawn elsewhere (the running campaigns'), numbered with the others.
        """
        rng, people = self.rng, self.people
        # A few faithful donors give often, most give now and then (a long-tailed weight).
        donors = [c for c in people.kind if c not in people.minors]
        member_set = set(people.members)
        weights = accumulate(
            (4 if people.kind[c] == "organization" else 2 if c in member_set else 1.5)
            * min(20.0, rng.paretovariate(1.2))
            for c in donors
        )
        drawn = rng.choices(donors, cum_weights=list(weights), k=people.plan.donations)
        windows = self._past_windows()
        rows = [self._donation(donor, windows) for donor in drawn]
        self._privacy_donors(rows)
        rows += extra
        rows.sort(key=lambda row: row["donated_on"])  # stable: same seed, same order
        counters: dict[int, int] = {}
        for donation_id, row in enumerate(rows, 1):
            year = row["donated_on"].year
            counters[year] = counters.get(year, 0) + 1
            row.update(
                id=donation_id,
                receipt_year=year,
                receipt_seq=counters[year],
                receipt_number=f"{self.receipt_prefix}-{year}-{counters[year]:04d}",
            )
        return rows, [{"year": y, "last_number": n} for y, n in sorted(counters.items())]

    def _donation(self, donor: int, windows: list[tuple[int, str, date, date]]) -> Row:
        rng = self.rng
        contact_id: int | None = None if rng.random() < 0.1 else donor
        country = self.people.country[donor] if contact_id else "MA"
        currency = "DZD" if country == "DZ" else "MAD"
        giver = self.people.kind[donor] if contact_id else "anonymous"
        campaign_id = None
        if windows and rng.random() < 0.4:
            window_campaign, _theme, start, end = rng.choice(windows)
            donated_on = random_day(rng, start, end)
            campaign_id = window_campaign if currency == "MAD" else None
        else:
            donated_on = random_day(rng, self.first_day, self.reference)
        methods, weights = _METHOD_DRAWS[giver]
        method = rng.choices(methods, cum_weights=weights)[0]
        description = ""
        if method == _IN_KIND:
            description, value = rng.choice(N.IN_KIND)
            major = value * (N.DZD_PER_MAD if currency == "DZD" else 1)
        else:
            major = rng.choice(N.AMOUNTS["organization" if giver == "organization" else "person",
                                         currency])  # fmt: skip
            if method == _MOBILE:
                major = min(major, 5000 if currency == "DZD" else 500)
        amount = to_minor(major, currency) + (50 if method == "cash" and rng.random() < 0.03 else 0)
        voided_at = None
        if void := rng.random() < 0.02:
            voided_on = min(donated_on + timedelta(days=rng.randint(1, 20)), self.reference)
            voided_at = datetime.combine(voided_on, time(10, 30), UTC)
        return {
            "contact_id": contact_id,
            "donated_on": donated_on,
            "amount_minor": amount,
            "currency": currency,
            "method": method,
            "in_kind_description": description,
            "campaign_id": campaign_id,
            "status": _VOID if void else _RECORDED,
            "void_reason": rng.choice(N.VOID_REASONS) if void else "",
            "voided_at": voided_at,
            "notes": rng.choice(N.DONATION_NOTES) if rng.random() < 0.04 else "",
        }
