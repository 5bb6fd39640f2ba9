"""Help → Check workspace: a real background job with progress, cancel and a verdict."""

from __future__ import annotations

import threading

import pytest

from brandtruth_desktop.core.jobs import Cancelled, Progress, run_stage
from brandtruth_desktop.storage.integrity import check_workspace


def store_files(workspace, count: int) -> list[str]:
    hashes = []
    for number in range(count):
        asset = workspace.assets.put_bytes(
            f"image {number}".encode(), kind="image", mime_type="image/png"
        )
        workspace.asset_records.record(asset)
        hashes.append(asset.sha256)
    return hashes


def test_check_finds_damaged_and_missing_files(start_app, data_paths, qtbot, dialogs) -> None:
    app = start_app(data_paths)
    workspace = app.context.workspace
    hashes = store_files(workspace, 5)
    workspace.assets.path_for(hashes[1]).write_bytes(b"edited by hand")
    workspace.assets.path_for(hashes[3]).unlink()

    with qtbot.waitSignal(app.context.runner.succeeded, timeout=10000):
        app.window.check_action.trigger()
    qtbot.waitUntil(lambda: bool(dialogs.shown))
    title, text = dialogs.shown[-1]
    assert title == "Workspace check"
    assert "1 stored file(s) are missing" in text
    assert "1 stored file(s) no longer match" in text
    qtbot.waitUntil(app.window.check_action.isEnabled)


def test_a_healthy_workspace_says_so_in_the_status_bar(start_app, data_paths, qtbot) -> None:
    app = start_app(data_paths)
    store_files(app.context.workspace, 3)
    with qtbot.waitSignal(app.context.runner.succeeded, timeout=10000):
        app.window.check_action.trigger()
    qtbot.waitUntil(lambda: "all 3 stored files match" in app.window.statusBar().currentMessage())


def test_the_check_shows_progress_and_cancels_from_the_status_bar(
    start_app, data_paths, qtbot, monkeypatch
) -> None:
    app = start_app(data_paths)
    workspace = app.context.workspace
    store_files(workspace, 4)
    release = threading.Event()
    original_verify = workspace.assets.verify

    def slow_verify(sha256: str) -> bool:
        release.wait(5)  # hold the job on its first file until the test has looked
        return original_verify(sha256)

    monkeypatch.setattr(workspace.assets, "verify", slow_verify)
    indicator = app.window.jobs_indicator
    with qtbot.waitSignal(app.context.runner.started, timeout=5000):
        app.window.check_action.trigger()
    qtbot.waitUntil(indicator.isVisible)
    assert not app.window.check_action.isEnabled()
    assert "Checking workspace" in indicator.row.title_label.text()
    cancel = indicator.row.cancel_button
    with qtbot.waitSignal(app.context.runner.cancelled, timeout=10000):
        cancel.click()
        release.set()
    qtbot.waitUntil(lambda: not indicator.isVisible())
    qtbot.waitUntil(lambda: "cancelled" in app.window.statusBar().currentMessage())
    assert app.window.check_action.isEnabled()


def test_the_check_stops_at_the_next_file_when_cancelled(start_app, data_paths) -> None:
    app = start_app(data_paths)
    store_files(app.context.workspace, 6)
    seen: list[Progress] = []
    with pytest.raises(Cancelled):
        run_stage(check_workspace(app.context.workspace), seen.append,
                  should_cancel=lambda: len(seen) >= 3)
    assert [p.done for p in seen] == [0, 1, 2]
