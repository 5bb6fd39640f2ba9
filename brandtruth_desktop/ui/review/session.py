"""One campaign open for review: its rows page by page, its counts, and the reviewer's decisions.

Everything that touches the database runs on the job runner; answers come back on the GUI
thread and are applied to the grid model row by row.

Signals:
    opened(object): a campaign was opened; its storage.review.ReviewContext.
    open_failed(str): the campaign could not be opened; what to do.
    counts_changed(object): the campaign's ReviewCounts after a load or a decision.
    decided(str): a line for the status bar after a decision was written.
    rows_loaded(int, int): rows loaded so far and the campaign's total.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from brandtruth_desktop.core.models import VariantStatus
from brandtruth_desktop.core.pipeline import RenderSaved, VariantSaved
from brandtruth_desktop.core.review import GridRow, ReviewCounts
from brandtruth_desktop.ui.review.decisions import (
    VERBS,
    DecisionCommand,
    DecisionTarget,
    DecisionWriter,
    describe_outcomes,
)
from brandtruth_desktop.ui.review.grid_model import VariantGridModel
from brandtruth_desktop.ui.review.thumbnails import ThumbnailService, WorkspaceThumbnailSource

if TYPE_CHECKING:
    from brandtruth_desktop.context import AppContext
    from brandtruth_desktop.storage.review import (
        DecisionOutcome,
        ReviewContext,
        SqlReviewRepository,
    )
    from brandtruth_desktop.workers import JobRunner

log = logging.getLogger(__name__)

T = TypeVar("T")
REFRESH_MS = 400
"""Ads the pipeline saves while their campaign is open are read again this long after."""


def call_quietly(runner: JobRunner, title: str, work: Callable[[], T], **callbacks: Any) -> bool:
    """`runner.call`, except that once the runner has shut down (the window is closing) the
    work is dropped instead of raising; returns whether it was queued."""
    try:
        runner.call(title, work, **callbacks)
    except RuntimeError as error:
        log.debug("%s not started: %s", title, error)
        return False
    return True


class ReviewSession(QObject):
    """Loads a campaign into the grid model and records the reviewer's decisions."""

    opened = Signal(object)
    open_failed = Signal(str)
    counts_changed = Signal(object)
    decided = Signal(str)
    rows_loaded = Signal(int, int)

    def __init__(self, context: AppContext, model: VariantGridModel,
                 thumbnails: ThumbnailService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.model = model
        self.thumbnails = thumbnails
        self.undo_stack = QUndoStack(self)
        self.writer = DecisionWriter(context.runner, self)
        self.writer.written.connect(self._written)
        self.writer.write_failed.connect(self._write_failed)
        self.writer.idle.connect(self._settle)
        self.review: ReviewContext | None = None
        self.counts = ReviewCounts()
        self._target: DecisionTarget | None = None
        self._want_every_row = False
        self._settled: dict[str, VariantStatus] = {}
        self._touched: set[str] = set()
        self._server_counts: ReviewCounts | None = None
        self._refresh_ids: set[str] = set()
        self._refresh_timer = QTimer(self, singleShot=True, interval=REFRESH_MS)
        self._refresh_timer.timeout.connect(self._refresh_pending)

    # -- opening -----------------------------------------------------------------------------
    @property
    def campaign_id(self) -> int | None:
        return self.review.campaign.id if self.review is not None else None

    def repository(self) -> SqlReviewRepository | None:
        from brandtruth_desktop.storage.review import review_repository

        workspace = self._context.workspace
        return review_repository(workspace) if workspace is not None else None

    def open(self, campaign_id: int, format_key: str | None = None) -> None:
        """Open a campaign: its context and first page load in the background."""
        repository = self.repository()
        workspace = self._context.workspace
        if repository is None or workspace is None:
            self.open_failed.emit("The workspace is not open yet.")
            return
        page_size = self.model.page_size

        def load() -> tuple[ReviewContext, list[GridRow]]:
            review = repository.context(campaign_id)
            return review, repository.page(review, 0, page_size)

        def loaded(result: tuple[ReviewContext, list[GridRow]]) -> None:
            review, first_page = result
            self.review = review
            self.counts = review.counts
            self.undo_stack.clear()
            self._target = DecisionTarget(self.writer, repository, campaign_id,
                                          self._show_statuses, self)
            self.thumbnails.set_source(WorkspaceThumbnailSource(workspace))
            chosen = format_key if format_key in review.formats else (
                review.formats[0] if review.formats else "1:1")
            self.model.open_campaign(review.counts.total, chosen, self._load_page, first_page)
            self.opened.emit(review)
            self.counts_changed.emit(self.counts)
            self.rows_loaded.emit(self.model.rowCount(), self.model.total)
            self._continue_loading()

        def failed(error: BaseException) -> None:
            log.info("campaign %s could not be opened for review: %s", campaign_id, error)
            self.open_failed.emit(str(error) or error.__class__.__name__)

        call_quietly(self._context.runner, "Opening the campaign for review", load,
                     on_success=loaded, on_failure=failed)

    def load_every_row(self, wanted: bool = True) -> None:
        """Keep loading pages until every row is in (a filter or a sort needs them all)."""
        self._want_every_row = wanted
        self._continue_loading()

    def _continue_loading(self) -> None:
        if self._want_every_row and self.model.canFetchMore(self.model.index(-1, 0)):
            self.model.fetchMore(self.model.index(-1, 0))

    def _load_page(self, offset: int, limit: int, generation: int) -> None:
        repository, review = self.repository(), self.review
        if repository is None or review is None:
            self.model.page_failed(generation)
            return

        def loaded(rows: list[GridRow]) -> None:
            self.model.append_page(generation, offset, rows)
            if generation == self.model.generation:
                self.rows_loaded.emit(self.model.rowCount(), self.model.total)
                self._continue_loading()

        def failed(error: BaseException) -> None:
            log.warning("a page of the review grid could not be loaded: %s", error)
            self.model.page_failed(generation)

        if not call_quietly(self._context.runner, "Loading ads",
                            lambda: repository.page(review, offset, limit),
                            on_success=loaded, on_failure=failed):
            self.model.page_failed(generation)

    def refresh_variants(self, variant_ids: Sequence[str]) -> None:
        """Read these ads again (after an edit or a new render) and update their rows."""
        repository, review = self.repository(), self.review
        if repository is None or review is None or not variant_ids:
            return
        ids = list(variant_ids)
        generation = self.model.generation

        def loaded(result: tuple[list[GridRow], ReviewCounts]) -> None:
            if generation != self.model.generation:
                return
            rows, counts = result
            self.model.update_rows(rows)
            self.model.set_total(counts.total)
            self._set_counts(counts)

        call_quietly(self._context.runner, "Refreshing ads",
                     lambda: (repository.rows(review, ids), repository.counts(review.campaign.id)),
                     on_success=loaded)

    def pipeline_event(self, event: object) -> None:
        """A pipeline event: ads and renders of the open campaign saved while it is open are
        read again in a batch, a moment later."""
        if self.campaign_id is None or getattr(event, "campaign_id", None) != self.campaign_id:
            return
        if isinstance(event, RenderSaved):
            self._refresh_ids.add(event.render.variant_id)
        elif isinstance(event, VariantSaved):
            self._refresh_ids.add(event.variant.id)
        self._refresh_timer.start()

    def _refresh_pending(self) -> None:
        ids, self._refresh_ids = sorted(self._refresh_ids), set()
        if ids:
            self.refresh_variants(ids)
        self.refresh_counts()

    def refresh_counts(self) -> None:
        """Read the campaign's counts again (the pipeline may be adding ads)."""
        repository, campaign_id = self.repository(), self.campaign_id
        if repository is None or campaign_id is None:
            return
        generation = self.model.generation

        def loaded(counts: ReviewCounts) -> None:
            if generation == self.model.generation:
                self.model.set_total(counts.total)
                self._set_counts(counts)
                self._continue_loading()

        call_quietly(self._context.runner, "Counting ads",
                     lambda: repository.counts(campaign_id), on_success=loaded)

    # -- decisions ---------------------------------------------------------------------------
    def decide(self, rows: Sequence[GridRow], status: VariantStatus, actor: str) -> bool:
        """Give these ads a verdict (one step on the undo stack); False if none needs it."""
        if self._target is None or status not in VERBS:
            return False
        before = {row.variant_id: row.status for row in rows if row.status is not status}
        if not before:
            return False
        verb = VERBS[status][0]
        if len(before) == 1:
            only = next(row for row in rows if row.variant_id in before)
            label = f"{verb} “{only.headline}”"
        else:
            label = f"{verb} {len(before):,} ads"
        self._touched.update(before)
        self.undo_stack.push(DecisionCommand(self._target, before, status, actor, label))
        return True

    def undo(self) -> str | None:
        """Take back the last decision; returns what was undone (None: nothing to undo)."""
        if not self.undo_stack.canUndo():
            return None
        text = self.undo_stack.undoText()
        index = self.undo_stack.index() - 1
        command = self.undo_stack.command(index)
        if isinstance(command, DecisionCommand):
            self._touched.update(command.variant_ids)
        self.undo_stack.undo()
        return text

    def _show_statuses(self, statuses: dict[str, VariantStatus]) -> None:
        before = {row.variant_id: row.status for row in self.model.rows()
                  if row.variant_id in statuses}
        self.model.set_statuses(statuses.items())
        counts = self.counts
        for variant_id, status in statuses.items():
            old = before.get(variant_id)
            if old is not None and old is not status:
                counts = counts.moved(old, status)
        self._set_counts(counts)

    def _written(self, kind: str, outcomes: list[DecisionOutcome], counts: ReviewCounts
                 ) -> None:
        for outcome in outcomes:
            self._settled[outcome.variant_id] = outcome.after
        if outcomes and not self.writer.busy:
            self.decided.emit(describe_outcomes(outcomes[0].after, outcomes, counts)
                              if kind == "decide" else f"Undone · {counts.describe()}")
        self._server_counts = counts

    def _write_failed(self, message: str) -> None:
        self._context.messages.show_error(
            "A decision could not be saved", message,
            "The grid shows what is stored now; make the decision again.")
        if self._touched:
            self.refresh_variants(sorted(self._touched))

    def _settle(self) -> None:
        """Every write is done: the grid shows exactly what the database holds."""
        if self._settled:
            self.model.set_statuses(self._settled.items())
        if self._server_counts is not None:
            self._set_counts(self._server_counts)
            self._server_counts = None
        self._settled.clear()
        self._touched.clear()

    def _set_counts(self, counts: ReviewCounts) -> None:
        if counts != self.counts:
            self.counts = counts
            self.counts_changed.emit(counts)

