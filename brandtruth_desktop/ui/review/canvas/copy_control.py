"""The ad's copy in the editor: the grounding gate on every change, sources, regeneration.

The gate is the one the review grid shows (`core.review.review_gate`, in full, with the
campaign's facts, high-risk rule, words to avoid and platform), so the editor and the grid
never disagree. A source the designer attaches is stored as a user-supplied fact before the
ad cites it; new copy comes from the campaign's writer. Both become undoable edits.

Signals:
    gate_changed(object): the reasons the copy cannot ship (an empty tuple: it can).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from shiboken6 import isValid

from brandtruth_desktop.core.editing import AdDraft, citing
from brandtruth_desktop.core.editing.regenerate import RegeneratedCopy
from brandtruth_desktop.core.models import Fact, VariantStatus
from brandtruth_desktop.core.review import review_gate

if TYPE_CHECKING:
    from brandtruth_desktop.ui.review.canvas.editor import CanvasEditor

GATE_DELAY_MS = 120


class CopyControl(QObject):
    """Gate, sources and new copy for one editor (see the module docstring)."""

    gate_changed = Signal(object)

    def __init__(self, editor: CanvasEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.facts: dict[str, Fact] = {}
        self.reasons: tuple[str, ...] = ()
        self._seed = 0
        self._timer = QTimer(self, singleShot=True, interval=GATE_DELAY_MS)
        self._timer.timeout.connect(self.check)

    def start(self, facts: tuple[Fact, ...], seed: int) -> None:
        """The campaign's facts as loaded, and where regeneration's seeds start."""
        self.facts = {fact.id: fact for fact in facts}
        self._seed = seed

    def copy_changed(self) -> None:
        """Check the gate again shortly (typing does not check on every key)."""
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    # -- the gate -----------------------------------------------------------------------------
    def reasons_for(self, draft: AdDraft) -> tuple[str, ...]:
        """Why the draft's copy cannot ship; empty when it can."""
        ad = self.editor.ad
        if ad is None:
            return ()
        return review_gate(
            replace(draft.variant, status=VariantStatus.EDITED), self.facts,
            allow_high_risk=ad.allow_high_risk, full=True, brand_name=ad.brand_name,
            avoid_words=ad.campaign.avoid_words, platform=ad.platform)

    def check(self) -> None:
        document = self.editor.document
        if document is None:
            return
        reasons = self.reasons_for(document.draft)
        if reasons != self.reasons:
            self.reasons = reasons
            self.gate_changed.emit(reasons)

    # -- sources --------------------------------------------------------------------------------
    def ask_for_source(self) -> None:
        """Ask for a source for the copy; it becomes a user fact the ad cites."""
        editor = self.editor
        if editor.document is None:
            return
        from brandtruth_desktop.ui.review.canvas.source_dialog import SourceDialog

        copy = editor.document.draft.copy
        dialog = SourceDialog(copy.headline or copy.primary_text, self.preview_source, editor,
                              danger=editor.colors.danger)
        if dialog.exec() == SourceDialog.DialogCode.Accepted:
            self.add_source(dialog.fact())

    def preview_source(self, fact: Fact) -> tuple[str, ...]:
        """The gate's reasons if the ad cited `fact` (the source dialog shows them)."""
        document = self.editor.document
        if document is None:
            return ()
        draft = document.draft.edit_copy(fact_ids=citing(document.draft.copy.fact_ids, fact))
        before = self.facts.get(fact.id)
        self.facts[fact.id] = fact
        try:
            return self.reasons_for(draft)
        finally:
            if before is None:
                del self.facts[fact.id]
            else:
                self.facts[fact.id] = before

    def add_source(self, fact: Fact) -> None:
        """Store the source with the campaign, then cite it (one undoable step)."""
        editor = self.editor
        services = editor.services
        if services is None:
            return
        campaign_id, variant_id = editor.campaign_id, editor.variant_id

        def stored(saved: Fact) -> None:
            if not isValid(self) or editor.document is None:
                return
            self.facts[saved.id] = saved
            draft = editor.document.draft
            editor.document.edit("attach source", draft.edit_copy(
                fact_ids=citing(draft.copy.fact_ids, saved)))
            self.check()

        def failed(error: BaseException) -> None:
            if isValid(self):
                editor.context.messages.show_error("The source could not be saved",
                                                   str(error) or type(error).__name__,
                                                   "Try again; nothing was changed.")

        editor.context.runner.call("Saving the source",
                                   lambda: services.add_source(campaign_id, fact, variant_id),
                                   on_success=stored, on_failure=failed)

    # -- new copy -------------------------------------------------------------------------------
    def regenerate(self) -> None:
        """New copy from the campaign's writer, into the same layout (undoable)."""
        editor = self.editor
        services, ad = editor.services, editor.ad
        if services is None or ad is None or editor.document is None:
            return
        current = editor.document.draft.copy
        self._seed += 1
        seed = self._seed
        action = editor.regenerate_copy_action
        action.setEnabled(False)

        def written(result: RegeneratedCopy) -> None:
            if not isValid(self) or editor.document is None:
                return
            action.setEnabled(True)
            for notice in result.notices:
                editor.context.messages.info(notice, 10000)
            fields = result.fields
            if fields is not None:
                editor.document.edit("regenerate copy", editor.document.draft.with_copy(fields))

        def failed(error: BaseException) -> None:
            if isValid(self):
                action.setEnabled(True)
                editor.context.messages.show_warning("New copy could not be written",
                                                     str(error) or type(error).__name__)

        def cancelled() -> None:
            if isValid(self):
                action.setEnabled(True)

        editor.context.runner.start(
            "Writing new copy", lambda: services.regenerate_copy(ad, current, seed=seed),
            on_success=written, on_failure=failed, on_cancelled=cancelled, kind="regenerate")
