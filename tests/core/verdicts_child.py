"""Prints, as JSON, what ``check`` and opening each say of the files given (tests only).

Run in a child process so that the test can run it without the power to write read-only files
(see tests/core/test_check_truth.py: root is stripped of CAP_DAC_OVERRIDE), and so that a file
it leaves beside a database is seen by the test.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from assocdesk import i18n
from assocdesk.checks.check import run_checks
from assocdesk.storage.errors import DatabaseError
from assocdesk.storage.opening import open_database


def verdict(path: Path) -> dict[str, object]:
    report = run_checks(path)
    try:
        open_database(path, create=False, read_only=True).close()
        opened = None
    except DatabaseError as exc:
        opened = str(exc)
    return {
        "ok": report.ok,
        "findings": [[f.check, f.severity, f.message] for f in report.findings],
        "opening": opened,
    }


if __name__ == "__main__":
    i18n.set_language("en")
    print(json.dumps({name: verdict(Path(name)) for name in sys.argv[1:]}))
