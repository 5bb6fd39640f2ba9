"""The publish panels of the main window: one per campaign, kept while the app runs.

A panel is created the first time a campaign is published (its modules, and the Meta SDK with
them, are imported on the runner first, so the window never freezes) and only hidden when
closed, so everything entered is still there when it is opened again.

Signals:
    meta_settings_requested(): a panel asks for Settings → Meta (connect or reconnect).
    opened(object): a panel was shown (the `PublishPanel`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from brandtruth_desktop.ui.meta_session import meta_session

if TYPE_CHECKING:
    from brandtruth_desktop.context import AppContext
    from brandtruth_desktop.ui.publish.panel import PublishPanel
    from brandtruth_desktop.ui.theme import Theme

PANEL_MODULE = "brandtruth_desktop.ui.publish.panel"


def _import_panel() -> None:
    importlib.import_module(PANEL_MODULE)


class PublishPanels(QObject):
    """Opens (or brings back) the publish panel of a campaign."""

    meta_settings_requested = Signal()
    opened = Signal(object)

    def __init__(self, context: AppContext, theme: Theme, window: QWidget) -> None:
        super().__init__(window)
        self._context = context
        self._theme = theme
        self._window = window
        self.panels: dict[int, PublishPanel] = {}
        self._opening: set[int] = set()

    def open(self, campaign_id: int) -> None:
        """Show the campaign's publish panel, creating it the first time."""
        panel = self.panels.get(campaign_id)
        if panel is not None:
            self._show(panel)
            return
        if self._context.workspace is None or campaign_id in self._opening:
            return
        self._opening.add(campaign_id)
        self._context.runner.call(
            "Opening the publish panel", _import_panel,
            on_success=lambda _none: self._create(campaign_id),
            on_failure=lambda error: self._failed(campaign_id, error))

    def _create(self, campaign_id: int) -> None:
        from brandtruth_desktop.ui.publish.panel import PublishPanel

        self._opening.discard(campaign_id)
        panel = PublishPanel(self._context, self._theme, meta_session(self._context),
                             campaign_id, self._window)
        panel.meta_settings_requested.connect(self.meta_settings_requested)
        self.panels[campaign_id] = panel
        self._show(panel)

    def _show(self, panel: PublishPanel) -> None:
        panel.show()
        panel.raise_()
        panel.activateWindow()
        self.opened.emit(panel)

    def _failed(self, campaign_id: int, error: BaseException) -> None:
        self._opening.discard(campaign_id)
        self._context.messages.show_error(
            "The publish panel could not be opened", str(error),
            "Details are in the log file (Help → Open logs folder).")

    def close_all(self) -> None:
        for panel in self.panels.values():
            panel.close()
