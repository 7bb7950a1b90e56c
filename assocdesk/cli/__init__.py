"""`assocdesk-cli`: headless commands over the services, for scripts and support.

Every failure prints one clear line to stderr and exits non-zero; nothing is half-written.

``--db`` is a file or a shared database's address (``postgresql://user@host/database``, see
assocdesk.storage.location). On an address nothing is made on this computer: no lock file (the
server keeps writers apart), no folder; the log goes to the default data folder's log. The
login's password comes from the address, ``--password-stdin`` or ``$PGPASSWORD`` (which the
client library reads by itself).
"""

from __future__ import annotations

import argparse
import getpass
import json
import locale
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from assocdesk import __version__, i18n, logs
from assocdesk.cli import (
    data,
    documents,
    dues,
    officers,
    posts,
    shared,
    transfer,
    volunteering,
)
from assocdesk.cli.output import CommandError
from assocdesk.errors import UserError
from assocdesk.i18n import N_, _, current_language, list_separator
from assocdesk.storage.engine import Database
from assocdesk.storage.errors import DatabaseDamaged, DatabaseError, StorageError, read_only_message
from assocdesk.storage.location import ServerAddress, resolve
from assocdesk.storage.lock import DatabaseLock
from assocdesk.storage.opening import open_database
from assocdesk.storage.paths import default_database_path
from assocdesk.storage.server import ServerPasswordRequired
from assocdesk.storage.sqlite_file import can_write
from assocdesk.text.plurals import count_phrase

EXIT_ERROR = 1
log = logging.getLogger(__name__)


def _language_from_environment() -> str:
    for variable in ("ASSOCDESK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value[:2] in i18n.LANGUAGES:
            return value[:2]
    code = (locale.getlocale()[0] or "")[:2]
    return code if code in i18n.LANGUAGES else "en"


def cmd_init(database: Database, _args: argparse.Namespace) -> None:
    print(_("Database ready: {path}").format(path=database.where()))


def cmd_demo(database: Database, args: argparse.Namespace) -> None:
    from assocdesk.demo import DemoRefused, fill

    def report(done: int, total: int) -> bool:
        if sys.stderr.isatty():
            print(f"\r{done * 100 // max(total, 1)}%", end="", file=sys.stderr, flush=True)
        return True

    try:
        summary = fill(database, size=args.size, seed=args.seed, progress=report)
    except DemoRefused as exc:
        raise CommandError(str(exc)) from exc
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(
        _("Demo data added to {path}: {counts}.").format(
            path=database.where(),
            counts=list_separator().join(
                count_phrase(count, noun, current_language())
                for count, noun in (
                    (summary.contacts, "contact"),
                    (summary.donations, "donation"),
                    (summary.activities, "activity"),
                )
            ),
        )
    )


def cmd_stats(database: Database, _args: argparse.Namespace) -> None:
    from assocdesk.services import stats

    with database.reading() as session:
        counts = stats.table_counts(session)
    print(json.dumps(counts, ensure_ascii=False, indent=2))


COMMANDS: dict[str, Callable[[Database, argparse.Namespace], int | None]] = {
    "init": cmd_init,
    "demo": cmd_demo,
    "stats": cmd_stats,
    **documents.COMMANDS,
    **posts.COMMANDS,
    **transfer.COMMANDS,
    **volunteering.COMMANDS,
    **dues.COMMANDS,
    **shared.COMMANDS,
    **officers.COMMANDS,
}
# Commands that only read: they run beside the app. Every other command takes the database's
# lock (assocdesk.storage.lock) and is refused while the app or another command has it, so a command
# added later is safe by default.
READ_ONLY_COMMANDS = (
    frozenset(
        {
            "stats",
            "statement",
            "statements",
            "summary",
            "register",
            "backup",
            "check",
            "post",
            "match",
            "certificate",
        }
    )
    | dues.READ_ONLY
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assocdesk-cli", description=_("AssocDesk from the command line.")
    )
    parser.add_argument("--version", action="version", version=f"AssocDesk {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=_(
            "database file, or a shared database's address postgresql://user@host/database "
            "(default: $ASSOCDESK_DB, else the user data folder)"
        ),
    )
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help=_(
            "read the password of a protected database (or backup), or of the login to a "
            "shared database, from the first line of standard input; asked without echo when "
            "it is a terminal"
        ),
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("init", help=_("create the database, or upgrade an older one"))
    demo = commands.add_parser("demo", help=_("fill an empty database with demo data"))
    demo.add_argument("--size", choices=("small", "large", "huge"), default="small")
    demo.add_argument("--seed", type=int, default=1)
    commands.add_parser("stats", help=_("print counts of records as JSON"))
    documents.add_commands(commands)
    data.add_commands(commands)
    posts.add_commands(commands)
    transfer.add_commands(commands)
    volunteering.add_commands(commands)
    dues.add_commands(commands)
    shared.add_commands(commands)
    officers.add_commands(commands)
    return parser


def _latest_backup_hint(path: Path) -> str:
    from assocdesk.storage.backups import rotation

    backups = rotation.list_backups(path)
    if not backups:
        return ""
    return " " + _("Latest backup: {file} (assocdesk-cli restore FILE).").format(
        file=backups[0].path
    )


