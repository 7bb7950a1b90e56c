"""`move-to-server`: the association's file copied into an empty shared database.

The file is opened as for any command (``--db``, locked: the window must be closed, or what is
typed there after the copy would be lost to the office); the server's address is the argument,
its login's password in the address or in PGPASSWORD (``--password-stdin`` is the file's).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from assocdesk.cli.output import CommandError
from assocdesk.i18n import _, list_separator, ngettext
from assocdesk.storage.engine import Database
from assocdesk.storage.location import parse_address
from assocdesk.storage.opening import open_database


def add_commands(commands: argparse._SubParsersAction) -> None:
    move = commands.add_parser(
        "move-to-server",
        help=_(
            "copy this database into an empty shared database (postgresql://user@host/database), "
            "compared before it is kept; the file stays as it is"
        ),
    )
    move.add_argument("address", metavar="ADDRESS")


def cmd_move_to_server(database: Database, args: argparse.Namespace) -> None:
    from assocdesk.usecases.moving import copy_whole

    if database.on_server:
        raise CommandError(_("--db must name the database file to move, not a server."))
    address = parse_address(args.address)
    server = open_database(address)
    try:
        moved = copy_whole(database, server)
    finally:
        server.close()
    print(
        ngettext(
            "Moved {count} record to {address}; both hold the same counts and totals.",
            "Moved {count} records to {address}; both hold the same counts and totals.",
            moved.records,
        ).format(count=moved.records, address=address.in_message()["address"])
    )
    if moved.files_missing:
        names = list_separator().join(moved.files_missing[:10])
        print(
            ngettext(
                "{count} photo was missing and was not copied: {names}.",
                "{count} photos were missing and were not copied: {names}.",
                len(moved.files_missing),
            ).format(count=len(moved.files_missing), names=names)
        )
    print(_("Open it with: assocdesk --db {address}").format(address=address.shown()))


COMMANDS: dict[str, Callable[[Database, argparse.Namespace], int | None]] = {
    "move-to-server": cmd_move_to_server,
}
