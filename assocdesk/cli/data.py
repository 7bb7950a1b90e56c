"""Data safety commands: backup, restore, check.

All three work on the file itself, without opening it through the models, since they are what
a person turns to when it cannot be opened (or not upgraded where it is): ``backup`` may run
while the app is writing (the copy is one committed state); ``restore`` holds the database's
lock and refuses while the app or another command has it open.

A protected database (or backup) takes its password from ``--password-stdin`` (see
:func:`assocdesk.cli.read_password`); ``backup`` writes a copy protected by the same password.

Each is given the database's path, or a shared database's address: ``check`` reads a server as
it reads a file; ``backup`` and ``restore`` work on a file and refuse an address in one line.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from datetime import datetime
from pathlib import Path

from assocdesk.checks.check import ERROR, run_checks
from assocdesk.cli.output import CommandError
from assocdesk.i18n import N_, _, current_language, list_separator, ngettext
from assocdesk.storage.backups import bundle as backup
from assocdesk.storage.errors import DatabaseDamaged
from assocdesk.storage.identify import identify
from assocdesk.storage.location import ServerAddress
from assocdesk.storage.opening import open_database
from assocdesk.storage.sqlite_file import is_plain, is_protected
from assocdesk.text.plurals import count_phrase
from assocdesk.usecases.restoring import restore_backup

PASSWORD_HINT = N_("Give its password with --password-stdin.")


def add_commands(commands: argparse._SubParsersAction) -> None:
    save = commands.add_parser(
        "backup", help=_("write a backup file (database, files and their check sums)")
    )
    save.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    load = commands.add_parser(
        "restore", help=_("replace the database by a verified backup (the current one is kept)")
    )
    load.add_argument("backup_file", type=Path, metavar="FILE")
    commands.add_parser("check", help=_("check the database's integrity and consistency"))


def _counts_line(counts: dict[str, int]) -> str:
    language = current_language()
    return list_separator().join(
        count_phrase(counts.get(key, 0), noun, language)
        for key, noun in (
            ("contacts", "contact"),
            ("donations", "donation"),
            ("activities", "activity"),
        )
    )


Where = Path | ServerAddress


def _backup_server(address: ServerAddress, args: argparse.Namespace, password: str | None) -> int:
    """A shared database's backup: the same bundle as a file's, its data as an SQLite database
    inside (so it restores onto either), read in one snapshot of the server."""
    from assocdesk.services import photos

    out: Path = args.output
    if out.suffix != backup.SUFFIX:
        out = out.with_name(out.name + backup.SUFFIX)
    database = open_database(address, create=False, password=password, read_only=True)
    try:
        manifest = backup.create_server_bundle(database, out, photos.bundle_files(database))
    finally:
        database.close()
    print(
        _("Backup written to {path}: {counts}.").format(
            path=out, counts=_counts_line(manifest.counts)
        )
    )
    return 0


def cmd_backup(path: Where, args: argparse.Namespace, password: str | None) -> int:
    """Works on the file, without opening it through the models: a database of an older
    version, or one on a write-protected medium that cannot be upgraded there, is backed up as
    it is (a restore upgrades it). What opening refuses (damaged, newer, not ours) is refused."""
    if isinstance(path, ServerAddress):
        return _backup_server(path, args, password)
    if not path.exists() or path.stat().st_size == 0:
        raise CommandError(_("There is no database at {path}.").format(path=path))
    password = password if is_protected(path, password) else None
    if password is None and not is_plain(path):
        _check_password(path, password)
    identify(path, password)
    out: Path = args.output
    if out.suffix != backup.SUFFIX:
        out = out.with_name(out.name + backup.SUFFIX)
    manifest = backup.create_bundle(path, out, password=password)  # BackupError: one line
    print(
        _("Backup written to {path}: {counts}.").format(
            path=out, counts=_counts_line(manifest.counts)
        )
    )
    if manifest.protected:
        print(_("It is protected by the same password as the database."))
    return 0


def _restore_onto_server(
    address: ServerAddress, args: argparse.Namespace, password: str | None
) -> int:
    """A bundle copied into an empty shared database (a server is never overwritten: its data
    may be several desks' day of work). ``password`` logs in; the bundle's own, if it has one,
    is not asked for here."""
    from assocdesk.usecases.moving import restore_onto_server

    source: Path = args.backup_file
    database = open_database(address, password=password)
    try:
        moved = restore_onto_server(source, database)
    finally:
        database.close()
    print(
        _("Restored {path} from {source}: {counts}.").format(
            path=address.shown(), source=source, counts=_counts_line(moved.tally.rows)
        )
    )
    _say_missing_files(moved.files_missing)
    return 0


def _say_missing_files(missing: tuple[str, ...]) -> None:
    if missing:
        print(
            ngettext(
                "{count} photo was missing and was not copied: {names}.",
                "{count} photos were missing and were not copied: {names}.",
                len(missing),
            ).format(count=len(missing), names=list_separator().join(missing[:10]))
        )


def cmd_restore(path: Where, args: argparse.Namespace, password: str | None) -> int:
    """Verify, keep the current database, replace it (assocdesk.usecases.restoring, as in the
    window); then open it (upgrading an older one). A backup refused is a UserError: one line.

    ``password`` opens a protected backup, and the database it replaces if that has the same.
    """
    if isinstance(path, ServerAddress):
        return _restore_onto_server(path, args, password)
    source: Path = args.backup_file
    try:
        result = restore_backup(
            source, path, now=datetime.now(), password=password, current_password=password
        )
    except backup.BackupPasswordRequired as exc:
        raise CommandError(f"{exc} {_(PASSWORD_HINT)}") from exc
    # An older backup is upgraded now, with its own copy first; a protected one keeps its password.
    open_database(path, password=password if result.summary.protected else None).close()
    print(
        _("Restored {path} from {source}: {counts}.").format(
            path=path, source=source, counts=_counts_line(result.summary.counts)
        )
    )
    if result.kept is not None:
        print(_("The database it replaced was kept as {kept}.").format(kept=result.kept))
    return 0


def cmd_check(path: Where, _args: argparse.Namespace, password: str | None) -> int:
    """Every check on the file, or on the shared database; a line for what was not checked
    there and why, a line per finding, exit 1 when one is an error."""
    if isinstance(path, ServerAddress):
        _check_login(path, password)
    else:
        if not path.exists():
            raise CommandError(_("There is no database at {path}.").format(path=path))
        if not is_plain(path):
            _check_password(path, password)
    report = run_checks(path, password)
    for note in report.notes:
        print(_("note: {line}").format(line=note))
    for finding in report.findings:
        label = _("ERROR") if finding.severity == ERROR else _("warning")
        print(f"{label} [{finding.check}] {finding.message}")
    if report.ok:
        print(
            _("{path}: no problem found ({checks}).").format(
                path=path, checks=", ".join(report.checks_run)
            )
        )
        return 0
    print(
        ngettext(
            "{path}: {count} problem found.", "{path}: {count} problems found.", len(report.errors)
        ).format(path=path, count=len(report.errors)),
        file=sys.stderr,
    )
    return 1


def _check_login(address: ServerAddress, password: str | None) -> None:
    """A server that cannot be reached, or refuses the login, is refused in one line as by
    every command (ServerPasswordRequired says how to give the password): there is nothing to
    check. What the database itself is (another program's, a newer AssocDesk's) is a finding."""
    from sqlalchemy.exc import DBAPIError

    from assocdesk.storage.server import connection_error, create_server_engine

    engine = create_server_engine(address, password, read_only=True)
    try:
        with engine.connect():
            pass
    except DBAPIError as exc:
        raise connection_error(exc, address) from exc
    finally:
        engine.dispose()


def _check_password(path: Path, password: str | None) -> None:
    """A protected database needs its password to be checked: refuse at once without it, or
    with a wrong one, rather than report every page as damaged."""
    from assocdesk.storage import encryption

    if password is None:
        if encryption.available() and encryption.looks_encrypted(path):
            raise CommandError(
                _("{path} is protected by a password.").format(path=path) + " " + _(PASSWORD_HINT)
            )
        return  # not a database at all: the checks say so
    with contextlib.suppress(DatabaseDamaged):  # the password is right: the checks say the rest
        encryption.check_password(path, password)


# Commands that take the database's path rather than an opened database.
PATH_COMMANDS = {"restore": cmd_restore, "check": cmd_check, "backup": cmd_backup}
