"""The publish panel: one campaign's approved ads to Meta, every object PAUSED.

The person picks where (ad account, Page), what (objective, budget, schedule, audience, link
and button per ad, formats, placements), checks the plan (the dry run: nothing is sent; errors
block publishing), then publishes: a stage on the job runner with progress per object and
Cancel between objects. A publish cut short resumes where it stopped; when Meta asks to
reconnect (error 190) the panel steps aside for Settings → Meta, keeping everything entered,
and comes back once the connection works again.

All work runs on the job runner: reading the campaign and planning (database), listing
accounts, Pages and interests, and publishing (network).

Signals:
    meta_settings_requested(): show Settings → Meta (to connect or reconnect).
    published(int, object): the campaign's id and the `PublishResult`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QMessageBox,
    QPushButton,
    QWidget,
)
from shiboken6 import isValid

from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.core.publish import PublishPlan, PublishResult, PublishSettings
from brandtruth_desktop.integrations.meta.errors import MetaError
from brandtruth_desktop.integrations.meta.oauth import OAuthError
from brandtruth_desktop.publish_services import PublishServices
from brandtruth_desktop.ui.publish import jobs
from brandtruth_desktop.ui.publish.connection_bar import paint_pill, publish_question
from brandtruth_desktop.ui.publish.panel_layout import (
    TAB_ADS,
    TAB_PLAN,
    TAB_PUBLISH,
    PublishPanelLayout,
)
from brandtruth_desktop.ui.publish.variants import Column

if TYPE_CHECKING:
    from brandtruth_desktop.context import AppContext
    from brandtruth_desktop.integrations.meta.connection import MetaConnection
    from brandtruth_desktop.ui.meta_session import MetaSession
    from brandtruth_desktop.ui.theme import Theme
    from brandtruth_desktop.workers import JobHandle

log = logging.getLogger(__name__)


class PublishPanel(PublishPanelLayout, QDialog):
    """Publishes one campaign to Meta (see the module docstring)."""

    meta_settings_requested = Signal()
    published = Signal(int, object)

    def __init__(self, context: AppContext, theme: Theme, session: MetaSession,
                 campaign_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if context.workspace is None:
            raise RuntimeError("The workspace is not open yet.")
        self.context = context
        self.theme = theme
        self.session = session
        self.campaign_id = campaign_id
        self.services = PublishServices(context.workspace, lambda: session.account().client(),
                                        actor=context.actor)
        self.data: jobs.CampaignToPublish | None = None
        self.report: jobs.CheckReport | None = None
        self.result: PublishResult | None = None
        self._stale = False
        self._publishing: JobHandle[Any] | None = None
        self._publishing_plan: PublishPlan | None = None
        self._waiting_for_reconnect = False
        self._destinations_loaded = False
        self._listing = False
        # Whether a Meta login is saved: read from the keyring on the runner (a locked keyring
        # waits for its unlock prompt); None until the answer, shown meanwhile as "checking".
        self._token_saved: bool | None = None
        self._plans_asked = 0
        self._names: dict[str, str] = {}
        self.confirmation: QMessageBox | None = None
        self.setObjectName("PublishPanel")
        self.setWindowTitle("Publish to Meta")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setModal(False)
        self.resize(1240, 820)
        self._build()
        self._connect()
        self._show_connection(session.connection)
        self._load()

    def _connect(self) -> None:
        self.form.changed.connect(self._settings_changed)
        self.form.formats_changed.connect(self._plan_eligibility)
        self.form.reload_requested.connect(self.load_destinations)
        self.form.interests.search_requested.connect(self._search_interests)
        self.ads_model.dataChanged.connect(self._ads_edited)
        self.form.url_edit.textChanged.connect(self._defaults_changed)
        self.form.cta_combo.currentIndexChanged.connect(self._defaults_changed)
        self.banner.settings_requested.connect(self.meta_settings_requested)
        self.banner.retry_requested.connect(self.load_destinations)
        self.check_button.clicked.connect(self.check)
        self.publish_button.clicked.connect(self.confirm_publish)
        self.cancel_button.clicked.connect(self.cancel_publish)
        self.close_button.clicked.connect(self.close)
        self.session.changed.connect(self._show_connection)
        self.session.back_requested.connect(self._back_requested)
        self.context.runner.progress.connect(self._job_progress)
        self.theme.changed.connect(self._theme_changed)

    # -- loading -----------------------------------------------------------------------------
    def _load(self) -> None:
        workspace = self.context.workspace
        assert workspace is not None
        self.context.runner.call(
            "Opening the campaign to publish", lambda: jobs.load_campaign(workspace,
                                                                          self.campaign_id),
            on_success=self._loaded, on_failure=self._load_failed)
        if self.session.connection is not None and self.session.connection.usable:
            self.load_destinations()
        self.context.runner.call("Looking for a saved Meta login", self.session.has_token,
                                 on_success=self._token_read,
                                 on_failure=lambda _error: self._token_read(False))

    def _token_read(self, saved: bool) -> None:
        if not isValid(self):
            return
        self._token_saved = saved
        if self.session.connection is None and saved:
            self.session.check()
        self._show_connection(self.session.connection)

    def _loaded(self, data: jobs.CampaignToPublish) -> None:
        self.data = data
        campaign = data.campaign
        self.setWindowTitle(f"Publish “{campaign.name}” to Meta")
        self.title.setText(f"Publish “{campaign.name}” to Meta")
        self.ads_model.set_variants(data.variants)
        self.form.name_edit.setText(campaign.name)
        if campaign.source_url.startswith(("http://", "https://")):
            self.form.url_edit.setText(campaign.source_url)
        last = data.last_settings
        if last is not None:
            self.form.apply(last)
            self.ads_model.apply_destinations(dict(last.destinations))
        self.form.set_formats(data.formats, last.formats if last is not None else ())
        self._update_subtitle()
        self._update_buttons()

    def _load_failed(self, error: BaseException) -> None:
        self.subtitle.setText(f"The campaign could not be opened: {error}")
        self.check_button.setEnabled(False)

    def load_destinations(self) -> None:
        """List the login's ad accounts and Pages (network, on the runner)."""
        if self._listing:
            return
        self._listing = True
        self.form.set_destinations_placeholder("Listing your ad accounts…", "Listing your Pages…")
        self.context.runner.call(
            "Listing Meta ad accounts and Pages",
            lambda: jobs.list_destinations(self.session.account()),
            on_success=self._destinations_listed, on_failure=self._destinations_failed)

    def _destinations_listed(self, found: jobs.Destinations) -> None:
        self._listing = False
        self._destinations_loaded = True
        self._names = {a.id: a.name for a in found.accounts}
        self._names.update({p.id: p.name for p in found.pages})
        self.form.set_destinations(found.accounts, found.pages)
        if not self._reconnect_shown():
            self.banner.setVisible(False)

    def _destinations_failed(self, error: BaseException) -> None:
        self._listing = False
        self.form.set_destinations_placeholder("Ad accounts could not be listed",
                                               "Pages could not be listed")
        if isinstance(error, MetaError) and error.needs_reconnect:
            self.session.report_reconnect(str(error))
            return
        self.banner.show_message("Your ad accounts could not be listed", str(error),
                                 "Try again", "retry")

    # -- the connection ----------------------------------------------------------------------
    def _show_connection(self, connection: MetaConnection | None) -> None:
        has_token = self._token_saved is not False
        paint_pill(self.connection_label, connection, has_token, self.theme.dark)
        self.banner.show_connection(connection, has_token, busy=self._listing)
        if connection is not None and connection.state.value == "not_connected":
            # Disconnected: the lists belong to a login that is gone.
            self._destinations_loaded = False
            self.form.set_destinations_placeholder("Connect to Meta to list your ad accounts",
                                                   "Connect to Meta to list your Pages")
        if connection is not None and connection.usable:
            if not self._destinations_loaded:
                self.load_destinations()
            if self._waiting_for_reconnect:
                self._waiting_for_reconnect = False
                self._return(f"Reconnected as {connection.user_name or 'you'}. Press Publish "
                             "to continue where it stopped.")
        self._update_buttons()

    def _reconnect_shown(self) -> bool:
        connection = self.session.connection
        return connection is not None and not connection.usable

    def _back_requested(self) -> None:
        if self._waiting_for_reconnect:
            self._return("")

    def _return(self, message: str) -> None:
        self.show()
        self.raise_()
        self.activateWindow()
        if message:
            self.progress_view.show_stopped(f"<b>{message}</b>")
        self.check()

    # -- planning ----------------------------------------------------------------------------
    def current_settings(self) -> PublishSettings:
        return self.form.settings(self.ads_model.destinations())

    def _plan_eligibility(self) -> None:
        """Which ads the current formats publish (greys out the others, with the reason)."""
        if self.data is None:
            return
        self._plans_asked += 1
        asked = self._plans_asked
        settings = self.current_settings()

        def planned(plan: PublishPlan) -> None:
            if asked == self._plans_asked:
                self.ads_model.set_plan(plan)
                self._update_subtitle()

        self.context.runner.call("Planning the publish",
                                 lambda: self.services.plan(self.campaign_id, settings),
                                 on_success=planned)

    def check(self) -> None:
        """The dry run: build and check every request (nothing is sent)."""
        if self.data is None or self._publishing is not None:
            return
        workspace = self.context.workspace
        assert workspace is not None
        settings = self.current_settings()
        self.check_button.setEnabled(False)
        self.footer.setText("Checking the plan…")

        def checked(report: jobs.CheckReport) -> None:
            self.report = report
            self._stale = False
            self.ads_model.set_plan(report.plan)
            self.plan_view.show_report(report, self._names)
            self._update_subtitle()
            self.footer.setText(report.verdict())
            if self.tabs.currentIndex() != TAB_PUBLISH or self.result is not None:
                self.tabs.setCurrentIndex(TAB_PLAN)
            self.progress_view.show_resume_note(
                report.resumption.describe() if report.resumption is not None
                and self.result is None else "")
            self._update_buttons()

        def failed(error: BaseException) -> None:
            self.footer.setText(f"The plan could not be built: {error}")
            self._update_buttons()

        self.context.runner.call(
            "Checking the publish plan",
            lambda: jobs.check(self.services, workspace, self.campaign_id, settings),
            on_success=checked, on_failure=failed)

    def _settings_changed(self) -> None:
        if self.report is not None and not self._stale and self._publishing is None:
            self._stale = True
            self.plan_view.mark_stale(True)
            self.footer.setText("You changed the settings: check the plan again before "
                                "publishing.")
        self._update_buttons()

    def _ads_edited(self, top_left: Any, _bottom_right: Any, roles: Any = ()) -> None:
        if (top_left.column() in (Column.LINK, Column.BUTTON)
                and Qt.ItemDataRole.EditRole in (roles or ())):
            self._settings_changed()

    def _defaults_changed(self, _value: object = None) -> None:
        self.ads_model.set_defaults(self.form.url_edit.text(),
                                    str(self.form.cta_combo.currentData() or ""))

    # -- publishing --------------------------------------------------------------------------
    def confirm_publish(self) -> QMessageBox | None:
        """Ask before anything is created in Meta (window-modal, non-blocking)."""
        report = self.report
        if report is None or report.blocked or self._stale:
            return None
        account = self._names.get(report.plan.settings.ad_account_id,
                                  report.plan.settings.ad_account_id)
        box, publish = publish_question(self, report, account)
        box.finished.connect(lambda _r: self._confirmed(box, publish))
        self.confirmation = box
        box.open()
        return box

    def _confirmed(self, box: QMessageBox, publish: QPushButton) -> None:
        self.confirmation = None
        box.deleteLater()
        if box.clickedButton() == publish:
            self.start_publish()

    def start_publish(self) -> None:
        """Run the publish stage of the checked plan on the runner."""
        report = self.report
        if report is None or report.blocked or self._stale or self._publishing is not None:
            return
        plan = report.plan
        self._publishing_plan = plan
        self.result = None
        resumed = report.resumption.existing if report.resumption else 0
        self.progress_view.start(plan, resumed)
        self.tabs.setCurrentIndex(TAB_PUBLISH)
        self.footer.setText("Publishing to Meta…")
        self._publishing = self.context.runner.start(
            f"Publishing “{plan.campaign_name}” to Meta", lambda: self.services.publish(plan),
            on_success=self._published, on_failure=self._publish_failed,
            on_cancelled=self._publish_cancelled, kind="publish")
        self._update_buttons()

    def cancel_publish(self) -> None:
        """Stop between objects; what exists is kept and the next publish resumes."""
        if self._publishing is not None and self._publishing.cancel():
            self.cancel_button.setEnabled(False)
            self.footer.setText("Stopping after the object being created now…")

    def _job_progress(self, job_id: int, progress: Progress) -> None:
        if self._publishing is not None and job_id == self._publishing.id:
            self.progress_view.show_progress(progress)

    def _published(self, result: PublishResult) -> None:
        self._publishing = None
        self.result = result
        self.report = None
        headlines = {v.id: v.headline for v in (self.data.variants if self.data else ())}
        self.progress_view.show_result(result, [], headlines)
        self.footer.setText("Published. Everything is PAUSED in Meta Ads Manager.")
        self.context.messages.info(f"Published {len(result.ads)} ads to Meta, all PAUSED")
        self._update_buttons()
        self.context.runner.call(
            "Reading the ad previews", lambda: self.services.previews(result.run.id),
            on_success=lambda previews: self.progress_view.show_result(result, previews,
                                                                       headlines))
        self.published.emit(self.campaign_id, result)

    def _publish_cancelled(self) -> None:
        self._publishing = None
        self.progress_view.show_stopped(
            "<b>Publishing was cancelled between objects.</b> Everything created so far is "
            "kept in Meta (PAUSED). Press Publish to continue where it stopped.")
        self.footer.setText("Cancelled. Publish again to continue where it stopped.")
        self._after_stop()

    def _publish_failed(self, error: BaseException) -> None:
        self._publishing = None
        if isinstance(error, MetaError) and error.needs_reconnect:
            self._waiting_for_reconnect = True
            self.progress_view.show_stopped(
                "<b>Meta asks you to reconnect.</b> Everything you entered and everything "
                "created so far is kept; publishing continues where it stopped after you "
                "reconnect.", str(error), error=True)
            self.footer.setText("Waiting for you to reconnect to Meta…")
            self._after_stop()
            self.session.report_reconnect(str(error), self.windowTitle())
            self.hide()
            self.meta_settings_requested.emit()
            return
        text = str(error) or type(error).__name__
        if isinstance(error, MetaError | OAuthError):
            detail = text
        else:
            log.error("publishing failed", exc_info=error)
            detail = f"{text} (details are in the log file)"
        self.progress_view.show_stopped(
            "<b>Publishing stopped.</b> Everything created so far is kept; press Publish to "
            "continue where it stopped once the problem is solved.", detail, error=True)
        self.footer.setText("Publishing stopped: see the Publish tab.")
        self._after_stop()

    def _after_stop(self) -> None:
        """After a cancel or failure: show what exists, and check again (to resume)."""
        plan = self._publishing_plan
        workspace = self.context.workspace
        self.report = None
        self._update_buttons()
        if plan is None or workspace is None:
            return
        self.context.runner.call(
            "Reading what was published", lambda: jobs.run_objects(workspace, self.campaign_id,
                                                                   plan),
            on_success=self.progress_view.show_objects)
        self.check()

    # -- state -------------------------------------------------------------------------------
    def _update_subtitle(self) -> None:
        if self.data is None:
            return
        total = len(self.data.variants)
        publishing = self.ads_model.eligible_count()
        self.subtitle.setText(f"{publishing} of {total} ads will be published · approved ads "
                              "only · everything PAUSED")
        self.tabs.setTabText(TAB_ADS, f"Ads ({publishing} of {total})")

    def _update_buttons(self) -> None:
        busy = self._publishing is not None
        connection = self.session.connection
        connected = connection is not None and connection.usable
        ready = (self.report is not None and not self.report.blocked and not self._stale
                 and connected and not busy)
        self.publish_button.setEnabled(ready)
        self.publish_button.setToolTip(
            "" if ready else "Check the plan first" if self.report is None or self._stale
            else "Fix the problems the check found" if self.report.blocked
            else "Connect to Meta first" if not connected else "")
        self.check_button.setEnabled(self.data is not None and not busy)
        self.cancel_button.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        self.publish_button.setVisible(not busy)
        self.form.setEnabled(not busy)
        self.ads_view.setEnabled(not busy)

    def _search_interests(self, words: str) -> None:
        if self.session.connection is None or not self.session.connection.usable:
            self.form.interests.show_failure(words, "Connect to Meta to search interests.")
            return
        self.context.runner.call(
            "Searching interests", lambda: jobs.search_interests(self.session.account(), words),
            on_success=lambda found: self.form.interests.show_results(words, found),
            on_failure=lambda error: self.form.interests.show_failure(words, str(error)))

    def _theme_changed(self, _dark: bool) -> None:
        self.ads_model.set_dimmed_colour(self.theme.colors.muted)
        paint_pill(self.connection_label, self.session.connection,
                   self._token_saved is not False, self.theme.dark)
        self.plan_view.set_colors(self.theme.colors)
        self.progress_view.set_colors(self.theme.colors)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing only hides the panel (its choices are kept for next time); a publish that
        # is running stops between objects and resumes when published again.
        if self._publishing is not None:
            self.cancel_publish()
            self.context.messages.info("Publishing cancelled: publish again to continue")
        event.accept()
