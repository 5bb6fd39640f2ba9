"""Keeping a full-size render of every saved layout revision, with its QA report.

The pipeline stores a creative and its QA for each layout it makes; an edited layout gets the
same, so the review grid's thumbnail and warning badges, the export and the editor's "Layout
checks" all describe exactly what ships. Renders wait until the designer pauses
(`DELAY_MS` after the last save), run one batch at a time on the job runner, and render only
the newest saved revision of each format.

Signals:
    kept(object): the `RenderRecord`s just stored (a list).
    settled(): nothing is waiting or rendering any more.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from shiboken6 import isValid

from brandtruth_desktop.core.compose import LayoutSpec

if TYPE_CHECKING:
    from brandtruth_desktop.core.pipeline import RenderRecord
    from brandtruth_desktop.editor_services import EditorServices
    from brandtruth_desktop.workers import JobRunner

log = logging.getLogger(__name__)

DELAY_MS = 1200


class RenderKeeper(QObject):
    """Renders saved revisions at full size in the background (see the module docstring)."""

    kept = Signal(object)
    settled = Signal()

    def __init__(self, runner: JobRunner, services: EditorServices, campaign_id: int,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._services = services
        self._campaign_id = campaign_id
        self._waiting: dict[str, tuple[int, LayoutSpec]] = {}
        self._running = False
        self._timer = QTimer(self, singleShot=True, interval=DELAY_MS)
        self._timer.timeout.connect(self.run)

    @property
    def busy(self) -> bool:
        return self._running or bool(self._waiting)

    def saved(self, revisions: dict[str, int], specs: dict[str, LayoutSpec]) -> None:
        """These revisions were stored: render them once the designer pauses."""
        for key, revision in revisions.items():
            self._waiting[key] = (revision, specs[key])
        if revisions:
            self._timer.start()

    def run(self) -> None:
        """Render what is waiting now (one batch at a time)."""
        self._timer.stop()
        if self._running or not self._waiting:
            if not self.busy:
                self.settled.emit()
            return
        todo, self._waiting = list(self._waiting.values()), {}
        self._running = True
        services, campaign_id = self._services, self._campaign_id

        def work() -> list[RenderRecord]:
            return [services.keep_render(campaign_id, spec, revision)
                    for revision, spec in todo]

        def done(records: list[RenderRecord]) -> None:
            if isValid(self):
                self._running = False
                self.kept.emit(records)
                self._next()

        def failed(error: BaseException) -> None:
            if isValid(self):
                self._running = False
                log.warning("the edited ad's render could not be kept: %s", error)
                self._next()

        self._runner.call("Rendering the edited ad", work, on_success=done, on_failure=failed)

    def _next(self) -> None:
        if self._waiting:
            self._timer.start()
        else:
            self.settled.emit()
