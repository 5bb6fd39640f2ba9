"""The editor opened from the review grid (E) through the main window's wiring: its saved
edit shows in the grid's row."""

from __future__ import annotations

from pathlib import Path

import pytest
from canvas_support import wait_preview
from PySide6.QtCore import Qt
from review_support import copy_workspace, demo_template
from shiboken6 import isValid

from brandtruth_desktop.core.models import VariantStatus
from brandtruth_desktop.settings import Settings, SettingsFile
from brandtruth_desktop.ui.review.canvas import EditorWindow


def test_e_in_the_grid_opens_the_editor_and_an_edit_refreshes_the_row(
        start_app, qtbot, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder, campaign_id = demo_template(tmp_path_factory.getbasetemp())
    paths = copy_workspace(folder, tmp_path / "workspace")
    SettingsFile(paths.settings_file).save(Settings(reviewer_name="Dana", theme="light"))
    running = start_app(paths)
    window, screen = running.window, running.window.review
    with qtbot.waitSignal(screen.campaign_opened, timeout=10000):
        window.open_review(campaign_id)
    first = screen.model.row_at(0)
    screen.view.setFocus()
    qtbot.keyClick(screen.view, Qt.Key.Key_E)  # MainWindow.open_editor does the wiring
    opened = window.findChildren(EditorWindow)
    assert len(opened) == 1
    editor = opened[0].editor
    qtbot.waitUntil(lambda: editor.document is not None, timeout=15000)
    wait_preview(qtbot, editor)
    assert editor.variant_id == first.variant_id and editor.format == "1:1"
    # Asking again raises the same window.
    qtbot.keyClick(screen.view, Qt.Key.Key_E)
    assert window.findChildren(EditorWindow) == opened

    editor.copy_panel.headline.selectAll()
    qtbot.keyClicks(editor.copy_panel.headline, "One planner for the whole team")
    qtbot.waitUntil(lambda: screen.model.row_at(0).headline == "One planner for the whole "
                    "team", timeout=10000)
    assert screen.model.row_at(0).status is VariantStatus.EDITED
    assert screen.model.row_at(0).formats["1:1"].revision == 2
    opened[0].close()
    qtbot.waitUntil(lambda: not isValid(opened[0]), timeout=15000)
