"""The main window: navigation between screens, the status bar, menus and the message dialogs.

Signals:
    workspace_ready(): the database and repositories are open; screens load their data.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)
from shiboken6 import isValid

from brandtruth_desktop import APP_NAME
from brandtruth_desktop.ui.about import AboutScreen
from brandtruth_desktop.ui.campaigns.screen import CampaignsScreen
from brandtruth_desktop.ui.jobs_indicator import JobsIndicator
from brandtruth_desktop.ui.publish import PublishPanels
from brandtruth_desktop.ui.review.screen import ReviewScreen

if TYPE_CHECKING:
    from brandtruth_desktop.context import AppContext
    from brandtruth_desktop.core.ports import SecretStoreStatus
    from brandtruth_desktop.ui.settings import SettingsPage
    from brandtruth_desktop.ui.theme import Theme

log = logging.getLogger(__name__)

SETTINGS_SCREEN = 2
"""The Settings screen's place in the sidebar; it is built the first time it is shown."""


class MainWindow(QMainWindow):
    """Campaigns, Settings and About, with a status bar that shows jobs and the keyring state."""

    workspace_ready = Signal()

    def __init__(self, context: AppContext, theme: Theme) -> None:
        super().__init__()
        self.context = context
        self.theme = theme
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(theme.icon("app"))
        self.setMinimumSize(880, 560)

        self.campaigns = CampaignsScreen(context, theme)
        self.review = ReviewScreen(context, theme)
        # Settings reads the keyring (whose first use probes every keyring plug-in) and builds
        # the Meta section, so it waits until the person opens it; see settings_screen.
        self._settings_page: SettingsPage | None = None
        self.about = AboutScreen(context, theme)
        self.publishing = PublishPanels(context, theme, self)

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("Sidebar")
        self.sidebar.setFixedWidth(190)
        self.sidebar.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.stack = QStackedWidget()
        self._screens: list[QWidget] = []
        for icon, label, screen in (
            ("campaigns", "Campaigns", self.campaigns),
            ("review", "Review", self.review),
            ("settings", "Settings", QWidget()),
            ("about", "About", self.about),
        ):
            self.sidebar.addItem(QListWidgetItem(theme.icon(icon), label))
            self.stack.addWidget(screen)
            self._screens.append(screen)
        self.sidebar.currentRowChanged.connect(self._screen_chosen)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sidebar)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_status_bar()
        self._build_menus()
        self._connect()
        self.sidebar.setCurrentRow(0)
        self._restore_geometry()

    # -- building -------------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setSizeGripEnabled(True)
        self.keyring_warning = QLabel()
        self.keyring_warning.setObjectName("KeyringWarning")
        self.keyring_warning.setVisible(False)
        self.jobs_indicator = JobsIndicator(self.context.runner)
        bar.addPermanentWidget(self.keyring_warning)
        bar.addPermanentWidget(self.jobs_indicator)
        # The first look at the keyring probes its plug-ins (a tenth of a second or more, longer
        # when it is locked): it happens on the runner, and the warning appears if it must.
        self.refresh_keyring_state()

    def _build_menus(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        new = QAction(self.theme.icon("add"), "&New campaign…", self)
        new.setShortcut(QKeySequence.StandardKey.New)
        new.triggered.connect(self._new_campaign)
        file_menu.addAction(new)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view = menus.addMenu("&View")
        for number, label in enumerate(("&Campaigns", "&Review", "&Settings", "&About")):
            action = QAction(label, self)
            action.setShortcut(QKeySequence(f"Ctrl+{number + 1}"))
            action.triggered.connect(lambda _=False, n=number: self.show_screen(n))
            view.addAction(action)
        preferences = QAction("Preferences…", self)
        preferences.setShortcut(QKeySequence.StandardKey.Preferences)
        preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
        preferences.triggered.connect(lambda: self.show_screen(SETTINGS_SCREEN))
        view.addAction(preferences)

        help_menu = menus.addMenu("&Help")
        self.check_action = QAction("&Check workspace…", self)
        self.check_action.setToolTip("Verify the database and every stored file")
        self.check_action.setEnabled(False)
        self.check_action.triggered.connect(self.check_workspace)
        help_menu.addAction(self.check_action)
        logs = QAction(self.theme.icon("folder"), "Open &logs folder", self)
        logs.triggered.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.context.paths.logs)))
        )
        help_menu.addAction(logs)
        about = QAction(f"&About {APP_NAME}", self)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(lambda: self.show_screen(self._screens.index(self.about)))
        help_menu.addAction(about)

    def _connect(self) -> None:
        messages = self.context.messages
        messages.status.connect(self._show_status)
        messages.warning.connect(self._show_warning)
        messages.error.connect(self._show_error)
        self.workspace_ready.connect(self.campaigns.reload)
        # Review: opened from the Campaigns screen, fed the pipeline's events; the name the
        # reviewer gives is shown in Settings at once.
        self.workspace_ready.connect(self.review.reload_campaigns)
        self.campaigns.starter.review_requested.connect(self.open_review)
        self.campaigns.jobs.event.connect(self.review.pipeline_event)
        self.review.reviewer_named.connect(self._reviewer_named)
        self.review.edit_requested.connect(self.open_editor)
        # Publish to Meta: opened from the Campaigns screen; a panel that needs a (re)connect
        # shows Settings → Meta.
        self.campaigns.publish_requested.connect(self.publishing.open)
        self.publishing.meta_settings_requested.connect(self.show_meta_settings)
        self.workspace_ready.connect(lambda: self.check_action.setEnabled(True))
        self.context.runner.finished.connect(self._job_finished)
        self.theme.changed.connect(lambda _dark: self._refresh_icons())

    @property
    def settings_screen(self) -> SettingsPage:
        """The Settings screen, built (and put in its place in the stack) on first use."""
        if self._settings_page is None:
            from brandtruth_desktop.ui.settings import SettingsPage

            page = SettingsPage(self.context, self.theme)
            page.theme_changed.connect(self.theme.set_choice)
            page.secrets_changed.connect(self.refresh_keyring_state)
            placeholder = self._screens[SETTINGS_SCREEN]
            self.stack.insertWidget(SETTINGS_SCREEN, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._screens[SETTINGS_SCREEN] = page
            self._settings_page = page
        return self._settings_page

    # -- behaviour ------------------------------------------------------------------------------
    def show_screen(self, number: int) -> None:
        self.sidebar.setCurrentRow(number)

    def _screen_chosen(self, number: int) -> None:
        if number == SETTINGS_SCREEN:
            self.settings_screen  # noqa: B018 - built on first show
        self.stack.setCurrentIndex(number)

    def _reviewer_named(self, name: str) -> None:
        if self._settings_page is not None:  # a page built later reads it from the settings
            self._settings_page.reviewer_edit.setText(name)

    def open_review(self, campaign_id: int) -> None:
        """Show the Review screen with a campaign's ads."""
        self.show_screen(self._screens.index(self.review))
        self.review.open_campaign(campaign_id)

    def open_editor(self, variant_id: str, format_key: str) -> None:
        """The canvas editor for one ad in one format; its edits refresh the grid's row."""
        from brandtruth_desktop.ui.review.canvas import open_editor

        campaign_id = self.review.session.campaign_id
        if campaign_id is None:
            return
        window = open_editor(
            self.context, campaign_id, variant_id, format_key, theme=self.theme, parent=self
        )
        if not window.property("wired_to_grid"):  # open_editor raises an already open window
            window.setProperty("wired_to_grid", True)
            window.variant_changed.connect(lambda changed: self.review.refresh_variants([changed]))

    def show_meta_settings(self) -> None:
        """Settings → Meta, to connect or reconnect."""
        self.show_screen(SETTINGS_SCREEN)
        self.settings_screen.show_meta()
        self.raise_()
        self.activateWindow()

    def _new_campaign(self) -> None:
        self.show_screen(0)
        self.campaigns.create_campaign()

    def check_workspace(self) -> None:
        """Verify the database and re-hash every stored file, in the background."""
        workspace = self.context.workspace
        if workspace is None:
            return
        from brandtruth_desktop.storage.integrity import IntegrityReport, check_workspace

        def done(report: IntegrityReport) -> None:
            if report.healthy:
                self.context.messages.info(report.summary(), 10000)
            else:
                self.context.messages.show_warning("Workspace check", report.summary())

        self.check_action.setEnabled(False)
        self.context.runner.start(
            "Checking workspace",
            lambda: check_workspace(workspace),
            on_success=done,
            on_cancelled=lambda: self.context.messages.info("Workspace check cancelled."),
            kind="workspace_check",
        )

    def _job_finished(self, _job_id: int) -> None:
        if not any(job.kind == "workspace_check" for job in self.context.runner.jobs()):
            self.check_action.setEnabled(self.context.workspace is not None)

    def _refresh_icons(self) -> None:
        for number, icon in enumerate(("campaigns", "review", "settings", "about")):
            self.sidebar.item(number).setIcon(self.theme.icon(icon))

    def refresh_keyring_state(self) -> None:
        """Ask the keyring's state on the runner (a locked keyring may take its time); the
        warning in the status bar follows the answer."""
        try:
            self.context.runner.call(
                "Checking the keyring", self.context.secrets.status,
                on_success=self._show_keyring_state,
                on_failure=lambda error: log.warning("keyring check failed: %s", error),
            )
        except RuntimeError as error:  # the runner has shut down: the window is closing
            log.debug("keyring not checked: %s", error)

    def _show_keyring_state(self, status: SecretStoreStatus) -> None:
        if not isValid(self):  # the window was torn down while the keyring answered
            return
        self.keyring_warning.setVisible(not status.persistent)
        if not status.persistent:
            self.keyring_warning.setText("⚠ Keys are kept for this session only")
            self.keyring_warning.setToolTip(status.problem)

    def _show_status(self, text: str, timeout_ms: int) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def _show_warning(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)

    def _show_error(self, title: str, text: str, detail: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok,
                          self)
        if detail:
            box.setInformativeText(detail)
        box.exec()

    def show_crash(self, summary: str, report_path: str) -> None:
        """The crash handler's dialog: what happened and where the report is."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("Something went wrong")
        box.setText(
            "BrandTruth hit an unexpected error. Your saved work is safe; the last action may "
            "not have finished."
        )
        where = f"A report was written to:\n{report_path}" if report_path else ""
        box.setInformativeText(f"{summary}\n\n{where}".strip())
        open_logs = box.addButton("Open logs folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is open_logs:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.context.paths.logs)))

    # -- geometry and closing -------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        settings = self.context.settings
        restored = False
        if settings.window_geometry:
            restored = self.restoreGeometry(QByteArray.fromBase64(
                settings.window_geometry.encode("ascii")
            ))
        if not restored:
            self.resize(1180, 760)
        if settings.window_state:
            self.restoreState(QByteArray.fromBase64(settings.window_state.encode("ascii")))

    def save_geometry(self) -> None:
        geometry = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        state = bytes(self.saveState().toBase64().data()).decode("ascii")
        try:
            self.context.update_settings(window_geometry=geometry, window_state=state)
        except OSError as error:
            log.warning("could not save the window position: %s", error)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_geometry()
        self.publishing.close_all()
        canvas = sys.modules.get("brandtruth_desktop.ui.review.canvas")
        if canvas is not None:  # no editor was ever opened unless the canvas was imported
            for editor in self.findChildren(canvas.EditorWindow):
                editor.close()  # stores what is unsaved while the runner still takes work
        if self.context.runner.jobs():
            self.statusBar().showMessage("Stopping background work…")
            QApplication.processEvents()
        stopped = self.context.runner.shutdown()
        if not stopped:
            log.warning("some background jobs did not stop in time")
        event.accept()
