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
``datetime``, numbers as ``int``/``float``), which :mod:`assocdesk.spreadsheets.values` understands.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assocdesk.errors import UserError
from assocdesk.i18n import N_, _
from assocdesk.spreadsheets.gc_pause import collector_paused

ENCODINGS = ("utf-8-sig", "utf-8", "cp1256", "cp1252", "latin-1", "utf-16")
DELIMITERS = (",", ";", "\t", "|")
SAMPLE_BYTES = 256 * 1024
MAX_FILE_BYTES = 512 * 1024 * 1024
# Caps on what one import reads (checked while streaming, so a huge sheet stops early instead of
# filling the memory): rows of a sheet, and characters in one cell (Excel's own cell limit).
MAX_ROWS = 1_000_000
MAX_CELL_CHARS = 32_767
# An encoding guessed when the bytes are not UTF-8: named in the warning the preview shows.
_FALLBACK_NAMES = {
    "cp1256": N_("Windows Arabic (CP1256)"),
    "cp1252": N_("Windows Western European (CP1252)"),
    "latin-1": N_("Western European (ISO-8859-1)"),
}
# csv's default field limit (128 KiB) would stop a whole file at one long cell; a long cell is
# reported as a row error instead (assocdesk.spreadsheets.plan), so the reader lets it through.
csv.field_size_limit(16 * 1024 * 1024)


class ReadError(UserError):
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
    # Translated lines the preview shows above the rows (the file was read, but check it).
    warnings: list[str] = field(default_factory=list)


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
    guessed = encoding is None
    encoding = encoding or detect_encoding(data)
    if delimiter is not None and (len(delimiter) != 1 or delimiter in '"\r\n'):
        raise ReadError(_("The delimiter must be one character."))
    # NUL bytes stop Python's csv reader; as U+FFFD they are reported with their row.
    text = decode(data, encoding).replace("\x00", "\ufffd")
    delimiter = delimiter or detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    numbered: list[tuple[int, list[Any]]] = []
    previous_end = 0
    try:
        for row in reader:
            # The line where the row starts (a quoted cell may span several lines).
            line = previous_end + 1
            _check_row(line, len(numbered) + 1, row)
            numbered.append((line, row))
            previous_end = reader.line_num
    except csv.Error as exc:
        raise ReadError(
            _("The file is not a readable CSV file (line {line}: {error}).").format(
                line=reader.line_num, error=exc
            )
        ) from exc
    if numbered:
        _check_quote_closed(text, delimiter, *numbered[-1])
    table = _table(numbered)
    table.encoding, table.delimiter = encoding, delimiter
    if guessed and encoding in _FALLBACK_NAMES and not data.isascii():
        table.warnings.append(
            _("The file is not UTF-8; it was read as {encoding}: check the names.").format(
                encoding=_(_FALLBACK_NAMES[encoding])
            )
        )
    return table


def _check_row(line: int, count: int, row: list[Any]) -> None:
    """Stop at the row past ``MAX_ROWS``; keep no more than ``MAX_CELL_CHARS`` + 1 characters of
    a cell, so that a huge cell holds no memory and is still reported as far too long (cells.py
    refuses cells past its ``MAX_CELL``, which is below this cap) instead of cut in silence."""
    if count > MAX_ROWS:
        raise ReadError(
            _("The file has more than {count} rows: split it into smaller files.").format(
                count=f"{MAX_ROWS:,}".replace(",", " ")
            )
        )
    for index, cell in enumerate(row):
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
            row[index] = cell[: MAX_CELL_CHARS + 1]


def _check_quote_closed(text: str, delimiter: str, line: int, row: list[Any]) -> None:
    """Refuse a last row whose quote is never closed: Python's csv reader then takes the rest of
    the file as one cell, and the rows after it would vanish without a word."""
    if not any(isinstance(cell, str) and ("\n" in cell or "\r" in cell) for cell in row):
        return
    rest = "".join(io.StringIO(text, newline="").readlines()[line - 1 :])
    try:
        list(csv.reader(io.StringIO(rest, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        if "unexpected end of data" not in str(exc):
            return  # strict mode refuses more than an open quote ("a"b): not this case
        raise ReadError(
            _("Row {row}: a quote is not closed; the rows after it were read as one cell.").format(
                row=line
            )
        ) from exc


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


def _unreadable(path: Path) -> ReadError:
    return ReadError(_("{path} is not a readable Excel workbook (.xlsx).").format(path=path))


class _PrologDone(Exception):
    """The root element began: no DTD can follow."""


class _HasDoctype(Exception):
    """A DTD (``<!DOCTYPE``) was found before the root element."""


_XML_MEMBERS = (".xml", ".rels", ".vml")


def _refuse_dtds(path: Path) -> None:
    """Refuse a workbook any of whose XML parts declares a DTD.

    A DTD is never in a file Excel writes; in an attacker's it declares entities that expand a
    cell a billionfold or read other files, which openpyxl's parser (without defusedxml) would
    obey. Only each part's prolog is parsed (expat, any encoding), up to its first element.
    """
    import zipfile
    from xml.parsers import expat

    def doctype(*_args: Any) -> None:
        raise _HasDoctype

    def element(*_args: Any) -> None:
        raise _PrologDone

    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if not info.filename.lower().endswith(_XML_MEMBERS):
                    continue
                parser = expat.ParserCreate()
                parser.StartDoctypeDeclHandler = doctype
                parser.StartElementHandler = element
                with archive.open(info) as member:
                    try:
                        while chunk := member.read(64 * 1024):
                            parser.Parse(chunk, False)
                        parser.Parse(b"", True)
                    except _PrologDone:
                        continue
                    except _HasDoctype as exc:
                        raise ReadError(
                            _(
                                "This Excel file contains constructs AssocDesk does not read "
                                "(a DTD)."
                            )
                        ) from exc
                    except expat.ExpatError as exc:
                        raise _unreadable(path) from exc
    except (OSError, zipfile.BadZipFile, EOFError, RuntimeError, ValueError) as exc:
        raise _unreadable(path) from exc


def _open_workbook(path: Path) -> Any:
    import zipfile

    from openpyxl import load_workbook

    _refuse_dtds(path)
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as exc:
        # SyntaxError covers xml.etree's ParseError (a damaged part).
        raise _unreadable(path) from exc


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
        numbered: list[tuple[int, list[Any]]] = []
        try:
            for index, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                row = list(values)
                _check_row(index, index, row)
                numbered.append((index, row))
        except (OSError, KeyError, ValueError, SyntaxError, EOFError) as exc:
            raise _unreadable(path) from exc
    finally:
        workbook.close()
    table = _table(numbered)
    table.sheet, table.sheets = chosen, names
    return table
