"""The Settings screen: reviewer, appearance, privacy and API keys (kept in the OS keyring)."""

from brandtruth_desktop.ui.settings.page import SettingsPage
from brandtruth_desktop.ui.settings.secret_dialog import SecretDialog

__all__ = ["SecretDialog", "SettingsPage"]
