"""Before the checks: is this an AssocDesk database at all, in the words opening would use?

A database the app would refuse (not SQLite, another program's, a newer version's, protected
without its password, empty; on a server: unreachable, a wrong login, not PostgreSQL) is one
finding of ``check``, never "no problem found". The words are those of opening (storage.identify
for the file, storage.server_opening.identify_server for a server), so that the two never
disagree.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from assocdesk.i18n import _
from assocdesk.storage.errors import DRIVER_ERRORS, DatabaseError
from assocdesk.storage.identify import identify
from assocdesk.storage.location import ServerAddress
from assocdesk.storage.server_opening import identify_server
from assocdesk.storage.sqlite_file import is_protected


def file_problem(database_path: Path, password: str | None = None) -> str | None:
    """Why the file at ``database_path`` is not an AssocDesk database that can be checked, in
    the words opening it would use (storage.identify); None when it is one."""
    if not database_path.exists():
        return _("There is no database at {path}.").format(path=database_path)
    if database_path.is_file() and database_path.stat().st_size == 0:
        return _("{path} is empty: it holds no database.").format(path=database_path)
    try:
        revision = identify(
            database_path,
            password if is_protected(database_path, password) else None,
            check="none",
        )
    except DatabaseError as exc:
        return str(exc)
    except DRIVER_ERRORS as exc:  # a file that changed or vanished while it was read
        return _("{path} cannot be opened: {error}").format(path=database_path, error=exc)
    if revision is None:
        return _("{path} holds no AssocDesk data: it is an empty database.").format(
            path=database_path
        )
    return None


def server_problem(engine: Engine, address: ServerAddress) -> str | None:
    """Why the shared database at ``address`` cannot be checked, in the words opening it would
    use (the connection refused and why, not PostgreSQL, another program's tables, a newer
    AssocDesk's, empty); None when it is an AssocDesk database."""
    try:
        revision = identify_server(engine, address)
    except DatabaseError as exc:  # ServerError and the refusals of opening are DatabaseErrors
        return str(exc)
    if revision is None:
        return _("The shared database {address} is empty: it has no AssocDesk data yet.").format(
            **address.in_message()
        )
    return None
