"""Document commands: receipt, statement, statements, summary, register, tax-declaration.

Each renders through assocdesk.reports and writes the file only when the document is complete.
Printing a receipt counts as issuing it (or as a duplicate), in the same transaction that
renders it: if the file cannot be written, the print is not counted (assocdesk.usecases.receipts,
as in the window).
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from assocdesk.cli.output import CommandError, write_file
from assocdesk.i18n import LANGUAGES, _, ngettext
from assocdesk.storage.engine import Database


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            _("{value} is not a date (YYYY-MM-DD).").format(value=text)
        ) from exc


def add_commands(commands: argparse._SubParsersAction) -> None:
    receipt = commands.add_parser("receipt", help=_("print the receipt of a donation to PDF"))
    receipt.add_argument("donation_id", type=int, metavar="DONATION_ID")
    receipt.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    receipt.add_argument("--lang", choices=LANGUAGES)

    statement = commands.add_parser("statement", help=_("a donor's yearly statement to PDF"))
    statement.add_argument("contact_id", type=int, metavar="CONTACT_ID")
    statement.add_argument("--year", type=int, required=True)
    statement.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    statement.add_argument("--lang", choices=LANGUAGES)

    statements = commands.add_parser(
        "statements", help=_("yearly statements of every donor, one file each")
    )
    statements.add_argument("--year", type=int, required=True)
    statements.add_argument("--out-dir", type=Path, required=True, metavar="DIR")
    statements.add_argument("--lang", choices=LANGUAGES)

    summary = commands.add_parser("summary", help=_("donations summary for the board to PDF"))
    summary.add_argument(
        "--from", dest="date_from", type=_date, required=True, metavar="YYYY-MM-DD"
    )
    summary.add_argument("--to", dest="date_to", type=_date, required=True, metavar="YYYY-MM-DD")
    summary.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    summary.add_argument("--lang", choices=LANGUAGES)

    register = commands.add_parser("register", help=_("the receipts register of a year"))
    register.add_argument("--year", type=int, required=True)
    target = register.add_mutually_exclusive_group(required=True)
    target.add_argument("-o", "--output", type=Path, metavar="FILE.pdf")
    target.add_argument("--json", action="store_true")
    register.add_argument("--lang", choices=LANGUAGES)

    declared = commands.add_parser(
        "tax-declaration",
        help=_("the count and total of the tax receipts issued in a year (article 222 bis)"),
    )
    declared.add_argument("--year", type=int, required=True)
    target = declared.add_mutually_exclusive_group(required=True)
    target.add_argument("-o", "--output", type=Path, metavar="FILE.pdf")
    target.add_argument("--json", action="store_true")
    declared.add_argument("--lang", choices=LANGUAGES)


def cmd_receipt(database: Database, args: argparse.Namespace) -> None:
    from assocdesk.usecases.receipts import Book, Receipt, issue_receipt

    with database.transaction() as session:  # a failed write rolls the print back
        issued = issue_receipt(
            session,
            Receipt(Book.DONATIONS, args.donation_id),
            deliver=lambda pdf: write_file(args.output, pdf),
            language=args.lang,
        )
    kind = _("duplicate") if issued.duplicate else _("original")
    print(
        _("Receipt {number} ({kind}) written to {path}").format(
            number=issued.number, kind=kind, path=args.output
        )
    )


def _no_donations(year: int) -> CommandError:
    return CommandError(_("There are no donations in {year}.").format(year=year))


def cmd_statement(database: Database, args: argparse.Namespace) -> None:
    from assocdesk.reports.statement import render_statement, statement_rows

    with database.reading() as session:
        data = statement_rows(session, args.contact_id, args.year)  # NotFound: one line
        if not data.donations:
            raise CommandError(_("This donor gave nothing in {year}.").format(year=args.year))
        pdf = render_statement(session, args.contact_id, args.year, language=args.lang)
    write_file(args.output, pdf)
    print(_("Statement written to {path}").format(path=args.output))


def cmd_statements(database: Database, args: argparse.Namespace) -> None:
    from assocdesk.usecases.printing import CannotWrite, print_statements

    try:  # made even when the year is empty: a folder that cannot be made is said first
        args.out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CannotWrite(args.out_dir, exc) from exc
    result = print_statements(
        database, args.year, out=args.out_dir, one_file=False, language=args.lang
    )
    if result.count == 0:
        raise _no_donations(args.year)
    print(
        ngettext(
            "{count} statement written to {path}",
            "{count} statements written to {path}",
            result.count,
        ).format(count=result.count, path=args.out_dir)
    )
    for _contact_id, name, reason in result.skipped:
        print(_("Left out: {name} ({reason})").format(name=name, reason=reason))


def cmd_summary(database: Database, args: argparse.Namespace) -> None:
    from assocdesk.reports.summary import render_summary, summary_data

    if args.date_to < args.date_from:
        raise CommandError(_("The end is before the start."))
    with database.reading() as session:
        data = summary_data(session, args.date_from, args.date_to)
        if data.money_count + data.in_kind_count == 0:
            raise CommandError(
                _("There are no donations between {start} and {end}.").format(
                    start=args.date_from.isoformat(), end=args.date_to.isoformat()
                )
            )
        pdf = render_summary(session, args.date_from, args.date_to, language=args.lang)
    write_file(args.output, pdf)
    print(_("Summary written to {path}").format(path=args.output))


def cmd_register(database: Database, args: argparse.Namespace) -> None:
    from assocdesk.reports.register import register_data, render_register

    with database.reading() as session:
        data = register_data(session, args.year)
        if not data.receipts:
            raise _no_donations(args.year)
        if args.json:
            print(json.dumps(data.to_json(), ensure_ascii=False, indent=2))
            return
        pdf = render_register(session, args.year, language=args.lang)
    write_file(args.output, pdf)
    print(_("Register written to {path}").format(path=args.output))


def cmd_tax_declaration(database: Database, args: argparse.Namespace) -> None:
    """France's article 222 bis figures: reçus fiscaux issued in the year, counted, summed."""
    from assocdesk.reports.layout import Setup
    from assocdesk.reports.receipt import document_language
    from assocdesk.reports.tax_declaration import declaration, declaration_pdf
    from assocdesk.services import association

    with database.reading() as session:
        figures = declaration(session, args.year)
        if args.json:
            print(json.dumps(figures.to_json(), ensure_ascii=False, indent=2))
            return
        profile = association.get(session)
        setup = Setup.for_language(document_language(args.lang, None, profile), profile)
        pdf = declaration_pdf(setup, figures)
    write_file(args.output, pdf)
    print(_("Tax receipts declaration written to {path}").format(path=args.output))


COMMANDS = {
    "receipt": cmd_receipt,
    "statement": cmd_statement,
    "statements": cmd_statements,
    "summary": cmd_summary,
    "register": cmd_register,
    "tax-declaration": cmd_tax_declaration,
}
