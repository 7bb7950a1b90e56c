"""Demo people: contacts (persons and organizations), members with dues, volunteers with skills.

Rows are plain dicts with their ids already assigned (contacts 1..N and so on): the fill inserts
them with one executemany per table, and later tables refer to earlier ids without asking the
database. Everything is drawn from the one seeded ``random.Random`` passed in, so the same seed
gives the same people.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from typing import Any

from assocdesk.demo import names as N
from assocdesk.models import Contact, ContactKind
from assocdesk.services.contacts import search_key
from assocdesk.text import normalize_for_search
from assocdesk.text.money import currency_decimals

Row = dict[str, Any]
_CITY_CUM = list(accumulate(city[3] for city in N.CITIES))
_PAIRS = {side: pair for pair in N.MALE + N.FEMALE + N.FAMILY for side in pair}
_WOMEN = frozenset(N.FEMALE)
# Who has a title and an identity document on record (issue 16): most persons have a title, a
# quarter none (documents then use neutral wordings); some adults gave their CIN (NIN in
# Algeria), most companies their ICE (NIF in Algeria).
TITLED_SHARE, PERSON_ID_SHARE, ORGANIZATION_ID_SHARE = 0.75, 0.3, 0.7


@dataclass(frozen=True)
class Plan:
    """How many of each record a demo size makes."""

    contacts: int
    organizations: int
    members: int
    volunteers: int
    donations: int
    activities: int
    campaigns: int

    @property
    def minors(self) -> int:
        """Young volunteers (scouts, pupils): never members; a minor by date of birth or mark."""
        return max(2, self.volunteers // 8) if self.volunteers else 0


MINOR_AGES = (8, 17)  # of the young volunteers who have a date of birth, on the reference day


def birthday(day: date, age: int) -> date:
    """The date ``age`` years before ``day`` (28 February for a 29th)."""
    try:
        return day.replace(year=day.year - age)
    except ValueError:
        return day.replace(year=day.year - age, day=28)


def random_day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def to_minor(major: int, currency: str) -> int:
    return major * 10 ** currency_decimals(currency)


def _ascii(text: str) -> str:
    """ "Fatima Zahra" → "fatimazahra", "Meknès" → "meknes": for made-up e-mail addresses."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum()).lower()


