"""How documents address a person and name a signer: every language, gender and role."""

from __future__ import annotations

import pytest

from assocdesk.text.civility import base_language, civility, signer_title, with_civility


@pytest.mark.parametrize(
    ("gender", "language", "expected"),
    [
        ("male", "ar", "السيد"), ("female", "ar", "السيدة"), (None, "ar", ""),
        ("male", "fr", "M."), ("female", "fr", "Mme"), (None, "fr", ""),
        ("male", "en", "Mr"), ("female", "en", "Mrs"), (None, "en", ""),
        ("", "fr", ""), ("other", "ar", ""),
        ("female", "fr_MA", "Mme"), ("male", "ar-EG", "السيد"), ("female", "de", "Mrs"),
        ("male", None, "Mr"),
    ],
)  # fmt: skip
def test_civility(gender: str | None, language: str | None, expected: str) -> None:
    assert civility(gender, language) == expected


def test_with_civility_never_guesses() -> None:
    assert with_civility("Bouchra Belkacem", "female", "fr") == "Mme Bouchra Belkacem"
    assert with_civility("أحمد بنعلي", "male", "ar") == "السيد أحمد بنعلي"
    assert with_civility("Karim", None, "fr") == "Karim"
    assert with_civility("", "female", "fr") == ""


@pytest.mark.parametrize(
    ("role", "gender", "language", "expected"),
    [
        ("president", "male", "ar", "الرئيس"),
        ("president", "female", "ar", "الرئيسة"),
        ("president", None, "ar", "الرئيس"),
        ("treasurer", "male", "ar", "أمين المال"),
        ("treasurer", "female", "ar", "أمينة المال"),
        ("treasurer", None, "ar", "أمين المال"),
        ("secretary", "male", "ar", "الكاتب العام"),
        ("secretary", "female", "ar", "الكاتبة العامة"),
        ("secretary", None, "ar", "الكاتب العام"),
        ("president", "male", "fr", "Le président"),
        ("president", "female", "fr", "La présidente"),
        ("president", None, "fr", "Le/La président(e)"),
        ("treasurer", "male", "fr", "Le trésorier"),
        ("treasurer", "female", "fr", "La trésorière"),
        ("treasurer", None, "fr", "Le/La trésorier(ère)"),
        ("secretary", "male", "fr", "Le secrétaire général"),
        ("secretary", "female", "fr", "La secrétaire générale"),
        ("secretary", None, "fr", "Le/La secrétaire général(e)"),
        ("president", "female", "en", "President"),
        ("president", None, "en", "President"),
        ("treasurer", "male", "en", "Treasurer"),
        ("secretary", "female", "en", "Secretary"),
        ("treasurer", "female", "fr_FR", "La trésorière"),
        ("president", "", "fr", "Le/La président(e)"),
    ],
)
def test_signer_title(role: str, gender: str | None, language: str, expected: str) -> None:
    assert signer_title(role, gender, language) == expected


def test_unknown_role_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="vice"):
        signer_title("vice", "female", "fr")


def test_base_language() -> None:
    assert [base_language(x) for x in ("ar_SA", "FR", "fr-FR", "en", "", None, "es")] == [
        "ar", "fr", "fr", "en", "en", "en", "en",
    ]  # fmt: skip
