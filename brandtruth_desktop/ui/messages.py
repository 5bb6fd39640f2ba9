"""One bridge for everything the app tells the person (STYLE.md: one message bridge).

Workers, jobs and screens report through it; the main window decides how it looks: a line in
the status bar for information, a dialog for what needs a decision or explains a failure.

Signals:
    status(str, int): a short message for the status bar and how long to show it (ms, 0 = until
        replaced).
    error(str, str, str): title, what happened and what to do, technical detail (may be "").
    warning(str, str): title and text of something the person should know but can carry on.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class MessageBridge(QObject):
    """Routes messages from anywhere (any thread) to the window that shows them."""

    status = Signal(str, int)
    error = Signal(str, str, str)
    warning = Signal(str, str)

    def info(self, text: str, timeout_ms: int = 5000) -> None:
        log.info("status: %s", text)
        self.status.emit(text, timeout_ms)

    def show_warning(self, title: str, text: str) -> None:
        log.warning("%s: %s", title, text)
        self.warning.emit(title, text)

    def show_error(self, title: str, text: str, detail: str = "") -> None:
        log.error("%s: %s %s", title, text, detail)
        self.error.emit(title, text, detail)
