"""The API keys section of Settings: one row per key saying whether it is set, never its value.

When the keyring cannot keep keys across restarts, a banner at the top of the section says why
and that keys last for this session only. The keyring is read, written and cleared on the job
runner (`KeyAccess`), so the rows say "Checking…" until its first answer comes back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from brandtruth_desktop.core.ports import SecretStore, SecretStoreStatus
from brandtruth_desktop.core.secrets import API_KEYS, SecretInfo, SecretName
from brandtruth_desktop.ui.messages import MessageBridge
from brandtruth_desktop.ui.settings.key_access import KeyAccess, KeyStates, SaveOutcome
from brandtruth_desktop.ui.settings.secret_dialog import SecretDialog

if TYPE_CHECKING:
    from brandtruth_desktop.workers import JobRunner

log = logging.getLogger(__name__)

IconProvider = Callable[[str], QIcon]

SET = "Set"
NOT_SET = "Not set"
CHECKING = "Checking…"


class KeyringBanner(QFrame):
    """Says that keys last for this session only, and why."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Banner")
        self.icon = QLabel()
        self.icon.setFixedSize(20, 20)
        self.icon.setVisible(False)
        self.title = QLabel("Keys are kept for this session only")
        self.title.setObjectName("BannerTitle")
        self.detail = QLabel()
        self.detail.setObjectName("BannerDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        text = QVBoxLayout()
        text.setContentsMargins(0, 0, 0, 0)
        text.setSpacing(4)
        text.addWidget(self.title)
        text.addWidget(self.detail)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 10, 12, 10)
        row.setSpacing(10)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text, 1)

    def show_status(self, status: SecretStoreStatus) -> None:
        self.detail.setText(status.problem)
        self.setAccessibleDescription(status.problem)
        self.setVisible(not status.persistent)

    def set_icon(self, icon: QIcon) -> None:
        self.icon.setPixmap(icon.pixmap(20, 20))
        self.icon.setVisible(True)


class KeyRow:
    """The widgets of one key's row: name, help, status, Set key… and Remove."""

    def __init__(self, info: SecretInfo) -> None:
        self.info = info
        self.name = QLabel(info.label)
        self.name.setObjectName("KeyName")
        self.help = QLabel(info.help)
        self.help.setWordWrap(True)
        self.help.setProperty("muted", True)
        self.status = QLabel()
        self.status.setObjectName("KeyStatus")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setMinimumWidth(72)
        self.set_button = QPushButton("Set key…")
        self.set_button.setAccessibleName(f"Set {info.label}")
        self.set_button.setToolTip(f"Enter or replace your {info.label}")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setAccessibleName(f"Remove {info.label}")
        self.remove_button.setToolTip(f"Forget your {info.label} and remove it from the keyring")
        # Until the keyring answers nobody knows: "Not set" here could be wrong.
        self.status.setText(CHECKING)
        self.status.setAccessibleName(f"{info.label}: {CHECKING}")
        self.remove_button.setEnabled(False)

    def show_set(self, is_set: bool) -> None:
        self.status.setText(SET if is_set else NOT_SET)
        self.status.setProperty("state", "set" if is_set else "unset")
        self.status.setAccessibleName(f"{self.info.label}: {SET if is_set else NOT_SET}")
        self.remove_button.setEnabled(is_set)
        # Red only while it can be pressed, so a disabled Remove does not look live.
        self.remove_button.setProperty("danger", is_set)
        for widget in (self.status, self.remove_button):
            widget.style().unpolish(widget)
            widget.style().polish(widget)


