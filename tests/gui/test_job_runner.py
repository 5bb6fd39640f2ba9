"""The job runner: stages on worker threads, outcomes and callbacks on the GUI thread.

Stages are paced with threading.Event gates, never with sleeps; every runner is shut down
(and its threads joined) before the test ends.
"""

from __future__ import annotations

import itertools
import logging
import sys
import threading
from collections.abc import Callable, Generator, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.core.models import JobState
from brandtruth_desktop.workers import JobRunner, JobStatus

WAIT_MS = 5000


@pytest.fixture
def make_runner(qtbot: QtBot) -> Iterator[Callable[..., JobRunner]]:
    made: list[JobRunner] = []

    def make(**options: Any) -> JobRunner:
        runner = JobRunner(**options)
        made.append(runner)
        return runner

    yield make
    for runner in made:
        assert runner.shutdown(timeout_s=5), "a job did not stop"


@pytest.fixture
def runner(make_runner: Callable[..., JobRunner]) -> JobRunner:
    return make_runner()


@pytest.fixture
def gate(runner: JobRunner) -> Iterator[Callable[[], threading.Event]]:
    """Makes events that stages wait on; all are opened before the runners shut down."""
    made: list[threading.Event] = []

    def make() -> threading.Event:
        made.append(threading.Event())
        return made[-1]

    yield make
    for event in made:
        event.set()


def record(runner: JobRunner) -> list[tuple[Any, ...]]:
    """Every signal the runner emits, in order, as tuples."""
    events: list[tuple[Any, ...]] = []
    runner.started.connect(lambda job_id, title: events.append(("started", job_id, title)))
    runner.progress.connect(lambda job_id, progress: events.append(("progress", job_id, progress)))
    runner.succeeded.connect(lambda job_id, result: events.append(("succeeded", job_id, result)))
    runner.failed.connect(lambda job_id, error: events.append(("failed", job_id, error)))
    runner.cancelled.connect(lambda job_id: events.append(("cancelled", job_id)))
    runner.finished.connect(lambda job_id: events.append(("finished", job_id)))
    return events


def on_gui_thread() -> bool:
    app = QApplication.instance()
    assert app is not None
    return QThread.currentThread() is app.thread()


def test_success_delivers_the_result_on_the_gui_thread(qtbot: QtBot, runner: JobRunner) -> None:
    seen: dict[str, Any] = {}

    def factory() -> Generator[Progress, None, str]:
        seen["factory thread"] = threading.current_thread().name
        return stage()

    def stage() -> Generator[Progress, None, str]:
        seen["stage thread"] = threading.current_thread().name
        yield Progress(1, 1, "Reading the page")
        return "brand profile"

    def on_success(result: str) -> None:
        seen["result"] = result
        seen["callback on GUI thread"] = on_gui_thread()

    events = record(runner)
    with qtbot.waitSignal(runner.finished, timeout=WAIT_MS):
        handle = runner.start("Extract facts", factory, on_success=on_success)

    assert seen["result"] == "brand profile"
    assert seen["callback on GUI thread"] is True
    # The generator is created and driven on a worker thread, never on the GUI thread.
    assert seen["factory thread"].startswith("job-")
    assert seen["stage thread"].startswith("job-")
    assert [event[0] for event in events] == ["started", "progress", "succeeded", "finished"]
    assert events[0] == ("started", handle.id, "Extract facts")
    assert events[2] == ("succeeded", handle.id, "brand profile")
    assert not handle.active
    assert runner.jobs(include_hidden=True) == []


