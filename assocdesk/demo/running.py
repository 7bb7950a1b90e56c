"""Demo campaigns running today, with the gifts they have gathered so far.

The seasonal campaigns (:mod:`assocdesk.demo.events`) are dated around a fixed reference day, so
they have all ended by the time someone tries the demo; the post studio's "Campaign progress"
would then propose nothing. These campaigns are placed around the real ``today`` instead, as the
upcoming activities are: one half way to its goal, one already past it (so the "goal exceeded,
thank you" wording shows). Their gifts are all dated before today.

They draw from their own ``random.Random``, so the rest of the demo stays exactly as the seed
made it (same ids, same receipt numbers before the first of these gifts), and their number of
gifts is fixed by the plan, so the fill's progress total is known before anything is drawn.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

from assocdesk.demo import names as N
from assocdesk.demo.people import People, Plan, Row, random_day, to_minor
from assocdesk.models import DonationStatus
from assocdesk.text import normalize_for_search


@dataclass(frozen=True)
class Running:
    """A campaign placed around today: ``share`` is what its gifts reach, as a part of its goal."""

    name: str
    description: str
    started_days_ago: int
    days_left: int
    share: float
    rounding: int  # MAD: the goal is a round figure, as an association sets it


RUNNING = (
    Running(
        "بئر الماء الصالح للشرب بمديونة",
        "حفر بئر وتجهيزه بمضخة شمسية لتزويد ساكنة الدوار بالماء الصالح للشرب.",
        started_days_ago=61,
        days_left=59,
        share=0.55,
        rounding=5_000,
    ),
    Running(
        "Salle informatique pour l'école du quartier",
        "Dix ordinateurs, une imprimante et une connexion pour les élèves du primaire.",
        started_days_ago=75,
        days_left=21,
        share=1.2,
        rounding=1_000,
    ),
)
# Who gives → (method, weight): no gift in kind, since a well or computers are paid in money.
METHODS = {
    "person": [("cash", 40), ("transfer", 30), ("mobile_money", 20), ("cheque", 10)],
    "organization": [("transfer", 60), ("cheque", 40)],
}
MOBILE_MONEY_CAP = 500  # MAD, as in the seasonal gifts


def gifts_per_campaign(plan: Plan) -> int:
    """About one gift in thirty of the plan's, and a dozen at least."""
    return max(12, plan.donations // 30)


def extra_records(plan: Plan) -> int:
    """The campaigns and gifts added here, for the fill's progress total."""
    return len(RUNNING) * (1 + gifts_per_campaign(plan))


def _goal(total_minor: int, item: Running) -> int:
    """A round goal that ``total_minor`` reaches to about ``item.share`` (minor units of MAD).

    Rounded up when the campaign is below its goal and down when it is past it, so the rounding
    never moves it across the line (a campaign past its goal holds at least one organization's
    gift of 2 000 MAD or more, above the smallest round goal).
    """
    unit = to_minor(item.rounding, "MAD")
    exact = total_minor / item.share
    return max(unit, (math.ceil if item.share < 1 else math.floor)(exact / unit) * unit)


class RunningCampaigns:
    """Draws the running campaigns and their gifts; ids follow the seasonal campaigns'."""

    def __init__(self, rng: random.Random, people: People, today: date, first_id: int) -> None:
        self.rng, self.people, self.today, self.first_id = rng, people, today, first_id
        self.gifts: list[Row] = []  # without ids or receipt numbers: Events.donations adds them
        # Adults in Morocco (the campaigns are in MAD), persons and organizations alike.
        self.donors = [
            c for c in sorted(people.kind) if c not in people.minors and people.country[c] != "DZ"
        ]
        self.organizations = [c for c in self.donors if people.kind[c] == "organization"]

    def campaigns(self) -> list[Row]:
        """The campaign rows; their gifts are kept in ``self.gifts``."""
        rows: list[Row] = []
        count = gifts_per_campaign(self.people.plan)
        for offset, item in enumerate(RUNNING):
            campaign_id = self.first_id + offset
            starts = self.today - timedelta(days=item.started_days_ago)
            gifts = [self._gift(campaign_id, starts, first=n == 0) for n in range(count)]
            self.gifts += gifts
            total = sum(g["amount_minor"] for g in gifts)
            rows.append(
                {
                    "id": campaign_id,
                    "name": item.name,
                    "description": item.description,
                    "goal_minor": _goal(total, item),
                    "currency": "MAD",
                    "starts_on": starts,
                    "ends_on": self.today + timedelta(days=item.days_left),
                    "search_text": normalize_for_search(item.name),
                }
            )
        return rows

    def _gift(self, campaign_id: int, starts: date, *, first: bool) -> Row:
        """One recorded gift before today; the first comes from an organization, so that even a
        small campaign holds enough for a round goal below what it raised."""
        rng, kind = self.rng, self.people.kind
        if first and self.organizations:
            donor: int | None = rng.choice(self.organizations)
        else:
            donor = None if rng.random() < 0.1 else rng.choice(self.donors)
        giver = kind[donor] if donor is not None else "person"
        methods, weights = zip(*METHODS[giver], strict=True)
        method = rng.choices(methods, weights=weights)[0]
        major = rng.choice(N.AMOUNTS[giver, "MAD"])
        if method == "mobile_money":
            major = min(major, MOBILE_MONEY_CAP)
        return {
            "contact_id": donor,
            "donated_on": random_day(rng, starts, self.today - timedelta(days=1)),
            "amount_minor": to_minor(major, "MAD"),
            "currency": "MAD",
            "method": method,
            "in_kind_description": "",
            "campaign_id": campaign_id,
            "status": DonationStatus.RECORDED.value,
            "void_reason": "",
            "voided_at": None,
            "notes": "",
        }
