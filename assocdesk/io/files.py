"""Writing a file whole or not at all.

A document written straight over its target is lost half-way if the disk fills or the
program stops: the old file is already truncated. Writing beside it and renaming (an atomic
step on the same disk) leaves either the old file or the complete new one.
"""

from __future__ import annotations

import os
import secrets
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
