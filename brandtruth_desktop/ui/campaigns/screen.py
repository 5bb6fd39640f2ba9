"""The Campaigns screen: every campaign with its status, counts and last activity.

Create, rename, duplicate and delete run on the job runner (the GUI thread never touches the
database) and the list is refreshed from the repository's answer, row by row. "New campaign"
opens the campaign wizard; its menu also makes the demo brand's campaign in one click. While a
campaign's pipeline runs, its status and counts update as work is saved; Enter or a double
click on a campaign that stopped part-way offers to resume it.

Signals:
    campaigns_changed(int): the number of campaigns after a load or change.
    publish_requested(int): the person chose "Publish to Meta…" for a campaign.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from brandtruth_desktop.core.models import CampaignSummary
from brandtruth_desktop.ui.campaigns.model import CampaignListModel, CampaignRole, Column
from brandtruth_desktop.ui.campaigns.resume import CampaignStarter, prepare_wizard
from brandtruth_desktop.ui.pipeline_jobs import PipelineJobs

if TYPE_CHECKING:
    from brandtruth_desktop.context import AppContext
    from brandtruth_desktop.core.ports import CampaignRepository
    from brandtruth_desktop.ui.theme import Theme

log = logging.getLogger(__name__)


class CampaignSortProxy(QSortFilterProxyModel):
    """Sorts on each column's sort key and filters on the name and source URL."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(CampaignRole.SORT_KEY)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(Column.NAME)
        self.setFilterRole(Qt.ItemDataRole.ToolTipRole)


