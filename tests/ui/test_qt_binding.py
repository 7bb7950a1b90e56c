"""Guards against a broken Qt binding. Regression: PySide6 6.12.0 dropped one reference to True
on every Python emit(); the app aborted ("bool_dealloc") after some ten thousand signals."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class Emitter(QObject):
    changed = Signal(object)


def test_emitting_signals_does_not_leak_references(qapp) -> None:
    emitter = Emitter()
    received: list[object] = []
    emitter.changed.connect(received.append)
    before = sys.getrefcount(True)
    for i in range(500):
        emitter.changed.emit(i)
    assert len(received) == 500
    assert abs(sys.getrefcount(True) - before) < 50
