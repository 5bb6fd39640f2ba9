"""The Campaigns screen: every campaign with its status, counts and last activity.

Create, rename, duplicate and delete run on the job runner (the GUI thread never touches the
database) and the list is refreshed from the repository's answer, row by row.

Signals:
    campaigns_changed(int): the number of campaigns after a load or change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
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
    QVBoxLayout,
    QWidget,
)

from brandtruth_desktop.core.models import CampaignSummary
from brandtruth_desktop.ui.campaigns.model import CampaignListModel, CampaignRole, Column

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

    def __init__(self, context: AppContext, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._theme = theme
        self.model = CampaignListModel(self)
        self.proxy = CampaignSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self._loaded = False
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
        self.new_button.setProperty("primary", True)
        self.new_button.setToolTip("Create a campaign (Ctrl+N)")
        self.new_button.clicked.connect(self.create_campaign)
        header.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignTop)
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
        for action in (self.rename_action, self.duplicate_action, self.delete_action):
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
        column.addWidget(icon)
        column.addWidget(headline)
        column.addWidget(text)
        column.addSpacing(8)
        column.addWidget(button, 0, Qt.AlignmentFlag.AlignCenter)
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
        for column in (Column.STATUS, Column.FACTS, Column.VARIANTS, Column.APPROVED):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.LAST_ACTIVITY, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(Column.LAST_ACTIVITY, 150)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
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
        self.search.setEnabled(state == "list")

    def _update_actions(self) -> None:
        has_selection = self.selected_id() is not None
        for action in (self.rename_action, self.duplicate_action, self.delete_action):
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
        name, ok = QInputDialog.getText(
            self, "New campaign", "Campaign name:", QLineEdit.EchoMode.Normal, ""
        )
        if not ok or not name.strip():
            return
        actor = self._context.actor
        self._change(
            "Creating campaign",
            lambda repo: repo.create(name.strip(), actor=actor).id,
            "Could not create the campaign",
        )

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
        menu.addAction(self.rename_action)
        menu.addAction(self.duplicate_action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.exec(self.table.viewport().mapToGlobal(position))  # type: ignore[arg-type]
