"""The one shape of a progress report, for every long piece of work in the core.

``progress(done, total)`` is called as the work goes (``done`` of ``total`` steps: rows, pages,
statements, files) and answers whether to go on. False stops the work, which cleans up and
raises a :class:`assocdesk.errors.Cancelled`. The window's background jobs hand in a callback
that moves a bar and answers False once Cancel was pressed; the command line hands in one that
prints, or none. One alias, so the contract cannot drift between the storage, the spreadsheets,
the documents and the window.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

Progress: TypeAlias = Callable[[int, int], bool]
"""(done, total) → go on?"""
