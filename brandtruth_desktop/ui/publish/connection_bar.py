"""The publish panel's view of the Meta connection: who is connected, a banner with the way
forward when publishing cannot happen yet (not connected, reconnect, lists failed), and the
question asked before anything is created in Meta.

Signals:
    settings_requested(): open Settings → Meta (connect or reconnect there).
    retry_requested(): list the ad accounts and Pages again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from brandtruth_desktop.ui.meta_session import tone_colour

if TYPE_CHECKING:
    from brandtruth_desktop.integrations.meta.connection import MetaConnection
    from brandtruth_desktop.ui.publish.jobs import CheckReport


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

    def show_connection(self, connection: MetaConnection | None, has_token: bool, *,
                        busy: bool = False) -> None:
        """The banner for this connection: how to connect or reconnect, or none at all
        (`busy`: ad accounts are being listed; leave a listing problem shown until then)."""
        if connection is None:
            if not has_token:
                self.show_message(
                    "Not connected to Meta",
                    "Connect your Meta account to list your ad accounts and Pages and to "
                    "publish. You can fill in everything and check the plan meanwhile.",
                    "Connect in Settings → Meta")
            return
        state = connection.state.value
        if state == "expiring":
            self.show_message("Your Meta login expires soon", connection.message)
        elif connection.usable:
            if not busy:
                self.setVisible(False)
        elif state == "unreachable":
            self.show_message("Meta could not be reached", connection.message, "Try again",
                              "retry")
        elif state == "reconnect":
            self.show_message("Reconnect to Meta", connection.message,
                              "Reconnect in Settings → Meta")
        else:
            self.show_message("Not connected to Meta", connection.message,
                              "Connect in Settings → Meta")

    def _clicked(self) -> None:
        if self._action == "retry":
            self.retry_requested.emit()
        else:
            self.settings_requested.emit()


def paint_pill(label: QLabel, connection: MetaConnection | None, has_token: bool,
               dark: bool) -> None:
    """Who is connected, in the connection state's colour."""
    text, tip = describe_connection(connection, has_token)
    state = connection.state.value if connection is not None else (
        "checking" if has_token else "not_connected")
    label.setText(text)
    label.setToolTip(tip)
    label.setStyleSheet(f"color: {tone_colour(state, dark)}; font-weight: 600;")


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


def publish_question(parent: QWidget, report: CheckReport, account: str
                     ) -> tuple[QMessageBox, QPushButton]:
    """The "Publish to Meta?" box for a checked plan, and its Publish button."""
    plan = report.plan
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Publish to Meta?")
    ads = len(plan.ads)
    box.setText(f"Create {ads} ad{'s' if ads != 1 else ''} for “{plan.campaign_name}” in "
                f"{account}?")
    details = ["Everything is created PAUSED: nothing spends until you switch it on in Meta "
               "Ads Manager."]
    if report.resumption is not None:
        details.append(report.resumption.describe())
    elif report.published_before is not None:
        details.append("This campaign was already published to this ad account; this creates "
                       "a second copy.")
    box.setInformativeText("\n\n".join(details))
    publish = box.addButton("&Publish", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(publish)
    box.setEscapeButton(cancel)
    return box, publish
