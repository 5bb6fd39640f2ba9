"""Settings that are not secret, kept as JSON in the data folder.

Secrets never come here (DESIGN.md decision 7): they live in the OS keyring, and a test checks
this file after a key was entered in Settings.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

THEMES = ("system", "light", "dark")


@dataclass(frozen=True, slots=True)
class Settings:
    """Every user-visible setting, with its default. The README lists them all."""

    reviewer_name: str = ""
    theme: str = "system"
    respect_robots_txt: bool = True
    anthropic_model: str = "claude-haiku-4-5"
    anthropic_base_url: str = ""
    pexels_base_url: str = "https://api.pexels.com"
    unsplash_base_url: str = "https://api.unsplash.com"
    meta_graph_url: str = "https://graph.facebook.com"
    meta_graph_version: str = ""  # "" = the facebook-business SDK's version
    meta_app_id: str = ""  # the person's own Meta app (not secret; its secret is in the keyring)
    window_geometry: str = ""
    window_state: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    enrich_with_claude: bool = False

    def with_changes(self, **changes: Any) -> Settings:
        """A copy with some fields changed."""
        return replace(self, **changes)


class SettingsFile:
    """Loads and saves `Settings` atomically; a damaged file is kept aside, never overwritten."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problem = ""

    def load(self) -> Settings:
        if not self.path.exists():
            return Settings()
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict):
                raise ValueError("not a JSON object")
        except (OSError, ValueError) as error:
            aside = self.path.with_suffix(".damaged.json")
            try:
                os.replace(self.path, aside)
            except OSError:
                aside = self.path
            self.problem = (
                f"Settings could not be read ({error}); defaults are in use. "
                f"The old file was kept as {aside.name}."
            )
            return Settings()
        known = {f.name for f in fields(Settings)}
        values = {k: v for k, v in raw.items() if k in known}
        values["extra"] = {k: v for k, v in raw.items() if k not in known}
        if values.get("theme") not in THEMES:
            values["theme"] = "system"
        if not isinstance(values.get("enrich_with_claude", False), bool):
            values["enrich_with_claude"] = False  # only a real `true` sends pages to Anthropic
        return Settings(**values)

    def save(self, settings: Settings) -> None:
        data = asdict(settings)
        extra = data.pop("extra")
        data.update(extra)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=2, sort_keys=True)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
