"""Where the database is: a file on this computer, or a shared PostgreSQL server.

``--db`` (and ``$ASSOCDESK_DB``) take either. What looks like an address (``scheme://…``) is
never taken for a file name: before this module, ``--db postgresql://…`` quietly made a folder
named ``postgresql:`` and a new SQLite file in it. An address of a kind AssocDesk cannot use is
refused in one line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from assocdesk.i18n import _
from assocdesk.storage.errors import DatabaseError
from assocdesk.storage.paths import ENV_VARIABLE, default_database_path, display_path

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

# ``scheme://``: an address, not a path (a Windows path "C:\…" has no "//" after its colon).
_ADDRESS = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://")
SERVER_SCHEMES = frozenset({"postgresql", "postgres", "postgresql+psycopg"})
EXAMPLE = "postgresql://user@host/database"


class UnusableAddress(DatabaseError):
    """``--db`` looks like an address but is not one AssocDesk can use."""


@dataclass(frozen=True)
class ServerAddress:
    """A PostgreSQL database on a server. ``text`` is the address as given, password included
    when it was written in it (from the command line: never saved by us)."""

    text: str

    @property
    def url(self) -> URL:
        """The SQLAlchemy URL (psycopg 3), the password as given in the address if any."""
        from sqlalchemy.engine import make_url

        url = make_url(self.text)
        return url.set(drivername="postgresql+psycopg")

    @property
    def user(self) -> str:
        return self.url.username or os.environ.get("PGUSER") or _system_user()

    @property
    def database(self) -> str:
        return self.url.database or ""

    @property
    def host(self) -> str:
        url = self.url
        return url.host or str(url.query.get("host") or "localhost")

    @property
    def has_password(self) -> bool:
        return self.url.password is not None

    def shown(self) -> str:
        """The address without its password, for messages, titles and logs."""
        from sqlalchemy.engine import URL

        given = self.url
        url = URL.create(  # URL.set(password=None) would keep it: None means "unchanged" there
            "postgresql", given.username, None, given.host, given.port, given.database, given.query
        )
        return unquote(url.render_as_string(hide_password=True))  # a socket folder as typed

    def __str__(self) -> str:
        return self.shown()

    def in_message(self) -> dict[str, str]:
        """``address``, ``host``, ``user`` and ``database`` for a message's placeholders: each
        kept whole and in order inside right-to-left (Arabic) text."""
        return {
            "address": display_path(self.shown()),
            "host": display_path(self.host),
            "user": display_path(self.user),
            "database": display_path(self.database),
        }


def _system_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except OSError:
        return ""


def parse_address(text: str) -> ServerAddress:
    """The server address in ``text``; UnusableAddress naming what is wrong with it."""
    match = _ADDRESS.match(text)
    scheme = match.group("scheme").lower() if match else ""
    if scheme not in SERVER_SCHEMES:
        raise UnusableAddress(
            _(
                "“{given}” is neither a file nor a database address AssocDesk can use "
                "(a shared database is written {example})."
            ).format(given=display_path(_without_password(text)), example=display_path(EXAMPLE))
        )
    parts = urlsplit(text)
    if not unquote(parts.path.lstrip("/")):
        raise UnusableAddress(
            _("The address {given} names no database (it is written {example}).").format(
                given=display_path(_without_password(text)), example=display_path(EXAMPLE)
            )
        )
    try:
        ServerAddress(text).url  # noqa: B018 — SQLAlchemy's own parsing, for a bad port
    except Exception as exc:
        raise UnusableAddress(
            _("The address {given} cannot be read ({error}).").format(
                given=display_path(_without_password(text)), error=exc
            )
        ) from exc
    return ServerAddress(text)


def _without_password(text: str) -> str:
    """``text`` with any ``:password@`` of an address replaced by ``:***@``."""
    return re.sub(r"(://[^/@:]*):[^/@]*@", r"\1:***@", text)


def address_from_fields(host: str, port: int, database: str, user: str) -> ServerAddress:
    """The address of a form's fields, without a password (a folder for ``host``: its socket)."""
    from sqlalchemy.engine import URL

    socket = host.startswith("/")
    url = URL.create(
        "postgresql",
        username=user or None,
        host=None if socket else host,
        port=port,
        database=database,
        query={"host": host} if socket else {},
    )
    return parse_address(url.render_as_string(hide_password=False))


def is_address(given: str | os.PathLike[str] | None) -> bool:
    return isinstance(given, str) and _ADDRESS.match(given) is not None


def resolve(given: str | os.PathLike[str] | ServerAddress | None = None) -> Path | ServerAddress:
    """Where to open: ``--db`` wins, then ``$ASSOCDESK_DB``, then the default data folder's file.

    An address is parsed (UnusableAddress when AssocDesk cannot use it); anything else is a path.
    """
    if isinstance(given, ServerAddress):
        return given
    chosen: str | os.PathLike[str] | None = given or os.environ.get(ENV_VARIABLE) or None
    if chosen is None:
        return default_database_path()
    if is_address(chosen):
        return parse_address(str(chosen))
    return Path(chosen).expanduser()