def test_progress_arrives_in_order_and_the_final_one_is_delivered(
    qtbot: QtBot, runner: JobRunner
) -> None:
    def stage() -> Generator[Progress, None, int]:
        for done in range(1, 201):
            yield Progress(done, 200, f"Page {done}")
        return 200

    events = record(runner)
    with qtbot.waitSignal(runner.finished, timeout=WAIT_MS):
        runner.start("Fetch pages", stage)

    progress = [event[2] for event in events if event[0] == "progress"]
    done = [p.done for p in progress]
    assert done == sorted(set(done)), "progress went backwards or repeated"
    assert progress[-1] == Progress(200, 200, "Page 200")
    kinds = [event[0] for event in events]
    assert kinds[-2:] == ["succeeded", "finished"]
    assert kinds.index("succeeded") > max(i for i, kind in enumerate(kinds) if kind == "progress")


def test_jobs_lists_a_running_job_with_its_latest_progress(
    qtbot: QtBot, runner: JobRunner, gate: Callable[[], threading.Event]
) -> None:
    release = gate()

    def stage() -> Generator[Progress, None, None]:
        yield Progress(1, 3, "Fetching the home page")
        release.wait(WAIT_MS / 1000)
        yield Progress(2, 3, "Fetching the about page")
        release.wait(WAIT_MS / 1000)

    with qtbot.waitSignal(runner.progress, timeout=WAIT_MS):
        handle = runner.start("Fetch site", stage, kind="fetch")
    hidden = runner.call("Count campaigns", lambda: release.wait(WAIT_MS / 1000))

    [info] = runner.jobs()
    assert (info.id, info.title, info.kind) == (handle.id, "Fetch site", "fetch")
    assert info.status is JobStatus.RUNNING
    assert info.progress == Progress(1, 3, "Fetching the home page")
    # Quick queries run hidden unless asked otherwise.
    assert hidden.id in [job.id for job in runner.jobs(include_hidden=True)]

    with qtbot.waitSignal(
        runner.progress, timeout=WAIT_MS, check_params_cb=lambda job_id, _: job_id == handle.id
    ) as second:
        release.set()
    assert second.args[1] == Progress(2, 3, "Fetching the about page")
    qtbot.waitUntil(lambda: not runner.jobs(include_hidden=True), timeout=WAIT_MS)


def test_failure_delivers_the_exception_logs_it_and_finishes_once(
    qtbot: QtBot, runner: JobRunner, caplog: pytest.LogCaptureFixture
) -> None:
    failures: list[BaseException] = []
    successes: list[object] = []

    def stage() -> Generator[Progress, None, None]:
        yield Progress(1, 2)
        raise ValueError("the page is not HTML")

    events = record(runner)
    with qtbot.waitSignal(runner.failed, timeout=WAIT_MS) as failed:
        runner.start(
            "Extract facts", stage, on_success=successes.append, on_failure=failures.append
        )

    error = failed.args[1]
    assert isinstance(error, ValueError) and str(error) == "the page is not HTML"
    assert failures == [error]
    assert successes == []
    assert any(
        record.levelno == logging.ERROR and record.exc_info and record.exc_info[1] is error
        for record in caplog.records
    ), "the failure was not logged with its traceback"
    runner.shutdown()  # delivers anything still queued
    assert [event[0] for event in events].count("finished") == 1
    assert [event[0] for event in events if event[0] in {"succeeded", "failed", "cancelled"}] == [
        "failed"
    ]


def test_a_stage_factory_that_raises_fails_the_job(qtbot: QtBot, runner: JobRunner) -> None:
    def factory() -> Generator[Progress, None, None]:
        raise KeyError("no such campaign")

    with qtbot.waitSignal(runner.failed, timeout=WAIT_MS) as failed:
        runner.start("Generate", factory)
    assert isinstance(failed.args[1], KeyError)


