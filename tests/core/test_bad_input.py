"""Random and hostile input thrown at every service's create and update (hypothesis).

Each call must end in one of two ways: a ValidationError, or a stored record that reads back,
in a fresh session, exactly as the documented cleaning says (assocdesk.text.clean: NFC, controls
and bidi overrides removed, spaces folded; country codes upper-cased; hashtags normalized). Any
other exception, or a row that reads back differently, fails. One database serves all examples of
a test (each example is its own transaction); the run is derandomized so it is the same each time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.orm import Session

from assocdesk.models import BeneficiaryGroup
from assocdesk.services import (
    activities,
    association,
    campaigns,
    contacts,
    donations,
    members,
    volunteers,
)
from assocdesk.services.errors import ValidationError
from assocdesk.storage.engine import Database
from assocdesk.text import clean_multiline, clean_single_line, normalize_for_search
from assocdesk.text.money import parse_amount, to_minor

T = TypeVar("T")
TODAY = date(2026, 6, 30)
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = [
    "",
    "   ",
    "\t\n ",
    "\u200d\u200c",  # joiners only: prints blank
    "\u0651\u064e",  # Arabic marks only
    "\u202eأحمد\u202c",
    "Ali\u2066Baba\u2069",
    '=HYPERLINK("http://evil.example","click")',
    "+33 6 12",
    "@SUM(A1:A9)",
    "-2+3",
    "'; DROP TABLE contacts; --",
    "Robert'); DELETE FROM donations WHERE ('1'='1",
    "%_\\",
    "\x00\x07\x1b[31m",
    "\ud800",
    "\ufeffBOM",
    "أحمد بنعلي",
    "Zoé Ândré",
    "ﻻ",  # presentation form
    "a" * 201,
    "ب" * 10_000,
    "x\n" * 3000,
]
hostile = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=60),
    st.lists(st.sampled_from(NASTY) | st.text(max_size=8), max_size=4).map("".join),
    st.builds(lambda c, n: c * n, st.characters(), st.integers(0, 12_000)),
)


def mostly(valid: st.SearchStrategy, bad: st.SearchStrategy = hostile) -> st.SearchStrategy:
    """Plausible input, hostile one time in ten per field: with a dozen fields per form, about
    a third of the forms are entirely plausible, so both outcomes are well exercised."""
    return st.integers(0, 9).flatmap(lambda draw: bad if draw == 0 else valid)


def seldom(valid: st.SearchStrategy, bad: st.SearchStrategy = hostile) -> st.SearchStrategy:
    """Hostile one time in thirty: for fields added to a form that already has many, so that
    enough whole forms stay plausible for the stored outcome to be tested too."""
    return st.integers(0, 29).flatmap(lambda draw: bad if draw == 0 else valid)


words = st.text(st.characters(categories=["L", "N", "Zs", "P"]), min_size=1, max_size=40).filter(
    str.strip
)
texts = mostly(words)
optional_texts = mostly(st.just("") | words)
emails = mostly(st.emails() | st.just(""))
dates = mostly(
    st.dates(min_value=date(1990, 1, 1), max_value=TODAY),
    st.one_of(
        st.none(),
        st.dates(),
        st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
    ),
)
optional_dates = st.none() | dates
moments = mostly(
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)),
    st.one_of(st.none(), st.datetimes(), st.dates()),
)
amounts = mostly(
    st.one_of(
        st.integers(1, 10**9),
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**9), places=2),
        st.sampled_from(["1500", "1 500,50", "1.500.000", "١٥٠٠", "12,5"]),
    ),
    st.one_of(
        st.none(),
        hostile,
        st.sampled_from(["0", "-5", "1e5", "nan", "inf", "1,234.5678"]),
        st.decimals(allow_nan=True, allow_infinity=True),
        st.integers(),
        st.builds(lambda n: 10**n, st.integers(0, 5000)),
        st.floats(),
    ),
)
currencies = mostly(st.sampled_from(["MAD", "EUR", "TND", "JPY", "mad"]), st.just("XYZ") | hostile)
languages = mostly(st.sampled_from([None, "", "ar", "fr", "en"]))
flags = st.booleans()

contact_inputs = st.builds(
    contacts.ContactInput,
    name=texts,
    kind=mostly(st.sampled_from(["person", "organization"])),
    phone=mostly(st.from_regex(r"(\+?[0-9 ]{6,20})?", fullmatch=True)),
    email=emails,
    address=optional_texts,
    city=optional_texts,
    country=mostly(st.sampled_from(["MA", "fr", ""]), st.sampled_from(["ß", "M1"]) | hostile),
    preferred_language=languages,
    is_minor=flags,
    date_of_birth=st.none() | st.dates(min_value=date(1850, 1, 1), max_value=date(2150, 1, 1)),
    consent_publish_name=flags,
    consent_publish_photo=flags,
    consent_contact=flags,
    notes=optional_texts,
    gender=seldom(st.sampled_from([None, "", "female", "male"]), st.just("Mme") | hostile),
)
# A kind of document and its number go together: drawn as a pair.
identifiers = seldom(
    st.sampled_from(
        [
            ("", ""),
            ("CIN", "BK 123456"),
            ("ICE", "001234567000089"),
            ("SIREN", "552 100 554"),
            ("passport", "N°7/AB"),
            ("other", "\u202eX-1"),
            ("CIN", ""),  # a kind without a number: stored as neither
        ]
    ),
    st.tuples(st.sampled_from(["", "CIN", "ICE", "bogus"]), st.just("12345") | hostile),
)
contact_inputs = st.tuples(contact_inputs, identifiers).map(
    lambda drawn: replace(drawn[0], id_kind=drawn[1][0], id_number=drawn[1][1])
)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(donations, "_today", lambda: TODAY)


OUTCOMES: list[str] = []


@pytest.fixture(autouse=True)
def both_outcomes_seen(request: pytest.FixtureRequest) -> Iterator[None]:
    """A property test that only ever stored, or only ever refused, tested half of its claim."""
    OUTCOMES.clear()
    yield
    if request.node.name.endswith(("_create_and_update", "_record_and_update", "_save")):
        assert OUTCOMES.count("stored") >= 10 and OUTCOMES.count("refused") >= 10, OUTCOMES


def attempt(db: Database, command: Callable[[Session], T]) -> T | None:
    """The command's result (committed), or None when it was refused with a ValidationError."""
    try:
        with db.transaction() as session:
            result = command(session)
            session.flush()
    except ValidationError as refused:
        assert refused.errors and all(refused.errors.values())
        OUTCOMES.append("refused")
        return None
    OUTCOMES.append("stored")
    return result


