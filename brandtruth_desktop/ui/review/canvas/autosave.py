"""Autosave: every edit is stored as new layout revisions within a second, off the GUI thread.

The first change after a save arms a timer (`SAVE_DELAY_MS`); when it fires, what changed since
the last save (`core.editing.changes_between`) is written as one edit through the job runner.
Changes made while that save runs wait for the next one, so saves never overlap and never
queue; a crash loses at most the last second. A failed save is retried after
`RETRY_DELAY_MS` and reported once; nothing is ever thrown away.

Signals:
    saved(object): the `SavedEdit` just stored.
    save_failed(str): a save failed (it will be retried); what went wrong.
    state_changed(str): "saved", "pending", "saving" or "failed", for the status line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from shiboken6 import isValid

from brandtruth_desktop.core.editing import AdDraft
from brandtruth_desktop.storage.editing import AdEdit, SavedEdit

if TYPE_CHECKING:
    from brandtruth_desktop.workers import JobRunner

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 700
RETRY_DELAY_MS = 5000

EditBuilder = Callable[[AdDraft, AdDraft], AdEdit | None]
"""Makes the edit to store from (last saved draft, current draft); None when nothing changed."""


class Autosaver(QObject):
    """Saves the document's draft shortly after it changes (see the module docstring)."""

    saved = Signal(object)
    save_failed = Signal(str)
    state_changed = Signal(str)

    def __init__(self, runner: JobRunner, save: Callable[[AdEdit], SavedEdit],
                 build: EditBuilder, saved_draft: AdDraft, parent: QObject | None = None,
                 *, delay_ms: int = SAVE_DELAY_MS) -> None:
        super().__init__(parent)
        self._runner = runner
        self._save = save
        self._build = build
        self._saved = saved_draft
        self._current = saved_draft
        self._saving: AdDraft | None = None
        self._failures = 0
        self._state = "saved"
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._delay = delay_ms
        self._timer.timeout.connect(self.flush)

    @property
    def state(self) -> str:
        return self._state

    @property
    def saved_draft(self) -> AdDraft:
        """The draft as last stored."""
        return self._saved

    @property
    def busy(self) -> bool:
        """Whether anything is waiting to be stored or being stored."""
        return self.dirty or self._saving is not None

    @property
    def dirty(self) -> bool:
        """Whether the draft on screen has changes not yet stored (or being stored)."""
        return self._current != self._saved

    def changed(self, draft: AdDraft) -> None:
        """The draft on screen is now `draft`: save it soon (the timer is not restarted by
        further changes, so a long drag still saves every SAVE_DELAY_MS)."""
        self._current = draft
        if not self.dirty:
            if self._saving is None:
                self._set_state("saved")
            return
        if self._saving is None:
            self._set_state("pending")
            if not self._timer.isActive():
                self._timer.start(self._delay)

    def rebase(self, draft: AdDraft) -> None:
        """The stored draft is `draft` (after loading): nothing to save."""
        self._saved = self._current = draft
        self._set_state("saved")

    def flush(self) -> None:
        """Save now if anything changed and no save is running."""
        self._timer.stop()
        if self._saving is not None or not self.dirty:
            return
        edit = self._build(self._saved, self._current)
        if edit is None:
            self._saved = self._current
            self._set_state("saved")
            return
        target = self._current
        self._saving = target
        self._set_state("saving")
        save = self._save

        def done(result: SavedEdit) -> None:
            if not isValid(self):
                return
            self._saving = None
            self._failures = 0
            self._saved = target
            if self.dirty:
                self._set_state("pending")
                self._timer.start(self._delay)
            else:
                self._set_state("saved")
            self.saved.emit(result)

        def failed(error: BaseException) -> None:
            if not isValid(self):
                return
            self._saving = None
            self._failures += 1
            log.warning("autosave failed (%d): %s", self._failures, error)
            self._set_state("failed")
            if self._failures == 1:
                self.save_failed.emit(str(error) or type(error).__name__)
            self._timer.start(RETRY_DELAY_MS)

        self._runner.call("Saving the ad", lambda: save(edit), on_success=done,
                          on_failure=failed)

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)
