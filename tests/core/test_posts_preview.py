"""Where each platform's feed folds a post behind "See more" (assocdesk.posts.preview)."""

from __future__ import annotations

import pytest

from assocdesk.posts import counting
from assocdesk.posts.platforms import platform_keys
from assocdesk.posts.preview import FOLDS, Fold, cut_position, fold_for, preview

WORDS_FR = " ".join(["Nettoyage de la plage avec les jeunes du quartier."] * 20)  # ~1000 chars
WORDS_AR = " ".join(["نظّمنا حملة لتنظيف الشاطئ مع شباب الحي."] * 30)


def shown_length(text: str, platform: str) -> int:
    return counting.graphemes(preview(text, platform, "fr").shown)


@pytest.mark.parametrize(
    ("platform", "characters"), [("facebook", 477), ("instagram", 125), ("linkedin", 210)]
)
@pytest.mark.parametrize("text", [WORDS_FR, WORDS_AR], ids=["fr", "ar"])
def test_long_text_is_cut_at_a_word_near_the_platforms_fold(
    platform: str, characters: int, text: str
) -> None:
    result = preview(text, platform, "fr")
    assert result.folded and result.cut_at == len(result.shown)
    # Never past the fold, and not much before it: at most one word back.
    assert characters - 12 <= counting.graphemes(result.shown) <= characters
    # At a word's end: what follows is a space, never the middle of a word.
    assert text[result.cut_at] == " " and not result.shown.endswith(" ")
    assert text.startswith(result.shown)


@pytest.mark.parametrize("platform", ["x", "whatsapp", "threads", "bluesky"])
def test_platforms_that_show_the_whole_text_never_cut(platform: str) -> None:
    result = preview(WORDS_FR, platform, "fr")
    assert not result.folded and result.shown == WORDS_FR.rstrip() and result.more == ""
    assert fold_for(platform) == Fold(None, None, "")


def test_every_platform_has_a_rule_and_the_folds_are_known_platforms() -> None:
    assert set(FOLDS) <= set(platform_keys())
    for key in platform_keys():
        fold_for(key)  # no KeyError: the platforms without a fold show everything


def test_lines_fold_before_characters() -> None:
    """Instagram shows two lines; LinkedIn three; Facebook five: a short list folds early."""
    text = "Ligne 1\nLigne 2\nLigne 3\nLigne 4\nLigne 5\nLigne 6"
    assert preview(text, "instagram", "fr").shown == "Ligne 1\nLigne 2"
    assert preview(text, "linkedin", "fr").shown == "Ligne 1\nLigne 2\nLigne 3"
    assert preview(text, "facebook", "fr").shown == "Ligne 1\nLigne 2\nLigne 3\nLigne 4\nLigne 5"
    assert cut_position(text, fold_for("instagram")) == text.index("\nLigne 3")


def test_an_empty_line_is_a_line_and_trailing_blanks_are_not_hidden() -> None:
    text = "✅ Titre\n\nPremier paragraphe."
    # Instagram: the title and the empty line are its two lines.
    assert preview(text, "instagram", "fr").shown == "✅ Titre"
    # Nothing but spaces after the fold: nothing is hidden, no "See more".
    assert not preview("Court.\n\n   \n", "instagram", "fr").folded


def test_short_text_is_shown_whole_on_every_platform() -> None:
    for key in platform_keys():
        result = preview("Merci à tous !", key, "fr")
        assert (result.shown, result.folded) == ("Merci à tous !", False)


def test_characters_are_counted_as_a_reader_sees_them() -> None:
    """An emoji with its skin tone, or a letter with its vowel marks, is one character: a
    cut never splits one (Instagram: 125)."""
    text = "👍🏽" * 200
    shown = preview(text, "instagram", "fr").shown
    assert counting.graphemes(shown) == 125 and shown == "👍🏽" * 125
    vowelled = "شُكْرًا " * 60
    cut = preview(vowelled, "instagram", "ar").shown
    assert vowelled.startswith(cut) and cut.endswith("شُكْرًا")


def test_a_word_longer_than_half_the_fold_is_cut_inside() -> None:
    """One huge word (a link) is cut where the fold falls, not dropped whole."""
    text = "Lien https://example.org/" + "a" * 300
    shown = preview(text, "instagram", "fr").shown
    assert counting.graphemes(shown) == 125 and shown.startswith("Lien https://example.org/aaa")


@pytest.mark.parametrize(
    ("language", "facebook", "instagram"),
    [("fr", "Voir plus", "plus"), ("ar", "عرض المزيد", "المزيد"), ("en", "See more", "more")],
)
def test_see_more_is_said_in_the_posts_language(
    language: str, facebook: str, instagram: str
) -> None:
    assert preview(WORDS_FR, "facebook", language).more == facebook
    assert preview(WORDS_FR, "instagram", language).more == instagram
    # A post in two languages: its first language (Arabic first in the Maghreb).
    assert preview(WORDS_AR, "linkedin", f"{language}+fr").more == instagram
