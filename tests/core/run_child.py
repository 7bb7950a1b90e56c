"""``python -m tests.core.run_child MODULE ARGS…``: run MODULE as __main__ (tests only).

With ASSOCDESK_TEST_WITHOUT_SQLCIPHER=1 the child behaves as an installation without the
SQLCipher module: ``import sqlcipher3`` fails in it, whether or not it is installed here.
"""

from __future__ import annotations

import os
import runpy
import sys

if __name__ == "__main__":
    if os.environ.get("ASSOCDESK_TEST_WITHOUT_SQLCIPHER") == "1":
        sys.modules["sqlcipher3"] = None  # type: ignore[assignment]
    module, *sys.argv[1:] = sys.argv[1:]
    sys.argv[0] = module
    runpy.run_module(module, run_name="__main__", alter_sys=True)
