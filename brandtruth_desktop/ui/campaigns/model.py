"""`CampaignListModel`: a thin table model over a plain list of `CampaignSummary`.

Changes arrive as whole summaries from the repository (on a worker thread) and are applied here
row by row: inserts, removals and `dataChanged` for the row that changed, never a full reset.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from brandtruth_desktop.core.models import CampaignStatus, CampaignSummary

AnyIndex = QModelIndex | QPersistentModelIndex

STATUS_LABELS = {
    CampaignStatus.DRAFT: "Draft",
    CampaignStatus.EXTRACTING: "Reading the site",
    CampaignStatus.GENERATING: "Writing copy",
    CampaignStatus.RENDERING: "Rendering",
    CampaignStatus.IN_REVIEW: "In review",
    CampaignStatus.APPROVED: "Approved",
    CampaignStatus.PUBLISHED: "Published",
}


class Column(IntEnum):
    NAME = 0
    STATUS = 1
    FACTS = 2
    VARIANTS = 3
    APPROVED = 4
    LAST_ACTIVITY = 5
    RENDERS = 6


HEADERS = {
    Column.NAME: "Name",
    Column.STATUS: "Status",
    Column.FACTS: "Facts",
    Column.VARIANTS: "Ads",
    Column.APPROVED: "Approved",
    Column.LAST_ACTIVITY: "Last activity",
    Column.RENDERS: "Images",
}
WORKING = frozenset({CampaignStatus.EXTRACTING, CampaignStatus.GENERATING,
                     CampaignStatus.RENDERING})
"""Statuses that mean a pipeline job is at work; shown as stopped when none is."""


class CampaignRole(IntEnum):
    """Custom roles; every column answers them for its row."""

    ID = Qt.ItemDataRole.UserRole + 1
    SUMMARY = Qt.ItemDataRole.UserRole + 2
    SORT_KEY = Qt.ItemDataRole.UserRole + 3


def describe_when(moment: datetime | None, now: datetime | None = None) -> str:
    """'just now', '5 min ago', 'today 14:02', 'yesterday', '3 Mar 2026'."""
    if moment is None:
        return "—"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    seconds = (now - moment).total_seconds()
    local = moment.astimezone()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    today = now.astimezone().date()
    if local.date() == today:
        return f"today {local:%H:%M}"
    if (today - local.date()).days == 1:
        return f"yesterday {local:%H:%M}"
    return f"{local.day} {local:%b %Y}"


class CampaignListModel(QAbstractTableModel):
    """Campaign rows for the Campaigns screen."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CampaignSummary] = []
        self._running: set[int] = set()

    # -- Qt interface -------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            try:
                return HEADERS[Column(section)]
            except ValueError:
                return None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        try:
            column = Column(index.column())
        except ValueError:
            return None
        row = self._rows[index.row()]
        if role == CampaignRole.ID:
            return row.campaign.id
        if role == CampaignRole.SUMMARY:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._display(row, column, tooltip=role == Qt.ItemDataRole.ToolTipRole)
        if role == CampaignRole.SORT_KEY:
            return self._sort_key(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            Column.FACTS, Column.VARIANTS, Column.APPROVED, Column.RENDERS
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # -- changes ------------------------------------------------------------------------
    def summaries(self) -> list[CampaignSummary]:
        return list(self._rows)

    def row_of(self, campaign_id: int) -> int:
        for number, row in enumerate(self._rows):
            if row.campaign.id == campaign_id:
                return number
        return -1

    def replace_all(self, summaries: list[CampaignSummary]) -> None:
        """Bring the rows in line with a fresh list, with granular inserts/removes/changes."""
        wanted = {s.campaign.id: s for s in summaries}
        for number in range(len(self._rows) - 1, -1, -1):
            if self._rows[number].campaign.id not in wanted:
                self.beginRemoveRows(QModelIndex(), number, number)
                del self._rows[number]
                self.endRemoveRows()
        for summary in summaries:
            self.upsert(summary)

    def upsert(self, summary: CampaignSummary) -> None:
        number = self.row_of(summary.campaign.id)
        if number < 0:
            end = len(self._rows)
            self.beginInsertRows(QModelIndex(), end, end)
            self._rows.append(summary)
            self.endInsertRows()
            return
        if self._rows[number] != summary:
            self._rows[number] = summary
            self.dataChanged.emit(
                self.index(number, 0), self.index(number, len(Column) - 1)
            )

    def set_running(self, campaign_ids: set[int]) -> None:
        """Which campaigns have a pipeline job at work (the others' work has stopped)."""
        changed = self._running ^ set(campaign_ids)
        self._running = set(campaign_ids)
        for campaign_id in changed:
            number = self.row_of(campaign_id)
            if number >= 0:
                index = self.index(number, Column.STATUS)
                self.dataChanged.emit(index, index)

    def remove(self, campaign_id: int) -> None:
        number = self.row_of(campaign_id)
        if number >= 0:
            self.beginRemoveRows(QModelIndex(), number, number)
            del self._rows[number]
            self.endRemoveRows()

    # -- helpers ------------------------------------------------------------------------
    def _display(self, row: CampaignSummary, column: Column, *, tooltip: bool) -> str:
        campaign = row.campaign
        if column is Column.NAME:
            if tooltip and campaign.source_url:
                return f"{campaign.name}\n{campaign.source_url}"
            return campaign.name
        if column is Column.STATUS:
            label = STATUS_LABELS.get(campaign.status, str(campaign.status))
            if campaign.status in WORKING and campaign.id not in self._running:
                return (f"{label} (stopped: press Enter to resume)" if tooltip
                        else f"{label} · stopped")
            return label
        if column is Column.RENDERS:
            return str(row.renders)
        if column is Column.FACTS:
            return str(row.facts)
        if column is Column.VARIANTS:
            return str(row.variants)
        if column is Column.APPROVED:
            return str(row.approved)
        when = row.last_activity or campaign.updated_at
        if tooltip and when is not None:
            return when.astimezone().strftime("%d %b %Y %H:%M")
        return describe_when(when)

    @staticmethod
    def _sort_key(row: CampaignSummary, column: Column) -> Any:
        if column is Column.NAME:
            return row.campaign.name.casefold()
        if column is Column.STATUS:
            return list(CampaignStatus).index(row.campaign.status)
        if column is Column.FACTS:
            return row.facts
        if column is Column.VARIANTS:
            return row.variants
        if column is Column.APPROVED:
            return row.approved
        if column is Column.RENDERS:
            return row.renders
        when = row.last_activity or row.campaign.updated_at
        return when.timestamp() if when else 0.0
