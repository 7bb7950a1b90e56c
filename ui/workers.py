"""Background jobs: long work (a year's statements, an export) off the UI thread, with progress
and a Cancel that really stops it.

Why this shape (DESIGN.md §3 and §5, after Anki's ``CollectionOp`` and Picard's save pool):

- One worker thread for the whole application's batches. SQLite has one writer anyway, and two
  batch jobs racing each other would only be slower; a second job simply waits its turn.
- Quick reads that only fill a page (the Home figures) have a second thread, so they never wait
  behind an hour of statements; SQLite's WAL lets them read while a batch writes.
- The job's function receives a ``progress(done, total) -> bool`` callback, the same contract
  as the core's batch functions: it emits a signal and answers False once Cancel was pressed,
  so the core stops, cleans up and raises its own "cancelled" exception.
- The function opens its own session (``db.reading()`` / ``db.transaction()``) and never
  touches a widget: the page reads every value it needs before starting, and hears back only
  through the queued signals below, which Qt delivers on the main thread.
- Progress is reported at most about once per percent (``REPORTS``): the bar cannot show more,
  and every ``emit()`` from Python costs PySide6 6.12.0 one reference to ``True`` (a refcount
  bug: after ~10 000 emits the process aborts with "bool_dealloc"), so a batch of 3 000
  statements must not emit 3 000 times.
- Errors a person can act on (a file that cannot be written, a validation message) come back
  as ``failed(message)``; anything else is a bug: it is logged with its traceback (the app's
  excepthook never sees exceptions raised in another thread) and reported the same way.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from assocdesk.errors import UserError
from assocdesk.i18n import _
from assocdesk.progress import Progress
from assocdesk.storage.errors import DatabaseError

log = logging.getLogger("assocdesk.ui.workers")

T = TypeVar("T")
Work = Callable[[Progress], Any]

REPORTS = 100  # progress signals per job, at most (plus the first and the last)

# Exceptions whose message is written for the person (translated, says what to do).
# A DatabaseError's message is written for the person (disk full, read-only, damaged file).
USER_ERRORS: tuple[type[BaseException], ...] = (UserError, OSError, DatabaseError)

_pools: dict[bool | str, QThreadPool] = {}  # quick? (or WRITES) → its one thread
WRITES = "writes"  # the key of the thread that runs a dialog's save (:func:`writer`)
_running: set[Job] = set()  # keeps each job (and its signals) alive until it has reported
_retired: list[Job] = []  # reported; their thread may still be returning from run()
RETIRE_DELAY_MS = 50


def pool(*, quick: bool = False) -> QThreadPool:
    """The thread for batches, or for quick reads (each created on first use, not at import)."""
    return _one_thread(quick)


def writer() -> QThreadPool:
    """The thread a save runs on while the window waits (ui.commands.write): its own, so a
    save never queues behind a page's read, and one, so two saves never overlap."""
    return _one_thread(WRITES)


def _one_thread(key: bool | str) -> QThreadPool:
    if key not in _pools:
        _pools[key] = QThreadPool()
        _pools[key].setMaxThreadCount(1)
    return _pools[key]


class JobSignals(QObject):
    """Lives in the main thread; emitted from the worker, so every slot runs on the main thread."""

    progress = Signal(int, int)  # done, total
    finished = Signal(object)  # the work function's result
    failed = Signal(str)  # a message to show
    cancelled = Signal()