class CampaignsScreen(QWidget):
    """List of campaigns with New, Rename, Duplicate and Delete."""

    campaigns_changed = Signal(int)
    publish_requested = Signal(int)

    def __init__(self, context: AppContext, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._theme = theme
        self.model = CampaignListModel(self)
        self.proxy = CampaignSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self._loaded = False
        self._prepared = False
        self.jobs = PipelineJobs(context, self)
        self.starter = CampaignStarter(context, self.jobs, theme, self)
        self._reload_soon = QTimer(self)
        self._reload_soon.setSingleShot(True)
        self._reload_soon.setInterval(300)
        self._reload_soon.timeout.connect(self._reload_after_work)
        self.jobs.event.connect(lambda _event: self._schedule_reload())
        self.jobs.running_changed.connect(self._running_changed)
        self.starter.campaign_changed.connect(self._campaign_changed)
        self._build()
        self._show_state("loading")

    # -- building ---------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(14)

        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        title = QLabel("Campaigns")
        title.setObjectName("ScreenTitle")
        self.subtitle = QLabel("")
        self.subtitle.setObjectName("Muted")
        titles.addWidget(title)
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        self.new_button = QPushButton(self._theme.icon("add", "#ffffff"), "  New campaign")
        self.new_button.setObjectName("NewCampaign")
        self.new_button.setProperty("primary", True)
        self.new_button.setToolTip("Create a campaign from a brand's website (Ctrl+N)")
        self.new_button.clicked.connect(self.create_campaign)
        self.new_menu_button = QToolButton()
        self.new_menu_button.setObjectName("NewCampaignMenu")
        self.new_menu_button.setProperty("primary", True)
        self.new_menu_button.setText("▾")
        self.new_menu_button.setToolTip("More ways to start a campaign")
        self.new_menu_button.setAccessibleName("More ways to start a campaign")
        self.new_menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        new_menu = QMenu(self.new_menu_button)
        new_menu.addAction(self._theme.icon("add"), "New campaign…", self.create_campaign)
        self.demo_action = new_menu.addAction(
            self._theme.icon("campaigns"), "Demo brand: a finished campaign, made offline",
            self.create_demo_campaign)
        self.new_menu_button.setMenu(new_menu)
        split = QHBoxLayout()
        split.setSpacing(1)
        split.addWidget(self.new_button)
        split.addWidget(self.new_menu_button)
        header.addLayout(split)
        header.setAlignment(split, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(header)

        tools = QHBoxLayout()
        tools.setSpacing(6)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter by name or website…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(280)
        self.search.setMaximumWidth(360)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        tools.addWidget(self.search)
        tools.addStretch(1)
        self.rename_action = self._action("rename", "&Rename…", "F2", self.rename_selected)
        self.duplicate_action = self._action(
            "duplicate", "D&uplicate", "Ctrl+D", self.duplicate_selected
        )
        self.delete_action = self._action(
            "delete", "&Delete…", QKeySequence.StandardKey.Delete, self.delete_selected
        )
        self.publish_action = self._action(
            "publish", "&Publish to Meta…", "Ctrl+Shift+P", self.publish_selected
        )
        for action in (self.publish_action, self.rename_action, self.duplicate_action,
                       self.delete_action):
            button = QPushButton(action.icon(), action.text().replace("&", ""))
            button.setToolTip(f"{action.text().replace('&', '')} ({action.shortcut().toString()})")
            button.clicked.connect(action.trigger)
            action.enabledChanged.connect(button.setEnabled)
            button.setEnabled(False)
            tools.addWidget(button)
        layout.addLayout(tools)

        self.states = QStackedWidget()
        self.loading_label = self._centered_label("Opening your workspace…")
        self.error_label = self._centered_label("")
        self.error_label.setWordWrap(True)
        self.empty_state = self._empty_state()
        self.table = self._table()
        for widget in (self.loading_label, self.error_label, self.empty_state, self.table):
            self.states.addWidget(widget)
        layout.addWidget(self.states, 1)

    def _action(
        self, icon: str, text: str, shortcut: str | QKeySequence.StandardKey,
        slot: Callable[[], None],
    ) -> QAction:
        action = QAction(self._theme.icon(icon), text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setEnabled(False)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _centered_label(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("EmptyState")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label

    def _empty_state(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.addStretch(1)
        icon = QLabel()
        icon.setPixmap(self._theme.icon("campaigns", self._theme.colors.muted).pixmap(48, 48))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        headline = QLabel("No campaigns yet")
        headline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        headline.setStyleSheet("font-size: 14pt; font-weight: 600;")
        text = QLabel(
            "A campaign starts from a brand's website and ends with approved ads,\n"
            "each sentence traced to the page it came from."
        )
        text.setObjectName("EmptyState")
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        button = QPushButton("Create your first campaign")
        button.setProperty("primary", True)
        button.clicked.connect(self.create_campaign)
        self.empty_demo_button = QPushButton("Try the demo brand")
        self.empty_demo_button.setToolTip("A finished campaign for a fictional brand, made "
                                          "without network or keys")
        self.empty_demo_button.clicked.connect(self.create_demo_campaign)
        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        buttons.addStretch(1)
        buttons.addWidget(button)
        buttons.addWidget(self.empty_demo_button)
        buttons.addStretch(1)
        column.addWidget(icon)
        column.addWidget(headline)
        column.addWidget(text)
        column.addSpacing(8)
        column.addLayout(buttons)
        column.addStretch(2)
        return box

    def _table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(Column.LAST_ACTIVITY, Qt.SortOrder.DescendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setShowGrid(False)
        table.setAlternatingRowColors(False)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(38)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        for column in (Column.STATUS, Column.FACTS, Column.VARIANTS, Column.APPROVED,
                       Column.RENDERS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.moveSection(header.visualIndex(Column.RENDERS), Column.APPROVED + 1)
        header.setSectionResizeMode(Column.LAST_ACTIVITY, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(Column.LAST_ACTIVITY, 150)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        table.activated.connect(self._activated)
        table.selectionModel().selectionChanged.connect(self._update_actions)
        return table

    # -- state --------------------------------------------------------------------------------
    def _show_state(self, state: str) -> None:
        widget = {
            "loading": self.loading_label,
            "error": self.error_label,
            "empty": self.empty_state,
            "list": self.table,
        }[state]
        self.states.setCurrentWidget(widget)
        self.new_button.setEnabled(state in ("empty", "list"))
        self.new_menu_button.setEnabled(state in ("empty", "list"))
        self.search.setEnabled(state == "list")

    def _update_actions(self) -> None:
        has_selection = self.selected_id() is not None
        for action in (self.publish_action, self.rename_action, self.duplicate_action,
                       self.delete_action):
            action.setEnabled(has_selection)

    def _apply(self, summaries: list[CampaignSummary], select_id: int | None = None) -> None:
        self._loaded = True
        self.model.replace_all(summaries)
        count = len(summaries)
        self.subtitle.setText(
            "No campaigns" if count == 0 else f"{count} campaign{'s' if count != 1 else ''}"
        )
        self._show_state("list" if count else "empty")
        if select_id is not None:
            self.select(select_id)
        self._update_actions()
        self.campaigns_changed.emit(count)

    def show_workspace_error(self, message: str) -> None:
        self.error_label.setText(message)
        self._show_state("error")

    # -- repository access (always on the runner) -------------------------------------------
    def _repository(self) -> CampaignRepository | None:
        workspace = self._context.workspace
        return workspace.campaigns if workspace is not None else None

    def reload(self) -> None:
        repository = self._repository()
        if repository is None:
            return
        if not self._prepared:
            self._prepared = True
            # Import what the wizard and the pipeline need while the person looks at the list,
            # so opening the wizard never waits for imports on the GUI thread.
            self._context.runner.call("Preparing the campaign wizard", prepare_wizard)
        self._context.runner.call(
            "Loading campaigns", repository.list_summaries,
            on_success=self._apply, on_failure=self._failed("Could not load campaigns"),
        )

    def _change(
        self, title: str, change: Callable[[CampaignRepository], int | None], failure: str
    ) -> None:
        repository = self._repository()
        if repository is None:
            return

        def run() -> tuple[list[CampaignSummary], int | None]:
            selected = change(repository)
            return repository.list_summaries(), selected

        self._context.runner.call(
            title, run,
            on_success=lambda result: self._apply(result[0], result[1]),
            on_failure=self._failed(failure),
        )

    def _failed(self, title: str) -> Callable[[BaseException], None]:
        def report(error: BaseException) -> None:
            if isinstance(error, ValueError):
                self._context.messages.show_warning(title, str(error))
            else:
                log.error("%s", title, exc_info=error)
                self._context.messages.show_error(
                    title, f"{error}", "Details are in the log file (Help → Open logs folder)."
                )
        return report

    # -- selection ----------------------------------------------------------------------------
    def selected_id(self) -> int | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        value = indexes[0].data(CampaignRole.ID)
        return int(value) if value is not None else None

    def selected_summary(self) -> CampaignSummary | None:
        indexes = self.table.selectionModel().selectedRows()
        return indexes[0].data(CampaignRole.SUMMARY) if indexes else None

    def select(self, campaign_id: int) -> None:
        row = self.model.row_of(campaign_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        self.table.setFocus()

    # -- actions ------------------------------------------------------------------------------
    def create_campaign(self) -> None:
        """Open the campaign wizard."""
        if self._context.workspace is None:
            return
        self.starter.open_wizard()

    def create_demo_campaign(self) -> None:
        """Make the demo brand's campaign, start to finish, in the background (no network)."""
        if self._context.workspace is None:
            return
        self.starter.start_demo()

    def create_draft(self, name: str) -> None:
        """An empty draft campaign called `name` (no site read yet), made on the runner."""
        actor = self._context.actor
        self._change(
            "Creating campaign",
            lambda repo: repo.create(name.strip(), actor=actor).id,
            "Could not create the campaign",
        )

    def _campaign_changed(self, campaign_id: int) -> None:
        repository = self._repository()
        if repository is None:
            return
        self._context.runner.call(
            "Loading campaigns", repository.list_summaries,
            on_success=lambda summaries: self._apply(summaries, campaign_id),
            on_failure=self._failed("Could not load campaigns"),
        )

    def _reload_after_work(self) -> None:
        try:
            self.reload()
        except RuntimeError:  # the runner shut down: the app is closing
            log.debug("campaign list not reloaded: the app is closing")

    def _schedule_reload(self) -> None:
        # At most one reload per interval while work streams in (restarting the timer on
        # every event would hold the counts back until the work stopped).
        if not self._reload_soon.isActive():
            self._reload_soon.start()

    def _running_changed(self) -> None:
        self.model.set_running(self.jobs.running())
        self._schedule_reload()

    def _activated(self, index: QModelIndex) -> None:
        campaign_id = index.data(CampaignRole.ID)
        if campaign_id is not None:
            self.starter.offer_resume(int(campaign_id))

    def publish_selected(self) -> None:
        """Open the publish panel for the selected campaign."""
        campaign_id = self.selected_id()
        if campaign_id is not None:
            self.publish_requested.emit(campaign_id)

    def rename_selected(self) -> None:
        summary = self.selected_summary()
        if summary is None:
            return
        campaign = summary.campaign
        name, ok = QInputDialog.getText(
            self, "Rename campaign", "New name:", QLineEdit.EchoMode.Normal, campaign.name
        )
        if not ok or not name.strip() or name.strip() == campaign.name:
            return
        actor = self._context.actor
        self._change(
            "Renaming campaign",
            lambda repo: repo.rename(campaign.id, name.strip(), actor=actor).id,
            "Could not rename the campaign",
        )

    def duplicate_selected(self) -> None:
        campaign_id = self.selected_id()
        if campaign_id is None:
            return
        actor = self._context.actor
        self._change(
            "Duplicating campaign",
            lambda repo: repo.duplicate(campaign_id, actor=actor).id,
            "Could not duplicate the campaign",
        )

    def delete_selected(self) -> None:
        summary = self.selected_summary()
        if summary is None:
            return
        campaign = summary.campaign
        answer = QMessageBox.question(
            self,
            "Delete campaign",
            f"Delete “{campaign.name}”?\n\n"
            f"Its {summary.facts} facts and {summary.variants} ads are removed from this "
            "computer. The audit log keeps a record of the deletion. This cannot be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        actor = self._context.actor

        def delete(repo: CampaignRepository) -> None:
            repo.delete(campaign.id, actor=actor)
            return None

        self._change("Deleting campaign", delete, "Could not delete the campaign")

    def _context_menu(self, position: object) -> None:
        if self.selected_id() is None:
            return
        menu = QMenu(self)
        menu.addAction(self.publish_action)
        menu.addSeparator()
        menu.addAction(self.rename_action)
        menu.addAction(self.duplicate_action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.exec(self.table.viewport().mapToGlobal(position))  # type: ignore[arg-type]
