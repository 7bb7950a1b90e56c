"""What a picture card says, without Qt: its sizes, its text without emoji, its alt text."""

from __future__ import annotations

import itertools
import re

import pytest

from assocdesk.i18n import translate_in
from assocdesk.posts.card import (
    CARD_SIZE_LABELS,
    CARD_SIZES,
    CardContent,
    Figure,
    alt_text,
    card_text,
    french_of,
)
from assocdesk.posts.formatting import money


def test_the_four_sizes() -> None:
    assert CARD_SIZES == {
        "square": (1080, 1080),
        "portrait": (1080, 1350),
        "story": (1080, 1920),
        "wide": (1200, 630),
    }
    assert CARD_SIZE_LABELS.keys() == CARD_SIZES.keys()
    for key, label in CARD_SIZE_LABELS.items():
        width, height = CARD_SIZES[key]
        assert f"{width}×{height}" in label
        for language in ("ar", "fr"):
            translated = translate_in(language, label)
            assert f"{width}×{height}" in translated
        assert re.search("[\u0600-\u06ff]", translate_in("ar", label))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("🎉 Distribution de paniers 🙏", "Distribution de paniers"),
        ("Bravo 👍🏽 à nos bénévoles !", "Bravo à nos bénévoles !"),  # skin tone with it
        ("1️⃣ Collecte 🇲🇦 réussie", "Collecte réussie"),  # keycap, flag
        ("Famille 👨‍👩‍👧 heureuse", "Famille heureuse"),  # ZWJ sequence, whole
        ("شكرًا ❤️ لمتطوعينا ❤", "شكرًا لمتطوعينا"),  # with and without the selector
        ("Écosse 🏴󠁧󠁢󠁳󠁣󠁴󠁿 !", "Écosse !"),  # tag sequence
        ("Merci 🙏, à bientôt", "Merci, à bientôt"),  # no space left before the comma
        ("© Al Amal ™", "© Al Amal ™"),  # typographic signs are kept
        ("توزيع القفف", "توزيع القفف"),
        ("111\u00a0950\u00a0MAD", "111\u00a0950\u00a0MAD"),  # no-break spaces are kept
        ("🎉🎉", ""),
    ],
)
def test_card_text_leaves_emoji_out(text: str, expected: str) -> None:
    assert card_text(text) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Association Al Amal", "de l'Association Al Amal"),
        ("Fondation Orient", "de la Fondation Orient"),
        ("Club des jeunes", "du Club des jeunes"),
        ("Les Amis du livre", "des Amis du livre"),
        ("Al Amal", "d'Al Amal"),
        ("Tizi Nouvel Horizon", "de Tizi Nouvel Horizon"),
    ],
)
def test_french_of_takes_the_article_the_name_needs(name: str, expected: str) -> None:
    assert french_of(name) == expected


def card(language: str, **changes: object) -> CardContent:
    base = {
        "fr": ("Association Al Amal", "🎉 Distribution de paniers", "12 mars 2025",
               [Figure("264", "bénéficiaires"), Figure("12", "bénévoles")]),
        "ar": ("جمعية الأمل", "توزيع القفف ❤️", "12 مارس 2025",
               [Figure("264", "مستفيدًا"), Figure("12", "متطوعًا")]),
        "en": ("Al Amal Association", "Food baskets", "12 March 2025",
               [Figure("264", "beneficiaries"), Figure("12", "volunteers")]),
    }[language]  # fmt: skip
    fields = dict(zip(("association", "title", "date", "figures"), base, strict=True))
    fields.update(changes)
    return CardContent(language=language, **fields)  # type: ignore[arg-type]


def test_alt_text_in_french() -> None:
    assert alt_text(card("fr")) == (
        "Visuel de l'Association Al Amal : « Distribution de paniers », 12 mars 2025. "
        "264 bénéficiaires, 12 bénévoles."
    )


def test_alt_text_in_arabic() -> None:
    assert alt_text(card("ar")) == (
        "صورة من جمعية الأمل: «توزيع القفف»، 12 مارس 2025. 264 مستفيدًا، 12 متطوعًا."
    )


def test_alt_text_in_english() -> None:
    assert alt_text(card("en")) == (
        "Picture by Al Amal Association: “Food baskets”, 12 March 2025. "
        "264 beneficiaries, 12 volunteers."
    )


def test_alt_text_leaves_empty_fields_out() -> None:
    assert alt_text(card("fr", date="", figures=[])) == (
        "Visuel de l'Association Al Amal : « Distribution de paniers »."
    )
    assert alt_text(card("ar", association="", title="")) == (
        "صورة المنشور، 12 مارس 2025. 264 مستفيدًا، 12 متطوعًا."
    )
    assert alt_text(card("en", association="", title="", date="", figures=[])) == "Post picture."
    assert alt_text(card("fr", figures=[Figure("", ""), Figure("12", "bénévoles")])).endswith(
        "2025. 12 bénévoles."
    )


def test_alt_text_ends_once_after_an_amount_or_an_exclamation() -> None:
    amount = money(11_195_000, "MAD", "ar_MA")  # "111.950 د.م."
    text = alt_text(card("ar", figures=[Figure("264", "مستفيدًا"), Figure(amount, "")]))
    assert text.endswith("264 مستفيدًا، 111.950\u00a0د.م.")
    assert alt_text(card("en", title="Thank you!", date="", figures=[])).endswith("“Thank you!”")
    assert alt_text(card("en", title="Thank you!", date="")).endswith(
        ": “Thank you!” 264 beneficiaries, 12 volunteers."
    )


FIELDS = {
    "association": ["", "Al Amal."],
    "title": ["", "Bravo !", "Fin.", "🎉"],
    "date": ["", "2025"],
    "figures": [[], [Figure("12", "bénévoles.")], [Figure("5 000 د.م.", "")]],
}


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_alt_text_never_doubles_punctuation(language: str) -> None:
    space_before = r"\s[.,،]" if language == "fr" else r"\s[.,،:]"  # French: « Visuel : »
    doubled = re.compile(r"[.,،:;!?؟]\s*[.,،:;]|^\W|\s{2}|" + space_before)
    for association, title, date, figures in itertools.product(*FIELDS.values()):
        text = alt_text(card(language, association=association, title=title, date=date,
                             figures=figures))  # fmt: skip
        without_amounts = text.replace("د.م.", "DH")
        assert not doubled.search(without_amounts), text
        assert text.endswith((".", "!", "»", "”")), text
        assert "🎉" not in text