def test_cancel_takes_effect_at_the_next_yield(
    qtbot: QtBot, runner: JobRunner, gate: Callable[[], threading.Event]
) -> None:
    release = gate()
    working = threading.Event()
    stage_log: list[str] = []
    outcome: list[str] = []

    def stage() -> Generator[Progress, None, str]:
        try:
            yield Progress(1, 3, "Rendering 1:1")
            stage_log.append("work between the yields")
            working.set()
            release.wait(WAIT_MS / 1000)
            yield Progress(2, 3, "Rendering 4:5")
            stage_log.append("work after the second yield")
            return "rendered"
        finally:
            stage_log.append("finally")

    events = record(runner)
    handle = runner.start(
        "Render creatives", stage,
        on_success=lambda _: outcome.append("success"),
        on_cancelled=lambda: outcome.append("cancelled"),
    )
    # Cancel while the stage is busy between its first and second yield.
    qtbot.waitUntil(working.is_set, timeout=WAIT_MS)

    assert handle.cancel() is True
    assert handle.cancel() is False, "a second cancel of the same job is a no-op"
    assert runner.jobs()[0].status is JobStatus.CANCELLING
    with qtbot.waitSignal(runner.finished, timeout=WAIT_MS):
        release.set()

    assert stage_log == ["work between the yields", "finally"]
    assert outcome == ["cancelled"]
    assert ("cancelled", handle.id) in events
    assert not any(event[0] == "succeeded" for event in events)
    assert not handle.active


def test_cancel_before_start_never_runs_the_job(
    qtbot: QtBot, make_runner: Callable[..., JobRunner], gate: Callable[[], threading.Event]
) -> None:
    one_worker = make_runner(max_workers=1)
    release = gate()
    body: list[str] = []
    cancelled: list[str] = []

    def long_stage() -> Generator[Progress, None, None]:
        release.wait(WAIT_MS / 1000)
        yield Progress(1, 1)

    def queued_factory() -> Generator[Progress, None, None]:
        body.append("factory")
        return queued_stage()

    def queued_stage() -> Generator[Progress, None, None]:
        body.append("body")
        yield Progress(1, 1)

    events = record(one_worker)
    first = one_worker.start("Long job", long_stage)
    second = one_worker.start(
        "Queued job", queued_factory, on_cancelled=lambda: cancelled.append("yes")
    )
    assert one_worker.jobs()[1].status is JobStatus.QUEUED

    with qtbot.waitSignal(one_worker.finished, timeout=WAIT_MS) as finished:
        second.cancel()
    # Reported at once, without waiting for the long job to free the worker.
    assert finished.args == [second.id]
    assert first.active
    assert cancelled == ["yes"]

    with qtbot.waitSignal(one_worker.finished, timeout=WAIT_MS):
        release.set()
    assert body == []
    assert ("started", second.id, "Queued job") not in events


def test_jobs_beyond_the_pool_size_queue_and_all_run_on_named_threads(
    qtbot: QtBot, make_runner: Callable[..., JobRunner]
) -> None:
    two_workers = make_runner(max_workers=2)
    results: list[tuple[int, str]] = []

    for number in range(6):
        two_workers.call(
            f"Query {number}",
            lambda n=number: (n, threading.current_thread().name),
            on_success=results.append,
        )
    qtbot.waitUntil(lambda: len(results) == 6, timeout=WAIT_MS)

    assert sorted(n for n, _ in results) == list(range(6))
    assert {name for _, name in results} <= {"job-1", "job-2"}


def test_call_runs_a_plain_function_off_the_gui_thread(qtbot: QtBot, runner: JobRunner) -> None:
    seen: dict[str, Any] = {}

    def save() -> int:
        seen["ran on GUI thread"] = on_gui_thread()
        return 7

    with qtbot.waitSignal(runner.finished, timeout=WAIT_MS):
        runner.call("Save campaign", save, on_success=lambda value: seen.update(result=value))
    assert seen == {"ran on GUI thread": False, "result": 7}

    failures: list[BaseException] = []
    with qtbot.waitSignal(runner.finished, timeout=WAIT_MS):
        runner.call("Save campaign", lambda: 1 / 0, on_failure=failures.append)
    assert isinstance(failures[0], ZeroDivisionError)


