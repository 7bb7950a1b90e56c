"""The files AssocDesk reads at run time, found inside the installed ``assocdesk`` package.

Fonts, translation catalogs, post templates and platform limits live in
``assocdesk/resources/`` and travel in the wheel and the sdist as package data. They are found
through :mod:`importlib.resources`, never relative to the source tree, so a normal (not
editable) install, a zip import or a frozen bundle all read the same files.

Most readers only open a file and take the :class:`Traversable` from :func:`resource`. A few
libraries want a file name (ReportLab's ``TTFont``, Qt's ``addApplicationFont``):
:func:`resource_path` gives one. An installed package is plain files, so that is the file itself;
from a zip the file is extracted once and kept until the program exits.
"""

from __future__ import annotations

import atexit
from contextlib import ExitStack
from functools import cache
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

_extracted = ExitStack()
atexit.register(_extracted.close)


def resource(*parts: str) -> Traversable:
    """``assocdesk/resources/<parts…>`` as the installed package holds it."""
    return files("assocdesk").joinpath("resources", *parts)


@cache
def resource_path(*parts: str) -> Path:
    """A file name on disk for ``assocdesk/resources/<parts…>`` (a file, not a folder)."""
    item = resource(*parts)
    if isinstance(item, Path):
        return item
    return _extracted.enter_context(as_file(item))
