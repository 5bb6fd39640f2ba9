"""Fixtures for the review screen: the real app on a copy of a campaign the pipeline made."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from review_support import copy_workspace, demo_template

from brandtruth_desktop.paths import DataPaths
from brandtruth_desktop.settings import Settings, SettingsFile
from brandtruth_desktop.ui.review.screen import ReviewScreen


@dataclass
class ReviewApp:
    """A running app with the demo campaign open on the Review screen."""

    running: object  # tests/gui/conftest.py's RunningApp
    paths: DataPaths
    campaign_id: int

    @property
    def window(self):  # type: ignore[no-untyped-def]
        return self.running.window  # type: ignore[attr-defined]

    @property
    def context(self):  # type: ignore[no-untyped-def]
        return self.running.context  # type: ignore[attr-defined]

    @property
    def screen(self) -> ReviewScreen:
        return self.window.review  # type: ignore[no-any-return]

    @property
    def workspace(self):  # type: ignore[no-untyped-def]
        return self.context.workspace


@pytest.fixture
def demo_paths(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[DataPaths, int]:
    folder, campaign_id = demo_template(tmp_path_factory.getbasetemp())
    return copy_workspace(folder, tmp_path / "workspace"), campaign_id


@pytest.fixture
def review_app(start_app, demo_paths, qtbot) -> Callable[..., ReviewApp]:
    """Start the app on the demo campaign and open it for review (reviewer "Dana" unless
    `reviewer` says otherwise; "" leaves the name to be asked)."""

    def start(*, reviewer: str = "Dana", prepare: Callable[[DataPaths, int], None] | None = None
              ) -> ReviewApp:
        paths, campaign_id = demo_paths
        SettingsFile(paths.settings_file).save(Settings(reviewer_name=reviewer, theme="light"))
        if prepare is not None:
            prepare(paths, campaign_id)
        running = start_app(paths)
        app = ReviewApp(running, paths, campaign_id)
        with qtbot.waitSignal(app.screen.campaign_opened, timeout=10000):
            app.window.open_review(campaign_id)
        return app

    return start