def test_a_callback_that_raises_reaches_the_excepthook_and_the_runner_carries_on(
    qtbot: QtBot, runner: JobRunner
) -> None:
    def broken_view(_: object) -> None:
        raise RuntimeError("the view went away")

    with (
        qtbot.captureExceptions() as exceptions,
        qtbot.waitSignal(runner.finished, timeout=WAIT_MS),
    ):
        runner.call("Load campaigns", lambda: [1, 2], on_success=broken_view)

    assert len(exceptions) == 1
    kind, error, _traceback = exceptions[0]
    assert kind is RuntimeError and str(error) == "the view went away"

    with qtbot.waitSignal(runner.succeeded, timeout=WAIT_MS) as succeeded:
        handle = runner.call("Load campaigns again", lambda: [3])
    assert succeeded.args == [handle.id, [3]]


def test_a_stage_yielding_50000_times_is_throttled_but_the_last_progress_arrives(
    qtbot: QtBot, runner: JobRunner
) -> None:
    total = 50_000

    def stage() -> Generator[Progress, None, str]:
        for done in range(1, total + 1):
            yield Progress(done, total, "Scoring images")
        return "scored"

    seen: list[Progress] = []
    runner.progress.connect(lambda _job_id, progress: seen.append(progress))
    with qtbot.waitSignal(runner.succeeded, timeout=30_000):
        runner.start("Score images", stage)

    assert seen[-1] == Progress(total, total, "Scoring images")
    assert len(seen) < total // 50, f"{len(seen)} progress signals for {total} yields"
    assert [p.done for p in seen] == sorted({p.done for p in seen})


def test_shutdown_cancels_running_jobs_and_joins_every_thread(
    qtbot: QtBot, runner: JobRunner
) -> None:
    running = [threading.Event() for _ in range(3)]
    cleaned_up: list[int] = []
    cancelled: list[int] = []

    def endless(number: int) -> Callable[[], Generator[Progress, None, None]]:
        def stage() -> Generator[Progress, None, None]:
            try:
                running[number].set()
                for done in itertools.count():
                    yield Progress(done, None, "Working")
            finally:
                cleaned_up.append(number)

        return stage

    events = record(runner)
    for number in range(3):
        runner.start(
            f"Endless {number}", endless(number),
            on_cancelled=lambda n=number: cancelled.append(n),
        )
    qtbot.waitUntil(lambda: all(event.is_set() for event in running), timeout=WAIT_MS)

    assert runner.shutdown(timeout_s=5) is True

    assert not [t.name for t in threading.enumerate() if t.name.startswith("job-")]
    assert sorted(cleaned_up) == [0, 1, 2]
    assert sorted(cancelled) == [0, 1, 2]
    assert [event[0] for event in events].count("finished") == 3
    assert runner.jobs(include_hidden=True) == []


def test_after_shutdown_start_raises_and_shutdown_again_is_harmless(
    qtbot: QtBot, runner: JobRunner
) -> None:
    assert runner.shutdown() is True
    assert runner.shutdown() is True
    with pytest.raises(RuntimeError, match="shut down"):
        runner.call("Too late", lambda: None)


def test_the_runner_refuses_calls_from_other_threads(qtbot: QtBot, runner: JobRunner) -> None:
    errors: list[BaseException] = []

    def from_a_worker() -> None:
        try:
            runner.call("Wrong thread", lambda: None)
        except RuntimeError as error:
            errors.append(error)

    thread = threading.Thread(target=from_a_worker, name="not-the-gui")
    thread.start()
    thread.join(WAIT_MS / 1000)
    assert len(errors) == 1
    assert runner.jobs(include_hidden=True) == []


