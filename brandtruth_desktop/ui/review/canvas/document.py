"""The ad being edited, and the undo stack every edit goes through.

`EditorDocument` holds the current `AdDraft` and the format on screen. Every edit is a
`DraftCommand` (the drafts before and after) pushed on the document's `QUndoStack`, so undo and
redo cover everything: moves, resizes, styles, copy, pictures, regenerations, reverts.
Commands with the same merge key (a drag of one element in one format, typing in one copy
field, one style slider) merge while they follow each other (within MERGE_WINDOW_S), so a
drag, or consecutive drags of the same element, are one undo step, and a drag that ends where
it began leaves no step at all.

Signals:
    draft_changed(object, str): the new AdDraft and the format the change was made in.
    format_changed(str): another format is on screen.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from brandtruth_desktop.core.compose import LayoutSpec
from brandtruth_desktop.core.editing import AdDraft

MERGE_WINDOW_S = 2.0
"""Edits of the same kind merge into one undo step while they follow each other within this
time: a drag, then another drag of the same element a moment later, undo together."""


class DraftCommand(QUndoCommand):
    """One edit: the drafts before and after, the format it was made in, and how it merges."""

    def __init__(self, document: EditorDocument, label: str, before: AdDraft, after: AdDraft,
                 format_key: str, merge_id: int = -1) -> None:
        super().__init__(label)
        self.document = document
        self.before = before
        self.after = after
        self.format_key = format_key
        self._merge_id = merge_id

    def id(self) -> int:
        return self._merge_id

    def redo(self) -> None:
        self.document._show(self.after, self.format_key)

    def undo(self) -> None:
        self.document._show(self.before, self.format_key)

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, DraftCommand) or other.id() != self.id() or self.id() < 0:
            return False
        self.after = other.after
        self.setObsolete(self.after == self.before)
        return True


class EditorDocument(QObject):
    """The current draft and format, and the undo stack (see the module docstring)."""

    draft_changed = Signal(object, str)
    format_changed = Signal(str)

    def __init__(self, draft: AdDraft, format_key: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._draft = draft
        self._format = format_key if format_key in draft.formats else draft.formats[0]
        self.undo_stack = QUndoStack(self)
        self._merge_ids: dict[str, int] = {}
        self._ids = 0
        self._open_merge: str | None = None
        self._last_edit_at = 0.0

    @property
    def draft(self) -> AdDraft:
        return self._draft

    @property
    def format(self) -> str:
        return self._format

    @property
    def spec(self) -> LayoutSpec:
        """The layout on screen."""
        return self._draft.spec(self._format)

    def set_format(self, format_key: str) -> None:
        """Show another format (not an edit: nothing to undo)."""
        if format_key != self._format and format_key in self._draft.formats:
            self._format = format_key
            self.format_changed.emit(format_key)

    def edit(self, label: str, after: AdDraft, *, merge: str | None = None,
             format_key: str | None = None) -> bool:
        """Apply an edit as one undoable step; False when it changes nothing.

        `merge` names what consecutive edits may merge into one step (e.g.
        "move:9:16:headline"); `end_merge()` closes the current run."""
        if after == self._draft:
            return False
        merge_id = -1
        now = time.monotonic()
        if merge is not None:
            if merge != self._open_merge or now - self._last_edit_at > MERGE_WINDOW_S:
                # A new run of the same kind must not merge with an older, finished one.
                self._ids += 1
                self._merge_ids[merge] = self._ids
            merge_id = self._merge_ids[merge]
        self._open_merge = merge
        self._last_edit_at = now
        command = DraftCommand(self, label, self._draft, after, format_key or self._format,
                               merge_id)
        self.undo_stack.push(command)
        return True

    def edit_spec(self, label: str, spec: LayoutSpec, *, merge: str | None = None) -> bool:
        """`edit` of the layout on screen."""
        return self.edit(label, self._draft.with_spec(self._format, spec), merge=merge)

    def end_merge(self) -> None:
        """The next edit starts a new undo step even if it is of the same kind."""
        self._open_merge = None

    def reset(self, draft: AdDraft) -> None:
        """Replace the draft without an undo step (after loading), clearing the stack."""
        self.undo_stack.clear()
        self._open_merge = None
        self._show(draft, self._format)

    def _show(self, draft: AdDraft, format_key: str) -> None:
        """Make `draft` current (commands call this on redo and undo)."""
        if format_key != self._format and format_key in draft.formats:
            self._format = format_key
            self.format_changed.emit(format_key)
        self._draft = draft
        self.draft_changed.emit(draft, format_key)
