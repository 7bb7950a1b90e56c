"""The child processes that tests/core/test_attack_loops.py kills with SIGKILL at random moments.

Each mode imports what it needs first, then prints ``ready`` (flushed), so the parent can time
its kill from the moment real work starts rather than from Python's start-up; afterwards every
line it prints (flushed) reports something committed, which the parent will look for.

    python -m tests.core.attack_child cli ARG…        assocdesk-cli ARG… (its own output lines;
                                                      ``installing`` as a restore starts to put
                                                      the verified copy in place)
    python -m tests.core.attack_child cli-paused WHERE ARG…  the same, a restore stopping at
                                                      WHERE: one of PAUSES, or "keep" (run_cli)
    python -m tests.core.attack_child writes DB SEED   service writes, one transaction each
    python -m tests.core.attack_child erase DB SEED    erase contacts one by one, then clean

Like the CLI's writing commands, ``writes`` and ``erase`` hold the database's lock.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from assocdesk.models import Contact, Donation, DonationStatus, DuesPayment, Membership
from assocdesk.services import donations, dues, privacy
from assocdesk.services.errors import ValidationError
from assocdesk.storage.engine import Database
from assocdesk.storage.lock import DatabaseLock
from assocdesk.storage.opening import open_database

ATTACK_CATEGORY = "Attaque"  # set up by the parent: a fee large enough for endless 1 MAD parts


def report(*fields: object) -> None:
    """One write per line (with PYTHONUNBUFFERED, print would write each field on its own and a
    kill could cut the line; the parent also ignores a last line without its end)."""
    sys.stdout.write(" ".join(map(str, fields)) + "\n")
    sys.stdout.flush()


def ready() -> None:
    report("ready")


# Where ``cli-paused`` stops a restore that puts a bundle in place: (module, function, whether
# the pause comes after it returns or before it runs). The parent kills it there.
PAUSES = {
    "marked": ("pending_restore", "begin", "after"),  # the marker written, nothing renamed
    "replace": ("restore", "replace_database", "after"),  # the database renamed, not the files
    "aside": ("pending_restore", "set_aside", "after"),  # the current files set aside
    "swapped": ("pending_restore", "end", "before"),  # both renamed, the marker still there
}


def _pause_at(where: str) -> None:
    """Make the restore stop at ``where`` (see PAUSES): announce it, then wait to be killed."""
    from assocdesk.storage import pending_restore
    from assocdesk.storage.backups import restore

    module_name, name, when = PAUSES[where]
    module = {"pending_restore": pending_restore, "restore": restore}[module_name]
    original = getattr(module, name)

    def paused(*args: object, **kwargs: object) -> object:
        if when == "before":
            report(where)
            time.sleep(60)
        result = original(*args, **kwargs)
        if when == "after":
            report(where)
            time.sleep(60)
        return result

    setattr(module, name, paused)


def run_cli(argv: list[str], *, pause: str = "") -> int:
    """The CLI, announcing ``installing`` as a restore starts putting its copy in place. With
    ``pause`` one of PAUSES: that word once the restore got there, then a wait (for the parent's
    kill); ``pause="keep"``: ``copying`` then a wait in the middle of the copy of the current
    database kept before it is replaced."""
    # What the commands import lazily, imported now: the kill lands in the command's work.
    import assocdesk.demo
    import assocdesk.spreadsheets.importer
    import assocdesk.spreadsheets.plan
    import assocdesk.spreadsheets.reading
    import assocdesk.storage.backups.restore
    import assocdesk.storage.migrations.runner  # noqa: F401
    from assocdesk import cli
    from assocdesk.storage.backups import restore

    install = restore.install

    def announced(*args: object, **kwargs: object) -> object:
        report("installing")  # the parent may aim its kill at putting the copy in place
        return install(*args, **kwargs)

    restore.install = announced  # type: ignore[assignment]
    if pause in PAUSES:
        _pause_at(pause)
    elif pause == "keep":
        from assocdesk.storage import sqlite_file

        sqlite_file.PAGES_PER_STEP = 1
        copy = restore.snapshot

        def slow(source: Path, target: Path, *_args: object, password: str | None = None) -> Path:
            def step(done: int, _total: int) -> bool:
                if done == 5:
                    report("copying")
                    time.sleep(60)
                return True

            return copy(source, target, step, password=password)

        restore.snapshot = slow  # type: ignore[assignment]
    ready()
    return cli.main(argv)


class Writer:
    """Random service writes, as the app makes them: one unit of work per action."""

    def __init__(self, database: Database, rng: random.Random) -> None:
        self.database, self.rng = database, rng
        with database.reading() as session:
            self.contacts = list(
                session.scalars(select(Contact.id).where(Contact.erased_at.is_(None)))
            )
            self.membership = session.scalar(
                select(Membership.id).where(Membership.category == ATTACK_CATEGORY)
            )
            self.recorded = list(
                session.scalars(
                    select(Donation.id).where(Donation.status == DonationStatus.RECORDED)
                )
            )
            self.unissued = list(
                session.scalars(select(Donation.id).where(Donation.receipt_prints == 0))
            )
            self.payments = list(
                session.scalars(select(DuesPayment.id).where(DuesPayment.status == "recorded"))
            )
            self.unissued_payments = list(
                session.scalars(select(DuesPayment.id).where(DuesPayment.receipt_prints == 0))
            )

    def gift(self) -> donations.DonationInput:
        rng = self.rng
        anonymous = rng.random() < 0.3
        return donations.DonationInput(
            amount=str(rng.randint(1, 5000)),
            currency="MAD",
            donated_on=date(rng.choice((2024, 2025)), rng.randint(1, 12), rng.randint(1, 28)),
            contact_id=None if anonymous else rng.choice(self.contacts),
            anonymous=anonymous,
        )

    def pick(self, ids: list[int]) -> int | None:
        return ids.pop(self.rng.randrange(len(ids))) if ids else None

    def record_gift(self, session: Session) -> tuple:
        gift = donations.record(session, self.gift())
        session.flush()
        self.recorded.append(gift.id)
        self.unissued.append(gift.id)
        return ("D", gift.id, gift.receipt_number)

    def record_dues(self, session: Session) -> tuple:
        year = self.rng.choice((2024, 2025))
        payment = dues.record(
            session,
            dues.PaymentInput(
                membership_id=self.membership,
                period_year=year,
                amount="1",
                currency="MAD",
                paid_on=date(year, self.rng.randint(1, 12), self.rng.randint(1, 28)),
            ),
        )
        session.flush()
        self.payments.append(payment.id)
        self.unissued_payments.append(payment.id)
        return ("P", payment.id, payment.receipt_number)

    def void_gift(self, session: Session) -> tuple | None:
        chosen = self.pick(self.recorded)
        if chosen is None:
            return None
        donations.void(session, chosen, "attack loop")
        return ("VD", chosen)

    def void_dues(self, session: Session) -> tuple | None:
        chosen = self.pick(self.payments)
        if chosen is None:
            return None
        dues.void(session, chosen, "attack loop")
        return ("VP", chosen)

    def print_gift(self, session: Session) -> tuple | None:
        if not self.recorded:
            return None
        chosen = self.rng.choice(self.recorded)
        printing = donations.mark_printed(session, chosen)
        return ("ID", chosen, printing.prints)

    def issue_gift(self, session: Session) -> tuple | None:
        chosen = self.pick(self.unissued)
        if chosen is None:
            return None
        donations.issue_unprinted(session, chosen)
        return ("ID", chosen, 1)

    def issue_dues(self, session: Session) -> tuple | None:
        chosen = self.pick(self.unissued_payments)
        if chosen is None:
            return None
        dues.issue_unprinted(session, chosen)
        return ("IP", chosen)

    def correct_gift(self, session: Session) -> tuple | None:
        chosen = self.pick(self.recorded)
        if chosen is None:
            return None
        corrected = donations.correct(session, chosen, self.gift(), "attack loop")
        session.flush()
        self.recorded.append(corrected.id)
        return ("C", chosen, corrected.id, corrected.receipt_number)

    def actions(self) -> list[tuple[Callable[[Session], tuple | None], int]]:
        return [
            (self.record_gift, 35),
            (self.record_dues, 20),
            (self.void_gift, 8),
            (self.void_dues, 5),
            (self.print_gift, 10),
            (self.issue_gift, 5),
            (self.issue_dues, 7),
            (self.correct_gift, 10),
        ]

    def run(self) -> None:
        actions = self.actions()
        choices, weights = [a for a, _w in actions], [w for _a, w in actions]
        ready()
        while True:
            action = self.rng.choices(choices, weights)[0]
            try:
                with self.database.transaction() as session:
                    done = action(session)
            except ValidationError:  # refused, so rolled back: nothing to report
                continue
            if done is not None:  # printed once committed: the parent may count on it
                report(*done)


def writes(path: Path, seed: int) -> None:
    with DatabaseLock(path):
        database = open_database(path)
        try:
            Writer(database, random.Random(seed)).run()
        finally:
            database.close()


def erase(path: Path, seed: int) -> None:
    """Erase every contact in a random order: ``E id`` once committed, ``S id`` once cleaned."""
    with DatabaseLock(path):
        database = open_database(path)
        try:
            with database.reading() as session:
                ids = list(session.scalars(select(Contact.id).where(Contact.erased_at.is_(None))))
            random.Random(seed).shuffle(ids)
            ready()
            for contact_id in ids:
                with database.transaction() as session:
                    privacy.erase(session, contact_id)
                report("E", contact_id)
                privacy.scrub_file(database)
                report("S", contact_id)
        finally:
            database.close()


if __name__ == "__main__":
    mode, rest = sys.argv[1], sys.argv[2:]
    if mode == "cli":
        raise SystemExit(run_cli(rest))
    if mode == "cli-paused":
        raise SystemExit(run_cli(rest[1:], pause=rest[0]))
    if mode == "writes":
        writes(Path(rest[0]), int(rest[1]))
    elif mode == "erase":
        erase(Path(rest[0]), int(rest[1]))
    else:
        raise SystemExit(f"unknown mode {mode}")
