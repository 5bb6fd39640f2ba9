"""Fixtures for Settings → Meta and the publish panel: the real app, our fake Graph API (from
tests/integration), and a demo campaign made by the real pipeline with some ads approved."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from publish_support import APP_ID, SYSTEM_TOKEN, VERSION, GatedGraph
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from review_support import copy_workspace, demo_template

from brandtruth_desktop.core.models import VariantStatus
from brandtruth_desktop.paths import DataPaths
from brandtruth_desktop.settings import Settings, SettingsFile
from brandtruth_desktop.storage.review import review_repository
from brandtruth_desktop.storage.workspace import open_workspace


@pytest.fixture
def fake_graph() -> Iterator[GatedGraph]:
    with GatedGraph(token=SYSTEM_TOKEN) as fake:
        yield fake
        fake.release()


@dataclass
class Browser:
    """Addresses the app asked the system browser to open."""

    opened: list[str] = field(default_factory=list)


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Browser:
    record = Browser()

    def open_url(url: QUrl) -> bool:
        record.opened.append(url.toString())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    return record


@pytest.fixture
def meta_settings(fake_graph: GatedGraph, monkeypatch: pytest.MonkeyPatch
                  ) -> Callable[[DataPaths], None]:
    """Write settings that point the app at the fake Graph API."""
    monkeypatch.delenv("BRANDTRUTH_GRAPH_URL", raising=False)
    monkeypatch.delenv("BRANDTRUTH_GRAPH_VERSION", raising=False)

    def write(paths: DataPaths, **changes: Any) -> None:
        SettingsFile(paths.settings_file).save(Settings(
            reviewer_name="Dana", theme="light", meta_graph_url=fake_graph.base_url,
            meta_graph_version=VERSION, meta_app_id=changes.pop("meta_app_id", APP_ID),
            **changes))

    return write


@dataclass
class DemoCampaign:
    paths: DataPaths
    campaign_id: int
    approved: list[str]
    pending: list[str]
    rejected: list[str]


@pytest.fixture
def demo_campaign(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> DemoCampaign:
    """The demo brand's campaign (real pipeline, offline; 1:1 and 9:16) with two ads
    approved, one rejected with a reason, the rest not reviewed."""
    folder, campaign_id = demo_template(tmp_path_factory.getbasetemp())
    paths = copy_workspace(folder, tmp_path / "workspace")
    workspace = open_workspace(paths)
    try:
        ids = [v.id for v in workspace.content.variants(campaign_id)]
        review = review_repository(workspace)
        review.decide(campaign_id, ids[:2], VariantStatus.APPROVED, actor="Dana")
        review.decide(campaign_id, ids[2:3], VariantStatus.REJECTED, actor="Dana",
                      reason="too pushy")
    finally:
        workspace.close()
    return DemoCampaign(paths, campaign_id, ids[:2], ids[3:], ids[2:3])
