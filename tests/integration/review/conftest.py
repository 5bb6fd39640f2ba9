"""Fixtures for the export and command-line tests: a workspace holding the demo campaign."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from review_support import copy_workspace, demo_template

from brandtruth_desktop.paths import DataPaths
from brandtruth_desktop.storage.review import SqlReviewRepository, review_repository
from brandtruth_desktop.storage.workspace import Workspace, open_workspace


@pytest.fixture
def demo_paths(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[DataPaths, int]:
    """A fresh copy of the demo campaign's workspace and the campaign's id."""
    folder, campaign_id = demo_template(tmp_path_factory.getbasetemp())
    return copy_workspace(folder, tmp_path / "workspace"), campaign_id


@pytest.fixture
def demo(demo_paths: tuple[DataPaths, int]) -> Iterator[tuple[Workspace, int]]:
    paths, campaign_id = demo_paths
    workspace = open_workspace(paths)
    try:
        yield workspace, campaign_id
    finally:
        workspace.close()


@pytest.fixture
def repository(demo: tuple[Workspace, int]) -> SqlReviewRepository:
    return review_repository(demo[0])
