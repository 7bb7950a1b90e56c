"""Reading cells fast changes nothing: remembered answers, capital words, problems on every row."""

from __future__ import annotations

import random
from datetime import date

import pytest

from assocdesk.i18n import _
from assocdesk.spreadsheets import cells, values
from assocdesk.spreadsheets.mapping import Field, guess_mapping
from assocdesk.spreadsheets.plan import BAD, build_plan
from assocdesk.spreadsheets.reading import read_csv_bytes
from assocdesk.storage.engine import Database
from assocdesk.text.clean import clean_single_line


def counting(answers: dict[object, object]):
    calls: list[object] = []

    def parse(cell: object) -> object:
        calls.append(cell)
        answer = answers[cell]
        if isinstance(answer, Exception):
            raise answer
        return answer

    return parse, calls


def test_a_remembered_answer_is_the_parsers_own_and_asked_once() -> None:
    parse, calls = counting(
        {"21/11/2025": date(2025, 11, 21), "31/02/2025": values.ValueProblem("no")}
    )
    remembered = cells._remembered(parse)
    assert [remembered("21/11/2025") for _time in range(3)] == [date(2025, 11, 21)] * 3
    for _time in range(3):  # a problem too: raised again for every cell that has it
        with pytest.raises(values.ValueProblem, match=r"^no$"):
            remembered("31/02/2025")
    assert calls == ["21/11/2025", "31/02/2025"]


def test_cells_equal_in_python_but_of_other_types_are_not_mixed_up() -> None:
    parse_int, calls_int = counting({1: "int"})
    parse_float, calls_float = counting({1.0: "float"})
    parse_bool, calls_bool = counting({True: "bool"})

    def by_type(cell: object) -> object:
        return {int: parse_int, float: parse_float, bool: parse_bool}[type(cell)](cell)

    remembered = cells._remembered(by_type)
    assert [remembered(1), remembered(1.0), remembered(True), remembered(1)] == [
        "int",
        "float",
        "bool",
        "int",
    ]
    assert (calls_int, calls_float, calls_bool) == ([1], [1.0], [True])


def test_past_the_limit_cells_are_still_read_right(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cells, "REMEMBERED_CELLS", 2)
    remembered = cells._remembered(values.parse_date)
    typed = ["01/01/2025", "02/01/2025", "03/01/2025", "03/01/2025", "01/01/2025"]
    assert [remembered(t) for t in typed] == [
        date(2025, 1, 1),
        date(2025, 1, 2),
        date(2025, 1, 3),
        date(2025, 1, 3),
        date(2025, 1, 1),
    ]


def test_a_bad_date_repeated_down_the_file_is_reported_on_each_row(db: Database) -> None:
    data = "Donateur;Montant;Date\n" + "".join(
        f"Donor {i};100;{day}\n" for i, day in enumerate(["31/02/2025", "21/11/2025"] * 3)
    )
    table = read_csv_bytes(data.encode())
    mapping = guess_mapping(table.header, [c for _l, c in table.rows], "donations")
    with db.reading() as session:
        plan = build_plan(session, table, "donations", mapping)
    assert [row.action == BAD for row in plan.rows] == [True, False] * 3
    assert [(e.line, e.value, e.message) for e in plan.errors] == [
        (line, "31/02/2025", _("This date does not exist.")) for line in (2, 4, 6)
    ]


def reference_is_upper_word(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


@pytest.mark.parametrize(
    "word",
    [
        "BENALI", "Benali", "A", "AB", "A.", "A.B.", "O'NEIL", "12", "B2", "ÉLODIE", "Élodie",
        "أحمد", "AHMEDأ", "ABⓐ", "ⓐⓑ", "ǅURO", "ªB", "ŒUVRE", "İSTANBUL", "ß", "SS", "",
    ],
)  # fmt: skip
def test_capital_words_are_told_as_before(word: str) -> None:
    assert values._is_upper_word(word) == reference_is_upper_word(word)


def phone_or_problem(parse, cell: object) -> str:
    try:
        return parse(cell)
    except values.ValueProblem as exc:
        return f"problem: {exc}"


def test_phones_read_by_the_short_cut_are_what_the_general_reading_gives() -> None:
    def general(cell: object) -> str:
        text = cell if not isinstance(cell, float) else str(int(cell))
        return values._phone_as_stored(values._ascii_digits(clean_single_line(str(text))))

    rng = random.Random(6)
    alphabet = list("0123456789") * 6 + list("  +.-/()x٠١٢٣٤٥٦٧٨٩²\u00a0\t")
    samples: list[object] = ["06 12 34 56 78", "+212 6 12 34 56 78", "+ 212 612", "00212 6"]
    samples += ["0012345", "+", "", "12345", "1234567890123456", "+00 12 34 56", 612345678.0]
    for _sample in range(20_000):
        samples.append("".join(rng.choice(alphabet) for _c in range(rng.randint(1, 20))))
    for cell in samples:
        assert phone_or_problem(values.parse_phone, cell) == phone_or_problem(general, cell), cell


def test_a_cell_is_unreadable_exactly_when_it_holds_a_control_character_or_u_fffd() -> None:
    notes = [(0, Field("notes", "Notes", "text", ""))]
    parsers = cells.parsers()
    for code in [*range(0x0000, 0x0800), *range(0x2000, 0x2100), *range(0xFFF0, 0x10000)]:
        if 0xD800 <= code <= 0xDFFF:
            continue
        cell = f"a {chr(code)} b"
        read = cells.read_row(2, [cell], notes, ["Notes"], parsers)
        assert bool(read.errors) == bool(cells.UNREADABLE.search(cell)), hex(code)
        assert read.errors or read.values == {"notes": cell}
