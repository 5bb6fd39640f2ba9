"""Fixtures for the integration tests that talk to our fake Meta Graph API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fake_graph import FakeGraph

from brandtruth_desktop.paths import DataPaths
from brandtruth_desktop.storage.workspace import Workspace, open_workspace


@pytest.fixture
def fake_graph() -> Iterator[FakeGraph]:
    with FakeGraph() as fake:
        yield fake


@pytest.fixture
def workspace(data_paths: DataPaths) -> Iterator[Workspace]:
    opened = open_workspace(data_paths)
    try:
        yield opened
    finally:
        opened.close()
