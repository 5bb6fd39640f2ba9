"""The editor's toolbar and side bar: the widgets only; the editor wires them.

Toolbar, left to right: the ad's headline and review status; the format switcher (each format
has its own layout); undo and redo; snapping and the 9:16 safe-zone overlay; whether edits are
saved; Regenerate (new copy or another picture, same layout); Revert to generated; Approve.
The side bar: "Ready to ship?" (gate and QA), the copy, the selected element's style, and the
picture and scrim.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from brandtruth_desktop.core.compose import get_format
from brandtruth_desktop.core.copy import limits_for
from brandtruth_desktop.ui.review.canvas.background_panel import BackgroundPanel
from brandtruth_desktop.ui.review.canvas.checks import ChecksPanel
from brandtruth_desktop.ui.review.canvas.copy_panel import CopyPanel
from brandtruth_desktop.ui.review.canvas.style_panel import StylePanel

if TYPE_CHECKING:
    from brandtruth_desktop.ui.theme import Theme

SAVE_TEXT = {"saved": "All changes saved", "pending": "Saving…", "saving": "Saving…",
             "failed": "Not saved: retrying"}


class EditorToolbar(QFrame):
    """The row of controls above the canvas (see the module docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("EditorToolbar")
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 10, 16, 10)
        row.setSpacing(8)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        self.title = QLabel("Edit ad")
        self.title.setObjectName("EditorTitle")
        self.status_label = QLabel("")
        self.status_label.setObjectName("Muted")
        titles.addWidget(self.title)
        titles.addWidget(self.status_label)
        row.addLayout(titles, 1)

        self.format_box = QWidget()
        self.format_box.setObjectName("FormatSwitcher")
        self._format_row = QHBoxLayout(self.format_box)
        self._format_row.setContentsMargins(0, 0, 0, 0)
        self._format_row.setSpacing(0)
        self.format_group = QButtonGroup(self)
        self.format_buttons: dict[str, QToolButton] = {}
        row.addWidget(self.format_box)
        row.addSpacing(12)

        self.undo_action = QAction("Undo", self)
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = QAction("Redo", self)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setEnabled(False)
        self.undo_button = _tool(self.undo_action, "undo", "Undo (Ctrl+Z)")
        self.redo_button = _tool(self.redo_action, "redo", "Redo (Ctrl+Shift+Z)")
        self.snap_button = _toggle("magnet", "Snap to the edges, centre lines, safe zone and "
                                   "other elements (hold Alt to move freely)")
        self.zone_button = _toggle("safezone", "Show where Stories and Reels cover the ad")
        for widget in (self.undo_button, self.redo_button, self.snap_button, self.zone_button):
            row.addWidget(widget)
        row.addSpacing(12)
        self.save_label = QLabel("")
        self.save_label.setObjectName("SaveState")
        row.addWidget(self.save_label)
        row.addSpacing(8)

        self.regenerate_button = QToolButton()
        self.regenerate_button.setObjectName("RegenerateButton")
        self.regenerate_button.setText("Regenerate")
        self.regenerate_button.setProperty("icon_name", "regenerate")
        self.regenerate_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.regenerate_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.regenerate_copy_action = QAction("New copy, same layout", self)
        self.regenerate_picture_action = QAction("Another picture, same layout", self)
        menu = QMenu(self.regenerate_button)
        menu.addAction(self.regenerate_copy_action)
        menu.addAction(self.regenerate_picture_action)
        self.regenerate_button.setMenu(menu)
        self.revert_button = QToolButton()
        self.revert_button.setObjectName("RevertButton")
        self.revert_button.setText("Revert to generated")
        self.revert_button.setProperty("icon_name", "revert")
        self.revert_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.revert_button.setToolTip("Put back the copy and every layout as they were "
                                      "generated (you can undo this)")
        self.approve_button = QPushButton("Approve")
        self.approve_button.setObjectName("EditorApprove")
        self.approve_button.setProperty("primary", True)
        row.addWidget(self.regenerate_button)
        row.addWidget(self.revert_button)
        row.addWidget(self.approve_button)

    def set_formats(self, formats: tuple[str, ...]) -> None:
        """One segment per format the ad has, in the product's order."""
        for position, key in enumerate(formats):
            button = QToolButton()
            button.setObjectName("FormatButton")
            button.setText(key)
            button.setToolTip(get_format(key).label)
            button.setCheckable(True)
            button.setProperty("first", position == 0)
            button.setProperty("last", position == len(formats) - 1)
            self.format_group.addButton(button)
            self._format_row.addWidget(button)
            self.format_buttons[key] = button

    def show_save_state(self, state: str) -> None:
        self.save_label.setText(SAVE_TEXT.get(state, state))
        self.save_label.setProperty("state", state)
        self.save_label.style().unpolish(self.save_label)
        self.save_label.style().polish(self.save_label)

    def set_icons(self, theme: Theme) -> None:
        """Tint the icons for the theme (again when it changes)."""
        # Undo and redo show their action's icon (a button takes it from its action).
        self.undo_action.setIcon(theme.icon("undo"))
        self.redo_action.setIcon(theme.icon("redo"))
        for button in self.findChildren(QToolButton):
            name = button.property("icon_name")
            if name and button.defaultAction() is None:
                button.setIcon(theme.icon(str(name)))


def _tool(action: QAction, icon: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolTip(tip)
    button.setObjectName(f"{icon.capitalize()}Button")
    button.setProperty("icon_name", icon)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    return button


def _toggle(icon: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setCheckable(True)
    button.setChecked(True)
    button.setToolTip(tip)
    button.setAccessibleName(tip.split(" (")[0])
    button.setObjectName("ToggleButton")
    button.setProperty("icon_name", icon)
    return button


class EditorSideBar(QScrollArea):
    """The panels beside the canvas, in one scrolling column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("EditorSide")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(340)
        body = QWidget()
        body.setObjectName("EditorSideBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(18, 16, 18, 18)
        column.setSpacing(6)
        self.checks = ChecksPanel()
        self.copy_panel = CopyPanel(limits_for("meta"))
        self.style_panel = StylePanel()
        self.background_panel = BackgroundPanel()
        for title, widget in (("Ready to ship?", self.checks), ("Copy", self.copy_panel),
                              ("Selected", self.style_panel),
                              ("Picture and scrim", self.background_panel)):
            label = QLabel(title)
            label.setObjectName("SideTitle")
            column.addWidget(label)
            column.addWidget(widget)
            column.addSpacing(10)
        column.addStretch(1)
        self.setWidget(body)
