"""Running an import: the whole file in ONE transaction, or nothing.

:func:`run_import` builds the plan (see plan.py) inside the write transaction — so what it
checked is what it writes, even if the database changed since the preview — then writes it.
Cancel (``progress`` answering False), an error, or the process dying leaves the database as it
was: the transaction is never committed half-way. Rows with problems stop the import unless the
person chose to skip them (``skip_bad_rows``); the mapping is remembered for the file's layout.

On a shared server one desk imports at a time (:mod:`assocdesk.storage.server_locks`): a second
import waits for the first to end, says so through ``notice``, and then plans against what the
first one committed (its people are matched, its receipt numbers followed). Cancel still works
while it waits. A connection lost mid-way rolls the whole import back on the server and raises
the storage's ServerUnreachable, in words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session

from assocdesk.errors import Cancelled, UserError
from assocdesk.i18n import _, ngettext
from assocdesk.progress import Progress
from assocdesk.services import contacts
from assocdesk.spreadsheets import indexes
from assocdesk.spreadsheets.gc_pause import collector_paused
from assocdesk.spreadsheets.kinds import Entry, ImportKind
from assocdesk.spreadsheets.mapping import remember
from assocdesk.spreadsheets.plan import BAD, CREATE, MERGE, SKIP, ImportPlan, RowError, build_plan
from assocdesk.spreadsheets.planned import ContactValues, VolunteerPart
from assocdesk.spreadsheets.reading import Table
from assocdesk.spreadsheets.writer import PlanWriter
from assocdesk.storage.engine import Database
from assocdesk.storage.errors import damage_error
from assocdesk.storage.search_index import index_problems
from assocdesk.storage.server_locks import IMPORT_LOCK_KEY, hold_for_transaction

PROGRESS_EVERY = 500


class ImportCancelled(Cancelled):
    def __init__(self) -> None:
        super().__init__(_("Import stopped; nothing was changed."))


class ImportRefused(UserError):
    """Rows have problems and skipping them was not asked for; nothing was written."""

    def __init__(self, plan: ImportPlan) -> None:
        self.plan = plan
        count = plan.count(BAD)
        super().__init__(
            ngettext(
                "{count} row has problems; nothing was imported. Fix the file, or skip it.",
                "{count} rows have problems; nothing was imported. Fix the file, or skip them.",
                count,
            ).format(count=count)
        )


@dataclass
class ImportResult:
    created: int = 0
    merged: int = 0
    skipped: int = 0  # already there, or bad rows skipped
    errors: list[RowError] = field(default_factory=list)

    @classmethod
    def of(cls, plan: ImportPlan) -> ImportResult:
        """What importing ``plan`` does (bad rows skipped): for previews and dry runs."""
        if plan.kind.rules.entry is Entry.DONATION:  # merged: the donor was already known
            merged = sum(
                1
                for r in plan.rows
                if r.action is CREATE and (r.match_id is not None or r.match_row is not None)
            )
        else:
            merged = plan.count(MERGE)
        return cls(plan.count(CREATE), merged, plan.count(SKIP) + plan.count(BAD), plan.errors)


def run_import(
    database: Database,
    table: Table,
    kind: ImportKind | str,
    mapping: Sequence[str | None],
    *,
    currency: str = "MAD",
    skip_bad_rows: bool = False,
    progress: Progress | None = None,
    notice: Callable[[str], object] | None = None,
) -> ImportResult:
    """Import ``table`` as ``kind`` under ``mapping``, all rows or none.

    ``notice(text)`` is told what the import waits for, when it waits (another desk importing
    on the same server), then ``notice("")`` once it goes on; ``progress`` is asked
    ``(0, rows)`` every half second meanwhile, and its False stops the wait (ImportCancelled).
    """
    with collector_paused():
        with database.transaction() as session:
            _wait_for_other_imports(session, len(table.rows), progress, notice)
            _refuse_damaged(database, session)
            plan = build_plan(session, table, kind, mapping, currency=currency)
            if plan.count(BAD) and not skip_bad_rows:
                raise ImportRefused(plan)
            write_plan(session, plan, progress)
            result = ImportResult.of(plan)
            if result.created + result.merged or not (result.errors or not table.rows):
                # A mapping under which nothing could be imported is not remembered: the next
                # import of the same layout would reuse it without asking.
                remember(session, table.header, plan.kind.value, mapping)
        del plan  # freed while the collector waits: resumed, it would walk all of it once more
    return result


def _wait_for_other_imports(
    session: Session,
    total: int,
    progress: Progress | None,
    notice: Callable[[str], object] | None,
) -> None:
    """First of all (before the plan reads anything): this desk's turn to import."""
    waited = False

    def still_waiting() -> bool:
        nonlocal waited
        if not waited and notice is not None:
            notice(_("Another desk is importing; this import starts when it ends."))
        waited = True
        return progress is None or progress(0, total) is not False

    if not hold_for_transaction(session, IMPORT_LOCK_KEY, still_waiting):
        raise ImportCancelled
    if waited and notice is not None:
        notice("")


def _refuse_damaged(database: Database, session: Session) -> None:
    """An import writes thousands of rows at once: the whole file is checked first, indexes
    included (the check at opening skips them), inside the write transaction so nothing can
    change between the check and the writing. A few seconds at 200 MB, against an import that
    would otherwise write duplicates through a damaged unique index. On a server, the server
    keeps its indexes sound itself (:func:`assocdesk.storage.search_index.index_problems`)."""
    problems = index_problems(session)
    if problems:
        raise damage_error(database.file, "; ".join(problems[:3]))


def _tick(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and progress(done, total) is False:
        raise ImportCancelled


def write_plan(session: Session, plan: ImportPlan, progress: Progress | None = None) -> None:
    total = len(plan.rows)
    _tick(progress, 0, total)
    _merge_rows_of_the_file(plan)
    writer = PlanWriter(session, plan)
    aside = indexes.set_aside(session, writer.contacts.next_id, plan.count(CREATE))
    write = writer.write
    for done, row in enumerate(plan.rows, start=1):
        if row.written:
            write(row)
        if done % PROGRESS_EVERY == 0:
            _tick(progress, done, total)
    writer.finish()
    indexes.put_back(session, aside)
    _tick(progress, total, total)


def _merge_rows_of_the_file(plan: ImportPlan) -> None:
    """A later row about a person met earlier in the file completes that earlier row."""
    for row in plan.rows:
        if row.action is not MERGE or row.match_row is None:
            continue
        later, target = row.values, plan.rows[row.match_row]
        assert isinstance(later, ContactValues) and isinstance(target.values, ContactValues)
        target.values = merged(target.values, later)


def merged(earlier: ContactValues, later: ContactValues) -> ContactValues:
    """``earlier`` completed by ``later``: its empty details, a membership, a volunteer's
    skills."""
    found = dict(earlier.contact)
    for key, value in later.contact.items():
        if value and not found.get(key):
            found[key] = value
    found["search_text"] = contacts.search_key_of(
        found["name"], found["email"], found["city"], found["phone"]
    )
    return replace(
        earlier,
        contact=found,
        membership=earlier.membership or later.membership,
        volunteer=_volunteer_of(earlier.volunteer, later.volunteer),
    )


def _volunteer_of(
    earlier: VolunteerPart | None, later: VolunteerPart | None
) -> VolunteerPart | None:
    if earlier is None or later is None:
        return earlier or later
    skills = tuple(dict.fromkeys([*earlier.skills, *later.skills]))
    return VolunteerPart(skills, earlier.since or later.since)