@dataclass
class People:
    """Draws the people of the demo; keeps what later tables need (countries, roles, dates)."""

    rng: random.Random
    plan: Plan
    reference: date
    country: dict[int, str] = field(default_factory=dict)
    kind: dict[int, str] = field(default_factory=dict)
    members: list[int] = field(default_factory=list)
    volunteers: list[int] = field(default_factory=list)
    minors: set[int] = field(default_factory=set)
    publish_name: dict[int, bool] = field(default_factory=dict)  # consent_publish_name
    born: dict[int, date] = field(default_factory=dict)  # minors known by their date of birth

    # --- contacts -----------------------------------------------------------------------------

    def _pairs(self, count: int) -> str:
        return " ".join(f"{self.rng.randint(0, 99):02d}" for _ in range(count))

    def _phone(self, country: str, mobile: bool) -> str:
        rng = self.rng
        if country == "DZ":
            prefix = rng.choice("567") if mobile else rng.choice(["21", "41", "31"])
            return f"+213 {prefix} {self._pairs(4 if mobile else 3)}"
        if mobile:
            return f"0{rng.choice('67')} {self._pairs(4)}"
        return f"05 {rng.choice(['22', '22', '23', '37', '24'])} {self._pairs(3)}"

    def _city(self) -> tuple[str, str, str]:
        country, city_ar, city_fr, _weight = self.rng.choices(N.CITIES, cum_weights=_CITY_CUM)[0]
        return country, city_ar, city_fr

    def _address(self, country: str, arabic: bool) -> str:
        rng = self.rng
        quarter_ar, quarter_fr = rng.choice(N.QUARTERS)
        number, building = rng.randint(1, 120), rng.randint(1, 40)
        if country == "DZ":
            if arabic:
                return f"{quarter_ar}، عمارة {building} رقم {number}"
            return f"Cité {quarter_fr}, bâtiment {building}, n° {number}"
        if arabic:
            return f"{quarter_ar}، زنقة {building} رقم {number}"
        return f"{number}, rue {rng.choice(N.STREETS)}, {quarter_fr}"

    def _language(self, arabic: bool) -> str | None:
        draw = self.rng.random()
        if arabic:
            return "ar" if draw < 0.85 else ("fr" if draw < 0.95 else None)
        return "fr" if draw < 0.75 else ("ar" if draw < 0.9 else ("en" if draw < 0.93 else None))

    def _person(self, showcase: tuple[str, str, str] | None) -> Row:
        rng = self.rng
        if showcase:
            first, family, style = _PAIRS[showcase[0]], _PAIRS[showcase[1]], showcase[2]
        else:
            first = rng.choice(N.MALE if rng.random() < 0.5 else N.FEMALE)
            family = rng.choice(N.FAMILY)
            style = "ar" if rng.random() < 0.55 else rng.choice(["upper", "upper", "title", "last"])
        arabic = style == "ar"
        country, city_ar, city_fr = self._city()
        name = {
            "ar": f"{first[0]} {family[0]}",
            "upper": f"{first[1]} {family[1].upper()}",
            "title": f"{first[1]} {family[1]}",
            "last": f"{family[1].upper()} {first[1]}",
        }[style]
        email = ""
        if rng.random() < (0.25 if arabic else 0.6):
            number = str(rng.randint(1, 99)) if rng.random() < 0.4 else ""
            email = f"{_ascii(first[1])}.{_ascii(family[1])}{number}@{rng.choice(N.MAIL_DOMAINS)}"
        return {
            "kind": ContactKind.PERSON.value,
            "gender": "female" if first in _WOMEN else "male",
            "name": name,
            "phone": self._phone(country, mobile=True) if rng.random() < 0.9 else "",
            "email": email,
            "address": self._address(country, arabic) if rng.random() < 0.5 else "",
            "city": city_ar if arabic else city_fr,
            "country": country,
            "preferred_language": self._language(arabic),
            "consent_publish_name": rng.random() < 0.45,
            "consent_publish_photo": rng.random() < 0.3,
            "consent_contact": rng.random() < 0.75,
            "notes": rng.choice(N.CONTACT_NOTES) if rng.random() < 0.08 else "",
        }

    def _organization(self, index: int) -> Row:
        rng = self.rng
        if index < len(N.ORGANIZATIONS):
            name, country, city = N.ORGANIZATIONS[index]
            arabic = not name.isascii() and not any("a" <= ch <= "z" for ch in name)
        else:
            country, city_ar, city_fr = self._city()
            arabic = rng.random() < 0.4
            if arabic:
                name, city = f"{rng.choice(N.ORG_KINDS_AR)} {rng.choice(N.ORG_CORES_AR)}", city_ar
            else:
                kind, core = rng.choice(N.ORG_KINDS_FR), rng.choice(N.ORG_CORES_FR)
                name, city = f"{kind} {core}{rng.choice(N.ORG_SUFFIXES)}", city_fr
        slug = _ascii(re.sub(r"\b(SARL|AU)\b", "", name))[:30]
        domain = "dz" if country == "DZ" else "ma"
        return {
            "kind": ContactKind.ORGANIZATION.value,
            "gender": None,
            "name": name,
            "phone": self._phone(country, mobile=False),
            "email": f"contact@{slug}.{domain}" if slug and rng.random() < 0.6 else "",
            "address": self._address(country, arabic),
            "city": city,
            "country": country,
            "preferred_language": "ar" if arabic else "fr",
            "consent_publish_name": rng.random() < 0.6,
            "consent_publish_photo": rng.random() < 0.3,
            "consent_contact": True,
            "notes": "",
        }

    def contacts(self) -> list[Row]:
        """All contacts; also decides who is a member, a volunteer, a minor."""
        plan, rng = self.plan, self.rng
        showcase = min(len(N.SHOWCASE), plan.contacts - plan.organizations)
        organizations = set(rng.sample(range(showcase + 1, plan.contacts + 1), plan.organizations))
        rows: list[Row] = []
        made_organizations = 0
        for contact_id in range(1, plan.contacts + 1):
            if contact_id in organizations:
                row = self._organization(made_organizations)
                made_organizations += 1
            else:
                row = self._person(N.SHOWCASE[contact_id - 1] if contact_id <= showcase else None)
            row.update(id=contact_id, is_minor=False, date_of_birth=None)
            self.country[contact_id], self.kind[contact_id] = row["country"], row["kind"]
            rows.append(row)
        self._roles(rows, showcase)
        self._identities(rows, showcase)
        self.publish_name = {row["id"]: bool(row["consent_publish_name"]) for row in rows}
        for row in rows:
            probe = Contact(
                name=row["name"], email=row["email"], city=row["city"], phone=row["phone"]
            )
            row["search_text"] = search_key(probe)
        return rows

    def _identities(self, rows: list[Row], showcase: int) -> None:
        """Titles and identity documents, from a generator of their own (the rest of the demo
        stays as the seed drew it). The showcase people keep their title."""
        rng = random.Random(f"identities-{len(rows)}-{self.reference.toordinal()}")
        for row in rows:
            row["id_kind"] = row["id_number"] = ""
            algerian = row["country"] == "DZ"
            if row["kind"] == ContactKind.ORGANIZATION:
                if rng.random() < ORGANIZATION_ID_SHARE:
                    row["id_kind"] = "NIF" if algerian else "ICE"
                    row["id_number"] = "".join(rng.choices("0123456789", k=15))
                continue
            if row["id"] > showcase and rng.random() >= TITLED_SHARE:
                row["gender"] = None
            if row["id"] in self.minors or rng.random() >= PERSON_ID_SHARE:
                continue
            if algerian:
                row["id_kind"], row["id_number"] = "NIN", "".join(rng.choices("0123456789", k=18))
            else:
                letters = "".join(rng.choices("ABCDEFGHIJKLMNOPRSTUVWXYZ", k=rng.choice((1, 2))))
                row["id_kind"], row["id_number"] = "CIN", f"{letters}{rng.randint(1, 999_999)}"

    def _roles(self, rows: list[Row], showcase: int) -> None:
        plan, rng = self.plan, self.rng
        persons = [r["id"] for r in rows if r["kind"] == ContactKind.PERSON]
        self.minors = set(rng.sample([p for p in persons if p > showcase], plan.minors))
        adults = [p for p in persons if p not in self.minors]
        self.members = sorted(rng.sample(adults, plan.members))
        member_set = set(self.members)
        helping_members = rng.sample(self.members, (plan.volunteers - plan.minors) * 6 // 10)
        others = [p for p in adults if p not in member_set]
        helping_others = rng.sample(others, plan.volunteers - plan.minors - len(helping_members))
        self.volunteers = sorted([*helping_members, *helping_others, *self.minors])
        for contact_id in self.minors:
            row = rows[contact_id - 1]
            row.update(is_minor=True, email="", consent_publish_name=False)
            row.update(consent_publish_photo=False, notes="")
        self._birth_dates(rows)

    def _birth_dates(self, rows: list[Row]) -> None:
        """Two young volunteers in three have a date of birth (8 to 17 on the reference day), and
        are minors by it; the others, the first included, are only marked (no date known).

        Drawn from a generator of their own: the rest of the demo stays as it was drawn.
        """
        for position, contact_id in enumerate(sorted(self.minors)):
            if position % 3 == 0:
                continue
            rng = random.Random(contact_id * 7_919 + self.reference.toordinal())
            age = rng.randint(MINOR_AGES[0], MINOR_AGES[1])
            born = birthday(self.reference, age) - timedelta(days=rng.randint(0, 364))
            rows[contact_id - 1].update(is_minor=False, date_of_birth=born)
            self.born[contact_id] = born

    @property
    def marked_minors(self) -> list[int]:
        """The young volunteers marked minors, with no date of birth known."""
        return sorted(self.minors - self.born.keys())

    # --- members and dues -------------------------------------------------------------------------

    def memberships(self) -> tuple[list[Row], list[Row]]:
        """Memberships numbered in the order people joined (the founders first), and their dues."""
        rng, reference = self.rng, self.reference
        span = (reference - N.FOUNDED).days
        joined = {
            contact_id: N.FOUNDED + timedelta(days=int(span * rng.random() ** 0.6))
            for contact_id in self.members
        }
        founders = set(sorted(self.members, key=lambda c: (joined[c], c))[:7])
        for contact_id in founders:
            joined[contact_id] = N.FOUNDED
        categories = N.CATEGORIES
        weights = list(accumulate(c[1] for c in categories))
        memberships: list[Row] = []
        dues: list[Row] = []
        for number, contact_id in enumerate(sorted(self.members, key=lambda c: (joined[c], c)), 1):
            if contact_id in founders:
                category, yearly = N.FOUNDER_CATEGORY
            else:
                category, _weight, yearly = rng.choices(categories, cum_weights=weights)[0]
            left_on = None
            earliest_leave = joined[contact_id] + timedelta(days=180)
            if contact_id not in founders and rng.random() < 0.07 and earliest_leave < reference:
                left_on = random_day(rng, earliest_leave, reference)
            memberships.append(
                {
                    "id": number,
                    "contact_id": contact_id,
                    "number": f"{number:04d}",
                    "category": category,
                    "joined_on": joined[contact_id],
                    "left_on": left_on,
                }
            )
            if yearly:
                dues += self._dues(number, contact_id, joined[contact_id], left_on, yearly)
        for index, row in enumerate(dues, 1):
            row["id"] = index
        return memberships, dues

    def _dues(
        self, membership_id: int, contact_id: int, joined: date, left_on: date | None, yearly: int
    ) -> list[Row]:
        rng, reference = self.rng, self.reference
        # Dues follow the association's fee schedule, in its currency, wherever members live.
        currency = "MAD"
        amount = to_minor(yearly, currency)
        rows: list[Row] = []
        for year in range(max(2024, joined.year), reference.year + 1):
            if left_on is not None and left_on.year < year:
                break
            paid_on = max(random_day(rng, date(year, 1, 1), date(year, 3, 31)), joined)
            if rng.random() < (0.6 if year == reference.year else 0.8) and paid_on <= reference:
                rows.append(
                    {
                        "membership_id": membership_id,
                        "period_year": year,
                        "amount_minor": amount,
                        "currency": currency,
                        "paid_on": paid_on,
                    }
                )
        return rows

    def dues_book(self, dues: list[Row], prefix: str) -> tuple[list[Row], list[Row]]:
        """The fee schedule behind the dues (each category's yearly fee since 2024), and the
        dues receipt numbers: per year of payment, in the order paid, with their counters."""
        fees = [
            {"category": category, "year": year, "amount_minor": yearly * 100, "currency": "MAD"}
            for year in range(2024, self.reference.year + 1)
            for category, yearly in [
                *((c, y) for c, _w, y in N.CATEGORIES if y),
                N.FOUNDER_CATEGORY,
            ]
        ]
        counters: dict[int, int] = {}
        for row in sorted(dues, key=lambda r: (r["paid_on"], r["membership_id"])):
            year = row["paid_on"].year
            counters[year] = counters.get(year, 0) + 1
            row.update(
                receipt_year=year,
                receipt_seq=counters[year],
                receipt_number=f"{prefix}-C-{year}-{counters[year]:04d}",
            )
        return fees, [{"year": y, "last_number": n} for y, n in sorted(counters.items())]

    # --- volunteers -----------------------------------------------------------------------------

    def volunteer_rows(self) -> tuple[list[Row], list[Row], list[Row]]:
        """Skills, volunteer profiles (weekends and evenings are the usual free slots), links."""
        rng, reference = self.rng, self.reference
        skills = [
            {"id": i, "name": name, "search_text": normalize_for_search(name)}
            for i, name in enumerate(N.SKILLS, 1)
        ]
        slot_weights = list(accumulate(3 if i // 3 >= 5 else (2 if i % 3 == 2 else 1)
                                       for i in range(21)))  # fmt: skip
        profiles: list[Row] = []
        links: list[Row] = []
        for profile_id, contact_id in enumerate(self.volunteers, 1):
            slots = set(rng.choices(range(21), cum_weights=slot_weights, k=rng.randint(2, 7)))
            start = reference - timedelta(days=730 if contact_id in self.minors else 3650)
            profiles.append(
                {
                    "id": profile_id,
                    "contact_id": contact_id,
                    "availability": sum(1 << slot for slot in slots),
                    "since": random_day(rng, start, reference),
                }
            )
            for skill_id in rng.sample(range(1, len(skills) + 1), rng.randint(1, 3)):
                links.append({"profile_id": profile_id, "skill_id": skill_id})
        return skills, profiles, links
