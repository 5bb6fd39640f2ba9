"""Export approved… from the Review screen: a message when nothing is approved, the ZIP as a
job with progress, and a cancel that leaves no file."""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

import brandtruth_desktop.review_export as review_export
from brandtruth_desktop.ui.review.export_dialog import ExportDialog


@pytest.fixture
def answer_export(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """The export dialog accepts at once, saving to tmp_path/approved.zip."""
    target = tmp_path / "exports" / "approved.zip"
    shown: list[ExportDialog] = []

    def exec_dialog(dialog: ExportDialog) -> int:
        shown.append(dialog)
        dialog.path_edit.setText(str(target))
        return int(ExportDialog.DialogCode.Accepted)

    monkeypatch.setattr(ExportDialog, "exec", exec_dialog)
    return target, shown


def test_nothing_approved_is_said_not_exported(review_app, dialogs, answer_export) -> None:
    app = review_app()
    target, shown = answer_export
    app.screen.export_button.click()
    assert dialogs.shown == [("Nothing to export", "No ad of “Otterdesk spring” is approved "
                              "yet. Approve ads with A (or the Approve button), then export "
                              "them.")]
    assert shown == [] and not target.exists()


def test_ctrl_e_exports_the_approved_ads_as_a_job(review_app, qtbot, answer_export) -> None:
    app = review_app()
    screen, view = app.screen, app.screen.view
    target, shown = answer_export
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_A)
    qtbot.keyClick(view, Qt.Key.Key_A)  # exported at once: the export waits for this write
    with qtbot.waitSignal(app.context.messages.status, timeout=20000,
                          check_params_cb=lambda text, _ms: text.startswith("Exported")):
        qtbot.keyClick(view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert [d.formats() for d in shown] == [["1:1", "9:16"]]
    with zipfile.ZipFile(target) as archive:
        images = [n for n in archive.namelist() if n.endswith(".jpg")]
    assert len(images) == 4
    assert app.window.statusBar().currentMessage().startswith("Exported 2 approved ads")
    assert screen.export_button.isEnabled()


def test_cancelling_an_export_leaves_no_file(review_app, qtbot, answer_export,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    app = review_app()
    screen = app.screen
    target, _shown = answer_export
    screen.view.setFocus()
    qtbot.keyClick(screen.view, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: not screen.session.writer.busy, timeout=10000)
    started, release = threading.Event(), threading.Event()
    real_add = review_export._add

    def slow_add(*args, **options):
        started.set()
        release.wait(10)
        real_add(*args, **options)

    monkeypatch.setattr(review_export, "_add", slow_add)
    screen.export_approved()
    qtbot.waitUntil(started.is_set, timeout=10000)
    assert not screen.export_button.isEnabled()
    with qtbot.waitSignal(app.context.messages.status, timeout=10000,
                          check_params_cb=lambda text, _ms: text.startswith("Export cancel")):
        screen.export_job.cancel()
        release.set()
    assert not target.exists()
    assert list(target.parent.iterdir()) == []
    assert app.window.statusBar().currentMessage() == "Export cancelled; no file was written."
    assert screen.export_button.isEnabled()
