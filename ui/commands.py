"""The one way the UI writes: run a command, then tell every view, once, what it changed.

After Anki's ``CollectionOp``. The command says nothing about what it changes: the session records
it (assocdesk.services.changes), and the runner emits that record through the context's
``data_changed`` signal, once, after the commit. A quick command (a dialog's Save, an archive)
is written as if it ran where it is called: ``write`` returns its result, or raises its error
(a ValidationError reaches the form, beside its field)::

    record = commands.write(self.context, lambda s: contacts.create(s, data))

Yet it runs on the writer thread, while the UI thread waits in a local event loop that leaves
out the person's input (workers.wait_for): a disk that stalls, or the lock another program
holds (up to SQLite's 5 s busy timeout), no longer freezes the window, and a second click is
kept for after. A write asked for while one waits (a timer's) is refused: :class:`SaveInProgress`.
The command must therefore not touch a widget: read the fields first, as every dialog does.

A long one (an import, a batch of photos) runs in the background with progress and Cancel::

    CommandOp(context, work).success(done).watched_by(panel, label).run_in_background()

``work`` then takes a ``progress(done, total) -> bool`` callback and opens its own sessions; what
every one of them committed, even when the work is cancelled or fails half way, is emitted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QCoreApplication, QThread
from PySide6.QtWidgets import QApplication
from sqlalchemy.orm import Session

from assocdesk.errors import UserError
from assocdesk.i18n import _
from assocdesk.services.changes import Changes, capture
from assocdesk.storage.engine import Database
from ui import workers

T = TypeVar("T")
_alive: set[CommandOp[Any]] = set()  # a background command lives until its last callback
_saving: list[CommandOp[Any]] = []  # the write the UI thread waits for (at most one)


class SaveInProgress(UserError):
    """A write was asked for while another one waits to be saved; nothing was done."""

    def __init__(self) -> None:
        super().__init__(_("Another change is still being saved. Try again in a moment."))


class Watcher(Protocol):
    """What shows a background command's progress (ui.widgets.progress_panel.ProgressPanel)."""

    def watch(self, job: workers.Job, label: str) -> object: ...


class Publisher(Protocol):
    """What the runner needs of the application context (ui.context.AppContext)."""

    @property
    def db(self) -> Database: ...

    def publish(self, changes: Changes) -> None: ...


def in_transaction(db: Database, command: Callable[[Session], T]) -> Callable[[Any], T]:
    """``command`` as background work: one unit of work on ``db``, progress ignored.

    Two desks saving the same record at the same instant both pass the form's version check;
    the ORM then refuses the second UPDATE (StaleDataError), and the whole unit of work is
    rolled back. The form hears it as any edit conflict (EditConflict, in words), not a crash.
    """

    def work(_progress: Any = None) -> T:
        from assocdesk.services.versions import refused_as_conflict  # the ORM: not at start-up

        with refused_as_conflict(), db.transaction() as session:
            return command(session)

    return work


def write(context: Publisher, command: Callable[[Session], T]) -> T:
    """Run ``command(session)`` in one transaction on the writer thread while the window waits;
    emit what it changed; return its result.

    Errors (a ValidationError for the form) reach the caller; nothing was committed then.
    SaveInProgress if another write is still waiting.
    """
    return CommandOp(context, in_transaction(context.db, command)).run()


def on_ui_thread() -> bool:
    """True in the application's main thread (where widgets live and a wait can loop)."""
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


