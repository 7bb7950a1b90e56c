"""Yearly statements for every donor of a fiscal year: one PDF each in a folder, or one file.

Why it is built this way:
- Speed: thousands of statements must print in seconds, so the year is read once
  (:class:`~assocdesk.reports.statement_data.PeriodReader`: a handful of queries, not one per
  donor) and each language's Setup (fonts, letterhead) is made once.
- All or nothing: files are written under temporary names and renamed only when every
  statement is done; a cancel (``progress`` returned False) or an error removes them, so a
  half-finished batch never looks like a finished one.
- One file: ReportLab lays out the statements as it goes (the story is produced lazily, one
  statement at a time), each statement on a new page. Its "Page n of N" counts the pages of the
  whole file: layout.build() numbers a document, not its parts.
- File names must work on Windows and keep Arabic names readable: see :func:`safe_filename`.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import date
from multiprocessing import get_context
from pathlib import Path

from reportlab.platypus import Flowable, PageBreak

from assocdesk.errors import Cancelled
from assocdesk.i18n import _
from assocdesk.progress import Progress
from assocdesk.reports.fonts import document_fonts
from assocdesk.reports.layout import Setup, build
from assocdesk.reports.lazy_story import LazyStory
from assocdesk.reports.receipt import document_language
from assocdesk.reports.statement import statement_pdf, statement_story, statement_title
from assocdesk.reports.statement_data import LEFT_OUT_REASONS, PeriodReader, StatementData
from assocdesk.storage.engine import Database

MAX_NAME = 150  # characters in a file name, ".pdf" included: well under Windows' 255
_FORBIDDEN = re.compile(
    r'[<>:"/\\|?*\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f'
    r"\u202a-\u202e\u2066-\u2069]"
)
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"]
    + [f"{port}{n}" for port in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]]
)


class BatchCancelled(Cancelled):
    """``progress`` returned False; nothing was left behind."""


@dataclass
class BatchResult:
    count: int
    paths: list[Path]
    # (contact id, name, translated reason): donors who got no statement
    skipped: list[tuple[int, str, str]] = field(default_factory=list)
    # donors whose statement was made but cannot be mailed (no address)
    flagged: list[tuple[int, str, str]] = field(default_factory=list)


def safe_filename(stem: str, suffix: str = ".pdf", max_length: int = MAX_NAME) -> str:
    """``stem + suffix`` made safe for Windows, macOS and Linux, Arabic kept as it is.

    Removes <>:"/\\|?*, control characters and bidi controls (which could disguise the
    extension), folds runs of spaces, strips trailing dots and spaces (Windows drops them),
    avoids reserved device names (CON, PRN, AUX, NUL, COM1…, LPT1…) and cuts to
    ``max_length`` characters.
    """
    text = _cleaned(stem, max(1, max_length - len(suffix))) or "_"
    if text.split(".")[0].strip().upper() in _RESERVED:
        text = f"_{text}"[: max_length - len(suffix)]
    return f"{text}{suffix}"


def _cleaned(text: str, length: int) -> str:
    spaced = " ".join(unicodedata.normalize("NFC", text).split())  # tabs, line breaks → spaces
    return " ".join(_FORBIDDEN.sub("", spaced).split())[:length].rstrip(". ")


def statement_filename(year: int, name: str, contact_id: int) -> str:
    """ "2025 - أحمد بنعلي - 123.pdf": the contact id keeps namesakes apart."""
    room = MAX_NAME - len(f"{year} -  - {contact_id}.pdf")
    cleaned = _cleaned(name, room)
    return safe_filename(
        f"{year} - {cleaned} - {contact_id}" if cleaned else f"{year} - {contact_id}"
    )


class _Setups:
    """One Setup per language, made once for the whole batch."""

    def __init__(self, reader: PeriodReader, language: str | None) -> None:
        self.profile, self.language = reader.profile, language
        self.made: dict[str, Setup] = {}

    def language_of(self, data: StatementData | None) -> str:
        preferred = data.preferred_language if data else None
        return document_language(self.language, preferred, self.profile)

    def __call__(self, data: StatementData | None = None) -> Setup:
        language = self.language_of(data)
        setup = self.made.get(language)
        if setup is None:
            setup = self.made[language] = Setup.for_language(language, self.profile)
        return setup


def statements_for_year(
    db: Database,
    year: int,
    *,
    out: Path,
    one_file: bool,
    language: str | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> BatchResult:
    """Statements of fiscal year ``year`` for every named donor with a counted gift.

    ``one_file``: one PDF at ``out``; else ``out`` is a folder that gets one file per donor.
    ``progress(done, total)`` returning False cancels: BatchCancelled is raised and nothing
    is left behind. Donors left out (all gifts voided) are in ``skipped``; donors without an
    address get their statement and are listed in ``flagged``. ``workers``: processes that
    draw the folder's files (None: one per core for a large batch; 1: this process only).
    """
    with db.reading() as session:
        reader = PeriodReader(session, year)
        statements = list(reader.statements())
        left_out = reader.left_out()
    setups = _Setups(reader, language)
    result = BatchResult(len(statements), [])
    for item in left_out:
        if item.contact_id is None:
            continue  # anonymous gifts: no contact to list; the register counts them
        row = (item.contact_id, item.name, _(LEFT_OUT_REASONS[item.reason]))
        (result.flagged if item.reason == "no_address" else result.skipped).append(row)
    tick = _ticker(progress, len(statements))
    issued_on = date.today()
    if not statements:
        tick(0)
        return result  # nothing to print: no empty file or folder is made
    out = Path(out)
    created = _make_folders(out.parent if one_file else out)
    try:
        if one_file:
            result.paths = [_one_file(out, statements, setups, issued_on, tick)]
        else:
            jobs = [
                (statement_filename(year, d.name, d.contact_id), setups(d).language, d)
                for d in statements
            ]
            result.paths = _folder(out, jobs, setups, issued_on, tick, workers)
    except BaseException:
        if created is not None:
            shutil.rmtree(created, ignore_errors=True)
        raise
    return result


def _make_folders(folder: Path) -> Path | None:
    """Make ``folder`` and its missing parents; the topmost one made (None: it existed)."""
    top = None
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            break
        top = candidate
    folder.mkdir(parents=True, exist_ok=True)
    return top


def _ticker(progress: Progress | None, total: int) -> Callable[[int], None]:
    def tick(done: int) -> None:
        if progress is not None and progress(done, total) is False:
            raise BatchCancelled(_("Printing the statements was cancelled; no file was kept."))

    return tick


Job = tuple[str, str, StatementData]  # file name, language, statement
CHUNK = 40  # statements a worker draws between two progress reports (about a second)
PARALLEL_FROM = 150  # fewer statements are drawn faster than worker processes start


def _folder(
    out: Path,
    jobs: list[Job],
    setups: _Setups,
    issued_on: date,
    tick: Callable[[int], None],
    workers: int | None,
) -> list[Path]:
    work = Path(tempfile.mkdtemp(prefix=".statements-", suffix=".part", dir=out))
    try:
        tick(0)
        count = workers or min(os.cpu_count() or 1, 4)
        if count > 1 and len(jobs) >= PARALLEL_FROM:
            _draw_in_workers(jobs, work, setups, issued_on, tick, count)
        else:
            for done, (name, language, data) in enumerate(jobs, 1):
                setup = setups.made[language]
                pdf = statement_pdf(setup, data, issued_on, signer=setup.signer("treasurer"))
                (work / name).write_bytes(pdf)
                tick(done)
        for name, _language, _data in jobs:
            os.replace(work / name, out / name)
        work.rmdir()
        return [out / name for name, _language, _data in jobs]
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _draw_in_workers(
    jobs: list[Job],
    work: Path,
    setups: _Setups,
    issued_on: date,
    tick: Callable[[int], None],
    count: int,
) -> None:
    """Draw the files in ``count`` processes (ReportLab is pure Python: threads would queue
    behind the GIL). "spawn" everywhere: forking a process that runs Qt threads can hang."""
    chunks = [jobs[i : i + CHUNK] for i in range(0, len(jobs), CHUNK)]
    font = setups.profile.document_font if setups.profile else ""
    context = get_context("spawn")
    with ProcessPoolExecutor(
        count, mp_context=context, initializer=_worker_fonts, initargs=(font,)
    ) as pool:
        pending: set[Future[int]] = {
            pool.submit(_draw_chunk, chunk, str(work), setups.made, issued_on) for chunk in chunks
        }
        done = 0
        try:
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    done += future.result()
                tick(done)
        except BaseException:
            for future in pending:
                future.cancel()
            raise


def _worker_fonts(font: str) -> None:
    document_fonts(font)  # registers the fonts under the names the parent's Setups use


def _draw_chunk(chunk: list[Job], work: str, setups: dict[str, Setup], issued_on: date) -> int:
    for name, language, data in chunk:
        setup = setups[language]
        pdf = statement_pdf(setup, data, issued_on, signer=setup.signer("treasurer"))
        Path(work, name).write_bytes(pdf)
    return len(chunk)


def _one_file(
    out: Path,
    statements: list[StatementData],
    setups: _Setups,
    issued_on: date,
    tick: Callable[[int], None],
) -> Path:
    setup = setups()  # the file's own language: asked for, else the association's
    title = statement_title(setup, statements[0])

    def parts() -> Iterator[list[Flowable]]:
        tick(0)
        for done, data in enumerate(statements):
            if done:
                tick(done)
            setup_of = setups(data)
            signer = setup_of.signer("treasurer")  # agreeing with the treasurer's gender
            story = statement_story(setup_of, data, issued_on, signer=signer)
            yield [PageBreak(), *story] if done else story
        tick(len(statements))

    story = LazyStory(parts())
    footer = f"{setup.letterhead.name} — {title}"
    pdf = build(setup, story, title=title, footer=footer)  # type: ignore[arg-type]
    # Not mkstemp: its file is private (0600); this one gets the folder's usual permissions.
    temporary = out.with_name(f".{out.name}.{secrets.token_hex(4)}.part")
    try:
        with temporary.open("xb") as stream:
            stream.write(pdf)
        os.replace(temporary, out)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return out
