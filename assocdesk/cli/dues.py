"""Dues commands: the late list of a year, and member cards.

`dues late --year Y` prints the members who owe dues (or, with --json, everything the
reminders need); `card MEMBER_ID -o FILE.pdf` prints one member's card.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from assocdesk.cli.output import CommandError, write_file
from assocdesk.i18n import _, current_language
from assocdesk.services.errors import NotFound
from assocdesk.storage.engine import Database
from assocdesk.text.locales import babel_locale
from assocdesk.text.money import format_money


def add_commands(commands: argparse._SubParsersAction) -> None:
    dues = commands.add_parser("dues", help=_("membership dues"))
    dues_commands = dues.add_subparsers(dest="dues_command", required=True, metavar="COMMAND")
    late = dues_commands.add_parser("late", help=_("members who owe dues for a year"))
    late.add_argument("--year", type=int, required=True)
    late.add_argument("--json", action="store_true")

    card = commands.add_parser("card", help=_("a member's card to PDF"))
    card.add_argument("membership_id", type=int, metavar="MEMBER_ID")
    card.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    card.add_argument("--year", type=int, help=_("year the card is valid for (default: this year)"))


def cmd_dues(database: Database, args: argparse.Namespace) -> None:
    from assocdesk.services import dues_reminders, dues_status

    with database.reading() as session:
        late = dues_status.late_members(session, args.year)
        texts = dues_reminders.reminders(session, late, args.year)
    if args.json:
        print(
            json.dumps(
                {
                    "year": args.year,
                    "members": [
                        {
                            "membership_id": m.membership_id,
                            "contact_id": m.contact_id,
                            "number": m.number,
                            "name": m.name,
                            "category": m.category,
                            "status": m.status,
                            "fee_minor": m.fee_minor,
                            "paid_minor": m.paid_minor,
                            "due_minor": m.due_minor,
                            "currency": m.currency,
                            "may_contact": m.may_contact,
                            "not_contacted_because": _(m.not_contacted_because) or None,
                            "language": m.language,
                            "reminder": texts[m.membership_id],
                        }
                        for m in late
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if not late:
        print(_("Every member is up to date with the dues of {year}.").format(year=args.year))
        return
    locale = babel_locale(current_language())
    for m in late:
        print(
            "\t".join(
                (
                    m.number,
                    m.name,
                    dues_status.status_label(m.status),
                    format_money(m.due_minor, m.currency, locale),
                )
            )
        )


def cmd_card(database: Database, args: argparse.Namespace) -> None:
    from assocdesk.reports.member_card import render_cards

    year = args.year or date.today().year
    with database.reading() as session:
        try:
            pdf = render_cards(session, [args.membership_id], year)
        except NotFound as exc:
            raise CommandError(str(exc)) from exc
    write_file(args.output, pdf)
    print(_("Member card written to {path}").format(path=args.output))


COMMANDS = {"dues": cmd_dues, "card": cmd_card}
READ_ONLY = frozenset(COMMANDS)
