"""Decisions from the review grid: approve, reject and undo, written in order off the GUI thread.

The grid changes at once (the person never waits for the disk); the write follows on the job
runner. Writes run strictly one after another, so an undo typed right after an approve reaches
the database after it, and each write's answer (what the status was before, which audit row
records it) brings the grid back in line with the database should they differ, e.g. when the
command line changed an ad meanwhile.

`DecisionCommand` is one entry on the screen's QUndoStack: a batch of ads given one verdict.
Undo writes a `variant.undo` audit row per ad naming the decision it takes back; redo decides
again (new audit rows: the log is append-only).

Signals of `DecisionWriter`:
    written(str, object, object): "decide" or "undo", the outcomes (list of DecisionOutcome)
        and the campaign's ReviewCounts after the write.
    write_failed(str): a write failed; what happened and what to do.
    idle(): every queued write has finished.
"""

from __future__ import annotations

import getpass
import logging
from collections import deque
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from brandtruth_desktop.core.models import VariantStatus
from brandtruth_desktop.core.review import ReviewCounts

if TYPE_CHECKING:
    from brandtruth_desktop.context import AppContext
    from brandtruth_desktop.storage.review import DecisionOutcome, SqlReviewRepository
    from brandtruth_desktop.workers import JobRunner

log = logging.getLogger(__name__)

VERBS = {VariantStatus.APPROVED: ("Approve", "Approved"),
         VariantStatus.REJECTED: ("Reject", "Rejected")}

Write = Callable[[], "tuple[list[DecisionOutcome], ReviewCounts]"]


def ask_reviewer_name(context: AppContext, parent: QWidget | None) -> str | None:
    """The reviewer's name for the audit log: from Settings, or asked for once and kept.

    None when the person cancels (then nothing is decided)."""
    name = context.settings.reviewer_name.strip()
    if name:
        return name
    suggestion = getpass.getuser()
    answer, ok = QInputDialog.getText(
        parent, "Who is reviewing?",
        "Your name is written in the audit log beside every approval and rejection.\n"
        "It is asked once and kept in Settings, where you can change it.",
        QLineEdit.EchoMode.Normal, suggestion)
    name = answer.strip()[:120] if ok else ""
    if not name:
        return None
    try:
        context.update_settings(reviewer_name=name)
    except OSError as error:  # the name still signs this session's decisions
        log.warning("the reviewer name could not be saved: %s", error)
    return name


class DecisionWriter(QObject):
    """Runs decision writes on the job runner, one at a time, in the order asked."""

    written = Signal(str, object, object)
    write_failed = Signal(str)
    idle = Signal()

    def __init__(self, runner: JobRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._queue: deque[tuple[str, str, Write, Callable[[list[DecisionOutcome]], None]]] = \
            deque()
        self._busy = False

    @property
    def busy(self) -> bool:
        return self._busy or bool(self._queue)

    def submit(self, title: str, write: Write,
               done: Callable[[list[DecisionOutcome]], None] | None = None, *,
               kind: str = "decide") -> None:
        """Queue a write; `done` gets its outcomes on the GUI thread."""
        self._queue.append((kind, title, write, done or (lambda _outcomes: None)))
        self._next()

    def _next(self) -> None:
        if self._busy:
            return
        if not self._queue:
            self.idle.emit()
            return
        kind, title, write, done = self._queue.popleft()
        self._busy = True

        def succeeded(result: tuple[list[DecisionOutcome], ReviewCounts]) -> None:
            self._busy = False
            outcomes, counts = result
            done(outcomes)
            self.written.emit(kind, outcomes, counts)
            self._next()

        def failed(error: BaseException) -> None:
            self._busy = False
            log.error("%s failed", title, exc_info=error)
            self.write_failed.emit(str(error) or error.__class__.__name__)
            self._next()

        try:
            self._runner.call(title, write, on_success=succeeded, on_failure=failed)
        except RuntimeError as error:  # the runner has shut down
            self._busy = False
            self._queue.clear()
            log.warning("decision not written: %s", error)


class DecisionTarget(QObject):
    """What a DecisionCommand changes: the grid (at once) and the database (queued)."""

    def __init__(self, writer: DecisionWriter, repository: SqlReviewRepository,
                 campaign_id: int, show: Callable[[dict[str, VariantStatus]], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.writer = writer
        self.repository = repository
        self.campaign_id = campaign_id
        self.show = show


class DecisionCommand(QUndoCommand):
    """Ads given one verdict, as one step on the undo stack."""

    def __init__(self, target: DecisionTarget, before: dict[str, VariantStatus],
                 status: VariantStatus, actor: str, label: str) -> None:
        super().__init__(label)
        self.target = target
        self.before = dict(before)
        self.status = status
        self.actor = actor
        self.outcomes: list[DecisionOutcome] = []

    @property
    def variant_ids(self) -> list[str]:
        return list(self.before)

    def redo(self) -> None:
        target, ids, status, actor = self.target, self.variant_ids, self.status, self.actor
        repository, campaign_id = target.repository, target.campaign_id
        target.show(dict.fromkeys(ids, status))

        def write() -> tuple[list[DecisionOutcome], ReviewCounts]:
            outcomes = repository.decide(campaign_id, ids, status, actor=actor)
            return outcomes, repository.counts(campaign_id)

        verb = VERBS[status][0]
        target.writer.submit(f"{verb} {len(ids)} ad(s)", write, self._recorded)

    def undo(self) -> None:
        target, actor = self.target, self.actor
        repository, campaign_id = target.repository, target.campaign_id
        target.show(self.before)
        command = self

        def write() -> tuple[list[DecisionOutcome], ReviewCounts]:
            # Runs after the decision's own write (writes are queued in order), so its
            # outcomes, and their audit rows, are known by now.
            outcomes = repository.undo(campaign_id, command.outcomes, actor=actor)
            return outcomes, repository.counts(campaign_id)

        target.writer.submit(f"Undo: {self.text()}", write, kind="undo")

    def _recorded(self, outcomes: Sequence[DecisionOutcome]) -> None:
        self.outcomes = list(outcomes)


def describe_outcomes(status: VariantStatus, outcomes: Sequence[DecisionOutcome],
                      counts: ReviewCounts) -> str:
    """The status bar's line after a decision: what changed, and where the campaign stands."""
    changed = sum(1 for o in outcomes if o.changed)
    unchanged = len(outcomes) - changed
    done = VERBS[status][1] if status in VERBS else "Updated"
    text = f"{done} {changed:,} ad{'s' if changed != 1 else ''}"
    if unchanged:
        text += f" ({unchanged:,} already {done.lower()})"
    return f"{text} · {counts.describe()}"


def statuses_of(rows: Sequence[Any]) -> dict[str, VariantStatus]:
    """{variant id: status} of GridRows, in order."""
    return {row.variant_id: row.status for row in rows}
