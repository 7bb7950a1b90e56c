"""The cycle collector pauses while the app's modules are imported (ui/app.py imports this first).

Importing SQLAlchemy, PySide6, the models and the services makes some 500 000 objects that live
as long as the program, and hardly any garbage. The collector would still run some 150 times over
them (~40 ms, 6 % of a start). Once they are imported, :func:`resume` freezes them out of its way
(``gc.freeze``): neither the first collection after the pause nor any later full one walks them
again, and the collector is back as it was (ui/garbage.py then runs it from the main thread).
"""

from __future__ import annotations

import gc

_was_enabled = gc.isenabled()
gc.disable()


def resume() -> None:
    """End the pause: what exists now is frozen, and collection is on again if it was."""
    gc.freeze()
    if _was_enabled:
        gc.enable()
