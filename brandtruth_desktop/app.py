"""Start-up: builds the AppContext and the main window. Nothing else wires objects together.

The window is shown first; the workspace (SQLAlchemy, migrations, the asset store) opens on a
worker thread right after, so heavy imports never delay the first frame.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
from typing import TYPE_CHECKING, Any

from brandtruth_desktop import APP_ID, APP_NAME, __version__
from brandtruth_desktop.paths import DataFolderError, DataPaths, resolve

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from brandtruth_desktop.context import AppContext
    from brandtruth_desktop.storage.workspace import Workspace
    from brandtruth_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

STARTUP_PROBE_ENV = "BRANDTRUTH_STARTUP_PROBE"

GUI_SWITCH_INTERVAL_S = 0.0002
"""How long a worker thread may hold the GIL while the GUI thread waits for it.

Python's default is 5 ms. The GUI thread gives the GIL up on every call into Qt and waits again
on the way back, so while a worker runs pure-Python work (the grounding gate, extraction) each
of those round trips cost up to 5 ms, and one repaint of the Copy page cost 200-480 ms
(benchmarks/wizard.py, found with perf: the GUI thread asleep on the GIL, a worker in `re`).
At 0.5 ms the longest stall while the ads are written was still 40-110 ms; at 0.2 ms it no
longer is the longest of the walk (5 walks: 32-69 ms, all in the GUI's own work). Rendering
60 images takes 4.4-5.5 s at either setting (no measurable cost to the workers)."""


def qt_application() -> QApplication:
    """The one QApplication, created on first use with the app's names set."""
    from PySide6.QtWidgets import QApplication

    sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_ID])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("BrandTruth")
    app.setDesktopFileName(APP_ID)
    return app  # type: ignore[return-value]


def build_context(
    paths: DataPaths, *, keyring_backend: Any = None, verbose: bool = False
) -> AppContext:
    """Settings, logging, secrets, the job runner and the message bridge for one app run."""
    from brandtruth_desktop.context import AppContext
    from brandtruth_desktop.logging_setup import configure_logging
    from brandtruth_desktop.secret_store import KeyringSecretStore
    from brandtruth_desktop.settings import SettingsFile
    from brandtruth_desktop.ui.messages import MessageBridge
    from brandtruth_desktop.ui.meta_session import meta_session
    from brandtruth_desktop.workers import JobRunner

    paths.ensure()
    redactor = configure_logging(paths.logs, verbose=verbose)
    settings_file = SettingsFile(paths.settings_file)
    settings = settings_file.load()
    secrets = KeyringSecretStore(backend=keyring_backend, on_secret_seen=redactor.register_secret)
    context = AppContext(
        paths=paths,
        settings_file=settings_file,
        settings=settings,
        secrets=secrets,
        runner=JobRunner(),
        messages=MessageBridge(),
    )
    context.extras["redactor"] = redactor
    # Settings → Meta and the publish panel share one Meta connection (context.extras["meta"]):
    # MetaAccount.from_settings(settings, secrets, on_secret_seen=redactor.register_secret),
    # built on first use so the facebook-business SDK is never imported before the window.
    meta_session(context)
    return context


def open_workspace_in_background(context: AppContext, window: MainWindow) -> None:
    """Open the database on the runner; the window's screens load once it is ready."""

    def opened(workspace: Workspace) -> None:
        context.workspace = workspace
        # Everything loaded so far lives as long as the app: keep it out of the cyclic
        # garbage collector's full passes, which hold the GIL (and so stall the GUI thread)
        # for tens of milliseconds each on a heap this size.
        gc.freeze()
        context.runner.set_journal(workspace.jobs.for_runner())
        interrupted = workspace.interrupted_jobs
        if interrupted:
            titles = ", ".join(job.title for job in interrupted[:3])
            context.messages.info(
                f"{len(interrupted)} job(s) were interrupted when BrandTruth last closed: {titles}",
                15000,
            )
        window.workspace_ready.emit()

    def failed(error: BaseException) -> None:
        message = str(error) or error.__class__.__name__
        window.campaigns.show_workspace_error(message)
        context.messages.show_error(
            "Your workspace could not be opened",
            message,
            "Nothing was changed or overwritten. Details are in the log file.",
        )

    def open_it() -> Workspace:
        from brandtruth_desktop.storage.workspace import open_workspace

        return open_workspace(context.paths)

    context.runner.call("Opening workspace", open_it, on_success=opened, on_failure=failed)


def run_gui(paths: DataPaths | None = None, *, verbose: bool = False) -> int:
    """Show the main window and run the event loop until it closes; returns the exit code."""
    started = time.perf_counter()
    paths = paths or resolve()
    app = qt_application()
    from PySide6.QtWidgets import QMessageBox

    try:
        context = build_context(paths, verbose=verbose)
    except DataFolderError as error:
        QMessageBox.critical(None, "BrandTruth cannot start", str(error))
        return 1

    from brandtruth_desktop.logging_setup import shutdown_logging
    from brandtruth_desktop.ui.crash import CrashHandler
    from brandtruth_desktop.ui.main_window import MainWindow
    from brandtruth_desktop.ui.theme import Theme, app_font, load_fonts

    load_fonts()
    app.setFont(app_font())
    theme = Theme(app, context.settings.theme)
    redactor = context.extras["redactor"]
    crash_handler = CrashHandler(paths.logs, redactor.redact)
    crash_handler.install()
    window = MainWindow(context, theme)
    crash_handler.crashed.connect(window.show_crash)
    window.show()
    log.info("window shown after %.3f s", time.perf_counter() - started)
    if context.settings_file.problem:
        context.messages.show_warning("Settings were reset", context.settings_file.problem)

    if os.environ.get(STARTUP_PROBE_ENV):
        _install_startup_probe(app, window)
    open_workspace_in_background(context, window)
    try:
        return app.exec()
    finally:
        crash_handler.uninstall()
        context.runner.shutdown()
        if context.workspace is not None:
            context.workspace.close()
        shutdown_logging()


def _install_startup_probe(app: QApplication, window: MainWindow) -> None:
    """For benchmarks/startup.py: print when the window is visible and the workspace ready."""
    from PySide6.QtCore import QTimer

    def visible() -> None:
        print(f"window-visible {time.time():.6f}", flush=True)

    def ready() -> None:
        print(f"workspace-ready {time.time():.6f}", flush=True)
        QTimer.singleShot(0, window.close)

    QTimer.singleShot(0, visible)
    window.workspace_ready.connect(ready)


def main() -> int:
    """Entry point of the `brandtruth-gui` launcher."""
    return run_gui()
