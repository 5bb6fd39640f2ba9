"""Fixtures that start the real app (context, theme, main window) on a temporary workspace."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from PySide6.QtWidgets import QMessageBox

from brandtruth_desktop.app import build_context, open_workspace_in_background
from brandtruth_desktop.context import AppContext
from brandtruth_desktop.logging_setup import shutdown_logging
from brandtruth_desktop.paths import DataPaths
from brandtruth_desktop.ui.main_window import MainWindow
from brandtruth_desktop.ui.theme import Theme


@dataclass
class Dialogs:
    """Message boxes the app opened during a test, answered without blocking."""

    shown: list[tuple[str, str]] = field(default_factory=list)
    answer: QMessageBox.StandardButton = QMessageBox.StandardButton.Yes


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    record = Dialogs()

    def exec_box(box: QMessageBox) -> int:
        record.shown.append((box.windowTitle(), box.text() + "\n" + box.informativeText()))
        # A box that offers the answer gets it (a question built by hand); others get Ok.
        if box.button(record.answer) is not None:
            return int(record.answer.value)
        return int(QMessageBox.StandardButton.Ok.value)

    def question(_parent: object, title: str, text: str, *_args: object) -> object:
        record.shown.append((title, text))
        return record.answer

    def warning(_parent: object, title: str, text: str, *_args: object) -> object:
        record.shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "warning", warning)
    monkeypatch.setattr(QMessageBox, "critical", warning)
    return record


@dataclass
class RunningApp:
    context: AppContext
    window: MainWindow


@pytest.fixture
def start_app(
    qtbot, qapp, memory_keyring, dialogs: Dialogs
) -> Iterator[Callable[..., RunningApp]]:
    """Start the app on a data folder; several starts in one test are restarts."""
    started: list[RunningApp] = []

    def start(paths: DataPaths, *, wait_for_workspace: bool = True) -> RunningApp:
        context = build_context(paths, keyring_backend=memory_keyring)
        theme = Theme(qapp, "light")
        window = MainWindow(context, theme)
        qtbot.addWidget(window)
        window.show()
        running = RunningApp(context, window)
        started.append(running)
        if wait_for_workspace:
            with qtbot.waitSignal(window.workspace_ready, timeout=10000):
                open_workspace_in_background(context, window)
        else:
            open_workspace_in_background(context, window)
        return running

    yield start
    for running in started:
        running.window.close()
        running.context.runner.shutdown()
        if running.context.workspace is not None:
            running.context.workspace.close()
    shutdown_logging()
