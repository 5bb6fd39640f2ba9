"""The status bar's jobs indicator: what is running, how far it has got, and cancel."""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.ui.jobs_indicator import BAR_STEPS, JobsIndicator
from brandtruth_desktop.workers import JobRunner

WAIT_MS = 5000


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[JobRunner]:
    runner = JobRunner()
    yield runner
    assert runner.shutdown(timeout_s=5)


@pytest.fixture
def gates(runner: JobRunner) -> Iterator[list[threading.Event]]:
    """Events the stages wait on; all are opened before the runner shuts down."""
    made: list[threading.Event] = []
    yield made
    for event in made:
        event.set()


@pytest.fixture
def indicator(qtbot: QtBot, runner: JobRunner) -> Iterator[JobsIndicator]:
    """The indicator in a real status bar, as the main window has it."""
    window = QMainWindow()
    qtbot.addWidget(window)
    widget = JobsIndicator(runner)
    window.statusBar().addPermanentWidget(widget)
    window.resize(900, 300)
    window.show()
    qtbot.waitExposed(window)
    yield widget  # the window stays referenced (and alive) until the test ends


def waiting_stage(
    gates: list[threading.Event], *progress: Progress
) -> Callable[[], Generator[Progress, None, str]]:
    """A stage that yields `progress`, waits for its gate, then yields once more (where a
    cancel takes effect) and returns."""
    gate = threading.Event()
    gates.append(gate)

    def stage() -> Generator[Progress, None, str]:
        yield from progress
        gate.wait(WAIT_MS / 1000)
        yield Progress(1, 1, "Finishing")
        return "done"

    return stage


def test_shows_nothing_when_idle(indicator: JobsIndicator) -> None:
    assert not indicator.isVisible()


def test_one_job_shows_its_title_a_busy_bar_and_a_cancel_button(
    qtbot: QtBot, runner: JobRunner, indicator: JobsIndicator, gates: list[threading.Event]
) -> None:
    with qtbot.waitSignal(runner.progress, timeout=WAIT_MS):
        runner.start("Extract facts", waiting_stage(gates, Progress(0, None, "")))

    assert indicator.isVisible()
    assert indicator.row.isVisible()
    assert not indicator.summary_button.isVisible()
    assert "Extract facts" in indicator.row.title_label.text()
    assert indicator.row.bar.isVisible()
    assert indicator.row.bar.maximum() == 0, "unknown total: the bar should be busy"
    button = indicator.row.cancel_button
    assert button.isVisible() and button.isEnabled()
    assert button.toolTip() == "Cancel Extract facts"
    assert button.accessibleName() == "Cancel Extract facts"
    assert indicator.height() <= indicator.window().statusBar().height()


