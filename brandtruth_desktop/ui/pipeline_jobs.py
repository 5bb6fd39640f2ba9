"""Pipeline steps for campaigns on the one job runner, and their events on the GUI thread.

The wizard and the Campaigns screen start every pipeline step through here, so the screen
knows which campaigns are being worked on and hears (as Qt signals on the GUI thread) every
fact, variant, picture and render the moment it is saved.

Signals:
    event(object): a `core.pipeline` event (FactsSaved, VariantSaved, VariantRejected,
        ImageChosen, RenderSaved, Notice, StatusChanged), delivered on the GUI thread.
    running_changed(): a campaign's pipeline job started or ended; `running()` has the ids.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal

from brandtruth_desktop.core.pipeline import PipelineEvent

if TYPE_CHECKING:
    from brandtruth_desktop.campaign_services import PipelineServices, PipelineStep
    from brandtruth_desktop.context import AppContext
    from brandtruth_desktop.workers import JobHandle

log = logging.getLogger(__name__)


class PipelineJobs(QObject):
    """Starts pipeline steps (at most one per campaign at a time) and relays their events."""

    event = Signal(object)
    running_changed = Signal()
    _relay = Signal(object)  # emitted on worker threads; delivered queued on the GUI thread

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._jobs: dict[int, JobHandle[Any]] = {}
        self._relay.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def services(self, *, offline: bool = False) -> PipelineServices:
        """The pipeline's ports on the open workspace (RuntimeError before it is open)."""
        from brandtruth_desktop.campaign_services import PipelineServices

        workspace = self._context.workspace
        if workspace is None:
            raise RuntimeError("The workspace is not open yet.")
        redactor = self._context.extras.get("redactor")
        return PipelineServices(
            workspace, self._context.settings, self._context.secrets,
            actor=self._context.actor, offline=offline,
            on_secret_seen=getattr(redactor, "register_secret", None),
        )

    def running(self) -> set[int]:
        """Campaigns with a pipeline job queued or running."""
        return set(self._jobs)

    def is_running(self, campaign_id: int) -> bool:
        return campaign_id in self._jobs

    def start(
        self,
        campaign_id: int,
        step: PipelineStep,
        title: str,
        *,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        kind: str = "pipeline",
        offline: bool = False,
        **options: Any,
    ) -> JobHandle[Any]:
        """Run `step` for a campaign on the job runner; RuntimeError if one already runs."""
        if campaign_id in self._jobs:
            raise RuntimeError(f"Campaign {campaign_id} is already being worked on.")
        services = self.services(offline=offline)
        listener = self._listener()

        def ended(callback: Callable[..., None] | None) -> Callable[..., None]:
            def finish(*args: Any) -> None:
                self._jobs.pop(campaign_id, None)
                self.running_changed.emit()
                if callback is not None:
                    callback(*args)
            return finish

        handle = self._context.runner.start(
            title,
            lambda: services.run(campaign_id, step, on_event=listener, **options),
            on_success=ended(on_success),
            on_failure=ended(on_failure),
            on_cancelled=ended(on_cancelled),
            kind=kind,
        )
        self._jobs[campaign_id] = handle
        self.running_changed.emit()
        return handle

    def cancel(self, campaign_id: int) -> bool:
        """Ask the campaign's job to stop at its next yield; False if none runs."""
        handle = self._jobs.get(campaign_id)
        return handle.cancel() if handle is not None else False

    def _listener(self) -> Callable[[PipelineEvent], None]:
        relay = self._relay

        def listen(event: PipelineEvent) -> None:
            try:
                relay.emit(event)
            except RuntimeError:  # the window is gone: the app is closing
                log.debug("pipeline event after the GUI closed: %r", type(event).__name__)

        return listen

    def _deliver(self, event: object) -> None:
        self.event.emit(event)
