"""Writing what a command produces: whole files or nothing, and errors people can act on."""

from __future__ import annotations

from pathlib import Path

from assocdesk.errors import UserError
from assocdesk.i18n import _
from assocdesk.storage.files import write_whole


class CommandError(UserError):
    """A failure the person can act on; its message is printed as is."""


def write_file(path: Path, data: bytes) -> Path:
    """Write ``data`` whole to ``path`` (or not at all); a failure is a CommandError."""
    try:
        return write_whole(path, data)
    except OSError as exc:
        raise CommandError(
            _("Cannot write {path}: {error}").format(path=path, error=exc.strerror or exc)
        ) from exc