def test_emitting_signals_does_not_wear_out_the_interpreter(runner: JobRunner) -> None:
    """A long job emits thousands of signals; each must leave Python's objects intact.

    PySide6 6.12.0 drops a reference to `True` on every `Signal.emit()`; on Python 3.11 (where
    `True` is not immortal) the app then aborts with "bool_dealloc" after a few thousand
    signals. The project pins PySide6 away from that release.
    """
    before = sys.getrefcount(True)
    for _ in range(200):
        runner.jobs_changed.emit()
    assert sys.getrefcount(True) > before - 100, (
        "Signal.emit() leaks references to True: this PySide6 release crashes long-running "
        "apps on Python 3.11 (known bad: 6.12.0)"
    )


class RecordingJournal:
    """A JobJournal that remembers every call (from whichever thread)."""

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[tuple[Any, ...]] = []
        self.fail = fail
        self._lock = threading.Lock()

    def start(self, kind: str, title: str) -> int:
        with self._lock:
            self.calls.append(("start", kind, title))
            if self.fail:
                raise OSError("database is locked")
            return len(self.calls)

    def progress(self, journal_id: int, progress: Progress) -> None:
        with self._lock:
            self.calls.append(("progress", journal_id, progress))

    def finish(self, journal_id: int, state: JobState, error: str) -> None:
        with self._lock:
            self.calls.append(("finish", journal_id, state, error))


def test_the_journal_records_visible_jobs_and_how_they_ended(
    qtbot: QtBot, make_runner: Callable[..., JobRunner]
) -> None:
    journal = RecordingJournal()
    runner = make_runner(journal=journal)

    def good() -> Generator[Progress, None, str]:
        for done in range(1, 1001):
            yield Progress(done, 1000)
        return "ok"

    def bad() -> Generator[Progress, None, None]:
        yield Progress(0, 1)
        raise ValueError("bad markup")

    with qtbot.waitSignal(runner.finished, timeout=WAIT_MS):
        runner.start("Extract", good, kind="extract")
    [start, *progress, finish] = journal.calls
    assert start == ("start", "extract", "Extract")
    assert progress[-1][2] == Progress(1000, 1000), "the journal missed the final progress"
    assert len(progress) < 1000
    assert finish[2:] == (JobState.SUCCEEDED, "")

    journal.calls.clear()
    with qtbot.waitSignal(runner.finished, timeout=WAIT_MS):
        runner.start("Generate", bad, kind="generate")
    assert journal.calls[-1][2:] == (JobState.FAILED, "ValueError: bad markup")

    journal.calls.clear()
    with qtbot.waitSignal(runner.finished, timeout=WAIT_MS):
        runner.call("Hidden query", lambda: None)
    assert journal.calls == [], "hidden queries and saves are not journaled"


def test_a_cancelled_job_is_journaled_as_cancelled(
    qtbot: QtBot, runner: JobRunner, gate: Callable[[], threading.Event]
) -> None:
    journal = RecordingJournal()
    runner.set_journal(journal)
    release = gate()

    def stage() -> Generator[Progress, None, None]:
        yield Progress(1, 2)
        release.wait(WAIT_MS / 1000)
        yield Progress(2, 2)

    with qtbot.waitSignal(runner.progress, timeout=WAIT_MS):
        handle = runner.start("Publish", stage, kind="publish")
    handle.cancel()
    with qtbot.waitSignal(runner.cancelled, timeout=WAIT_MS):
        release.set()
    assert journal.calls[-1][2:] == (JobState.CANCELLED, "")


def test_a_journal_that_fails_never_breaks_the_job(
    qtbot: QtBot, make_runner: Callable[..., JobRunner], caplog: pytest.LogCaptureFixture
) -> None:
    runner = make_runner(journal=RecordingJournal(fail=True))

    def stage() -> Generator[Progress, None, str]:
        yield Progress(1, 1)
        return "done anyway"

    with qtbot.waitSignal(runner.succeeded, timeout=WAIT_MS) as succeeded:
        runner.start("Export", stage)
    assert succeeded.args[1] == "done anyway"
    assert any("journal" in record.getMessage() for record in caplog.records)