def database_is_sound(db: Database) -> None:
    if db.backend != "sqlite":
        return  # the server enforces foreign keys and keeps its own pages and indexes sound
    with db.reading() as session:
        assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert list(session.execute(text("PRAGMA foreign_key_check"))) == []
        session.execute(text("INSERT INTO contacts_fts(contacts_fts) VALUES ('integrity-check')"))


def expected_contact(data: contacts.ContactInput) -> dict[str, Any]:
    return {
        "name": clean_single_line(data.name),
        "kind": data.kind,
        "phone": clean_single_line(data.phone),
        "email": clean_single_line(data.email),
        "address": clean_multiline(data.address),
        "city": clean_single_line(data.city),
        "country": clean_single_line(data.country).upper(),
        "preferred_language": data.preferred_language or None,
        "is_minor": data.is_minor,
        "date_of_birth": data.date_of_birth,  # stored only when between 1900 and today
        "consent_publish_name": data.consent_publish_name,
        "consent_publish_photo": data.consent_publish_photo,
        "consent_contact": data.consent_contact,
        "notes": clean_multiline(data.notes),
        # Titles are for persons; a kind of document without a number is dropped.
        "gender": (data.gender or None) if data.kind == "person" else None,
        "id_kind": data.id_kind if clean_single_line(data.id_number) else "",
        "id_number": clean_single_line(data.id_number),
    }