class Job:
    """One piece of background work. Start it with :func:`start`; stop it with :meth:`cancel`.

    ``cancelled_by`` names the exceptions the work raises when its progress callback said stop
    (``BatchCancelled``, ``ExportCancelled``); they end the job with ``cancelled``, not
    ``failed``. ``user_errors`` adds exception types whose message is shown as it is.
    """

    def __init__(
        self,
        work: Work,
        *,
        cancelled_by: tuple[type[BaseException], ...] = (),
        user_errors: tuple[type[BaseException], ...] = (),
    ) -> None:
        self.signals = JobSignals()
        self._work = work
        self._cancelled_by = cancelled_by
        self._user_errors = USER_ERRORS + user_errors
        self._cancel = threading.Event()
        self._done = threading.Event()
        self._reported = -1  # the last ``done`` sent to the UI
        self.error: BaseException | None = None  # what the work raised, if it failed
        self.quick = False  # which thread runs it (set by start)
        for signal in (self.signals.finished, self.signals.failed, self.signals.cancelled):
            signal.connect(self._forget)

    # -- from the main thread --------------------------------------------------------------
    def cancel(self) -> None:
        """Ask the work to stop at its next progress call (thread-safe, returns at once)."""
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    @property
    def done(self) -> bool:
        """True once the work function has returned or raised (its signal may be on its way)."""
        return self._done.is_set()

    def _forget(self, *_args: object) -> None:
        """On the main thread, after the job's last signal: its work has returned, so what the
        work holds is let go here; the job itself once its thread is idle."""
        _running.discard(self)
        self._work = None
        _retired.append(self)
        QTimer.singleShot(RETIRE_DELAY_MS, _release_retired)

    # -- in the worker thread --------------------------------------------------------------
    def progress(self, done: int, total: int) -> bool:
        """The callback handed to the work: report (about once per percent), and say whether
        to go on (checked on every call, so Cancel is not delayed by the thinning)."""
        step = max(1, total // REPORTS)
        if done <= 0 or done >= total or done - self._reported >= step:
            self._reported = done
            self.signals.progress.emit(done, total)
        return not self._cancel.is_set()

    def run(self) -> None:
        try:
            result = self._work(self.progress)
        except self._cancelled_by:
            self._done.set()
            self.signals.cancelled.emit()
        except self._user_errors as exc:
            self.error = exc
            self._done.set()
            self.signals.failed.emit(getattr(exc, "message", "") or str(exc))
        except Exception as exc:  # a bug: log it, tell the person, keep the app alive
            log.exception("background job failed")
            self.error = exc
            self._done.set()
            self.signals.failed.emit(
                _("Something went wrong: {error}\n\nDetails are in the log file.").format(
                    error=f"{type(exc).__name__}: {exc}"
                )
            )
        else:
            self._done.set()
            self.signals.finished.emit(result)


def start(job: Job, *, quick: bool = False) -> Job:
    """Queue ``job`` on the batch thread (or the quick reads' one) and keep it alive until it
    reports."""
    job.quick = quick
    _running.add(job)
    pool(quick=quick).start(job.run)  # the pool lets go of job.run once it has run
    return job


def _release_retired() -> None:
    """Let go of reported jobs, on the main thread, once their pool's thread is idle.

    A job's last reference must not go in its worker thread: that would destroy its signals
    (a QObject of the main thread) from the wrong thread. Its last signal can reach the main
    thread while the worker still returns from run() and the pool still holds ``job.run``; an
    idle pool holds nothing.
    """
    idle = {quick for quick, each in _pools.items() if each.activeThreadCount() == 0}
    _retired[:] = [job for job in _retired if job.quick not in idle]
    if _retired:  # a thread still returning: look again in a moment
        QTimer.singleShot(RETIRE_DELAY_MS, _release_retired)


def cancel_all() -> None:
    """Ask every running or queued job to stop (the application is closing)."""
    for job in list(_running):
        job.cancel()


def wait_for_jobs(timeout_ms: int = 30_000) -> bool:
    """Block until no job runs (application exit, tests); True if all finished in time."""
    return all([each.waitForDone(timeout_ms) for each in _pools.values()])


class _Ended(QObject):
    ended = Signal()


WAIT_DIALOG_AFTER_MS = 400  # a wait shorter than this shows only the busy cursor


def wait_for(
    work: Callable[[], T],
    *,
    parent: QWidget | None = None,
    label: str = "",
    thread: QThreadPool | None = None,
) -> T:
    """Run ``work`` on the quick thread (or ``thread``) and return its result (or raise what it
    raised), while the window keeps painting: for a document the caller needs before it can go
    on (a preview), or a save (ui.commands.write).

    The wait is a local event loop that leaves out the person's input (it is kept for after, as
    Anki's ``mw.progress`` does), so nothing is started twice; past a moment a small modal
    window says what is being done.
    """
    box: dict[str, Any] = {}
    ended = threading.Event()
    dialog = QProgressDialog(label, "", 0, 0, parent)
    # Owned by the dialog, so deleted with it on this thread, never by the worker letting go of
    # ``run`` (a QObject must not be destroyed in another thread).
    relay = _Ended(dialog)
    loop = QEventLoop()
    relay.ended.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    todo = [work]

    def run() -> None:
        work = todo.pop()  # this thread keeps no reference to it once it has run
        try:
            box["result"] = work()
        except BaseException as exc:  # handed to the caller, on the main thread
            box["error"] = exc
        finally:
            del work
            relay.ended.emit()  # before ``ended``: a loop not yet running still gets its quit
            ended.set()

    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setValue(0)  # at its minimum, so the next line (re)starts its show timer
    dialog.setMinimumDuration(WAIT_DIALOG_AFTER_MS)
    (thread or pool(quick=True)).start(run)
    try:
        if not ended.is_set():
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    finally:
        dialog.reset()
        dialog.deleteLater()
    if "error" in box:
        raise box.pop("error")
    return box.pop("result")
