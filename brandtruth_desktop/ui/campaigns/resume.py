"""Starting campaigns from the Campaigns screen: the wizard, the demo brand, and resuming.

Signals:
    campaign_changed(int): a campaign was created or started working (the list reloads and
        selects it).
    review_requested(int): a finished campaign with ads was opened (Enter or double click);
        the main window shows it on the Review screen.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from brandtruth_desktop.core.pipeline import CampaignCounts, CampaignPlan, Writer
from brandtruth_desktop.paths import resources_dir

if TYPE_CHECKING:
    from brandtruth_desktop.context import AppContext
    from brandtruth_desktop.core.models import Campaign
    from brandtruth_desktop.ui.pipeline_jobs import PipelineJobs
    from brandtruth_desktop.ui.theme import Theme
    from brandtruth_desktop.ui.wizard import CampaignWizard

log = logging.getLogger(__name__)

DEMO_NAME = "Otterdesk demo"


def prepare_wizard() -> None:
    """Import the wizard, the pipeline and the integrations it uses (on a worker thread)."""
    import importlib

    for name in (
        "ui.wizard", "campaign_services", "cli_generate", "core.pipeline",
        "integrations.web_fetcher", "storage.pipeline_store", "integrations.brand_images",
        "integrations.stock_cache", "integrations.local_files", "core.imagery.usage",
        "core.imagery.search_terms", "ui.wizard.picture_sources",
    ):
        importlib.import_module(f"brandtruth_desktop.{name}")


@dataclass(frozen=True, slots=True)
class CampaignState:
    """What the screen needs to know to offer a resume."""

    campaign: Campaign
    plan: CampaignPlan | None
    counts: CampaignCounts


class CampaignStarter(QObject):
    """Opens the wizard, makes the demo campaign and resumes unfinished ones."""

    campaign_changed = Signal(int)
    review_requested = Signal(int)  # a finished campaign with ads: the main window opens Review

    def __init__(self, context: AppContext, jobs: PipelineJobs, theme: Theme,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self._context = context
        self._jobs = jobs
        self._theme = theme
        self._parent = parent
        self.wizard: CampaignWizard | None = None

    # -- the wizard ------------------------------------------------------------------------
    def open_wizard(self, *, demo: bool = False) -> CampaignWizard:
        """Show the campaign wizard (window-modal, so the app keeps running behind it)."""
        from brandtruth_desktop.ui.wizard import CampaignWizard

        if self.wizard is not None and self.wizard.isVisible():
            self.wizard.raise_()
            self.wizard.activateWindow()
            return self.wizard
        wizard = CampaignWizard(self._context, self._jobs, self._theme, self._parent.window())
        wizard.campaign_saved.connect(self.campaign_changed)
        wizard.rendering_started.connect(self.campaign_changed)
        wizard.finished.connect(lambda _result: self._wizard_closed(wizard))
        self.wizard = wizard
        if demo:
            wizard.brand_page.use_demo()
        wizard.open()
        return wizard

    def _wizard_closed(self, wizard: CampaignWizard) -> None:
        if wizard.session.campaign_id is not None:
            self.campaign_changed.emit(wizard.session.campaign_id)
        if self.wizard is wizard:
            self.wizard = None
        wizard.deleteLater()

    # -- the demo --------------------------------------------------------------------------
    def start_demo(self) -> None:
        """Create the demo brand's campaign and run it start to finish, offline."""
        workspace = self._context.workspace
        if workspace is None:
            return
        actor = self._context.actor
        site = str(resources_dir() / "demo_site")

        def create() -> int:
            name = DEMO_NAME
            number = 2
            while workspace.campaigns.find(name) is not None:
                name = f"{DEMO_NAME} {number}"
                number += 1
            campaign = workspace.campaigns.create(name, actor=actor, source_url=site)
            workspace.campaigns.update(campaign.id, {"objective": "traffic"}, actor=actor)
            workspace.runs.save_plan(CampaignPlan(campaign.id, site=site,
                                                  writer=Writer.OFFLINE.value))
            return campaign.id

        def created(campaign_id: int) -> None:
            self._run(campaign_id, "Making the demo campaign", offline=True)
            self.campaign_changed.emit(campaign_id)

        self._context.runner.call("Creating the demo campaign", create, on_success=created,
                                  on_failure=self._failed("The demo campaign could not be "
                                                          "made"))

    # -- resuming --------------------------------------------------------------------------
    def offer_resume(self, campaign_id: int) -> None:
        """If the campaign stopped part-way, ask whether to finish it, and do so."""
        workspace = self._context.workspace
        if workspace is None:
            return
        if self._jobs.is_running(campaign_id):
            self._context.messages.info("This campaign is being worked on; its counts update "
                                        "as each step is saved.")
            return

        def load() -> CampaignState | None:
            campaign = workspace.campaigns.get(campaign_id)
            if campaign is None:
                return None
            return CampaignState(campaign, workspace.runs.plan(campaign_id),
                                 workspace.runs.counts(campaign_id))

        self._context.runner.call("Opening the campaign", load, on_success=self._ask,
                                  on_failure=self._failed("The campaign could not be opened"))

    def _ask(self, state: CampaignState | None) -> None:
        if state is None:
            return
        plan = state.plan
        name = state.campaign.name
        if plan is None or plan.finished:
            if state.counts.variants:
                self.review_requested.emit(state.campaign.id)
                return
            self._context.messages.info(
                f"“{name}” has no ads yet: make them with New campaign.", 8000)
            return
        from brandtruth_desktop.core.pipeline import STEP_LABELS, remaining_steps

        steps = remaining_steps(plan)
        done = (f"{state.counts.facts} facts, {state.counts.variants} ads and "
                f"{state.counts.renders} images are saved.")
        todo = ", ".join(STEP_LABELS[step].lower() for step in steps)
        box = QMessageBox(QMessageBox.Icon.Question, "Resume campaign",
                          f"“{name}” stopped before it was finished. {done}",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                          | QMessageBox.StandardButton.Cancel, self._parent)
        box.setInformativeText(
            f"Still to do: {todo}. Continue in the wizard to check the facts, ads and pictures "
            "on the way, or let BrandTruth finish it in the background. Nothing already "
            "saved is made again.")
        box.button(QMessageBox.StandardButton.Yes).setText("Continue in the &wizard")
        box.button(QMessageBox.StandardButton.No).setText("&Finish in the background")
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        answer = box.exec()
        box.deleteLater()
        if answer == QMessageBox.StandardButton.Yes:
            self.continue_in_wizard(state.campaign, plan)
        elif answer == QMessageBox.StandardButton.No:
            self.resume(state.campaign.id, name)

    def continue_in_wizard(self, campaign: Campaign, plan: CampaignPlan) -> CampaignWizard:
        """Open the wizard on a stored campaign, at the step where it stopped."""
        wizard = self.open_wizard()
        if wizard.session.campaign_id is None:
            wizard.continue_campaign(campaign, plan)
        return wizard

    def resume(self, campaign_id: int, name: str = "the campaign") -> None:
        """Run every unfinished step of the campaign in the background."""
        self._run(campaign_id, f"Finishing “{name}”")
        self.campaign_changed.emit(campaign_id)

    def _run(self, campaign_id: int, title: str, *, offline: bool = False) -> None:
        from brandtruth_desktop.core.pipeline import run_campaign

        messages = self._context.messages

        def failed(error: BaseException) -> None:
            messages.show_error(f"{title} failed", str(error) or error.__class__.__name__,
                                "What was finished is kept; open the campaign to resume it.")

        try:
            self._jobs.start(
                campaign_id, run_campaign, title, kind="pipeline", offline=offline,
                on_success=lambda _plan: messages.info(f"{title}: done.", 8000),
                on_failure=failed,
                on_cancelled=lambda: messages.info(f"{title}: stopped; what was finished is "
                                                   "kept.", 8000),
            )
        except RuntimeError as error:
            messages.info(str(error))

    def _failed(self, title: str) -> Any:
        def report(error: BaseException) -> None:
            log.error("%s", title, exc_info=error)
            self._context.messages.show_error(title, str(error) or error.__class__.__name__,
                                              "Details are in the log file.")
        return report
