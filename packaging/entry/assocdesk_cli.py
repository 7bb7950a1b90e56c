"""The bundle's command line: PyInstaller freezes this file as ``assocdesk-cli``.

``freeze_support`` comes first for the same reason as in the window program: report batches
start "spawn" workers, which in a frozen program are this executable again.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from assocdesk.cli import main

    sys.exit(main())
