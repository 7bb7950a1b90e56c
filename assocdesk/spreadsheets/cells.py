"""One row of a file read into values: each mapped cell parsed as its field expects.

A cell that cannot be read gives a :class:`RowError` (row, column, value, what is wrong, in
the person's language) instead of a value; cells far too long, or holding binary junk, are
refused before any parsing. Amounts stay as typed here: their currency may be in another
column (see plan.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from assocdesk import labels
from assocdesk.i18n import _
from assocdesk.models import DonationMethod
from assocdesk.spreadsheets import identity, values
from assocdesk.spreadsheets.mapping import Field
from assocdesk.spreadsheets.reading import MAX_CELL_CHARS
from assocdesk.text.clean import clean_single_line
from assocdesk.text.normalize import normalize_for_search

MAX_CELL = 10_000  # longer than any field; reported instead of being cut silently
# reading.py keeps at most MAX_CELL_CHARS + 1 characters of a cell: a cut cell is still too long.
assert MAX_CELL <= MAX_CELL_CHARS
# A character the file's encoding could not give (U+FFFD) or a control character: binary junk.
UNREADABLE = re.compile("[\ufffd\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    value: str
    message: str


_METHODS = {
    normalize_for_search(text): code
    for code, spellings in {
        DonationMethod.CASH: "cash|especes|espece|liquide|نقدا|نقدي|نقد|كاش",
        DonationMethod.CHEQUE: "cheque|check|chq|شيك|شيكات",
        DonationMethod.TRANSFER: "transfer|virement|bank transfer|vir|تحويل|تحويل بنكي",
        DonationMethod.MOBILE_MONEY: (
            "mobile|mobile money|wallet|paiement mobile|محفظة|الدفع بالهاتف"
        ),
        DonationMethod.IN_KIND: "in kind|nature|en nature|don en nature|عيني|تبرع عيني",
    }.items()
    for text in spellings.split("|")
}
_COUNTRIES = {
    normalize_for_search(text): code
    for code, spellings in {
        "MA": "maroc|morocco|المغرب",
        "DZ": "algerie|algeria|الجزائر",
        "TN": "tunisie|tunisia|تونس",
        "EG": "egypte|egypt|مصر",
        "SA": "arabie saoudite|saudi arabia|السعودية",
        "FR": "france|فرنسا",
        "MR": "mauritanie|mauritania|موريتانيا",
        "LY": "libye|libya|ليبيا",
    }.items()
    for text in spellings.split("|")
}
# What a donor column says for a gift without a donor.
ANONYMOUS = {normalize_for_search(t) for t in ("anonyme", "anonymous", "مجهول", "فاعل خير")}


def _choice(mapping_table: dict[str, str], message: str) -> Callable[[Any], str]:
    def parse(cell: Any) -> str:
        key = normalize_for_search(str(cell))
        if key in mapping_table:
            return mapping_table[key]
        raise values.ValueProblem(message)

    return parse


def _activity_types() -> dict[str, str]:
    table: dict[str, str] = {}
    for code in labels.LABELS["activity_type"]:
        table[normalize_for_search(code)] = code
        for language in ("ar", "fr", "en"):
            table[normalize_for_search(labels.label("activity_type", code, language))] = code
    return table


def _country(cell: Any) -> str:
    text = clean_single_line(str(cell))
    if len(text) == 2 and text.isalpha():
        return text.upper()
    key = normalize_for_search(text)
    if key in _COUNTRIES:
        return _COUNTRIES[key]
    raise values.ValueProblem(_("Unknown country: write its two-letter code (MA, DZ, TN …)."))


def _currency(cell: Any) -> str:
    """ "MAD", "DH", "د.م.", "€" … → the ISO code (an unknown code is reported by validation)."""
    text = clean_single_line(str(cell))
    try:
        _amount, written = values.parse_money(f"1 {text}", "MAD")
    except values.ValueProblem:
        written = None
    return written or text.upper()


REMEMBERED_CELLS = 10_000  # per column kind: dates, countries … repeat; names do not


def _remembered(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``parse`` with its answers (values, or problems) kept for cells seen again.

    For the columns whose cells repeat down a file (dates of a collection, countries,
    currencies, methods, types) and whose values cannot be changed afterwards (no lists).
    """
    answers: dict[Any, tuple[bool, Any]] = {}

    def parse_remembered(cell: Any) -> Any:
        key = (type(cell), cell)  # 1 and 1.0 and True are one dict key; not one cell
        answer = answers.get(key)
        if answer is None:
            try:
                answer = (True, parse(cell))
            except values.ValueProblem as exc:
                answer = (False, str(exc))
            if len(answers) < REMEMBERED_CELLS:
                answers[key] = answer
        if answer[0]:
            return answer[1]
        raise values.ValueProblem(answer[1])

    return parse_remembered


def parsers() -> dict[str, Callable[[Any], Any]]:
    """How each kind of column is read, for one file (answers are remembered per file)."""
    return {
        "name": values.person_name,
        "text": values.cell_text,
        "phone": values.parse_phone,
        "email": values.parse_email,
        "date": _remembered(values.parse_date),
        "birth_date": _remembered(values.parse_birth_date),
        "yes_no": _remembered(values.parse_yes_no),
        "count": values.parse_count,
        "country": _remembered(_country),
        "currency": _remembered(_currency),
        "list": lambda c: [
            s for s in str(c).replace("،", ",").replace(";", ",").split(",") if s.strip()
        ],
        "method": _remembered(
            _choice(_METHODS, _("Unknown method: write cash, cheque, transfer, mobile or in kind."))
        ),
        "activity_type": _remembered(_choice(_activity_types(), _("Unknown type of activity."))),
        "gender": _remembered(identity.parse_gender),
        "id_kind": _remembered(identity.parse_id_kind),
        "identifier": lambda c: clean_single_line(values.cell_text(c)),
    }


@dataclass
class ReadRow:
    values: dict[str, Any]
    errors: list[RowError]


def read_row(
    line: int,
    cells: Sequence[Any],
    columns: list[tuple[int, Field]],
    header: Sequence[str],
    parsers: dict[str, Callable[[Any], Any]],
) -> ReadRow:
    """The mapped cells of one row, parsed; amounts stay raw (their currency may be elsewhere)."""
    row = ReadRow(values={}, errors=[])
    read, errors = row.values, row.errors
    width = len(cells)
    for index, spec in columns:
        if index >= width:
            continue
        cell = cells[index]
        if isinstance(cell, str):
            if not cell or cell.isspace():
                continue
            if len(cell) > MAX_CELL:
                errors.append(
                    RowError(line, header[index], cell[:40] + "…", _("This cell is far too long."))
                )
                continue
            # A printable text holds no control character: only U+FFFD is left to look for.
            if "\ufffd" in cell if cell.isprintable() else UNREADABLE.search(cell):
                errors.append(
                    RowError(
                        line,
                        header[index],
                        UNREADABLE.sub("?", cell[:40]),
                        _("This cell holds unreadable characters (damaged or binary data)."),
                    )
                )
                continue
        elif cell is None:
            continue
        parse = spec.parse
        if parse == "amount":
            read[spec.key] = cell
            continue
        try:
            read[spec.key] = parsers[parse](cell)
        except values.ValueProblem as exc:
            errors.append(RowError(line, header[index], values.cell_text(cell)[:80], str(exc)))
    if "first_name" in read or "last_name" in read:
        joined = values.full_name(read.pop("first_name", ""), read.pop("last_name", ""))
        read.setdefault("name", joined)
    return row
