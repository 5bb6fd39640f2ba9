"""Page 2, Brand truth: the site is read (live progress, cancel), then every fact is shown
grouped by kind with its quote, source page and risk, for the person to check.

They can edit a fact's text, change its risk, delete it, add one by hand (marked as theirs),
and exclude facts from ads; the logo and colours can be replaced. Every change is saved at
once, on the job runner.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QIcon, QImage, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.core.models import BrandProfile, Fact
from brandtruth_desktop.core.pipeline import FactsSaved, Step, read_brand
from brandtruth_desktop.ui.wizard.brand_look import BrandLook, logo_image, store_logo
from brandtruth_desktop.ui.wizard.fact_dialog import FactDialog
from brandtruth_desktop.ui.wizard.fact_model import (
    RISK_LABELS,
    FactColumn,
    FactRole,
    FactTreeModel,
    page_name,
)
from brandtruth_desktop.ui.wizard.fact_view import FactTreeView
from brandtruth_desktop.ui.wizard.session import WizardSession
from brandtruth_desktop.ui.wizard.steps import add_page_header

if TYPE_CHECKING:
    from brandtruth_desktop.ui.theme import Theme
    from brandtruth_desktop.workers import JobHandle

log = logging.getLogger(__name__)
IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp)"


class TruthPage(QWizardPage):
    """The facts the site states, for the person to check; see the module docstring."""

    def __init__(self, session: WizardSession, theme: Theme, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("TruthPage")
        self._subtitle = ("What the brand's own pages say. Ads will say nothing else, so check "
                         "it: edit, exclude, delete or add facts.")
        self.model = FactTreeModel(self)
        self.profile: BrandProfile | None = None
        self._job: JobHandle[Any] | None = None
        self._read_site: str | None = None
        self._build(theme)
        self.model.fact_edited.connect(self._save_fact)
        session.jobs.event.connect(self._event)
        session.context.runner.progress.connect(self._progress)

    # -- building ---------------------------------------------------------------------------
    def _build(self, theme: Theme) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(12)
        add_page_header(layout, "Brand truth", self._subtitle)
        status = QHBoxLayout()
        status.setSpacing(10)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setFixedWidth(220)
        self.progress.setTextVisible(False)
        self.cancel_button = QPushButton(theme.icon("cancel"), "Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.again_button = QPushButton("Read the site again")
        self.again_button.clicked.connect(self.read_site)
        status.addWidget(self.status, 1)
        status.addWidget(self.progress)
        status.addWidget(self.cancel_button)
        status.addWidget(self.again_button)
        layout.addLayout(status)
        self.warnings = QLabel("")
        self.warnings.setObjectName("Banner")
        self.warnings.setWordWrap(True)
        self.warnings.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warnings.setVisible(False)
        layout.addWidget(self.warnings)

        body = QHBoxLayout()
        body.setSpacing(16)
        facts = QVBoxLayout()
        facts.setSpacing(8)
        tools = QHBoxLayout()
        tools.setSpacing(6)
        self.count_label = QLabel("")
        self.count_label.setObjectName("Muted")
        tools.addWidget(self.count_label, 1)
        self.add_action = self._action(theme, "add", "&Add fact…", "Ctrl+Shift+A", self.add_fact)
        self.edit_action = self._action(theme, "rename", "&Edit…", "Ctrl+E", self.edit_fact)
        self.delete_action = self._action(theme, "delete", "&Delete",
                                          QKeySequence.StandardKey.Delete, self.delete_selected)
        self.open_action = self._action(theme, "", "&Open page", "Ctrl+Return",
                                        self.open_selected)
        for action in (self.add_action, self.edit_action, self.delete_action, self.open_action):
            button = QPushButton(action.icon(), action.text().replace("&", ""))
            button.setToolTip(f"{action.text().replace('&', '')} "
                              f"({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
            button.clicked.connect(action.trigger)
            button.setEnabled(action.isEnabled())
            action.enabledChanged.connect(button.setEnabled)
            tools.addWidget(button)
        facts.addLayout(tools)
        self.view = FactTreeView(theme)
        self.view.setModel(self.model)
        self.view.open_source.connect(self._open_url)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.view.addActions([self.add_action, self.edit_action, self.delete_action,
                              self.open_action])
        facts.addWidget(self.view, 1)
        self.detail = QLabel("")
        self.detail.setObjectName("FactDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.detail.linkActivated.connect(self._open_url)
        self.detail.setMinimumHeight(44)
        facts.addWidget(self.detail)
        body.addLayout(facts, 1)
        self.look = BrandLook(theme)
        self.look.setFixedWidth(244)
        self.look.replace_logo.connect(self.choose_logo)
        self.look.colours_changed.connect(self._save_colours)
        body.addWidget(self.look)
        layout.addLayout(body, 1)
        self.model.rowsInserted.connect(lambda *_: self._after_change())
        self.model.rowsRemoved.connect(lambda *_: self._after_change())
        self.model.dataChanged.connect(lambda *_: self._after_change())
        self._update_actions()

    def _action(self, theme: Theme, icon: str, text: str, shortcut: Any, slot: Any) -> QAction:
        action = QAction(theme.icon(icon) if icon else QIcon(), text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        return action

    # -- reading the site -------------------------------------------------------------------
    def initializePage(self) -> None:
        plan = self.session.plan
        if plan is None:
            return
        if self._job is not None and self._job.active:
            return
        if self._read_site is None and plan.step.reached(Step.TRUTH):
            self.show_stored()  # a campaign continued in the wizard: its site was read before
        elif not plan.step.reached(Step.TRUTH) or self._read_site != plan.site:
            self.read_site()
        self.view.setFocus()

    def show_stored(self) -> None:
        """Show the facts stored for the campaign (with the person's edits), without reading
        the site again."""
        campaign_id = self.session.campaign_id
        plan = self.session.plan
        if campaign_id is None or plan is None:
            return
        workspace = self.session.workspace
        self._read_site = plan.site
        self._set_running(False, "Loading the facts…")

        def shown(facts: list[Fact]) -> None:
            self.model.replace_all(facts)
            if plan.warnings:
                self.warnings.setText("\n".join(f"⚠  {w}" for w in plan.warnings))
            self.warnings.setVisible(bool(plan.warnings))
            self.view.expandAll()
            self._finished()

        self.session.call("Loading the facts", lambda: workspace.content.facts(campaign_id),
                          shown, failure="The campaign's facts could not be loaded")
        self._load_brand()

    def read_site(self) -> None:
        """Fetch and extract the campaign's site (replacing the facts shown)."""
        campaign_id = self.session.campaign_id
        plan = self.session.plan
        if campaign_id is None or plan is None or self.session.jobs.is_running(campaign_id):
            return
        self.model.replace_all([])
        self.warnings.setVisible(False)
        self._read_site = plan.site
        self._set_running(True, "Fetching the site…")
        self._job = self.session.jobs.start(
            campaign_id, read_brand, "Reading the brand's site", kind="extract",
            on_success=self.session.guard(lambda _truth: self._finished()),
            on_failure=self.session.guard(self._failed),
            on_cancelled=self.session.guard(self._cancelled),
        )

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.status.setText("Stopping…")

    def _progress(self, job_id: int, progress: Progress) -> None:
        if self._job is None or job_id != self._job.id:
            return
        if progress.total:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(progress.done)
        else:
            self.progress.setRange(0, 0)
        self.status.setText(progress.message)

    def _event(self, event: object) -> None:
        if not isinstance(event, FactsSaved) or event.campaign_id != self.session.campaign_id:
            return
        self.model.replace_all(list(event.facts))
        truth = event.truth
        if truth.warnings:
            self.warnings.setText("\n".join(f"⚠  {w}" for w in truth.warnings))
        self.warnings.setVisible(bool(truth.warnings))
        self.view.expandAll()
        self._load_brand()

    def _finished(self) -> None:
        self._job = None

        def refreshed(plan: Any) -> None:
            facts = self.model.facts()
            pages = len(plan.pages)
            self._set_running(False, f"{len(facts)} facts found on {pages} page"
                              f"{'s' if pages != 1 else ''} of the brand's site.")

        self._set_running(False, f"{len(self.model.facts())} facts found.")
        self.session.refresh_plan(refreshed)
        self.view.setFocus()
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0, self.model.index(0, 0)))

    def _failed(self, error: BaseException) -> None:
        self._job = None
        self._read_site = None
        self._set_running(False, "")
        self.status.setText(f"The site could not be read. {error}\nGo Back to change the "
                            "address, or read it again.")
        self.status.setProperty("error", True)
        self.status.style().polish(self.status)

    def _cancelled(self) -> None:
        self._job = None
        self._read_site = None
        self._set_running(False, "Stopped. The pages fetched so far are kept; read the site "
                                 "again to find its facts.")

    def _set_running(self, running: bool, text: str) -> None:
        self.status.setProperty("error", False)
        self.status.style().polish(self.status)
        self.status.setText(text)
        self.progress.setVisible(running)
        self.progress.setRange(0, 0)
        self.cancel_button.setVisible(running)
        self.again_button.setVisible(not running and self.session.campaign_id is not None)
        self.completeChanged.emit()
        self._update_actions()

    def running(self) -> bool:
        return self._job is not None and self._job.active

    # -- the brand's look -------------------------------------------------------------------
    def _load_brand(self) -> None:
        campaign_id = self.session.campaign_id
        if campaign_id is None:
            return
        workspace = self.session.workspace

        def load() -> tuple[BrandProfile | None, QImage | None]:
            profile = workspace.content.brand_profile(campaign_id)
            image = None
            if profile is not None and profile.logo_sha256:
                try:
                    with workspace.assets.open(profile.logo_sha256) as handle:
                        image = logo_image(handle.read())
                except (OSError, ValueError):
                    image = None
            return profile, image

        def loaded(result: tuple[BrandProfile | None, QImage | None]) -> None:
            profile, image = result
            self.profile = profile
            if profile is not None:
                self.look.set_brand(profile.brand_name, profile.tagline, list(profile.colors))
            self.look.set_logo(image)

        self.session.call("Loading the brand", load, loaded)

    def choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose the brand's logo", "", IMAGE_FILTER)
        if path:
            self.replace_logo(path)

    def replace_logo(self, path: str) -> None:
        """Use the image file at `path` as the brand's logo (checked and stored off-thread)."""
        campaign_id, workspace = self.session.campaign_id, self.session.workspace
        if campaign_id is None:
            return

        def store() -> tuple[BrandProfile, QImage]:
            return store_logo(workspace, campaign_id, path)

        def stored(result: tuple[BrandProfile, QImage]) -> None:
            self.profile = result[0]
            self.look.set_logo(result[1])

        self.session.save_in_order("brand", "Replacing the logo", store, stored)

    def _save_colours(self, colours: list[str]) -> None:
        campaign_id, workspace = self.session.campaign_id, self.session.workspace
        if campaign_id is None:
            return
        wanted = tuple(colours)

        def save() -> BrandProfile | None:
            profile = workspace.content.brand_profile(campaign_id)
            if profile is None:
                return None
            return workspace.runs.update_brand(replace(profile, colors=wanted))

        def saved(profile: BrandProfile | None) -> None:
            if profile is not None:
                self.profile = profile

        self.session.save_in_order("brand", "Saving the colours", save, saved)

    # -- facts ------------------------------------------------------------------------------
    def selected_facts(self) -> list[Fact]:
        rows = self.view.selectionModel().selectedRows(FactColumn.TEXT)
        return [fact for fact in (r.data(FactRole.FACT) for r in rows) if isinstance(fact, Fact)]

    def _save_fact(self, fact: Fact) -> None:
        campaign_id, workspace = self.session.campaign_id, self.session.workspace
        if campaign_id is not None:
            self.session.save_in_order(f"fact:{fact.id}", "Saving the fact",
                                       lambda: workspace.runs.save_fact(campaign_id, fact))

    def add_fact(self) -> None:
        dialog = FactDialog(self)
        if dialog.exec() == FactDialog.DialogCode.Accepted:
            self.add(dialog.result_fact())

    def add(self, fact: Fact) -> None:
        """Add a fact (shown at once, saved on the runner)."""
        self.model.add_fact(fact)
        self.view.expandAll()
        self.view.setCurrentIndex(self.model.index_of(fact.id))
        self._save_fact(fact)

    def edit_fact(self) -> None:
        facts = self.selected_facts()
        if not facts:
            return
        dialog = FactDialog(self, facts[0])
        if dialog.exec() == FactDialog.DialogCode.Accepted:
            changed = dialog.result_fact()
            self.model.update_fact(changed)
            self._save_fact(changed)

    def delete_selected(self) -> None:
        """Delete the selected facts (from the view at once, from the campaign on the runner)."""
        facts = self.selected_facts()
        campaign_id, workspace = self.session.campaign_id, self.session.workspace
        if not facts or campaign_id is None:
            return
        for fact in facts:
            self.model.remove_fact(fact.id)
            self.session.save_in_order(
                f"fact:{fact.id}", "Deleting a fact",
                lambda fact_id=fact.id: workspace.runs.delete_fact(campaign_id, fact_id))

    def open_selected(self) -> None:
        facts = self.selected_facts()
        if facts and facts[0].source_url:
            self._open_url(facts[0].source_url)

    def _open_url(self, url: str) -> None:
        QDesktopServices.openUrl(QUrl(url))

    def _after_change(self) -> None:
        facts = self.model.facts()
        used = sum(1 for fact in facts if not fact.excluded)
        self.count_label.setText(
            f"{len(facts)} facts · {used} used in ads · {len(facts) - used} excluded"
            if facts else "")
        self.completeChanged.emit()
        self._update_actions()

    def _show_detail(self) -> None:
        facts = self.selected_facts()
        if not facts:
            self.detail.setText("Select a fact to see the exact words on the page it comes from "
                                "and why it has its risk. Space includes or excludes it; F2 "
                                "edits it; Ctrl+Enter opens its page.")
            return
        fact = facts[0]
        where = (f'<a href="{escape(fact.source_url)}">{escape(page_name(fact.source_url))}</a>'
                 if fact.source_url else "added by you")
        quote = "" if fact.user_supplied else f"“{escape(fact.quote)}” · "
        reason = f" ({escape(fact.risk_reason)})" if fact.risk_reason else ""
        self.detail.setText(f"<b>The page says:</b> {quote}{where} · "
                            f"<b>Risk:</b> {RISK_LABELS[fact.risk]}{reason}")

    def _update_actions(self) -> None:
        self._show_detail()
        has = bool(self.selected_facts())
        ready = not self.running() and self.session.campaign_id is not None
        plan = self.session.plan
        self.add_action.setEnabled(ready and plan is not None and plan.step.reached(Step.TRUTH))
        self.edit_action.setEnabled(ready and has)
        self.delete_action.setEnabled(ready and has)
        self.open_action.setEnabled(has)

    # -- QWizardPage ------------------------------------------------------------------------
    def isComplete(self) -> bool:
        plan = self.session.plan
        return (not self.running() and plan is not None and plan.step.reached(Step.TRUTH)
                and any(not fact.excluded for fact in self.model.facts()))

    def cleanupPage(self) -> None:
        """Going Back keeps what was found (nothing is reset)."""
