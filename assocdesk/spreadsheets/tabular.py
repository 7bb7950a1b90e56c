"""Writing a table of rows to a CSV or XLSX file: as a stream, atomically, and injection-safe.

What every export gets from here:

- **The format from the file name**: ``.csv`` or ``.xlsx`` (any case); anything else raises
  ``UnsupportedFormat``, a ``ValueError`` (and an ``ExportError``) with a translated message.
- **No partial file**: rows go to a hidden temporary file in the destination's own folder, which
  replaces the destination (``os.replace``, atomic on one file system) only once complete. A
  cancel, an error or a crash leaves no half-written file, and a file of the same name that was
  already there stays as it was.
- **Streaming**: rows are consumed one at a time from an iterator. openpyxl's write-only workbook
  keeps no row in memory either (it streams them to its own temporary file, zipped at the end).
- **Formula injection** (OWASP "CSV injection"): a text cell that starts with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return could run as a formula (``=HYPERLINK(…)``, DDE
  ``=cmd|…``) when the accountant opens the file. In CSV such a cell gets a leading ``'``, the
  standard defence, at the cost of a visible apostrophe on values like ``+212 6…`` phone numbers
  (the file is then no longer a byte-exact copy of the data, but it is safe to double-click). In
  XLSX every text is written as an explicit string cell (``t="inlineStr"``), which a spreadsheet
  never evaluates, so the text stays exactly as typed; openpyxl would otherwise store a string
  starting with ``=`` as a formula, so those are forced to ``data_type = "s"``. Amounts and dates
  are numbers, never text, and are not touched.
"""

from __future__ import annotations

import csv
import os
import secrets
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from assocdesk.errors import Cancelled, UserError
from assocdesk.i18n import _, is_rtl, translate_in
from assocdesk.progress import Progress

TEXT, DATE, AMOUNT = "text", "date", "amount"
PROGRESS_EVERY = 1_000  # rows between two progress calls (and two chances to cancel)
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAX_TEXT = 32_767  # characters in one cell, Excel's limit
# Excel's limits for a sheet name: 31 characters, none of these.
_SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


class ExportError(UserError):
    """The file cannot be written; the message is translated and says what to do."""


class UnsupportedFormat(ExportError, ValueError):
    """The file name ends in neither .csv nor .xlsx."""


class ExportCancelled(Cancelled):
    """``progress`` returned False; no file was written (an existing one was left as it was)."""

    def __init__(self) -> None:
        super().__init__(_("Export stopped; no file was written."))


@dataclass(frozen=True)
class Column:
    """One column: its title (an ``N_()`` message, translated at use), kind and XLSX width.

    Values by kind: TEXT → ``str``, DATE → ``datetime.date``, AMOUNT → ``Decimal`` whose exponent
    is the currency's number of decimals (``from_minor`` gives exactly that). ``None`` is empty.
    """

    title: str
    kind: str = TEXT
    width: int = 16


def file_format(path: Path) -> str:
    """The format named by the file's suffix, ``csv`` or ``xlsx``; else ``UnsupportedFormat``."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".xlsx"):
        return suffix[1:]
    raise UnsupportedFormat(
        _("“{name}” cannot be exported: the file name must end in .csv or .xlsx.").format(
            name=path.name
        )
    )


def default_delimiter(language: str) -> str:
    """``;`` in French, ``,`` otherwise.

    Excel opens a double-clicked CSV with the list separator of the Windows regional settings.
    Where the decimal mark is a comma (French settings) that separator is ``;``, and a
    comma-separated file would open as one column. Elsewhere ``,`` is the RFC 4180 default.
    """
    return ";" if language == "fr" else ","


def csv_text(value: str) -> str:
    """A text cell for CSV, with a leading ``'`` if a spreadsheet could read it as a formula."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def write_table(
    path: Path,
    *,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    total: int,
    language: str,
    sheet_title: str,
    delimiter: str | None = None,
    progress: Progress | None = None,
) -> int:
    """Write a header and ``rows`` to ``path`` (format from its suffix); return the row count.

    ``total`` is only for ``progress(done, total)``, called before the first row, every
    ``PROGRESS_EVERY`` rows and after the last; returning False raises ``ExportCancelled``.
    ``sheet_title`` is an ``N_()`` message. Raises ``ExportError`` when the file cannot be written.
    """
    kind = file_format(path)
    if delimiter is None:
        delimiter = default_delimiter(language)
    if len(delimiter) != 1 or delimiter in "\"\r\n'":
        raise ValueError(f"A CSV delimiter is one character, not a quote or newline: {delimiter!r}")
    titles = [translate_in(language, column.title) for column in columns]
    reported = _reported(rows, total, progress)
    with _replacing(path) as temporary:
        try:
            if kind == "csv":
                return _write_csv(temporary, titles, columns, reported, delimiter)
            return _write_xlsx(
                temporary,
                titles,
                columns,
                reported,
                sheet_name=translate_in(language, sheet_title),
                right_to_left=is_rtl(language),
                # Day first as written in the Maghreb and France; ISO in English, whose readers
                # disagree on day/month order. The cell is a real date either way.
                date_format="yyyy-mm-dd" if language == "en" else "dd/mm/yyyy",
            )
        except OSError as exc:
            raise _write_error(path, exc) from exc


