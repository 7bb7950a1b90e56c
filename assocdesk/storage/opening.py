"""Opening a database: create, upgrade or refuse, and check it first.

For the SQLite file here; for an address of a shared server in :mod:`.server_opening`.

The policy of opening, imported only by the application, the command line and the tests (the
rest of the house is handed a :class:`~assocdesk.storage.engine.Database`). It is the only part
that makes a copy before an upgrade.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from assocdesk.i18n import _
from assocdesk.storage import migrations, pending_restore
from assocdesk.storage.background_check import BackgroundCheck
from assocdesk.storage.engine import Database, create_sqlite_engine
from assocdesk.storage.errors import DatabaseError, DatabaseUpgradeFailed, damage_error
from assocdesk.storage.identify import identify
from assocdesk.storage.location import ServerAddress, resolve
from assocdesk.storage.migrations import runner
from assocdesk.storage.paths import list_backups
from assocdesk.storage.sqlite_file import can_write, snapshot

log = logging.getLogger(__name__)


def open_database(
    given: str | os.PathLike[str] | ServerAddress | None = None,
    *,
    create: bool = True,
    password: str | None = None,
    check_later: bool = False,
    read_only: bool = False,
) -> Database:
    """Open (creating or upgrading as needed) the AssocDesk database at ``given``.

    Refuses, without writing a byte, a file that is not SQLite, a SQLite file of another program,
    and a database written by a newer AssocDesk. An older database is backed up beside itself
    before it is upgraded.

    Every open quick-checks the whole file (O(size): a third of a second at 100 MB). With
    ``check_later`` (the application's start) a current, unprotected database is checked in the
    background instead, while the window opens: reads go on, and every write waits for the
    result and is refused if the file is damaged (see :class:`BackgroundCheck`). A database to
    upgrade, or a protected one, is still checked before anything else.

    With ``read_only`` (the commands that only read, run beside the writer who holds the lock)
    nothing is created, upgraded or written: an older database is refused in one line.

    A password-protected file needs ``password`` (PasswordRequired without it, WrongPassword
    with a wrong one: see assocdesk.storage.encryption).

    ``given`` may be a server's address (``postgresql://user@host/database``): see
    :func:`~assocdesk.storage.server_opening.open_server_database`; ``password`` is then the
    login's.
    """
    where = resolve(given)
    if isinstance(where, ServerAddress):
        from assocdesk.storage.server_opening import open_server_database

        return open_server_database(where, create=create, password=password, read_only=read_only)
    path = where
    if not read_only:  # the caller holds the writer's lock: finish a restore killed half-way
        try:
            pending_restore.finish_interrupted(path)
        except OSError:
            log.warning("could not finish an interrupted restore of %s", path, exc_info=True)
    revision = identify(path, password, check="later" if check_later else "now")
    exists = path.stat().st_size > 0 if path.exists() else False
    if not exists:
        if path.exists() and list_backups(path):
            # An empty file where backups say a database was: emptied by a crash or a full
            # disk, not new. Creating a fresh database over it would hide the loss.
            raise damage_error(path, _("the file is empty"))
        if not create:
            raise DatabaseError(_("There is no database at {path}.").format(path=path))
        path.parent.mkdir(parents=True, exist_ok=True)
    current = revision == migrations.HEAD_REVISION
    if read_only:
        return _open_read_only(path, password, exists=exists, current=current)
    engine = create_sqlite_engine(path, password)
    if not current:
        _upgrade(engine, path, revision, password)
    database = Database(path=path, engine=engine, password=password)
    if check_later and exists and password is None and current:
        database.check = BackgroundCheck(path)
        database.check.start()
    return database


def _open_read_only(path: Path, password: str | None, *, exists: bool, current: bool) -> Database:
    """The database as it is, or a refusal in one line: nothing is created or upgraded."""
    if not exists:
        raise DatabaseError(_("There is no database at {path}.").format(path=path))
    if not current and not can_write(path):
        raise DatabaseError(
            _(
                "This database was made by an older AssocDesk and cannot be upgraded where "
                "it is (the file, its folder or the disk is read-only): copy it to a folder "
                "of yours and open the copy. A backup can be made of it as it is."
            )
        )
    if not current:
        raise DatabaseError(
            _(
                "This database was made by an older AssocDesk; open it with AssocDesk "
                "(or run a command that changes data) to upgrade it first."
            )
        )
    return Database(
        path=path,
        engine=create_sqlite_engine(path, password, read_only=True),
        password=password,
    )


def _upgrade(engine: Engine, path: Path, revision: str | None, password: str | None) -> None:
    """Copy an existing database beside itself, then migrate it to the head revision;
    DatabaseUpgradeFailed (the file left as it was, the engine closed) if either fails."""
    backup: Path | None = None
    try:
        if revision is not None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            target = path.with_name(f"{path.stem}.before-upgrade-{revision}-{stamp}.sqlite3")
            backup = snapshot(path, target, password=password)
        runner.upgrade(engine)
    except Exception as exc:
        engine.dispose()  # a failed upgrade must not keep the file open
        log.exception("upgrade of %s from %s failed", path, revision)
        raise DatabaseUpgradeFailed(
            _(
                "{path} could not be upgraded ({error}). It was left as it was; "
                "a copy made before the upgrade is at {backup}."
            ).format(path=path, error=exc, backup=backup or "—")
        ) from exc
