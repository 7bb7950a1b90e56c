"""Fill an empty database with a demo association, in one all-or-nothing transaction.

Why bulk inserts rather than the services: the large size (20 000 contacts, 200 000 donations)
must load in seconds, and one service call per row (validation, flush, audit event) would take
minutes. The rows are instead generated as dicts that already obey the services' rules (cleaned
text, shadow search columns, gapless receipt numbers, counters) and go in with one executemany
per table; the contacts_fts triggers index the contacts as they are inserted. Only the
association profile goes through its service, which also records its audit event.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Table, exists, insert, select, text
from sqlalchemy.orm import Session

from assocdesk.demo import names as N
from assocdesk.demo.events import Events
from assocdesk.demo.people import People, Plan, Row
from assocdesk.demo.running import RunningCampaigns, extra_records
from assocdesk.errors import Cancelled, UserError
from assocdesk.i18n import _
from assocdesk.models import (
    Activity,
    ActivityBeneficiaryGroup,
    AssociationProfile,
    Campaign,
    Contact,
    Donation,
    DuesFee,
    DuesPayment,
    DuesReceiptCounter,
    Membership,
    ReceiptCounter,
    Skill,
    VolunteerAssignment,
    VolunteerProfile,
    volunteer_skills,
)
from assocdesk.progress import Progress
from assocdesk.services import association, receipt_chain
from assocdesk.storage.engine import Database

SIZES = {
    "small": Plan(
        contacts=150,
        organizations=12,
        members=90,
        volunteers=40,
        donations=400,
        activities=25,
        campaigns=5,
    ),
    "large": Plan(
        contacts=20_000,
        organizations=800,
        members=12_000,
        volunteers=5_000,
        donations=200_000,
        activities=10_000,
        campaigns=15,
    ),
    # Search must stay quick for a federation's 100 000 contacts (benchmark --size huge).
    "huge": Plan(
        contacts=100_000,
        organizations=4_000,
        members=60_000,
        volunteers=5_000,
        donations=300_000,
        activities=10_000,
        campaigns=15,
    ),
}
# Dates are drawn relative to this fixed day, so one seed always gives the same records; a clock
# set earlier pulls it back, so no gift is ever dated in the future.
FIXED_REFERENCE = date(2026, 11, 1)
CHUNK = 5_000  # rows per executemany: progress is reported (and cancel noticed) this often
# Tables that hold the records counted by progress and DemoSummary.
COUNTED = frozenset(
    t.__tablename__ for t in (Contact, Membership, VolunteerProfile, Campaign, Activity, Donation)
)
# Any row here means the database is in use; the demo's explicit ids would also clash with it.
IN_USE = (Contact, Donation, Activity, Campaign, AssociationProfile, Skill, ReceiptCounter)


class DemoRefused(UserError):
    """The database already holds records; demo data never mixes with real ones."""


class DemoCancelled(Cancelled):
    """``progress`` returned False; the transaction was rolled back and nothing was added."""


@dataclass(frozen=True)
class DemoSummary:
    """How many records the fill added (members and volunteers are contacts too)."""

    contacts: int
    members: int
    volunteers: int
    donations: int
    activities: int
    campaigns: int


def reference_date(today: date | None = None) -> date:
    """The "today" of the demo data: a fixed day, or the real one if the clock says earlier."""
    return min(FIXED_REFERENCE, today or date.today())


def is_empty(session: Session) -> bool:
    """True when the database holds none of the records the demo would mix with."""
    return not any(session.scalar(select(exists().select_from(model))) for model in IN_USE)


def _tables(plan: Plan, seed: int, today: date) -> Iterator[tuple[Table, list[Row]]]:
    """Each table's rows, parents before children, generated just before they are inserted."""
    rng = random.Random(seed)
    reference = reference_date(today)
    people = People(rng, plan, reference)
    hashtag = N.PROFILE.hashtags.split()[0]  # every activity carries the association's tag
    events = Events(rng, people, reference, today, N.PROFILE.receipt_prefix, hashtag)
    yield Contact.__table__, people.contacts()
    seasonal = events.campaigns(plan.campaigns)
    # Its own generator, so that the seasonal data stays as the seed made it.
    running = RunningCampaigns(random.Random(f"running-{seed}"), people, today, len(seasonal) + 1)
    yield Campaign.__table__, seasonal + running.campaigns()
    memberships, dues = people.memberships()
    yield Membership.__table__, memberships
    fees, dues_counters = people.dues_book(dues, N.PROFILE.receipt_prefix)
    yield DuesFee.__table__, fees
    yield DuesPayment.__table__, dues
    yield DuesReceiptCounter.__table__, dues_counters
    skills, profiles, links = people.volunteer_rows()
    yield Skill.__table__, skills
    yield VolunteerProfile.__table__, profiles
    yield volunteer_skills, links
    activities, groups, assignments = events.activities()
    yield Activity.__table__, activities
    yield ActivityBeneficiaryGroup.__table__, groups
    yield VolunteerAssignment.__table__, assignments
    donations, counters = events.donations(running.gifts)
    yield Donation.__table__, donations
    yield ReceiptCounter.__table__, counters


