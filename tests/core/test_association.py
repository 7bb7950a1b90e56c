"""The association's profile: first-run creation, later edits, validation."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from assocdesk.models import AssociationProfile
from assocdesk.services import association
from assocdesk.services.association import ProfileInput
from assocdesk.services.errors import ValidationError
from assocdesk.storage.engine import Database


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


# --- mentions a receipt needs, set once (issue 16) ----------------------------------------------


def test_documents_and_tax_fields_are_kept(db: Database) -> None:
    save(
        db,
        ProfileInput(
            name_ar="جمعية الأمل",
            country="MA",
            president_name="فاطمة الزهراء العلوي",
            president_gender="female",
            treasurer_gender="male",
            legal_status="public_utility",
            legal_status_detail=" Décret n° 2-13-456  du 12 juin 2013 ",
            tax_identifiers="ICE 001234567000089\n\n  IF 12345678  \n",
            purpose="Aide aux familles\nsoutien scolaire",
            tax_receipts=True,
        ),
    )
    with db.reading() as session:
        profile = association.get(session)
        assert profile is not None
        assert (profile.president_gender, profile.treasurer_gender) == ("female", "male")
        assert profile.legal_status == "public_utility"
        assert profile.legal_status_detail == "Décret n° 2-13-456 du 12 juin 2013"
        assert profile.tax_identifiers == "ICE 001234567000089\nIF 12345678"  # blank lines out
        assert profile.purpose == "Aide aux familles\nsoutien scolaire"
        assert profile.tax_receipts is True
        assert profile.arabic_digits == "latin"  # Morocco
        data = ProfileInput.from_profile(profile)
        assert (data.legal_status, data.arabic_digits) == ("public_utility", "latin")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"president_gender": "Mme"}, "president_gender"),
        ({"treasurer_gender": "m"}, "treasurer_gender"),
        ({"legal_status": "ngo"}, "legal_status"),
        ({"legal_status_detail": "x" * 301}, "legal_status_detail"),
        ({"tax_identifiers": "ICE 1\n" * 100}, "tax_identifiers"),
        ({"purpose": "p" * 1001}, "purpose"),
        ({"arabic_digits": "hindi"}, "arabic_digits"),
    ],
)
def test_invalid_mentions_are_refused_beside_their_field(
    db: Database, fields: dict, field: str
) -> None:
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        association.save(session, ProfileInput(name_ar="جمعية", **fields))
    assert set(caught.value.errors) == {field}


@pytest.mark.parametrize(
    ("country", "digits"),
    [("EG", "arabic-indic"), ("sa", "arabic-indic"), ("AE", "arabic-indic"),
     ("QA", "arabic-indic"), ("KW", "arabic-indic"), ("BH", "arabic-indic"),
     ("OM", "arabic-indic"), ("MA", "latin"), ("DZ", "latin"), ("TN", "latin"),
     ("FR", "latin"), ("", "latin")],
)  # fmt: skip
def test_digits_of_arabic_documents_follow_the_country_at_creation(
    db: Database, country: str, digits: str
) -> None:
    save(db, ProfileInput(name_ar="جمعية", country=country))
    with db.reading() as session:
        profile = association.get(session)
        assert profile is not None and profile.arabic_digits == digits


def digits_after(db: Database, **changes: object) -> str:
    with db.transaction() as session:
        profile = association.get(session)
        assert profile is not None
        data = ProfileInput.from_profile(profile)
        for name, value in changes.items():
            setattr(data, name, value)
        return association.save(session, data).arabic_digits


def test_digits_follow_a_new_country_unless_chosen(db: Database) -> None:
    save(db, ProfileInput(name_ar="جمعية", country="MA"))
    # Never chosen (still Morocco's default): moving to Egypt brings Egypt's digits.
    assert digits_after(db, country="EG") == "arabic-indic"
    # Chosen: Latin digits in Egypt stay Latin when the country changes again.
    assert digits_after(db, arabic_digits="latin") == "latin"
    assert digits_after(db, country="SA") == "latin"
    # Back in Morocco, Latin is the default again: the next move follows the country once more.
    assert digits_after(db, country="MA") == "latin"
    assert digits_after(db, country="KW", arabic_digits="latin") == "arabic-indic"
    # Changed in the same save as the country: the choice wins over the new country's default.
    assert digits_after(db, country="EG", arabic_digits="latin") == "latin"
    # Same country, any value: kept as given.
    assert digits_after(db, arabic_digits="latin") == "latin"


def test_legal_status_labels() -> None:
    assert set(association.LEGAL_STATUSES) == {
        "", "declared", "public_utility", "general_interest", "ncnp_licensed", "mss_registered",
    }  # fmt: skip
    assert all(len(code) <= 30 for code in association.LEGAL_STATUSES)
    assert set(association.LEGAL_STATUS_COUNTRY) <= set(association.LEGAL_STATUSES)
    assert association.legal_status_label("public_utility") == (
        "Association recognized as being of public utility"
    )
    assert association.legal_status_label("odd") == "odd"
    from assocdesk.i18n import translate_in

    assert translate_in("ar", association.LEGAL_STATUSES["public_utility"]) == (
        "جمعية ذات منفعة عامة"
    )
    assert translate_in("fr", association.LEGAL_STATUSES["general_interest"]) == (
        "Association d'intérêt général"
    )


def test_the_basics_read_without_orm_agree_with_the_profile(db: Database) -> None:
    """profile_basics reads the table with its own SQL (no ORM class before the window shows):
    it must name the model's columns and give what the ORM gives."""
    with db.reading() as session:
        assert association.basics(session) is None
    save(
        db,
        ProfileInput(
            name_fr="Association Al Amal",
            country="dz",
            default_currency="dzd",
            default_language="fr",
        ),
    )
    with db.reading() as session:
        basics = association.basics(session)
        profile = association.get(session)
        assert basics is not None and profile is not None
        assert (
            (basics.country, basics.default_currency, basics.default_language)
            == (
                profile.country,
                profile.default_currency,
                profile.default_language,
            )
            == ("DZ", "DZD", "fr")
        )
        for language in ("ar", "fr", "en"):
            assert basics.name_in(language) == profile.name_in(language) == "Association Al Amal"
        assert association.is_configured(session)
