"""The shared database on a PostgreSQL server: its engine, and a failed connection in words.

What differs from the SQLite file lives here and in :mod:`.dialect`, not in the services: no
pragmas, no ``BEGIN IMMEDIATE`` (rows are locked where a number is taken), READ COMMITTED, a
connection checked before use (a desk's laptop sleeps, the LAN drops).

libpq gives no error codes before a session exists, so a refused connection is recognised by
its words (stable across PostgreSQL 12-17: they are the client library's own).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError

from assocdesk.i18n import _
from assocdesk.storage.errors import DatabaseError, StorageError
from assocdesk.storage.location import ServerAddress

log = logging.getLogger(__name__)

# PostgreSQL 15: MERGE, the public schema no longer writable by all, ICU collations by default.
MINIMUM_SERVER_VERSION = 150000
CONNECT_TIMEOUT_SECONDS = 8


class ServerError(DatabaseError):
    """The shared database could not be used; the message says why, in one line."""


class ServerUnreachable(ServerError, StorageError):
    """No answer from the server (unknown host, refused, timed out, connection lost).

    A StorageError too: a save that meets it was not written, and the form keeps what was typed.
    """


class ServerLoginRefused(ServerError):
    """The server answered and refused the login (wrong password, unknown user)."""


class ServerPasswordRequired(ServerLoginRefused):
    """The server asks for a password and none was given: ask for one."""


class NotPostgreSQL(ServerError):
    pass


def create_server_engine(
    address: ServerAddress, password: str | None = None, *, read_only: bool = False
) -> Engine:
    """An engine on ``address`` (psycopg 3). ``password`` wins over one written in the address.

    TLS is used when the server offers it (libpq's ``sslmode=prefer``, unless the address says
    otherwise). ``read_only``: every transaction is READ ONLY (the commands that only read).
    """
    url = address.url
    if password is not None:
        url = url.set(password=password)
    connect_args: dict[str, object] = {
        "connect_timeout": CONNECT_TIMEOUT_SECONDS,
        "application_name": "AssocDesk",
    }
    if read_only:
        connect_args["options"] = "-c default_transaction_read_only=on"
    engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    event.listen(engine, "connect", _set_session)
    return engine


def _set_session(dbapi_connection, _record: object) -> None:
    """Times in UTC (the SQLite file stores naive UTC), and no statement waits for ever on a
    row another desk holds: after a minute the save fails in words, and can be tried again."""
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'UTC'")
        cursor.execute("SET lock_timeout = '60s'")
    dbapi_connection.commit()


_UNKNOWN_HOST = re.compile(r"failed to resolve host|could not translate host name|Name or service")
_REFUSED = re.compile(
    r"Connection refused|No such file or directory|timeout expired|timed out"
    r"|Network is unreachable|No route to host"
)
_NO_PASSWORD = re.compile(r"no password supplied")
_BAD_LOGIN = re.compile(
    r"password authentication failed|role \".*\" does not exist"
    r"|authentication failed|pg_hba.conf"
)
_NO_RIGHTS = re.compile(r"permission denied for database|CONNECT privilege")
_NO_DATABASE = re.compile(r"database \".*\" does not exist")
_NOT_POSTGRES = re.compile(
    r"invalid response to SSL negotiation|expected authentication request"
    r"|server closed the connection unexpectedly|unsupported frontend"
    r"|invalid length of startup packet"
)


def connection_error(error: BaseException, address: ServerAddress) -> ServerError:
    """The one-line refusal for a connection that failed with ``error``."""
    words = str(getattr(error, "orig", None) or error)
    place = address.in_message()
    if _UNKNOWN_HOST.search(words):
        return ServerUnreachable(
            _("The server {host} is unknown: check its name in {address}.").format(**place)
        )
    if _NO_PASSWORD.search(words):
        return ServerPasswordRequired(
            _("The server asks for the password of {user}.").format(**place)
        )
    if _BAD_LOGIN.search(words):
        return ServerLoginRefused(
            _("The server {host} refused the login of {user}: wrong user name or password.").format(
                **place
            )
        )
    if _NO_RIGHTS.search(words):
        return ServerError(
            _(
                "The server {host} knows {user}, but this login has no role on the database "
                "{database}: ask its administrator for one."
            ).format(**place)
        )
    if _NO_DATABASE.search(words):
        return ServerError(
            _(
                "The server {host} has no database named {database}: ask its administrator to "
                "create it (empty) for AssocDesk."
            ).format(**place)
        )
    if _NOT_POSTGRES.search(words):
        return NotPostgreSQL(
            _("What answers at {address} is not a PostgreSQL server.").format(**place)
        )
    if _REFUSED.search(words):
        return ServerUnreachable(
            _(
                "The server {host} cannot be reached (no answer at {address}): check the "
                "network and that the server is running."
            ).format(**place)
        )
    return ServerError(
        _("The shared database {address} could not be opened: {error}").format(
            error=words.strip().splitlines()[-1] if words.strip() else type(error).__name__,
            **place,
        )
    )


def lost_connection(error: DBAPIError) -> bool:
    """A statement failed because the connection to the server is gone, not for its data."""
    return bool(error.connection_invalidated) or _is_disconnect(error)


def _is_disconnect(error: DBAPIError) -> bool:
    import psycopg

    orig = error.orig
    if not isinstance(orig, psycopg.OperationalError):
        return False
    closed = getattr(getattr(orig, "pgconn", None), "status", None)
    words = str(orig)
    return closed is not None or bool(
        re.search(
            r"server closed|connection (is )?(lost|closed)|terminating connection"
            r"|could not receive|could not send|SSL SYSCALL",
            words,
        )
    )


@contextmanager
def server_errors(address: ServerAddress) -> Iterator[None]:
    """A connection lost during a unit of work becomes ServerUnreachable (rolled back whole)."""
    try:
        yield
    except DBAPIError as exc:
        from assocdesk.storage.server_roles import is_refusal, not_allowed

        if is_refusal(exc):  # a grant, the journal's policy or the voiding trigger (42501)
            log.info("refused on %s: %s", address.shown(), exc.orig)
            raise not_allowed(address) from exc
        if not lost_connection(exc) and not _REFUSED.search(str(exc.orig)):
            raise
        log.warning("shared database %s unreachable: %s", address.shown(), exc.orig)
        raise ServerUnreachable(
            _(
                "The shared database {address} cannot be reached (the network or the server is "
                "down): nothing was saved. Try again when it is back."
            ).format(**address.in_message())
        ) from exc
