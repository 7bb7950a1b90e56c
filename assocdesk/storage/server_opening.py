"""Opening a shared database on a PostgreSQL server: use, set up, upgrade or refuse.

The server's counterpart of :mod:`.opening` (which calls it for an address). Nothing is ever
created on this computer for an address, and AssocDesk never creates the server's database
itself: the administrator makes an empty one (README), which the first desk sets up.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from assocdesk.i18n import _
from assocdesk.storage import migrations
from assocdesk.storage.engine import Database
from assocdesk.storage.errors import (
    DatabaseError,
    DatabaseTooNew,
    DatabaseUpgradeFailed,
    NotAnAssocDeskDatabase,
)
from assocdesk.storage.location import ServerAddress
from assocdesk.storage.migrations import runner
from assocdesk.storage.server import (
    MINIMUM_SERVER_VERSION,
    NotPostgreSQL,
    ServerError,
    connection_error,
    create_server_engine,
)

log = logging.getLogger(__name__)

# Tables that only an AssocDesk database has together.
_OURS = frozenset({"alembic_version", "association_profile", "contacts"})


def identify_server(engine: Engine, address: ServerAddress) -> str | None:
    """The schema revision of the database at ``address``; None when it is empty.

    Refuses in one line: no connection (which reason), a server that is not PostgreSQL or is
    older than 15, a database holding another program's tables, one of a newer AssocDesk.
    """
    try:
        with engine.connect() as connection:
            version = connection.exec_driver_sql("SELECT version()").scalar() or ""
            number = int(connection.exec_driver_sql("SHOW server_version_num").scalar() or 0)
            tables = {
                row[0]
                for row in connection.exec_driver_sql(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                )
            }
            revision = (
                connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
                if "alembic_version" in tables
                else None
            )
    except DBAPIError as exc:
        log.warning("cannot open %s: %s", address.shown(), exc.orig)
        raise connection_error(exc, address) from exc
    if not version.startswith("PostgreSQL"):
        raise NotPostgreSQL(
            _("What answers at {address} is not a PostgreSQL server ({version}).").format(
                **address.in_message(), version=version.split(",")[0]
            )
        )
    if number < MINIMUM_SERVER_VERSION:
        raise ServerError(
            _(
                "The server at {address} runs PostgreSQL {version}; AssocDesk needs version 15 "
                "or newer."
            ).format(**address.in_message(), version=f"{number // 10000}.{number % 10000}")
        )
    if not tables:
        return None
    if not tables >= _OURS:
        raise NotAnAssocDeskDatabase(
            _(
                "The database {database} on {host} holds the tables of another program: "
                "AssocDesk uses an empty database, or one of its own."
            ).format(**address.in_message())
        )
    if revision != migrations.HEAD_REVISION and not runner.is_known(str(revision)):
        raise DatabaseTooNew(
            _(
                "The shared database {address} was set up by a newer version of AssocDesk "
                "(schema {revision}). Install the newer version on this computer; the database "
                "was not changed."
            ).format(**address.in_message(), revision=revision)
        )
    return revision


def holds_no_records(address: ServerAddress, password: str | None) -> bool:
    """Whether the database at ``address`` holds no AssocDesk record (never set up, or set up
    and empty: a move may copy into it); the refusals of identify_server otherwise. Nothing is
    written."""
    from assocdesk.storage.server import server_errors
    from assocdesk.storage.transfer import copied_tables, tally

    engine = create_server_engine(address, password, read_only=True)
    try:
        revision = identify_server(engine, address)
        if revision is None:
            return True
        if revision != migrations.HEAD_REVISION:
            return False  # an older AssocDesk's: opening upgrades it, it is not copied into
        with server_errors(address), engine.connect() as connection:
            return not any(tally(connection, copied_tables(connection)).rows.values())
    finally:
        engine.dispose()


def open_server_database(
    address: ServerAddress,
    *,
    create: bool = True,
    password: str | None = None,
    read_only: bool = False,
) -> Database:
    """Open the shared database at ``address``, setting up an empty one (``create``) or
    upgrading an older one (unless ``read_only``). The refusals are those of
    :func:`identify_server`, plus an empty database when ``create`` is False."""
    engine = create_server_engine(address, password, read_only=read_only)
    try:
        revision = identify_server(engine, address)
        if revision is None and not create:
            raise DatabaseError(
                _("The shared database {address} is empty: it has no AssocDesk data yet.").format(
                    **address.in_message()
                )
            )
        if revision != migrations.HEAD_REVISION:
            if read_only:
                raise DatabaseError(
                    _(
                        "The shared database {address} was set up by an older AssocDesk; open "
                        "it with AssocDesk (or run a command that changes data) to upgrade it."
                    ).format(**address.in_message())
                )
            _upgrade(engine, address, revision)
    except BaseException:
        engine.dispose()
        raise
    return Database(path=None, engine=engine, password=password, server=address)


def _upgrade(engine: Engine, address: ServerAddress, revision: str | None) -> None:
    """One transaction on the server: it commits whole or changes nothing. An older database
    is upgraded by its administrator only (an officer's role may not change tables), and the
    officers' grants are then given again, so that a new table has its grants too."""
    from assocdesk.storage import server_roles

    if revision is not None:
        with engine.connect() as connection:
            if server_roles.role_of(connection) != server_roles.OWNER:
                raise DatabaseUpgradeFailed(
                    _(
                        "The shared database {address} must be upgraded by its administrator: "
                        "ask them to open it once with this version of AssocDesk. It was left "
                        "as it was."
                    ).format(**address.in_message())
                )
    try:
        runner.upgrade(engine)
        with engine.begin() as connection:
            if server_roles.roles_exist(connection):
                server_roles.set_up_roles(connection)
    except DBAPIError as exc:
        log.exception("upgrade of %s from %s failed", address.shown(), revision)
        raise DatabaseUpgradeFailed(
            _(
                "The shared database {address} could not be set up or upgraded ({error}). It "
                "was left as it was."
            ).format(**address.in_message(), error=str(exc.orig).strip().splitlines()[0])
        ) from exc