def stored_contact(db: Database, contact_id: int) -> dict[str, Any]:
    with db.reading() as session:
        contact = contacts.get(session, contact_id)
        fields = contacts.ContactInput.__dataclass_fields__
        return {key: getattr(contact, key) for key in fields if key != "version"}


def expected_minor(value: Any, currency: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return to_minor(parse_amount(value, currency), currency)


def as_day(value: date | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


# --- contacts, members, volunteers ---------------------------------------------------------


def test_contacts_create_and_update(db: Database) -> None:
    base = attempt(db, lambda s: contacts.create(s, contacts.ContactInput(name="Base")))
    assert base is not None
    base_id = base.id

    @SETTINGS
    @given(data=contact_inputs, update=st.booleans())
    def check(data: contacts.ContactInput, update: bool) -> None:
        if update:
            saved = attempt(db, lambda s: contacts.update(s, base_id, data))
        else:
            saved = attempt(db, lambda s: contacts.create(s, data))
        if saved is not None:
            assert stored_contact(db, saved.id) == expected_contact(data)

    check()
    database_is_sound(db)


def test_members_create_and_update(db: Database) -> None:
    base = attempt(
        db, lambda s: members.create(s, members.MemberInput(contacts.ContactInput("B"), "B-1"))
    )
    assert base is not None
    base_id = base.id

    @SETTINGS
    @given(
        contact=contact_inputs,
        number=mostly(st.from_regex(r"[0-9]{1,6}", fullmatch=True) | words),
        category=optional_texts,
        joined_on=dates,
        left_on=optional_dates,
        update=st.booleans(),
    )
    def check(contact, number, category, joined_on, left_on, update) -> None:
        data = members.MemberInput(contact, number, category, joined_on, left_on)
        if update:
            saved = attempt(db, lambda s: members.update(s, base_id, data))
        else:
            saved = attempt(db, lambda s: members.create(s, data))
        if saved is None:
            return
        assert stored_contact(db, saved.contact_id) == expected_contact(contact)
        with db.reading() as session:
            m = members.get(session, saved.id)
            stored = (m.number, m.category, m.joined_on, m.left_on)
        expected = (
            clean_single_line(number),
            clean_single_line(category),
            as_day(joined_on),
            as_day(left_on),
        )
        assert stored == expected

    check()
    database_is_sound(db)


def test_volunteers_create_and_update(db: Database) -> None:
    base = attempt(
        db, lambda s: volunteers.create(s, volunteers.VolunteerInput(contacts.ContactInput("B")))
    )
    assert base is not None
    base_id = base.id

    @SETTINGS
    @given(
        contact=contact_inputs,
        skills=st.lists(texts, max_size=8) | st.lists(hostile, max_size=40),
        slots=st.frozensets(st.tuples(st.integers(-2, 9), st.integers(-2, 5)), max_size=30),
        since=optional_dates,
        update=st.booleans(),
    )
    def check(contact, skills, slots, since, update) -> None:
        data = volunteers.VolunteerInput(contact, skills, volunteers.Availability(slots), since)
        if update:
            saved = attempt(db, lambda s: volunteers.update(s, base_id, data))
        else:
            saved = attempt(db, lambda s: volunteers.create(s, data))
        if saved is None:
            return
        assert stored_contact(db, saved.contact_id) == expected_contact(contact)
        valid_slots = {(d, t) for d, t in slots if 0 <= d < 7 and 0 <= t < 3}
        keys = {normalize_for_search(clean_single_line(s)) for s in skills} - {""}
        with db.reading() as session:
            p = volunteers.get(session, saved.id)
            assert volunteers.Availability.from_bits(p.availability).slots == valid_slots
            assert {skill.search_text for skill in p.skills} == keys
            assert p.since == as_day(since)

    check()
    database_is_sound(db)


# --- money and activities ---------------------------------------------------------------------


def test_donations_record_and_update(db: Database) -> None:
    donor = attempt(db, lambda s: contacts.create(s, contacts.ContactInput(name="Donor")))
    base = attempt(
        db,
        lambda s: donations.record(
            s, donations.DonationInput("10", "MAD", date(2026, 1, 1), anonymous=True)
        ),
    )
    assert donor is not None and base is not None
    donor_id, base_id = donor.id, base.id

    @SETTINGS
    @given(
        amount=amounts,
        currency=currencies,
        donated_on=dates,
        anonymous=st.booleans(),
        method=mostly(st.sampled_from(["cash", "cheque", "in_kind"]), st.just("bitcoin") | hostile),
        description=texts,
        notes=optional_texts,
        update=st.booleans(),
    )
    def check(amount, currency, donated_on, anonymous, method, description, notes, update):
        data = donations.DonationInput(
            amount=amount,
            currency=currency,
            donated_on=donated_on,
            contact_id=None if anonymous else donor_id,
            anonymous=anonymous,
            method=method,
            in_kind_description=description,
            notes=notes,
        )
        if update:
            saved = attempt(db, lambda s: donations.update(s, base_id, data))
        else:
            saved = attempt(db, lambda s: donations.record(s, data))
        if saved is None:
            return
        code = clean_single_line(currency).upper()
        with db.reading() as session:
            d = donations.get(session, saved.id)
            stored = (d.amount_minor, d.currency, d.donated_on, d.contact_id, d.method, d.notes)
            described = d.in_kind_description
        assert stored == (
            expected_minor(amount, code),
            code,
            as_day(donated_on),
            None if anonymous else donor_id,
            method,
            clean_multiline(notes),
        )
        assert described == (clean_multiline(description) if method == "in_kind" else "")
        assert 0 < stored[0] <= 10**15

    check()
    database_is_sound(db)


def test_campaigns_create_and_update(db: Database) -> None:
    base = attempt(db, lambda s: campaigns.create(s, campaigns.CampaignInput("Base", "MAD")))
    assert base is not None
    base_id = base.id

    @SETTINGS
    @given(
        name=texts,
        currency=currencies,
        goal=amounts,
        description=optional_texts,
        starts_on=optional_dates,
        ends_on=optional_dates,
        update=st.booleans(),
    )
    def check(name, currency, goal, description, starts_on, ends_on, update) -> None:
        data = campaigns.CampaignInput(name, currency, goal, description, starts_on, ends_on)
        if update:
            saved = attempt(db, lambda s: campaigns.update(s, base_id, data))
        else:
            saved = attempt(db, lambda s: campaigns.create(s, data))
        if saved is None:
            return
        code = clean_single_line(currency).upper()
        with db.reading() as session:
            c = campaigns.get(session, saved.id)
            stored = (c.name, c.currency, c.goal_minor, c.description, c.starts_on, c.ends_on)
        assert stored == (
            clean_single_line(name),
            code,
            expected_minor(goal, code),
            clean_multiline(description),
            as_day(starts_on),
            as_day(ends_on),
        )

    check()
    database_is_sound(db)


def test_activities_create_and_update(db: Database) -> None:
    base = attempt(
        db,
        lambda s: activities.create(
            s, activities.ActivityInput("Base", datetime(2026, 1, 1, 9), "MAD")
        ),
    )
    assert base is not None
    base_id = base.id
    group_codes = mostly(st.sampled_from(list(BeneficiaryGroup)))

    @SETTINGS
    @given(
        title=texts,
        starts_at=moments,
        ends_at=moments,
        currency=currencies,
        kind=mostly(st.sampled_from(["training", "health"]), st.just("party") | hostile),
        place=optional_texts,
        description=optional_texts,
        count=mostly(st.integers(0, 500), st.integers()),
        groups=st.dictionaries(group_codes, mostly(st.integers(0, 99), st.integers()), max_size=4),
        cost=amounts,
        status=mostly(st.sampled_from(["planned", "done", "cancelled"]), st.just("unknown")),
        hashtags=optional_texts,
        update=st.booleans(),
    )
    def check(
        title, starts_at, ends_at, currency, kind, place, description, count, groups, cost,
        status, hashtags, update,
    ) -> None:  # fmt: skip
        data = activities.ActivityInput(
            title=title,
            starts_at=starts_at,
            currency=currency,
            ends_at=ends_at,
            type=kind,
            place=place,
            description=description,
            beneficiaries_count=count,
            beneficiary_groups=groups,
            cost=cost,
            status=status,
            hashtags=hashtags,
        )
        if update:
            saved = attempt(db, lambda s: activities.update(s, base_id, data))
        else:
            saved = attempt(db, lambda s: activities.create(s, data))
        if saved is None:
            return
        code = clean_single_line(currency).upper()
        with db.reading() as session:
            a = activities.get(session, saved.id)
            stored = (
                a.title, a.starts_at, a.ends_at, a.currency, a.type, a.place, a.description,
                a.beneficiaries_count, a.cost_minor, a.status, a.hashtags,
                {g.group_code: g.count for g in a.beneficiary_groups},
            )  # fmt: skip
        assert stored == (
            clean_single_line(title),
            starts_at,
            ends_at,
            code,
            kind,
            clean_single_line(place),
            clean_multiline(description),
            count,
            expected_minor(cost, code),
            status,
            activities.normalize_hashtags(clean_single_line(hashtags)),
            {k: v for k, v in groups.items() if v},
        )

    check()
    database_is_sound(db)


def test_association_profile_save(db: Database) -> None:
    @SETTINGS
    @given(
        names=st.tuples(texts, optional_texts, optional_texts),
        address=optional_texts,
        country=mostly(st.sampled_from(["MA", "dz", "", "EG", "sa"]), st.just("ß") | hostile),
        email=emails,
        website=optional_texts,
        currency=currencies,
        language=languages,
        month=mostly(st.integers(1, 12), st.integers(-3, 15)),
        prefix=mostly(st.sampled_from(["R", "AML-", "ر"]), st.just("R 1") | hostile),
        paper=mostly(st.sampled_from(["A4", "A5"]), st.just("Letter")),
        font=mostly(st.just("")),
        treasurer=optional_texts,
        genders=st.tuples(*[mostly(st.sampled_from([None, "", "female", "male"]))] * 2),
        status=mostly(st.sampled_from(sorted(association.LEGAL_STATUSES)), st.just("ngo")),
        detail=optional_texts,
        identifiers=mostly(st.sampled_from(["", "ICE 001234567000089\n\nIF 12345678"]) | words),
        purpose=optional_texts,
        tax_receipts=flags,
        digits=mostly(st.sampled_from([None, "latin", "arabic-indic"]), st.just("hindi")),
    )
    def check(names, address, country, email, website, currency, language, month, prefix,
              paper, font, treasurer, genders, status, detail, identifiers, purpose,
              tax_receipts, digits) -> None:  # fmt: skip
        data = association.ProfileInput(
            name_ar=names[0],
            name_fr=names[1],
            name_en=names[2],
            address=address,
            country=country,
            email=email,
            website=website,
            default_currency=currency,
            default_language=language,
            fiscal_year_start_month=month,
            receipt_prefix=prefix,
            receipt_paper=paper,
            document_font=font,
            treasurer_name=treasurer,
            president_gender=genders[0],
            treasurer_gender=genders[1],
            legal_status=status,
            legal_status_detail=detail,
            tax_identifiers=identifiers,
            purpose=purpose,
            tax_receipts=tax_receipts,
            arabic_digits=digits,
        )
        with db.reading() as session:
            before = association.get(session)
            old_country, old_digits = (before.country, before.arabic_digits) if before else ("", "")
        saved = attempt(db, lambda s: association.save(s, data))
        if saved is None:
            return
        new_country = clean_single_line(country).upper()
        if digits is None or (
            before is not None
            and new_country != old_country
            and digits == old_digits == association.default_arabic_digits(old_country)
        ):
            digits = association.default_arabic_digits(new_country)
        with db.reading() as session:
            p = association.get(session)
            assert p is not None
            stored = (
                p.name_ar, p.name_fr, p.name_en, p.address, p.country, p.email, p.website,
                p.default_currency, p.default_language, p.fiscal_year_start_month,
                p.receipt_prefix, p.receipt_paper, p.document_font, p.treasurer_name,
                p.president_gender, p.treasurer_gender, p.legal_status, p.legal_status_detail,
                p.tax_identifiers, p.purpose, p.tax_receipts, p.arabic_digits,
            )  # fmt: skip
        assert stored == (
            *(clean_single_line(name) for name in names),
            clean_multiline(address),
            clean_single_line(country).upper(),
            clean_single_line(email),
            clean_single_line(website),
            clean_single_line(currency).upper(),
            language,
            month,
            clean_single_line(prefix),
            paper,
            clean_single_line(font),
            clean_single_line(treasurer),
            genders[0] or None,
            genders[1] or None,
            status,
            clean_single_line(detail),
            "\n".join(line for line in clean_multiline(identifiers).split("\n") if line),
            clean_multiline(purpose),
            tax_receipts,
            digits,
        )

    check()
    database_is_sound(db)


# --- the cleaning rules the tests above rely on, with examples -----------------------------


@pytest.mark.parametrize(
    ("typed", "field", "message_part"),
    [
        ("   ", "name", "required"),
        ("\u200d\u200c", "name", "required"),
        ("\u0651", "name", "required"),
        ("ب" * 10_000, "name", "at most 200"),
    ],
)
def test_names_that_print_blank_or_run_on_are_refused(
    db: Database, typed: str, field: str, message_part: str
) -> None:
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        contacts.create(session, contacts.ContactInput(name=typed))
    assert message_part in refused.value.errors[field]


def test_hostile_strings_are_stored_as_plain_text(db: Database) -> None:
    names = ['=HYPERLINK("http://x","y")', "'; DROP TABLE contacts; --", "\u202eأحمد\u202c"]
    for name in names:
        saved = attempt(db, lambda s, n=name: contacts.create(s, contacts.ContactInput(name=n)))
        assert saved is not None
        assert stored_contact(db, saved.id)["name"] == clean_single_line(name)
    assert stored_contact(db, saved.id)["name"] == "أحمد"  # the override is gone


@pytest.mark.parametrize(
    "amount",
    [
        Decimal("NaN"),
        Decimal("Infinity"),
        Decimal("1E+999999999"),
        10**5000,
        float("nan"),
        "9" * 40,
    ],
    ids=["nan", "infinity", "huge-exponent", "5000-digits", "float-nan", "40-nines"],
)
def test_absurd_amounts_are_refused(db: Database, amount: object) -> None:
    data = donations.DonationInput(amount, "MAD", date(2026, 1, 1), anonymous=True)  # type: ignore
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        donations.record(session, data)
    assert set(refused.value.errors) == {"amount"}


@pytest.mark.parametrize("day", [date(1, 1, 1), date(1899, 12, 31), date(9999, 12, 31)])
def test_implausible_dates_are_refused(db: Database, day: date) -> None:
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        campaigns.create(session, campaigns.CampaignInput("Ramadan", "MAD", starts_on=day))
    assert "between 1900 and 2199" in refused.value.errors["starts_on"]
