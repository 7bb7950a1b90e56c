"""The association's profile: first-run creation, later edits, validation."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from assocdesk.db import Database
from assocdesk.models import AssociationProfile
from assocdesk.services import association
from assocdesk.services.association import ProfileInput
from assocdesk.services.errors import ValidationError


def save(db: Database, data: ProfileInput) -> int:
    with db.transaction() as session:
        profile = association.save(session, data)
        session.flush()
        return profile.id


def test_no_profile_before_first_run(db: Database) -> None:
    with db.reading() as session:
        assert association.get(session) is None
        assert not association.is_configured(session)


def test_first_save_creates_then_updates_the_one_profile(db: Database, audit_events) -> None:
    first_id = save(
        db,
        ProfileInput(
            name_ar="جمعية الأمل",
            name_fr="Association Al Amal",
            city="Fès",
            country="ma",
            email="contact@alamal.ma",
            default_currency="mad",
            receipt_prefix="AML",
            hashtags="Fès, #solidarité",
        ),
    )
    with db.transaction() as session:
        profile = association.get(session)
        assert profile is not None and profile.id == first_id
        assert (profile.country, profile.default_currency) == ("MA", "MAD")
        assert profile.hashtags == "#Fès #solidarité"
        assert association.is_configured(session)
        data = ProfileInput.from_profile(profile)
        data.name_en, data.default_language = "Al Amal Association", "fr"
        association.save(session, data)
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(AssociationProfile)) == 1
        profile = association.get(session)
        assert profile is not None
        assert (profile.name_en, profile.default_language) == ("Al Amal Association", "fr")
        assert profile.name_in("en") == "Al Amal Association"
        events = audit_events(session, "association_profile", first_id)
        assert [action for action, _ in events] == ["create", "update"]
        assert events[1][1] == {
            "before": {"name_en": "", "default_language": "ar"},
            "after": {"name_en": "Al Amal Association", "default_language": "fr"},
        }


def test_name_in_falls_back_to_any_name(db: Database) -> None:
    save(db, ProfileInput(name_fr="Association Al Amal"))
    with db.reading() as session:
        profile = association.get(session)
        assert profile is not None
        assert profile.name_in("ar") == "Association Al Amal"
        assert profile.name_in("en") == "Association Al Amal"
        # Configured means it has a name, in whatever language.
        assert association.is_configured(session)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name_ar": "", "name_fr": " ", "name_en": "\u202e"}, "name_ar"),
        ({"email": "contact@"}, "email"),
        ({"default_currency": "XXX1"}, "default_currency"),
        ({"default_language": "de"}, "default_language"),
        ({"fiscal_year_start_month": 13}, "fiscal_year_start_month"),
        ({"fiscal_year_start_month": 0}, "fiscal_year_start_month"),
        ({"receipt_prefix": ""}, "receipt_prefix"),
        ({"receipt_prefix": "R 2"}, "receipt_prefix"),
        ({"receipt_prefix": "R/"}, "receipt_prefix"),
        ({"receipt_prefix": "R" * 13}, "receipt_prefix"),
        ({"country": "MAR"}, "country"),
    ],
)
def test_invalid_profile_is_refused(db: Database, fields: dict, field: str) -> None:
    data = ProfileInput(**{"name_ar": "جمعية الأمل", **fields})
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        association.save(session, data)
    assert caught.value.field == field
    assert field in caught.value.errors
    with db.reading() as session:
        assert association.get(session) is None


def test_failed_update_keeps_the_old_profile(db: Database) -> None:
    save(db, ProfileInput(name_ar="جمعية الأمل", receipt_prefix="AML"))
    with db.transaction() as session, pytest.raises(ValidationError):
        association.save(session, ProfileInput(name_ar="جديد", receipt_prefix=""))
    with db.reading() as session:
        profile = association.get(session)
        assert profile is not None
        assert (profile.name_ar, profile.receipt_prefix) == ("جمعية الأمل", "AML")


def test_receipt_prefix_may_hold_a_dash_and_arabic_letters(db: Database) -> None:
    save(db, ProfileInput(name_ar="جمعية", receipt_prefix="AML-FES"))
    save(db, ProfileInput(name_ar="جمعية", receipt_prefix="ج"))
    with db.reading() as session:
        profile = association.get(session)
        assert profile is not None and profile.receipt_prefix == "ج"