def test_the_bar_follows_progress_and_the_message_shows(
    qtbot: QtBot, runner: JobRunner, indicator: JobsIndicator, gates: list[threading.Event]
) -> None:
    with qtbot.waitSignal(runner.progress, timeout=WAIT_MS):
        runner.start("Fetch site", waiting_stage(gates, Progress(3, 12, "Fetching pricing")))

    bar = indicator.row.bar
    assert (bar.maximum(), bar.value()) == (BAR_STEPS, BAR_STEPS // 4)
    assert indicator.row.title_label.text() == "Fetch site: Fetching pricing"
    assert "3 of 12" in indicator.row.toolTip()


def test_cancel_button_cancels_the_job_and_the_indicator_goes_away(
    qtbot: QtBot, runner: JobRunner, indicator: JobsIndicator, gates: list[threading.Event]
) -> None:
    cleaned_up: list[str] = []

    def stage() -> Generator[Progress, None, None]:
        try:
            while True:
                yield Progress(0, None, "Rendering")
                gate.wait(WAIT_MS / 1000)
        finally:
            cleaned_up.append("yes")

    gate = threading.Event()
    gates.append(gate)
    with qtbot.waitSignal(runner.progress, timeout=WAIT_MS):
        runner.start("Render creatives", stage)

    with qtbot.waitSignal(runner.jobs_changed, timeout=WAIT_MS):
        qtbot.mouseClick(indicator.row.cancel_button, Qt.MouseButton.LeftButton)
    assert "Cancelling" in indicator.row.title_label.text()
    assert not indicator.row.cancel_button.isEnabled()

    with qtbot.waitSignal(runner.cancelled, timeout=WAIT_MS):
        gate.set()
    assert cleaned_up == ["yes"]
    assert not indicator.isVisible()


def test_disappears_when_the_job_is_done(
    qtbot: QtBot, runner: JobRunner, indicator: JobsIndicator, gates: list[threading.Event]
) -> None:
    with qtbot.waitSignal(runner.progress, timeout=WAIT_MS):
        runner.start("Export ZIP", waiting_stage(gates, Progress(1, 2)))
    assert indicator.isVisible()

    with qtbot.waitSignal(runner.finished, timeout=WAIT_MS):
        gates[0].set()
    assert not indicator.isVisible()


def test_hidden_jobs_do_not_show(
    qtbot: QtBot, runner: JobRunner, indicator: JobsIndicator, gates: list[threading.Event]
) -> None:
    gate = threading.Event()
    gates.append(gate)
    with qtbot.waitSignal(runner.started, timeout=WAIT_MS):
        runner.call("Load campaigns", lambda: gate.wait(WAIT_MS / 1000))
    assert not indicator.isVisible()


# The offscreen platform cannot grab the keyboard for the list's popup window.
OFFSCREEN_POPUP = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")


@OFFSCREEN_POPUP
def test_several_jobs_show_a_count_and_a_list_with_a_cancel_each(
    qtbot: QtBot, runner: JobRunner, indicator: JobsIndicator, gates: list[threading.Event]
) -> None:
    titles = ["Extract facts", "Generate copy", "Score images"]
    handles = []
    for number, title in enumerate(titles):
        with qtbot.waitSignal(runner.progress, timeout=WAIT_MS):
            handles.append(
                runner.start(title, waiting_stage(gates, Progress(number + 1, 4, title)))
            )

    assert indicator.summary_button.isVisible()
    assert indicator.summary_button.text() == "3 jobs running"
    assert not indicator.row.isVisible()
    assert indicator.summary_bar.isVisible()
    assert indicator.summary_bar.value() == round((1 + 2 + 3) / 12 * BAR_STEPS)

    qtbot.mouseClick(indicator.summary_button, Qt.MouseButton.LeftButton)
    popup = indicator.popup
    assert popup.isVisible()
    rows = [popup.rows[handle.id] for handle in handles]
    assert all(title in row.title_label.text() for row, title in zip(rows, titles, strict=True))
    assert all(row.isVisible() and row.bar.isVisible() for row in rows)

    with qtbot.waitSignal(runner.cancelled, timeout=WAIT_MS) as cancelled:
        rows[1].cancel_button.click()
        gates[1].set()
    assert cancelled.args == [handles[1].id]
    assert indicator.summary_button.text() == "2 jobs running"
    assert sorted(popup.rows) == sorted([handles[0].id, handles[2].id])

    with qtbot.waitSignal(runner.finished, timeout=WAIT_MS):
        gates[0].set()
    # Down to one job: back to the single row, and the list closes.
    assert not popup.isVisible()
    assert indicator.row.isVisible()
    assert "Score images" in indicator.row.title_label.text()


@OFFSCREEN_POPUP
def test_cancel_all_from_the_list(
    qtbot: QtBot, runner: JobRunner, indicator: JobsIndicator, gates: list[threading.Event]
) -> None:
    for title in ("One", "Two"):
        with qtbot.waitSignal(runner.progress, timeout=WAIT_MS):
            runner.start(title, waiting_stage(gates, Progress(0, None)))
    indicator.summary_button.click()
    indicator.popup.cancel_all_button.click()
    assert all(not row.cancel_button.isEnabled() for row in indicator.popup.rows.values())

    for gate in gates:
        gate.set()
    qtbot.waitUntil(lambda: not indicator.isVisible(), timeout=WAIT_MS)
    assert runner.jobs() == []
