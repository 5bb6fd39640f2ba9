"""Nothing is lost: edits autosave as layout revisions within a second, survive a crash, are
audited, can be reverted to the generated ad, and the grid gets a fresh render of them."""

from __future__ import annotations

from canvas_support import EditorApp, box_centre, drag, wait_preview
from PySide6.QtCore import QPoint
from shiboken6 import isValid

from brandtruth_desktop.core.compose import LayoutSpec
from brandtruth_desktop.core.editing import box_of
from brandtruth_desktop.core.models import VariantStatus
from brandtruth_desktop.storage.editing import EDIT_ACTION, REVERT_ACTION
from brandtruth_desktop.storage.workspace import open_workspace
from brandtruth_desktop.ui.review.canvas import EditorWindow


def test_an_autosaved_edit_survives_a_crash(qtbot, editor_app: EditorApp) -> None:
    editor = editor_app.open()
    variant_id = editor.variant_id
    editor.canvas.snapping = False
    _box, centre = box_centre(editor, "headline")
    with qtbot.waitSignal(editor.autosaved, timeout=5000):
        drag(qtbot, editor.canvas, centre, centre + QPoint(-30, -120))
    moved = box_of(editor.document.spec, "headline")
    # The crash: this process stops here, its editor never closed or finished. What a new
    # process finds in the same data folder is what counts.
    reopened = open_workspace(editor_app.paths)
    try:
        record = reopened.content.latest_layout_spec(variant_id, "1:1")
        assert record is not None and record.revision == 2
        assert box_of(LayoutSpec.from_record(record), "headline") == moved
    finally:
        reopened.close()
    # The app starts again on the same data folder: the editor opens with the edit.
    restarted = editor_app.start()
    again = editor_app.open(context=restarted)
    assert box_of(again.document.spec, "headline") == moved
    assert again.status is VariantStatus.EDITED


def test_an_edit_is_saved_within_a_second_with_an_audit_row(qtbot, editor_app: EditorApp
                                                             ) -> None:
    editor = editor_app.open()
    with qtbot.waitSignal(editor.autosaved, timeout=1500) as saved:
        editor.copy_panel.headline.selectAll()
        qtbot.keyClicks(editor.copy_panel.headline, "Your team's plan, in one place")
    result = saved.args[0]
    assert result.revisions == {"1:1": 2, "9:16": 2}
    qtbot.waitUntil(lambda: editor.autosaver.state == "saved")
    variant = editor_app.workspace.content.variants(editor_app.campaign_id)[0]
    assert variant.headline == "Your team's plan, in one place"
    assert variant.status is VariantStatus.EDITED
    row = editor_app.workspace.decisions.for_variant(variant.id)[-1]
    assert (row.action, row.actor) == (EDIT_ACTION, "Dana Designer")
    assert row.after["copy"]["headline"] == "Your team's plan, in one place"
    assert row.before["copy"]["headline"] != row.after["copy"]["headline"]
    assert editor.save_label.text() == "All changes saved"


def test_revert_to_generated_restores_the_copy_and_every_first_layout(
        qtbot, editor_app: EditorApp) -> None:
    editor = editor_app.open()
    generated = {key: editor_app.latest(editor.variant_id, key) for key in ("1:1", "9:16")}
    first_copy = editor.document.draft.copy
    editor.canvas.snapping = False
    _box, centre = box_centre(editor, "cta")
    drag(qtbot, editor.canvas, centre, centre + QPoint(40, -60))
    editor.copy_panel.headline.selectAll()
    qtbot.keyClicks(editor.copy_panel.headline, "Planning, shared")
    qtbot.waitUntil(lambda: editor.status is VariantStatus.EDITED, timeout=5000)
    qtbot.waitUntil(lambda: editor.autosaver.state == "saved", timeout=5000)

    editor.revert_button.click()
    assert editor.document.draft.copy == first_copy
    assert dict(editor.document.draft.specs) == generated
    qtbot.waitUntil(lambda: editor.status is VariantStatus.PENDING, timeout=5000)
    for key, spec in generated.items():
        assert editor_app.latest(editor.variant_id, key) == spec
    row = editor_app.workspace.decisions.for_variant(editor.variant_id)[-1]
    assert row.action == REVERT_ACTION and row.after["status"] == "pending"
    # Reverting is an edit like any other: undo brings the edits back.
    editor.undo_action.trigger()
    assert editor.document.draft.copy.headline == "Planning, shared"
    wait_preview(qtbot, editor)


def test_the_grid_gets_a_full_size_render_and_qa_of_the_saved_layout(
        qtbot, editor_app: EditorApp) -> None:
    editor = editor_app.open()
    changed: list[str] = []
    editor.variant_changed.connect(changed.append)
    editor.canvas.select("headline")
    editor.style_panel.set_color("color", "#FFD400")
    qtbot.waitUntil(lambda: editor.qa.get("1:1", (0, {}))[0] == 2, timeout=15000)
    renders = [r for r in editor_app.workspace.runs.renders(editor_app.campaign_id)
               if r.variant_id == editor.variant_id and r.format == "1:1"]
    assert [r.spec_revision for r in renders] == [1, 2]
    assert renders[-1].width == 1080 and renders[-1].qa["edited"] is True
    assert changed and set(changed) == {editor.variant_id}
    assert "Layout checks" in editor.checks.qa_label.text()


def test_closing_the_window_right_after_an_edit_still_stores_it(qtbot, editor_app: EditorApp
                                                                ) -> None:
    window = EditorWindow(editor_app.context, editor_app.campaign_id, editor_app.variant_id(),
                          "1:1")
    with qtbot.waitSignal(window.editor.loaded, timeout=15000):
        window.show()
    wait_preview(qtbot, window.editor)
    changed: list[str] = []
    window.variant_changed.connect(changed.append)
    window.editor.copy_panel.description.selectAll()
    qtbot.keyClicks(window.editor.copy_panel.description, "Try it free")
    window.close()
    qtbot.waitUntil(lambda: not isValid(window), timeout=15000)
    variant = editor_app.workspace.content.variants(editor_app.campaign_id)[0]
    assert variant.description == "Try it free"
    assert changed
