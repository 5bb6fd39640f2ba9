"""The AppContext: every long-lived object the app needs, built in one place (app.py).

Widgets get the context (or the parts they need) passed in; nothing reaches for globals.
The workspace (database, repositories, asset store) opens on a worker thread after the window
is visible, so `workspace` is None until `workspace_ready` has been emitted by the main window.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from brandtruth_desktop.paths import DataPaths
from brandtruth_desktop.settings import Settings, SettingsFile

if TYPE_CHECKING:
    from brandtruth_desktop.core.ports import SecretStore
    from brandtruth_desktop.storage.workspace import Workspace
    from brandtruth_desktop.ui.messages import MessageBridge
    from brandtruth_desktop.workers import JobRunner


@dataclass
class AppContext:
    """Settings, secrets, storage, the job runner and the message bridge of one running app."""

    paths: DataPaths
    settings_file: SettingsFile
    settings: Settings
    secrets: SecretStore
    runner: JobRunner
    messages: MessageBridge
    workspace: Workspace | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    def update_settings(self, **changes: Any) -> Settings:
        """Change settings and save them at once (atomically)."""
        self.settings = self.settings.with_changes(**changes)
        self.settings_file.save(self.settings)
        return self.settings

    @property
    def actor(self) -> str:
        """Who the audit log names for decisions made in this window."""
        import getpass

        return self.settings.reviewer_name or getpass.getuser()
