"""The bundle's window program: PyInstaller freezes this file as ``assocdesk``.

``freeze_support`` comes first: report batches run in "spawn" worker processes, and a frozen
program is its own Python, so each worker starts this same executable and must stop here.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from ui.app import main

    sys.exit(main())
