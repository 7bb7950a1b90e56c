"""Cycles are collected on the main thread only, by the collector's timer (ui/garbage.py)."""

from __future__ import annotations

import gc
import threading
from typing import ClassVar

from PySide6.QtWidgets import QWidget

from assocdesk.spreadsheets import gc_pause
from ui import garbage
from ui.workers import Job, start, wait_for_jobs


class Witness:
    """A cycle's member that records the thread that frees it."""

    freed_in: ClassVar[list[str]] = []

    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it

    def __del__(self) -> None:
        Witness.freed_in.append(threading.current_thread().name)


def test_a_background_job_never_collects_the_main_threads_cycles(qtbot) -> None:
    """A job allocating heavily would have run the collector in its own thread and freed the
    cycles it found there (widgets too); now only the main thread's timer frees them."""
    Witness.freed_in.clear()
    with garbage.collected_on_main_thread() as collector:
        assert not gc.isenabled()
        Witness()  # garbage at once: an unreachable cycle
        job = start(Job(lambda _progress: [[n] for n in range(200_000)] and None))
        assert wait_for_jobs(10_000) and job.done
        assert Witness.freed_in == []  # 200 000 lists allocated there, no collection
        collector.thresholds = (0, 0, 0)  # due at once (Python's are 700, 10, 10)
        qtbot.waitUntil(lambda: Witness.freed_in != [], timeout=5_000)
    assert Witness.freed_in == [threading.main_thread().name]


def test_collects_only_what_is_due(qapp) -> None:
    with garbage.collected_on_main_thread() as collector:
        gc.collect()
        collector.thresholds = (10_000, 10, 10)
        assert collector.collect_if_due() is None  # too few objects allocated yet
        kept = [QWidget() for _ in range(3)] + [[n] for n in range(20_000)]
        assert collector.collect_if_due() == 0  # the young generation only
        collector.thresholds = (10_000, 0, 10)
        kept += [[n] for n in range(20_000)]
        assert collector.collect_if_due() == 1
        assert len(kept) == 40_003


def test_the_state_before_is_restored(qapp) -> None:
    gc.enable()  # as outside the app (every GUI test runs inside such a block)
    with garbage.collected_on_main_thread():
        with garbage.collected_on_main_thread():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block still holds
    assert gc.isenabled()


def test_waits_while_an_import_has_paused_collection(qapp) -> None:
    """An import in the background pauses collection (its millions of rows would be walked
    for nothing); the main thread's timer waits for it too."""
    with garbage.collected_on_main_thread() as collector:
        collector.thresholds = (0, 0, 0)
        with gc_pause.collector_paused():
            assert collector.collect_if_due() is None
        assert collector.collect_if_due() is not None


def test_with_python_314s_incremental_collector_never_a_full_collection(qapp) -> None:
    """Python 3.14 reports a third threshold of 0 and counts old objects left to scan: a
    due collection is the young one plus a slice of the old, never collect(2)."""
    with garbage.collected_on_main_thread() as collector:
        collector.thresholds = (0, 0, 0)  # due, and every count past its threshold
        assert collector.collect_if_due() == 1
