"""A post too long for X, offered as a numbered thread: every part within 280 by X's count."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assocdesk.posts import counting
from assocdesk.posts.platforms import get_platform
from assocdesk.posts.templates import Line
from assocdesk.posts.x_thread import split_thread, thread_for

LIMIT = 280
NUMBER = re.compile(r" (\d+)/(\d+)$")


def unnumbered(parts: list[str]) -> list[str]:
    """The parts without their " k/n", after checking that k and n are right."""
    out = []
    for k, part in enumerate(parts, start=1):
        match = NUMBER.search(part)
        assert match, part
        assert (int(match.group(1)), int(match.group(2))) == (k, len(parts))
        out.append(part[: match.start()])
    return out


def closing_tags(text: str) -> list[str]:
    """The hashtags of the text's last paragraph when it holds nothing else."""
    head, _sep, last = text.strip().rpartition("\n\n")
    words = last.split()
    if head.strip() and words and all(w.startswith(("#", "＃")) for w in words):
        return words
    return []


def assert_every_word_in_order(parts: list[str], text: str) -> None:
    tags = closing_tags(text)
    body = text.split()[: len(text.split()) - len(tags)]
    pieces = [part.split() for part in unnumbered(parts)]
    if tags:  # the tag line ends the first part (or, failing that, the last)
        holder = 0 if pieces[0][-len(tags) :] == tags else len(pieces) - 1
        assert pieces[holder][-len(tags) :] == tags
        pieces[holder] = pieces[holder][: -len(tags)]
    assert [word for piece in pieces for word in piece] == body


# --- random texts: Arabic, Latin, emoji, long words, links, hashtags -------------------------

LATIN = "abcdefghijklmnopqrstuvwxyzéèàçôœÉÀ'-"
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى"
EMOJI = ["👍", "👍🏽", "👨‍👩‍👧", "🇲🇦", "❤️", "1️⃣", "✅", "🤝", "🎉"]
ENDINGS = ["", "", "", ".", "!", "؟", "،", ",", "…", ":"]

latin_word = st.text(alphabet=LATIN, min_size=1, max_size=12)
arabic_word = st.text(alphabet=ARABIC, min_size=1, max_size=12)
long_word = st.text(alphabet=LATIN + ARABIC, min_size=40, max_size=100)
emoji = st.sampled_from(EMOJI)
emoji_run = st.lists(emoji, min_size=2, max_size=30).map("".join)  # up to 60 by X's count
glued = st.tuples(emoji, arabic_word | latin_word).map("".join)  # "🎉Fête"
link = st.builds(
    lambda host, path: f"https://{host}/{path}",
    st.sampled_from(["alamal-asso.ma", "www.example.org", "fb.me"]),
    st.text(alphabet="abcdefxyz0123456789-_/", max_size=150),
) | st.sampled_from(["assoc.ma/dons", "www.alamal.org", "wa.me/212600000000"])
hashtag = st.tuples(st.just("#"), arabic_word | latin_word).map("".join)
number = st.integers(min_value=0, max_value=10**9).map(str)
word = st.tuples(
    st.one_of(
        arabic_word,
        arabic_word,
        latin_word,
        latin_word,
        long_word,
        emoji,
        emoji_run,
        glued,
        link,
        hashtag,
        number,
    ),
    st.sampled_from(ENDINGS),
).map("".join)
separator = st.sampled_from([" "] * 10 + ["\n", "\n\n"])


@st.composite
def post_texts(draw: st.DrawFn) -> str:
    pair = st.tuples(word, separator)
    pairs = draw(
        st.lists(pair, min_size=1, max_size=15) | st.lists(pair, min_size=40, max_size=100)
    )
    text = "".join(w + s for w, s in pairs).strip()
    tags = draw(st.lists(hashtag, max_size=3))
    return f"{text}\n\n{' '.join(tags)}" if tags else text


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(post_texts())
def test_every_part_fits_x_and_nothing_is_lost(text: str) -> None:
    parts = split_thread(text, LIMIT, counting.x_weighted)
    if counting.x_weighted(text.strip()) <= LIMIT:
        assert parts == [text.strip()]  # a text that fits is not split, nor numbered
        return
    assert len(parts) >= 2
    for part in parts:
        assert counting.x_weighted(part) <= LIMIT, part
    assert_every_word_in_order(parts, text)


# --- where the parts are cut -------------------------------------------------------------------


def test_whole_paragraphs_go_together_when_they_fit() -> None:
    paragraphs = [f"Paragraphe {n} : " + "mot " * 30 + "fin." for n in range(1, 4)]
    text = "\n\n".join(paragraphs)
    parts = unnumbered(split_thread(text, LIMIT, counting.x_weighted))
    assert parts == paragraphs


