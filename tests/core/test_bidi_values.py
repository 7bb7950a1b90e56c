"""Values inside words (issue 20, point 4): each kind gets the isolate that keeps it whole.

How Qt then draws them is checked in tests/ui/test_direction.py; here, what the helper returns.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from assocdesk.text.bidi import (
    LRI,
    PDI,
    RLI,
    format_isolated,
    isolate,
    isolate_path,
    strip_isolates,
)


@pytest.mark.parametrize(
    "value",
    [
        "+213 5 89 57 34 92",  # a phone: digits only, no strong letter
        "ahmed.b@example.org",
        "https://alamal-asso.ma/dons?id=4",
        "AML-2024-0001",  # a receipt number
        "2026/0042",
        "Jean Dupont",  # a Latin name inside Arabic text
    ],
)
def test_left_to_right_values_become_left_to_right_islands(value: str) -> None:
    assert isolate(value) == f"{LRI}{value}{PDI}"


def test_an_arabic_name_is_a_right_to_left_island() -> None:
    assert isolate("أحمد بنعلي") == f"{RLI}أحمد بنعلي{PDI}"


@pytest.mark.parametrize(
    "path",
    [
        Path("/tmp/qa-ui/demo.sqlite3"),
        PurePosixPath("/home/علي/مستندات/assocdesk.sqlite3"),
        PureWindowsPath(r"C:\Users\علي\AssocDesk\assocdesk.sqlite3"),
    ],
)
def test_a_path_is_left_to_right_even_with_arabic_folders(path) -> None:
    """A path is read from its root: an Arabic folder name must not turn it right to left."""
    assert isolate(path) == isolate_path(path) == f"{LRI}{path}{PDI}"
    assert isolate_path(str(path)) == f"{LRI}{path}{PDI}"


@pytest.mark.parametrize("number", [42, 3.5, Decimal("300.00")])
def test_numbers_are_left_to_right(number) -> None:
    assert isolate(number) == f"{LRI}{number}{PDI}"


def test_empty_stays_empty() -> None:
    assert isolate("") == ""
    assert format_isolated("{a}|{b}", a="", b="x") == f"|{LRI}x{PDI}"


def test_format_isolated_isolates_every_value_and_nothing_else() -> None:
    text = format_isolated(
        "قاعدة البيانات: {path} — {name} ({phone})",
        path=Path("/tmp/a.sqlite3"),
        name="Karim Ouazzani",
        phone="07 92 03 67 28",
    )
    assert text == (
        f"قاعدة البيانات: {LRI}/tmp/a.sqlite3{PDI} — {LRI}Karim Ouazzani{PDI} "
        f"({LRI}07 92 03 67 28{PDI})"
    )
    plain = "قاعدة البيانات: /tmp/a.sqlite3 — Karim Ouazzani (07 92 03 67 28)"
    assert strip_isolates(text) == plain
