"""Writing a file whole or not at all.

A document written straight over its target is lost half-way if the disk fills or the
program stops: the old file is already truncated. Writing beside it and renaming (an atomic
step on the same disk) leaves either the old file or the complete new one.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from pathlib import Path


def write_whole(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder; raise OSError.

    The temporary file is created with ``open(..., "xb")`` (ordinary permissions, unlike
    mkstemp's owner-only ones), flushed to disk, then renamed over ``path``.
    """
    path = path.expanduser()
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        with open(temporary, "xb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
    return path


def remove_leftovers(folder: Path, pattern: re.Pattern[str], older_than: float) -> list[Path]:
    """Delete what an earlier run killed half-way left in ``folder``: the files and folders
    whose whole name matches ``pattern`` (our own temporary names only) and that were last
    changed before ``older_than`` (a ``time.time()``), so a copy another run is writing right
    now is left alone. Return what was removed; what cannot be removed is left, silently (the
    run itself must not fail for an old leftover).

    Such leftovers are whole copies of a database (a backup's ``.snapshot`` on a USB stick is
    not even protected by a password when the database is not): nothing else ever removes them.
    """
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if not pattern.fullmatch(entry.name):
            continue
        try:
            if entry.lstat().st_mtime >= older_than:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        except OSError:
            continue
        removed.append(entry)
    return removed
