"""One ad open in the editor, as stored: loading it, saving its edits, approving it.

The session reads the ad on the job runner, then keeps the stored side of editing: the
`Autosaver` (edits as layout revisions and audit rows, within a second), the `RenderKeeper`
(a full-size render and QA report of each saved revision, for the grid and the checks), the
review status, and approval (the grid's own decision, with its audit row). `finish()` stores
what is left; `idle` says when nothing is left to store.

Signals:
    opened(object): the ad was read (a `storage.editing.AdForEditing`).
    load_failed(str): it could not be; why.
    saved(object): an edit was stored (a `SavedEdit`).
    kept(object): full-size renders were stored (a list of `RenderRecord`).
    status_changed(): the review status changed (`status`).
    approved(str): the ad was approved.
    variant_changed(str): anything stored about the ad changed.
    idle(): after `finish()`, nothing is waiting to be stored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

from brandtruth_desktop.core.compose import LayoutSpec
from brandtruth_desktop.core.editing import AdDraft, generated_copy
from brandtruth_desktop.core.models import VariantStatus
from brandtruth_desktop.editor_services import EditorServices
from brandtruth_desktop.storage.editing import AdEdit, AdForEditing, SavedEdit
from brandtruth_desktop.ui.review.canvas.autosave import Autosaver
from brandtruth_desktop.ui.review.canvas.keeper import RenderKeeper
from brandtruth_desktop.ui.review.canvas.saving import EditRules

if TYPE_CHECKING:
    from brandtruth_desktop.context import AppContext
    from brandtruth_desktop.core.pipeline import RenderRecord


class EditSession(QObject):
    """The stored side of one ad being edited (see the module docstring)."""

    opened = Signal(object)
    load_failed = Signal(str)
    saved = Signal(object)
    kept = Signal(object)
    status_changed = Signal()
    approved = Signal(str)
    variant_changed = Signal(str)
    idle = Signal()

    def __init__(self, context: AppContext, campaign_id: int, variant_id: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.campaign_id = campaign_id
        self.variant_id = variant_id
        workspace = context.workspace
        self.services = EditorServices(workspace, context.settings, context.secrets,
                                       actor=context.actor) if workspace is not None else None
        self.keeper = RenderKeeper(context.runner, self.services, campaign_id, self) \
            if self.services is not None else None
        if self.keeper is not None:
            self.keeper.kept.connect(self._kept)
            self.keeper.settled.connect(self._maybe_idle)
        self.ad: AdForEditing | None = None
        self.autosaver: Autosaver | None = None
        self.rules: EditRules | None = None
        self.generated: AdDraft | None = None
        self.status = VariantStatus.PENDING
        self.qa: dict[str, tuple[int, dict[str, Any]]] = {}
        self.revisions: dict[str, int] = {}
        self._finishing = False
        self._approve_after_save = False

    # -- loading ------------------------------------------------------------------------------
    def load(self) -> None:
        """Read the ad on the runner; `opened` or `load_failed` follows."""
        services = self.services
        if services is None:
            self.load_failed.emit("The workspace is not open yet.")
            return
        campaign_id, variant_id = self.campaign_id, self.variant_id

        def read(ad: AdForEditing) -> None:
            if isValid(self) and not self._finishing:
                if ad.latest:
                    self._opened(ad)
                else:
                    self.load_failed.emit("This ad has no layout yet: render the campaign "
                                          "first.")

        def failed(error: BaseException) -> None:
            if isValid(self):
                self.load_failed.emit(str(error) or type(error).__name__)

        self.context.runner.call("Opening the ad", lambda: services.load(campaign_id, variant_id),
                                 on_success=read, on_failure=failed)

    def _opened(self, ad: AdForEditing) -> None:
        self.ad = ad
        self.status = ad.variant.status
        self.qa = dict(ad.qa)
        self.revisions = {key: record.revision for key, record in ad.latest.items()}
        generated = AdDraft.of(ad.variant, {key: LayoutSpec.from_record(record)
                                            for key, record in ad.generated.items()})
        self.generated = generated.with_copy(generated_copy(ad.variant))
        self.rules = EditRules(self.campaign_id, self.generated)
        self.rules.remember(list(ad.pictures))
        self.autosaver = Autosaver(self.context.runner, self._store, self.rules.build,
                                   self.stored_draft(), self)
        self.autosaver.saved.connect(self._saved)
        self.autosaver.save_failed.connect(self._save_failed)
        self.opened.emit(ad)

    def stored_draft(self) -> AdDraft:
        """The ad as read: its copy and the newest layout of each format."""
        assert self.ad is not None
        return AdDraft.of(self.ad.variant, {key: LayoutSpec.from_record(record)
                                            for key, record in self.ad.latest.items()})

    # -- saving -------------------------------------------------------------------------------
    def _store(self, edit: AdEdit) -> SavedEdit:
        assert self.services is not None
        return self.services.save(edit)

    def _saved(self, saved: SavedEdit) -> None:
        assert self.autosaver is not None
        self.status = saved.variant.status
        self.revisions.update(saved.revisions)
        if self.keeper is not None:
            stored = self.autosaver.saved_draft
            self.keeper.saved(saved.revisions, {k: stored.spec(k) for k in saved.revisions})
        self.status_changed.emit()
        self.saved.emit(saved)
        self.variant_changed.emit(self.variant_id)
        if self._approve_after_save and not self.autosaver.busy:
            self._approve_after_save = False
            self.approve()
        if self._finishing and self.keeper is not None:
            self.keeper.run()
        self._maybe_idle()

    def _save_failed(self, message: str) -> None:
        self.context.messages.show_error(
            "Your edit is not saved yet", message,
            "BrandTruth keeps trying every few seconds; keep this window open.")

    def _kept(self, records: list[RenderRecord]) -> None:
        for record in records:
            self.qa[record.format] = (record.spec_revision, record.qa)
        self.kept.emit(records)
        self.variant_changed.emit(self.variant_id)

    def qa_of(self, format_key: str) -> dict[str, Any] | None:
        """The QA report of the stored render of the format's newest saved revision, when
        there is one and nothing newer waits to be saved."""
        stored = self.qa.get(format_key)
        if stored is None or stored[0] != self.revisions.get(format_key):
            return None
        if self.autosaver is not None and self.autosaver.dirty:
            return None
        return stored[1]

    # -- approving, finishing -----------------------------------------------------------------
    def approve(self) -> None:
        """Approve the ad as stored, once pending edits are stored."""
        services, autosaver = self.services, self.autosaver
        if services is None or autosaver is None:
            return
        if autosaver.busy:
            self._approve_after_save = True
            autosaver.flush()
            return
        campaign_id, variant_id = self.campaign_id, self.variant_id

        def done(_outcome: object) -> None:
            if isValid(self):
                self.status = VariantStatus.APPROVED
                self.status_changed.emit()
                self.approved.emit(variant_id)
                self.variant_changed.emit(variant_id)
                self.context.messages.info("Approved.", 4000)

        def failed(error: BaseException) -> None:
            if isValid(self):
                self.status_changed.emit()
                self.context.messages.show_error("The ad could not be approved",
                                                 str(error) or type(error).__name__)

        self.context.runner.call("Approving the ad",
                                 lambda: services.approve(campaign_id, variant_id),
                                 on_success=done, on_failure=failed)

    @property
    def busy(self) -> bool:
        """Whether an edit or a kept render is waiting or running."""
        saving = self.autosaver is not None and self.autosaver.busy
        return saving or (self.keeper is not None and self.keeper.busy)

    def finish(self) -> None:
        """Store what is left now; `idle` follows once it is stored."""
        self._finishing = True
        if self.autosaver is not None:
            self.autosaver.flush()
        if self.keeper is not None:
            self.keeper.run()
        self._maybe_idle()

    def _maybe_idle(self) -> None:
        if self._finishing and not self.busy:
            self.idle.emit()