class CommandOp(Generic[T]):
    """One write: ``work(progress)`` run here or in the background, its changes emitted once."""

    def __init__(
        self,
        context: Publisher,
        work: Callable[[workers.Progress], T],
        *,
        cancelled_by: tuple[type[BaseException], ...] = (),
        user_errors: tuple[type[BaseException], ...] = (),
        unrecorded: Changes | None = None,
    ) -> None:
        """``unrecorded``: what the work may write behind SQLAlchemy's back and does not record
        (:func:`assocdesk.services.changes.record`); emitted with the rest when it ends."""
        self.context = context
        self._unrecorded = unrecorded or Changes()
        self._work = work
        self._cancelled_by, self._user_errors = cancelled_by, user_errors
        self._on_success: Callable[[T], object] | None = None
        self._on_failure: Callable[[str], object] | None = None
        self._on_cancelled: Callable[[], object] | None = None
        self._watch: tuple[Watcher, str] | None = None
        self.changes = Changes()  # what the command committed (set when it ends)
        self.error: BaseException | None = None  # why it failed (background only)
        self.job: workers.Job | None = None

    # -- what to do when it ends (on the main thread) --------------------------------------
    def success(self, callback: Callable[[T], object]) -> CommandOp[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[str], object]) -> CommandOp[T]:
        """``callback(message)`` with a message for the person; ``self.error`` is the cause."""
        self._on_failure = callback
        return self

    def cancelled(self, callback: Callable[[], object]) -> CommandOp[T]:
        self._on_cancelled = callback
        return self

    def watched_by(self, panel: Watcher, label: str) -> CommandOp[T]:
        """Show progress and a Cancel button in ``panel`` while it runs in the background."""
        self._watch = (panel, label)
        return self

    # -- running ---------------------------------------------------------------------------
    def run(self) -> T:
        """For quick commands: run on the writer thread while the UI thread waits (called from
        any other thread: run there); exceptions reach the caller after whatever was committed
        has been emitted."""
        if not on_ui_thread():
            return self._run_here()
        if _saving:
            raise SaveInProgress
        _saving.append(self)
        try:
            result = workers.wait_for(
                lambda: self._captured(lambda _done, _total: True),
                parent=QApplication.activeModalWidget() or QApplication.activeWindow(),
                label=_("Saving…"),
                thread=workers.writer(),
            )
        except BaseException:
            _saving.remove(self)
            self._publish(self.changes)
            raise
        _saving.remove(self)
        self._publish(self.changes | self._unrecorded)
        if self._on_success is not None:
            self._on_success(result)
        return result

    def _run_here(self) -> T:
        with capture() as captured:
            try:
                result = self._work(lambda _done, _total: True)
            except BaseException:
                self._publish(captured.changes)
                raise
        self._publish(captured.changes | self._unrecorded)
        if self._on_success is not None:
            self._on_success(result)
        return result

    def run_in_background(self, *, quick: bool = False) -> workers.Job:
        """Queue it on the batch thread; the callbacks run on the main thread when it ends."""
        job = workers.Job(
            self._captured, cancelled_by=self._cancelled_by, user_errors=self._user_errors
        )
        self.job = job
        _alive.add(self)
        job.signals.finished.connect(self._finished)
        job.signals.failed.connect(self._failed)
        job.signals.cancelled.connect(self._stopped)
        if self._watch is not None:
            panel, label = self._watch
            panel.watch(job, label)
        return workers.start(job, quick=quick)

    def _captured(self, progress: workers.Progress) -> T:
        # In the worker thread: what commits there is captured there. Read on the main thread
        # only after the job's signal (or the end of the wait), once this has returned.
        with capture() as captured:
            try:
                return self._work(progress)
            finally:
                self.changes = captured.changes

    def _publish(self, changes: Changes) -> None:
        _alive.discard(self)
        self.changes = changes
        if changes:
            self.context.publish(changes)

    def _finished(self, result: T) -> None:
        self._publish(self.changes | self._unrecorded)
        if self._on_success is not None:
            self._on_success(result)

    def _failed(self, message: str) -> None:
        self.error = self.job.error if self.job is not None else None
        self._publish(self.changes)  # a use case of several units of work may have written some
        if self._on_failure is not None:
            self._on_failure(message)

    def _stopped(self) -> None:
        self._publish(self.changes)
        if self._on_cancelled is not None:
            self._on_cancelled()
