"""The job runner: core stages on worker threads, their yields as Qt signals (DESIGN.md decision 5).

A stage is a generator that yields `Progress` and returns its result (`core.jobs`). The runner
creates and drives each stage on a worker thread, checks for cancel after every yield, and hands
progress and the outcome back to the GUI thread, where its signals fire and the callbacks run::

    runner.start("Extracting facts", lambda: extract_stage(url), on_success=show_profile)
    runner.call("Loading campaigns", repository.list_summaries, on_success=model.set_rows)

`call` is for short queries and saves that must not block the GUI thread (anki's QueryOp):
they are hidden from the status bar unless asked otherwise.

Every worker thread reports through one queue that the GUI thread drains in order, so the
signals of one job always arrive as started → progress… → exactly one outcome → finished.
"""

from __future__ import annotations

import itertools
import logging
import math
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Generator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal

from brandtruth_desktop.core.jobs import Cancelled, Progress, call_as_stage, run_stage
from brandtruth_desktop.core.models import JobState

log = logging.getLogger(__name__)

T = TypeVar("T")

PROGRESS_INTERVAL_S = 0.03
"""At most one progress signal per job in this interval; the newest is sent when it ends."""
JOURNAL_INTERVAL_S = 1.0
"""At most one journal progress write per job in this interval (they go to the database)."""


class JobJournal(Protocol):
    """Where the runner records the jobs the person can see (the storage layer's job table).

    Called from worker threads; an implementation routes its writes through its own writer
    thread. A call that raises is logged and never affects the job.
    """

    def start(self, kind: str, title: str) -> int:
        """Record a job that started running; returns the journal's id for it."""
        ...

    def progress(self, journal_id: int, progress: Progress) -> None:
        """Record how far the job has got."""
        ...

    def finish(self, journal_id: int, state: JobState, error: str) -> None:
        """Record how the job ended; `error` is "" unless it failed."""
        ...


class JobStatus(StrEnum):
    """Where a job is in its life while the runner still tracks it."""

    QUEUED = "queued"  # waiting for a free worker thread
    RUNNING = "running"
    CANCELLING = "cancelling"  # cancel asked for; stops at the stage's next yield


@dataclass(frozen=True, slots=True)
class JobInfo:
    """A snapshot of one job for views such as the status bar's jobs indicator."""

    id: int
    title: str
    kind: str
    status: JobStatus
    progress: Progress | None
    visible: bool


@dataclass(frozen=True, slots=True)
class JobHandle(Generic[T]):
    """What `start` and `call` return: the job's id and a way to cancel it."""

    id: int
    title: str
    runner: JobRunner = field(repr=False, compare=False)

    def cancel(self) -> bool:
        """Ask the job to stop at its next yield; False if it had already ended."""
        return self.runner.cancel(self.id)

    @property
    def active(self) -> bool:
        """True until the job's `finished` signal has been emitted."""
        return self.runner.is_active(self.id)


class _Event(Enum):
    STARTED = "started"
    PROGRESS = "progress"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(eq=False)
class _Job:
    """The runner's record of one job. Only the GUI thread changes it; workers read the
    immutable fields and the cancel event."""

    id: int
    title: str
    kind: str
    visible: bool
    factory: Callable[[], Generator[Progress, None, Any]]
    on_success: Callable[[Any], None] | None
    on_failure: Callable[[BaseException], None] | None
    on_cancelled: Callable[[], None] | None
    cancel_requested: threading.Event = field(default_factory=threading.Event)
    status: JobStatus = JobStatus.QUEUED
    progress: Progress | None = None
    future: Future[None] | None = None

    def info(self) -> JobInfo:
        return JobInfo(self.id, self.title, self.kind, self.status, self.progress, self.visible)


class _JournalEntry:
    """One visible job's record in the journal, written from its worker thread. Never raises:
    a journal that fails is logged and the job carries on."""

    def __init__(self, journal: JobJournal | None, kind: str, title: str) -> None:
        self._journal = journal
        self._last_write = -float("inf")
        self._held: Progress | None = None
        self._id: int | None = self._call("start", kind, title)

    def progress(self, progress: Progress) -> None:
        if self._id is None:
            return
        now = time.monotonic()
        if now - self._last_write >= JOURNAL_INTERVAL_S:
            self._last_write, self._held = now, None
            self._call("progress", self._id, progress)
        else:
            self._held = progress

    def finish(self, state: JobState, error: str) -> None:
        if self._id is None:
            return
        if self._held is not None:
            self._call("progress", self._id, self._held)
        self._call("finish", self._id, state, error)

    def _call(self, method: str, *args: Any) -> Any:
        if self._journal is None:
            return None
        try:
            return getattr(self._journal, method)(*args)
        except Exception:
            log.exception("the job journal failed to record %s%r", method, args[:2])
            return None


