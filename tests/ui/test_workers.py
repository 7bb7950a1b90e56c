"""Background jobs: quick reads have their own thread; a job that reported is let go."""

from __future__ import annotations

import threading
import weakref
from typing import ClassVar

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


class Witness:
    """Records the thread that frees it (what a job's work holds: a page, a database)."""

    freed_in: ClassVar[list[str]] = []

    def __del__(self) -> None:
        Witness.freed_in.append(threading.current_thread().name)


def test_a_job_that_reported_is_let_go_with_what_it_held_on_the_main_thread(qtbot) -> None:
    """Every job used to stay referenced by the pool for ever, with its work and all that
    held (each Home refresh kept the old page and the database)."""
    Witness.freed_in.clear()
    held = Witness()
    job = workers.Job(lambda _progress, held=held: "done")
    results: list[str] = []
    job.signals.finished.connect(results.append)
    job_ref = weakref.ref(job)
    workers.start(job, quick=True)
    del job, held
    qtbot.waitUntil(lambda: results == ["done"], timeout=5_000)
    qtbot.waitUntil(lambda: job_ref() is None, timeout=5_000)  # once its thread is idle
    assert Witness.freed_in == [threading.main_thread().name]
