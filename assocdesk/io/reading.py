"""Reading a spreadsheet someone already has: XLSX, or CSV as Excel saves it on any Windows.

A CSV file does not say its encoding or its delimiter. What we meet in associations:

- UTF-8, with or without a BOM (LibreOffice, Google Sheets, Excel's "CSV UTF-8");
- Windows-1256 (Excel's plain "CSV" on an Arabic Windows) and Windows-1252 / Latin-1 (on a
  French one);
- UTF-16 with a BOM and tabs (Excel's "Unicode text").

:func:`detect_encoding` decides from the bytes (BOMs first, then whether UTF-8 decodes, then
which of the two code pages turns the high bytes into Arabic letters); :func:`detect_delimiter`
picks the separator that splits the first lines into the same number of columns. Both guesses
are shown in the wizard and can be corrected (``encoding=`` / ``delimiter=``).

XLSX is read with openpyxl in read-only mode (streamed, fast); cells keep their types (dates as
``datetime``, numbers as ``int``/``float``), which :mod:`assocdesk.io.values` understands.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assocdesk.i18n import _
from assocdesk.io.gc_pause import collector_paused

ENCODINGS = ("utf-8-sig", "utf-8", "cp1256", "cp1252", "latin-1", "utf-16")
DELIMITERS = (",", ";", "\t", "|")
SAMPLE_BYTES = 256 * 1024
MAX_FILE_BYTES = 512 * 1024 * 1024
# csv's default field limit (128 KiB) would stop a whole file at one long cell; a long cell is
# reported as a row error instead (assocdesk.io.plan), so the reader lets it through.
csv.field_size_limit(16 * 1024 * 1024)


class ReadError(Exception):
    """The file cannot be read as a table; the message is translated and says what to do."""


@dataclass
class Table:
    """A sheet as rows of cells. ``header`` is the first non-empty row; ``rows`` the rest, each
    with its line number in the file (1 = the header's own line) for error messages."""

    header: list[str]
    rows: list[tuple[int, list[Any]]]
    encoding: str | None = None  # CSV only
    delimiter: str | None = None  # CSV only
    sheet: str | None = None  # XLSX only
    sheets: list[str] = field(default_factory=list)


def file_kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix in (".csv", ".txt", ".tsv"):
        return "csv"
    raise ReadError(
        _("“{name}” cannot be imported: choose an .xlsx, .csv or .txt file.").format(name=path.name)
    )


def read_table(
    path: Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> Table:
    """Read ``path`` (format from its name); guessed settings can be overridden."""
    path = Path(path)
    kind = file_kind(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReadError(
            _("{path} cannot be read: {error}").format(path=path, error=exc.strerror or exc)
        ) from exc
    if size > MAX_FILE_BYTES:
        raise ReadError(_("{path} is too large to import.").format(path=path))
    with collector_paused():  # a row is a list: a big file is millions of them (see gc_pause)
        if kind == "xlsx":
            return read_xlsx(path, sheet)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ReadError(
                _("{path} cannot be read: {error}").format(path=path, error=exc.strerror or exc)
            ) from exc
        return read_csv_bytes(data, encoding=encoding, delimiter=delimiter)


# --- CSV -------------------------------------------------------------------------------------


def detect_encoding(data: bytes) -> str:
    """The most likely encoding of ``data`` (one of ``ENCODINGS``)."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:SAMPLE_BYTES]
    if _looks_like_utf16(sample):
        # UTF-16 without a BOM: every character has a byte below 0x09 beside it (0x00 for
        # ASCII, 0x06 for Arabic), which no text in a one-byte encoding has.
        low_odd = sum(1 for byte in sample[1::2] if byte < 0x09)
        low_even = sum(1 for byte in sample[0::2] if byte < 0x09)
        return "utf-16-le" if low_odd > low_even else "utf-16-be"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A sample cut in the middle of a character is still UTF-8; so is a UTF-8 file with a
        # few damaged bytes (they become U+FFFD, and their rows are reported).
        if (exc.start >= len(sample) - 3 and len(data) > len(sample)) or _mostly_utf8(sample):
            return "utf-8"
    high = [byte for byte in sample if byte >= 0x80]
    arabic = sum(1 for ch in bytes(high).decode("cp1256", "replace") if "\u0600" <= ch <= "\u06ff")
    if high and arabic * 2 >= len(high):
        return "cp1256"
    try:
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _mostly_utf8(sample: bytes) -> bool:
    text = sample.decode("utf-8", "replace")
    damaged = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) >= 0x80) - damaged
    return multibyte >= damaged


def _looks_like_utf16(sample: bytes) -> bool:
    if len(sample) < 2:
        return False
    controls = sum(1 for byte in sample if byte < 0x09 or 0x0E <= byte < 0x20)
    return controls * 4 > len(sample)


def decode(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding.startswith("utf-8") and _mostly_utf8(data):
            return data.decode(encoding, "replace").removeprefix("\ufeff")
        raise ReadError(
            _("The file is not in the encoding {encoding}: choose another one.").format(
                encoding=encoding
            )
        ) from exc
    except LookupError as exc:
        raise ReadError(
            _("The file is not in the encoding {encoding}: choose another one.").format(
                encoding=encoding
            )
        ) from exc
    return text.removeprefix("\ufeff")


def detect_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most, and most regular, columns."""
    lines = text[:SAMPLE_BYTES].splitlines()[:50]
    sample = "\n".join(line for line in lines if line.strip())
    best, best_score = ",", (0, 0)
    for candidate in DELIMITERS:
        widths = [len(row) for row in csv.reader(io.StringIO(sample), delimiter=candidate)]
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        score = (count if width > 1 else 0, width)
        if score > best_score:
            best, best_score = candidate, score
    return best


def read_csv_bytes(
    data: bytes, *, encoding: str | None = None, delimiter: str | None = None
) -> Table:
    encoding = encoding or detect_encoding(data)
    # NUL bytes stop Python's csv reader; as U+FFFD they are reported with their row.
    text = decode(data, encoding).replace("\x00", "\ufffd")
    delimiter = delimiter or detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    numbered: list[tuple[int, list[Any]]] = []
    previous_end = 0
    try:
        for row in reader:
            # The line where the row starts (a quoted cell may span several lines).
            numbered.append((previous_end + 1, row))
            previous_end = reader.line_num
    except csv.Error as exc:
        raise ReadError(
            _("The file is not a readable CSV file (line {line}: {error}).").format(
                line=reader.line_num, error=exc
            )
        ) from exc
    table = _table(numbered)
    table.encoding, table.delimiter = encoding, delimiter
    return table


def _table(numbered: list[tuple[int, list[Any]]]) -> Table:
    """First non-empty row as the header; fully empty rows are dropped."""
    rows = [(line, row) for line, row in numbered if any(_filled(cell) for cell in row)]
    if not rows:
        raise ReadError(_("The file has no rows."))
    (_line, header), body = rows[0], rows[1:]
    return Table(header=[_header_text(cell) for cell in header], rows=body)


def _filled(cell: Any) -> bool:
    return cell is not None and (not isinstance(cell, str) or bool(cell.strip()))


def _header_text(cell: Any) -> str:
    return "" if cell is None else " ".join(str(cell).split())


# --- XLSX ------------------------------------------------------------------------------------


def sheet_names(path: Path) -> list[str]:
    workbook = _open_workbook(path)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def _open_workbook(path: Path) -> Any:
    import zipfile

    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError(
            _("{path} is not a readable Excel workbook (.xlsx).").format(path=path)
        ) from exc


def read_xlsx(path: Path, sheet: str | None = None) -> Table:
    """One sheet of a workbook (the first if ``sheet`` is None); formulas give their values."""
    workbook = _open_workbook(path)
    try:
        names = list(workbook.sheetnames)
        if sheet is not None and sheet not in names:
            raise ReadError(
                _("The workbook has no sheet named “{sheet}” (it has: {names}).").format(
                    sheet=sheet, names=", ".join(names)
                )
            )
        chosen = sheet or names[0]
        worksheet = workbook[chosen]
        numbered = [
            (index, list(row))
            for index, row in enumerate(worksheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()
    table = _table(numbered)
    table.sheet, table.sheets = chosen, names
    return table