def read_password() -> str:
    """The password given with --password-stdin: typed without echo at a terminal, else the
    first line of standard input (only its line end is removed: spaces belong to it).

    Standard input rather than an argument or a variable: neither shows in the process list
    or the shell's history.
    """
    if sys.stdin.isatty():
        password = getpass.getpass(_("Password: "), stream=sys.stderr)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise CommandError(_("--password-stdin was given but no password was read."))
    return password


def _opening_password(path: Path, password: str | None) -> str | None:
    """The password to open ``path`` with: only a protected file (not plain SQLite) uses one."""
    from assocdesk.storage.sqlite_file import is_protected

    return password if is_protected(path, password) else None


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. Every failure is one line on stderr in the person's language; the
    details (tracebacks, SQLite's own words) go to the log file (see assocdesk.logs)."""
    i18n.set_language(_language_from_environment())
    args = build_parser().parse_args(argv)
    try:
        where = resolve(args.db)  # an address AssocDesk cannot use: refused, nothing made
    except DatabaseError as exc:
        print(_("Error: {message}").format(message=exc), file=sys.stderr)
        return EXIT_ERROR
    # A shared database has no folder here: its log is the default data folder's.
    handler = logs.file_handler(where if isinstance(where, Path) else default_database_path())
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(min(level or logging.WARNING, logging.INFO))
    try:
        if isinstance(where, ServerAddress):
            return _run_on_server(args, where)
        return _run(args, where)
    except Exception as exc:  # a bug: one line here, the traceback in the log file
        log.exception("assocdesk-cli %s failed", args.command)
        print(
            _("Something went wrong: {error}. Nothing was changed; details are in {log}.").format(
                error=_first_line(exc), log=handler.baseFilename
            ),
            file=sys.stderr,
        )
        return EXIT_ERROR
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        handler.close()


def _first_line(error: BaseException) -> str:
    """The database's own words for an unexpected error, on one line: SQLAlchemy's text adds the
    statement and its parameters (they go to the log with the traceback)."""
    words = str(getattr(error, "orig", None) or error).strip()
    return words.splitlines()[0] if words else type(error).__name__


def _run(args: argparse.Namespace, path: Path) -> int:
    from assocdesk.storage.errors import PasswordRequired

    database = None
    lock = None if args.command in READ_ONLY_COMMANDS else DatabaseLock(path)
    try:
        password = read_password() if args.password_stdin else None
        if lock is not None and path.is_file() and not can_write(path):
            # Refused before the lock and the engine, which would leave files beside it.
            raise StorageError(read_only_message(path))
        if lock is not None:
            lock.acquire()
        if args.command in data.PATH_COMMANDS:
            return data.PATH_COMMANDS[args.command](path, args, password)
        database = open_database(
            path,
            create=args.command in ("init", "demo"),
            password=_opening_password(path, password),
            read_only=lock is None,
        )
        return COMMANDS[args.command](database, args) or 0
    except PasswordRequired as exc:
        return _refused(exc, " " + _(data.PASSWORD_HINT))
    except DatabaseDamaged as exc:
        return _refused(exc, _latest_backup_hint(path))
    except (DatabaseError, UserError) as exc:  # CommandError is a UserError
        return _refused(exc)
    except KeyboardInterrupt:
        return _refused(None)
    finally:
        if database is not None:
            database.close()
        if lock is not None:
            lock.release()


def _refused(exc: DatabaseError | UserError | None, hint: str = "") -> int:
    """One line on stderr (the error's words, then ``hint``); None: Ctrl+C stopped it."""
    if exc is None:
        print(_("Stopped; nothing was changed."), file=sys.stderr)
        return EXIT_ERROR
    message = exc.message if isinstance(exc, UserError) and exc.message else exc
    print(_("Error: {message}").format(message=message) + hint, file=sys.stderr)
    return EXIT_ERROR


SERVER_PASSWORD_HINT = N_(
    "Give it with --password-stdin, in the address (postgresql://user:password@host/database) "
    "or in the PGPASSWORD variable."
)


def _run_on_server(args: argparse.Namespace, address: ServerAddress) -> int:
    """A command on a shared database: no lock (the server keeps writers apart), nothing made
    on this computer. A command that works on a database file only is refused in one line."""
    database = None
    try:
        password = read_password() if args.password_stdin else None
        if args.command in data.PATH_COMMANDS:
            return data.PATH_COMMANDS[args.command](address, args, password)
        database = open_database(
            address,
            create=args.command in ("init", "demo"),
            password=password,
            read_only=args.command in READ_ONLY_COMMANDS,
        )
        return COMMANDS[args.command](database, args) or 0
    except ServerPasswordRequired as exc:
        return _refused(exc, " " + _(SERVER_PASSWORD_HINT))
    except (DatabaseError, UserError) as exc:  # CommandError is a UserError
        return _refused(exc)
    except KeyboardInterrupt:
        return _refused(None)
    finally:
        if database is not None:
            database.close()


if __name__ == "__main__":
    raise SystemExit(main())