@contextmanager
def _large_cache(session: Session) -> Iterator[None]:
    """A 64 MB page cache while filling, then the connection's own again.

    With SQLite's default 2 MB, inserting 200 000 donations into indexes of tens of megabytes
    (random uuids, donor ids) keeps spilling pages to the WAL before the commit; a larger cache
    saves about a fifth of the large fill's time. A PostgreSQL server sizes its own buffers
    (shared_buffers, set by its administrator): nothing is changed there.
    """
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    previous = session.execute(text("PRAGMA cache_size")).scalar_one()
    session.execute(text("PRAGMA cache_size = -65536"))
    try:
        yield
    finally:
        session.execute(text(f"PRAGMA cache_size = {int(previous)}"))


class _Writer:
    """Inserts rows in chunks, stamps uuid/created_at/updated_at, reports progress."""

    def __init__(self, session: Session, progress: Progress | None, total: int) -> None:
        self.session, self.progress, self.total = session, progress, total
        self.done = 0
        self.counts: dict[str, int] = {}
        self.now = datetime.now(UTC)

    def insert(self, table: Table, rows: list[Row]) -> None:
        # Supplying the mixin's columns ourselves is faster than SQLAlchemy calling the Python
        # defaults once per row, and gives every row of the fill the same timestamp.
        stamped = "uuid" in table.c
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            if stamped:
                for row in chunk:
                    row.update(uuid=str(uuid.uuid4()), created_at=self.now, updated_at=self.now)
            self.session.execute(insert(table), chunk)
            if table.name in COUNTED:
                self.done += len(chunk)
            self.report()
        self.counts[table.name] = len(rows)

    def report(self) -> None:
        if self.progress is not None and self.progress(self.done, self.total) is False:
            raise DemoCancelled(_("Filling with demo data was cancelled; nothing was added."))


def fill(
    db: Database,
    size: str = "small",
    seed: int = 1,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill an empty database with the demo association Al Amal, its people and its history.

    ``size`` is "small" (about 150 contacts, 400 donations) or "large" (20 000 contacts,
    200 000 donations: for trying the application at scale). The same ``seed`` gives the same
    records; only the upcoming activities and the running campaigns (with their gifts, all before
    today) move with the real date, so they stay upcoming and running.
    ``progress(done, total)`` is called as records go in; returning False cancels, and
    :class:`DemoCancelled` is raised after the transaction has rolled back. A database that
    already holds records is refused with :class:`DemoRefused` and left unchanged.
    """
    plan = SIZES.get(size)
    if plan is None:
        raise ValueError(f"Unknown demo size {size!r}; choose one of {', '.join(SIZES)}.")
    total = (
        plan.contacts
        + plan.members
        + plan.volunteers
        + plan.campaigns
        + plan.activities
        + plan.donations
        + extra_records(plan)
    )
    with db.transaction() as session:
        if not is_empty(session):
            raise DemoRefused(
                _(
                    "This database already holds records. Demo data is only added to an empty "
                    "database, so that it never mixes with real records."
                )
            )
        association.save(session, N.PROFILE)
        writer = _Writer(session, progress, total)
        writer.report()
        with _large_cache(session):
            for table, rows in _tables(plan, seed, date.today()):
                writer.insert(table, rows)
            receipt_chain.chain_unlinked(session)  # the voided gifts use their number: chain them
    counts = writer.counts
    return DemoSummary(
        contacts=counts["contacts"],
        members=counts["memberships"],
        volunteers=counts["volunteer_profiles"],
        donations=counts["donations"],
        activities=counts["activities"],
        campaigns=counts["campaigns"],
    )
