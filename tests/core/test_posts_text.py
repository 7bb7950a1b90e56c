"""Hashtags, templates and fitting, on plain text (no database)."""

from __future__ import annotations

import pytest

from assocdesk.posts import counting
from assocdesk.posts.fitting import ELLIPSIS, Draft, fit, render
from assocdesk.posts.hashtags import collect, make_hashtag, split_tags
from assocdesk.posts.templates import (
    OCCASIONS,
    TEMPLATE_STYLES,
    Line,
    default_template,
    fill,
    placeholders,
)


@pytest.mark.parametrize(
    ("raw", "tag"),
    [
        ("جمعية الأمل", "#جمعية_الأمل"),
        ("#عيد الأضحى!", "#عيد_الأضحى"),
        ("عِيدٌ مُبَارَك", "#عيد_مبارك"),  # vowel marks dropped
        ("قفة، رمضان", "#قفة_رمضان"),  # Arabic comma is punctuation
        ("Aïn-Diab", "#Aïn_Diab"),
        ("rentrée scolaire 2026", "#rentrée_scolaire_2026"),
        ("l'école", "#l_école"),
        ("2026", ""),  # digits only: not a tag
        ("!!!", ""),
    ],
)
def test_hashtags_are_written_so_platforms_read_them_whole(raw: str, tag: str) -> None:
    assert make_hashtag(raw) == tag


def test_hashtags_are_deduplicated_in_order() -> None:
    assert collect(["#جمعية_الأمل", "#Santé"], ["santé", "جمعية الأمل", "#رمضان"]) == [
        "#جمعية_الأمل",
        "#Santé",
        "#رمضان",
    ]
    assert split_tags("#a, b_c،  #d") == ["#a", "#b_c", "#d"]


def test_fill_drops_lines_with_missing_facts_and_reads_ranks() -> None:
    template = "✅ {title}\n[2] 📍 {place}\n\n[1] {description}\nMerci {unknown}"
    lines = fill(template, {"title": "Fête", "place": "", "description": "Un beau jour"})
    assert lines == [
        Line("✅ Fête"),
        Line(""),
        Line("Un beau jour", 1),
        Line("Merci {unknown}"),  # a typo in a user's template shows, it is not hidden
    ]
    assert placeholders(template) == ["title", "place", "description", "unknown"]


def test_every_builtin_template_exists_and_uses_known_placeholders() -> None:
    from assocdesk.posts.occasions import PLACEHOLDERS

    for language in ("ar", "fr", "en"):
        for occasion in OCCASIONS:
            for style in TEMPLATE_STYLES:
                template = default_template(occasion, style, language)
                assert template.strip(), (occasion, style, language)
                unknown = set(placeholders(template)) - set(PLACEHOLDERS[occasion])
                assert not unknown, (occasion, style, language, unknown)


def tokens(text: str) -> list[str]:
    return text.split()


def assert_cut_only_between_tokens(fitted: str, full: str) -> None:
    """Every token of the fitted text is a whole token of the full one (one may end in …)."""
    whole = set(tokens(full))
    for token in tokens(fitted):
        if token in whole:
            continue
        assert token.endswith(ELLIPSIS) and token[: -len(ELLIPSIS)] in whole, token


def x_len(text: str) -> int:
    return counting.x_weighted(text)


def test_fitting_drops_extra_tags_then_optional_lines_in_order() -> None:
    draft = Draft(
        lines=[
            Line("✅ Distribution de paniers"),
            Line("📅 14 mars 2026"),
            Line("A" * 60, 2),
            Line("B" * 60, 1),
            Line("👥 264 bénéficiaires"),
        ],
        tags=["#Al_Amal", "#solidarité", "#Ramadan"],
        key_figures=["264"],
    )
    full = render(draft.lines, draft.tags)
    assert x_len(full) > 120
    fitted = fit(draft, 120, x_len)
    assert x_len(fitted) <= 120
    assert "B" * 60 not in fitted  # rank 1 went first
    assert "#Al_Amal" in fitted and "#Ramadan" not in fitted
    assert "264" in fitted and "14 mars 2026" in fitted
    assert fit(draft, 1000, x_len) == full


def test_a_long_title_is_shortened_between_words_and_figures_stay() -> None:
    title = "✅ " + " ".join(["قافلة طبية متعددة التخصصات لفائدة ساكنة الدواوير"] * 6)
    draft = Draft(
        lines=[Line(title), Line("📅 14 مارس 2026"), Line("👥 لفائدة 264 مستفيد ومستفيدة")],
        tags=["#جمعية_الأمل"],
        key_figures=["264"],
    )
    full = render(draft.lines, draft.tags)
    for limit, measure in ((140, x_len), (100, counting.graphemes), (90, counting.threads_length)):
        fitted = fit(draft, limit, measure)
        assert measure(fitted) <= limit
        assert "264" in fitted and "14 مارس 2026" in fitted and "#جمعية_الأمل" in fitted
        assert fitted.startswith("✅ قافلة") and ELLIPSIS in fitted
        assert_cut_only_between_tokens(fitted, full)


def test_links_emoji_and_hashtags_are_never_cut() -> None:
    line = " ".join(
        ["https://alamal-asso.ma/a/very/long/path", "👨‍👩‍👧‍👦", "#تضامن", "مرحبا", "🇲🇦"] * 12
    )
    draft = Draft(lines=[Line(line)], tags=[])
    for limit in (30, 61, 97, 150):
        for measure in (x_len, counting.graphemes, counting.threads_length, counting.characters):
            fitted = fit(draft, limit, measure)
            assert measure(fitted) <= limit
            assert_cut_only_between_tokens(fitted, line)
