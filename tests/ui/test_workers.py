"""Background jobs: quick reads have their own thread."""

from __future__ import annotations

import threading

from ui import workers


def test_quick_reads_do_not_wait_behind_a_batch(qtbot) -> None:
    gate = threading.Event()
    batch = workers.start(workers.Job(lambda _progress: gate.wait(10)))
    read = workers.Job(lambda _progress: "figures")
    shown: list[str] = []
    read.signals.finished.connect(shown.append)
    try:
        workers.start(read, quick=True)
        qtbot.waitUntil(lambda: shown == ["figures"], timeout=5_000)
        assert not batch.done  # the batch still runs: the read did not wait for it
    finally:
        gate.set()
        assert workers.wait_for_jobs(10_000)
    assert batch.done