def _check(progress: Progress, done: int, total: int) -> None:
    if progress(done, total) is False:
        raise ExportCancelled


def _reported(
    rows: Iterable[Sequence[Any]], total: int, progress: Progress | None
) -> Iterator[Sequence[Any]]:
    if progress is None:
        yield from rows
        return
    _check(progress, 0, total)
    done = 0
    for row in rows:
        yield row
        done += 1
        if done % PROGRESS_EVERY == 0:
            _check(progress, done, total)
    if done % PROGRESS_EVERY:
        _check(progress, done, total)


# --- the file itself -------------------------------------------------------------------------


def _write_error(path: Path, exc: OSError) -> ExportError:
    if isinstance(exc, PermissionError):
        return ExportError(
            _(
                "{path} cannot be written: it may be open in another program, "
                "or you are not allowed to write there."
            ).format(path=path)
        )
    return ExportError(
        _("{path} could not be written: {error}").format(path=path, error=exc.strerror or exc)
    )


def _create_temporary(path: Path) -> Path:
    """An empty hidden file beside ``path`` (same folder, so ``os.replace`` is atomic).

    Created with ``open(…, "x")`` rather than ``mkstemp``: it gets the permissions the user's
    umask gives any new file, as the final export should, instead of ``mkstemp``'s 0600.
    """
    folder = path.parent
    if not folder.is_dir():
        raise ExportError(_("The folder {folder} does not exist.").format(folder=folder))
    if path.is_dir():
        raise ExportError(_("{path} is a folder: choose a file name.").format(path=path))
    while True:
        temporary = folder / f".{path.name}.{secrets.token_hex(4)}.part"
        try:
            with temporary.open("xb"):
                return temporary
        except FileExistsError:
            continue
        except OSError as exc:
            raise _write_error(path, exc) from exc


@contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary path that replaces ``path`` if the block succeeds and is removed otherwise."""
    temporary = _create_temporary(path)
    try:
        yield temporary
        try:
            os.replace(temporary, path)
        except OSError as exc:
            raise _write_error(path, exc) from exc
    except BaseException:
        with suppress(OSError):
            temporary.unlink()
        raise


# --- CSV -------------------------------------------------------------------------------------


def _csv_value(kind: str, value: Any) -> str:
    if value is None:
        return ""
    if kind == DATE:
        return value.isoformat()  # 2026-03-14: unambiguous, read as a date by every program
    if kind == AMOUNT:
        return format(value, "f")  # 1500.50: a dot, no grouping, never an exponent
    return csv_text(str(value))


def _write_csv(
    target: Path,
    titles: Sequence[str],
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    delimiter: str,
) -> int:
    # utf-8-sig writes a BOM: without it Excel reads the file in the ANSI code page and
    # Arabic (and French accents) come out garbled.
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow([csv_text(title) for title in titles])
        kinds = [column.kind for column in columns]
        count = 0
        for row in rows:
            writer.writerow([_csv_value(k, v) for k, v in zip(kinds, row, strict=True)])
            count += 1
    return count


# --- XLSX ------------------------------------------------------------------------------------


def _amount_format(value: Decimal) -> str:
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return "#,##0." + "0" * decimals if decimals else "#,##0"


def _sheet_name(title: str) -> str:
    return title.translate(_SHEET_NAME_FORBIDDEN).strip()[:31] or "Sheet1"


def _write_xlsx(
    target: Path,
    titles: Sequence[str],
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_name: str,
    right_to_left: bool,
    date_format: str,
) -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_name(sheet_name))
    try:
        count = _fill_sheet(sheet, titles, columns, rows, right_to_left, date_format)
        workbook.save(target)
    except BaseException:
        _discard(sheet)
        raise
    return count


def _fill_sheet(
    sheet: Any,
    titles: Sequence[str],
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    right_to_left: bool,
    date_format: str,
) -> int:
    """Write a header and ``rows`` into a write-only ``sheet``; return the row count."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE as ILLEGAL
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    def text(value: str, *, force_cell: bool = False) -> Any:
        # Control characters XML cannot hold would make openpyxl refuse the whole file, and
        # Excel calls a file with a longer cell damaged.
        value = ILLEGAL.sub("", value)[:XLSX_MAX_TEXT]
        if not value and not force_cell:
            return None
        if not force_cell and value[0] not in "=#":
            return value  # openpyxl infers a string cell; only "=…" and "#…" need help
        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"  # "=…" would otherwise be stored as a formula, "#N/A" as an error
        return cell

    def styled(value: Any, number_format: str) -> Any:
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = number_format
        return cell

    def value_of(kind: str, value: Any) -> Any:
        if value is None:
            return None
        if kind == DATE:
            return styled(value, date_format)
        if kind == AMOUNT:
            return styled(value, _amount_format(value))
        return text(str(value))

    # The sheet's view and column widths go out with the first row: set them before it.
    sheet.sheet_view.rightToLeft = right_to_left
    sheet.freeze_panes = "A2"
    for index, (column, title) in enumerate(zip(columns, titles, strict=True), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(column.width, len(title) + 2)
    bold = Font(name="Calibri", family=2, size=11, bold=True)  # the workbook's default font, bold
    header = [text(title, force_cell=True) for title in titles]
    for cell in header:
        cell.font = bold
    kinds = [column.kind for column in columns]
    count = 0
    sheet.append(header)
    for row in rows:
        sheet.append([value_of(k, v) for k, v in zip(kinds, row, strict=True)])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    return count


def _offset(progress: Progress, before: int, total: int) -> Progress:
    """Progress of one sheet as progress of the whole workbook."""
    return lambda done, _sheet_total: progress(before + done, total)


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: its title (an ``N_()`` message), columns and rows."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    total: int


def write_workbook(
    path: Path, sheets: Sequence[Sheet], *, language: str, progress: Progress | None = None
) -> dict[str, int]:
    """Several tables in one XLSX file, one sheet each ("Export everything"); same rules as
    :func:`write_table` (atomic, injection-safe, cancellable). Returns rows per sheet title."""
    from openpyxl import Workbook

    if path.suffix.lower() != ".xlsx":
        raise UnsupportedFormat(
            _("“{name}” cannot be exported: the file name must end in .xlsx.").format(
                name=path.name
            )
        )
    total = sum(sheet.total for sheet in sheets)
    done = 0
    written: dict[str, int] = {}
    with _replacing(path) as temporary:
        workbook = Workbook(write_only=True)
        opened = []
        try:
            for spec in sheets:
                sheet = workbook.create_sheet(title=_sheet_name(translate_in(language, spec.title)))
                opened.append(sheet)

                rows = spec.rows
                if progress is not None:
                    rows = _reported(spec.rows, total, _offset(progress, done, total))
                titles = [translate_in(language, column.title) for column in spec.columns]
                written[spec.title] = _fill_sheet(
                    sheet,
                    titles,
                    spec.columns,
                    rows,
                    is_rtl(language),
                    "yyyy-mm-dd" if language == "en" else "dd/mm/yyyy",
                )
                done += written[spec.title]
            workbook.save(temporary)
        except OSError as exc:
            for sheet in opened:
                _discard(sheet)
            raise _write_error(path, exc) from exc
        except BaseException:
            for sheet in opened:
                _discard(sheet)
            raise
    return written


def _discard(sheet: Any) -> None:
    """Close an abandoned write-only sheet and remove openpyxl's temporary file of its rows.

    openpyxl would remove that file only when the program exits; a desktop app stays open.
    Best effort: it reaches into openpyxl's write-only internals (``_rows``, ``_writer``).
    """
    rows, writer = getattr(sheet, "_rows", None), getattr(sheet, "_writer", None)
    with suppress(Exception):
        if rows is not None:
            rows.close()
    with suppress(Exception):
        if writer is not None:
            writer.close()
            writer.cleanup()
