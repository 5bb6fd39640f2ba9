"""The Review screen's campaign chooser: the campaigns that have ads, by name and count.

Signals:
    chosen(int): the person picked a campaign.
    listed(int): the list was (re)loaded; how many campaigns have ads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from brandtruth_desktop.ui.review.session import call_quietly

if TYPE_CHECKING:
    from brandtruth_desktop.context import AppContext
    from brandtruth_desktop.core.models import CampaignSummary


class CampaignChooser(QComboBox):
    """Campaigns with ads; the list loads on the job runner (see the module docstring)."""

    chosen = Signal(int)
    listed = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.setObjectName("ReviewCampaign")
        self.setAccessibleName("Campaign")
        self.setMinimumWidth(260)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setPlaceholderText("Choose a campaign")
        self._asked = 0  # lists can come back out of order: only the newest is shown
        self.activated.connect(self._picked)

    def reload(self, select_id: int | None = None) -> None:
        """List the campaigns again, showing `select_id` (or keeping the one shown)."""
        workspace = self._context.workspace
        if workspace is None:
            return
        wanted = select_id if select_id is not None else self.campaign_id()
        self._asked += 1
        asked = self._asked

        def loaded(summaries: list[CampaignSummary]) -> None:
            if asked != self._asked:
                return
            self.blockSignals(True)
            self.clear()
            for summary in summaries:
                if summary.variants:
                    self.addItem(f"{summary.campaign.name} — {summary.variants:,} ads",
                                 summary.campaign.id)
            self.setCurrentIndex(self.findData(wanted) if wanted is not None else -1)
            self.blockSignals(False)
            self.listed.emit(self.count())

        call_quietly(self._context.runner, "Listing campaigns",
                     workspace.campaigns.list_summaries, on_success=loaded)

    def campaign_id(self) -> int | None:
        value = self.currentData()
        return int(value) if value is not None else None

    def _picked(self, index: int) -> None:
        value = self.itemData(index)
        if value is not None:
            self.chosen.emit(int(value))
