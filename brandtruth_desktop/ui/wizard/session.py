"""The campaign the wizard is making, saved as the person goes.

Leaving the Brand page creates the campaign (or, coming back, renames it and updates its
brief); every later page changes its plan or content through the job runner, so the GUI thread
never touches the database and nothing entered is lost if the window or app closes.

Signals:
    campaign_saved(int): the brief was saved; the campaign's id.
    save_failed(str): the brief could not be saved; what to do (e.g. choose another name).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from brandtruth_desktop.core.pipeline import CampaignPlan, Step

if TYPE_CHECKING:
    from brandtruth_desktop.context import AppContext
    from brandtruth_desktop.storage.workspace import Workspace
    from brandtruth_desktop.ui.pipeline_jobs import PipelineJobs

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Brief:
    """What the Brand page asks for."""

    name: str
    site: str
    objective: str = "awareness"
    audience: str = ""
    platform: str = "meta"
    tone: str = ""
    offer: str = ""
    avoid_words: tuple[str, ...] = ()
    demo: bool = False


class WizardSession(QObject):
    """Holds the campaign id and plan, and runs the wizard's saves on the job runner."""

    campaign_saved = Signal(int)
    save_failed = Signal(str)

    def __init__(self, context: AppContext, jobs: PipelineJobs,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.jobs = jobs
        self.campaign_id: int | None = None
        self.plan: CampaignPlan | None = None
        self.brief: Brief | None = None
        self.saving = False
        self.closed = False  # the wizard closed: late answers from the runner are dropped
        self._in_order: set[str] = set()  # keys with a save in flight
        self._waiting: dict[str, tuple[str, Callable[[], Any], Callable[[Any], None] | None]] = {}

    @property
    def workspace(self) -> Workspace:
        workspace = self.context.workspace
        if workspace is None:
            raise RuntimeError("The workspace is not open yet.")
        return workspace

    # -- the brief -------------------------------------------------------------------------
    def adopt(self, campaign_id: int, plan: CampaignPlan, brief: Brief) -> None:
        """Work on a stored campaign (continued from the Campaigns screen) instead of a new
        one; `brief` is what its Brand page shows."""
        self.campaign_id, self.plan, self.brief = campaign_id, plan, brief

    def save_brief(self, brief: Brief) -> None:
        """Create the campaign from the brief, or bring it up to date; a new site means the
        facts (and any copy made from them) are read again."""
        workspace = self.workspace
        actor = self.context.actor
        campaign_id = self.campaign_id
        services = self.jobs.services()

        def save() -> tuple[int, CampaignPlan]:
            claude = services.claude_available()  # may ask the keyring: not on the GUI thread
            campaigns = workspace.campaigns
            if campaign_id is None:
                campaign = campaigns.create(brief.name, actor=actor, source_url=brief.site)
            else:
                campaign = campaigns.rename(campaign_id, brief.name, actor=actor)
            campaigns.update(campaign.id, {
                "source_url": brief.site, "objective": brief.objective,
                "audience": brief.audience, "tone": brief.tone, "offer": brief.offer,
                "avoid_words": list(brief.avoid_words),
            }, actor=actor)
            plan = workspace.runs.plan(campaign.id) or CampaignPlan(
                campaign.id, writer="claude" if claude else "offline")
            if plan.site != brief.site:
                if plan.step.reached(Step.TRUTH):
                    workspace.runs.clear_copy(campaign.id)
                plan = replace(plan, site=brief.site, step=Step.NONE, pages=(),
                               site_images=(), logo_url="", warnings=())
            plan = workspace.runs.save_plan(replace(plan, platform=brief.platform))
            return campaign.id, plan

        def saved(result: tuple[int, CampaignPlan]) -> None:
            if self.closed:
                return
            self.saving = False
            self.campaign_id, self.plan = result
            self.brief = brief
            self.campaign_saved.emit(result[0])

        def failed(error: BaseException) -> None:
            if self.closed:
                return
            self.saving = False
            log.info("the brief could not be saved: %s", error)
            self.save_failed.emit(str(error) or error.__class__.__name__)

        self.saving = True
        self.context.runner.call("Saving the campaign", save, on_success=saved,
                                 on_failure=failed)

    def update_plan(self, then: Callable[[CampaignPlan], None] | None = None,
                    **changes: Any) -> None:
        """Change the plan (copy settings, formats, image mode) and save it."""
        if self.campaign_id is None:
            return
        workspace = self.workspace
        campaign_id = self.campaign_id

        def save() -> CampaignPlan:
            plan = workspace.runs.plan(campaign_id) or CampaignPlan(campaign_id)
            return workspace.runs.save_plan(replace(plan, **changes))

        def saved(plan: CampaignPlan) -> None:
            self.plan = plan
            if then is not None:
                then(plan)

        self.call("Saving the campaign's settings", save, saved)

    def refresh_plan(self, then: Callable[[CampaignPlan], None] | None = None) -> None:
        if self.campaign_id is None:
            return
        workspace, campaign_id = self.workspace, self.campaign_id

        def loaded(plan: CampaignPlan | None) -> None:
            if plan is not None:
                self.plan = plan
                if then is not None:
                    then(plan)

        self.call("Loading the campaign", lambda: workspace.runs.plan(campaign_id), loaded)

    def save_in_order(self, key: str, title: str, work: Callable[[], T],
                      on_success: Callable[[T], None] | None = None) -> None:
        """Saves of one thing (a fact, the brand's look) run one after another, never side by
        side: a save asked for while one is running waits, and of several waiting only the
        newest runs (each save writes the whole new state, so nothing is lost and an older
        state can never land after a newer one)."""
        if key in self._in_order:
            self._waiting[key] = (title, work, on_success)  # type: ignore[assignment]
            return
        self._in_order.add(key)

        def next_one() -> None:
            self._in_order.discard(key)
            waiting = self._waiting.pop(key, None)
            if waiting is not None:
                self.save_in_order(key, *waiting)

        def succeeded(result: T) -> None:
            next_one()
            if on_success is not None and not self.closed:
                on_success(result)

        def failed(error: BaseException) -> None:
            next_one()
            log.error("%s", title, exc_info=error)
            self.context.messages.show_error("The change could not be saved",
                                             str(error) or error.__class__.__name__,
                                             "Details are in the log file.")

        self.context.runner.call(title, work, on_success=succeeded, on_failure=failed)

    def guard(self, callback: Callable[..., None]) -> Callable[..., None]:
        """`callback`, skipped once the wizard has closed (for job outcomes)."""
        def guarded(*args: Any) -> None:
            if not self.closed:
                callback(*args)
        return guarded

    def call(self, title: str, work: Callable[[], T],
             on_success: Callable[[T], None] | None = None,
             failure: str = "The change could not be saved") -> None:
        """Run a query or save on the runner; a failure is reported through the bridge.

        The work always runs to the end (a save is never lost), but once the wizard has
        closed its answer is not shown any more.
        """
        def succeeded(result: T) -> None:
            if on_success is not None and not self.closed:
                on_success(result)

        def failed(error: BaseException) -> None:
            log.error("%s", title, exc_info=error)
            self.context.messages.show_error(failure, str(error) or error.__class__.__name__,
                                             "Details are in the log file.")

        self.context.runner.call(title, work, on_success=succeeded, on_failure=failed)


def thumbnail(data: bytes, width: int, height: int) -> QImage:
    """A cover-cropped thumbnail of image bytes as a QImage (safe on a worker thread)."""
    from PIL import ImageOps

    from brandtruth_desktop.core.imagery.loading import load_image

    image = ImageOps.fit(load_image(data).convert("RGBA"), (width, height))
    return pil_to_qimage(image)


def pil_to_qimage(image: Any) -> QImage:
    """A PIL image as a QImage that owns its pixels."""
    rgba = image.convert("RGBA")
    raw = rgba.tobytes("raw", "RGBA")
    qimage = QImage(raw, rgba.width, rgba.height, rgba.width * 4, QImage.Format.Format_RGBA8888)
    return qimage.copy()
