"""The one crash handler: an unexpected exception anywhere becomes a report file and a dialog.

Reports go to the logs folder as `crash-YYYYMMDD-HHMMSS.txt` (with the app and Python versions
and the traceback, secrets redacted by the log filter's rules). The dialog says where the file
is, so a user can send it. Exceptions on worker threads are marshalled to the GUI thread.

Signals:
    crashed(str, str): the exception summary and the report's path, emitted on the GUI thread.
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Signal

from brandtruth_desktop import __version__

log = logging.getLogger(__name__)


def write_crash_report(
    logs_dir: Path,
    error: BaseException,
    tb: TracebackType | None,
    redact: Callable[[str], str] = lambda text: text,
) -> Path:
    """Write a crash report next to the logs and return its path."""
    logs_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    path = logs_dir / f"crash-{stamp}.txt"
    lines = [
        f"BrandTruth Desktop {__version__} crash report",
        f"time: {datetime.now(UTC).isoformat()}",
        f"python: {sys.version.split()[0]} on {platform.platform()}",
        f"thread: {threading.current_thread().name}",
        "",
        "".join(traceback.format_exception(type(error), error, tb)),
    ]
    path.write_text(redact("\n".join(lines)), encoding="utf-8")
    return path


class CrashHandler(QObject):
    """Installs itself as sys.excepthook and threading.excepthook while the app runs."""

    crashed = Signal(str, str)

    def __init__(
        self, logs_dir: Path, redact: Callable[[str], str] = lambda text: text,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._logs_dir = logs_dir
        self._redact = redact
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self._installed = False

    def install(self) -> None:
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread
        self._installed = True

    def uninstall(self) -> None:
        if self._installed:
            sys.excepthook = self._previous_hook
            threading.excepthook = self._previous_thread_hook
            self._installed = False

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def handle(
        self, exc_type: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous_hook(exc_type, error, tb)
            return
        log.critical("unexpected error", exc_info=(exc_type, error, tb))
        try:
            path = write_crash_report(self._logs_dir, error, tb, self._redact)
        except OSError as write_error:
            log.error("could not write the crash report: %s", write_error)
            path = Path("")
        summary = self._redact(f"{exc_type.__name__}: {error}")
        # A signal emitted from a worker thread is queued to the GUI thread's receivers.
        self.crashed.emit(summary, str(path))
