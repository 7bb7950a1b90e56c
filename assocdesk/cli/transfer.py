"""Spreadsheet commands: import a file (whole or not at all), export a record type.

    assocdesk-cli import KIND FILE [--sheet NAME] [--mapping FILE.json] [--dry-run] [--json]
    assocdesk-cli export KIND -o FILE.xlsx|FILE.csv

``--mapping`` is a JSON object {column header: field} (or a list, one field or null per
column); without it the remembered mapping of the file's layout, else the guess, is used.
``import`` exits non-zero when nothing could be imported (and then writes nothing).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from assocdesk.cli.output import CommandError
from assocdesk.i18n import LANGUAGES, _, current_language, ngettext
from assocdesk.spreadsheets.kinds import ImportKind
from assocdesk.storage.engine import Database

IMPORT_KINDS = tuple(kind.value for kind in ImportKind)  # the words: argparse shows their repr
EXPORT_KINDS = ("contacts", "members", "volunteers", "donations", "activities", "campaigns", "all")


def add_commands(commands: argparse._SubParsersAction) -> None:
    importing = commands.add_parser("import", help=_("import a spreadsheet (CSV or XLSX)"))
    importing.add_argument("kind", choices=IMPORT_KINDS, metavar="KIND")
    importing.add_argument("file", type=Path, metavar="FILE")
    importing.add_argument("--sheet", metavar="NAME")
    importing.add_argument("--mapping", type=Path, metavar="FILE.json")
    importing.add_argument("--encoding", metavar="NAME")
    importing.add_argument("--delimiter", metavar="CHAR")
    importing.add_argument("--currency", metavar="CODE")
    importing.add_argument("--dry-run", action="store_true")
    importing.add_argument("--json", action="store_true")

    exporting = commands.add_parser("export", help=_("export records to a CSV or XLSX file"))
    exporting.add_argument("kind", choices=EXPORT_KINDS, metavar="KIND")
    exporting.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    exporting.add_argument("--lang", choices=LANGUAGES)


def _mapping_from_file(path: Path, header: list[str]) -> list[str | None]:
    try:
        given: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CommandError(
            _("Cannot read the mapping {path}: {error}").format(path=path, error=exc)
        ) from exc
    # Each field a name or nothing: anything else (numbers, lists, objects) is another file.
    if isinstance(given, list) and len(given) == len(header):
        fields = given
    elif isinstance(given, dict):
        fields = [given.get(column) for column in header]
    else:
        fields = None
    if fields is None or not all(key is None or isinstance(key, str) for key in fields):
        raise CommandError(
            _(
                "The mapping file {path} is not a column mapping: write a JSON object "
                "(column → field) or a list, one field per column."
            ).format(path=path)
        )
    return [key or None for key in fields]


def cmd_import(database: Database, args: argparse.Namespace) -> None:
    from assocdesk.services import association
    from assocdesk.spreadsheets.importer import ImportRefused, ImportResult, run_import
    from assocdesk.spreadsheets.mapping import fields_of, initial_mapping
    from assocdesk.spreadsheets.plan import MappingProblem, build_plan
    from assocdesk.spreadsheets.reading import ReadError, read_table

    if args.delimiter is not None and len(args.delimiter) != 1:
        raise CommandError(_("The delimiter must be one character."))
    kind = ImportKind(args.kind)
    try:
        table = read_table(
            args.file, sheet=args.sheet, encoding=args.encoding, delimiter=args.delimiter
        )
    except ReadError as exc:
        raise CommandError(str(exc)) from exc
    for warning in table.warnings:
        print(warning, file=sys.stderr)
    with database.reading() as session:
        profile = association.get(session)
        currency = args.currency or (profile.default_currency if profile else "MAD")
        if args.mapping:
            mapping = _mapping_from_file(args.mapping, table.header)
        else:
            sample = [cells for _line, cells in table.rows[:50]]
            mapping = initial_mapping(session, table.header, sample, kind)
    unknown = [key for key in mapping if key and key not in fields_of(kind)]
    if unknown:
        raise CommandError(
            _("Unknown fields for {kind}: {fields}.").format(kind=kind, fields=", ".join(unknown))
        )
    try:
        if args.dry_run:
            with database.reading() as session:
                plan = build_plan(session, table, kind, mapping, currency=currency)
            result = ImportResult.of(plan)
        else:
            result = run_import(
                database,
                table,
                kind,
                mapping,
                currency=currency,
                skip_bad_rows=True,
                # On a server, while another desk's import runs: said, then waited for.
                notice=lambda text: text and print(text, file=sys.stderr, flush=True),
            )
    except MappingProblem as exc:
        raise CommandError(str(exc)) from exc
    except ImportRefused as exc:  # pragma: no cover - skip_bad_rows=True never refuses
        raise CommandError(str(exc)) from exc
    _report(args, table.header, mapping, result)
    # Rows all already there is a success (a re-import); rows all refused, or none, is not.
    if result.created + result.merged == 0 and (result.errors or not table.rows):
        raise CommandError(_("Nothing could be imported."))


def _report(args: argparse.Namespace, header: list[str], mapping: list, result: Any) -> None:
    if args.json:
        print(
            json.dumps(
                {
                    "dry_run": args.dry_run,
                    "mapping": dict(zip(header, mapping, strict=True)),
                    "created": result.created,
                    "merged": result.merged,
                    "skipped": result.skipped,
                    "errors": [
                        {"row": e.line, "column": e.column, "value": e.value, "problem": e.message}
                        for e in result.errors
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if args.dry_run:
        print(_("Dry run: nothing was written."))
    print(
        _("Created: {created}, merged: {merged}, skipped: {skipped}.").format(
            created=result.created, merged=result.merged, skipped=result.skipped
        )
    )
    for error in result.errors:
        print(
            _("Row {row}, column “{column}”: {problem} ({value})").format(
                row=error.line, column=error.column, problem=error.message, value=error.value
            ),
            file=sys.stderr,
        )


def cmd_export(database: Database, args: argparse.Namespace) -> None:
    from assocdesk.spreadsheets.export_records import export_everything, export_kind
    from assocdesk.spreadsheets.tabular import ExportError

    language = args.lang or current_language()
    try:
        with database.reading() as session:
            if args.kind == "all":
                written = export_everything(session, args.output, language=language)
                count = sum(written.values())
            else:
                count = export_kind(session, args.kind, args.output, language=language)
    except ExportError as exc:
        raise CommandError(str(exc)) from exc
    print(
        ngettext("{count} row written to {path}", "{count} rows written to {path}", count).format(
            count=count, path=args.output
        )
    )


COMMANDS = {"import": cmd_import, "export": cmd_export}
