"""Where the details of an error go: a log file, never the person's terminal or window.

An error is shown as one line in the person's language; the traceback, the SQLite message and
the path are written here for whoever helps her. The file lives beside the database (copied
with it to the person who helps) or, where that folder cannot be written (a locked USB stick,
a read-only share), in the user's log folder.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

LOG_NAME = "assocdesk.log"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_folder(database_path: Path) -> Path:
    """The database's folder when it exists and can be written, else the user's log folder
    (a command given a mistyped path must not create folders for its log)."""
    folder = database_path.absolute().parent
    effective = os.access in os.supports_effective_ids
    if folder.is_dir() and os.access(folder, os.W_OK, effective_ids=effective):
        target = folder / LOG_NAME
        if not target.exists() or os.access(target, os.W_OK, effective_ids=effective):
            return folder
    from platformdirs import user_log_path

    return user_log_path("AssocDesk", appauthor=False)


def file_handler(database_path: Path) -> logging.Handler:
    """A rotating handler on the log file of ``database_path`` (see log_folder)."""
    folder = log_folder(database_path)
    folder.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        folder / LOG_NAME, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter(FORMAT))
    return handler


def setup_logging(database_path: Path) -> Path:
    """Send the whole program's log (INFO and above) to the file of ``database_path``; once."""
    handler = file_handler(database_path)
    path = Path(handler.baseFilename)
    root = logging.getLogger()
    if any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        handler.close()
        return path
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path
