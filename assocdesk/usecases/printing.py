"""Printing a batch: every donor's yearly statement, as one PDF or one file each.

The drawing is :func:`assocdesk.reports.batch.statements_for_year` (all or nothing, cancellable
through ``progress``); this is what the window's Reports page and the command line's
``statements`` both ask for, with one rule for a folder or file that cannot be written: a
:class:`CannotWrite` that says which and why, rather than the system's bare error.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from assocdesk.errors import UserError
from assocdesk.i18n import _
from assocdesk.progress import Progress
from assocdesk.storage.engine import Database

if TYPE_CHECKING:  # ReportLab is loaded when a batch is printed, not at start-up
    from assocdesk.reports.batch import BatchResult


class CannotWrite(UserError):
    """The output folder or file cannot be written (no such drive, no permission, disk full)."""

    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(
            _("Cannot write {path}: {error}").format(path=path, error=error.strerror or error)
        )
        self.path = path


def print_statements(
    database: Database,
    year: int,
    *,
    out: Path,
    one_file: bool,
    language: str | None = None,
    progress: Progress | None = None,
) -> BatchResult:
    """Every donor's statement of fiscal year ``year``: one PDF at ``out`` (``one_file``), or one
    file each in the folder ``out``. ``BatchCancelled`` (a Cancelled) when ``progress`` says
    stop; nothing is then left behind. A result with ``count == 0`` wrote nothing."""
    from assocdesk.reports.batch import statements_for_year

    try:
        return statements_for_year(
            database, year, out=out, one_file=one_file, language=language, progress=progress
        )
    except OSError as exc:
        raise CannotWrite(out, exc) from exc