class ApiKeysSection(QGroupBox):
    """Lists the keys the app uses and lets the person set or remove each one.

    Signals:
        secrets_changed(): a key was set or removed, or the keyring's state changed; the main
            window refreshes its status bar.
    """

    secrets_changed = Signal()

    def __init__(
        self,
        store: SecretStore,
        runner: JobRunner,
        messages: MessageBridge,
        keys: tuple[SecretInfo, ...] = API_KEYS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("API keys", parent)
        self.setObjectName("ApiKeysSection")
        self._access = KeyAccess(store, runner, self, (info.name for info in keys))
        self._messages = messages
        self._status: SecretStoreStatus | None = None
        self.dialog: SecretDialog | None = None
        self.confirmation: QMessageBox | None = None

        intro = QLabel(
            "Keys are stored in your system keyring, never in BrandTruth's files or logs. "
            "Everything works without them; they make copy and imagery better."
        )
        intro.setWordWrap(True)
        intro.setProperty("muted", True)
        self.banner = KeyringBanner()
        self.banner.setVisible(False)

        grid = QGridLayout()
        grid.setContentsMargins(0, 4, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(14)
        grid.setColumnStretch(0, 1)
        self.rows: dict[SecretName, KeyRow] = {}
        for number, info in enumerate(keys):
            row = KeyRow(info)
            text = QVBoxLayout()
            text.setSpacing(2)
            text.addWidget(row.name)
            text.addWidget(row.help)
            grid.addLayout(text, number, 0)
            grid.addWidget(row.status, number, 1, Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(row.set_button, number, 2, Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(row.remove_button, number, 3, Qt.AlignmentFlag.AlignVCenter)
            row.set_button.clicked.connect(lambda _=False, i=info: self.ask_for_key(i))
            row.remove_button.clicked.connect(lambda _=False, i=info: self.confirm_remove(i))
            self.rows[info.name] = row

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 20, 16, 16)
        layout.setSpacing(12)
        layout.addWidget(self.banner)
        layout.addWidget(intro)
        layout.addLayout(grid)

    # -- reading -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Ask which keys are set and whether the keyring keeps them; shown when it answers."""
        self._access.read(self._show_states)

    def _show_states(self, states: KeyStates) -> None:
        for name, row in self.rows.items():
            row.show_set(name in states.set_names)
        self._show_status(states.status)

    def _show_status(self, status: SecretStoreStatus) -> None:
        changed = self._status is not None and status != self._status
        self._status = status
        self.banner.show_status(status)
        if changed:
            self.secrets_changed.emit()

    def set_icons(self, icons: IconProvider) -> None:
        self.banner.set_icon(icons("warning"))
        for row in self.rows.values():
            row.set_button.setIcon(icons("key"))

    # -- setting -------------------------------------------------------------------------------
    def ask_for_key(self, info: SecretInfo) -> SecretDialog:
        """Open the key dialog (window-modal, non-blocking); saving happens when it is accepted."""
        if self.dialog is not None:
            self.dialog.raise_()
            return self.dialog
        dialog = SecretDialog(info, self)
        dialog.finished.connect(lambda result: self._dialog_finished(dialog, result))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_finished(self, dialog: SecretDialog, result: int) -> None:
        value = dialog.value() if result == SecretDialog.DialogCode.Accepted else ""
        dialog.clear()
        self.dialog = None
        dialog.deleteLater()
        if value:
            self.save_key(dialog.info, value)

    def save_key(self, info: SecretInfo, value: str) -> None:
        """Save on the runner; the row, the banner and the status bar follow its answer."""
        self._access.save(info.name, value,
                          on_done=lambda outcome: self._saved(info, outcome),
                          on_failure=lambda error: self._save_failed(info, error))

    def _saved(self, info: SecretInfo, outcome: SaveOutcome) -> None:
        # Answers come in order, so the status shown is the one from before this save.
        was_persistent = self._status is None or self._status.persistent
        self._show_states(outcome.states)
        status = outcome.states.status
        if outcome.persistent:
            self._messages.info(f"{info.label} saved to the system keyring")
        else:
            self._messages.info(f"{info.label} kept for this session only")
            if was_persistent and not status.persistent:
                self._messages.show_warning(f"{info.label} kept for this session only",
                                            status.problem)
        self.secrets_changed.emit()

    def _save_failed(self, info: SecretInfo, error: BaseException) -> None:
        # ValueError says the key was empty; anything else is the store's own words.
        self._messages.show_error(f"{info.label} not saved", str(error) or type(error).__name__)

    # -- removing ------------------------------------------------------------------------------
    def confirm_remove(self, info: SecretInfo) -> QMessageBox:
        """Ask before removing (window-modal, non-blocking)."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(f"Remove {info.label}?")
        box.setText(f"Remove your {info.label} from BrandTruth and the system keyring?")
        box.setInformativeText("You can set it again at any time.")
        remove = box.addButton("&Remove", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.finished.connect(lambda _result: self._confirmation_finished(box, remove, info))
        self.confirmation = box
        box.open()
        return box

    def _confirmation_finished(
        self, box: QMessageBox, remove: QPushButton, info: SecretInfo
    ) -> None:
        confirmed = box.clickedButton() == remove
        self.confirmation = None
        box.deleteLater()
        if confirmed:
            self.remove_key(info)

    def remove_key(self, info: SecretInfo) -> None:
        """Remove on the runner; the row and the status bar follow its answer."""
        self._access.remove(info.name,
                            on_done=lambda states: self._removed(info, states),
                            on_failure=lambda error: self._remove_failed(info, error))

    def _removed(self, info: SecretInfo, states: KeyStates) -> None:
        self._messages.info(f"{info.label} removed")
        self._show_states(states)
        self.secrets_changed.emit()

    def _remove_failed(self, info: SecretInfo, error: BaseException) -> None:
        # The store's own error says what to do.
        log.warning("removing %s failed: %s", info.name, error)
        self._messages.show_error(f"{info.label} not removed", str(error))
        self.refresh()
        self.secrets_changed.emit()
