"""Writing what a command produces: whole files or nothing, and errors people can act on."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from assocdesk.i18n import _


class CommandError(Exception):
    """A failure the person can act on; its message is printed as is."""


def write_file(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file, so a failure leaves no half file."""
    path = path.expanduser()
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".assocdesk-", suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError as exc:
        if "temporary" in locals() and Path(temporary).exists():
            Path(temporary).unlink()
        raise CommandError(
            _("Cannot write {path}: {error}").format(path=path, error=exc.strerror or exc)
        ) from exc
    return path
