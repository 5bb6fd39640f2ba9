"""The publish panel's view of the Meta connection: who is connected, and a banner with the
way forward when publishing cannot happen yet (not connected, reconnect, lists failed).

Signals:
    settings_requested(): open Settings → Meta (connect or reconnect there).
    retry_requested(): list the ad accounts and Pages again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from brandtruth_desktop.integrations.meta.connection import MetaConnection


class ConnectionBanner(QFrame):
    """A warning banner with a title, a text and one button."""

    settings_requested = Signal()
    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Banner")
        self.title = QLabel()
        self.title.setObjectName("BannerTitle")
        self.title.setStyleSheet("font-weight: 600;")
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton()
        self.button.clicked.connect(self._clicked)
        self._action = "settings"
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.title)
        text.addWidget(self.detail)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 8)
        row.addLayout(text, 1)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.setVisible(False)

    def show_message(self, title: str, detail: str, button: str = "Open Settings → Meta",
                     action: str = "settings") -> None:
        self.title.setText(title)
        self.detail.setText(detail)
        self.button.setText(button)
        self._action = action
        self.setVisible(True)

    def _clicked(self) -> None:
        if self._action == "retry":
            self.retry_requested.emit()
        else:
            self.settings_requested.emit()


def describe_connection(connection: MetaConnection | None, has_token: bool) -> tuple[str, str]:
    """(the pill's text, its tooltip) for the panel's header."""
    if connection is None:
        return ("Checking the Meta connection…", "") if has_token else (
            "○ Not connected to Meta", "Connect in Settings → Meta")
    if connection.usable:
        who = connection.user_name or connection.user_id or "Meta"
        return f"● Connected as {who}", connection.message
    if connection.state.value == "not_connected":
        return "○ Not connected to Meta", connection.message
    if connection.state.value == "unreachable":
        return "● Connected (Meta not reachable)", connection.message
    return "● Reconnect needed", connection.message
