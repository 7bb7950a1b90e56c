"""Search keys (assocdesk.text.normalize) and input cleaning (assocdesk.text.clean)."""

from __future__ import annotations

import pytest

from assocdesk.text import clean_multiline, clean_single_line, digits_only, normalize_for_search


@pytest.mark.parametrize(
    ("spellings", "key"),
    [
        (["أحمد", "إحمد", "آحمد", "احمد", "ٱحمد"], "احمد"),
        (["فاطمة", "فاطمه"], "فاطمه"),
        (["مصطفى", "مصطفي"], "مصطفي"),
        (["مُحَمَّد", "محمد", "مـحـمـد", "مُـحَـمَّـد"], "محمد"),
        (["مسؤول", "مسوول"], "مسوول"),
        (["BENALI", "Benali", "bénali", "BÉNALI", "benali"], "benali"),
    ],
)
def test_spellings_share_one_key(spellings: list[str], key: str) -> None:
    assert {normalize_for_search(s) for s in spellings} == {key}


def test_tashkeel_and_superscript_alif_are_removed() -> None:
    assert normalize_for_search("رَحْمٰن") == "رحمن"
    assert normalize_for_search("كِتَابٌ") == "كتاب"


def test_tatweel_is_removed() -> None:
    assert normalize_for_search("جـــمـــيـــل") == "جميل"


def test_persian_letters_are_unified() -> None:
    assert normalize_for_search("کریم") == normalize_for_search("كريم")


def test_arabic_indic_and_persian_digits_become_ascii() -> None:
    assert normalize_for_search("٠٦١٢") == "0612"
    assert normalize_for_search("۰۶۱۲") == "0612"
    assert normalize_for_search("هاتف ٠٦١٢٣٤") == "هاتف 061234"


def test_punctuation_splits_words() -> None:
    assert normalize_for_search("Ben-Ali, Karim!") == "ben ali karim"
    assert normalize_for_search("أحمد،بنعلي") == "احمد بنعلي"
    assert normalize_for_search("a_b%c") == "a b c"  # LIKE wildcards never reach a query
    assert normalize_for_search("  many   spaces\there ") == "many spaces here"


def test_empty_input_gives_empty_key() -> None:
    assert normalize_for_search(None) == ""
    assert normalize_for_search("") == ""
    assert normalize_for_search(" - , . ") == ""


def test_digits_only_reads_every_digit_script() -> None:
    assert digits_only("06 12 34 56 78") == "0612345678"
    assert digits_only("+212 (6) 12-34") == "21261234"
    assert digits_only("٠٦١٢ ۳۴") == "061234"
    assert digits_only(None) == ""
    assert digits_only("no digits") == ""


BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@pytest.mark.parametrize("control", list(BIDI_CONTROLS))
def test_clean_single_line_strips_each_bidi_control(control: str) -> None:
    assert clean_single_line(f"Ali{control}Baba") == "AliBaba"


def test_clean_single_line_strips_controls_and_folds_spaces() -> None:
    assert clean_single_line("\u202eأحمد\u202c  بنعلي\x00\x07") == "أحمد بنعلي"
    assert clean_single_line("  line one\nline two\r\nthree\tfour  ") == (
        "line one line two three four"
    )
    assert clean_single_line("a\u00a0\u00a0b") == "a b"
    assert clean_single_line("x\x7f\x9fy") == "xy"
    assert clean_single_line(None) == ""


def test_clean_single_line_turns_tabs_and_line_separators_into_spaces() -> None:
    # Regression: a tab pasted from a spreadsheet was removed as a control, gluing the words.
    assert clean_single_line("Karim\tBenali") == "Karim Benali"
    assert clean_single_line("a\u2028b\u2029c\x85d\x0be\x0cf") == "a b c d e f"


def test_clean_single_line_applies_nfc() -> None:
    decomposed = "be\u0301nali"
    assert clean_single_line(decomposed) == "bénali"
    assert len(clean_single_line(decomposed)) == 6


def test_clean_multiline_keeps_line_breaks() -> None:
    text = "  First line \r\nSecond\u202e line\rThird\x00  \n\n"
    assert clean_multiline(text) == "First line\nSecond line\nThird"
    assert clean_multiline("a\n\nb") == "a\n\nb"
    assert clean_multiline("a\tb\u2028c") == "a b\nc"
    assert clean_multiline(None) == ""