class JobRunner(QObject):
    """Runs stages on a pool of worker threads ("job-1" … "job-N") and reports on the GUI thread.

    All signals are emitted, and all callbacks run, on the thread that owns the runner (the GUI
    thread); its public methods must be called from that thread too.

    Signals:
        started(int, str): job id and title, when a worker thread begins the job. A job
            cancelled while it waited for a worker ends without `started`.
        progress(int, object): job id and its latest `Progress`; throttled to about one per
            30 ms per job, and the last one yielded is always delivered before the outcome.
        succeeded(int, object): job id and the stage's result.
        failed(int, object): job id and the exception the stage raised (already logged).
        cancelled(int): job id; the stage was closed at a yield, or never ran.
        finished(int): job id, always, after exactly one of the three outcomes (and after its
            callback has run).
        jobs_changed(): a job was queued, started, asked to cancel or ended; `jobs()` has the
            new list. Not emitted for progress.
    """

    started = Signal(int, str)
    progress = Signal(int, object)
    succeeded = Signal(int, object)
    failed = Signal(int, object)
    cancelled = Signal(int)
    finished = Signal(int)
    jobs_changed = Signal()
    _wake = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        max_workers: int = 4,
        journal: JobJournal | None = None,
    ) -> None:
        super().__init__(parent)
        self._journal = journal
        self._jobs: dict[int, _Job] = {}
        self._job_ids = itertools.count(1)
        self._thread_numbers = itertools.count(1)
        self._threads: list[threading.Thread] = []
        self._threads_lock = threading.Lock()
        # Workers append (event, job id, payload); the GUI thread pops in order. Progress is
        # coalesced: the queue holds one entry per job and `_latest_progress` its newest value.
        self._inbox: deque[tuple[_Event, int, Any]] = deque()
        self._latest_progress: dict[int, Progress] = {}
        self._inbox_lock = threading.Lock()
        # GUI side of progress throttling: when each job last emitted, and when a held-back
        # value is due.
        self._last_progress_at: dict[int, float] = {}
        self._progress_due: dict[int, float] = {}
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._progress_timer.timeout.connect(self._emit_due_progress)
        self._accepting = True
        self._abandoned = False  # after shutdown: late outcomes are logged, not delivered
        self._executor = ThreadPoolExecutor(
            max_workers=max_workers, thread_name_prefix="job", initializer=self._adopt_thread
        )
        self._wake.connect(self._deliver_pending, Qt.ConnectionType.QueuedConnection)

    # -- public API (GUI thread) --------------------------------------------------------------
    def start(
        self,
        title: str,
        stage_factory: Callable[[], Generator[Progress, None, T]],
        *,
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        visible: bool = True,
        kind: str = "job",
    ) -> JobHandle[T]:
        """Queue a stage. `stage_factory` is called on the worker thread to create the
        generator, which is driven there too. Visible jobs show in the status bar and are
        written to the journal; `kind` names the job there ("extract", "publish" …)."""
        self._check_thread()
        if not self._accepting:
            raise RuntimeError(f"The job runner has shut down; cannot start {title!r}.")
        job = _Job(
            next(self._job_ids), title, kind, visible, stage_factory,
            on_success, on_failure, on_cancelled,
        )
        self._jobs[job.id] = job
        job.future = self._executor.submit(self._drive, job)
        self.jobs_changed.emit()
        return JobHandle(job.id, title, self)

    def call(
        self,
        title: str,
        function: Callable[[], T],
        *,
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        visible: bool = False,
    ) -> JobHandle[T]:
        """Run a plain function (a query, a save) off the GUI thread and hand its result back."""
        return self.start(
            title, lambda: call_as_stage(function),
            on_success=on_success, on_failure=on_failure, visible=visible, kind="call",
        )

    def cancel(self, job_id: int) -> bool:
        """Ask a job to stop at its next yield (a queued job never runs). False if the job
        has already ended or was already asked."""
        self._check_thread()
        job = self._jobs.get(job_id)
        if job is None or not self._request_cancel(job):
            return False
        self.jobs_changed.emit()
        return True

    def cancel_all(self) -> None:
        """Ask every job to stop at its next yield."""
        self._check_thread()
        if any([self._request_cancel(job) for job in list(self._jobs.values())]):
            self.jobs_changed.emit()

    def jobs(self, *, include_hidden: bool = False) -> list[JobInfo]:
        """The jobs that have not finished yet, oldest first; only visible ones by default."""
        return [job.info() for job in self._jobs.values() if include_hidden or job.visible]

    def is_active(self, job_id: int) -> bool:
        """True while the job is queued or running (until its `finished` signal)."""
        return job_id in self._jobs

    def set_journal(self, journal: JobJournal | None) -> None:
        """Record jobs started from now on in `journal` (the workspace opens after the runner)."""
        self._journal = journal

    def shutdown(self, timeout_s: float = 10.0) -> bool:
        """Cancel every job, wait for them to stop, and join the worker threads.

        Outcomes of the jobs that stopped are delivered (signals and callbacks) before this
        returns. Returns False if some job did not reach a yield within `timeout_s`; its
        outcome is then only logged. Safe to call twice; `start` raises afterwards.
        """
        self._check_thread()
        if not self._accepting:
            return not self._live_threads()
        self._accepting = False
        deadline = time.monotonic() + timeout_s
        self.cancel_all()
        futures = [job.future for job in self._jobs.values() if job.future is not None]
        wait(futures, timeout=max(0.0, deadline - time.monotonic()))
        self._executor.shutdown(wait=False, cancel_futures=True)
        for thread in self._threads_snapshot():
            thread.join(max(0.0, deadline - time.monotonic()))
        self._deliver_pending()
        self._abandoned = True
        self._progress_timer.stop()
        still_running = self._live_threads()
        if still_running:
            titles = ", ".join(repr(job.title) for job in self._jobs.values())
            log.warning(
                "%d job thread(s) did not stop within %.1f s (%s); abandoning them",
                len(still_running), timeout_s, titles or "no job",
            )
        return not still_running

    # -- worker threads -----------------------------------------------------------------------
    def _adopt_thread(self) -> None:
        thread = threading.current_thread()
        thread.name = f"job-{next(self._thread_numbers)}"
        with self._threads_lock:
            self._threads.append(thread)

    def _drive(self, job: _Job) -> None:
        """Create and run one stage on this worker thread, reporting everything to the inbox."""
        if job.cancel_requested.is_set():
            self._post(_Event.CANCELLED, job.id, None)
            return
        self._post(_Event.STARTED, job.id, None)
        journal = _JournalEntry(self._journal if job.visible else None, job.kind, job.title)

        def report(progress: Progress) -> None:
            self._post(_Event.PROGRESS, job.id, progress)
            journal.progress(progress)

        outcome: tuple[_Event, Any]
        state, error_text = JobState.SUCCEEDED, ""
        try:
            stage = job.factory()
            if job.cancel_requested.is_set():
                stage.close()
                raise Cancelled()
            outcome = (_Event.SUCCEEDED, run_stage(stage, report, job.cancel_requested.is_set))
        except Cancelled:
            log.info("job %d %r cancelled", job.id, job.title)
            state, outcome = JobState.CANCELLED, (_Event.CANCELLED, None)
        except BaseException as error:  # whatever a stage raises ends that job, not the runner
            log.error("job %d %r failed", job.id, job.title, exc_info=error)
            state, error_text = JobState.FAILED, f"{type(error).__name__}: {error}"
            outcome = (_Event.FAILED, error)
        journal.finish(state, error_text)
        self._post(outcome[0], job.id, outcome[1])

    def _post(self, event: _Event, job_id: int, payload: Any) -> None:
        """Hand an event to the GUI thread (called from any thread).

        Progress is coalesced: `_latest_progress` holds each job's newest value, and while it
        holds one (not yet taken by the GUI thread) a new value just replaces it, so a stage
        that yields 100,000 times costs the GUI thread a handful of wake-ups.
        """
        if self._abandoned:
            if event is not _Event.PROGRESS:
                log.warning("job %d ended (%s) after the runner shut down", job_id, event.value)
            return
        with self._inbox_lock:
            if event is _Event.PROGRESS:
                already_pending = job_id in self._latest_progress
                self._latest_progress[job_id] = payload
                if already_pending:
                    return
                payload = None
            wake = not self._inbox
            self._inbox.append((event, job_id, payload))
        if wake:
            try:
                self._wake.emit()
            except RuntimeError:  # the Qt side of the runner is gone: the app is quitting
                log.debug("job %d: runner deleted before its %s arrived", job_id, event.value)

    # -- GUI thread ---------------------------------------------------------------------------
    def _deliver_pending(self) -> None:
        # One event at a time, so a callback that spins a nested event loop (a modal dialog)
        # continues from the same queue and the order per job holds.
        while not self._abandoned:
            with self._inbox_lock:
                if not self._inbox:
                    return
                event, job_id, payload = self._inbox.popleft()
            job = self._jobs.get(job_id)
            if job is not None:
                self._handle(job, event, payload)

    def _handle(self, job: _Job, event: _Event, payload: Any) -> None:
        if event is _Event.STARTED:
            if job.status is JobStatus.QUEUED:
                job.status = JobStatus.RUNNING
            self.started.emit(job.id, job.title)
            self.jobs_changed.emit()
            return
        if event is _Event.PROGRESS:
            due = self._last_progress_at.get(job.id, -float("inf")) + PROGRESS_INTERVAL_S
            if time.monotonic() >= due:
                self._emit_progress(job)
            else:
                # Too soon after the last one: the value waits in _latest_progress (where the
                # worker keeps replacing it) until the timer takes it.
                self._progress_due[job.id] = due
                self._arm_progress_timer()
            return
        self._emit_progress(job)  # the last progress always arrives, before the outcome
        # The job leaves the list first, so views update before a callback that might open a
        # dialog.
        del self._jobs[job.id]
        self._last_progress_at.pop(job.id, None)
        self.jobs_changed.emit()
        if event is _Event.SUCCEEDED:
            self.succeeded.emit(job.id, payload)
            self._run_callback(job, "on_success", job.on_success, payload)
        elif event is _Event.FAILED:
            self.failed.emit(job.id, payload)
            self._run_callback(job, "on_failure", job.on_failure, payload)
        else:
            self.cancelled.emit(job.id)
            self._run_callback(job, "on_cancelled", job.on_cancelled)
        self.finished.emit(job.id)

    def _emit_progress(self, job: _Job) -> None:
        """Emit the job's newest progress, if the worker has reported one not yet emitted."""
        self._progress_due.pop(job.id, None)
        with self._inbox_lock:
            progress = self._latest_progress.pop(job.id, None)
        if progress is None:
            return
        self._last_progress_at[job.id] = time.monotonic()
        job.progress = progress
        self.progress.emit(job.id, progress)

    def _arm_progress_timer(self) -> None:
        if self._progress_due:
            wait_s = min(self._progress_due.values()) - time.monotonic()
            self._progress_timer.start(max(1, math.ceil(wait_s * 1000)))
        else:
            self._progress_timer.stop()

    def _emit_due_progress(self) -> None:
        now = time.monotonic()
        for job_id, due in list(self._progress_due.items()):
            job = self._jobs.get(job_id)
            if job is None:
                self._progress_due.pop(job_id)
            elif due <= now:
                self._emit_progress(job)
        self._arm_progress_timer()

    def _run_callback(
        self, job: _Job, name: str, callback: Callable[..., None] | None, *args: Any
    ) -> None:
        if callback is None:
            return
        try:
            callback(*args)
        except Exception as error:
            # The runner outlives a broken callback; the crash handler gets to report it.
            log.error("%s of job %d %r raised", name, job.id, job.title, exc_info=error)
            try:
                sys.excepthook(type(error), error, error.__traceback__)
            except Exception:
                log.exception("sys.excepthook failed")

    def _request_cancel(self, job: _Job) -> bool:
        if job.cancel_requested.is_set():
            return False
        job.cancel_requested.set()
        job.status = JobStatus.CANCELLING
        if job.future is not None and job.future.cancel():
            # It never reached a worker thread, so no driver will report it.
            self._post(_Event.CANCELLED, job.id, None)
        return True

    def _check_thread(self) -> None:
        if QThread.currentThread() is not self.thread():
            raise RuntimeError("JobRunner methods must be called on the thread that owns it")

    def _threads_snapshot(self) -> list[threading.Thread]:
        with self._threads_lock:
            return list(self._threads)

    def _live_threads(self) -> list[threading.Thread]:
        return [thread for thread in self._threads_snapshot() if thread.is_alive()]
