"""`CampaignWizard`: from a brand's site to a campaign of rendered ads, one page per step.

Pages: Brand → Brand truth → Copy → Images → Formats and render. The campaign is created when
the Brand page is left and everything after is saved as it arrives, so going Back keeps what
was entered, and closing the wizard keeps the campaign as a draft. Finishing starts the
rendering as a background job and closes the wizard; the Campaigns screen shows its progress.

Signals:
    campaign_saved(int): the campaign was created or changed (the Campaigns screen reloads).
    rendering_started(int): Finish started rendering this campaign; the wizard is closing.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QPushButton, QWidget, QWizard, QWizardPage

from brandtruth_desktop.core.pipeline import CampaignPlan, Step, run_campaign
from brandtruth_desktop.paths import resources_dir
from brandtruth_desktop.ui.wizard.brand_page import BrandPage
from brandtruth_desktop.ui.wizard.copy_page import CopyPage
from brandtruth_desktop.ui.wizard.formats_page import FormatsPage
from brandtruth_desktop.ui.wizard.images_page import ImagesPage
from brandtruth_desktop.ui.wizard.session import Brief, WizardSession
from brandtruth_desktop.ui.wizard.steps import StepsPanel
from brandtruth_desktop.ui.wizard.truth_page import TruthPage

if TYPE_CHECKING:
    from brandtruth_desktop.context import AppContext
    from brandtruth_desktop.core.models import Campaign
    from brandtruth_desktop.ui.pipeline_jobs import PipelineJobs
    from brandtruth_desktop.ui.theme import Theme

log = logging.getLogger(__name__)


class CampaignWizard(QWizard):
    """The five-page campaign wizard; see the module docstring."""

    campaign_saved = Signal(int)
    rendering_started = Signal(int)

    def __init__(self, context: AppContext, jobs: PipelineJobs, theme: Theme,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CampaignWizard")
        self.setWindowTitle("New campaign")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.steps = StepsPanel(theme)
        self.setSideWidget(self.steps)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoDefaultButton, False)
        self.setButtonText(QWizard.WizardButton.FinishButton, "Render and finish")
        self.setButtonText(QWizard.WizardButton.NextButton, "Next  ›")
        self.setButtonText(QWizard.WizardButton.BackButton, "‹  Back")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Close")
        self.setMinimumSize(1200, 800)
        self.session = WizardSession(context, jobs, self)
        self.brand_page = BrandPage(self.session, theme)
        self.truth_page = TruthPage(self.session, theme)
        self.copy_page = CopyPage(self.session, theme)
        self.images_page = ImagesPage(self.session, theme)
        self.formats_page = FormatsPage(self.session, theme)
        for page in (self.brand_page, self.truth_page, self.copy_page, self.images_page,
                     self.formats_page):
            self.addPage(page)
        # Buttons inside the pages never take Enter from the wizard's own Next/Finish (nor
        # look like the default button when they have focus).
        for page in self.pageIds():
            for button in self.page(page).findChildren(QPushButton):
                button.setAutoDefault(False)
                button.setDefault(False)
        self.session.campaign_saved.connect(self.campaign_saved)
        self.currentIdChanged.connect(lambda _id: self.steps.show_step(
            self.pageIds().index(self.currentId()) if self.currentId() in self.pageIds() else 0))
        self._rendering = False
        self._continue_to: QWizardPage | None = None  # continue_campaign's page to reach

    # -- continuing a stored campaign ----------------------------------------------------------
    def continue_campaign(self, campaign: Campaign, plan: CampaignPlan) -> None:
        """Work on a campaign that stopped part-way: the Brand page shows its brief, then the
        wizard moves on, page by page as each shows what is stored, to the page after the
        last finished step. Back reaches every earlier page; nothing is read or written
        again unless the person asks."""
        site = plan.site or campaign.source_url
        brief = Brief(
            name=campaign.name, site=site, objective=campaign.objective,
            audience=campaign.audience, platform=plan.platform, tone=campaign.tone,
            offer=campaign.offer, avoid_words=tuple(campaign.avoid_words),
            demo=site == str(resources_dir() / "demo_site"),
        )
        self.setWindowTitle(f"Campaign “{campaign.name}”")
        self.brand_page.show_brief(brief)
        self.session.adopt(campaign.id, plan, self.brand_page.brief())
        pages = [self.brand_page, self.truth_page, self.copy_page, self.images_page,
                 self.formats_page]
        stop = {Step.NONE: 1, Step.TRUTH: 2, Step.COPY: 3}.get(plan.step, 4)
        self._continue_to = pages[stop]
        for page in pages:
            page.completeChanged.connect(self._continue)
        # The person's own Back or Close ends the walk forward.
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
            self.button(which).clicked.connect(self._stop_continuing)
        QTimer.singleShot(0, self._continue)

    def _continue(self) -> None:
        target = self._continue_to
        if target is None or self.session.closed:
            return
        current = self.currentPage()
        if current is target:
            self._continue_to = None
        elif current.isComplete() and not self.session.saving:
            QTimer.singleShot(0, self._step_forward)

    def _step_forward(self) -> None:
        if self._continue_to is not None and self.currentPage() is not self._continue_to \
                and self.currentPage().isComplete():
            self.next()
            self._continue()

    def _stop_continuing(self) -> None:
        self._continue_to = None

    def accept(self) -> None:
        """Finish: render in the background (the wizard closes at once)."""
        campaign_id = self.session.campaign_id
        if campaign_id is None or self._rendering:
            return
        self._rendering = True
        name = self.session.brief.name if self.session.brief else "the campaign"
        messages = self.session.context.messages

        def failed(error: BaseException) -> None:
            messages.show_error(f"“{name}” could not be rendered", str(error),
                                "What was rendered is kept. Open the campaign to try again.")

        self.session.jobs.start(
            campaign_id, run_campaign, f"Rendering “{name}”", kind="render",
            on_success=lambda _plan: messages.info(f"“{name}” is ready for review.", 8000),
            on_failure=failed,
            on_cancelled=lambda: messages.info(
                f"Rendering “{name}” stopped; what was rendered is kept.", 8000),
            formats=self.formats_page.formats(),
        )
        self.rendering_started.emit(campaign_id)
        super().accept()

    def reject(self) -> None:
        """Close: stop reading or writing in progress; the campaign stays as a draft."""
        campaign_id = self.session.campaign_id
        if campaign_id is not None and not self._rendering:
            self.session.jobs.cancel(campaign_id)
            self.session.context.messages.info(
                "The campaign was kept as a draft with everything found so far; open it from "
                "the Campaigns screen to carry on.", 8000)
        super().reject()

    def done(self, result: int) -> None:
        self.session.closed = True
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.reject()
        event.accept()

    def keyPressEvent(self, event: object) -> None:
        # Escape closes like the Close button (QWizard does; keep it explicit for clarity).
        if getattr(event, "key", lambda: None)() == Qt.Key.Key_Escape:
            self.reject()
            return
        super().keyPressEvent(event)  # type: ignore[arg-type]
