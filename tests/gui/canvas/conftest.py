"""The canvas editor on a copy of the demo campaign (made by the real pipeline, offline)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from canvas_support import EditorApp
from review_support import copy_workspace, demo_template

from brandtruth_desktop.logging_setup import shutdown_logging


@pytest.fixture
def editor_app(qtbot, qapp, memory_keyring, tmp_path: Path,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[EditorApp]:
    folder, campaign_id = demo_template(tmp_path_factory.getbasetemp())
    paths = copy_workspace(folder, tmp_path / "workspace")
    app = EditorApp(paths, campaign_id, qtbot, memory_keyring)
    yield app
    # Each editor stored what was left before pytest-qt closed it (EditorApp.finish).
    for context in app.contexts:
        context.runner.shutdown()
        if context.workspace is not None:
            context.workspace.close()
    shutdown_logging()