def test_clean_multiline_strips_bidi_controls() -> None:
    cleaned = clean_multiline("".join(f"{c}x" for c in BIDI_CONTROLS))
    assert cleaned == "x" * len(BIDI_CONTROLS)


# -- dates, commas and lists as documents write them (assocdesk.text.locales) ----------------

from datetime import date  # noqa: E402

from assocdesk.text.locales import (  # noqa: E402
    arabic_commas,
    format_date,
    format_long_date_legal,
    join_list,
)


@pytest.mark.parametrize(
    ("day", "locale", "written"),
    [
        (date(2025, 1, 1), "fr_MA", "1er janvier 2025"),
        (date(2025, 1, 19), "fr_MA", "19 janvier 2025"),
        (date(2025, 7, 1), "fr_FR", "1er juillet 2025"),
        (date(2025, 6, 11), "fr", "11 juin 2025"),
        (date(2025, 1, 19), "ar_MA", "19 يناير 2025"),
        (date(2025, 7, 3), "ar_MA", "3 يوليوز 2025"),  # Moroccan month names
        (date(2025, 8, 1), "ar_MA", "1 غشت 2025"),
        (date(2025, 7, 3), "ar_DZ", "3 جويلية 2025"),  # Algerian ones
        (date(2025, 7, 3), "ar_EG", "3 يوليو 2025"),
        (date(2025, 5, 1), "en", "May 1, 2025"),
    ],
)
def test_long_dates_of_legal_documents(day: date, locale: str, written: str) -> None:
    assert format_long_date_legal(day, locale) == written


def test_short_french_dates_of_morocco_are_not_ambiguous() -> None:
    """Regression: fr_MA's CLDR abbreviations gave "19 jan. 2025" and "1 jui. 2025" (June or
    July?); tables now use the abbreviations of French of France."""
    assert format_date(date(2025, 1, 19), "fr_MA") == "19 janv. 2025"
    assert format_date(date(2025, 6, 1), "fr_MA") == "1 juin 2025"
    assert format_date(date(2025, 7, 3), "fr_MA") == "3 juil. 2025"


@pytest.mark.parametrize(
    ("typed", "arabic"),
    [
        ("زنقة 33 رقم 22, المحمدية", "زنقة 33 رقم 22، المحمدية"),  # the address
        ("الرباط, الدار البيضاء , فاس", "الرباط، الدار البيضاء، فاس"),
        ("الرباط, 12 زنقة", "الرباط، 12 زنقة"),
        ("12, rue des Orangers", "12, rue des Orangers"),  # Latin: left alone
        ("حي السلام, Casablanca", "حي السلام, Casablanca"),  # a Latin word follows
        ("Rue 5, حي السلام", "Rue 5, حي السلام"),  # a Latin word precedes
        ("زنقة 1,5 المحمدية", "زنقة 1,5 المحمدية"),  # a decimal comma
    ],
)
def test_latin_commas_in_arabic_wording(typed: str, arabic: str) -> None:
    assert arabic_commas(typed) == arabic


def test_lists_are_joined_as_each_language_writes_them() -> None:
    assert join_list(["زنقة 33 رقم 22", "المحمدية"], "ar") == "زنقة 33 رقم 22، المحمدية"
    assert join_list(["12, rue des Orangers", " ", "Rabat"], "fr") == "12, rue des Orangers, Rabat"
    assert join_list(["حي السلام, فاس", "المغرب"], "ar") == "حي السلام، فاس، المغرب"


def test_an_arabic_list_keeps_a_latin_comma_between_latin_parts() -> None:
    """A Latin address inside an Arabic receipt: "Hay El Fath, Salé", not "Hay El Fath، Salé"."""
    from assocdesk.text.locales import join_list

    assert join_list(["112, rue Moulay Youssef", "Salé"], "ar") == "112, rue Moulay Youssef, Salé"
    assert join_list(["زنقة 33 رقم 22", "المحمدية"], "ar") == "زنقة 33 رقم 22، المحمدية"
    assert join_list(["Hay El Fath", "المحمدية"], "ar") == "Hay El Fath، المحمدية"
