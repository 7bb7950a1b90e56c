"""Counting as each platform counts, and the one data file of limits."""

from __future__ import annotations

import json
import subprocess
import sys

from assocdesk.posts import counting
from assocdesk.posts.formatting import money, post_safe
from assocdesk.posts.platforms import PLATFORMS_FILE, all_platforms, get_platform, platform_keys


def test_x_counts_links_as_23_whatever_their_length() -> None:
    short = "Voir https://a.ma"
    long = "Voir https://alamal-asso.ma/actualites/2026/caravane-medicale-douar-ouled-saleh"
    assert counting.x_weighted(short) == len("Voir ") + 23
    assert counting.x_weighted(long) == len("Voir ") + 23


def test_x_weights_scripts_emoji_and_invisible_marks() -> None:
    assert counting.x_weighted("abc") == 3
    assert counting.x_weighted("مرحبا") == 5  # Arabic letters weigh 1 on X
    assert counting.x_weighted("日本") == 4  # CJK weighs 2
    assert counting.x_weighted("👍") == 2
    assert counting.x_weighted("👨‍👩‍👧") == 2  # one emoji sequence
    # U+200F (which Babel puts in Arabic amounts) is invisible but weighs 2.
    assert counting.x_weighted("\u200f") == 2
    assert counting.x_weighted("a\u200fb") == 4


def test_posts_keep_invisible_marks_out_of_amounts() -> None:
    from babel.numbers import format_currency

    raw = format_currency(15000, "MAD", locale="ar_MA")
    assert "\u200f" in raw  # what Babel gives…
    shown = money(1_500_000, "MAD", "ar_MA")
    assert "\u200f" not in shown and "15.000" in shown  # …and what a post gets
    assert counting.x_weighted(shown) == counting.x_weighted(post_safe(raw)) - len(",00")
    assert "\u202f" not in money(1_500_000, "MAD", "fr_MA")  # narrow space weighs 2 on X


def test_threads_counts_emoji_by_their_utf8_bytes() -> None:
    assert counting.threads_length("abc") == 3
    assert counting.threads_length("مرحبا") == 5
    assert counting.threads_length("👍") == 4
    assert counting.threads_length("👍🏽") == 8  # with a skin tone: one cluster, 8 bytes
    assert counting.threads_length("❤️") == 6  # U+2764 U+FE0F
    assert counting.threads_length("🇲🇦") == 8  # a flag: two regional indicators


def test_bluesky_counts_graphemes() -> None:
    assert counting.graphemes("abc") == 3
    assert counting.graphemes("👍🏽") == 1
    assert counting.graphemes("👨‍👩‍👧") == 1
    assert counting.graphemes("é") == 1 and counting.graphemes("e\u0301") == 1
    assert counting.graphemes("مُحَمَّد") == 4  # vowel marks join their letter
    assert counting.characters("e\u0301") == 2


def test_limits_come_from_the_data_file() -> None:
    data = json.loads(PLATFORMS_FILE.read_text(encoding="utf-8"))
    assert [p["key"] for p in data["platforms"]] == list(platform_keys())
    assert set(platform_keys()) == {
        "facebook", "whatsapp", "x", "instagram", "linkedin", "youtube", "threads", "bluesky",
    }  # fmt: skip
    x, instagram = get_platform("x"), get_platform("instagram")
    assert (x.limit, x.count) == (280, "x-weighted")
    assert (instagram.limit, instagram.max_hashtags) == (2200, 5)
    assert get_platform("linkedin").limit == 3000
    threads = get_platform("threads")
    assert (threads.limit, threads.count, threads.max_hashtags, threads.max_links) == (
        500, "threads", 1, 5,
    )  # fmt: skip
    assert (get_platform("bluesky").limit, get_platform("bluesky").count) == (300, "graphemes")
    assert get_platform("facebook").limit == 63206
    youtube = get_platform("youtube")
    assert (youtube.title_limit, youtube.limit) == (100, 5000)
    assert (youtube.count, youtube.title_count, youtube.forbidden) == (
        "utf8-bytes",
        "characters",
        "<>",
    )
    assert [p.key for p in all_platforms() if p.thread] == ["x"]
    assert [p.key for p in all_platforms() if p.link_in_bio] == ["instagram"]
    assert all(p.hashtag_cap <= (p.max_hashtags or 99) for p in all_platforms())
    assert data["checked_on"] >= "2026-12-07"


def test_an_unknown_counting_kind_in_the_data_file_is_refused() -> None:
    import pytest

    from assocdesk.posts.platforms import _platform

    entry = {"key": "k", "name": "K", "limit": 1, "count": "characters", "style": "short"}
    assert _platform(entry).title_count == "characters"
    with pytest.raises(ValueError):
        _platform({**entry, "title_count": "words"})
    with pytest.raises(ValueError):
        _platform({**entry, "count": "bytes"})


def test_youtube_counts_utf8_bytes() -> None:
    assert counting.utf8_bytes("abc") == 3
    assert counting.utf8_bytes("مرحبا") == 10  # an Arabic letter is 2 bytes
    assert counting.utf8_bytes("é") == 2 and counting.utf8_bytes("👍") == 4
    assert counting.count("مرحبا", get_platform("youtube").count) == 10


def test_links_are_found_as_x_finds_them() -> None:
    def links(text: str) -> list[str]:
        return [text[a:b] for a, b in counting.link_spans(text)]

    assert links("Voir https://a.ma/x?b=1. Fin") == ["https://a.ma/x?b=1"]
    assert links("www.alamal.org et assoc.ma/dons, merci") == ["www.alamal.org", "assoc.ma/dons"]
    assert links("زوروا alamal.ma/ar/تبرع، شكرا") == ["alamal.ma/ar/تبرع"]  # Arabic path whole
    assert links("(https://a.ma/x)") == ["https://a.ma/x"]
    assert links("contact@alamal.ma, 15.000 د.م., 3.5 kg, M. A.") == []


def test_emoji_are_counted_as_a_reader_sees_them() -> None:
    assert counting.emoji_count("👍🏽 et 🇲🇦 ❤️ 👨‍👩‍👧 1️⃣") == 5
    assert counting.emoji_count("© 2026, ™, 10 → 12") == 0  # text-style symbols
    assert counting.line_start_emoji("✅ 🎉 Fête\n\nrien 🎉\n👨‍👩‍👧🇲🇦x\n© 2026") == [2, 0, 0, 2, 0]


def test_unknown_platform_names_the_known_ones() -> None:
    import pytest

    from assocdesk.posts.platforms import UnknownPlatform

    with pytest.raises(UnknownPlatform, match="facebook, whatsapp"):
        get_platform("myspace")


def test_x_is_counted_where_setuptools_has_no_pkg_resources() -> None:
    """twitter-text-parser imports pkg_resources, gone from setuptools 82 and absent from a
    fresh Python 3.12 environment; counting for X must work there (fresh interpreter, with
    pkg_resources made unimportable), and leave pkg_resources as it found it."""
    script = (
        "import sys\n"
        "sys.modules['pkg_resources'] = None  # import pkg_resources now raises ImportError\n"
        "from assocdesk.posts import counting\n"
        "print(counting.x_weighted('Voir https://alamal-asso.ma 👨‍👩‍👧 مرحبا'))\n"
        "print(sys.modules['pkg_resources'] is None)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == [str(len("Voir ") + 23 + 1 + 2 + 1 + 5), "True"]
