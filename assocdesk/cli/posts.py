"""The ``post`` command: the ready-to-post text of a record for one platform, and its card."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from assocdesk.cli.output import CommandError, write_file
from assocdesk.i18n import LANGUAGES, _
from assocdesk.posts.card import CARD_SIZES
from assocdesk.posts.eligibility import why_not
from assocdesk.posts.platforms import UnknownPlatform, get_platform
from assocdesk.posts.templates import BILINGUAL_LANGUAGES, OCCASIONS
from assocdesk.services.errors import NotFound
from assocdesk.storage.engine import Database


def _record_id(text: str) -> int:
    try:
        return int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            _("{value} is not a record number.").format(value=text)
        ) from exc


def add_commands(commands: argparse._SubParsersAction) -> None:
    post = commands.add_parser(
        "post", help=_("ready-to-post text of an activity, a campaign or a year for one platform")
    )
    post.add_argument("occasion", metavar="OCCASION", help=" | ".join(OCCASIONS))
    post.add_argument(
        "record_id",
        type=_record_id,
        metavar="RECORD_ID",
        help=_("the activity or campaign number, or the year"),
    )
    post.add_argument("--platform", required=True, metavar="NAME")
    post.add_argument(
        "--lang",
        choices=[*LANGUAGES, *BILINGUAL_LANGUAGES],
        required=True,
        help=_("the post's language, or two: ar+fr, ar+en"),
    )
    post.add_argument("--image", type=Path, metavar="FILE.png", help=_("also write the image card"))
    post.add_argument(
        "--size",
        choices=tuple(CARD_SIZES),
        default="square",
        help=_("size of the image card (default: square)"),
    )
    post.add_argument("--json", action="store_true", help=_("print a JSON object"))
    post.add_argument(
        "--thread",
        action="store_true",
        help=_("X: print the text as a numbered thread when it is too long for one post"),
    )


CARD_RENDERERS = "assocdesk.card_renderers"  # entry-point group: what draws a post's image card


def _card_png(card: object, size: str) -> bytes:
    """The card as PNG, drawn by whatever the installation registered under
    :data:`CARD_RENDERERS` (the desktop app registers its Qt drawing, the one place with a text
    shaper that joins Arabic letters). The core names no drawing code: it only asks for one."""
    from importlib.metadata import entry_points

    renderers = sorted(entry_points(group=CARD_RENDERERS), key=lambda point: point.name)
    if not renderers:
        raise CommandError(
            _("Image cards are drawn by the desktop app, which is not installed here.")
        )
    return renderers[0].load()(card, size)


def cmd_post(database: Database, args: argparse.Namespace) -> None:
    from assocdesk.posts.compose import compose

    if args.occasion not in OCCASIONS:
        raise CommandError(
            _("Unknown occasion {name}; choose one of: {known}.").format(
                name=args.occasion, known=", ".join(OCCASIONS)
            )
        )
    try:
        get_platform(args.platform)
        with database.reading() as session:
            # A report of an activity still to come, "help us reach the goal" for a campaign
            # that ended …: refused before anything is written, with why and what to write.
            reason = why_not(session, args.occasion, args.record_id, date.today())
            if reason is not None:
                raise CommandError(reason)
            post = compose(
                session,
                args.occasion,
                args.record_id,
                args.platform,
                args.lang,
                database_path=database,
            )
    except (NotFound, UnknownPlatform) as exc:
        raise CommandError(str(exc).strip("'\"")) from exc
    if args.image is not None:
        write_file(args.image, _card_png(post.card, args.size))
    if args.json:
        print(json.dumps(post.to_json(), ensure_ascii=False, indent=2))
    elif args.thread and post.thread:
        print(THREAD_RULE.join(post.thread))
    elif post.title is not None:
        print(post.title)
        print()
        print(post.text)
    else:
        print(post.text)


THREAD_RULE = "\n\n---\n\n"  # between the parts of a thread, as printed


COMMANDS = {"post": cmd_post}
