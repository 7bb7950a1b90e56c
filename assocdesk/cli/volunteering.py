"""Volunteering commands: match (who could help on an activity) and certificate (PDF)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from assocdesk.cli.output import CommandError, write_file
from assocdesk.i18n import LANGUAGES, _
from assocdesk.services.errors import NotFound, ValidationError
from assocdesk.storage.engine import Database


def add_commands(commands: argparse._SubParsersAction) -> None:
    match = commands.add_parser(
        "match", help=_("suggest volunteers for an activity, best first, with the reasons")
    )
    match.add_argument("activity_id", type=int, metavar="ACTIVITY_ID")
    match.add_argument("--json", action="store_true")
    match.add_argument("--limit", type=int, default=20)

    certificate = commands.add_parser(
        "certificate", help=_("a volunteer's certificate of a year's activities and hours to PDF")
    )
    certificate.add_argument("contact_id", type=int, metavar="CONTACT_ID")
    certificate.add_argument("--year", type=int, required=True)
    certificate.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    certificate.add_argument("--lang", choices=LANGUAGES)


def cmd_match(database: Database, args: argparse.Namespace) -> None:
    from assocdesk.services import activities, matching

    with database.reading() as session:
        try:
            activity = activities.get(session, args.activity_id)
            needs = matching.roles_status(session, args.activity_id)
            found = matching.suggest(session, args.activity_id, limit=max(args.limit, 1))
        except NotFound as exc:
            raise CommandError(str(exc)) from exc
        title = activity.title
        starts_at = activity.starts_at
    if args.json:
        result = {
            "activity_id": args.activity_id,
            "title": title,
            "starts_at": starts_at.isoformat(),
            "roles": [
                {"skill": n.skill, "needed": n.needed, "assigned": n.assigned, "missing": n.missing}
                for n in needs
            ],
            "suggestions": [s.to_json() for s in found],
        }
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    print(f"{title} — {starts_at:%Y-%m-%d %H:%M}")
    missing = matching.missing_summary(needs)
    if needs:
        print(_("Missing: {roles}").format(roles=missing or _("nothing, every role is filled")))
    if not found:
        print(_("No volunteer to suggest."))
    for rank, suggestion in enumerate(found, 1):
        print(
            f"{rank:>3}. {suggestion.name} (#{suggestion.contact_id}) — {suggestion.explanation()}"
        )


def cmd_certificate(database: Database, args: argparse.Namespace) -> None:
    from assocdesk.reports.certificate import render_certificate

    with database.reading() as session:
        try:
            pdf = render_certificate(session, args.contact_id, args.year, language=args.lang)
        except NotFound as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError(exc.message) from exc
    write_file(args.output, pdf)
    print(_("Certificate written to {path}").format(path=args.output))


COMMANDS = {"match": cmd_match, "certificate": cmd_certificate}
