"""`officer`: who may do what on a shared database (its administrator's commands).

    assocdesk-cli --db ADDRESS officer add LOGIN --role treasurer [--password-stdin]
    assocdesk-cli --db ADDRESS officer list
    assocdesk-cli --db ADDRESS officer remove LOGIN

``ADDRESS`` is the administrator's (postgresql://admin@host/assoc).

``add`` creates the login if the server has none by that name (with the password read from
standard input, never an argument: it would show in the process list) and gives it one role of
the four (its other role of this database is taken back); the roles are set up first if needed.
``remove`` takes the roles back; the login stays, since it may serve other databases of the
server. A database file has no officers: it is one person's.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable

from assocdesk.cli.output import CommandError
from assocdesk.i18n import _
from assocdesk.services.permissions import role_label
from assocdesk.storage import server_roles
from assocdesk.storage.engine import Database


def add_commands(commands: argparse._SubParsersAction) -> None:
    officer = commands.add_parser(
        "officer", help=_("the officers of a shared database and their roles (its administrator)")
    )
    actions = officer.add_subparsers(dest="officer_command", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add", help=_("give a login a role (the login is created if the server has none)")
    )
    add.add_argument("login", metavar="LOGIN")
    add.add_argument("--role", required=True, choices=server_roles.ROLES)
    add.add_argument(
        "--password-stdin",
        dest="officer_password_stdin",
        action="store_true",
        help=_("read the new login's password from standard input"),
    )
    actions.add_parser("list", help=_("list the officers and their roles"))
    remove = actions.add_parser("remove", help=_("take a login's role back (the login stays)"))
    remove.add_argument("login", metavar="LOGIN")


def _officer_password(login: str) -> str:
    """The new login's password: typed without echo at a terminal, else the next line of
    standard input (after the administrator's own, when --password-stdin came before too)."""
    if sys.stdin.isatty():
        password = getpass.getpass(
            _("Password for {login}: ").format(login=login), stream=sys.stderr
        )
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise CommandError(_("No password was read for {login}.").format(login=login))
    return password


def cmd_officer(database: Database, args: argparse.Namespace) -> None:
    if database.server is None:
        raise CommandError(
            _(
                "Officers and roles belong to a shared database (--db postgresql://…): a "
                "database file is one person's and has none."
            )
        )
    password = (
        _officer_password(args.login) if getattr(args, "officer_password_stdin", False) else None
    )
    with server_roles.refused_in_words(database.server), database.engine.begin() as connection:
        if args.officer_command == "add":
            created = server_roles.grant_role(connection, args.login, args.role, password)
            message = (
                _("{login} was created and signs in as: {role}.")
                if created
                else _("{login} now signs in as: {role}.")
            )
            print(message.format(login=args.login, role=role_label(args.role)))
        elif args.officer_command == "list":
            listed = server_roles.officers(connection)
            if not listed:
                print(_("No officers yet: add one with: officer add LOGIN --role ROLE."))
            for login, role in listed:
                print(f"{login}\t{role}\t{role_label(role)}")
        else:
            if not server_roles.revoke_roles(connection, args.login):
                raise CommandError(
                    _("{login} is not an officer of this database.").format(login=args.login)
                )
            print(
                _(
                    "{login} is no longer an officer of this database; the login stays on the "
                    "server."
                ).format(login=args.login)
            )


COMMANDS: dict[str, Callable[[Database, argparse.Namespace], int | None]] = {
    "officer": cmd_officer,
}
