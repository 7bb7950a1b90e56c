"""Each platform's own rules: YouTube's bytes and brackets, Instagram's links, Threads' caps."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest

from assocdesk.posts import counting
from assocdesk.posts.fitting import Draft, fit, render
from assocdesk.posts.platform_rules import (
    inline_hashtags,
    link_in_bio,
    one_leading_emoji,
    prepare_lines,
    prepare_title,
    replace_forbidden,
)
from assocdesk.posts.platforms import get_platform
from assocdesk.posts.templates import Line

YOUTUBE, INSTAGRAM, THREADS = (get_platform(k) for k in ("youtube", "instagram", "threads"))


def texts(lines: list[Line]) -> list[str]:
    return [line.text for line in lines]


def measure_for(key: str) -> Callable[[str], int]:
    platform = get_platform(key)
    return lambda text: counting.count(text, platform.count)


# --- YouTube -----------------------------------------------------------------------------------


def test_youtube_description_is_measured_in_utf8_bytes_and_fitted_so() -> None:
    assert YOUTUBE.count == "utf8-bytes" and YOUTUBE.title_count == "characters"
    sentence = "استفاد من القافلة الطبية أكثر من مئتي شخص من سكان الدوار."
    lines = [Line("✅ قافلة طبية")] + [Line(sentence, 1) for _ in range(80)]
    draft = Draft(lines=prepare_lines(lines, YOUTUBE, "ar"), tags=["#جمعية_الأمل"])
    full = render(draft.lines, draft.tags)
    assert len(full) < 5000 < counting.utf8_bytes(full)  # within 5 000 characters, not bytes
    text = fit(draft, YOUTUBE.limit, measure_for("youtube"))
    assert counting.utf8_bytes(text) <= 5000
    assert counting.utf8_bytes(text) > 4000  # shortened to the limit, not far below it


def test_youtube_refuses_angle_brackets_in_description_and_title() -> None:
    lines = [Line("<<Fête>> pour les enfants de <12 ans -> inscriptions ouvertes"), Line("a > b")]
    prepared = texts(prepare_lines(lines, YOUTUBE, "fr"))
    assert prepared == ["«Fête» pour les enfants de ‹12 ans → inscriptions ouvertes", "a › b"]
    title = prepare_title("Journée <portes ouvertes>\n| Association Al Amal", YOUTUBE)
    assert title == "Journée ‹portes ouvertes› | Association Al Amal"
    assert not {"<", ">"} & set(title)


def test_youtube_title_is_one_line_within_its_limit() -> None:
    title = prepare_title("Caravane médicale " * 10 + "\n| Association Al Amal", YOUTUBE)
    assert "\n" not in title and len(title) <= 100 and title.endswith("…")


def test_other_platforms_keep_their_brackets() -> None:
    line = [Line("<3 les bénévoles")]
    assert texts(prepare_lines(line, get_platform("facebook"), "fr")) == ["<3 les bénévoles"]
    assert replace_forbidden("a<b>c", "") == "a<b>c"
    assert replace_forbidden("a<b>c|d", "<>|") == "a‹b›cd"  # no look-alike: removed


# --- Instagram ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "left"),
    [
        ("Faites un don : https://alamal-asso.ma/dons?c=12 merci !", "Faites un don merci !"),
        ("Infos sur www.alamal.org, à bientôt", "Infos sur, à bientôt"),
        ("Faites un don : assoc.ma/dons.", "Faites un don."),
        ("تبرعوا عبر alamal.ma/ar/تبرع، شكرا لكم", "تبرعوا عبر، شكرا لكم"),
        ("Le programme (https://alamal.ma/p) est en ligne", "Le programme est en ligne"),
        ("👉 wa.me/212600000000 pour s'inscrire", "pour s'inscrire"),
    ],
)
def test_instagram_removes_every_link_a_secretary_typed(typed: str, left: str) -> None:
    prepared = prepare_lines([Line(typed, 1)], INSTAGRAM, "fr")
    assert prepared[0] == Line(left, 1)
    assert not any(counting.link_spans(line.text) for line in prepared)
    assert prepared[-1].text == "🔗 Lien dans la bio"


def test_instagram_keeps_what_only_looks_like_a_link() -> None:
    lines = [Line("Contact : contact@alamal.ma"), Line("15.000 د.م. et 3.5 tonnes"), Line("M. A.")]
    assert prepare_lines(lines, INSTAGRAM, "fr") == lines  # no link, no website: no extra line


def test_instagram_drops_a_line_that_was_only_a_link() -> None:
    lines = [Line("✅ Fête"), Line("🌐 https://alamal-asso.ma", 5)]
    assert texts(prepare_lines(lines, INSTAGRAM, "en")) == ["✅ Fête", "", "🔗 Link in bio"]


@pytest.mark.parametrize(
    ("language", "line"),
    [("ar", "🔗 الرابط في الملف الشخصي"), ("fr", "🔗 Lien dans la bio"), ("en", "🔗 Link in bio")],
)
def test_instagram_says_link_in_bio_in_the_post_language_when_there_is_a_website(
    language: str, line: str
) -> None:
    lines = [Line("✅ Fête")]
    assert prepare_lines(lines, INSTAGRAM, language) == lines  # nothing to point at
    with_site = prepare_lines(lines, INSTAGRAM, language, website="https://alamal-asso.ma")
    assert with_site == [Line("✅ Fête"), Line(""), Line(line)]
    assert link_in_bio(language) == line


def test_a_bilingual_post_says_it_in_both_languages() -> None:
    assert link_in_bio("ar+fr") == "🔗 الرابط في الملف الشخصي | Lien dans la bio"


def test_instagram_carries_at_most_five_hashtags_typed_ones_included() -> None:
    from assocdesk.posts.compose import hashtags_for

    facts = SimpleNamespace(hashtags=[f"tag{n}" for n in range(9)])
    assert INSTAGRAM.max_hashtags == 5 and INSTAGRAM.hashtag_cap == 5
    assert len(hashtags_for(facts, INSTAGRAM)) == 5  # type: ignore[arg-type]
    typed = [Line("Merci ! #Ramadan #قفة_رمضان #Solidarité")]
    kept = prepare_lines(typed, INSTAGRAM, "fr", tags=3)
    assert kept == [Line("Merci ! #Ramadan #قفة_رمضان Solidarité")]  # 3 + 2 = 5
    assert texts(prepare_lines(typed, INSTAGRAM, "fr")) == ["Merci ! Ramadan قفة رمضان Solidarité"]


# --- Threads -----------------------------------------------------------------------------------


def test_threads_keeps_five_links_the_last_go_first() -> None:
    links = [f"https://alamal.ma/{n}" for n in range(1, 8)]
    lines = [Line(" ".join(links[:4])), Line(f"Et {links[4]} puis {links[5]} enfin {links[6]}")]
    prepared = prepare_lines(lines, THREADS, "fr")
    found = [ln.text[a:b] for ln in prepared for a, b in counting.link_spans(ln.text)]
    assert found == links[:5]
    assert prepared[1].text == f"Et {links[4]} puis enfin"
    assert not any("bio" in line.text for line in prepared)  # Threads shows links: no bio line


def test_threads_carries_one_tag_typed_tags_become_words() -> None:
    assert (THREADS.max_hashtags, THREADS.hashtag_cap) == (1, 1)
    prepared = prepare_lines([Line("Bravo #Al_Amal, voir https://a.ma/p#x")], THREADS, "fr")
    assert prepared[0].text == "Bravo Al Amal, voir https://a.ma/p#x"  # a link's # is no tag
    assert inline_hashtags(prepared[0].text) == []


# --- every platform ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("✅ 🎉 Fête du quartier", "✅ Fête du quartier"),
        ("🎉🎉🎉 Bravo", "🎉 Bravo"),
        ("💚 Merci 🎉 à tous", "💚 Merci 🎉 à tous"),  # inside the sentence: left alone
        ("© 2026 ✅ ok", "© 2026 ✅ ok"),
        ("👨‍👩‍👧 🇲🇦 Familles", "👨‍👩‍👧 Familles"),
    ],
)
def test_a_line_starts_with_one_emoji_at_most(line: str, expected: str) -> None:
    assert one_leading_emoji(line) == expected
    prepared = prepare_lines([Line(line)], get_platform("bluesky"), "fr")
    assert counting.line_start_emoji(prepared[0].text) == [
        min(1, counting.line_start_emoji(line)[0])
    ]


def test_a_title_keeps_its_no_break_spaces() -> None:
    title = prepare_title("Collecte de 15\u00a0000\u00a0MAD\n|  Al Amal", YOUTUBE)
    assert title == "Collecte de 15\u00a0000\u00a0MAD | Al Amal"
