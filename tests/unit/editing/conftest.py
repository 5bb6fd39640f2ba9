"""A workspace holding the demo campaign (built once per session, copied for each test)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from review_support import copy_workspace, demo_template

from brandtruth_desktop.storage.workspace import Workspace, open_workspace


@pytest.fixture
def demo(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
         ) -> Iterator[tuple[Workspace, int]]:
    folder, campaign_id = demo_template(tmp_path_factory.getbasetemp())
    workspace = open_workspace(copy_workspace(folder, tmp_path / "workspace"))
    try:
        yield workspace, campaign_id
    finally:
        workspace.close()