def test_a_long_paragraph_is_cut_between_sentences() -> None:
    sentences = [f"Phrase numéro {n} qui raconte la journée au douar." for n in range(1, 13)]
    parts = unnumbered(split_thread(" ".join(sentences), LIMIT, counting.x_weighted))
    assert len(parts) >= 2
    for part in parts:
        assert part.endswith("douar."), part  # no sentence cut in its middle
    assert " ".join(parts) == " ".join(sentences)


def test_a_sentence_longer_than_a_part_is_cut_between_words() -> None:
    text = " ".join(f"mot{n}" for n in range(120))  # one sentence of about 600
    parts = unnumbered(split_thread(text, LIMIT, counting.x_weighted))
    assert " ".join(parts).split() == text.split()


def test_links_count_23_and_are_never_cut() -> None:
    url = "https://alamal-asso.ma/actualites/2026/caravane-medicale-douar-ouled-saleh-" + "x" * 200
    text = " ".join(["Voir", url, "et"] * 12)
    parts = split_thread(text, LIMIT, counting.x_weighted)
    for part in parts:
        assert counting.x_weighted(part) <= LIMIT
        assert all(w == url or w in {"Voir", "et"} for w in NUMBER.sub("", part).split())
    assert " ".join(unnumbered(parts)).count(url) == 12


def test_arabic_parts_end_with_their_number() -> None:
    sentence = "استفاد من القافلة الطبية أكثر من مئتي شخص من سكان الدوار والدواوير المجاورة."
    parts = split_thread(" ".join([sentence] * 8), LIMIT, counting.x_weighted)
    assert [NUMBER.search(p).group() for p in parts] == [  # type: ignore[union-attr]
        f" {k}/{len(parts)}" for k in range(1, len(parts) + 1)
    ]
    assert all(p.split("\n")[-1].startswith("استفاد") for p in parts)


def test_hashtags_ride_with_the_first_part_only() -> None:
    body = " ".join(["Une phrase de compte rendu qui prend de la place."] * 12)
    text = f"{body}\n\n#Association_AlAmal #Solidarité"
    parts = split_thread(text, LIMIT, counting.x_weighted)
    assert "\n\n#Association_AlAmal #Solidarité 1/" in parts[0]
    assert not any("#" in part for part in parts[1:])


def test_a_word_longer_than_a_part_is_cut_between_emoji_never_inside_one() -> None:
    family = "👨‍👩‍👧"
    word = family * 200  # 400 by X's count, one "word"
    parts = unnumbered(split_thread(word, LIMIT, counting.x_weighted))
    assert "".join(parts) == word
    for part in parts:
        assert set(counting.grapheme_clusters(part)) == {family}


def test_a_numbering_of_two_digits_is_kept_within_the_limit() -> None:
    text = " ".join(f"Phrase {n} sur l'action menée au quartier Al Qods." for n in range(80))
    parts = split_thread(text, LIMIT, counting.x_weighted)
    assert len(parts) >= 10
    assert parts[-1].endswith(f" {len(parts)}/{len(parts)}")
    assert all(counting.x_weighted(p) <= LIMIT for p in parts)


def test_a_limit_too_small_is_refused() -> None:
    with pytest.raises(ValueError):
        split_thread("abc def ghi", 3, counting.characters)


# --- offered only where it belongs -------------------------------------------------------------


def test_thread_is_offered_on_x_only_when_the_text_is_too_long() -> None:
    x = get_platform("x")
    assert x.thread and not get_platform("bluesky").thread
    short = [Line("✅ Fête du quartier"), Line("📅 Samedi 12 avril")]
    assert thread_for(short, ["#AlAmal"], x) == []
    long = [Line("Une phrase de compte rendu qui prend de la place.") for _ in range(12)]
    thread = thread_for(long, ["#AlAmal"], x)
    assert len(thread) >= 2 and thread[0].endswith(f"#AlAmal 1/{len(thread)}")
    assert all(counting.x_weighted(part) <= x.limit for part in thread)
    assert thread_for(long, ["#AlAmal"], get_platform("bluesky")) == []


def test_the_last_pass_sees_the_whole_text_before_it_is_cut() -> None:
    seen: list[str] = []

    def guard(text: str) -> str:
        seen.append(text)
        return text.replace("Mustapha Aït Ahmed", "M. A.")

    lines = [Line(f"Bravo à Mustapha Aït Ahmed pour la journée numéro {n}.") for n in range(12)]
    thread = thread_for(lines, [], get_platform("x"), finish=guard)
    assert len(seen) == 1 and seen[0].count("Mustapha Aït Ahmed") == 12
    assert len(thread) >= 2 and not any("Mustapha" in part or "Ahmed" in part for part in thread)
