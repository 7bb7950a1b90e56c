"""Moving the association's database to a shared server, and taking it home again.

"Move this database to a shared server" copies the open SQLite database into an empty
PostgreSQL database (every table, id, uuid, counter; the attached files), compares the two
before anyone switches, and leaves the file as it was: it stays the association's copy at home
until the office decides otherwise. Taking it home is the same copy the other way, into a new
SQLite file (a server's backup is made of it too).

The window and the command line open both databases (only they may open one: ARCHITECTURE.md)
and hand them in.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from assocdesk.progress import Progress
from assocdesk.services import photos
from assocdesk.storage.engine import Database
from assocdesk.storage.transfer import Tally, copy_database


@dataclass(frozen=True)
class Moved:
    """What the copy holds (the same as its source: compared before it was committed), and the
    attached files copied, or missing at the source (their records were copied all the same)."""

    tally: Tally
    files_copied: int = 0
    files_missing: tuple[str, ...] = ()

    @property
    def records(self) -> int:
        return sum(self.tally.rows.values())


def copy_whole(source: Database, target: Database, progress: Progress | None = None) -> Moved:
    """Copy every record of ``source`` into the empty ``target``, on either backend.

    TransferError (the target left empty) when the target holds data, the two are not at the
    same schema, or the copy does not match its source; TransferCancelled when ``progress``
    says stop. The attached files follow, in a second transaction on the target: a file
    missing at the source is named in the result, not a reason to keep nothing.
    """
    tally = copy_database(source.engine, target.engine, progress)
    files = photos.copy_contents(source, target, progress)
    return Moved(tally, files.copied, tuple(files.missing))


def restore_onto_server(
    bundle: Path,
    target: Database,
    *,
    password: str | None = None,
    progress: Progress | None = None,
) -> Moved:
    """A backup bundle (of a file or of a server) copied into the empty shared database
    ``target``: checked whole first (storage.backups.verify, as a restore onto a file), then
    copied, records and photos, and compared. BackupError when the bundle fails a check,
    TransferError when the target holds data; the target is left as it was."""
    from assocdesk.storage.backups.verify import verify_bundle
    from assocdesk.storage.engine import create_sqlite_engine
    from assocdesk.storage.migrations import runner
    from assocdesk.storage.paths import attachments_dir

    with tempfile.TemporaryDirectory(prefix="assocdesk-restore-") as folder:
        database_path = Path(folder) / "restored.sqlite3"
        verified = verify_bundle(bundle, database_path, password=password)
        verified.database.rename(database_path)
        if verified.attachments.is_dir():
            verified.attachments.rename(attachments_dir(database_path))
        # Only a protected bundle's database takes the password.
        engine = create_sqlite_engine(
            database_path, password if verified.summary.protected else None
        )
        try:
            runner.upgrade(engine)  # a backup of an older AssocDesk: to this schema first
            source = Database(path=database_path, engine=engine)
            return copy_whole(source, target, progress)
        finally:
            engine.dispose()
