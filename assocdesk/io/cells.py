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
from assocdesk.io import values
from assocdesk.io.mapping import Field
from assocdesk.models import DonationMethod
from assocdesk.text.clean import clean_single_line
from assocdesk.text.normalize import normalize_for_search

MAX_CELL = 10_000  # longer than any field; reported instead of being cut silently
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


def parsers() -> dict[str, Callable[[Any], Any]]:
    return {
        "name": values.person_name,
        "text": lambda c: values.cell_text(c),
        "phone": values.parse_phone,
        "email": values.parse_email,
        "date": values.parse_date,
        "count": values.parse_count,
        "country": _country,
        "currency": _currency,
        "list": lambda c: [
            s for s in str(c).replace("،", ",").replace(";", ",").split(",") if s.strip()
        ],
        "method": _choice(
            _METHODS, _("Unknown method: write cash, cheque, transfer, mobile or in kind.")
        ),
        "activity_type": _choice(_activity_types(), _("Unknown type of activity.")),
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
    for index, spec in columns:
        cell = cells[index] if index < len(cells) else None
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue
        if isinstance(cell, str) and len(cell) > MAX_CELL:
            row.errors.append(
                RowError(line, header[index], cell[:40] + "…", _("This cell is far too long."))
            )
            continue
        if isinstance(cell, str) and UNREADABLE.search(cell):
            row.errors.append(
                RowError(
                    line,
                    header[index],
                    UNREADABLE.sub("?", cell[:40]),
                    _("This cell holds unreadable characters (damaged or binary data)."),
                )
            )
            continue
        if spec.parse == "amount":
            row.values[spec.key] = cell
            continue
        try:
            row.values[spec.key] = parsers[spec.parse](cell)
        except values.ValueProblem as exc:
            row.errors.append(RowError(line, header[index], values.cell_text(cell)[:80], str(exc)))
    if "first_name" in row.values or "last_name" in row.values:
        joined = values.full_name(row.values.pop("first_name", ""), row.values.pop("last_name", ""))
        row.values.setdefault("name", joined)
    return row
